"""Shell completion through typer (zjtx --install-completion / --show-completion): the bash script a user
installs completes commands, and the completion protocol offers options, formats, cities, titles, measures."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
ZJTX = BIN / ("zjtx.exe" if os.name == "nt" else "zjtx")
pytestmark = pytest.mark.skipif(
    not ZJTX.exists() or shutil.which("bash") is None, reason="needs bash and an installed zjtx"
)


def _env(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("_ZJTX")}
    return env | {"PATH": f"{BIN}{os.pathsep}{env.get('PATH', '')}"} | extra


def test_bash_script_completes_ch_to_check(tmp_path):
    # the script exactly as `zjtx --show-completion` prints it in bash (typer detects the shell from its parent)
    shown = subprocess.run(
        ["bash", "-c", "zjtx --show-completion; true"], capture_output=True, text=True, env=_env(), timeout=60
    )
    assert shown.returncode == 0 and "complete " in shown.stdout, shown.stderr
    script = tmp_path / "zjtx-completion.bash"
    script.write_text(shown.stdout, encoding="utf-8")
    probe = (
        f'source "{script}"\n'
        "COMP_WORDS=(zjtx ch); COMP_CWORD=1\n"
        '"$(complete -p zjtx | sed -E "s/.*-F ([^ ]+).*/\\1/")" zjtx\n'  # the function the script registered
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, env=_env(), timeout=60)
    assert done.stdout.split() == ["check"], done.stdout + done.stderr


def _ask(**env: str) -> subprocess.CompletedProcess:
    """The installed zjtx run as a shell's completion runs it (the protocol in ``env``)."""
    return subprocess.run([str(ZJTX)], capture_output=True, text=True, timeout=60, env=_env(**env))


def complete(line: str, **env: str) -> list[str]:
    """What bash completion offers for the last word of ``line`` (the protocol the script uses)."""
    words = line.split(" ")
    out = _ask(_ZJTX_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(len(words) - 1), **env)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


@pytest.mark.parametrize(
    "line, offered",
    [
        ("zjtx ", ["check", "compare", "cities", "init", "titles", "schema", "policies", "data"]),
        ("zjtx check c.toml --exp", ["--explain"]),
        ("zjtx check c.toml --ex", ["--explain", "--exact"]),
        ("zjtx check c.toml -f j", ["json", "jsonl"]),
        ("zjtx cities -f ", ["table", "json"]),  # only what cities accepts
        ("zjtx --color a", ["auto", "always"]),
        ("zjtx policies --city wei", ["weifang"]),
        ("zjtx init --example 西", ["西宁市", "西宁"]),
        ("zjtx init --example 34", ["341300"]),
        ("zjtx check c.toml --add little", ["little_giant"]),
        ("zjtx check c.toml --add-project first", ["first_set_insurance"]),
        ("zjtx policies show xining.tech_tr", ["xining.tech_transfer"]),
    ],
)
def test_completion_offers(line, offered):
    found = complete(line)
    if line.endswith(" ") and line.count(" ") == 1:
        assert set(offered) <= set(found)
    else:
        assert found == offered


def test_completion_with_broken_policy_data_offers_nothing_and_prints_no_error(tmp_path):
    (tmp_path / "x.yaml").write_text("id: [\n", encoding="utf-8")
    line = "zjtx policies show xin"
    out = _ask(_ZJTX_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD="3", ZJTX_DATA=str(tmp_path))
    assert out.returncode == 0 and out.stdout.strip() == "" and out.stderr == ""


HOSTILE_TITLE = '"\\e]0;pwned\\a测试\\e(0措施\\u202e反"'  # YAML escapes: OSC window title, ESC ( 0, RLO


@pytest.mark.parametrize("shell", ["zsh", "fish", "powershell"])
def test_completion_help_from_data_is_escaped_like_a_table(tmp_path, shell):
    # R3-9: a measure title of --data (ZJTX_DATA) reached the terminal raw in zsh, fish and PowerShell
    # completion (OSC set the window title, ESC ( 0 switched to line drawing, U+202E reversed the line).
    (tmp_path / "x.yaml").write_text(
        'id: test-doc\ncity: "370700"\ntitle: 测试文件\nissuer: 测试机关\nwindow: {from: 2026-01-01, to: 2027-12-31}\n'
        f"measures:\n  - id: test.one\n    title: {HOSTILE_TITLE}\n    trigger: {{title: little_giant, level: national}}\n"
        "    rule: {up_to: 50万}\n    funding: municipal\n    clause: 一(一)\n    quote: 对新认定的小巨人企业给予最高50万元奖励。\n",
        encoding="utf-8",
    )
    line = "zjtx policies show test."
    out = _ask(
        _ZJTX_COMPLETE=f"complete_{shell}",
        _TYPER_COMPLETE_ARGS=line,
        _TYPER_COMPLETE_WORD_TO_COMPLETE="test.",
        _TYPER_COMPLETE_FISH_ACTION="get-args",
        ZJTX_DATA=str(tmp_path),
    )
    assert out.returncode == 0 and "test.one" in out.stdout, out.stdout + out.stderr
    assert "\x1b" not in out.stdout and "\u202e" not in out.stdout and "\x07" not in out.stdout
    assert "\\x1b]0;pwned" in out.stdout and "\\x1b(0" in out.stdout and "\\u202e" in out.stdout


def test_completion_offers_the_titles_a_document_of_zjtx_data_declares(tmp_path):
    (tmp_path / "d.yaml").write_text(
        "id: test-decl\ncity: '330500'\ntitle: 测试(虚构)\nissuer: 测试\nwindow: {from: null, to: null}\n"
        "titles:\n  - {id: enterprise_tech_center, name: 企业技术中心, levels: [national]}\n"
        "measures:\n  - {id: t.etc, title: 测试, trigger: {title: enterprise_tech_center}, rule: {amount: 1万},"
        " clause: 一, quote: 测试}\n",
        encoding="utf-8",
    )
    assert complete("zjtx check c.toml --add enterprise", ZJTX_DATA=str(tmp_path)) == ["enterprise_tech_center"]


def test_completion_offers_the_titles_of_data_given_earlier_on_the_command_line(tmp_path):
    # review of issue 20: only ZJTX_DATA's declarations were offered, never those of --data DIR on the same line
    (tmp_path / "d.yaml").write_text(
        "id: test-decl\ncity: '330500'\ntitle: 测试(虚构)\nissuer: 测试\nwindow: {from: null, to: null}\n"
        "titles:\n  - {id: enterprise_tech_center, name: 企业技术中心, levels: [national]}\n"
        "projects:\n  - {id: rd_increment, name: 研发费用增量奖励, fields: {rd_increase: 研发费用增量}}\n"
        "measures:\n  - {id: t.etc, title: 测试, trigger: {title: enterprise_tech_center}, rule: {amount: 1万},"
        " clause: 一, quote: 测试}\n",
        encoding="utf-8",
    )
    line = f"zjtx check c.toml --data {tmp_path} --add enterprise"
    assert complete(line) == ["enterprise_tech_center"]
    assert complete(f"zjtx check c.toml --data {tmp_path} --add-project rd_") == ["rd_increment"]
    assert complete(f"zjtx policies show --data {tmp_path} t.") == ["t.etc"]
