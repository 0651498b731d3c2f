"""Tables of the catalog commands — ``policies``, ``policies show`` (with ``--source``), ``cities``, ``titles`` —
Laid out by ``layout`` like the check table (``table.py``)."""

from __future__ import annotations

import datetime as dt

from zjtx import vocab
from zjtx.awards.describe import (
    district_part_words,
    document_words,
    measure_funding_words,
    rule_words,
    trigger_words,
    window_words,
)
from zjtx.io.env import Environment
from zjtx.policy.model import Document, Measure
from zjtx.render.layout import Col, Fields, Printer, Table, Text


def policies_table(rows: list[tuple[Document, Measure]], env: Environment, as_of: dt.date) -> None:
    """One table per document, its window and status in the heading."""
    out = Printer(env)
    by_doc: dict[str, list[Measure]] = {}
    docs: dict[str, Document] = {}
    for doc, m in rows:
        by_doc.setdefault(doc.id, []).append(m)
        docs[doc.id] = doc
    for i, (doc_id, measures) in enumerate(by_doc.items()):
        doc = docs[doc_id]
        status = doc.window.status(as_of)
        head = Text().line() if i else Text()
        head.line(document_words(doc), "bold")
        head.line(f"{doc.city} · 有效期 {window_words(doc.window)}")
        if status != "eligible":
            head.add(f" · {vocab.DOCUMENT_STATUS[status].cn} (截至 {as_of})", vocab.DOCUMENT_STATUS[status].colour)
        head.add(f" · {len(measures)} 项措施", "dim")
        table = Table(
            Col("措施 · id · 触发", ratio=5, min=12),
            Col("金额规则", ratio=3),
            Col("出资", ratio=2, min=6),
            Col("条款", min=6),
        )
        for m in measures:
            title = Text(m.title, "bold").line(m.id, "cyan").line(trigger_words(m.trigger), "dim")
            table.row(title, rule_words(m.rule), measure_funding_words(m), Text(m.clause, "keep"))
        out.print(head, table)
    if not rows:
        out.print(Text("没有措施。", "yellow"))


def policy_detail(doc: Document, m: Measure, env: Environment, as_of: dt.date) -> None:
    rows = [
        ("id", m.id),
        ("措施", m.title),
        ("触发", trigger_words(m.trigger)),
        ("金额规则", rule_words(m.rule)),
        ("出资", measure_funding_words(m)),
    ]
    for d in m.funding_by_district:
        rows.append(("", f"{d.label}: {district_part_words(d)}" + (f" — {d.note}" if d.note else "")))
    rows += [
        ("择优", "是" if m.selective else "否"),
        ("有效期", window_words(doc.window, as_of)),
        ("文件", document_words(doc)),
        ("条款", m.clause),
        ("原文", m.quote),
    ]
    if m.conditions:
        rows.append(("条件", m.conditions))
    if m.stacking:  # how its money meets the named measures' for the same event
        word = "就高不重复" if m.stacking.rule == "highest" else "差额(扣除其已得)"
        rows.append(("叠加", f"{word}: " + "、".join(m.stacking.with_)))
    if m.departments or m.departments_note:
        rows.append(("责任单位", "、".join(m.departments) or "—"))
        if m.departments_note:
            rows.append(("", m.departments_note))
    if doc.zones:
        rows.append(("园区", "、".join(z.name + (f"({'、'.join(z.aliases)})" if z.aliases else "") for z in doc.zones)))
    if doc.supersedes:
        rows.append(("取代", "、".join(doc.supersedes) + " (本文件有效期内的事项不再适用其措施)"))
    if m.recipient == "district":
        rows.append(("对象", "区县/功能区(不计入任何企业的奖励)"))
    if m.notes:
        rows.append(("解读", m.notes))
    reading = doc.reading(m.reading) if m.reading else None
    if reading is not None:
        rows.append(("多种解读", f"{reading.id}: {reading.question}"))
        for option, text in reading.options:
            mark = "✔ 采用" if option == reading.taken else f"  --reading {reading.id}={option}"
            rows.append(("", f"{mark} {option}: {text}"))
        if reading.why:
            rows.append(("", f"采用理由: {reading.why}"))
    if m.assessment == "following_year":
        rows.append(("评审年度", "事项次年评审(上年度…): 以次年检验文件有效期"))
    if doc.notes:
        rows.append(("文件说明", doc.notes))
    if doc.partial:
        rows.append(("副本", doc.partial))
    Printer(env).print(Fields([(k, str(v)) for k, v in rows]))


