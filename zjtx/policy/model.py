"""The policy data model and its validation. Pure: takes a parsed YAML document (a dict) and returns a
:class:`Document`, or the list of problems found (``file: entry id: field: what is wrong``).

One YAML file holds one policy document; each of its ``measures`` is one entry::

    - id: wf.service_mfg.national            # stable, unique across all documents
      title: 国家级服务型制造示范企业奖励
      trigger: {title: service_manufacturing, level: national}     # or {project: …} or {general: true}
      rule: {amount: 50万}                   # amount | up_to | rate (+ of, cap, cap_of, per) | unquantified | benefit
      funding: municipal                     # or {provincial: 8/10, municipal: 2/10} or unspecified
      clause: 二(二)6
      quote: 对新认定的国家级、省级服务型制造示范企业(平台、项目),由市级财政分别给予50万元、20万元奖励。

See docs/policy-format.md ("Writing a policy document of your own") for every key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from functools import cached_property
from typing import TYPE_CHECKING

from zjtx.record import Record, record

if TYPE_CHECKING:
    from zjtx.places import Division

DOCUMENT_KEYS = (
    "id",
    "city",
    "title",
    "short",
    "issuer",
    "number",
    "issued",
    "window",
    "partial",
    "source",
    "notes",
    "funding",
    "readings",
    "supersedes",
    "zones",
    "titles",
    "projects",
    "measures",
)
ZONE_KEYS = ("name", "aliases", "counts_as", "note")
MEASURE_KEYS = (
    "id",
    "title",
    "trigger",
    "rule",
    "funding",
    "funding_by_district",
    "contingent",
    "selective",
    "recipient",
    "clause",
    "quote",
    "conditions",
    "notes",
    "assessment",
    "reading",
    "variants",
    "draft",
    "departments",
    "departments_note",
    "highest_per_year",
    "stacking",
)
#: What a variant (another reading of the text) may change about a measure.
VARIANT_KEYS = ("trigger", "rule", "recipient", "assessment", "highest_per_year")
BOUND_KEYS = ("not_before", "not_after", "reason")
READING_KEYS = ("id", "question", "clause", "taken", "options", "why")
ASSESSMENTS = ("following_year",)
TRIGGER_KEYS = ("title", "titles", "level", "levels", "min_level", "review", "project", "requires", "general")
RULE_KEYS = (
    "amount",
    "up_to",
    "rate",
    "of",
    "rate_up_to",
    "cap",
    "cap_of",
    "cap_of_shared_years",
    "per",
    "unquantified",
    "benefit",
)
RULE_FORMS = ("amount", "up_to", "rate", "unquantified", "benefit")


@record
class Bound(Record):
    """An end of a window known only approximately: not before / not after a date, and why."""

    not_before: dt.date | None
    not_after: dt.date | None
    reason: str


@record
class Window(Record):
    start: dt.date | None  # None: open at the start; with start_bound: the earliest possible start
    end: dt.date | None  # None: no end stated; with end_bound: the latest possible end
    start_bound: Bound | None = None  # the start is known only as not before / not after a date
    end_bound: Bound | None = None

    def status(self, day: dt.date) -> str:
        return self.span(day, day)[0]

    def in_force(self, day: dt.date) -> bool:
        return self.status(day) == "eligible"

    def span(self, first: dt.date, last: dt.date) -> tuple[str, str | None]:
        """The status of an event known to fall between ``first`` and ``last`` (one day, or an assessment
        year), and why it is uncertain: ``(eligible | expired | not_yet_in_force, reason or None)``.
        Outside the hard bounds it is out of the window; inside them but not wholly inside the range
        where the document is certainly in force, it counts and is flagged with the reason."""
        if self.start is not None and last < self.start:
            return "not_yet_in_force", None
        if self.end is not None and first > self.end:
            return "expired", None
        sure_start = self.start if self.start_bound is None else (self.start_bound.not_after or dt.date.max)
        sure_end = self.end if self.end_bound is None else (self.end_bound.not_before or dt.date.min)
        if sure_start is not None and first < sure_start:
            if self.start_bound is not None and last >= (self.start or dt.date.min):
                return "eligible", self.start_bound.reason
            return "eligible", f"{first} 至 {last} 跨越文件施行日 {self.start}: 该期间的评审是否在施行之后无法确定"
        if sure_end is not None and last > sure_end:
            if self.end_bound is not None:
                return "eligible", self.end_bound.reason
            return "eligible", f"{first} 至 {last} 跨越文件终止日 {self.end}: 该期间的评审是否在终止之前无法确定"
        return "eligible", None


#: The shares of a document that does not say who pays (built once: ``specified`` is asked per award).
_UNSPECIFIED_SHARES = (("unspecified", Fraction(1)),)


@record
class Funding(Record):
    """Who pays, as exact shares that sum to 1; ``unspecified`` when the document does not say."""

    shares: tuple[tuple[str, Fraction], ...]

    @property
    def specified(self) -> bool:
        return self.shares != _UNSPECIFIED_SHARES


UNSPECIFIED = Funding(_UNSPECIFIED_SHARES)


@record
class DistrictFunding(Record):
    label: str  # e.g. 县(市、区)部分
    districts: tuple[str, ...]  # whole names of county-level divisions or of the document's zones
    funding: Funding
    note: str | None = None
    types: tuple[str, ...] = ()  # county_level / urban_district: every division of that category

    def covers(self, district: Division) -> bool:
        """Whether this part covers ``district`` (a :class:`~zjtx.places.Division`): by whole name or type."""
        return district.name in self.districts or (district.category is not None and district.category in self.types)


@record
class Requirement(Record):
    """The company must hold ``title`` (at ``min_level`` or above) on the triggering date."""

    title: str
    min_level: str | None


@record
class Trigger(Record):
    kind: str  # "title" | "project" | "general"
    titles: tuple[str, ...] = ()
    levels: tuple[str, ...] | None = None  # None: any level
    review: bool = False
    project: str | None = None
    requires: tuple[Requirement, ...] = ()
    min_level: str | None = None  # how the levels were written (省级及以上), for descriptions

    def matches_level(self, level: str | None) -> bool:
        return self.levels is None or level in self.levels


@record
class Rule(Record):
    form: str  # "amount" | "up_to" | "rate" | "unquantified" | "benefit"
    amount: Decimal | None = None  # amount / up_to
    rate: Fraction | None = None
    base: str | None = None  # the company field the rate applies to
    rate_up_to: bool = False  # 不高于 …%: the rate itself is a ceiling
    cap: Decimal | None = None  # a fixed cap (最高 / 不超过)
    cap_of: str | None = None  # a cap taken from another figure of the company
    per: str = "project"  # what the fixed cap applies to: each project, or each calendar year
    cap_of_shared_years: int | None = None  # cap_of is one budget shared by the projects of this many years
    text: str | None = None  # unquantified / benefit: what the document promises

    @property
    def bound(self) -> str:
        """exact | up_to | unquantified | non_monetary"""
        if self.form == "amount":
            return "exact"
        if self.form == "up_to" or (self.form == "rate" and self.rate_up_to):
            return "up_to"
        if self.form == "rate":
            return "exact"
        return "unquantified" if self.form == "unquantified" else "non_monetary"


@record
class Reading(Record):
    """Text that supports more than one reading that changes money: the one taken and the others."""

    id: str
    question: str
    clause: str
    taken: str  # the id of the option the data's measures encode
    options: tuple[tuple[str, str], ...]  # (option id, what it means), the taken one included
    why: str | None = None  # why the taken option is taken

    def text(self, option: str) -> str:
        return dict(self.options)[option]


@record
class Variant(Record):
    """How a measure reads under another option of its reading: a different trigger or rule, or not at all."""

    option: str
    trigger: Trigger | None = None
    rule: Rule | None = None
    dropped: bool = False  # under this option the measure does not apply
    recipient: str | None = None  # under this option the award goes to another recipient (district)
    assessment: str | None = None  # under this option it is awarded in the following year's round
    highest_per_year: str | None = None  # under this option only the largest award of the group is paid a year


@record
class Stacking(Record):
    """How a measure's money meets that of other measures (another level's) for the same event."""

    rule: str  # highest (就高不重复: only the highest counts) | top_up (差额: pays what the others did not)
    with_: tuple[str, ...]  # the measure ids (``with`` in the YAML)


@record(eq=False)  # an entity: equal only to itself (and cheap to hash)
class Measure(Record):
    id: str
    title: str
    trigger: Trigger
    rule: Rule
    funding: Funding
    clause: str
    quote: str
    document_id: str
    funding_by_district: tuple[DistrictFunding, ...] = ()
    contingent: bool = False  # the money must first be won from a higher level (争取省级…)
    selective: bool = False  # granted selectively (择优)
    recipient: str = "company"  # "company" | "district": a district award is never the company's
    conditions: str | None = None
    notes: str | None = None
    assessment: str | None = None  # following_year: awarded in the year after its event (上年度…)
    reading: str | None = None  # the id of the document's reading this measure depends on
    variants: tuple[Variant, ...] = ()  # how it reads under the other options
    choice: str | None = None  # the option in effect (None: the reading's taken one)
    draft: bool = False  # written by `zjtx data draft` and not yet reviewed (the reviewer deletes draft: true)
    departments: tuple[str, ...] = ()  # 责任单位 / 牵头单位 named after its task, in the document's order
    departments_note: str | None = None  # e.g. 以下任务均需各县市区落实,不再一一列出
    highest_per_year: str | None = None  # of the measures sharing this group, an event year pays only the largest
    stacking: Stacking | None = None  # how it meets the named measures' money for the same event
    unread: Measure | None = None  # as the data write it, when ``choice`` made this one (apply_readings)

    def funding_for(self, district: Division | None) -> tuple[Funding, str | None]:
        """The funding that applies to a company in ``district`` (a validated :class:`~zjtx.places.Division`,
        matched by whole name or type — never by a part of a name) and a note on why. Where no part covers the
        district, the measure's own funding applies (a note says so only when it names no payer)."""
        if self.funding_by_district:
            if district is not None:
                # A division named by its whole name wins over one covered by its type.
                named = [r for r in self.funding_by_district if district.name in r.districts]
                for rule in named or [r for r in self.funding_by_district if r.covers(district)]:
                    about = f" ({district.note})" if district.note and district.document is None else ""
                    return rule.funding, f"{rule.label}: {district.name}{about}" + (
                        f" — {rule.note}" if rule.note else ""
                    )
                if self.funding.specified:
                    return self.funding, None
                return self.funding, f"{district.name} 不在本文件列出的县(市、区)或市区范围内,出资方未明确"
            if self.funding.specified:
                return self.funding, None
            return self.funding, "公司文件未写 district,无法确定由县(市、区)还是市区承担"
        return self.funding, None


