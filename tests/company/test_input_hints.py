"""What people type that TOML or the validator refuses gets a hint with the exact fix; `init` takes the same
spellings and edits lines like a shell (readline) at a terminal."""

import os
import select
import subprocess
import sys
import time
import tomllib

import pytest

from conftest import ROOT, run

HEAD = '[company]\nname = "某公司"\ncity = "潍坊"\n\n[[projects]]\ntype = "技改"\n'


@pytest.mark.parametrize(
    "line, hint",
    [
        ("equipment_cost = 2380万", 'put 万/亿 amounts in quotes: equipment_cost = "2380万"'),
        ("equipment_cost = 1.2亿元  # 设备", 'put 万/亿 amounts in quotes: equipment_cost = "1.2亿元"'),
        (
            "equipment_cost = 23,800,000",
            "write amounts without thousands separators, or in quotes: equipment_cost = 23800000",
        ),
    ],
)
def test_unquoted_amount_hint(write, line, hint):
    result = run("check", write(HEAD + "date = 2024-05-01\n" + line + "\n"))
    assert result.exit_code == 1 and result.stdout == ""
    (message,) = result.stderr.splitlines()
    assert "malformed TOML" in message and "line 8" in message and message.endswith(hint)


@pytest.mark.parametrize("written", ["2024/05/01", "2024/5/1", "2024年5月1日", "2024.5.1", "2024-5-1"])
def test_date_spelling_hint(write, written):
    result = run("check", write(HEAD + f'date = {written}\nequipment_cost = "100万"\n'))
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        "write dates as year-month-day with hyphens, without quotes: date = 2024-05-01"
    )


def test_quoted_date_spelling_hint(write):
    result = run("check", write(HEAD + 'date = "2024年5月1日"\nequipment_cost = "100万"\n'))
    assert result.exit_code == 1
    assert (
        'projects[0].date: expected a date such as 2024-07-15, got "2024年5月1日"; write it as date = 2024-05-01'
        in result.stderr
    )


def test_unquoted_amounts_in_a_list_hint(write):
    text = HEAD.replace("技改", "技改投产") + 'date = 2022-06-30\nnew_local_revenue = [100万, "120万", 1.5亿]\n'
    result = run("check", write(text))
    assert result.exit_code == 1
    assert result.stderr.strip().endswith(
        'put 万/亿 amounts in quotes: new_local_revenue = ["100万", "120万", "1.5亿"]'
    )


def test_list_hint_shows_the_users_text_safely(write):
    text = HEAD.replace("技改", "技改投产") + 'date = 2022-06-30\nnew_local_revenue = [100万, "\u202eab"]\n'
    result = run("check", write(text))
    assert result.exit_code == 1 and "\u202e" not in result.stderr
    assert result.stderr.strip().endswith('new_local_revenue = ["100万", "\\u202eab"]')


def test_no_hint_for_an_impossible_date(write):
    result = run("check", write(HEAD + 'date = 2024/13/01\nequipment_cost = "100万"\n'))
    assert result.exit_code == 1 and "malformed TOML" in result.stderr and "write dates" not in result.stderr


def test_init_takes_dates_with_slashes_and_chinese_names(tmp_path):
    path = tmp_path / "new.toml"
    answers = [
        "某公司",
        "日照",
        "",
        "",
        "省级专精特新中小企业",
        "2024年7月15日",
        "n",
        "n",
        "y",
        "首台套",
        "",
        "2025/6/1",
        "80万",
        "n",
    ]
    result = run("init", str(path), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["recognitions"][0]["level"] == "provincial" and data["recognitions"][0]["title"] == "zjtx_sme"
    assert data["recognitions"][0]["date"].isoformat() == "2024-07-15"
    assert data["projects"][0] == {
        "type": "first_set_insurance",
        "date": data["projects"][0]["date"],
        "premium": "80万",
    }
    assert data["projects"][0]["date"].isoformat() == "2025-06-01"
    assert run("check", str(path), "--json").exit_code == 0


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_init_line_editing_at_a_terminal(tmp_path):
    pytest.importorskip("readline")
    import pty

    path = tmp_path / "new.toml"
    master, slave = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zjtx", "init", str(path)],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    seen = b""

    def answer(prompt: str, keys: str) -> None:
        nonlocal seen
        deadline = time.monotonic() + 30
        while prompt.encode() not in seen:
            ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, seen.decode(errors="replace")
            seen += os.read(master, 4096)
        seen = seen[seen.index(prompt.encode()) + 1 :]
        os.write(master, keys.encode())

    try:
        answer("公司名称", "测试\x1b[D甲\r")  # left arrow, then type: 测甲试 (without readline: 测试^[[D甲)
        answer("所在城市", "潍坊\r")
        answer("区县", "\r")
        answer("add a recognition", "n\r")
        answer("add a project", "n\r")
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    assert tomllib.loads(path.read_text(encoding="utf-8"))["company"]["name"] == "测甲试"
