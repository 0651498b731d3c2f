"""CSV: one row per award, for spreadsheets, and one row (award columns empty) for a company with no
award, so a portfolio CSV has every company. Amounts are yuan with two decimals (exact) and 万元 beside
them. Streams: each company's rows are written as its report arrives, so memory stays flat over any batch.

Safe to open in Excel: every text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading ``'`` so it is never evaluated as a formula (formula injection through a company
name, a file name or policy text). The numeric columns are written by us and exempt."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import TextIO

from zjtx import money, vocab
from zjtx.awards.engine import Report
from zjtx.render.rows import award_row, wan

HEADER = [
    "company",
    "file",
    "city_code",
    "city",
    "measure_id",
    "title",
    "trigger_title",
    "trigger_project",
    "trigger_level",
    "trigger_date",
    "trigger_name",
    "status",
    "counted",
    "certainty",
    "bound",
    "amount",
    "amount_wan",
    *vocab.PAYER_LEVELS,
    "document",
    "clause",
    "as_of",
    "hypothetical",
    "window_uncertain",
    "reading",
]
NUMERIC = frozenset(["amount", "amount_wan", *vocab.PAYER_LEVELS])
_NUMERIC_AT = frozenset(i for i, name in enumerate(HEADER) if name in NUMERIC)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A text cell that a spreadsheet would evaluate as a formula, with a leading ``'`` (OWASP CSV injection)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _yuan(amount) -> str:
    return "" if amount is None else f"{money.to_fen(amount):.2f}"


def _wan(amount) -> str:
    if amount is None:
        return ""
    text = f"{wan(amount):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _safe(row: list[str]) -> list[str]:
    return [cell if i in _NUMERIC_AT else neutralise(cell) for i, cell in enumerate(row)]


def write_check_rows(out: TextIO, reports: Iterable[tuple[str, Report]], header: bool = True) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(HEADER)
    for shown, report in reports:
        company = [report.company.name, shown, report.city.code, report.city.name]
        as_of = report.as_of.isoformat()
        if not report.awards:
            writer.writerow(_safe(company + [""] * (len(HEADER) - len(company) - 4) + [as_of, "", "", ""]))
            continue
        for a in report.awards:
            r = award_row(a)
            t = r["trigger"]
            writer.writerow(
                _safe(
                    [
                        *company,
                        r["measure_id"],
                        r["measure"],
                        t["title"],
                        t["project"],
                        t["level"],
                        t["date"],
                        t["name"],
                        r["status"],
                        "true" if r["counted"] else "false",
                        r["certainty"],
                        r["bound"],
                        _yuan(r["amount"]),
                        _wan(r["amount"]),
                        *[_yuan(r["funding"][lv]) for lv in vocab.PAYER_LEVELS],
                        r["document"],
                        r["clause"],
                        as_of,
                        "true" if t["hypothetical"] else "false",
                        "true" if r["window_uncertain"] else "false",
                        r["reading_id"],
                    ]
                )
            )
