"""`zjtx data draft` through the CLI, as a user runs it: input (encodings, hostile files), output (stdout,
-o through the safe writer), and a draft from text to `data check` and `check`: it validates, computes and
says it is a draft everywhere an award is shown."""

from __future__ import annotations

import json
import os
import stat
import textwrap
from pathlib import Path

import pytest

from zjtx.policy import safeyaml

from conftest import run, spawn, yuan

TEXT = textwrap.dedent(
    """\
    嘉兴市人民政府关于支持专精特新企业发展的若干意见

    嘉政发〔2026〕4号

    各县(市、区)人民政府,市政府各部门:

    嘉兴市人民政府
    2026年2月1日

    一、对新认定的国家级专精特新"小巨人"企业,给予一次性奖励100万元,由市、县(市、区)两级财政按1:1比例分担。
    二、对新认定的省级专精特新中小企业,给予最高30万元奖励。
    三、市财政每年安排不超过500万元资金,用于建设中小企业服务中心。
    四、本意见所需资金除另有规定外,由市级财政承担。本意见自2026年3月1日起施行,有效期至2028年12月31日。
    """
)
# 一: 100万 fixed, shared 1:1 by the city and the county; 二: 最高30万, the city pays (四); 三: a budget.
COMPANY = textwrap.dedent(
    """\
    [company]
    name = "嘉兴测试科技有限公司"
    city = "嘉兴"

    [[recognitions]]
    title = "little_giant"
    level = "national"
    date = 2026-06-01

    [[recognitions]]
    title = "zjtx_sme"
    level = "provincial"
    date = 2026-05-01
    """
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "jiaxing.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


def _draft(folder: Path, *extra: str) -> dict:
    out = folder / "jiaxing.yaml"
    result = run("data", "draft", str(folder / "jiaxing.txt"), "--city", "嘉兴", "-o", str(out), *extra)
    assert result.exit_code == 0, result.stderr
    doc, _ = safeyaml.load(out.read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    return doc


def test_a_draft_names_its_source_document_and_measures(folder):
    doc = _draft(folder)
    assert (doc["id"], doc["city"], doc["number"], str(doc["issued"])) == (
        "jiaxing-2026-4",
        "330400",
        "嘉政发〔2026〕4号",
        "2026-02-01",
    )
    assert (str(doc["window"]["from"]), str(doc["window"]["to"])) == ("2026-03-01", "2028-12-31")
    assert doc["source"] == "jiaxing.txt" and doc["funding"] == "municipal"
    rules = [(m["trigger"], m["rule"], m.get("funding")) for m in doc["measures"]]
    assert rules == [
        ({"title": "little_giant", "level": "national"}, {"amount": "100万"}, {"municipal": "1/2", "county": "1/2"}),
        ({"title": "zjtx_sme", "level": "provincial"}, {"up_to": "30万"}, None),
    ]
    assert all(m["draft"] is True for m in doc["measures"])


def test_data_check_lists_each_draft_as_not_yet_reviewed_and_exits_0(folder):
    _draft(folder)
    result = run("data", "check", str(folder))
    assert result.exit_code == 0, result.stderr
    warned = [line for line in result.stderr.splitlines() if "not yet reviewed" in line]
    assert len(warned) == 2 and all("jiaxing.yaml" in w and ": draft: " in w for w in warned)
    assert "2 drafted and not yet reviewed" in result.stdout


def test_a_draft_computes_and_says_so_in_json_csv_table_html_and_workbook(folder):
    _draft(folder)
    company = folder / "c.toml"
    company.write_text(COMPANY, encoding="utf-8")
    args = ("check", str(company), "--data", str(folder), "--as-of", "2026-12-31")
    doc = json.loads(run(*args, "--json").stdout)
    by = {a["policy"]: a for a in doc["awards"]}
    giant = by["jiaxing-2026-4.little_giant.national"]
    assert yuan(giant["amount"]) == 1_000_000 and giant["draft"] is True
    assert {f["level"]: yuan(f["amount"]) for f in giant["funding"]} == {"municipal": 500_000, "county": 500_000}
    sme = by["jiaxing-2026-4.zjtx_sme.provincial"]
    assert yuan(sme["amount"]) == 300_000 and sme["bound"] == "up_to" and sme["draft"] is True
    assert yuan(doc["totals"]["amount"]) == 1_300_000
    table = run(*args)
    assert table.exit_code == 0 and table.stdout.count("草稿 (未审核)") == 2
    assert "2 项草稿(计入合计 130 万元)" in table.stdout
    csv = run(*args, "-f", "csv").stdout.splitlines()
    assert csv[0].endswith(",draft") and all(line.endswith(",true") for line in csv[1:])
    html = folder / "r.html"
    assert run(*args, "-o", str(html)).exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert page.count("草稿: 未审核的措施") == 2 and "草稿: 2 项" in page
    openpyxl = pytest.importorskip("openpyxl")
    book = folder / "r.xlsx"
    assert run(*args, "-o", str(book)).exit_code == 0
    wb = openpyxl.load_workbook(book)
    sheet = wb["奖励明细"]
    header = [c.value for c in sheet[1]]
    column = header.index("草稿")
    assert [row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]] == ["是", "是"]
    assert any(row[0] == "草稿(项)" and row[1] == 2 for row in wb["汇总"].iter_rows(values_only=True))


def test_a_reviewed_measure_is_no_longer_a_draft(folder):
    _draft(folder)
    path = folder / "jiaxing.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    draft: true\n", "", 1), encoding="utf-8")
    check = run("data", "check", str(folder))
    assert check.exit_code == 0 and check.stderr.count("not yet reviewed") == 1
    company = folder / "c.toml"
    company.write_text(COMPANY, encoding="utf-8")
    doc = json.loads(run("check", str(company), "--data", str(folder), "--as-of", "2026-12-31", "--json").stdout)
    assert sorted(a["draft"] for a in doc["awards"]) == [False, True]


