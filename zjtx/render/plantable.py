"""The ``zjtx plan`` table, Chinese first: rank, option, 万元 (最高 / 择优 / 争取), payers, prerequisites,
clause — one table per city, its documents and whether each is in force on the as-of date above it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from zjtx import vocab
from zjtx.io.env import Environment
from zjtx.policy.model import documents_for
from zjtx.render.layout import Col, Printer, Table, Text
from zjtx.render.table import Wan, basis, wan_format

if TYPE_CHECKING:
    from zjtx.awards.plan import Option
    from zjtx.company.model import Company
    from zjtx.places import City
    from zjtx.policy.model import Document


def _amount(o: Option, w: Wan) -> Text:
    if o.amount is None:
        if o.needs:
            return Text("需提供金额", "yellow")
        return Text("未载明", "yellow")
    up_to = any(a.bound == "up_to" and a.amount is not None for a in o.awards)
    text = Text(("最高 " if up_to else "") + w(o.amount), "bold" if o.live else "dim")
    marks = [
        word
        for cls, word in (("selective", "择优"), ("contingent", "争取"), ("estimate", "估算"))
        if o.by_certainty.get(cls)
    ]
    if o.unquantified:
        marks.append(f"另{o.unquantified}项未载明")
    if o.window_uncertain:
        marks.append("窗口待核")
    if o.readings:
        marks.append("⚖解读")
    if marks:
        text.line(" ".join(marks), "yellow")
    if o.projected:
        text.line(f"其中 {w(o.projected)} {o.projected_when}", "yellow")
    return text


def _option(o: Option) -> Text:
    t = Text(o.label, "bold")
    if o.group != "other":
        from zjtx.awards.plan import GROUP_CN

        t.line(GROUP_CN[o.group], "cyan")
    if not o.in_force:
        t.add(" (文件已失效)", "red")
    if o.lapsed:
        t.add(" (期满未复核)", "red")
    detail = []
    if o.kind != "re_review":
        detail.append(f"假设 {o.due}")
    if o.term:
        detail.append(f"{o.term['from']} 起 {o.term['years']} 年")
    if o.needs:
        detail.append(
            "需 "
            + "、".join(
                f"{vocab.FIELD_CN[f]} (--project {o.trigger['project']}"
                f"{'' if i == 0 and f == vocab.PROJECT_TYPES[o.trigger['project']].required[0] else '.' + f}=金额)"
                for i, f in enumerate(o.needs)
            )
        )
    if not o.awards and not o.needs:
        detail.append("本市文件对此不给予奖励")
    t.line(" · ".join(detail), "dim")
    for _d, m in o.measures:
        if o.kind == "project" or not o.awards:
            from zjtx.awards.describe import rule_words

            t.line(f"{m.title}: {rule_words(m.rule)}", "dim")
    return t


def _payers(o: Option, w: Wan) -> Text:
    return Text.lines([f"{vocab.PAYER_CN[lv]} {w(v)}" for lv, v in o.by_level.items() if v])


def _requires(o: Option) -> Text:
    if not o.requires:
        return Text("")
    words = "、".join(
        f"{vocab.LEVEL_CN[r.min_level] + '及以上' if r.min_level else ''}{vocab.TITLES[r.title].name}"
        for r in o.requires
    )
    return Text(("✓ 已具备 " if o.requires_met else "✗ 须先取得 ") + words, "green" if o.requires_met else "red")


def _clauses(o: Option) -> Text:
    t = Text()
    for label, clause in dict.fromkeys((d.label, m.clause) for d, m in o.measures):
        t.extend(basis(label, clause))
    return t


def plan_table(
    company: Company,
    cities: Iterable[City],
    options: list[Option],
    as_of: dt.date,
    documents: Iterable[Document],
    env: Environment,
    exact: bool = False,
) -> None:
    Printer(env).print(*plan_parts(company, cities, options, as_of, documents, exact))


def plan_parts(
    company: Company,
    cities: Iterable[City],
    options: list[Option],
    as_of: dt.date,
    documents: Iterable[Document],
    exact: bool = False,
) -> list[Text | Table]:
    w = wan_format(exact)
    parts: list[Text | Table] = []
    for i, city in enumerate(cities):
        head = Text().line() if i else Text()
        head.line(f"{company.name}  {city.full_name} {city.code}", "bold")
        if city.code != company.city.code:
            head.add(f"  (假设落户;公司所在地为{company.city.name})", "italic")
        head.add(f"  可争取的下一步 (截至 {as_of};每项按假设发生日计算)")
        for d in documents_for(documents, city.code):
            state = vocab.DOCUMENT_STATUS[d.window.status(as_of)]
            head.line(
                f"  {d.citation} · {d.window.start or '…'} 至 {d.window.end or '长期'} · {state.cn}",
                "dim" if state.id == "eligible" else state.colour,
                hang=2,
            )
        parts.append(head)
        rows = [o for o in options if o.city.code == city.code]
        if not rows:
            parts.append(Text("没有可计算的选项: 本市文件没有由认定或项目触发的资金措施。", "yellow"))
            continue
        table = Table(
            Col("序", align="right", fold=False),
            Col("选项", ratio=4, min=12),
            Col("万元", align="decimal", fold=False),
            Col("出资(万元)", align="decimal", fold=False),
            Col("前提", ratio=2, min=6),
            Col("依据", ratio=2, min=8),
        )
        for o in rows:
            table.row(
                str(o.rank) if o.rank else "—", _option(o), _amount(o, w), _payers(o, w), _requires(o), _clauses(o)
            )
        parts.append(table)
    parts.append(
        Text(
            '"最高"为文件上限;择优须评审入选;争取须先争取到省级资金。已失效文件的选项只列金额,不参与排序。'
            "明细与计算步骤: zjtx plan FILE --json。",
            "dim",
        )
    )
    return parts
