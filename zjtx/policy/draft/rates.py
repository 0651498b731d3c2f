"""A rate of a base, with its caps: the measure of a unit that grants one (按设备投资额的10%给予补助,单个项目
最高不超过500万元), its project type and the amount field its base is. Pure.

The base is the vocabulary's amount field whose name it is (设备购置款 → equipment_cost), or, for the one
project type the object names, its only field when the base shares a word with that field's name
(设备投资额 ~ 设备购置款) or the text names no base (20%的配套保险补偿); else a project type the draft
declares, named by the base (研发费用增量, 贷款利息). More than one rate in a unit: unquantified.
"""

from __future__ import annotations

import re
from typing import Any

from zjtx import vocab
from zjtx.policy.draft import amounts as money
from zjtx.policy.draft import numerals, triggers
from zjtx.policy.draft.drafted import Drafted, Maker, noun
from zjtx.policy.draft.lists import valid_names
from zjtx.policy.draft.names import Declared
from zjtx.policy.draft.triggers import Name
from zjtx.policy.draft.units import Unit


def rate_measure(
    b: Maker,
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
        return b.unquantified(unit, base, notes, projects or valid_names(titles, obj), False, requires)
    r = money.rate_rule(rest, rate_list[0], flat)
    pid, field_id = base_field(b.declared, r.base, projects, notes)
    if pid is None:
        notes.append("比例的基数无法对应到项目金额: 记为未量化,请写明 rate / of")
        return b.unquantified(unit, base, notes, projects or valid_names(titles, obj), False, requires)
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
    reqs = requires + [b.require(n) for n in titles if n.kind == "title" and n.id]
    if reqs:
        trigger["requires"] = reqs[0] if len(reqs) == 1 else reqs
    name = vocab.PROJECT_TYPES[pid].name if pid in vocab.PROJECT_TYPES else _declared_name(b.declared, pid)
    b.last = None
    m = Drafted(pid, f"{name}{noun(rest, '补助')}", trigger, rule, notes=notes, **base)
    m.amount = r.cap
    return [m]


def _declared_name(declared: Declared, pid: str) -> str:
    return next((p["name"] for p in declared.projects.values() if p["id"] == pid), pid)


def base_field(declared: Declared, base: str, projects: list[Name], notes: list[str]) -> tuple[str | None, str]:
    """(project type, amount field) of a rate's base."""
    known = [p.id for p in projects if p.id]
    for pid in known or list(vocab.PROJECT_TYPES):
        for fid in vocab.PROJECT_TYPES[pid].fields:
            cn = vocab.FIELD_CN.get(fid, "")
            if base and cn and (cn in base or base in cn):
                return pid, fid
    if base and len(known) == 1:
        fields = list(vocab.PROJECT_TYPES[known[0]].required)  # an optional field is no base
        cn = vocab.FIELD_CN.get(fields[0], "") if len(fields) == 1 else ""
        if cn and {base[i : i + 2] for i in range(len(base) - 1)} & {cn[i : i + 2] for i in range(len(cn) - 1)}:
            notes.append(f'基数"{base}"读作 {known[0]} 项目的 {fields[0]}({cn})')
            return known[0], fields[0]
    in_base = triggers.find_project(base) if base else None
    if in_base and (not known or in_base[0] in known):
        fields = list(vocab.PROJECT_TYPES[in_base[0]].required)
        if len(fields) == 1:
            notes.append(f'基数"{base}"读作 {in_base[0]} 项目的 {fields[0]}({vocab.FIELD_CN.get(fields[0], "")})')
            return in_base[0], fields[0]
    if not base and len(known) == 1:
        fields = list(vocab.PROJECT_TYPES[known[0]].required)  # an optional field is no base
        if len(fields) == 1:
            notes.append(f"文中未写比例的基数: 读作 {known[0]} 项目的 {fields[0]}({vocab.FIELD_CN.get(fields[0], '')})")
            return known[0], fields[0]
    if base and 2 <= len(base) <= 16 and not re.search(r"[0-9%]", base):
        pid, fid = declared.project(base, base)
        notes.append(f'zjtx 没有以"{base}"为金额的项目类型: 本草稿在 projects: 中声明了 {pid}(请核对)')
        return pid, fid
    return None, ""
