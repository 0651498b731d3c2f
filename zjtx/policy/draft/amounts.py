"""The money a unit grants: its amounts (and whether each is fixed or a ceiling), or a rate of a base with its
caps. Pure; reads the unit's rest (after its object), in normalised text.

- Amounts in a condition are not the award: after 达到 / 超过 / 突破 / 不低于 / 不少于 / 总投资 / 投资额 /
  营业收入 / 增长 …, or followed by 以上 / 以下 / 左右. Amounts in a budget are not the award: after
  安排 / 统筹 / 设立 / 筹集 / 预算 / 列入 / 整合 in the same clause (市财政每年安排300万元用于……).
- A ceiling: 最高 / 不超过 / 不高于 / 最多 / 上限 / 封顶 / 至多 before the amount in its clause, or 以内 / 为限
  after it; a list of amounts (最高300万元、20万元) takes its first amount's word and its last's.
- A range (5万至10万元) is a ceiling at its upper end, noted.
- A rate: 按(照)[不高于]BASE的10% (rate_up_to when 不高于 / 不超过 / 最高 qualify it), or 10%的…; its cap is a
  ceiling amount after it (每年 / 年度 before the cap: per year), 不高于 a company figure the vocabulary knows
  (企业三年累计缴税总额) is cap_of. Percentages of payers (分别承担50%) and of conditions are not rates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from zjtx.policy.draft import numerals

_CONDITION_BEFORE = re.compile(
    r"(?:达到|超过|突破|不低于|不少于|满|累计|总投资|投资额|投资|营业收入|销售收入|主营业务收入|产值|增长|增加|增幅|"
    r"提高|强度|占比|超|过|规模|资产|纳税|税收|收入|以上的|融资)$"
)
_CONDITION_AFTER = ("以上", "以下", "及以上", "(含)以上", "左右", "以内的", "的项目", "的企业")
_BUDGET = re.compile(r"安排|统筹|设立|筹集|预算|列入|整合|每年投入|投入")
_CEILING_BEFORE = re.compile(r"最高|不超过|不高于|最多|上限|封顶|至多|以内")
_CEILING_AFTER = ("以内", "为限", "封顶")
_LIST_GAP = re.compile(r"(?:、|和|及|或|,|;)?(?:每项|每家|每户|每个)?")
_PAYER_PCT = re.compile(r"(?:承担|分担|负担|出资|各|分别)$")


@dataclass
class Amount:
    yuan: Decimal
    up_to: bool
    start: int
    end: int
    note: str | None = None


@dataclass
class RateRule:
    rate: str  # as the YAML writes it: "10%"
    up_to: bool  # rate_up_to
    base: str  # the base as written ("设备购置款"), "" when the text names none
    cap: Decimal | None = None
    per: str = "project"
    cap_of_text: str | None = None  # 不高于<this>: a company figure
    notes: list[str] = field(default_factory=list)


def _clause_before(rest: str, start: int) -> str:
    """The words of ``rest`` before ``start`` back to the last , or ;."""
    k = max(rest.rfind(",", 0, start), rest.rfind(";", 0, start))
    return rest[k + 1 : start]


def is_condition(rest: str, start: int, end: int) -> bool:
    before = rest[max(0, start - 8) : start]
    if before.endswith(("不超过", "不高于", "最高不超过")):
        return rest.startswith(_CONDITION_AFTER, end)
    return _CONDITION_BEFORE.search(before) is not None or rest.startswith(_CONDITION_AFTER, end)


def is_budget(rest: str, start: int) -> bool:
    return _BUDGET.search(_clause_before(rest, start)[-14:]) is not None


def amounts(rest: str) -> list[list[Amount]]:
    """The award amounts of ``rest``, in lists (amounts separated only by 、 和 及 或 , are one list)."""
    found = [m for m in numerals.money(rest) if not is_condition(rest, m.start, m.end) and not is_budget(rest, m.start)]
    lists: list[list[numerals.Money]] = []
    for m in found:
        if lists and _LIST_GAP.fullmatch(rest[lists[-1][-1].end : m.start]):
            lists[-1].append(m)
        else:
            lists.append([m])
    out = []
    for group in lists:
        before = _clause_before(rest, group[0].start)
        up_to = _CEILING_BEFORE.search(before) is not None or rest.startswith(_CEILING_AFTER, group[-1].end)
        items = []
        for m in group:
            note = None
            if m.low is not None:
                note = (
                    f"文中为区间 {numerals.wan(m.low)}元至{numerals.wan(m.yuan)}元: 记为最高 {numerals.wan(m.yuan)}元"
                )
            items.append(Amount(m.yuan, up_to or m.low is not None, m.start, m.end, note))
        out.append(items)
    return out


def rates(rest: str) -> list[numerals.Rate]:
    """The award rates of ``rest`` (not payers' shares, not conditions)."""
    out = []
    for r in numerals.rates(rest):
        if is_condition(rest, r.start, r.end) or _PAYER_PCT.search(rest[max(0, r.start - 4) : r.start]):
            continue
        after = rest[r.end : r.end + 6]
        if re.match(r"(?:的)?(?:比例)?(?:承担|分担|负担)", after):
            continue
        out.append(r)
    return out


#: The words before a rate up to its base: 按照不高于设备购置款的10% · 给予不超过贷款利息50%的贴息 · 按其研发投入的20%
_VERBS = re.compile(
    r"^.*?(?:按照|按|依据|根据|给予|予以|再给予|补助|补贴|奖励|资助)(?P<upto>不高于|不超过|最高|最多|至多)?(?:其|企业|该)?"
)
_NOT_BASE = re.compile(r"^(?:市级|省级|县级|市|省|县|区)?(?:财政)?(?:再|另|一次性|分别|每年|年度)*$")


def base_of(before: str) -> tuple[str, bool]:
    """(the base written before a rate, whether the rate is qualified as a ceiling): 按照X的10% · 给予X10% ·
    给予不超过X的10% · 按照X给予不超过3%."""
    m = _VERBS.match(before)
    rest = before[m.end() :] if m else before
    upto = bool(m and m.group("upto"))
    split = re.match(r"(?P<base>.+?)(?:给予|予以|补助|奖励)(?P<upto>不高于|不超过|最高|最多|至多)?$", rest)
    if split:  # 按照项目实际完成投资额给予不超过3%: the base is between 按照 and 给予
        rest, upto = split.group("base"), upto or bool(split.group("upto"))
    rest = re.sub(r"^(?:的)?(?:金额|标准|比例|额度)为", "", rest)  # 补助标准为设备投资额的8%
    lead = re.match(r"(?:不高于|不超过|最高|最多|至多)", rest)
    if lead:
        rest, upto = rest[lead.end() :], True
    base = rest.removesuffix("的").strip()
    if _NOT_BASE.fullmatch(base) or len(base) > 30:
        base = ""
    return base, upto


def rate_rule(rest: str, rate: numerals.Rate, caps: list[Amount]) -> RateRule:
    """The rate's rule: its base as written, whether it is a ceiling, its cap and what the cap applies to."""
    before = _clause_before(rest, rate.start)
    base, up_to = base_of(before)
    up_to = up_to or re.search(r"不高于|不超过|最高|最多", before) is not None
    rule = RateRule(rate.written, up_to, base)
    after_caps = [a for a in caps if a.start > rate.end and a.up_to]
    if after_caps:
        cap = after_caps[0]
        rule.cap = cap.yuan
        if re.search(r"每年|年度|每个年度|一年", _clause_before(rest, cap.start)):
            rule.per = "year"
    of = re.search(r"不(?:高于|超过)(?P<what>[^,;的]{4,20}?(?:总额|金额|总投入|额))(?:[,;]|$)", rest[rate.end :])
    if of:
        rule.cap_of_text = of.group("what")
    return rule