@record(eq=False)  # an entity: equal only to itself (and cheap to hash)
class Document(Record):
    id: str
    city: str
    title: str
    issuer: str
    number: str | None
    issued: dt.date | None
    window: Window
    partial: str | None  # why the copy is incomplete, or None
    source: str | None
    notes: str | None
    measures: tuple[Measure, ...]
    file: str = ""
    short: str | None = None  # a short name for tables
    readings: tuple[Reading, ...] = ()

    def reading(self, reading_id: str) -> Reading | None:
        return self.readings_by_id.get(reading_id)

    @cached_property
    def readings_by_id(self) -> dict[str, Reading]:
        return {r.id: r for r in self.readings}

    supersedes: tuple[str, ...] = ()  # ids of the documents this one replaces, for events in its window
    zones: tuple[Division, ...] = ()  # the zones (园区) it declares, as zjtx.places.Division
    scope: str = "municipal"  # where it applies: municipal (its city), provincial (every city of its province:
    # city is the province's code), central (every city: city is national); also its default payer

    @property
    def label(self) -> str:
        return self.short or self.title

    @cached_property
    def groups(self) -> bool:
        """Whether a measure pays only the largest award of a group a year (highest_per_year), or would under
        another reading of its text."""
        return any(m.highest_per_year or any(v.highest_per_year for v in m.variants) for m in self.measures)

    @cached_property
    def stacks(self) -> bool:
        """Whether a measure of it says how it stacks with others (``stacking:``): zjtx.awards.stacking."""
        return any(m.stacking for m in self.measures)

    @cached_property
    def index(self) -> tuple[tuple[Measure, ...], dict[str, tuple[int, ...]], dict[str, tuple[int, ...]]]:
        """(general measures, title -> positions of the measures it can trigger, project type -> positions),
        so the engine visits only the measures a company can trigger, still in document order."""
        general = tuple(m for m in self.measures if m.trigger.kind == "general" and m.recipient == "company")
        by_title: dict[str, list[int]] = {}
        by_project: dict[str, list[int]] = {}
        for pos, m in enumerate(self.measures):
            if m.recipient != "company":
                continue
            if m.trigger.kind == "title":
                for t in m.trigger.titles:
                    by_title.setdefault(t, []).append(pos)
            elif m.trigger.kind == "project" and m.trigger.project is not None:  # validation sets a project
                by_project.setdefault(m.trigger.project, []).append(pos)
        return general, {k: tuple(v) for k, v in by_title.items()}, {k: tuple(v) for k, v in by_project.items()}

    @property
    def citation(self) -> str:
        """《title》 with its number when it has one."""
        return f"{self.issuer}《{self.title}》" + (f"({self.number})" if self.number else "")


