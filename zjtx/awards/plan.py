"""What the company could go for next, and what each step is worth. Pure, beside the engine: a validated
:class:`~zjtx.company.model.Company` and the policy documents in, a list of :class:`Option` out.

An option is one event the company could add: a new recognition (``recognition``), passing the
re-review of a title whose term ends (``re_review``), or a project (``project``). Its value is the
difference it makes, computed by the same engine as ``check``: the company is evaluated with and without
the event, dated on the as-of date (a re-review: on its due date), and the awards that are new or changed
are the option's awards. Where a measure needs a title the company lacks (``requires``), that title is
assumed held on the date in both evaluations, so the option shows what it pays once the prerequisite is
met, and ``requires_met`` says whether it is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from zjtx import record, vocab
from zjtx.awards.engine import Award, Report, certainty_of, evaluate
from zjtx.company.model import Company, Project, Recognition
from zjtx.places import City
from zjtx.policy.model import Document, Measure, Requirement, documents_for
from zjtx.record import Record, factory

KIND_CN = {"recognition": "新认定", "re_review": "复核到期", "project": "项目"}
#: The MIIT 梯度培育 ladder, lowest rung first (《优质中小企业梯度培育管理暂行办法》, 2022: each rung builds on the
#: one below). A company on a higher rung is not offered a lower one: it is no step up.
LADDER = ("innovative_sme", "zjtx_sme", "little_giant")

#: Titles a company can hold many of, each paid (a standard led — 潍坊 二(三)8 pays each one; told apart by
#: ``name``): offered again when held.
REPEATABLE = frozenset({"standard"})

#: The ladders of 梯度培育, lowest rung first: the MIIT one (《优质中小企业梯度培育管理暂行办法》, then 单项冠军) and
#: the 科技 one (西宁 二、3 一是: "科技型中小企业—高新技术企业—科技小巨人"). The next rung of a ladder the company
#: is on (prerequisites met) is the first advice; a higher level of a title held is a rung above it.
LADDERS = (
    ("innovative_sme", "zjtx_sme", "little_giant", "single_champion"),
    ("tech_sme", "high_tech", "tech_little_giant"),
)
#: Rankings and lists (榜单) — not steps of a ladder: offered last, labelled so.
RANKINGS = frozenset({"top500_world", "top500_china", "top500_private"})
#: How options are grouped, in the order they are ranked; each group is ordered by amount.
GROUPS = ("next_rung", "other", "ranking")
GROUP_CN = {"next_rung": "阶梯下一级", "other": "其他", "ranking": "榜单 (排名、名录,非培育阶梯)"}
#: The amounts a project option is computed with: {field: Decimal, or a tuple of yearly amounts}.
Amounts = dict[str, Decimal | tuple[Decimal, ...]]


@record.record
class Option(Record):
    kind: str  # recognition | re_review | project
    city: City
    trigger: dict[str, Any]  # as in check's awards (title/level/date/review, or project/date)
    due: dt.date  # the date the event is computed on
    label: (
        str  # Chinese, for tables: 新认定 国家级专精特新"小巨人"企业 · 复核到期 2027-03-01 … · 技术改造(设备购置)项目
    )
    measures: tuple[tuple[Document, Measure], ...]  # the measures that pay for this kind of event
    awards: tuple[Award, ...] = ()  # new or changed awards (their amounts as they would be)
    amount: Decimal | None = None  # what the awards add (ceilings at their ceiling); None: no amount known
    by_certainty: dict[str, Decimal] = factory(default_factory=dict)
    by_level: dict[str, Decimal] = factory(default_factory=dict)
    unquantified: int = 0  # awards the documents promise without an amount
    requires: tuple[Requirement, ...] = ()
    requires_met: bool = True
    in_force: bool = True  # the documents that pay are in force on ``due``
    lapsed: bool = False  # re_review: the term ended before the as-of date with no re-review recorded
    term: dict[str, Any] | None = None  # re_review: {years, source, from}
    needs: tuple[str, ...] = ()  # project: amount fields to give (--project) before it can be computed
    base: Amounts = factory(default_factory=dict)  # project: the amounts used
    rank: int | None = None  # 1 = worth most among live options; None: not ranked as money
    projected: Decimal = Decimal("0.00")  # the part of ``amount`` paid only in a later round (or after the as-of date)
    group: str = "other"  # next_rung | other | ranking (see GROUPS)

    @property
    def live(self) -> bool:
        return self.in_force and not self.lapsed

    @property
    def window_uncertain(self) -> bool:
        """Some of its awards fall where the document's window is known only as a bound."""
        return any(a.window_uncertain for a in self.awards)

    @property
    def readings(self) -> tuple[str, ...]:
        """The readings its amount depends on (ids; ``--reading ID=OPTION`` recomputes under another)."""
        return tuple(dict.fromkeys(a.reading[0].id for a in self.awards if a.reading))

    @property
    def projected_when(self) -> str:
        """When the projected part is paid, in words: the round (于2027年度评审) or after the event's date."""
        words = dict.fromkeys(
            f"于{a.assessment_year}年度评审" if a.assessment_year else f"{a.date}后"
            for a in self.awards
            if a.status == "projected" and a.amount
        )
        return "、".join(words) or "预期"

    @property
    def certainty(self) -> int:
        """The least certain class among its amounts (0 fixed … 3 contingent), for breaking ties."""
        return max((vocab.CERTAINTIES.index(c) for c, v in self.by_certainty.items() if v), default=0)


