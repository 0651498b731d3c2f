"""Measures in words (Chinese first, as the user reads policy): the rule, the trigger, the payers and the
window; and the words of an award's calculation steps (``step_*``, used by the engine). Shared by the tables
and the JSON (``rule_text`` …) so they always agree."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from zjtx import money, vocab
from zjtx.policy.model import DistrictFunding, Document, Funding, Measure, Rule, Trigger, Window


def stated_amount(rule: Rule) -> Decimal:
    """The amount of an ``amount`` / ``up_to`` rule (policy validation requires one)."""
    if rule.amount is None:
        raise ValueError(f"a rule of form {rule.form} without an amount")
    return rule.amount


def stated_rate(rule: Rule) -> Fraction:
    """The rate of a ``rate`` rule (policy validation requires one)."""
    if rule.rate is None:
        raise ValueError("a rule of form rate without a rate")
    return rule.rate


def rule_words(rule: Rule) -> str:
    """e.g. ``设备购置款不高于10%,单个项目最高500万元``."""
    if rule.form == "amount":
        return f"{money.fmt_money_cn(stated_amount(rule))}"
    if rule.form == "up_to":
        return f"最高{money.fmt_money_cn(stated_amount(rule))}"
    if rule.form == "rate":
        base = vocab.FIELD_CN.get(rule.base or "", rule.base or "")
        text = f"{base}{'不高于' if rule.rate_up_to else '的'}{money.fmt_rate(stated_rate(rule))}"
        if rule.cap_of:
            text += f",不高于{vocab.FIELD_CN.get(rule.cap_of, rule.cap_of)}"
        if rule.cap is not None:
            text += f",{'每年' if rule.per == 'year' else '单个项目'}最高{money.fmt_money_cn(rule.cap)}"
        return text
    if rule.form == "unquantified":
        return f"未载明金额({rule.text})"
    return f"非资金支持: {rule.text}"


def trigger_words(trigger: Trigger) -> str:
    if trigger.kind == "general":
        return "全市适用(不由具体认定触发)"
    if trigger.kind == "project":
        if trigger.project is None:
            raise ValueError("a project trigger without a project type")
        text = f"项目: {vocab.PROJECT_TYPES[trigger.project].name}"
    else:
        names = "、".join(vocab.TITLES[t].name for t in trigger.titles)
        if trigger.min_level is not None:
            level = f"{vocab.LEVEL_CN[trigger.min_level]}及以上"
        elif trigger.levels is None:
            level = ""
        elif len(trigger.levels) == 1:
            level = vocab.LEVEL_CN[trigger.levels[0]]
        else:
            level = "/".join(vocab.LEVEL_CN[lv] for lv in trigger.levels)
        renewal = "重新认定" if all(vocab.TITLES[t].recertified for t in trigger.titles) else "通过动态复核"
        text = f"{level}{names}{renewal if trigger.review else '新认定'}"
    for req in trigger.requires:
        level = f"{vocab.LEVEL_CN[req.min_level]}及以上" if req.min_level else ""
        text += f"(须已持有{level}{vocab.TITLES[req.title].name})"
    return text


def funding_words(funding: Funding) -> str:
    if not funding.specified:
        return "未明确"
    if len(funding.shares) == 1:
        return f"{vocab.PAYER_CN[funding.shares[0][0]]}全额"
    return "、".join(f"{vocab.PAYER_CN[lv]}{money.fmt_rate(s)}" for lv, s in funding.shares)


#: What funding_by_district's ``types`` cover, in words.
DIVISION_TYPES_CN = {
    "county_level": "县级区划(县、县级市、自治县、旗等)",
    "urban_district": "市辖区(市区)及按市区计的园区",
}


def district_part_words(d: DistrictFunding) -> str:
    """Which divisions a part of ``funding_by_district`` covers: its types, then its names."""
    return "、".join([DIVISION_TYPES_CN[t] for t in d.types] + list(d.districts))


def measure_funding_words(m: Measure) -> str:
    text = funding_words(m.funding)
    if m.funding_by_district:
        parts = [f"{r.label}: {funding_words(r.funding)}" for r in m.funding_by_district]
        text = ";".join(parts) + f";其他: {text}"
    if m.contingent:
        text += "(须争取省级)"
    if m.recipient == "district":
        text += "(奖励区县,非企业)"
    return text


def window_words(window: Window, as_of: dt.date | None = None) -> str:
    start = str(window.start or "…")
    if window.start_bound is not None:
        b = window.start_bound
        start = f"不早于{b.not_before or '…'}" + (f"(不晚于{b.not_after})" if b.not_after else "")
    end = str(window.end or "长期")
    if window.end_bound is not None:
        b = window.end_bound
        end = f"不晚于{b.not_after or '…'}" + (f"(不早于{b.not_before})" if b.not_before else "")
    text = f"{start} 至 {end}"
    if as_of is not None:
        status = window.status(as_of)
        if status == "expired":
            text += " (已失效)"
        elif status == "not_yet_in_force":
            text += " (未生效)"
    return text


def document_words(doc: Document) -> str:
    return doc.citation + (" [副本不完整]" if doc.partial else "")


# ------------------------------------------------------------------- the words of an award's steps (engine)


@lru_cache(maxsize=2048)
def step_rule(m: Measure) -> tuple[str, ...]:
    """The steps that are the same for every company (the rule's own words)."""
    rule = m.rule
    steps = []
    if rule.form == "amount":
        steps.append(f"定额 {money.fmt_money_cn(stated_amount(rule))}")
    elif rule.form == "up_to":
        steps.append(f"最高 {money.fmt_money_cn(stated_amount(rule))} (上限;实际金额由主管部门核定)")
    elif rule.form in ("unquantified", "benefit"):
        steps.append(("未载明金额: " if rule.form == "unquantified" else "非资金支持: ") + (rule.text or ""))
    if m.selective:
        steps.append("择优给予: 须经评审入选")
    if m.contingent:
        steps.append("须先争取上级(省级)资金")
    if m.conditions:
        steps.append(f"条件: {m.conditions}")
    return tuple(steps)


def step_funding(rule: Funding, parts: tuple[tuple[str, Decimal | None], ...]) -> str:
    if not rule.specified:
        return "文件未明确出资层级"
    if len(parts) == 1:
        return f"{vocab.PAYER_CN[parts[0][0]]} 100%"
    words = []
    for (level, share), (_, part) in zip(rule.shares, parts, strict=True):
        text = f"{vocab.PAYER_CN[level]} {money.fmt_rate(share)}"
        if part is not None and len(parts) > 1:
            text += f" = {money.fmt_yuan(part)}元"
        words.append(text)
    return ", ".join(words)


def step_window(doc: Document, date: dt.date, status: str, as_of: dt.date, year: int | None = None) -> str:
    w = doc.window
    start = w.start or "印发之日(未载明)"
    if w.start_bound is not None:
        start = f"不早于{w.start_bound.not_before or '…'}" + (
            f"、不晚于{w.start_bound.not_after}" if w.start_bound.not_after else ""
        )
    end = w.end or "未规定终止日"
    if w.end_bound is not None:
        end = (
            f"不早于{w.end_bound.not_before}、" if w.end_bound.not_before else ""
        ) + f"不晚于{w.end_bound.not_after or '…'}"
    span = f"{start} 至 {end}"
    what = f"评审年度 {year}年" if year is not None else f"触发日期 {date}"
    if status == "eligible":
        return f"{what} 在文件有效期内 ({span})"
    if status == "projected":
        late = f"触发日期 {date}" if date > as_of else f"{year}年度评审"
        return f"{what} 在文件有效期内 ({span}),但{late}晚于计算基准日 {as_of}: 预期,不计入合计"
    if status == "expired":
        return f"{what} 晚于文件有效期 ({span}): 已过期,不计入合计"
    return f"{what} 早于文件施行 ({span}): 未生效,不计入合计"
