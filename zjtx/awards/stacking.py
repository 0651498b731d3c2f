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

from zjtx import money, vocab
from zjtx.awards.describe import step_funding
from zjtx.awards.events import entry_of
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
    @property
    def certainty(self) -> str | None: ...


A = TypeVar("A", bound=_Award)

#: The status of an award not counted because a higher one for the same event is (就高不重复).
STACKED = "stacked"


def _name(a: _Award) -> str:
    amount = f"{money.fmt_yuan(a.amount)}元" if a.amount is not None else "未量化"
    return f"《{a.document.label}》{a.measure.title} ({a.measure.id}) {amount}"


def stack(awards: list[A], district: Division | None) -> list[A]:
    """Apply every ``stacking`` rule of the awards' measures (see the module's text). One event is one entry of
    the company file (a recognition, a project — or the projects a yearly award holds together), whatever the
    year a ``per: year`` award is keyed by; only awards of the same status meet (counted with counted, planned
    with planned). The result never depends on the order of the documents or their file names."""
    live = [i for i, a in enumerate(awards) if a.status in ("eligible", "projected") and a.amount is not None]
    by_event: dict[tuple[Any, ...], list[int]] = {}
    for i in live:
        by_event.setdefault((awards[i].status, *entry_of(awards[i].trigger)), []).append(i)
    out = list(awards)
    for indices in by_event.values():
        for group in _highest_groups(awards, indices):
            _keep_highest(awards, out, group)
        for i in _top_up_order(awards, indices):
            _top_up(out, i, indices, district)
    _not_met(awards, out, live)
    return out


def _not_met(awards: list[A], out: list[A], live: list[int]) -> None:
    """A rule whose named measure pays for some of the same projects, but together with others (a yearly award
    holding several projects), is not applied: the award's steps say so, never silently."""

    def entries(a: _Award) -> set[str]:
        entry, group = entry_of(a.trigger)
        return {entry} if entry else set(group)

    for i in live:
        a = awards[i]
        if a.measure.stacking is None:
            continue
        for j in live:
            b = awards[j]
            if b.status != a.status or not _names(a, b) or entry_of(a.trigger) == entry_of(b.trigger):
                continue
            if entries(a) & entries(b):
                out[i] = replace(
                    out[i],
                    steps=(
                        *out[i].steps,
                        f"叠加规则 (stacking: {a.measure.stacking.rule}) 未适用于 {_name(b)}: 其奖励按"
                        f"{'、'.join(sorted(entries(b)))}合计计算,与本项 ({'、'.join(sorted(entries(a)))}) "
                        "不是同一事件,两项均按各自规则计算,请向主管部门核实",
                    ),
                )


def _highest_groups(awards: list[A], indices: list[int]) -> list[list[int]]:
    """The groups ``highest`` rules join among one event's awards: the connected components of the ``with``
    relation, read both ways (a highest with b and b highest with c make one group of a, b and c)."""
    linked: dict[int, set[int]] = {i: set() for i in indices}
    for i in indices:
        for j in indices:
            if i != j and _rule(awards[i]) == "highest" and _names(awards[i], awards[j]):
                linked[i].add(j)
                linked[j].add(i)
    groups, seen = [], set()
    for i in indices:
        if i in seen or not linked[i]:
            continue
        group, todo = [], [i]
        seen.add(i)
        while todo:
            k = todo.pop()
            group.append(k)
            todo += [j for j in linked[k] if j not in seen]
            seen.update(linked[k])
        groups.append(sorted(group, key=lambda k: _rank(awards[k])))
    return groups


def _rank(a: _Award) -> tuple[Any, ...]:
    """The order of a ``highest`` group, the counted award first: the higher stated amount; on a tie the more
    certain class (fixed before ceiling, selective, contingent, estimate), then the smaller measure id — never
    the order of the files."""
    return (-(a.amount or Decimal(0)), vocab.CERTAINTIES.index(a.certainty or "fixed"), a.measure.id)


def _keep_highest(awards: list[A], out: list[A], group: list[int]) -> None:
    """就高不重复: the first of ``group`` (:func:`_rank`) is counted, the others are listed as stacked, naming it."""
    top = group[0]
    for j in group:
        a = out[j]
        if j == top:
            others = "、".join(_name(awards[k]) for k in group if k != j)
            note = f"就高不重复 (stacking: highest): 同一事件 {others} 不重复计,本项最高,计入"
            out[j] = replace(a, steps=(*a.steps, note))
        else:
            note = (
                f"就高不重复 (stacking: highest): 同一事件已计 {_name(awards[top])},"
                f"本项 {money.fmt_yuan(a.amount or Decimal(0))}元不计入合计"
            )
            out[j] = replace(a, status=STACKED, steps=(*a.steps, note))


def _top_up_order(awards: list[A], indices: list[int]) -> list[int]:
    """The event's ``top_up`` awards, each after every award it names (so it reads what those paid after their
    own rule); among those free to go, by measure id. ``zjtx data check`` refuses a cycle; were one left, its
    awards follow by measure id."""
    ups = [i for i in indices if _rule(awards[i]) == "top_up"]
    needs = {i: {j for j in ups if j != i and _names(awards[i], awards[j])} for i in ups}
    order: list[int] = []
    while needs:
        ready = [i for i, n in needs.items() if not n] or list(needs)
        first = min(ready, key=lambda i: (awards[i].measure.id, i))
        order.append(first)
        del needs[first]
        for n in needs.values():
            n.discard(first)
    return order


def _top_up(out: list[A], i: int, indices: list[int], district: Division | None) -> None:
    """差额: award ``i`` pays its amount less what the named measures' awards for the event paid (never below 0);
    its payer shares and years are those of what it pays, and its steps say so."""
    a = out[i]
    rule = a.measure.stacking
    if rule is None or a.amount is None or a.status == STACKED:
        return
    paid = [j for j in indices if j != i and out[j].measure.id in rule.with_ and out[j].status != STACKED]
    if not paid:
        return
    before = sum((out[j].amount or Decimal(0) for j in paid), Decimal("0.00"))
    pays = max(a.amount - before, Decimal("0.00"))
    names = "、".join(_name(out[j]) for j in paid)
    note = (
        f"差额 (stacking: top_up): 本项 {money.fmt_yuan(a.amount)}元 减去同一事件已得 {names} "
        f"= {money.fmt_yuan(pays)}元" + (" (不低于0)" if a.amount < before else "")
    )
    funding_rule = a.measure.funding_for(district)[0]
    funding = split(pays, funding_rule)
    by_year = rebased(a.by_year, pays)
    steps = [note, f"差额后出资: {step_funding(funding_rule, funding)}"]
    if len(by_year) > 1:
        steps.append("差额后按年度: " + "、".join(f"{y}年 {money.fmt_yuan(part)}元" for y, part in by_year))
    out[i] = replace(a, amount=pays, funding=funding, by_year=by_year, steps=(*a.steps, *steps))


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