def plan(
    company: Company,
    documents: Iterable[Document],
    *,
    city: City | None = None,
    as_of: dt.date,
    projects: dict[str, Amounts] | None = None,
) -> list[Option]:
    """Every option open to ``company`` in ``city`` (default its own), ranked. ``projects`` maps a project
    type to the amounts to compute it with ({field: Decimal, or a tuple of yearly amounts})."""
    city = city or company.city
    docs = documents_for(documents, city.code)
    base = evaluate(company, docs, city=city, as_of=as_of)
    options = _recognitions(company, docs, city, as_of, base)
    options += _re_reviews(company, docs, city, as_of, base)
    options += _projects(company, docs, city, as_of, base, projects or {})
    return rank(grouped(options, company))


def grouped(options: list[Option], company: Company) -> list[Option]:
    """Each option with its group: ``next_rung`` — a new recognition on the lowest rung offered above the highest
    the company holds on one of its ladders (a higher level of a title held is a rung above it), prerequisites
    met; ``ranking`` — a ranking or list (500强); ``other`` — everything else."""
    nearest: dict[int, tuple[int, int]] = {}  # ladder -> the lowest rung offered above the company's highest
    for o in options:
        for k, ladder in enumerate(LADDERS):
            rung = _rung_of(o, ladder)
            top = _top(company, ladder)
            if rung is not None and top is not None and rung > top and o.requires_met:
                nearest[k] = min(nearest.get(k, rung), rung, key=lambda r: r[0])
    out = []
    for o in options:
        group = "ranking" if o.kind == "recognition" and o.trigger["title"] in RANKINGS else "other"
        for k, ladder in enumerate(LADDERS):
            rung = _rung_of(o, ladder)
            top = _top(company, ladder)
            if rung is not None and top is not None and rung > top and o.requires_met and rung[0] == nearest[k][0]:
                group = "next_rung"
        out.append(record.replace(o, group=group))
    return out


def _rung_of(o: Option, ladder: tuple[str, ...]) -> tuple[int, int] | None:
    """Where a new-recognition option stands on ``ladder`` (title, then level), or None."""
    if o.kind != "recognition" or o.trigger["title"] not in ladder:
        return None
    return ladder.index(o.trigger["title"]), vocab.LEVEL_RANK.get(o.trigger.get("level") or "", 0)


