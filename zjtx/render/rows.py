"""Flat rows shared by the file formats (CSV, xlsx, HTML): what an award, an unmet condition or an
unmatched event says, one value per field — so every format shows the same facts under the same names.
Pure: no I/O, no formatting library. Amounts stay exact ``Decimal`` yuan; each format decides how to show them."""

from __future__ import annotations

from decimal import Decimal

from zjtx import money, vocab
from zjtx.awards.engine import CERTAINTY_CN, STATUS_CN, Award, Report
from zjtx.policy.model import PAYER_LEVELS

WAN = Decimal(10000)


def wan(amount: Decimal | None) -> Decimal | None:
    """Yuan → 万元, exact (a fen-exact amount has at most six decimals in 万元)."""
    return None if amount is None else money.to_fen(amount) / WAN


def _window_end(day, bound, unknown: str) -> str:
    if bound is None:
        return day.isoformat() if day else unknown
    known = [
        f"不早于{bound.not_before}" if bound.not_before else "",
        f"不晚于{bound.not_after}" if bound.not_after else "",
    ]
    return "、".join(k for k in known if k) + "(仅知边界)"


def window_start_cn(window) -> str:
    return _window_end(window.start, window.start_bound, "未载明")


def window_end_cn(window) -> str:
    return _window_end(window.end, window.end_bound, "长期")


def window_cn(window) -> str:
    """A document's window in Chinese, a bound shown as a bound: ``不早于2022-08-24、不晚于2024-07-18(仅知边界) 至 2025-12-31``."""
    return f"{window_start_cn(window)} 至 {window_end_cn(window)}"


def window_reasons(window) -> str:
    """Why an end of the window is known only as a bound (the data's reasoning), or ""."""
    return ";".join(b.reason for b in (window.start_bound, window.end_bound) if b is not None)


def trigger_fields(t: dict) -> dict:
    """The event behind an award as flat fields: ``title`` / ``project`` (ids), ``level``, ``date``, ``name``."""
    return {
        "title": t.get("title") or "",
        "project": t.get("project") or "",
        "level": t.get("level") or "",
        "date": t.get("date") or "",
        "name": t.get("name") or "",
        "review": bool(t.get("review")),
        "hypothetical": bool(t.get("hypothetical")),  # added by --add / --add-project or plan: not in the file
    }


def trigger_cn(t: dict) -> str:
    """The event in Chinese, e.g. ``国家级专精特新"小巨人"企业 新认定`` or ``项目: 设备更新改造 (2024年, 2项)``."""
    if t.get("title"):
        level = vocab.LEVEL_CN.get(t.get("level") or "", "")
        title = vocab.TITLES[t["title"]]
        text = f"{level}{title.name}{title.renewal_cn if t.get('review') else '新认定'}"
    elif t.get("project"):
        text = f"项目: {vocab.PROJECT_TYPES[t['project']].name}"
        if "year" in t and "entries" in t:
            text += f" ({t['year']}年合计, {len(t['entries'])}项)"
    else:
        text = ""
    if t.get("name"):
        text += f" {t['name']}"
    if t.get("hypothetical"):
        text += " (假设)"
    return text


def _reading(reading) -> str:
    """The reading an amount depends on ((Reading, option in effect)) as ``id=option: text``."""
    if not reading:
        return ""
    r, choice = reading
    return f"{r.id}={choice}: {r.text(choice)}"


def award_row(a: Award) -> dict:
    """One award as named fields (amounts exact Decimal yuan or None)."""
    shares = dict(a.funding)
    return {
        "measure_id": a.measure.id,
        "measure": a.measure.title,
        "trigger": trigger_fields(a.trigger),
        "trigger_cn": trigger_cn(a.trigger),
        "status": a.status,
        "status_cn": STATUS_CN.get(a.status, a.status),
        "counted": a.counted,
        "certainty": a.certainty or "",
        "certainty_cn": CERTAINTY_CN.get(a.certainty or "", ""),
        "bound": a.bound,
        "amount": a.amount,
        "funding": {lv: shares.get(lv) for lv in PAYER_LEVELS},
        "window_uncertain": a.window_uncertain,
        "reading": _reading(a.reading),
        "reading_id": f"{a.reading[0].id}={a.reading[1]}" if a.reading else "",
        "document": a.document.citation,
        "document_label": a.document.label,
        "clause": a.measure.clause,
        "quote": a.measure.quote,
        "steps": list(a.steps),
    }


#: Why an award is listed but not counted, in Chinese.
NOT_COUNTED_CN = {
    "expired": "触发日期晚于文件有效期: 已过期",
    "not_yet_in_force": "触发日期早于文件施行: 未生效",
    "projected": "触发日期晚于计算基准日: 预期",
}


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
        reason = NOT_COUNTED_CN.get(a.status) or ("文件未载明金额" if a.amount is None else a.status)
        rows.append(
            {
                "kind": STATUS_CN.get(a.status, a.status) if a.status != "eligible" else "未载明金额",
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