def source_context(context: dict, env: Environment) -> None:
    """The paragraphs of the document's text that hold the quote, the quoted words highlighted."""
    out = Printer(env)
    if not context["found"]:
        out.print(
            Text()
            .line()
            .line(f"原文出处: {context.get('note') or '在 ' + str(context['file']) + ' 中未找到引文'}", "yellow")
        )
        return
    out.print(Text().line().line(f"原文出处 ({context['file']}, {context['clause']}):", "bold"))
    for p in context["paragraphs"]:
        text, line, at = p["text"], Text(), 0
        for a, b in p["quoted"]:
            line.add(text[at:a]).add(text[a:b], "bold underline")
            at = b
        out.print(line.add(text[at:]))


def cities_table(rows: list[dict], env: Environment, as_of: dt.date) -> None:
    table = Table(
        Col("代码", fold=False),
        Col("城市", min=6),
        Col("省份", min=6),
        Col("文件", ratio=4, min=10),
        Col("有效期", fold=False),
        Col("现行", fold=False),
        title=f"城市与政策文件 (截至 {as_of})",
    )
    for r in rows:
        if not r["documents"]:
            table.row(r["code"], r["name"], r["province"], Text("— (无文件)", "dim"), "", "")
        for i, d in enumerate(r["documents"]):
            w = d["window"]
            table.row(
                r["code"] if i == 0 else "",
                r["name"] if i == 0 else "",
                r["province"] if i == 0 else "",
                f"{d['title']} ({d['measures']}项)",
                Text(f"{w['from'] or '…'} 至").line(w["to"] or "长期"),
                Text("是", "green") if d["in_force"] else Text("否", "red"),
            )
    Printer(env).print(table)


def titles_table(doc: dict, env: Environment) -> None:
    """Titles, then project types: what a company file may name, and which cities pay for each."""

    def cities(row: dict) -> Text:
        return Text.lines(
            [c.get("name", c["code"]) + ("" if c["in_force"] else " 非现行") for c in row["cities"]] or ["—"]
        )

    table = Table(
        Col("id", fold=False),
        Col("名称 · 别名", min=12, ratio=3),
        Col("层级 · 复核", min=11),
        Col("有效期", min=6),
        Col("支付城市", min=8),
        title="称号 titles (company file: [[recognitions]] title / level)",
    )
    for t in doc["titles"]:
        names = Text(t["name"])
        if t["aliases"]:
            names.line("、".join(t["aliases"]), "dim")
        levels = Text("、".join(vocab.LEVEL_CN[lv] for lv in t["levels"]) or "—")
        if t["review"]:
            levels.line("有动态复核", "dim")
        elif t.get("re_certification"):
            levels.line("期满重新认定 (review = true)", "dim")
        table.row(Text(t["id"], "cyan"), names, levels, f"{t['term']['years']}年" if t["term"] else "", cities(t))
    projects = Table(
        Col("type", fold=False),
        Col("名称 · 别名", min=12),
        Col("金额字段 (元)", min=16, ratio=2),
        Col("支付城市", min=8),
        title="项目 project types (company file: [[projects]] type)",
    )
    for p in doc["project_types"]:
        fields = [
            f"{f['name']} {f['name_cn']}"
            + (" (可选)" if not f["required"] else "")
            + (" (最多三年的列表)" if f["kind"] == "amount_list" else "")
            for f in p["fields"]
        ]
        projects.row(
            Text(p["id"], "cyan"), Text(p["name"]).line("、".join(p["aliases"]), "dim"), Text.lines(fields), cities(p)
        )
    Printer(env).print(
        table,
        Text(
            '层级可写在称号前: 省级专精特新中小企业 = zjtx_sme + provincial。"小巨人"单独写有歧义'
            '(little_giant / tech_little_giant), 写"国家级小巨人"或"省级小巨人"即可。有效期空白: 未记录。'
            f"支付城市: 其文件有金额措施的城市; 非现行: 截至 {doc['as_of']} 文件不在有效期内。",
            "dim",
        ),
        Text().line(),
        projects,
    )
