"""The Excel workbook of ``zjtx check`` (XlsxWriter: write-only, pure Python, no Excel needed).

One company: 汇总 (summary) · 奖励明细 (awards) · 按年度 (money by year) · 解读 (readings) · 未计入 (not
counted) · 文件 (documents). A batch: 组合 (portfolio: a row per company) first, then the same sheets with a
company column, and 错误 (the files that failed validation). The sheets, cells and print setup are
:mod:`zjtx.render.sheets`'; the summary is :mod:`zjtx.render.summary`. Streams: rows are written as reports
arrive (XlsxWriter's constant-memory mode)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import IO

from zjtx import vocab
from zjtx.awards.engine import Report, Totals
from zjtx.policy.model import Document
from zjtx.render.rows import not_counted_rows
from zjtx.render.sheets import (
    AWARD_COLUMNS,
    AWARD_PRINTED,
    BY_YEAR_COLUMNS,
    BY_YEAR_PRINTED,
    COMPANY,
    DOCUMENT_COLUMNS,
    MONEY_TOTALS,
    NOT_COUNTED_COLUMNS,
    NOT_COUNTED_PRINTED,
    READING_COLUMNS,
    READING_PRINTED,
    Book,
    Sheet,
    award_values,
    basis_of,
    nature,
    trigger_text,
)

_MONEY_KEYS = (*vocab.CERTAINTIES, "合计", *vocab.PAYER_LEVELS)


def _money(t: Totals) -> dict[str, Decimal]:
    """A report's totals by the keys of the summary: by certainty, total, by payer, projected, window to confirm."""
    return {
        **{c: t.by_certainty[c] for c in vocab.CERTAINTIES},
        "合计": t.amount,
        **{lv: t.by_level[lv] for lv in vocab.PAYER_LEVELS},
        "预期": t.projected,
        "窗口待核": t.window_uncertain,
        **{f"year:{y}": v for y, v in t.by_year.items()},
    }


class Workbook(Book):
    """``add(shown, report)`` for each company, then ``close(failures)``."""

    def __init__(
        self, out: IO[bytes], *, batch: bool, prepared_by: str | None = None, warn: Callable[[str], None] | None = None
    ):
        super().__init__(out, "专精特新奖励测算", warn, streamed=batch)
        self.batch = batch
        self.prepared_by = prepared_by
        who = COMPANY if batch else []
        self.portfolio = (
            Sheet(
                self,
                "组合",
                [
                    *COMPANY,
                    ("城市", "text"),
                    ("区县", "text"),
                    *MONEY_TOTALS,
                    ("预期(万元)", "wan"),
                    ("窗口待核(万元)", "wan"),
                    ("奖励项数", "int"),
                    ("未载明金额", "int"),
                    ("不在窗口", "int"),
                ],
            )
            if batch
            else None
        )
        self.summary = self.wb.add_worksheet("汇总")
        self.awards = Sheet(self, "奖励明细", [*who, *AWARD_COLUMNS], len(who) + AWARD_PRINTED)
        self.by_year = Sheet(self, "按年度", [*who, *BY_YEAR_COLUMNS], len(who) + BY_YEAR_PRINTED)
        self.readings = Sheet(self, "解读", [*who, *READING_COLUMNS], len(who) + READING_PRINTED)
        self.not_counted = Sheet(self, "未计入", [*who, *NOT_COUNTED_COLUMNS], len(who) + NOT_COUNTED_PRINTED)
        self.documents = Sheet(self, "文件", DOCUMENT_COLUMNS)
        self.errors = Sheet(self, "错误", [("文件", "text"), ("问题", "long")]) if batch else None
        self._docs: dict[str, Document] = {}
        self._reports: list[Report] = []  # one company: its report; a batch: nothing kept (totals summed)
        self._count = 0
        self._as_of: dt.date | None = None
        self._sum: dict[str, Decimal] = {}
        self._up_to = False

    def add(self, shown: str, report: Report) -> None:
        who = [report.company.name, shown] if self.batch else []
        self._count += 1
        self._as_of = report.as_of
        t = report.totals
        sums = _money(t)
        for k, v in sums.items():
            self._sum[k] = self._sum.get(k, Decimal(0)) + v
        self._up_to = self._up_to or t.bound == "up_to"
        if self.portfolio is not None:
            self.portfolio.add(
                [
                    *who,
                    report.city.name,
                    report.company.district or "",
                    *[sums[k] for k in _MONEY_KEYS],
                    t.projected,
                    t.window_uncertain,
                    len(report.awards),
                    t.unquantified,
                    t.out_of_window,
                ]
            )
        else:
            self._reports.append(report)
        for a in report.awards:
            self.awards.add([*who, *award_values(a)])
        parts = sorted(((y, b, part) for b in report.awards if b.counted for y, part in b.by_year), key=lambda r: r[0])
        for year, b, part in parts:
            cells = [b.measure.title, trigger_text(b), (part, nature(b)), vocab.certainty_cn(b.certainty)]
            self.by_year.add([*who, year, *cells, basis_of(b), b.measure.id])
        self._add_readings(who, report)
        for n in not_counted_rows(report):
            self.not_counted.add(
                [
                    *who,
                    n["kind"],
                    n["measure"],
                    n["trigger_cn"],
                    n["date"],
                    n["reason"],
                    n["amount"],
                    (n["document_label"], n["clause"]),
                    n["measure_id"],
                    n["document"],
                ]
            )
        for d in report.documents:
            if d.id not in self._docs:
                self._docs[d.id] = d
                self.documents.add(self.document_row(report.city.name, d, report.as_of))

    def _add_readings(self, who: list, report: Report) -> None:
        if not any(a.reading for a in report.awards):
            return
        from zjtx.awards.readings import alternative_cn, notes

        for i, note in notes(report).items():
            a, r = report.awards[i], note.reading
            self.readings.add(
                [
                    *who,
                    a.measure.title,
                    r.question,
                    f"{note.choice}: {r.text(note.choice)}" + ("" if note.default else " (非默认,由 --reading 选定)"),
                    (a.amount, nature(a)),
                    "\n".join(f"{alternative_cn(alt)} (--reading {r.id}={alt.option})" for alt in note.alternatives),
                    basis_of(a),
                    r.id,
                ]
            )

    def close(self, failures: Sequence[tuple[str, list[str]]] = ()) -> None:
        if self.errors is not None:
            for name, problems in failures:
                self.errors.add([name, "\n".join(problems)])
        if not self.readings.row:  # say so, rather than leave a sheet that looks unfinished
            said = ["本报告的金额不取决于条文的解读" if not self.batch else "各企业的金额均不取决于条文的解读"]
            self.readings.add(said + [""] * (len(self.readings.columns) - 1))
        self._write_summary(failures)
        for sheet in (
            self.portfolio,
            self.awards,
            self.by_year,
            self.readings,
            self.not_counted,
            self.documents,
            self.errors,
        ):
            if sheet is not None:
                sheet.close()
        super().close()

    def _write_summary(self, failures: Sequence[tuple[str, list[str]]]) -> None:
        from zjtx.render.summary import Summary, write_summary

        first = self._reports[0] if self._reports else None
        write_summary(
            self,
            self.summary,
            Summary(
                batch=self.batch,
                sums=self._sum,
                up_to=self._up_to,
                as_of=self._as_of,
                prepared_by=self.prepared_by,
                documents=tuple(self._docs.values()),
                count=self._count,
                failures=len(failures),
                report=first,
                award_sheets=tuple(self.awards.names),
            ),
        )
