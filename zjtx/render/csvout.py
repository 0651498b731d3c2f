"""CSV: one row per award, for spreadsheets. Amounts are yuan with two decimals (exact). Streams: each
company's rows are written as its report arrives, so memory stays flat over any batch."""

from __future__ import annotations

import csv
from typing import Iterable, TextIO

from zjtx import money
from zjtx.engine import Report
from zjtx.policy import PAYER_LEVELS

HEADER = ["company", "file", "city_code", "city", "measure_id", "title", "status", "bound", "amount",
          *PAYER_LEVELS, "document", "clause"]


def _yuan(amount) -> str:
    return "" if amount is None else f"{money.to_fen(amount):.2f}"


def write_check_rows(out: TextIO, reports: Iterable[tuple[str, Report]]) -> None:
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for shown, report in reports:
        for a in report.awards:
            shares = dict(a.funding)
            writer.writerow([
                report.company.name, shown, report.city.code, report.city.name, a.measure.id, a.measure.title,
                a.status, a.bound, _yuan(a.amount), *[_yuan(shares.get(lv)) for lv in PAYER_LEVELS],
                a.document.citation, a.measure.clause,
            ])