def _top(company: Company, ladder: tuple[str, ...]) -> tuple[int, int] | None:
    """The highest rung of ``ladder`` the company holds (a re-review passed counts), or None: not on it."""
    held = [
        (ladder.index(r.title), vocab.LEVEL_RANK.get(r.level or "", 0))
        for r in company.recognitions
        if r.title in ladder
    ]
    return max(held, default=None)


def rank(options: list[Option]) -> list[Option]:
    """Live options with an amount: the next rungs of the company's ladders, then the others, then rankings and
    lists (GROUPS), each group by amount, largest first (ties: more certain first, then by name); then live
    options without an amount; then options whose documents have ended or whose term lapsed."""
    live = sorted(
        (o for o in options if o.live and o.amount is not None),
        key=lambda o: (GROUPS.index(o.group), -(o.amount or 0), o.certainty, o.label),
    )
    unknown = sorted((o for o in options if o.live and o.amount is None), key=lambda o: o.label)
    ended = sorted((o for o in options if not o.live), key=lambda o: (-(o.amount or 0), o.label))
    return [record.replace(o, rank=i + 1) for i, o in enumerate(live)] + unknown + ended


# ------------------------------------------------------------------------------------------- options


def _paying(docs: tuple[Document, ...], want: Callable[[Measure], bool]) -> tuple[tuple[Document, Measure], ...]:
    return tuple(
        (d, m) for d in docs for m in d.measures if m.recipient == "company" and m.rule.form != "benefit" and want(m)
    )


def _re_review_of(title: str, level: str | None) -> Callable[[Measure], bool]:
    """Whether a measure pays the re-review of ``title`` at ``level``."""
    return lambda m: (
        m.trigger.kind == "title" and m.trigger.review and title in m.trigger.titles and m.trigger.matches_level(level)
    )


def _recognitions(
    company: Company, docs: tuple[Document, ...], city: City, as_of: dt.date, base: Report
) -> list[Option]:
    """Every (title, level) some measure pays a new recognition of, that the company does not hold at that
    level or above."""
    wanted: dict[tuple[str, str | None], list[tuple[Document, Measure]]] = {}
    for d, m in _paying(docs, lambda m: m.trigger.kind == "title" and not m.trigger.review):
        for t in m.trigger.titles:
            for level in vocab.TITLES[t].levels or (None,):
                if m.trigger.matches_level(level):
                    wanted.setdefault((t, level), []).append((d, m))
    on_ladder = [LADDER.index(r.title) for r in company.recognitions if r.title in LADDER]
    top = max(on_ladder, default=-1)
    options = []
    for (t, level), measures in wanted.items():
        if t in LADDER and LADDER.index(t) < top:
            continue
        if t in REPEATABLE:  # offered again; "another one" when one is held at this very level
            held = any(r.title == t and r.level == level and not r.review for r in company.recognitions)
        elif _holds_at_or_above(company, t, level):
            continue
        else:
            held = False
        event = Recognition(
            len(company.recognitions), t, level, as_of, name="另一项" if held else None, hypothetical=True
        )
        label = f"{KIND_CN['recognition']} {_title_cn(t, level)}" + (" (另一项)" if held else "")
        options.append(_option("recognition", company, docs, city, as_of, base, event, as_of, label, tuple(measures)))
    return options


def _re_reviews(company: Company, docs: tuple[Document, ...], city: City, as_of: dt.date, base: Report) -> list[Option]:
    """One per (title, level) held whose title has a term: due at the end of the latest term."""
    latest: dict[tuple[str, str | None], dt.date] = {}
    for r in company.recognitions:
        if vocab.TITLES[r.title].term_years and r.date <= as_of:
            key = (r.title, r.level)
            latest[key] = max(latest.get(key, r.date), r.date)
    options = []
    for (t, level), start in sorted(latest.items(), key=lambda kv: (kv[1], kv[0][0])):
        title = vocab.TITLES[t]
        if title.term_years is None:  # pragma: no cover - only titles with a term are in latest
            continue
        due = add_years(start, title.term_years)
        if due is None:  # a term ending after 9999-12-31 is no planning question
            continue
        measures = _paying(docs, _re_review_of(t, level))
        event = Recognition(len(company.recognitions), t, level, due, review=True, hypothetical=True)
        word = KIND_CN["re_review"] if title.review else "重新认定到期"  # 高新技术企业: 期满重新认定, no 复核
        label = f"{word} {due} {_title_cn(t, level)}"
        term = {"years": title.term_years, "source": title.term_source, "from": start.isoformat()}
        opt = _option("re_review", company, docs, city, as_of, base, event, due, label, measures)
        options.append(record.replace(opt, lapsed=due < as_of, term=term))
    return options


