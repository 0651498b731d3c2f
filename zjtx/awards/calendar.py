"""What falls due, as dated events for a calendar (``-o 日程.ics``): each title's term ending — its re-review
(复核) or re-certification (重新认定) falls due on the recognition's date plus its term (a 2024-10-15
创新型中小企业 → 2027-10-15) — each document's end date, and each projected award (a planned event, or a
round after the as-of date). Pure: a :class:`Report` (or ``plan``'s options) in, :class:`Event` records out;
:mod:`zjtx.render.ics` writes them as RFC 5545.

Every event names the company, the title or measure, the document and the clause it comes from.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator

from zjtx import money, vocab
from zjtx.awards.engine import Award, Report, evaluate
from zjtx.company.model import Company
from zjtx.policy.model import Document, Measure
from zjtx.record import Record, record, replace

#: The kinds of event, with the word a calendar's CATEGORIES shows.
KINDS = {"term": "称号到期", "document": "文件到期", "projected": "预期奖励", "note": "说明"}


@record
class Event(Record):
    kind: str  # term | document | projected
    date: dt.date  # an all-day event
    summary: str
    description: str
    key: str  # identifies the event across runs (its UID): the same event always gets the same one
    companies: tuple[str, ...] = ()  # the companies it concerns (a document's end concerns several)
    title: tuple[str, str | None] | None = None  # a term's end: the title and level

    @property
    def uid(self) -> str:
        return hashlib.sha256(self.key.encode("utf-8", "surrogatepass")).hexdigest()[:32] + "@zjtx"


def _add_years(day: dt.date, years: int) -> dt.date | None:
    from zjtx.awards.plan import add_years

    return add_years(day, years)


def _renewal(title: vocab.Title) -> str:
    """复核 for a title with a dynamic re-review, 重新认定 for one re-certified after its term (高新技术企业)."""
    return "复核" if title.review else "重新认定"


def _paying(documents: Iterable[Document], title: str, level: str | None) -> list[tuple[Document, Measure]]:
    """The measures that pay for passing the re-review of ``title`` at ``level``."""
    return [
        (d, m)
        for d in documents
        for m in d.measures
        if m.trigger.kind == "title"
        and m.trigger.review
        and title in m.trigger.titles
        and m.trigger.matches_level(level)
        and m.recipient == "company"
    ]


def _term_events(report: Report, shown: str) -> Iterator[Event]:
    company = report.company
    latest: dict[tuple[str, str | None], dt.date] = {}
    for r in company.recognitions:
        if vocab.TITLES[r.title].term_years:
            key = (r.title, r.level)
            latest[key] = max(latest.get(key, r.date), r.date)
    for (t, level), start in sorted(latest.items(), key=lambda kv: (kv[1], kv[0][0])):
        title = vocab.TITLES[t]
        due = _add_years(start, title.term_years) if title.term_years else None
        if due is None:
            continue
        name = f"{vocab.LEVEL_CN[level] if level else ''}{title.name}"
        renewal = _renewal(title)
        lines = [
            f"企业: {company.name}",
            f"称号: {name},认定(或上次{renewal}) {start},有效期 {title.term_years} 年,{due} 届满,须{renewal}",
            f"有效期依据: {title.term_source}",
        ]
        paying = _paying(report.documents, t, level)
        for d, m in paying:
            state = "" if d.window.in_force(due) else f"(该文件于 {due} 不在有效期内)"
            lines.append(f"通过{renewal}的奖励: {m.title} — {d.citation} {m.clause}{state}")
        if not paying:
            lines.append(f"{report.city.name}的政策文件对通过{renewal}不给予奖励")
        if due < report.as_of:
            lines.append(f"截至 {report.as_of} 已届满,公司文件未记录{renewal}(期满未{renewal})")
        yield Event(
            "term",
            due,
            f"{company.name}: {name} {renewal}到期(有效期届满)",
            "\n".join(lines),
            f"term|{shown}|{company.name}|{t}|{level}|{due}",
            (company.name,),
            (t, level),
        )


def _document_events(documents: Iterable[Document], company: str, as_of: dt.date) -> Iterator[Event]:
    for d in documents:
        w = d.window
        if w.end is not None:
            day, approx = w.end, ""
        elif w.end_bound is not None and (bound := w.end_bound.not_after or w.end_bound.not_before):
            day = bound
            approx = f"(终止日期仅知边界: {w.end_bound.reason};日期待核)"
        else:
            continue
        lines = [
            f"文件: {d.citation}",
            f"有效期: {w.start or '未载明'} 至 {day}{approx}",
            "此后的新事件不再适用本文件;有效期内的事件仍按本文件计算,是否仍受理申报须向主管部门核实",
        ]
        if day < as_of:
            lines.append(f"截至 {as_of} 已失效")
        yield Event(
            "document",
            day,
            f"文件到期: {d.label}{'(日期待核)' if approx else ''}",
            "\n".join(lines),
            f"document|{d.id}|{day}",
            (company,),
        )


def _projected_date(a: Award, as_of: dt.date) -> tuple[dt.date, str]:
    """When a projected award falls: its event's date, or — a round after the as-of date (上年度…) — the
    first day of the assessment year, the round's date within it being unknown."""
    if a.date > as_of or a.assessment_year is None:
        return a.date, ""
    return dt.date(a.assessment_year, 1, 1), f"{a.assessment_year}年度评审(具体日期以申报通知为准)"


