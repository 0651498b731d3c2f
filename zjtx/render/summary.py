"""The workbook's 汇总 sheet (``zjtx check -o 报告.xlsx``): who and where, who prepared it, the certain money
first (确定, then 另有 最高 / 择优 / 争取 / 估算, then the sum), the disclaimer, the payer split, the money by
year, what is not counted, and the documents with their state on the as-of date. Written row by row, in
order (the workbook streams)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from zjtx import vocab
from zjtx.awards.engine import Report
from zjtx.policy.model import Document
from zjtx.record import Record, record
from zjtx.render.sheets import (
    LINE,
    Book,
    cell_text,
    disclaimer_row,
    document_summary_text,
    print_setup,
    summary_headline,
    wan_value,
    wrapped_lines,
)

SUMMARY_WIDTHS = (22, 18, 70)


@record
class Summary(Record):
    """What the summary sheet shows: one company's report, or a batch's sums."""

    batch: bool
    sums: dict[str, Decimal]  # by certainty, 合计, by payer, 预期, 窗口待核, year:YYYY
    up_to: bool  # some counted amount is a ceiling
    as_of: dt.date | None
    prepared_by: str | None
    documents: tuple[Document, ...]
    count: int  # companies
    failures: int  # files that failed validation
    report: Report | None  # one company: its report
    award_sheets: tuple[str, ...]  # 奖励明细, and its continuations past Excel's row limit (奖励明细 2 …)


def write_summary(book: Book, ws: Any, summary: Summary) -> None:
    fmt = book.fmt
    print_setup(ws)
    ws.fit_to_pages(1, 1)  # the summary is one printed page
    for col, width in enumerate(SUMMARY_WIDTHS):
        ws.set_column(col, col, width)
    row = 0

    def line(label: str, value: object, note: str = "") -> None:
        nonlocal row
        ws.write_string(row, 0, cell_text(label), fmt["label"])
        if isinstance(value, Decimal):
            ws.write_number(row, 1, wan_value(value), book.wan_format(value))
        elif isinstance(value, dt.date):
            ws.write_datetime(row, 1, dt.datetime(value.year, value.month, value.day), fmt["date_left"])
        elif isinstance(value, int):
            ws.write_number(row, 1, value, fmt["int"])
        else:
            ws.write_string(row, 1, cell_text(str(value)), fmt["text"])
        if note:
            ws.write_string(row, 2, cell_text(note), fmt["wrap"])
        row += 1

    s = summary.sums
    report = summary.report
    if summary.batch or report is None:
        ws.write_string(row, 0, cell_text("专精特新奖励测算 — 组合汇总"), fmt["title"])
        row += 2
        line("企业数", summary.count)
        line("无效文件", summary.failures, note="见“错误”表" if summary.failures else "")
    else:
        c = report.company
        ws.write_string(row, 0, cell_text("专精特新奖励测算"), fmt["title"])
        row += 2
        line("企业", c.name)
        line("城市", f"{report.city.full_name} ({report.city.code})")
        if c.district:
            line("区县", c.district)
    line("计算基准日", summary.as_of or "")
    if summary.prepared_by:
        line("编制", summary.prepared_by)
    row += 1
    by_certainty = {c: s.get(c, Decimal(0)) for c in vocab.CERTAINTIES}
    row = summary_headline(book, ws, row, by_certainty, s.get("合计", Decimal(0)), summary.up_to)
    row += 1
    row = disclaimer_row(book, ws, row, 2, sum(SUMMARY_WIDTHS))
    row += 1
    ws.write_string(row, 0, cell_text("按出资层级"), fmt["label"])
    row += 1
    for lv in vocab.PAYER_LEVELS:
        line(f"  {vocab.PAYER_CN[lv]}", s.get(lv, Decimal(0)), "万元")
    years = sorted(int(k.split(":")[1]) for k in s if k.startswith("year:"))
    if years:
        row += 1
        ws.write_string(row, 0, cell_text("按年度(预计到账)"), fmt["label"])
        ws.write_string(
            row,
            2,
            cell_text("计入合计的金额按预计年度: 上年度评审的在评审年度,多年返还的逐年;明细见“按年度”表"),
            fmt["wrap"],
        )
        row += 1
        for y in years:
            line(f"  {y}年", s[f"year:{y}"], "万元")
    row += 1
    line("预期(不计入合计)", s.get("预期", Decimal(0)), "万元 — 触发日期或其评审年度晚于计算基准日的事件")
    line(
        "其中窗口待核",
        s.get("窗口待核", Decimal(0)),
        "万元 — 已计入合计,但文件有效期仅知边界(如印发日期未载明),须向主管部门确认",
    )
    if report is not None and not summary.batch:
        t = report.totals
        line("未载明金额(项)", t.unquantified)
        drafted = sum(1 for a in (*report.awards, *report.benefits) if a.measure.draft)
        if drafted:
            line(f"{vocab.DRAFT_CN}(项)", drafted, note=vocab.DRAFT_NOTE)
        line("不在文件有效期(项)", t.out_of_window, note="见“未计入”表" if t.out_of_window else "")
    row += 1
    ws.write_string(row, 0, cell_text("政策文件"), fmt["label"])
    row += 1
    for d in summary.documents:
        text = document_summary_text(d, SUMMARY_WIDTHS[2])
        ws.set_row(row, LINE * wrapped_lines(text, SUMMARY_WIDTHS[2]) + 3)
        state = vocab.DOCUMENT_STATUS[d.window.status(summary.as_of)].cn if summary.as_of else ""
        ws.write_string(row, 0, cell_text(f"  {state}"), fmt["text"])
        ws.write_string(row, 2, cell_text(text), fmt["wrap"])
        row += 1
    ws.write_string(
        row + 1,
        0,
        cell_text(
            "万元单元格为万元(精确值),整数照写、其余显示两位小数;金额(元)列为元。每项金额的条款、原文与计算过程见"
            + "、".join(f"“{name}”" for name in summary.award_sheets)
            + ("(超出 Excel 的行数上限,分表续写)" if len(summary.award_sheets) > 1 else "")
            + "。"
        ),
        fmt["text"],
    )
