"""Flat rows shared by the file formats (CSV, xlsx, HTML): what an award, an unmet condition or an
unmatched event says, one value per field — so every format shows the same facts under the same names.
Pure: no I/O, no formatting library. Amounts stay exact ``Decimal`` yuan; each format decides how to show them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from zjtx import money, vocab
from zjtx.awards.engine import Report
from zjtx.awards.view import trigger_cn

if TYPE_CHECKING:
    from zjtx.policy.model import Bound, Window

WAN = Decimal(10000)


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
                "clause": m.clause if m else "",
            }
        )
    for a in report.awards:
        if a.counted:
            continue
        reason = "文件未载明金额" if a.status == "eligible" else vocab.STATUS[a.status].note
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
                "clause": a.measure.clause,
            }
        )
    return rows
