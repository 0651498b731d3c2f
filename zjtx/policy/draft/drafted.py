"""A drafted measure, as the draft's other modules build it, and the words they share. Pure."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Protocol

from zjtx import vocab
from zjtx.policy.draft import numerals
from zjtx.policy.draft.names import Declared
from zjtx.policy.draft.triggers import Name
from zjtx.policy.draft.units import Unit

#: A promise without an amount is a measure only when it gives something (给予…支持, 予以…, 享受…).
GIVES = re.compile(r"给予|予以|享受|兑现|一次性奖励|奖励资金|资金奖励|补助资金|奖补资金")
MONEY_WORDS = re.compile(r"资金|奖励|补助|补贴|资助|奖补|补偿|经费|贴息|激励|奖金|元")
NOUN = re.compile(r"奖励|补助|补贴|资助|奖补|激励|补偿|扶持|支持|返还|贴息")


@dataclass
class Drafted:
    """One drafted measure, in the order of the YAML keys."""

    key: str  # for the id: little_giant.national, equipment_upgrade, general
    title: str
    trigger: dict[str, Any]
    rule: dict[str, Any]
    clause: str
    quote: str
    funding: object | None = None
    contingent: bool = False
    selective: bool = False
    recipient: str | None = None
    assessment: str | None = None
    conditions: str | None = None
    notes: list[str] = field(default_factory=list)
    amount: Decimal | None = None  # the amount or cap drafted (for the quote check)
    fallback: bool = False  # a general measure standing for one the vocabulary cannot express


def noun(text: str, default: str = "奖励") -> str:
    """The word a clause grants with (奖励, 补助, 贴息 …), for a measure's title."""
    m = NOUN.search(text)
    return m.group(0) if m else default


def amount_rule(yuan: Decimal, up_to: bool) -> dict[str, Any]:
    return {"up_to" if up_to else "amount": numerals.wan(yuan)}


def level_cn(levels: tuple[str, ...]) -> str:
    return "、".join(vocab.LEVEL_CN.get(lv, lv) for lv in levels)


class Maker(Protocol):
    """What ``rates`` and ``general`` use of the measure builder (``zjtx.policy.draft.measures.Builder``)."""

    declared: Declared
    last: tuple[str, list[Name], str] | None

    def require(self, n: Name) -> dict: ...

    def measure(
        self,
        unit: Unit,
        base: dict,
        notes: list[str],
        n: Name,
        levels: tuple[str, ...],
        review: bool,
        requires: list[dict],
    ) -> Drafted | None: ...

    def title(self, n: Name, levels: tuple[str, ...], review: bool, rest: str) -> str: ...

    def unquantified(
        self,
        unit: Unit,
        base: dict,
        notes: list[str],
        names: list[Name],
        review: bool,
        requires: list[dict],
        stated: bool = False,
    ) -> list[Drafted]: ...
