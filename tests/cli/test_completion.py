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


def complete(line: str, **env: str) -> list[str]:
    """What bash completion offers for the last word of ``line`` (the protocol the script uses)."""
    words = line.split(" ")
    out = subprocess.run(
        [str(ZJTX)],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(_ZJTX_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD=str(len(words) - 1), **env),
    )
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
    out = subprocess.run(
        [str(ZJTX)],
        capture_output=True,
        text=True,
        timeout=60,
        env=_env(_ZJTX_COMPLETE="complete_bash", COMP_WORDS=line, COMP_CWORD="3", ZJTX_DATA=str(tmp_path)),
    )
    assert out.returncode == 0 and out.stdout.strip() == "" and out.stderr == ""


def test_completion_offers_the_titles_a_document_of_zjtx_data_declares(tmp_path):
    (tmp_path / "d.yaml").write_text(
        "id: test-decl\ncity: '330500'\ntitle: 测试(虚构)\nissuer: 测试\nwindow: {from: null, to: null}\n"
        "titles:\n  - {id: enterprise_tech_center, name: 企业技术中心, levels: [national]}\n"
        "measures:\n  - {id: t.etc, title: 测试, trigger: {title: enterprise_tech_center}, rule: {amount: 1万},"
        " clause: 一, quote: 测试}\n",
        encoding="utf-8",
    )
    assert complete("zjtx check c.toml --add enterprise", ZJTX_DATA=str(tmp_path)) == ["enterprise_tech_center"]
