"""The workbook at Excel's limits (issue 25): more rows than a sheet holds go on on a sheet of their own
(R3-7), a file past 2 GiB is written with ZIP64 (R3-8), a text longer than a cell holds is never cut
silently (R3-10). The limits are lowered for the tests: a million rows or 2 GiB would take minutes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections import Counter
from decimal import Decimal
from unittest import mock

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_deliverables import TOTAL, XINING  # seven awards a company, 310万 counted

from zjtx.render import sheets
from zjtx.render.xlsxfile import CELL_LIMIT

from conftest import ROOT, company_toml, run

AS_OF = ("--as-of", "2025-06-30")


def _portfolio(tmp_path, companies: int):
    folder = tmp_path / "clients"
    folder.mkdir(exist_ok=True)
    for i in range(companies):
        (folder / f"c{i}.toml").write_text(company_toml(name=f"公司{i}", **XINING), encoding="utf-8")
    return folder


def _award_rows(book) -> list[dict]:
    """Every row of 奖励明细 and of its continuations, in order."""
    rows = []
    for name in [n for n in book.sheetnames if n == "奖励明细" or n.startswith("奖励明细 ")]:
        ws = book[name]
        head = [c.value for c in ws[1]]
        rows += [dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True) if any(r)]
    return rows


def _awards_in_json(folder) -> Counter:
    result = run("check", str(folder), "-f", "jsonl", *AS_OF)
    assert result.exit_code == 0, result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]
    return Counter((d["company"]["name"], a["policy"]) for d in docs for a in d["awards"])


def test_awards_past_the_row_limit_go_on_on_a_second_sheet(tmp_path, monkeypatch):
    # R3-7: 260,000 companies lost 43,425 awards past row 1,048,576 with exit 0. Here a sheet holds its
    # header and 8 rows: 3 companies' 21 awards make 奖励明细 (8), 奖励明细 2 (8) and 奖励明细 3 (5).
    monkeypatch.setattr(sheets, "ROW_LIMIT", 9)
    folder = _portfolio(tmp_path, 3)
    out = tmp_path / "组合.xlsx"
    result = run("check", str(folder), "-o", str(out), *AS_OF)
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(out)
    names = book.sheetnames
    at = names.index("奖励明细")
    assert names[at : at + 3] == ["奖励明细", "奖励明细 2", "奖励明细 3"]  # each continuation after its sheet
    assert [book[n].max_row for n in names[at : at + 3]] == [9, 9, 6]
    assert all(book[n].freeze_panes == "A2" and book[n]["A1"].value == "企业" for n in names[at : at + 3])
    rows = _award_rows(book)
    assert len(rows) == 21
    # 汇总 adds them all, and every counted award is on one of the sheets: 3 × 310万 (test_deliverables)
    counted = sum(Decimal(str(r["金额(元)"])) for r in rows if r["计入合计"] == "是")
    assert counted == 3 * TOTAL
    summary = {r[0].value: r[1].value for r in book["汇总"].iter_rows(max_col=3) if r[0].value}
    assert Decimal(str(summary["各类合计"])) * 10000 == counted
    note = next(c.value for r in book["汇总"].iter_rows(max_col=1) for c in r if c.value and "分表续写" in c.value)
    assert "“奖励明细”、“奖励明细 2”、“奖励明细 3”" in note


@settings(max_examples=8, deadline=None)
@given(limit=st.integers(min_value=2, max_value=20), companies=st.integers(min_value=1, max_value=4))
def test_every_award_is_on_exactly_one_sheet(tmp_path_factory, limit, companies):
    # R3-7, the property: whatever the row limit, the award sheets together hold each award of the
    # JSON report exactly once.
    tmp = tmp_path_factory.mktemp("limit")
    folder = _portfolio(tmp, companies)
    out = tmp / "组合.xlsx"
    with mock.patch.object(sheets, "ROW_LIMIT", limit):
        assert run("check", str(folder), "-o", str(out), *AS_OF).exit_code == 0
    rows = _award_rows(openpyxl.load_workbook(out))
    assert Counter((r["企业"], r["措施编号"]) for r in rows) == _awards_in_json(folder)


def test_a_workbook_past_the_zip32_limit_is_written_with_zip64(write, tmp_path, monkeypatch):
    # R3-8: a sheet past 2 GiB ended in "internal error: FileSizeError … use_zip64()" (exit 3) and a raw
    # traceback. zipfile's limit, lowered to 1 KB, makes this small workbook such a file.
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 1024)
    out = tmp_path / "报告.xlsx"
    result = run("check", write(company_toml(name="甲公司", **XINING)), "-o", str(out), *AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    monkeypatch.undo()
    assert len(_award_rows(openpyxl.load_workbook(out))) == 7


def test_a_small_workbook_is_the_same_bytes_with_zip64_allowed(tmp_path):
    # R3-8: ZIP64 is allowed always, yet zipfile only writes its records for a member that needs them, so
    # a workbook under 2 GiB has none (Excel never asks to repair it).
    out = tmp_path / "报告.xlsx"
    (tmp_path / "c.toml").write_text(company_toml(name="甲公司", **XINING), encoding="utf-8")
    assert run("check", str(tmp_path / "c.toml"), "-o", str(out), *AS_OF).exit_code == 0
    with zipfile.ZipFile(out) as z:
        assert all(not info.extra for info in z.infolist())  # a ZIP64 member carries an extra field
    assert b"PK\x06\x06" not in out.read_bytes()  # nor the ZIP64 end of central directory


def _zjtx_process(code: str, *args: str, stdout=None):
    """zjtx in a process of its own, after ``code`` (a traceback printed while Python cleans up only shows
    in a real process)."""
    program = f"import sys, zipfile\n{code}\nfrom zjtx.cli import main\nsys.argv = ['zjtx', *sys.argv[1:]]\nmain()"
    return subprocess.run(
        [sys.executable, "-c", program, *args],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=stdout if stdout is not None else subprocess.PIPE,
        stderr=subprocess.PIPE,
        timeout=60,
    )


def test_zip64_in_a_real_process_leaves_no_traceback(write, tmp_path):
    # R3-8 as the user saw it: exit 3, then "Exception ignored in: ZipFile.__del__" and a traceback.
    out = tmp_path / "报告.xlsx"
    company = write(company_toml(name="甲公司", **XINING))
    done = _zjtx_process("zipfile.ZIP64_LIMIT = 1024", "check", company, "-o", str(out), *AS_OF)
    assert (done.returncode, done.stderr) == (0, b"")
    assert len(_award_rows(openpyxl.load_workbook(out))) == 7


def test_a_workbook_onto_a_full_device_is_one_line_and_no_traceback(write):
    # R3-8, every writer's error path: a workbook to a full standard output was "internal error:
    # FileCreateError" (exit 3) and a traceback of the half-closed zip file. Now: the stream's error, exit 1.
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    company = write(company_toml(name="甲公司", **XINING))
    with open("/dev/full", "wb") as full:
        done = _zjtx_process("", "check", company, "-f", "xlsx", *AS_OF, stdout=full)
    lines = done.stderr.decode().splitlines()
    assert done.returncode == 1 and len(lines) == 1, lines
    # the documented form (R3-20): cannot write PATH: reason, standard output named as such
    assert lines == ["zjtx: error: cannot write standard output: no space left on device"], lines


def test_a_company_name_is_at_most_200_characters(write, tmp_path):
    # R3-10: a name of 100,000 characters was cut to 32,767 in the workbook, silently. A name is at most
    # 200 characters, like a recognition's or a project's: one clear line, file and field, exit 1.
    path = write(company_toml(name="甲" * 100_000, **XINING))
    out = tmp_path / "报告.xlsx"
    result = run("check", path, "-o", str(out), *AS_OF)
    assert result.exit_code == 1 and not out.exists()
    assert result.stderr.count("\n") == 1
    assert f"{path}: company.name: 100000 characters; at most 200 are accepted" in result.stderr
    assert run("check", write(company_toml(name="甲" * 200, **XINING)), "--json", *AS_OF).exit_code == 0


def test_a_text_longer_than_a_cell_holds_is_never_cut_silently(tmp_path):
    # R3-10: any cell over Excel's 32,767 characters (UTF-16 units): XlsxWriter cuts it; zjtx says which.
    said: list[str] = []
    with open(tmp_path / "x.xlsx", "wb") as out:
        book = sheets.Book(out, "t", warn=said.append)
        table = sheets.Sheet(book, "问题表", [("文件", "text"), ("问题", "long")])
        table.add(["a.toml", "短"])
        table.add(["b.toml", "错" * 40_000])
        table.close()
        book.close()
    assert len(said) == 1 and said[0].startswith("问题表!B3: a text of 40,000 characters (UTF-16 units")
    assert "32,767" in said[0] and "cut" in said[0]
    cell = openpyxl.load_workbook(tmp_path / "x.xlsx")["问题表"]["B3"].value
    assert cell == "错" * CELL_LIMIT


def test_a_cut_cell_is_counted_in_the_units_of_excels_limit(tmp_path):
    # F8 (review of issue 25): 20,000 astral characters (two UTF-16 units each: 40,000, past the 32,767)
    # were said to be "a text of 20,000 characters, more than the 32,767": two units compared.
    said: list[str] = []
    with open(tmp_path / "x.xlsx", "wb") as out:
        book = sheets.Book(out, "t", warn=said.append)
        table = sheets.Sheet(book, "问题表", [("文件", "text"), ("问题", "long")])
        table.add(["a.toml", "\U00020000" * 20_000])
        table.close()
        book.close()
    if not said:
        pytest.skip("this XlsxWriter counts code points: 20,000 fit")  # 3.1.0, the lowest declared
    assert said == [
        "问题表!B2: a text of 40,000 characters (UTF-16 units, as Excel counts), more than the 32,767 an Excel "
        "cell holds: cut to 32,767 (the full text is in -f json)"
    ]
