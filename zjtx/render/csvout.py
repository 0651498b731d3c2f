"""CSV: one row per award, for spreadsheets, and one row (award columns empty) for a company with no
award, so a portfolio CSV has every company. Amounts are yuan with two decimals (exact) and 万元 beside
them. On a terminal, control and bidi characters are escaped as in a table; to a file or a pipe every
byte is kept. Streams: each company's rows are written as its report arrives, so memory stays flat over any batch.

Safe to open in Excel: every text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return gets a leading ``'`` so it is never evaluated as a formula (formula injection through a company
name, a file name or policy text). The numeric columns are written by us and exempt."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TextIO

from zjtx import money
from zjtx.awards.engine import Report
from zjtx.awards.view import CSV_FIELDS
from zjtx.io.textsafe import visible
from zjtx.render.rows import wan

#: The company's columns, then the award's (the award view's CSV fields, in order).
COMPANY = ["company", "file", "city_code", "city"]
HEADER = COMPANY + [f.csv for f in CSV_FIELDS if f.csv]
_NUMERIC_AT = frozenset(len(COMPANY) + i for i, f in enumerate(CSV_FIELDS) if f.kind in ("yuan", "wan"))
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """A text cell that a spreadsheet would evaluate as a formula, with a leading ``'`` (OWASP CSV injection)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def _yuan(amount: Decimal | None) -> str:
    return "" if amount is None else f"{money.to_fen(amount):.2f}"


def _wan(amount: Decimal | None) -> str:
    if amount is None:
        return ""
    text = f"{wan(amount):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _safe(row: list[str], terminal: bool = False) -> list[str]:
    """The row's text cells neutralised; on a terminal, also their control and bidi characters escaped as a
    table escapes them (a file or a pipe keeps every byte: the CSV round-trips)."""
    if terminal:
        row = [visible(cell, newlines=True) for cell in row]
    return [cell if i in _NUMERIC_AT else neutralise(cell) for i, cell in enumerate(row)]


def _cell(kind: str, value: Any) -> str:
    if kind == "yuan":
        return _yuan(value)
    if kind == "wan":
        return _wan(value)
    if kind == "flag":
        return "true" if value else "false"
    if kind == "lines":
        return "\n".join(value)
    return "" if value is None else str(value)


def write_check_rows(
    out: TextIO, reports: Iterable[tuple[str, Report]], header: bool = True, terminal: bool = False
) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    if header:
        writer.writerow(HEADER)
    for shown, report in reports:
        company = [report.company.name, shown, report.city.code, report.city.name]
        as_of = report.as_of.isoformat()
        if not report.awards:
            writer.writerow(_safe(company + [as_of if f.kind == "as_of" else "" for f in CSV_FIELDS], terminal))
            continue
        notes = _reading_notes(report)
        for i, a in enumerate(report.awards):
            filled = {"as_of": as_of, "reading_note": notes.get(i, "")}
            writer.writerow(
                _safe(
                    company + [filled[f.kind] if f.kind in filled else _cell(f.kind, f.get(a)) for f in CSV_FIELDS],
                    terminal,
                )
            )


def _reading_notes(report: Report) -> dict[int, str]:
    """The reading behind each award that depends on one: question, option taken, what the others give."""
    if not any(a.reading for a in report.awards):
        return {}
    from zjtx.awards.readings import note_cn, notes

    return {i: note_cn(note) for i, note in notes(report).items()}
