"""Measures whose object the vocabulary cannot name, and those not for a company: awards for a condition
(``general``: listed, never computed), awards to districts (``recipient: district``), and schedules that
name each award with its amount ("奖励标准为:国家级…200万元,省级…80万元"). Pure."""

from __future__ import annotations

import re
from typing import Any

from zjtx.policy.draft import amounts as money
from zjtx.policy.draft import numerals, triggers
from zjtx.policy.draft.drafted import GIVES, MONEY_WORDS, Drafted, Maker, amount_rule, noun
from zjtx.policy.draft.lists import valid_names
from zjtx.policy.draft.units import Unit


def general(unit: Unit, base: dict, notes: list[str], obj: str, flat: list) -> list[Drafted]:
    """An award for a condition the vocabulary cannot name: listed for every company, never computed.
    Bars listed with 分别 ("首次突破1亿元、10亿元的…分别给予…20万元、50万元") give one measure per bar."""
    if not obj:
        return []
    promise = unit.rest.strip(",").strip()
    if not promise or (not flat and not GIVES.search(promise)):
        return []
    form = "unquantified" if MONEY_WORDS.search(promise) or "给予" in promise else "benefit"
    notes.append("奖励对象不是 zjtx 词表中的称号或项目类型: 记为 general(只列出,不计算),条件见 conditions")
    label = noun(promise, "支持")
    if len(flat) <= 1:
        rule: dict[str, Any] = {form: promise}
        if flat:
            rule = amount_rule(flat[0].yuan, flat[0].up_to)
        m = Drafted("general", f"{obj[:24]}{label}", {"general": True}, rule, notes=notes, conditions=obj, **base)
        m.amount = flat[0].yuan if flat else None
        return [m]
    bars = numerals.money(obj)
    if len(bars) != len(flat):
        notes.append("条件性奖励,金额见原文: 请按条文拆分")
        return [
            Drafted(
                "general", f"{obj[:24]}{label}", {"general": True}, {form: promise}, notes=notes, conditions=obj, **base
            )
        ]
    head = obj[: bars[0].start]
    out = []
    for bar, amount in zip(bars, flat, strict=True):
        condition = head + obj[bar.start : bar.end]
        rule = amount_rule(amount.yuan, amount.up_to)
        m = Drafted(
            "general",
            f"{condition[:24]}{label}",
            {"general": True},
            rule,
            notes=list(notes),
            conditions=condition,
            **base,
        )
        m.amount = amount.yuan
        out.append(m)
    return out


def district(unit: Unit, base: dict, notes: list[str]) -> list[Drafted]:
    flat = [a for group in money.amounts(unit.rest) for a in group]
    rule: dict[str, Any] = {"unquantified": unit.rest.strip(",")}
    if len(flat) == 1:
        rule = amount_rule(flat[0].yuan, flat[0].up_to)
    notes.append("奖励对象是区县/功能区,不是企业: recipient: district(不计入任何企业)")
    m = Drafted(
        "district", f"{unit.object[:20]}奖励", {"general": True}, rule, recipient="district", notes=notes, **base
    )
    return [m]


def schedule(b: Maker, unit: Unit, base: dict, notes: list[str]) -> list[Drafted]:
    """ "奖励标准为:国家级智能制造示范工厂200万元,省级智能工厂80万元": a name and its amount per piece."""
    text = unit.rest
    if not re.search(r"标准|如下|:", text):
        return []
    pieces = re.split(r"[,;]", text.split(":", 1)[-1])
    out = []
    for piece in pieces:
        found = numerals.money(piece)
        if not found:
            continue
        if len(found) != 1:
            return []
        names = [n for n in triggers.names(piece[: found[0].start]) if n.kind in ("title", "new")]
        names = valid_names(names, "认定" + piece[: found[0].start])
        if len(names) != 1:
            return []
        n = names[0]
        m = b.measure(unit, base, list(notes), n, n.levels, False, [])
        if m is None:
            return []
        up_to = re.search(r"最高|不超过|不高于|最多", piece) is not None
        if not m.fallback:
            m.rule = amount_rule(found[0].yuan, up_to)
            m.amount = found[0].yuan
            m.title = b.title(n, n.levels, False, text)
        out.append(m)
    return out