def _projects(
    company: Company, docs: tuple[Document, ...], city: City, as_of: dt.date, base: Report, given: dict[str, Amounts]
) -> list[Option]:
    by_type: dict[str, list[tuple[Document, Measure]]] = {}
    for d, m in _paying(docs, lambda m: m.trigger.kind == "project"):
        if m.trigger.project is None:  # pragma: no cover - policy validation requires it
            raise ValueError(f"{m.id}: a project trigger without a project type")
        by_type.setdefault(m.trigger.project, []).append((d, m))
    options = []
    for ptype, measures in by_type.items():
        values = given.get(ptype, {})
        fields = {f for _, m in measures if m.rule.form == "rate" for f in (m.rule.base, m.rule.cap_of) if f}
        needs = tuple(sorted(fields - set(values)))
        amounts = {k: v for k, v in values.items() if not isinstance(v, tuple)}
        lists = {k: v for k, v in values.items() if isinstance(v, tuple)}
        event = Project(len(company.projects), ptype, as_of, amounts, lists, hypothetical=True)
        label = f"{vocab.PROJECT_TYPES[ptype].name}{KIND_CN['project']}"
        if needs:  # a rate without its base: the rule in words, no amount
            trigger = {"project": ptype, "date": as_of.isoformat(), "hypothetical": True}
            options.append(
                Option(
                    "project",
                    city,
                    trigger,
                    as_of,
                    label,
                    tuple(measures),
                    in_force=_in_force(measures, docs, as_of),
                    needs=needs,
                    base=dict(values),
                )
            )
            continue
        opt = _option("project", company, docs, city, as_of, base, event, as_of, label, tuple(measures))
        options.append(record.replace(opt, base=dict(values)))
    return options


def _option(
    kind: str,
    company: Company,
    docs: tuple[Document, ...],
    city: City,
    as_of: dt.date,
    base: Report,
    event: Recognition | Project,
    due: dt.date,
    label: str,
    measures: tuple[tuple[Document, Measure], ...],
) -> Option:
    requires = tuple(dict.fromkeys(req for _, m in measures for req in m.trigger.requires))
    missing = tuple(req for req in requires if not company.holds(req.title, req.min_level, due))
    before = company
    if missing:  # assume the prerequisites held on the date, in both evaluations
        extra = tuple(
            Recognition(
                len(company.recognitions) + 1 + i,
                req.title,
                req.min_level or (vocab.TITLES[req.title].levels or (None,))[0],
                due,
                hypothetical=True,
            )
            for i, req in enumerate(missing)
        )
        before = record.replace(company, recognitions=company.recognitions + extra)
        base = evaluate(before, docs, city=city, as_of=as_of)
    trigger: dict[str, Any]
    if isinstance(event, Recognition):
        after = record.replace(before, recognitions=(*before.recognitions, event))
        trigger = {
            "title": event.title,
            "level": event.level,
            "date": due.isoformat(),
            "review": event.review,
            **({"name": event.name} if event.name else {}),
            "hypothetical": True,
        }
    else:
        after = record.replace(before, projects=(*before.projects, event))
        trigger = {"project": event.type, "date": due.isoformat(), "hypothetical": True}
    changed = _changed(base.awards, evaluate(after, docs, city=city, as_of=as_of).awards)
    amount, by_certainty, by_level, unquantified = _sums(changed)
    projected = sum(
        (
            a.amount - (p.amount or 0) if p is not None else a.amount
            for a, p in changed
            if a.amount is not None and a.status == "projected"
        ),
        Decimal("0.00"),
    )
    return Option(
        kind,
        city,
        trigger,
        due,
        label,
        measures,
        tuple(a for a, _ in changed),
        amount,
        by_certainty,
        by_level,
        unquantified,
        requires,
        not missing,
        _in_force(measures, docs, due),
        projected=projected,
    )


