"""The award calculator. Pure functions, no I/O: a validated :class:`~zjtx.company.model.Company` and the
policy documents in, a :class:`Report` out.

Every award carries the measure and document it comes from, the event that triggered it, how the amount
was worked out (``steps``), its payer shares (adding up exactly to the award) and its status: an event
dated outside its document's window is listed as ``expired`` / ``not_yet_in_force`` and counts in no total.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from zjtx import money, vocab
from zjtx.awards import describe, stacking
from zjtx.awards.events import event_of, matches, project_trigger, recognition_trigger, renewal_note
from zjtx.awards.model import (  # the records the engine builds; importable from here as before
    Award,
    General,
    Report,
    Totals,
    Unmet,
    certainty_of,
    forecast_based,
    totals,
)
from zjtx.awards.shares import split as _split
from zjtx.awards.unmatched import unmatched
from zjtx.company.model import Company, Project, Recognition
from zjtx.places import City, Division
from zjtx.policy.model import Document, Measure, Reading, Rule, documents_for
from zjtx.record import replace

__all__ = ["Award", "General", "Report", "Totals", "Unmet", "certainty_of", "evaluate", "forecast_based", "totals"]


# ------------------------------------------------------------------------------------------ evaluation


def evaluate(
    company: Company, documents: Iterable[Document], *, city: City | None = None, as_of: dt.date | None = None
) -> Report:
    """Every award, benefit and general measure of ``city`` (default: the company's own) for ``company``.
    ``as_of`` (default today) decides what counts now: an award whose trigger date is after it is
    ``projected`` (listed, not counted), and whether general measures are shown as in force."""
    city = city or company.city
    as_of = as_of or dt.date.today()
    # Funding that depends on the district only applies in the company's own city.
    district = company.division if city.code == company.city.code else None
    docs = _documents_for(documents, city.code)
    awards: list[Award] = []
    benefits: list[Award] = []
    unmet: list[Unmet] = []
    general: list[General] = []
    for doc in docs:
        general_measures, by_title, by_project = doc.index
        if general_measures:
            in_force = doc.window.in_force(as_of)
            general += _general(doc, in_force)
        positions: set[int] = set()
        for r in company.recognitions:
            positions.update(by_title.get(r.title, ()))
        for p in company.projects:
            positions.update(by_project.get(p.type, ()))
        for pos in sorted(positions):
            m = doc.measures[pos]
            out = benefits if m.rule.form == "benefit" else awards
            if m.trigger.kind == "title":
                _title_awards(company, doc, m, district, out, unmet, as_of)
            else:
                _project_awards(company, doc, m, district, out, unmet, as_of)
    if any(d.groups for d in docs):
        awards = stacking.highest_per_year(awards, district)
    if len(docs) > 1:
        awards = _superseded(awards, docs)
    if any(d.stacks for d in docs):  # also between two measures of one document
        awards = stacking.stack(awards, district)
    if len(docs) > 1:
        awards = _overlaps(awards)
        benefits = _superseded(benefits, docs)
    found = unmatched(company, docs, [a.trigger for a in (*awards, *benefits)] + [u.trigger for u in unmet])
    return Report(company, city, docs, tuple(awards), tuple(benefits), tuple(unmet), tuple(general), as_of, found)


#: (id of the documents, city code) -> (the documents, those that apply): a batch asks the same for each company.
_APPLY: dict[tuple[int, str], tuple[tuple[Document, ...], tuple[Document, ...]]] = {}


def _documents_for(documents: Iterable[Document], city: str) -> tuple[Document, ...]:
    """:func:`documents_for`, once per tuple of documents and city (the entry holds the tuple: its id is not
    reused while the entry is here)."""
    if not isinstance(documents, tuple):
        return documents_for(documents, city)
    hit = _APPLY.get((id(documents), city))
    if hit is not None:
        return hit[1]
    if len(_APPLY) >= 256:
        _APPLY.clear()
    found = documents_for(documents, city)
    _APPLY[(id(documents), city)] = (documents, found)
    return found


@lru_cache(maxsize=256)
def _general(doc: Document, in_force: bool) -> tuple[General, ...]:
    """The document's measures not tied to an event, the same for every company (built once)."""
    general_measures, _by_title, _by_project = doc.index
    return tuple(General(m, doc, in_force) for m in general_measures)


def _superseded(awards: list[Award], docs: tuple[Document, ...]) -> list[Award]:
    """An event inside the window of a document that supersedes the award's own is not paid by the old one."""
    out = []
    for a in awards:
        successor = next((n for n in docs if a.document.id in n.supersedes and n.window.in_force(a.date)), None)
        if a.status in ("eligible", "projected") and successor is not None:
            w = successor.window
            a = replace(
                a,
                status="superseded",
                steps=(
                    *a.steps[:-1],
                    f"触发日期 {a.date} 在《{successor.label}》有效期内 ({w.start or '…'} 至 {w.end or '未规定终止日'}): "
                    f"本文件已被其取代 (supersedes),不计入合计",
                ),
            )
        out.append(a)
    return out


def _overlaps(awards: list[Award]) -> list[Award]:
    """Counted (or projected) awards of two documents of one city (or one province; neither superseding the
    other) for the same event: each is marked as possibly paid twice — both are still counted, as each document
    says. A province's award beside its city's is not an overlap: each level pays its own (stacking rules say
    where one level's money meets another's)."""
    by_event: dict[tuple[Any, ...], list[int]] = {}
    for i, a in enumerate(awards):
        if a.status in ("eligible", "projected"):
            event = (a.document.city, *event_of(a.trigger))
            by_event.setdefault(event, []).append(i)
    out = list(awards)
    for indices in by_event.values():
        if len({awards[i].document.id for i in indices}) < 2:
            continue
        for i in indices:
            a = awards[i]
            others = tuple(
                (awards[j].document.id, awards[j].measure.id) for j in indices if awards[j].document.id != a.document.id
            )
            names = "、".join(
                f"《{awards[j].document.label}》{awards[j].measure.id}"
                for j in indices
                if awards[j].document.id != a.document.id
            )
            out[i] = replace(
                a,
                also_covered_by=others,
                steps=(
                    *a.steps,
                    f"{vocab.OVERLAP_CN}: {names} 也对同一事件给予奖励,两份文件有效期重叠且无 supersedes 关系,可能重复计算 — "
                    "如新文件取代旧文件,请在新文件中写 supersedes",
                ),
            )
    return out


def _title_awards(
    company: Company,
    doc: Document,
    m: Measure,
    district: Division | None,
    out: list[Award],
    unmet: list[Unmet],
    as_of: dt.date,
) -> None:
    matching = [
        r
        for r in company.recognitions
        if r.title in m.trigger.titles and m.trigger.matches_level(r.level) and r.review == m.trigger.review
    ]
    for r in sorted(matching, key=lambda r: (r.date, r.title, r.level or "", r.name or "")):
        trigger = recognition_trigger(r)
        missing = _missing(company, m, r.date)
        if missing:
            unmet.append(Unmet(m, doc, trigger, missing))
            continue
        title = vocab.TITLES[r.title]
        what = f"{vocab.LEVEL_CN.get(r.level, '') if r.level else ''}{title.name}{title.renewal_cn if r.review else '新认定'}"
        what += (f" «{r.name}»" if r.name else "") + f" ({r.date})"
        steps = [what]
        if r.renews is not None:
            steps.append(renewal_note(r))
        year = None
        if m.assessment == "following_year":
            year = r.date.year + 1
            steps.append(f"上年度事项次年评审: {r.date.year}年的事项在{year}年度评审奖励,文件有效期按{year}年检验")
        depends = _title_reading(doc, m, r)
        out.append(_award(doc, m, trigger, r.date, steps, None, district, as_of, year, depends))


def _title_reading(doc: Document, m: Measure, r: Recognition) -> tuple[Reading, str] | None:
    """The reading this recognition's award depends on: some option would not pay it, or pay it otherwise.
    (An option that pays only the largest award of a group a year is decided after all awards: stacking.highest_per_year.)"""
    reading = doc.reading(m.reading) if m.reading else None
    if reading is None:
        return None
    current = m.choice or reading.taken
    if current != reading.taken:
        return reading, current  # an alternative is in effect: the award depends on it
    for v in m.variants:
        if (
            v.dropped
            or v.rule is not None
            or v.recipient not in (None, m.recipient)
            or v.assessment not in (None, m.assessment)
            or (v.trigger is not None and not matches(v.trigger, r))
        ):
            return reading, current
    return None


def _project_awards(
    company: Company,
    doc: Document,
    m: Measure,
    district: Division | None,
    out: list[Award],
    unmet: list[Unmet],
    as_of: dt.date,
) -> None:
    projects = sorted((p for p in company.projects if p.type == m.trigger.project), key=lambda p: (p.date, p.index))
    later = m.assessment == "following_year"  # paid in the next year's round: held by the end of its year
    ok: list[Project] = []
    for p in projects:
        missing = _missing(company, m, dt.date(p.date.year, 12, 31) if later else p.date) or _no_base(m.rule, p)
        if missing:
            unmet.append(Unmet(m, doc, project_trigger([p]), missing))
        else:
            ok.append(p)
    reading = doc.reading(m.reading) if m.reading else None
    depends = (reading, m.choice or reading.taken) if reading is not None else None

    def steps(year: int) -> list[str]:
        if not later:
            return []
        return [
            f"次年度评审兑付: {year}年的项目在{year + 1}年度评审兑付,称号须在{year}年末已持有,文件有效期按{year + 1}年检验"
        ]

    if m.rule.form == "rate" and m.rule.per == "year":
        # One yearly cap per calendar year of the window: the events up to the as-of date take it first; the
        # planned ones (after the as-of date) only what is left of it, so counted + projected never exceed it.
        groups: dict[tuple[int, str], list[Project]] = {}
        for p in ok:
            groups.setdefault((p.date.year, "" if later else doc.window.status(p.date)), []).append(p)
        for (year, _window_status), group in sorted(groups.items()):
            used = Decimal(0)
            parts = [group] if later else [[p for p in group if p.date <= as_of], [p for p in group if p.date > as_of]]
            for part in parts:
                if not part:
                    continue
                trigger = project_trigger(part) | {"year": year}
                award = _award(
                    doc,
                    m,
                    trigger,
                    max(p.date for p in part),
                    steps(year),
                    part,
                    district,
                    as_of,
                    year + 1 if later else None,
                    depends,
                    used,
                )
                out.append(award)
                used += award.amount or 0
    else:
        granted: list[tuple[dt.date, Decimal]] = []  # for a cap_of budget shared over years
        for p in ok:
            used = Decimal(0)
            if m.rule.cap_of_shared_years:
                since = (
                    p.date.replace(year=p.date.year - m.rule.cap_of_shared_years)
                    if not (p.date.month == 2 and p.date.day == 29)
                    else dt.date(p.date.year - m.rule.cap_of_shared_years, 2, 28)
                )
                used = sum((amount for day, amount in granted if day > since), Decimal(0))
            award_year = p.date.year + 1 if later else None
            award = _award(
                doc,
                m,
                project_trigger([p]),
                p.date,
                steps(p.date.year),
                [p],
                district,
                as_of,
                award_year,
                depends,
                used,
            )
            out.append(award)
            if award.status in ("eligible", "projected") and award.amount is not None:
                granted.append((p.date, award.amount))


def _no_base(rule: Rule, p: Project) -> str | None:
    """A rate whose base (or cap) is a field the project does not give (an optional one): what to add."""
    if rule.form != "rate":
        return None
    for f in (rule.base, rule.cap_of):
        if f is not None and p.base(f) is None:
            return f"projects[{p.index}] 未给出{vocab.FIELD_CN[f]} ({f}),无法按此规则计算: 请在项目中写 {f} = 金额"
    return None


def _missing(company: Company, m: Measure, on: dt.date) -> str | None:
    for req in m.trigger.requires:
        if not company.holds(req.title, req.min_level, on):
            level = f"{vocab.LEVEL_CN[req.min_level]}及以上" if req.min_level else ""
            return f"需在 {on} 已持有{level}{vocab.TITLES[req.title].name} ({req.title})"
    return None


def _award(
    doc: Document,
    m: Measure,
    trigger: dict[str, Any],
    date: dt.date,
    steps: list[str],
    projects: list[Project] | None,
    district: Division | None,
    as_of: dt.date,
    year: int | None = None,
    reading: tuple[Reading, str] | None = None,
    used: Decimal = Decimal(0),
) -> Award:
    rule = m.rule
    amount: Decimal | None
    if reading is not None:
        steps.append(f"解读 ({reading[0].id}={reading[1]}): {reading[0].text(reading[1])}")
    if rule.form == "rate":
        amount = _rate_amount(rule, projects or [], steps, used)
    else:
        amount = money.to_fen(rule.amount) if rule.amount is not None else None
    steps += describe.step_rule(m)
    funding_rule, funding_note = m.funding_for(district)
    funding = _split(amount, funding_rule)
    steps.append(
        "出资: " + describe.step_funding(funding_rule, funding) + (f" ({funding_note})" if funding_note else "")
    )
    if year is None:
        status, uncertain = doc.window.span(date, date)
    else:
        status, uncertain = doc.window.span(dt.date(year, 1, 1), dt.date(year, 12, 31))
    if status == "eligible" and (date > as_of or (year is not None and as_of < dt.date(year, 1, 1))):
        status = "projected"  # a planned event, or one whose award round (next year's) has not begun by as_of
    steps.append(describe.step_window(doc, date, status, as_of, year))
    if uncertain and status in ("eligible", "projected"):
        steps.append(f"有效期不确定: {uncertain}。计入合计,但须向主管部门核实")
    by_year = _by_year(m, amount, projects or [], year or date.year, steps)
    return Award(
        m,
        doc,
        trigger,
        date,
        status,
        rule.bound if rule.form != "benefit" else "non_monetary",
        amount,
        funding,
        tuple(steps),
        bool(uncertain) and status in ("eligible", "projected"),
        year,
        reading,
        by_year=by_year,
    )


def _by_year(
    m: Measure, amount: Decimal | None, projects: list[Project], year: int, steps: list[str]
) -> tuple[tuple[int, Decimal], ...]:
    """The award by the year it is expected: each year of a multi-year base (第1—3年: the k-th yearly amount
    is the (k-1)-th year after the trigger's, the first being the trigger's own year), else ``year`` (the
    assessment year's round, or the trigger's year). A capped amount is shared out in proportion to the
    yearly bases (to the fen, adding up exactly); an estimate says so in the steps."""
    if amount is None:
        return ()
    rule = m.rule
    if rule.form != "rate" or rule.base is None:
        return ((year, amount),)
    weights: dict[int, Decimal] = {}
    if projects:
        for p in projects:
            values = p.lists.get(rule.base)
            if values is None:
                weights[year] = weights.get(year, Decimal(0)) + (p.base(rule.base) or Decimal(0))
                continue
            for k, v in enumerate(values):
                weights[p.date.year + k] = weights.get(p.date.year + k, Decimal(0)) + v
    if forecast_based(m):
        steps.append(
            f"估算: 基数({vocab.FIELD_CN.get(rule.base or '', rule.base or '')})为企业提供的预测数,金额以财政核定为准"
        )
    if len(weights) < 2 or not any(weights.values()):
        return ((year if len(weights) != 1 else next(iter(weights)), amount),)
    from fractions import Fraction

    total = sum(weights.values(), Decimal(0))
    years = sorted(weights)
    parts = money.split(amount, [Fraction(weights[y]) / Fraction(total) for y in years])
    steps.append(
        "按年度: "
        + "、".join(f"{y}年 {money.fmt_yuan(part)}元" for y, part in zip(years, parts, strict=True))
        + f" (第1年按触发日期所在的{years[0]}年计)"
    )
    return tuple(zip(years, parts, strict=True))


def _rate_amount(rule: Rule, projects: list[Project], steps: list[str], used: Decimal = Decimal(0)) -> Decimal:
    assert rule.rate is not None and rule.base is not None
    base_cn = vocab.FIELD_CN[rule.base]
    base = Decimal(0)
    for p in projects:
        value = p.base(rule.base)
        assert value is not None
        base += value
        if rule.base in p.lists:
            years = " + ".join(money.fmt_yuan(v) for v in p.lists[rule.base])
            steps.append(
                f"{base_cn} (projects[{p.index}], 第1—{len(p.lists[rule.base])}年): {years} = {money.fmt_yuan(value)}元"
            )
        elif len(projects) > 1:
            steps.append(f"{base_cn} projects[{p.index}] ({p.date}): {money.fmt_yuan(value)}元")
    if len(projects) > 1:
        steps.append(f"{projects[0].date.year}年合计 {base_cn} {money.fmt_yuan(base)}元")
    raw = money.times(base, rule.rate)
    steps.append(f"{base_cn} {money.fmt_yuan(base)}元 × {money.fmt_rate(rule.rate)} = {money.fmt_yuan(raw)}元")
    amount = raw
    if rule.cap_of is not None:
        cap = sum((p.base(rule.cap_of) or Decimal(0) for p in projects), Decimal(0))
        cap_cn = vocab.FIELD_CN[rule.cap_of]
        if rule.cap_of_shared_years:
            left = max(cap - used, Decimal(0))
            steps.append(
                f"{cap_cn} {money.fmt_yuan(cap)}元为{rule.cap_of_shared_years}年内各项目共用的上限: "
                f"此前{rule.cap_of_shared_years}年内已补助 {money.fmt_yuan(used)}元,剩余 {money.fmt_yuan(left)}元"
            )
            cap = left
        if amount > cap:
            steps.append(f"不高于{cap_cn} {money.fmt_yuan(cap)}元: 受此上限约束,取 {money.fmt_yuan(cap)}元")
            amount = cap
        else:
            steps.append(f"不高于{cap_cn} {money.fmt_yuan(cap)}元: 未触及")
    if rule.cap is not None:
        scope = "每年" if rule.per == "year" else "单个项目"
        cap = rule.cap
        if rule.per == "year" and used:
            cap = max(rule.cap - used, Decimal(0))
            steps.append(
                f"本年度截至计算基准日的项目已计 {money.fmt_yuan(used)}元,年度上限剩余 {money.fmt_yuan(cap)}元"
            )
        if amount > cap:
            steps.append(f"{scope}最高 {money.fmt_money_cn(rule.cap)}: 受此上限约束,取 {money.fmt_yuan(cap)}元")
            amount = cap
        else:
            steps.append(f"{scope}最高 {money.fmt_money_cn(rule.cap)}: 未触及")
    amount = money.to_fen(amount)
    if rule.rate_up_to:
        steps.append(f'比例为"不高于{money.fmt_rate(rule.rate)}": 最高 {money.fmt_yuan(amount)}元')
    else:
        steps.append(f"= {money.fmt_yuan(amount)}元")
    return amount