def _projected_events(report: Report, shown: str) -> Iterator[Event]:
    from zjtx.awards.view import trigger_cn

    company = report.company
    for a in report.awards:
        if a.status != "projected":
            continue
        day, round_note = _projected_date(a, report.as_of)
        amount = (
            "未载明金额" if a.amount is None else ("最高 " if a.bound == "up_to" else "") + money.fmt_wan_2(a.amount)
        )
        certainty = vocab.certainty_cn(a.certainty) if a.certainty not in (None, "fixed", "ceiling") else ""
        lines = [
            f"企业: {company.name}",
            f"事件: {trigger_cn(a.trigger)} ({a.trigger.get('date')})" + (f",{round_note}" if round_note else ""),
            f"措施: {a.measure.title} — {amount}"
            + (" 万元" if a.amount is not None else "")
            + (f"({certainty})" if certainty else ""),
            f"依据: {a.document.citation} {a.measure.clause}",
            f"原文: {a.measure.quote}",
            f"预期: 触发日期或其评审年度晚于计算基准日 {report.as_of},不计入合计;以主管部门审核、财政核定为准",
        ]
        entry = a.trigger.get("entry") or ",".join(a.trigger.get("entries", ()))
        yield Event(
            "projected",
            day,
            f"{company.name}: 预期 {a.measure.title} {amount}" + (" 万元" if a.amount is not None else ""),
            "\n".join(lines),
            f"projected|{shown}|{company.name}|{a.measure.id}|{entry}|{a.trigger.get('year')}|{day}",
            (company.name,),
        )


def check_events(report: Report, shown: str) -> list[Event]:
    """The events of one company's report, by date."""
    events = [
        *_term_events(report, shown),
        *_document_events(report.documents, report.company.name, report.as_of),
        *_projected_events(report, shown),
    ]
    return sorted(events, key=lambda e: (e.date, e.kind, e.summary))


def plan_events(
    company: Company, cities: list, options: list, as_of: dt.date, documents: tuple[Document, ...]
) -> list[Event]:
    """``zjtx plan -o 日程.ics``: the company's own events (as ``check``'s), each re-review saying what passing
    it would add (the option's value), and the end dates of the other cities' documents."""
    from zjtx.policy.model import documents_for

    report = evaluate(company, documents, city=company.city, as_of=as_of)
    events = check_events(report, "")
    worth = {
        (o.trigger.get("title"), o.trigger.get("level"), o.due): o
        for o in options
        if o.kind == "re_review" and o.city.code == company.city.code
    }
    out = []
    for e in events:
        if e.title is not None:
            o = worth.get((*e.title, e.date))
            if o is not None and o.amount:
                gain = f"\n通过后可增加: {money.fmt_wan_2(o.amount)} 万元 (zjtx plan)"
                if not o.in_force:
                    gain += ";付款文件届时已失效: 只列金额,是否仍兑现须向主管部门核实"
                e = replace(e, description=e.description + gain)
        out.append(e)
    for city in cities:
        if city.code != company.city.code:
            for e in _document_events(documents_for(documents, city.code), company.name, as_of):
                out.append(replace(e, summary=f"{e.summary} ({city.name})"))
    return sorted(out, key=lambda e: (e.date, e.kind, e.summary))


def merged(events: Iterable[Event]) -> list[Event]:
    """One event per UID: a document's end concerns every company of a portfolio once, naming them all."""
    by_uid: dict[str, Event] = {}
    for e in events:
        seen = by_uid.get(e.uid)
        if seen is None:
            by_uid[e.uid] = e
        elif not set(e.companies) <= set(seen.companies):
            by_uid[e.uid] = replace(
                seen, companies=seen.companies + tuple(c for c in e.companies if c not in seen.companies)
            )
    return sorted(by_uid.values(), key=lambda e: (e.date, e.kind, e.summary))