# ------------------------------------------------------------------------------------------ which apply


#: The ``city`` of a central document (the whole country): zjtx.places.NATIONAL.
NATIONAL = "national"


def documents_for(documents: Iterable[Document], city: str) -> tuple[Document, ...]:
    """The documents that apply to a company in ``city`` (a GB/T 2260 city code), in catalog order: the city's
    own, its province's (``city: "370000"``) and the central ones (``city: national``). Every question of
    "which documents, which measures" starts here (the engine, plan, the listings, the workbook).
    (A municipality's code is its own province's: 北京市 110000 is a city, never a province.)"""
    province = city[:2] + "0000"
    return tuple(d for d in documents if d.city == city or d.city == province or d.city == NATIONAL)


# ----------------------------------------------------------------------------------------------- readings


class ReadingError(ValueError):
    """An unknown reading or option (the message names the closest valid one)."""


def resolve_reading(documents: tuple[Document, ...], key: str, option: str) -> tuple[str, str]:
    """``MEASURE=OPTION`` or ``READING=OPTION`` -> (reading id, option id); ReadingError with a suggestion."""
    from zjtx.vocab import did_you_mean

    readings = {r.id: r for d in documents for r in d.readings}
    by_measure = {m.id: m.reading for d in documents for m in d.measures if m.reading}
    reading_id = key if key in readings else by_measure.get(key)
    if reading_id is None:
        known = sorted(set(readings) | set(by_measure))
        raise ReadingError(
            f"no measure or reading {key!r} has readings{did_you_mean(key, known)}; "
            f"those that do: {', '.join(known) or 'none'}"
        )
    reading = readings[reading_id]
    ids = [o for o, _ in reading.options]
    if option not in ids:
        raise ReadingError(
            f"{reading_id} has no reading {option!r}{did_you_mean(option, ids)}; expected one of: {', '.join(ids)}"
        )
    return reading_id, option