def _key(a: Award) -> tuple[str, Any, str | None]:
    """The same award before and after an event: a yearly-capped award is that of its year (and of its part: counted
    or planned), whichever projects it holds; any other is that of its entry."""
    t = a.trigger
    if "year" in t:
        return (a.measure.id, t["year"], a.status)
    return (a.measure.id, t.get("entry"), None)


def _changed(before: tuple[Award, ...], after: tuple[Award, ...]) -> list[tuple[Award, Award | None]]:
    """The awards of ``after`` that are new or differ from ``before``, each with its earlier version."""
    old = {_key(a): a for a in before}
    out = []
    for a in after:
        prev = old.get(_key(a))
        if prev is None or prev.amount != a.amount or prev.status != a.status:
            out.append((a, prev))
    return out


#: The statuses of awards that add nothing to an option: another award for the same event is paid instead
#: (stacked: 就高不重复; superseded: the newer document's), as in ``check --add``. An award outside its document's
#: window still shows what the option would pay (the option is then not in force, never ranked).
_INSTEAD = ("stacked", "superseded")


def _sums(
    changed: list[tuple[Award, Award | None]],
) -> tuple[Decimal | None, dict[str, Decimal], dict[str, Decimal], int]:
    """What the changed awards add: new counted amounts less earlier ones, by certainty class and payer level."""
    zero = Decimal("0.00")
    by_certainty = dict.fromkeys(vocab.CERTAINTIES, zero)
    by_level = dict.fromkeys(vocab.PAYER_LEVELS, zero)
    amount = zero
    quantified = False
    unquantified = 0
    for a, prev in changed:
        if a.amount is None:
            unquantified += a.bound == "unquantified" and a.status not in _INSTEAD
            continue
        quantified = True
        adds = a.status not in _INSTEAD
        had = prev is not None and prev.amount is not None and prev.status not in _INSTEAD
        delta = (a.amount if adds else zero) - (prev.amount if had and prev is not None and prev.amount else zero)
        amount += delta
        by_certainty[certainty_of(a.measure, a.bound)] += delta  # = a.certainty (the award has an amount here)
        earlier = dict(prev.funding) if had and prev is not None else {}
        for level, part in a.funding if adds else ():
            by_level[level] += part or 0
        for level, part in earlier.items():
            by_level[level] -= part or 0
    if not quantified and (unquantified or not changed):
        return (None if unquantified else zero), by_certainty, by_level, unquantified
    return amount, by_certainty, by_level, unquantified


def _in_force(measures: Iterable[tuple[Document, Measure]], docs: tuple[Document, ...], day: dt.date) -> bool:
    """Whether the documents that pay (or, when none does, any document of the city) are in force."""
    paying = {d.id: d for d, _ in measures} or {d.id: d for d in docs}
    return bool(paying) and all(d.window.in_force(day) for d in paying.values())


def _holds_at_or_above(company: Company, title: str, level: str | None) -> bool:
    """A new recognition or a re-review passed (which implies the title is held) at ``level`` or above."""
    for r in company.recognitions:
        if r.title == title and (level is None or r.level is None or vocab.level_at_least(r.level, level)):
            return True
    return False


def _title_cn(title: str, level: str | None) -> str:
    return f"{vocab.LEVEL_CN[level] if level else ''}{vocab.TITLES[title].name}"


def add_years(day: dt.date, years: int) -> dt.date | None:
    """The same day ``years`` later; 29 February becomes 28 February. None past the year 9999."""
    if day.year + years > dt.MAXYEAR:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
