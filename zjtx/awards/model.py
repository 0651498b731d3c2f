"""What the calculator returns: an :class:`Award` (with its measure, document, event, steps, payer shares and
status), an :class:`Unmet` condition, a city's :class:`General` measures, the :class:`Totals` and the
:class:`Report`; and how an award's certainty class is decided. Records only, pure; ``zjtx.awards.engine``
builds them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from zjtx import vocab
from zjtx.awards.unmatched import Unmatched
from zjtx.company.model import Company
from zjtx.places import City
from zjtx.policy.model import Document, Measure, Reading
from zjtx.record import Record, factory, later, record

#: The words for statuses and certainty classes are vocab's (STATUS, CERTAINTY): ``eligible`` (the trigger date
#: is inside the document's window and not after the as-of date), ``expired`` / ``not_yet_in_force`` (outside the
#: window), ``projected`` (inside the window but after the as-of date: a planned event), ``superseded``. Only
#: ``eligible`` awards count.


@record
class Award(Record):
    measure: Measure
    document: Document
    trigger: dict[str, Any]  # what triggered it, as shown in the JSON output
    date: dt.date  # the trigger date: decides the window (or its assessment year does) and projected
    status: str  # eligible | expired | not_yet_in_force | projected
    bound: str  # exact | up_to | unquantified | non_monetary
    amount: Decimal | None  # yuan, to the fen; None when unquantified / non-monetary
    funding: tuple[tuple[str, Decimal | None], ...]  # (payer level, amount)
    steps: tuple[str, ...]
    window_uncertain: bool = False  # counted, but the document's window is known only as a bound here
    assessment_year: int | None = None  # awarded in this year's round (上年度…), the year tested on the window
    reading: tuple[Reading, str] | None = None  # the amount depends on this reading; the option in effect
    also_covered_by: tuple[tuple[str, str], ...] = ()  # (document id, measure id) paying for the same event
    by_year: tuple[tuple[int, Decimal], ...] = ()  # the amount by the year it is expected (adds up to it exactly)

    @property
    def counted(self) -> bool:
        return self.status == "eligible" and self.amount is not None

    @property
    def certainty(self) -> str | None:
        """fixed | ceiling | selective | contingent | estimate; None when there is no amount to be certain of."""
        if self.amount is None:
            return None
        return certainty_of(self.measure, self.bound)


@record
class Unmet(Record):
    """A measure whose trigger the company has but whose condition it does not meet."""

    measure: Measure
    document: Document
    trigger: dict[str, Any]
    reason: str


@record  # a value: hashable, so per-city report parts can be cached
class General(Record):
    """A measure of the city not tied to one of the company's events (listing support, loans …)."""

    measure: Measure
    document: Document
    in_force: bool


@record
class Totals(Record):
    amount: Decimal
    by_level: dict[str, Decimal]
    unquantified: int
    bound: str  # exact, or up_to when any counted award is an upper bound
    out_of_window: int  # awards listed but not counted because of their document's window
    contingent: Decimal  # part of ``amount`` that must first be won from a higher level
    by_certainty: dict[str, Decimal]  # ``amount`` split by certainty class: the parts add up to it exactly
    projected: Decimal  # the sum of the awards whose trigger date is after the as-of date (not in ``amount``)
    projected_count: int
    window_uncertain: Decimal = Decimal("0.00")  # part of ``amount`` whose document window is known only as a bound
    window_uncertain_count: int = 0
    by_year: dict[int, Decimal] = factory(default_factory=dict)  # ``amount`` by the year expected, adding up to it
    stacked: int = 0  # awards listed but not counted: a higher one for the same event is (就高不重复)


@record
class Report(Record):
    company: Company
    city: City
    documents: tuple[Document, ...]
    awards: tuple[Award, ...]
    benefits: tuple[Award, ...]
    unmet: tuple[Unmet, ...]
    general: tuple[General, ...]
    as_of: dt.date
    unmatched: tuple[Unmatched, ...] = ()
    totals: Totals = later(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "totals", totals(self.awards))

    @property
    def quantified(self) -> bool:
        """Whether the city's documents state any amount at all."""
        return any(m.rule.form in ("amount", "up_to", "rate") for d in self.documents for m in d.measures)


@lru_cache(maxsize=4096)  # per measure (an entity, hashed by identity): called for every award and total
def forecast_based(m: Measure) -> bool:
    """Whether the measure's amount is computed from a forecast the company supplies: a rate of (or capped by)
    an amount field that the project-type vocabulary marks as a forecast (vocab ``forecast``)."""
    r = m.rule
    return r.form == "rate" and any(vocab.is_forecast(m.trigger.project, f) for f in (r.base, r.cap_of))


vocab.on_vocabulary_change(forecast_based.cache_clear)  # the forecast flags are the vocabulary's


def certainty_of(m: Measure, bound: str) -> str:
    """The least certain class that applies (vocab.CERTAINTY): estimate, contingent, selective, ceiling, fixed."""
    if forecast_based(m):
        return "estimate"
    if m.contingent:
        return "contingent"
    if m.selective:
        return "selective"
    return "ceiling" if bound == "up_to" else "fixed"


def totals(awards: Iterable[Award]) -> Totals:
    by_level = {lv: Decimal("0.00") for lv in vocab.PAYER_LEVELS}
    by_certainty = {c: Decimal("0.00") for c in vocab.CERTAINTIES}
    amount = contingent = projected = uncertain = Decimal("0.00")
    unquantified = out = projected_count = uncertain_count = stacked = 0
    by_year: dict[int, Decimal] = {}
    bound = "exact"
    for a in awards:
        if a.status == "projected":
            projected_count += 1
            projected += a.amount or 0
            continue
        if a.status == "stacked":  # 就高不重复: a higher award for the same event is counted
            stacked += 1
            continue
        if a.status != "eligible":
            out += 1
            continue
        if a.amount is None:
            unquantified += a.bound == "unquantified"
            continue
        amount += a.amount
        if a.window_uncertain:
            uncertain += a.amount
            uncertain_count += 1
        if a.bound == "up_to":
            bound = "up_to"
        if a.measure.contingent:
            contingent += a.amount
        by_certainty[certainty_of(a.measure, a.bound)] += a.amount  # = a.certainty (the award has an amount here)
        for level, part in a.funding:
            if part is None:  # pragma: no cover - _split gives every payer a part of an amount
                raise ValueError(f"{a.measure.id}: a payer share without an amount")
            by_level[level] += part
        for year, part in a.by_year:
            by_year[year] = by_year.get(year, Decimal("0.00")) + part
    return Totals(
        amount,
        by_level,
        unquantified,
        bound,
        out,
        contingent,
        by_certainty,
        projected,
        projected_count,
        uncertain,
        uncertain_count,
        dict(sorted(by_year.items())),
        stacked,
    )
