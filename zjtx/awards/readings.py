"""What each named reading behind an award means for it: the question, the option in effect, and what every
other option would give — the same company computed again under that option (``evaluate`` on the report's
own documents, read under it), its award for the same event looked up. Pure, beside the engine.

Computed on request (the deliverables, the table and the CSV ask for it; the JSON names the readings and
their options without recomputing): one evaluation per other option of each reading a company's awards
depend on.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from zjtx import money, vocab
from zjtx.awards.engine import Award, Report, evaluate
from zjtx.policy.model import Document, Reading, apply_readings
from zjtx.record import Record, record


@record
class Alternative(Record):
    """The award under another option of its reading."""

    option: str
    text: str  # what the option means
    amount: Decimal | None  # the award's amount under it; None: no award for the event (or none with an amount)
    bound: str | None = None  # exact | up_to, when there is an amount
    status: str | None = None  # the award's status under it; None: no award for the event


@record
class Note(Record):
    """A named reading behind one award."""

    reading: Reading
    choice: str  # the option in effect
    alternatives: tuple[Alternative, ...]

    @property
    def default(self) -> bool:
        return self.choice == self.reading.taken


def _event(a: Award) -> tuple:
    t = a.trigger
    return (a.measure.id, t.get("entry"), tuple(t.get("entries", ())), t.get("year"))


@lru_cache(maxsize=64)
def _read_as(documents: tuple[Document, ...], reading: str, option: str) -> tuple[Document, ...]:
    return apply_readings(documents, {reading: option})


def notes(report: Report) -> dict[int, Note]:
    """The reading behind each award of ``report`` that depends on one, by the award's position."""
    used = {a.reading[0].id: a.reading for a in report.awards if a.reading is not None}
    if not used:
        return {}
    under: dict[tuple[str, str], dict[tuple, Award]] = {}
    for rid, (reading, choice) in used.items():
        for option, _ in reading.options:
            if option == choice:
                continue
            other = evaluate(
                report.company, _read_as(report.documents, rid, option), city=report.city, as_of=report.as_of
            )
            under[(rid, option)] = {_event(a): a for a in other.awards}
    out = {}
    for i, a in enumerate(report.awards):
        if a.reading is None:
            continue
        reading, choice = a.reading
        alternatives = []
        for option, text in reading.options:
            if option == choice:
                continue
            b = under[(reading.id, option)].get(_event(a))
            alternatives.append(
                Alternative(
                    option,
                    text,
                    b.amount if b is not None else None,
                    b.bound if b is not None and b.amount is not None else None,
                    b.status if b is not None else None,
                )
            )
        out[i] = Note(reading, choice, tuple(alternatives))
    return out


def _wan(amount: Decimal, bound: str | None) -> str:
    return ("最高 " if bound == "up_to" else "") + money.fmt_wan_2(amount) + " 万元"


def alternative_cn(alt: Alternative) -> str:
    """``另一解读 shared_3y (…): 150 万元``, or what happens to the award instead."""
    if alt.status is None:
        result = "不适用(此事件无此项奖励)"
    elif alt.amount is None:
        result = "未载明金额"
    else:
        result = _wan(alt.amount, alt.bound)
        if alt.status != "eligible":
            result += f" ({vocab.status_cn(alt.status)},不计入)"
    return f"另一解读 {alt.option} ({alt.text}): {result}"


def note_cn(note: Note) -> str:
    """The reading in one paragraph: question, the option in effect, what each other option gives, and how
    to recompute under it."""
    r = note.reading
    taken = "默认" if note.default else "非默认,由 --reading 选定"
    parts = [f"{r.question} 采用 {note.choice} ({r.text(note.choice)};{taken})"]
    parts += [alternative_cn(alt) + f" — --reading {r.id}={alt.option}" for alt in note.alternatives]
    return "; ".join(parts)
