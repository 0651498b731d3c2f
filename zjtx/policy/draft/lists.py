"""Which amount goes with which name, in a list with 分别, and which unknown names can be titles. Pure.

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
"""

from __future__ import annotations

import re

from zjtx import vocab
from zjtx.policy.draft import numerals, triggers
from zjtx.policy.draft.amounts import Amount
from zjtx.policy.draft.triggers import Name

Pair = tuple[Name, tuple[str, ...], Amount]  # a name, the levels its measure is for, its amount

#: An unknown name is a title only in an object that recognises something, and when it reads as one.
RECOGNITION = re.compile(r"新认定|认定为|认定的|获评|获批|入选|列入|新晋|首次|获得|授予|命名|评为|评定|上市|挂牌|复核")
TITLE_LIKE = re.compile(
    r"(?:企业|中心|平台|基地|实验室|工作站|研究院|工厂|车间|园区|集群|产品|品牌|称号|单位|示范|标杆|冠军|站|奖|上市|挂牌)$"
)
LEVEL_KEYED = re.compile(
    r"(?P<lv>国家级|国家|省级|省|市级|市)(?:的)?(?:给予|奖励|补助|一次性奖励|一次性给予)?(?:最高|不超过)?"
    r"(?=[0-9零〇一二两三四五六七八九十百千]+(?:\.[0-9]+)?(?:万|亿)?元)"
)


def valid_names(found: list[Name], obj: str) -> list[Name]:
    """Names that can be a trigger: known ones, and new ones short enough to be a name (not a condition)."""
    out = []
    recognised = RECOGNITION.search(obj) is not None or re.match(r"(?:国家级|省级|市级)", obj) is not None
    for n in found:
        if n.kind == "new" and (
            not recognised
            or not 2 <= len(n.written) <= 16
            or not TITLE_LIKE.search(n.written)
            or re.search(r"[0-9%]|达到|超过|突破|增长|以上|以下|年度|营业收入|投资|效果|符合|条件|实施|开展", n.written)
        ):
            continue
        out.append(n)
    return out


def assign(names: list[Name], flat: list[Amount], rest: str, obj: str, notes: list[str]) -> list[Pair] | None:
    keyed = list(LEVEL_KEYED.finditer(rest))
    if len(keyed) >= 2 and len(keyed) == len(flat) and all(not n.levels for n in names):
        levels = [triggers.level_of(k.group("lv")) or "" for k in keyed]
        keyed_pairs: list[Pair] = [(n, (lv,), a) for n in names for lv, a in zip(levels, flat, strict=True)]
        return keyed_pairs
    if len(flat) == 1:
        return [(n, n.levels, flat[0]) for n in names]
    level_lists = {n.levels for n in names if len(n.levels) > 1}
    if len(level_lists) == 1:
        lvs = next(iter(level_lists))
        if len(lvs) == len(flat) and all(len(n.levels) in (0, len(lvs)) for n in names):
            by_level: list[Pair] = [(n, (lv,), a) for n in names for lv, a in zip(lvs, flat, strict=True)]
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
        groups = _groups(obj, names, sep)
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


def _groups(obj: str, names: list[Name], sep: str) -> list[list[Name]] | None:
    """The names in the groups ``sep`` (和 / 及 …) joins, each group a list with 、 — when they are the
    same names as the whole object's."""
    core = triggers.strip_trigger(re.sub(r"(?:动态)?复[核审](?:的)?", "", obj))
    parts = [p for p in re.split(sep + ("(?!以上)" if sep == "及" else ""), core) if p]
    if len(parts) < 2:
        return None
    out, k = [], 0
    for part in parts:
        size = len(valid_names([n for n in triggers.names(part) if n.kind != "level"], part))
        if size == 0:
            return None
        out.append(names[k : k + size])
        k += size
    return out if k == len(names) else None
