"""The events of a company file as the awards name them: a recognition's or a project's trigger (the dict shown
in JSON), whether a trigger matches a recognition, and why an entry is read as the renewal of an earlier one.
Pure; shared by the engine (zjtx.awards.engine) and the list of events that trigger nothing
(zjtx.awards.unmatched)."""

from __future__ import annotations

from typing import Any

from zjtx import vocab
from zjtx.company.model import Project, Recognition
from zjtx.policy.model import Trigger


def event_of(trigger: dict) -> tuple[Any, ...]:
    """What identifies the event an award is paid for (from its trigger): the company's entry (or entries) and
    the year — two awards for one event share it."""
    return (trigger.get("entry"), tuple(trigger.get("entries", ())), trigger.get("year"))


def entry_of(trigger: dict) -> tuple[Any, ...]:
    """The company-file entry (or entries) an award is paid for, whatever the year a ``per: year`` award is
    keyed by: for stacking rules, awards of different measures for one recognition or one project are one
    event (:func:`event_of` keeps the year, which tells apart a yearly award's counted and planned parts)."""
    return event_of(trigger)[:2]


def renewal_note(r: Recognition) -> str:
    """Why an entry that does not say ``review`` is read as the renewal of an earlier one."""
    title = vocab.TITLES[r.title]
    word = "重新认定" if title.recertified else "复核"
    return (
        f"recognitions[{r.index}] 未写 review,且 recognitions[{r.renews}] 为同一称号、同一层级、日期在先的认定: "
        f"按{word}计 (review = true);若是期满失效后重新获得的新认定,请写 review = false"
    )


def recognition_trigger(r: Recognition) -> dict:
    trigger: dict = {
        "title": r.title,
        "level": r.level,
        "date": r.date.isoformat(),
        "review": r.review,
        "entry": f"recognitions[{r.index}]",
    }
    if r.renews is not None:
        trigger["renews"] = f"recognitions[{r.renews}]"
    if r.name:
        trigger["name"] = r.name
    if r.hypothetical:
        trigger["hypothetical"] = True
    return trigger


def matches(t: Trigger, r: Recognition) -> bool:
    return r.title in t.titles and t.matches_level(r.level) and r.review == t.review


def project_trigger(group: list[Project]) -> dict:
    last = max(group, key=lambda p: p.date)
    trigger: dict = {"project": last.type, "date": last.date.isoformat()}
    if len(group) == 1:
        trigger["entry"] = f"projects[{last.index}]"
        if last.name:
            trigger["name"] = last.name
    else:
        trigger["entries"] = [f"projects[{p.index}]" for p in group]
    if any(p.hypothetical for p in group):
        trigger["hypothetical"] = True
    return trigger
