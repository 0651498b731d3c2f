"""The award view (zjtx.awards.view) is the one declaration of an award's fields: the JSON keys, the CSV
columns and the workbook's columns with their Chinese headers are all read from it, in its order."""

from __future__ import annotations

import csv
import io
import json

import openpyxl

from zjtx.awards import view

from conftest import EXAMPLES, run

XINING = str(EXAMPLES / "xining.toml")
AS_OF = ("--as-of", "2026-06-30")


def test_fields_are_declared_once_each():
    for attr in ("name", "json", "csv", "cn"):
        named = [getattr(f, attr) for f in view.FIELDS if getattr(f, attr)]
        assert len(named) == len(set(named)), attr
    assert all(f.kind in view.KINDS and (f.sheet_kind is None or f.sheet_kind in view.KINDS) for f in view.FIELDS)


def test_the_json_award_has_the_view_s_keys_in_its_order():
    doc = json.loads(run("check", XINING, "--json", *AS_OF).stdout)
    assert doc["awards"] and all(list(a) == [f.json for f in view.JSON_FIELDS] for a in doc["awards"])


def test_the_csv_columns_are_the_company_s_then_the_view_s():
    header = next(csv.reader(io.StringIO(run("check", XINING, "-f", "csv", *AS_OF).stdout.lstrip("\ufeff"))))
    assert header == ["company", "file", "city_code", "city", *(f.csv for f in view.CSV_FIELDS)]


def test_the_workbook_columns_are_the_view_s_printed_ones_first(tmp_path):
    out = tmp_path / "r.xlsx"
    assert run("check", XINING, "-o", str(out), *AS_OF).exit_code == 0
    sheet = openpyxl.load_workbook(out)["奖励明细"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert header == [f.cn for f in view.SHEET_FIELDS]
    printed = [f.cn for f in view.SHEET_FIELDS[: view.SHEET_PRINTED]]
    assert printed[:3] == ["措施", "触发事件", "触发日期"] and all(
        f.printed for f in view.SHEET_FIELDS[: view.SHEET_PRINTED]
    )
