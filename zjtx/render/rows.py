"""Flat rows shared by the file formats (CSV, xlsx, HTML): what an award, an unmet condition or an
unmatched event says, one value per field — so every format shows the same facts under the same names.
Pure: no I/O, no formatting library. Amounts stay exact ``Decimal`` yuan; each format decides how to show them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from zjtx import money, vocab
from zjtx.awards.engine import Report
from zjtx.awards.view import not_counted_reason, trigger_cn

if TYPE_CHECKING:
    from zjtx.policy.model import Bound, Window

WAN = Decimal(10000)


#: On every deliverable (the HTML report, the workbook's 汇总): what the figures are and are not.
DISCLAIMER = (
    "本测算根据政策文件原文计算,仅供参考;最终金额以主管部门审核、财政核定为准。"
    "“争取”“择优”部分须先争取到上级资金或经评审入选,并非承诺;“最高”为文件规定的上限;"
    "“估算”按企业提供的预测数计算,以财政核定为准。"
    "“窗口内”指触发日期在文件有效期内,不等于当前仍可申报;文件终止后是否受理请向主管部门确认。"
)
#: The certainty classes a headline names after the certain money (确定), in order.
UNCERTAIN = tuple(c for c in vocab.CERTAINTIES if c != "fixed")


def headline(by_certainty: dict[str, Decimal]) -> tuple[Decimal, list[tuple[str, Decimal]]]:
    """What a total leads with: the certain money (确定), then each other class that holds money (另有 最高 …,
    择优 …, 争取 …, 估算 …) — never one sum that reads as a promise."""
    return by_certainty.get("fixed", Decimal(0)), [(c, by_certainty[c]) for c in UNCERTAIN if by_certainty.get(c)]


def wan(amount: Decimal | None) -> Decimal | None:
    """Yuan → 万元, exact (a fen-exact amount has at most six decimals in 万元)."""
    return None if amount is None else money.to_fen(amount) / WAN


def _window_end(day: dt.date | None, bound: Bound | None, unknown: str) -> str:
    if bound is None:
        return day.isoformat() if day else unknown
    known = [
        f"不早于{bound.not_before}" if bound.not_before else "",
        f"不晚于{bound.not_after}" if bound.not_after else "",
    ]
    return "、".join(k for k in known if k) + "(仅知边界)"


def window_start_cn(window: Window) -> str:
    return _window_end(window.start, window.start_bound, "未载明")


def window_end_cn(window: Window) -> str:
    return _window_end(window.end, window.end_bound, "长期")


def window_cn(window: Window) -> str:
    """A document's window in Chinese, a bound shown as a bound: ``不早于2022-08-24、不晚于2024-07-18(仅知边界) 至 2025-12-31``."""
    return f"{window_start_cn(window)} 至 {window_end_cn(window)}"


def window_reasons(window: Window) -> str:
    """Why an end of the window is known only as a bound (the data's reasoning), or ""."""
    return ";".join(b.reason for b in (window.start_bound, window.end_bound) if b is not None)


def not_counted_rows(report: Report) -> list[dict]:
    """Everything that is not in the total, with the reason: unmet conditions, events that trigger nothing
    (``unmatched``, when the engine reports them), awards out of window or projected, and awards whose
    document states no amount."""
    rows: list[dict] = []
    for u in report.unmet:
        rows.append(
            {
                "kind": "条件未满足",
                "measure_id": u.measure.id,
                "measure": u.measure.title,
                "trigger_cn": trigger_cn(u.trigger),
                "date": u.trigger.get("date") or "",
                "reason": u.reason,
                "amount": None,
                "document": u.document.citation,
                "document_label": u.document.label,
                "clause": u.measure.clause,
            }
        )
    for x in report.unmatched:  # events that trigger no measure of the city, with the nearest measure
        m, d = x.nearest if x.nearest else (None, None)
        rows.append(
            {
                "kind": "未触发任何措施",
                "measure_id": m.id if m else "",
                "measure": f"最接近: {m.title}" if m else "",
                "trigger_cn": trigger_cn(x.trigger),
                "date": x.trigger.get("date") or "",
                "reason": x.explanation,
                "amount": None,
                "document": d.citation if d else "",
                "document_label": d.label if d else "",
                "clause": m.clause if m else "",
            }
        )
    for a in report.awards:
        if a.counted:
            continue
        reason = not_counted_reason(a)  # a stacked award's names the award counted instead
        rows.append(
            {
                "kind": vocab.status_cn(a.status) if a.status != "eligible" else "未载明金额",
                "measure_id": a.measure.id,
                "measure": a.measure.title,
                "trigger_cn": trigger_cn(a.trigger),
                "date": a.trigger.get("date") or "",
                "reason": reason,
                "amount": a.amount,
                "document": a.document.citation,
                "document_label": a.document.label,
                "clause": a.measure.clause,
            }
        )
    return rows