def test_bundled_awards_are_not_drafts():
    doc = json.loads(run("check", "examples/weifang.toml", "--json", "--as-of", "2025-06-30").stdout)
    assert doc["awards"] and all(a["draft"] is False for a in doc["awards"])


def test_draft_flag_is_validated(folder):
    _draft(folder)
    path = folder / "jiaxing.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("    draft: true\n", "    draft: yes\n", 1), encoding="utf-8"
    )
    result = run("data", "check", str(folder))
    assert result.exit_code == 1 and "draft: expected true or false, got 'yes'" in result.stderr


def test_standard_output_and_standard_input():
    out = run("data", "draft", "-", "--city", "330400", input=TEXT.encode("utf-8"))
    assert out.exit_code == 0, out.stderr
    doc, _ = safeyaml.load(out.stdout)
    assert isinstance(doc, dict) and "source" not in doc and len(doc["measures"]) == 2
    assert "read from standard input" in out.stderr and out.stdout.startswith("# Drafted by zjtx data draft")


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("gb18030"),
        lambda t: t.encode("gbk"),
        lambda t: b"\xef\xbb\xbf" + t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.encode("utf-16"),
    ],
    ids=["gb18030", "gbk", "utf-8-bom-crlf", "utf-16"],
)
def test_encodings_are_detected(tmp_path, encode):
    (tmp_path / "t.txt").write_bytes(encode(TEXT))
    result = run("data", "draft", str(tmp_path / "t.txt"), "--city", "嘉兴", "-o", str(tmp_path / "t.yaml"))
    assert result.exit_code == 0, result.stderr
    doc, _ = safeyaml.load((tmp_path / "t.yaml").read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    assert doc["number"] == "嘉政发〔2026〕4号" and len(doc["measures"]) == 2
    check = run("data", "check", str(tmp_path))  # the quotes are found in the text, whatever its encoding
    assert check.exit_code == 0, check.stderr


@pytest.mark.parametrize(
    "content,message",
    [
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00 not text", "a binary file"),
        (b"\xff\xfe\x00\xd8\x00\xd8", "not UTF-16 text"),
        (b"\x80\x80\x80\x80 abc \xff", "neither UTF-8 nor GB18030"),
        (b"", "the text is empty"),
        (b"   \n\n  ", "the text is empty"),
        ("各位同事:\n请于周五前提交年度总结。谢谢。\n".encode(), "found no measure"),
        (b"\xef\xbb\xbf\xff\xfe", "not UTF-8"),
    ],
    ids=["binary", "utf-16-garbage", "undecodable", "empty", "blank", "no-measure", "bad-after-bom"],
)
def test_bad_texts_are_one_clear_line_and_nothing_written(tmp_path, content, message):
    (tmp_path / "t.txt").write_bytes(content)
    out = tmp_path / "t.yaml"
    result = run("data", "draft", str(tmp_path / "t.txt"), "--city", "嘉兴", "-o", str(out))
    assert result.exit_code == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "t.txt" in lines[0], result.stderr
    assert not out.exists() and os.listdir(tmp_path) == ["t.txt"]


def test_files_that_are_not_texts_are_refused(tmp_path):
    assert "no such file" in run("data", "draft", str(tmp_path / "none.txt"), "--city", "嘉兴").stderr
    assert "is a directory" in run("data", "draft", str(tmp_path), "--city", "嘉兴").stderr
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    result = run("data", "draft", str(fifo), "--city", "嘉兴")  # never waited on
    assert result.exit_code == 1 and "not a regular file" in result.stderr
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (1024 * 1024 + 1))
    result = run("data", "draft", str(big), "--city", "嘉兴")
    assert result.exit_code == 1 and "limit" in result.stderr