def apply_readings(documents: tuple[Document, ...], choices: dict[str, str]) -> tuple[Document, ...]:
    """The documents as read under ``choices`` (reading id -> option id): each measure of a chosen reading
    takes that option's trigger and rule, or is left out where the option says it does not apply."""
    if not choices:
        return documents
    from zjtx.record import replace

    out = []
    for doc in documents:
        if not any(r.id in choices for r in doc.readings):
            out.append(doc)
            continue
        measures = []
        for m in doc.measures:
            option = choices.get(m.reading or "")
            reading = doc.reading(m.reading) if m.reading else None
            if option is None or reading is None:
                measures.append(m)
                continue
            m = m.unread or m  # read afresh from the data, also when another option was applied before
            if option == reading.taken:
                measures.append(m)
                continue
            v = next((v for v in m.variants if v.option == option), None)
            # The taken option becomes one of the others: the measure as written.
            taken = Variant(
                reading.taken,
                trigger=m.trigger,
                rule=m.rule if v is not None and v.rule is not None else None,
                recipient=m.recipient if v is not None and (v.recipient or v.dropped) else None,
            )
            variants = (*(x for x in m.variants if x.option != option), taken)
            if v is not None and v.dropped:
                measures.append(replace(m, choice=option, recipient="nobody", variants=variants, unread=m))
                continue
            measures.append(
                replace(
                    m,
                    trigger=(v and v.trigger) or m.trigger,
                    rule=(v and v.rule) or m.rule,
                    recipient=(v and v.recipient) or m.recipient,
                    assessment=(v and v.assessment) or m.assessment,
                    highest_per_year=(v and v.highest_per_year) or m.highest_per_year,
                    choice=option,
                    variants=variants,
                    unread=m,
                )
            )
        out.append(replace(doc, measures=tuple(measures)))
    return tuple(out)
