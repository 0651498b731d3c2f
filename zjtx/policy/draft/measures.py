"""From a unit to the measures it grants: one measure per award a company can receive. Pure.

Which amount goes with which name is ``lists``'s; rates are ``rates``'s; awards for conditions, for
districts and schedules are ``general``'s. A unit without an object of its own that follows a list and says 再 / 配套 / 另 ("市级专项再配套分别按每户
一次性不高于10万元、20万元和50万元") takes that list's names. A unit for the districts (对达到考核目标的区县、
功能区) is ``recipient: district``. "A中认定为B" requires A for B; a title in a project's object is required.
"""

from __future__ import annotations

import re
from typing import Any

from zjtx import vocab
from zjtx.policy.draft import amounts as money
from zjtx.policy.draft import numerals, payers, triggers
from zjtx.policy.draft.drafted import GIVES, MONEY_WORDS, Drafted, amount_rule, level_cn, noun
from zjtx.policy.draft.general import district, general, schedule
from zjtx.policy.draft.lists import LEVEL_KEYED, assign, valid_names
from zjtx.policy.draft.names import Declared
from zjtx.policy.draft.rates import rate_measure
from zjtx.policy.draft.triggers import Name
from zjtx.policy.draft.units import GRANT, Unit

_DISTRICT = re.compile(
    r"(?:区县|县区|县\(市、?区\)|县市区|功能区|开发区|乡镇|街道|镇街|地区|县\(区\)|(?<=[的各])(?:县|市|区))$"
)
_FOLLOW = re.compile(r"^(?:[^,]{0,12}?)(?:再|配套|另|同时)|^其中")