def test_city_is_required_and_checked(folder):
    assert run("data", "draft", str(folder / "jiaxing.txt")).exit_code == 2
    result = run("data", "draft", str(folder / "jiaxing.txt"), "--city", "嘉兴兴")
    assert result.exit_code == 2 and "--city" in result.stderr


def test_output_keeps_an_existing_file_unless_forced(folder):
    out = folder / "jiaxing.yaml"
    out.write_text("reviewed work\n", encoding="utf-8")
    result = run("data", "draft", str(folder / "jiaxing.txt"), "--city", "嘉兴", "-o", str(out))
    assert result.exit_code == 1 and "already exists" in result.stderr and "--force" in result.stderr
    assert out.read_text(encoding="utf-8") == "reviewed work\n"
    _draft(folder, "--force")
    result = run(
        "data", "draft", str(folder / "jiaxing.txt"), "--city", "嘉兴", "-o", str(folder / "jiaxing.txt"), "--force"
    )
    assert result.exit_code == 1 and "input" in result.stderr
    assert (folder / "jiaxing.txt").read_text(encoding="utf-8") == TEXT
    assert stat.S_ISREG(os.stat(folder / "jiaxing.txt").st_mode)


def test_notes_say_where_the_text_must_be(folder, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "jiaxing.yaml"
    result = run("data", "draft", str(folder / "jiaxing.txt"), "--city", "嘉兴", "-o", str(elsewhere))
    assert result.exit_code == 0
    assert "copy jiaxing.txt beside jiaxing.yaml" in result.stderr
    assert "drafted 2 measures: 2 with an amount or a rate" in result.stderr
    odd = folder / "政策 原文.text"
    odd.write_text(TEXT, encoding="utf-8")
    result = run("data", "draft", str(odd), "--city", "嘉兴")
    assert result.exit_code == 0 and "no source: written" in result.stderr
    assert "source:" not in result.stdout.split("measures:")[0]


def test_the_installed_command_drafts(folder, tmp_path):
    """Through the installed console script (a real process, from another directory), as a user runs it;
    ``python -m zjtx`` where zjtx is not installed."""
    import subprocess
    import sys

    exe = Path(sys.executable).parent / "zjtx"
    args = ["data", "draft", str(folder / "jiaxing.txt"), "--city", "嘉兴", "-o", str(folder / "j.yaml")]
    if exe.exists():
        done = subprocess.run([str(exe), *args], cwd=tmp_path, capture_output=True, timeout=60)
    else:
        done = spawn(*args)
    assert done.returncode == 0, done.stderr
    doc, _ = safeyaml.load((folder / "j.yaml").read_text(encoding="utf-8"))
    assert isinstance(doc, dict) and len(doc["measures"]) == 2
    checked = (
        subprocess.run([str(exe), "data", "check", str(folder)], capture_output=True, timeout=60)
        if exe.exists()
        else spawn("data", "check", str(folder))
    )
    assert checked.returncode == 0 and b"not yet reviewed" in checked.stderr
