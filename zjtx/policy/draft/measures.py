"""From a unit to the measures it grants: one measure per award a company can receive. Pure.

Lists with 分别 are split one measure per item, in order:
- as many amounts as names: one each ("国家级制造业单项冠军企业、产品和专精特新"小巨人"企业分别给予最高
  200万元、100万元和100万元");
- as many amounts as levels in a level list: one per level, for every name ("国家级、省级工业互联网平台,分别
  给予最高300万元、20万元"; with two names and two levels, the levels win when the amounts fall with the
  level — 国家级和省级中小企业公共服务示范平台、小型微型企业创新创业示范基地…分别奖励30万元、15万元 — and
  the other reading is noted);
- as many amounts as groups joined by 和 / 及 ("省级智能工厂和智能制造场景、数字化车间及……,分别奖励30万元、
  10万元": 智能工厂 30万元; the three others 10万元 each);
- one amount: the same for each name;
- level-keyed amounts after the object ("国家级给予100万元、省级给予50万元") for each name;
- anything else: each name is drafted unquantified with a note, never guessed.
A unit without an object of its own that follows a list and says 再 / 配套 / 另 ("市级专项再配套分别按每户
一次性不高于10万元、20万元和50万元") takes that list's names. A unit for the districts (对达到考核目标的区县、
功能区) is ``recipient: district``. "A中认定为B" requires A for B; a title in a project's object is required.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from zjtx import vocab
from zjtx.policy.draft import amounts as money
from zjtx.policy.draft import numerals, payers, triggers
from zjtx.policy.draft.names import Declared
from zjtx.policy.draft.triggers import Name
from zjtx.policy.draft.units import GRANT, Unit

_DISTRICT = re.compile(r"(?:区县|县区|县\(市、?区\)|县市区|功能区|开发区|乡镇|街道|镇街|地区|县\(区\)|县|市|区)$")
#: A promise without an amount is a measure only when it gives something (给予…支持, 予以…, 享受…).
_GIVES = re.compile(r"给予|予以|享受|兑现|一次性奖励|奖励资金|资金奖励|补助资金|奖补资金")
_MONEY_WORDS = re.compile(r"资金|奖励|补助|补贴|资助|奖补|补偿|经费|贴息|激励|奖金|元")
_NOUN = re.compile(r"奖励|补助|补贴|资助|奖补|激励|补偿|扶持|支持|返还|贴息")
#: An unknown name is a title only in an object that recognises something, and when it reads as one.
_RECOGNITION = re.compile(r"新认定|认定为|认定的|获评|获批|入选|列入|新晋|首次|获得|授予|命名|评为|评定|上市|挂牌|复核")
_TITLE_LIKE = re.compile(
    r"(?:企业|中心|平台|基地|实验室|工作站|研究院|工厂|车间|园区|集群|产品|品牌|称号|单位|示范|标杆|冠军|站|奖|上市|挂牌)$"
)
_FOLLOW = re.compile(r"^(?:[^,]{0,12}?)(?:再|配套|另|同时)|^其中")
_LEVEL_KEYED = re.compile(
    r"(?P<lv>国家级|国家|省级|省|市级|市)(?:的)?(?:给予|奖励|补助|一次性奖励|一次性给予)?(?:最高|不超过)?"
    r"(?=[0-9零〇一二两三四五六七八九十百千]+(?:\.[0-9]+)?(?:万|亿)?元)"
)


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


def _level_cn(levels: tuple[str, ...]) -> str:
    return "、".join(vocab.LEVEL_CN.get(lv, lv) for lv in levels)


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
                notes.append(f"文中层级 {_level_cn(levels)} 不是 {tid} 的层级({_level_cn(has) or '无层级'}),请核对称号")
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

    def unit(self, unit: Unit, default_lead: payers.Payer | None = None) -> list[Drafted]:
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
            return self._district(unit, base, notes)
        requires, obj = self._requires(obj)
        found = [n for n in triggers.names(obj, unit.sentence.text) if n.kind != "level"] if obj else []
        review = triggers.review(obj)
        if (
            not found
            and self.last
            and self.last[0] == unit.sentence.clause
            and ((not obj and _FOLLOW.search(rest)) or (obj and review))
        ):
            found = self.last[1]
            followed = True
            why = "复核" if review else "其中" if rest.startswith("其中") else "再配套"
            notes.append(f"本句未写对象,沿用上一句所列对象({why})")
            base["quote"] = f"{self.last[2]}……{base['quote']}"
        else:
            followed = False
        if not found and not obj:
            scheduled = self._schedule(unit, base, notes)
            if scheduled:
                return scheduled
        projects = [n for n in found if n.kind == "project"]
        titles = [n for n in found if n.kind != "project"]
        rate_list = money.rates(rest)
        lists = money.amounts(rest)
        flat = [a for group in lists for a in group]
        if rate_list:
            return self._rate(unit, base, notes, obj, projects, titles, rate_list, flat, requires)
        if projects and not titles:
            titles = projects
        elif projects:
            requires += [self._require(n) for n in titles if n.kind == "title" and n.id]
            titles = projects
        if not followed:
            titles = self._valid_names(titles, obj)
        if not titles:
            return self._general(unit, base, notes, obj, flat)
        if titles and all(n.kind == "project" for n in titles):
            self.last = None
        elif unit.object:
            self.last = (unit.sentence.clause, titles, unit.object_quote())
            self.unstated = []
        if triggers.following_year(obj):
            base["assessment"] = "following_year"
        if not flat:
            drafted = self._unquantified(unit, base, notes, titles, review, requires)
            if unit.object:
                self.unstated = drafted
            return drafted
        if followed and rest.startswith("其中"):
            self.retract += self.unstated  # 给予奖励。其中,国家级奖励80万元…: the amounts are here
            self.unstated = []
        pairs = self._assign(titles, flat, rest, obj, notes)
        if pairs is None:
            notes.append(f"文中 {len(flat)} 个金额对应 {len(titles)} 个对象,无法逐一对应: 记为未量化,请按条文拆分")
            return self._unquantified(unit, base, notes, titles, review, requires, stated=True)
        out = []
        for n, levels, amount in pairs:
            m = self._measure(unit, base, list(notes), n, levels, review, requires)
            if m is None:
                continue
            if m.fallback:
                m.title = f"{(unit.object or '')[:24]}{_NOUN.search(rest).group(0) if _NOUN.search(rest) else '奖励'}"
                out.append(m)
                continue
            m.rule = {"up_to" if amount.up_to else "amount": numerals.wan(amount.yuan)}
            m.amount = amount.yuan
            if amount.note:
                m.notes.append(amount.note)
            m.title = self._title(n, levels, review, rest)
            out.append(m)
        return out

    def _schedule(self, unit: Unit, base: dict, notes: list[str]) -> list[Drafted]:
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
            names = self._valid_names(names, "认定" + piece[: found[0].start])
            if len(names) != 1:
                return []
            n = names[0]
            m = self._measure(unit, base, list(notes), n, n.levels, False, [])
            if m is None:
                return []
            up_to = re.search(r"最高|不超过|不高于|最多", piece) is not None
            if not m.fallback:
                m.rule = {"up_to" if up_to else "amount": numerals.wan(found[0].yuan)}
                m.amount = found[0].yuan
                m.title = self._title(n, n.levels, False, text)
            out.append(m)
        return out

    def _valid_names(self, found: list[Name], obj: str) -> list[Name]:
        """Names that can be a trigger: known ones, and new ones short enough to be a name (not a condition)."""
        out = []
        recognised = _RECOGNITION.search(obj) is not None
        for n in found:
            if n.kind == "new" and (
                not recognised
                or not 2 <= len(n.written) <= 16
                or not _TITLE_LIKE.search(n.written)
                or re.search(
                    r"[0-9%]|达到|超过|突破|增长|以上|以下|年度|营业收入|投资|效果|符合|条件|实施|开展", n.written
                )
            ):
                continue
            out.append(n)
        if any(n.kind != "new" for n in out) and len(out) > 1:
            # a known name among unknown fragments (水效、能效"领跑者"): the fragments are parts of names
            known = [n for n in out if n.kind != "new"]
            if len(known) >= len(out) - 1:
                return known
        return out

    def _require(self, n: Name) -> dict:
        req: dict[str, Any] = {"title": n.id}
        if n.min_level:
            req["min_level"] = n.min_level
        return req

    def _assign(
        self, names: list[Name], flat: list[money.Amount], rest: str, obj: str, notes: list[str]
    ) -> list[tuple[Name, tuple[str, ...], money.Amount]] | None:
        keyed = list(_LEVEL_KEYED.finditer(rest))
        if len(keyed) >= 2 and len(keyed) == len(flat) and all(not n.levels for n in names):
            levels = [triggers.level_of(k.group("lv")) or "" for k in keyed]
            return [(n, (lv,), a) for n in names for lv, a in zip(levels, flat, strict=True)]
        if len(flat) == 1:
            return [(n, n.levels, flat[0]) for n in names]
        level_lists = {n.levels for n in names if len(n.levels) > 1}
        by_level = None
        if len(level_lists) == 1:
            lvs = next(iter(level_lists))
            if len(lvs) == len(flat) and all(len(n.levels) in (0, len(lvs)) for n in names):
                by_level = [(n, (lv,), a) for n in names for lv, a in zip(lvs, flat, strict=True)]
                falling = all(
                    flat[i].yuan >= flat[i + 1].yuan
                    for i in range(len(flat) - 1)
                    if vocab.LEVEL_RANK[lvs[i]] > vocab.LEVEL_RANK[lvs[i + 1]]
                )
                if len(names) != len(flat) or falling:
                    if len(names) == len(flat):
                        notes.append('"分别"按层级对应金额(各层级的金额适用于每个对象);另一读法为按对象对应,请核对')
                    return by_level
        if len(names) == len(flat):
            return [(n, n.levels, a) for n, a in zip(names, flat, strict=True)]
        for sep in ("和", "以及", "及", "与"):
            groups = self._groups(obj, names, sep)
            if groups is not None and len(groups) == len(flat):
                notes.append(
                    '"分别"按"'
                    + sep
                    + '"分组对应金额: '
                    + "; ".join(
                        f"{'、'.join(n.stem or n.written for n in g)} {numerals.wan(a.yuan)}元"
                        for g, a in zip(groups, flat, strict=True)
                    )
                )
                return [(n, n.levels, a) for g, a in zip(groups, flat, strict=True) for n in g]
        return None

    def _groups(self, obj: str, names: list[Name], sep: str) -> list[list[Name]] | None:
        """The names in the groups ``sep`` (和 / 及 …) joins, each group a list with 、 — when they are the
        same names as the whole object's."""
        core = triggers.strip_trigger(re.sub(r"(?:动态)?复[核审](?:的)?", "", obj))
        parts = [p for p in re.split(sep + ("(?!以上)" if sep == "及" else ""), core) if p]
        if len(parts) < 2:
            return None
        out, k = [], 0
        for part in parts:
            size = len(self._valid_names([n for n in triggers.names(part) if n.kind != "level"], part))
            if size == 0:
                return None
            out.append(names[k : k + size])
            k += size
        return out if k == len(names) else None

    def _measure(
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

    def _title(self, n: Name, levels: tuple[str, ...], review: bool, rest: str) -> str:
        noun = _NOUN.search(rest)
        if n.kind == "project":
            name = vocab.PROJECT_TYPES[n.id].name if n.id in vocab.PROJECT_TYPES else n.written
        elif n.kind == "new":
            name = n.written
        else:
            name = n.stem if len(n.stem) > 2 else vocab.TITLES[n.id or ""].name
        prefix = "".join(vocab.LEVEL_CN.get(lv, "") for lv in levels[:1]) if len(levels) == 1 else ""
        if prefix and name.startswith(prefix[:1]):
            prefix = ""
        return f"{prefix}{name}{'通过复核' if review else ''}{noun.group(0) if noun else '奖励'}"

    def _unquantified(
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
        if not stated and not _GIVES.search(promise):
            return []
        form = "unquantified" if stated or _MONEY_WORDS.search(promise) or "给予" in promise else "benefit"
        out = []
        seen: set[tuple] = set()
        for n in names:
            if (n.kind, n.id or n.written, n.levels) in seen:
                continue
            seen.add((n.kind, n.id or n.written, n.levels))
            m = self._measure(unit, base, list(notes), n, n.levels, review, requires)
            if m is None:
                continue
            if not m.fallback:
                m.rule = {form: promise}
                m.title = self._title(n, n.levels, review, unit.rest)
            else:
                m.title = f"{(unit.object or '')[:24]}{(form == 'unquantified' and '奖励') or '支持'}"
            out.append(m)
        return out

    def _general(self, unit: Unit, base: dict, notes: list[str], obj: str, flat: list) -> list[Drafted]:
        """An award for a condition the vocabulary cannot name: listed for every company, never computed.
        Bars listed with 分别 ("首次突破1亿元、10亿元的…分别给予…20万元、50万元") give one measure per bar."""
        if not obj:
            return []
        promise = unit.rest.strip(",").strip()
        if not promise or (not flat and not _GIVES.search(promise)):
            return []
        form = "unquantified" if _MONEY_WORDS.search(promise) or "给予" in promise else "benefit"
        notes.append("奖励对象不是 zjtx 词表中的称号或项目类型: 记为 general(只列出,不计算),条件见 conditions")
        noun = _NOUN.search(promise)
        label = noun.group(0) if noun else "支持"
        if len(flat) <= 1:
            rule: dict[str, Any] = {form: promise}
            if flat:
                rule = {"up_to" if flat[0].up_to else "amount": numerals.wan(flat[0].yuan)}
            m = Drafted("general", f"{obj[:24]}{label}", {"general": True}, rule, notes=notes, conditions=obj, **base)
            m.amount = flat[0].yuan if flat else None
            return [m]
        bars = numerals.money(obj)
        if len(bars) != len(flat):
            notes.append("条件性奖励,金额见原文: 请按条文拆分")
            return [
                Drafted(
                    "general",
                    f"{obj[:24]}{label}",
                    {"general": True},
                    {form: promise},
                    notes=notes,
                    conditions=obj,
                    **base,
                )
            ]
        head = obj[: bars[0].start]
        out = []
        for bar, amount in zip(bars, flat, strict=True):
            condition = head + obj[bar.start : bar.end]
            rule = {"up_to" if amount.up_to else "amount": numerals.wan(amount.yuan)}
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

    def _district(self, unit: Unit, base: dict, notes: list[str]) -> list[Drafted]:
        flat = [a for group in money.amounts(unit.rest) for a in group]
        rule: dict[str, Any] = {"unquantified": unit.rest.strip(",")}
        if len(flat) == 1:
            rule = {"up_to" if flat[0].up_to else "amount": numerals.wan(flat[0].yuan)}
        notes.append("奖励对象是区县/功能区,不是企业: recipient: district(不计入任何企业)")
        m = Drafted(
            "district", f"{unit.object[:20]}奖励", {"general": True}, rule, recipient="district", notes=notes, **base
        )
        return [m]

    # --------------------------------------------------------------------------------------------- rates

    def _rate(
        self,
        unit: Unit,
        base: dict,
        notes: list[str],
        obj: str,
        projects: list[Name],
        titles: list[Name],
        rate_list: list,
        flat: list[money.Amount],
        requires: list[dict],
    ) -> list[Drafted]:
        rest = unit.rest
        if len(rate_list) > 1:
            notes.append(f"文中有 {len(rate_list)} 个比例: 记为未量化,请按条文拆分")
            return self._unquantified(unit, base, notes, projects or self._valid_names(titles, obj), False, requires)
        r = money.rate_rule(rest, rate_list[0], flat)
        pid, field_id = self._base(r.base, projects, notes)
        if pid is None:
            notes.append("比例的基数无法对应到项目金额: 记为未量化,请写明 rate / of")
            return self._unquantified(unit, base, notes, projects or self._valid_names(titles, obj), False, requires)
        rule: dict[str, Any] = {"rate": r.rate, "of": field_id}
        if r.up_to:
            rule["rate_up_to"] = True
        if r.cap is not None:
            rule["cap"] = numerals.wan(r.cap)
            rule["per"] = r.per
        if r.cap_of_text:
            fid = next((f for f, cn in vocab.FIELD_CN.items() if cn in r.cap_of_text or r.cap_of_text in cn), None)
            fields = vocab.PROJECT_TYPES[pid].fields if pid in vocab.PROJECT_TYPES else {}
            if fid and fid in fields:
                rule["cap_of"] = fid
            else:
                notes.append(f'上限"不高于{r.cap_of_text}"未写入(不是该项目的金额字段): 请核对')
        others = [a for a in flat if a.yuan != r.cap]
        if others:
            notes.append("同句另有金额: " + "、".join(numerals.wan(a.yuan) + "元" for a in others) + "(未写入,请核对)")
        trigger: dict[str, Any] = {"project": pid}
        reqs = requires + [self._require(n) for n in titles if n.kind == "title" and n.id]
        if reqs:
            trigger["requires"] = reqs[0] if len(reqs) == 1 else reqs
        name = vocab.PROJECT_TYPES[pid].name if pid in vocab.PROJECT_TYPES else self._declared_name(pid)
        noun = _NOUN.search(rest)
        self.last = None
        m = Drafted(pid, f"{name}{noun.group(0) if noun else '补助'}", trigger, rule, notes=notes, **base)
        m.amount = r.cap
        return [m]

    def _declared_name(self, pid: str) -> str:
        return next((p["name"] for p in self.declared.projects.values() if p["id"] == pid), pid)

    def _base(self, base: str, projects: list[Name], notes: list[str]) -> tuple[str | None, str]:
        """(project type, amount field) of a rate's base."""
        known = [p.id for p in projects if p.id]
        for pid in known or list(vocab.PROJECT_TYPES):
            for fid in vocab.PROJECT_TYPES[pid].fields:
                cn = vocab.FIELD_CN.get(fid, "")
                if base and cn and (cn in base or base in cn):
                    return pid, fid
        if base and len(known) == 1:
            fields = list(vocab.PROJECT_TYPES[known[0]].fields)
            cn = vocab.FIELD_CN.get(fields[0], "") if len(fields) == 1 else ""
            if cn and {base[i : i + 2] for i in range(len(base) - 1)} & {cn[i : i + 2] for i in range(len(cn) - 1)}:
                notes.append(f'基数"{base}"读作 {known[0]} 项目的 {fields[0]}({cn})')
                return known[0], fields[0]
        in_base = triggers.find_project(base) if base else None
        if in_base and (not known or in_base[0] in known):
            fields = list(vocab.PROJECT_TYPES[in_base[0]].fields)
            if len(fields) == 1:
                notes.append(f'基数"{base}"读作 {in_base[0]} 项目的 {fields[0]}({vocab.FIELD_CN.get(fields[0], "")})')
                return in_base[0], fields[0]
        if not base and len(known) == 1:
            fields = list(vocab.PROJECT_TYPES[known[0]].fields)
            if len(fields) == 1:
                notes.append(
                    f"文中未写比例的基数: 读作 {known[0]} 项目的 {fields[0]}({vocab.FIELD_CN.get(fields[0], '')})"
                )
                return known[0], fields[0]
        if base and 2 <= len(base) <= 16 and not re.search(r"[0-9%]", base):
            pid, fid = self.declared.project(base, base)
            notes.append(f'zjtx 没有以"{base}"为金额的项目类型: 本草稿在 projects: 中声明了 {pid}(请核对)')
            return pid, fid
        return None, ""
