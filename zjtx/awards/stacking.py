"""Where one award's money meets another's for the same event. Pure: awards in, awards out.

- :func:`stack`: a measure's ``stacking`` rule (``zjtx.policy.stacking``) with measures of other documents
  (another level's): ``highest`` (就高不重复) — for one event, of this measure's award and the named ones', only
  the highest is counted; the others are listed with the status ``stacked`` and the reason, naming the award
  counted — never dropped; ``top_up`` (差额) — this award pays its amount less what the named measures paid for
  the same event, never below 0.
- :func:`highest_per_year`: measures of one document sharing a ``highest_per_year`` group (就高, per year).

Every award the rules change says so in its steps.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Protocol, TypeVar

from zjtx import money
from zjtx.awards.events import event_of
from zjtx.awards.shares import rebased, split
from zjtx.places import Division
from zjtx.policy.model import Document, Measure
from zjtx.record import replace


class _Award(Protocol):  # zjtx.awards.engine.Award, as far as stacking reads it
    @property
    def measure(self) -> Measure: ...
    @property
    def document(self) -> Document: ...
    @property
    def trigger(self) -> dict[str, Any]: ...
    @property
    def status(self) -> str: ...
    @property
    def amount(self) -> Decimal | None: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def steps(self) -> tuple[str, ...]: ...
    @property
    def by_year(self) -> tuple[tuple[int, Decimal], ...]: ...
    @property
    def reading(self) -> Any: ...


A = TypeVar("A", bound=_Award)

#: The status of an award not counted because a higher one for the same event is (就高不重复).
STACKED = "stacked"


def _name(a: _Award) -> str:
    amount = f"{money.fmt_yuan(a.amount)}元" if a.amount is not None else "未量化"
    return f"《{a.document.label}》{a.measure.title} ({a.measure.id}) {amount}"


def stack(awards: list[A], district: Division | None) -> list[A]:
    """Apply every ``stacking`` rule of the awards' measures (see the module's text)."""
    live = [i for i, a in enumerate(awards) if a.status in ("eligible", "projected") and a.amount is not None]
    by_event: dict[tuple[Any, ...], list[int]] = {}
    for i in live:
        by_event.setdefault((awards[i].status, *event_of(awards[i].trigger)), []).append(i)
    out = list(awards)
    for indices in by_event.values():
        by_measure = {awards[i].measure.id: i for i in indices}
        # 就高不重复: the groups of measures one highest rule joins, each resolved once
        done: set[int] = set()
        for i in indices:
            rule = awards[i].measure.stacking
            if rule is None or rule.rule != "highest" or i in done:
                continue
            group = [i] + [by_measure[m] for m in rule.with_ if m in by_measure and by_measure[m] != i]
            group += [
                j for j in indices if j not in group and _names(awards[j], awards[i]) and _rule(awards[j]) == "highest"
            ]
            if len(group) < 2:
                continue
            done.update(group)
            top = max(group, key=lambda j: (awards[j].amount, -j))  # a tie: the award listed first
            for j in group:
                a = out[j]
                others = "、".join(_name(awards[k]) for k in group if k != j)
                if j == top:
                    note = f"就高不重复 (stacking: highest): 同一事件 {others} 不重复计,本项最高,计入"
                    out[j] = replace(a, steps=(*a.steps, note))
                else:
                    note = (
                        f"就高不重复 (stacking: highest): 同一事件已计 {_name(awards[top])},"
                        f"本项 {money.fmt_yuan(a.amount or Decimal(0))}元不计入合计"
                    )
                    out[j] = replace(a, status=STACKED, steps=(*a.steps, note))
        # 差额: what this measure pays beyond what the named ones paid for the event
        for i in indices:
            a = out[i]
            rule = a.measure.stacking
            if rule is None or rule.rule != "top_up" or a.amount is None or a.status == STACKED:
                continue
            paid = [by_measure[m] for m in rule.with_ if m in by_measure and out[by_measure[m]].status != STACKED]
            if not paid:
                continue
            before = sum((out[j].amount or Decimal(0) for j in paid), Decimal("0.00"))
            pays = max(a.amount - before, Decimal("0.00"))
            names = "、".join(_name(out[j]) for j in paid)
            note = (
                f"差额 (stacking: top_up): 本项 {money.fmt_yuan(a.amount)}元 减去同一事件已得 {names} "
                f"= {money.fmt_yuan(pays)}元" + (" (不低于0)" if a.amount < before else "")
            )
            out[i] = replace(
                a,
                amount=pays,
                funding=split(pays, a.measure.funding_for(district)[0]),
                by_year=rebased(a.by_year, pays),
                steps=(*a.steps, note),
            )
    return out


def _rule(a: _Award) -> str | None:
    return a.measure.stacking.rule if a.measure.stacking is not None else None


def _names(a: _Award, b: _Award) -> bool:
    """Whether ``a``'s stacking rule names ``b``'s measure."""
    return a.measure.stacking is not None and b.measure.id in a.measure.stacking.with_


def highest_per_year(awards: list[A], district: Division | None) -> list[A]:
    """Measures of a document sharing a ``highest_per_year`` group pay, for the events of one calendar year, only
    the largest award (就高): the counted awards by amount, largest first, then the projected ones; each pays
    what it adds above the largest before it (0, or the difference). Where another option of a reading puts
    the measures in such a group, an award sharing a year with another of the group depends on that reading."""
    groups: dict[tuple[str, str, int], list[int]] = {}
    possible: dict[tuple[str, str, int], list[int]] = {}
    for i, a in enumerate(awards):
        if a.amount is None or a.status not in ("eligible", "projected"):
            continue
        m = a.measure
        if m.highest_per_year:
            groups.setdefault((a.document.id, m.highest_per_year, a.date.year), []).append(i)
        for v in m.variants:
            if v.highest_per_year and not m.highest_per_year:
                possible.setdefault((a.document.id, v.highest_per_year, a.date.year), []).append(i)
    out = list(awards)
    for indices in possible.values():
        if len(indices) > 1:
            for i in indices:
                a = out[i]
                reading = a.document.reading(a.measure.reading or "")
                if reading is not None and a.reading is None:
                    choice = a.measure.choice or reading.taken
                    step = f"解读 ({reading.id}={choice}): {reading.text(choice)}"
                    out[i] = replace(a, reading=(reading, choice), steps=(*a.steps[:1], step, *a.steps[1:]))
    for (_doc, group, year), indices in groups.items():
        if len(indices) < 2:
            continue
        order = sorted(indices, key=lambda i: (awards[i].status != "eligible", -awards[i].amount, awards[i].date, i))  # type: ignore[operator]
        top = Decimal("0.00")
        first = awards[order[0]]
        for i in order:
            a = awards[i]
            assert a.amount is not None
            pays = max(a.amount - top, Decimal("0.00"))
            if i != order[0]:
                word = "不另行奖励" if pays == 0 else f"只补差额 {money.fmt_yuan(pays)}元"
                note = (
                    f"就高 ({group}): {year}年已计同组《{first.measure.title}》{money.fmt_yuan(top)}元,"
                    f"本项 {money.fmt_yuan(a.amount)}元{word}"
                )
                funding = split(pays, a.measure.funding_for(district)[0])
                by_year = rebased(a.by_year, pays)
                out[i] = replace(a, amount=pays, funding=funding, steps=(*a.steps, note), by_year=by_year)
            top = max(top, a.amount)
    return out