class Builder:
    """Turns units into measures, remembering the last list (for 再配套) and declaring what zjtx lacks."""

    def __init__(self, declared: Declared):
        self.declared = declared
        self.last: tuple[str, list[Name], str] | None = None  # (clause, names, their object's quote)
        self.unstated: list[Drafted] = []  # the last names' measures drafted without an amount
        self.retract: list[Drafted] = []  # measures a later sentence gave the amounts of (其中…): drop them

    # ----------------------------------------------------------------------------------------- triggers

    def _title_trigger(self, n: Name, levels: tuple[str, ...], review: bool, notes: list[str]) -> dict | None:
        if n.kind == "new":
            tid = self.declared.title(n.written, levels, review)
            has: tuple[str, ...] = levels
            can_review = True
            notes.append(f'zjtx 的词表没有"{n.written}": 本草稿在 titles: 中声明了 {tid}(请核对名称与层级)')
        else:
            tid = n.id or ""
            title = vocab.TITLES[tid]
            has, can_review = title.levels, title.review
        if tid == "zjtx_sme" and levels == ("national",):
            tid, has, can_review = "little_giant", ("national",), True
            notes.append('国家级"专精特新"企业读作专精特新"小巨人"企业(little_giant,工信部认定的国家层级)')
        trigger: dict[str, Any] = {"title": tid}
        if n.min_level and n.min_level in has:
            trigger["min_level"] = n.min_level
        else:
            fit = tuple(lv for lv in levels if lv in has)
            if len(fit) < len(levels):
                notes.append(f"文中层级 {level_cn(levels)} 不是 {tid} 的层级({level_cn(has) or '无层级'}),请核对称号")
                if not fit:
                    return None
            if len(fit) == 1:
                trigger["level"] = fit[0]
            elif fit:
                trigger["levels"] = list(fit)
        if review:
            if not can_review:
                notes.append(f"文中为复核,但 {tid} 在词表中没有动态复核")
                return None
            trigger["review"] = True
        return trigger

    def _requires(self, obj: str) -> tuple[list[dict], str]:
        """``A中认定为B``: (requires A, the object B)."""
        m = re.match(r"(?P<a>.+?)中(?:被)?(?:认定|评定|评|入选|确定)为?(?P<b>.+)$", obj)
        if not m:
            return [], obj
        held = [n for n in triggers.names(m.group("a")) if n.kind == "title" and n.id]
        if len(held) != 1:
            return [], obj
        req: dict[str, Any] = {"title": held[0].id}
        if held[0].min_level:
            req["min_level"] = held[0].min_level
        return [req], m.group("b")

    # ----------------------------------------------------------------------------------------- measures

    def unit(self, unit: Unit) -> list[Drafted]:
        """The measures ``unit`` grants (none when it grants nothing)."""
        rest = unit.rest
        if not GRANT.search(rest) and not numerals.money(rest):
            return []
        obj = unit.object
        own = payers.payer(unit.own_words)
        lead = payers.payer(unit.lead_text) if unit.lead else None
        used = False
        if own.shares is None and lead is not None and (lead.shares is not None or lead.contingent):
            own.shares, own.contingent, used = lead.shares, own.contingent or lead.contingent, True
        if lead is not None and lead.selective and not own.selective:
            own.selective, used = True, True
        notes = [own.note] if own.note else []
        base = {
            "clause": unit.sentence.clause,
            "quote": unit.quote(with_lead=used),
            "funding": payers.funding_yaml(own.shares) if own.shares else None,
            "contingent": own.contingent,
            "selective": own.selective,
        }
        head = re.sub(r"(?:\([^()]*\))+$", "", obj).removesuffix("的")  # 乡镇(街道) → 乡镇
        if obj and (_DISTRICT.search(head) or _DISTRICT.search(obj)) and not re.search(r"(?:企业|单位|项目)$", head):
            return district(unit, base, notes)
        requires, obj = self._requires(obj)
        found = [n for n in triggers.names(obj, unit.sentence.text) if n.kind != "level"] if obj else []
        review = triggers.review(obj)
        if (
            not found
            and self.last
            and self.last[0] == unit.sentence.clause
            and ((not obj and (_FOLLOW.search(rest) or len(LEVEL_KEYED.findall(rest)) >= 2)) or (obj and review))
        ):
            found = self.last[1]
            followed = True
            keyed_schedule = rest.startswith("其中") or (
                len(LEVEL_KEYED.findall(rest)) >= 2 and not _FOLLOW.search(rest)
            )
            why = (
                "复核" if review else "其中" if rest.startswith("其中") else "奖励标准" if keyed_schedule else "再配套"
            )
            notes.append(f"本句未写对象,沿用上一句所列对象({why})")
            base["quote"] = f"{self.last[2]}……{base['quote']}"
        else:
            followed = keyed_schedule = False
        if not found and not obj:
            scheduled = schedule(self, unit, base, notes)
            if scheduled:
                return scheduled
        projects = [n for n in found if n.kind == "project"]
        titles = [n for n in found if n.kind != "project"]
        rate_list = money.rates(rest)
        flat = [a for group in money.amounts(rest) for a in group]
        if rate_list:
            return rate_measure(self, unit, base, notes, obj, projects, titles, rate_list, flat, requires)
        if projects and not titles:
            titles = projects
        elif projects:
            requires += [self.require(n) for n in titles if n.kind == "title" and n.id]
            titles = projects
        if not followed:
            titles = valid_names(titles, obj)
        if not titles:
            return general(unit, base, notes, obj, flat)
        if titles and all(n.kind == "project" for n in titles):
            self.last = None
        elif unit.object:
            self.last = (unit.sentence.clause, titles, unit.object_quote())
            self.unstated = []
        if triggers.following_year(obj):
            base["assessment"] = "following_year"
        if not flat:
            drafted = self.unquantified(unit, base, notes, titles, review, requires)
            if unit.object:
                self.unstated = drafted
            return drafted
        if followed and keyed_schedule:
            self.retract += self.unstated  # 给予奖励。其中,国家级奖励80万元…: the amounts are here
            self.unstated = []
        pairs = assign(titles, flat, rest, obj, notes)
        if pairs is None:
            notes.append(f"文中 {len(flat)} 个金额对应 {len(titles)} 个对象,无法逐一对应: 记为未量化,请按条文拆分")
            return self.unquantified(unit, base, notes, titles, review, requires, stated=True)
        same: dict[tuple, set] = {}
        for n, levels, amount in pairs:  # two names the vocabulary holds as one title, with two amounts
            if n.kind == "title":
                same.setdefault((n.id, levels), set()).add(amount.yuan)
        clash = {k for k, v in same.items() if len(v) > 1}
        if clash:
            notes.append(
                "列出的对象在词表中同属 "
                + "、".join(sorted({k[0] or "" for k in clash}))
                + ",金额不同: 同一认定会领到两项,记为未量化,请区分称号"
            )
            return self.unquantified(unit, base, notes, titles, review, requires, stated=True)
        out = []
        for n, levels, amount in pairs:
            m = self.measure(unit, base, list(notes), n, levels, review, requires)
            if m is None:
                continue
            if m.fallback:
                m.title = f"{(unit.object or '')[:24]}{noun(rest)}"
                out.append(m)
                continue
            m.rule = amount_rule(amount.yuan, amount.up_to)
            m.amount = amount.yuan
            if amount.note:
                m.notes.append(amount.note)
            m.title = self.title(n, levels, review, rest)
            out.append(m)
        return out

    def require(self, n: Name) -> dict:
        req: dict[str, Any] = {"title": n.id}
        if n.min_level:
            req["min_level"] = n.min_level
        return req

    def measure(
        self,
        unit: Unit,
        base: dict,
        notes: list[str],
        n: Name,
        levels: tuple[str, ...],
        review: bool,
        requires: list[dict],
    ) -> Drafted | None:
        notes = notes + n.notes
        if n.kind == "project":
            trigger: dict[str, Any] | None = {"project": n.id}
            key = n.id or "project"
        else:
            trigger = self._title_trigger(n, levels, review, notes)
            if trigger is None:  # a level or a re-review the title cannot have: listed, never computed
                notes.append("触发条件无法用词表表达: 记为 general(只列出,不计算),金额见原文")
                promise = unit.rest.strip(",").strip() or unit.text
                m = Drafted("general", "", {"general": True}, {"unquantified": promise}, notes=notes, **base)
                m.conditions, m.fallback = unit.object or None, True
                return m
            key = ".".join(
                [trigger["title"]]
                + ([trigger["level"]] if "level" in trigger else [])
                + (["min_" + trigger["min_level"]] if "min_level" in trigger else [])
                + (["review"] if review else [])
            )
        if requires and trigger is not None:
            trigger["requires"] = requires[0] if len(requires) == 1 else requires
        return Drafted(key, "", trigger or {}, {}, notes=notes, **base)

    def title(self, n: Name, levels: tuple[str, ...], review: bool, rest: str) -> str:
        word = noun(rest)
        if n.kind == "project":
            name = vocab.PROJECT_TYPES[n.id].name if n.id is not None and n.id in vocab.PROJECT_TYPES else n.written
        elif n.kind == "new":
            name = n.written
        else:
            name = n.stem if len(n.stem) > 2 else vocab.TITLES[n.id or ""].name
        prefix = "".join(vocab.LEVEL_CN.get(lv, "") for lv in levels[:1]) if len(levels) == 1 else ""
        if prefix and name.startswith(prefix[:1]):
            prefix = ""
        return f"{prefix}{name}{'通过复核' if review else ''}{word}"

    def unquantified(
        self,
        unit: Unit,
        base: dict,
        notes: list[str],
        names: list[Name],
        review: bool,
        requires: list[dict],
        stated: bool = False,
    ) -> list[Drafted]:
        """One measure per name (the same name and levels once), with the promise as written."""
        promise = unit.rest.strip(",").strip() or unit.text
        if not stated and not GIVES.search(promise):
            return []
        form = "unquantified" if stated or MONEY_WORDS.search(promise) or "给予" in promise else "benefit"
        out = []
        seen: set[tuple] = set()
        for n in names:
            if (n.kind, n.id or n.written, n.levels) in seen:
                continue
            seen.add((n.kind, n.id or n.written, n.levels))
            m = self.measure(unit, base, list(notes), n, n.levels, review, requires)
            if m is None:
                continue
            if not m.fallback:
                m.rule = {form: promise}
                m.title = self.title(n, n.levels, review, unit.rest)
            else:
                m.title = f"{(unit.object or '')[:24]}{(form == 'unquantified' and '奖励') or '支持'}"
            out.append(m)
        return out
