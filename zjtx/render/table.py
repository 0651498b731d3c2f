"""Rich tables for the terminal. Chinese first: titles, clauses and 万元. Every piece of user or
policy text goes through ``Text`` (never markup), so ``测试[/b]公司`` prints literally; Chinese columns
fold instead of being cut with "…"."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from zjtx import money, vocab
from zjtx.describe import district_part_words, document_words, measure_funding_words, rule_words, trigger_words, window_words
from zjtx.engine import OVERLAP_CN, STATUS_CN, Award, Report
from zjtx.env import Environment
from zjtx.policy import PAYER_CN, PAYER_LEVELS, Document, Measure
from zjtx.report import no_document

WIDE = 118  # at or above this width the payer shares get a column each


def console(env: Environment, file=None) -> Console:
    width = env.width
    if width is None and env.environ.get("COLUMNS", "").isdigit():
        width = int(env.environ["COLUMNS"])
    if width is None and not env.isatty:
        width = 100
    return Console(file=file or env.out, width=width, force_terminal=env.color, no_color=not env.color,
                   color_system="auto" if env.color else None, highlight=False, emoji=False,
                   soft_wrap=False, legacy_windows=False)


def _wan(amount: Decimal | None) -> str:
    return "" if amount is None else money.fmt_wan(amount)


def _amount_text(a: Award) -> Text:
    if a.amount is None:
        return Text("未载明", style="yellow")
    text = ("最高 " if a.bound == "up_to" else "") + money.fmt_wan(a.amount)
    if a.status != "eligible":
        return Text(f"({text})", style="dim strike")
    return Text(text, style="bold")


def _status_text(a: Award) -> Text:
    if a.status == "eligible" and a.also_covered_by:
        return Text(f"{STATUS_CN[a.status]}\n{OVERLAP_CN}", style="yellow")
    if a.status == "eligible":
        return Text(STATUS_CN[a.status], style="green")
    return Text(f"{STATUS_CN[a.status]}\n不计入", style="red")


def _trigger_text(a: Award) -> str:
    return _trigger_words(a) + (" (假设)" if a.trigger.get("hypothetical") else "")


def _trigger_words(a: Award) -> str:
    t = a.trigger
    if "title" in t:
        level = vocab.LEVEL_CN.get(t["level"], "") if t["level"] else ""
        return f"{level}{vocab.TITLES[t['title']].name}{'复核' if t['review'] else ''} {t['date']}"
    what = vocab.PROJECT_TYPES[t["project"]].name
    if "year" in t and "entries" in t:
        return f"{what} {t['year']}年 ({len(t['entries'])}项)"
    return f"{what} {t['date']}" + (f" {t['name']}" if t.get("name") else "")


def _basis(a: Award) -> Text:
    return Text(f"{a.document.label} {a.measure.clause}" + (" [副本不完整]" if a.document.partial else ""))


def _funding_cell(a: Award) -> Text:
    lines = [f"{PAYER_CN[lv]} {money.fmt_wan(part)}" for lv, part in a.funding if part is not None]
    return Text("\n".join(lines), style="dim" if a.status != "eligible" else "")


def check_report(report: Report, env: Environment, *, explain: bool = False, file: str | None = None) -> None:
    con = console(env)
    con.print(_check_renderable(report, con.width, explain, file))


def _check_renderable(report: Report, width: int, explain: bool, file: str | None) -> Group:
    c = report.company
    parts: list = []
    head = Text()
    head.append(c.name, style="bold")
    province = "" if report.city.province == report.city.name else report.city.province  # 直辖市
    head.append(f"  {province}{report.city.name} {report.city.code}")
    if c.district and report.city.code == c.city.code:
        head.append(f" {c.district}")
    if report.city.code != c.city.code:
        head.append(f"  (假设落户;公司所在地为{c.city.name})", style="italic")
    if any(r.hypothetical for r in c.recognitions) or any(p.hypothetical for p in c.projects):
        head.append("  (假设: 含 --add 添加的事件)", style="bold yellow")
    if file:
        head.append(f"  [{file}]", style="dim")
    parts.append(head)

    money_awards = [a for a in report.awards if a.amount is not None]
    unquantified = [a for a in report.awards if a.amount is None]
    wide = width >= WIDE
    if not report.documents:
        parts.append(Text(f"{report.city.name}: 没有内置或用 --data 给出的政策文件 ({no_document(report.city)})。"
                          "添加该市的政策文件见 README「Writing a policy document of your own」。", style="bold yellow"))
    elif not report.quantified:
        parts.append(Text(f"{report.city.name}: 内置政策文件中没有可量化的奖励 (no quantified award in the bundled documents)。"
                          "文件只列目标和定性支持,见下方。", style="bold yellow"))
    elif money_awards:
        table = Table(box=box.SIMPLE_HEAD, show_footer=False, pad_edge=False, expand=False)
        table.add_column("措施", overflow="fold", ratio=3, min_width=12)
        table.add_column("金额(万元)", justify="right", no_wrap=True)
        if wide:
            for lv in PAYER_LEVELS:
                table.add_column(PAYER_CN[lv], justify="right", no_wrap=True)
        else:
            table.add_column("出资(万元)", no_wrap=True)
        table.add_column("依据", overflow="fold", ratio=2, min_width=8)
        table.add_column("状态", no_wrap=True)
        for a in money_awards:
            measure = Text(a.measure.title)
            measure.append("\n" + _trigger_text(a), style="dim")
            if a.measure.contingent:
                measure.append("\n须先争取省级资金", style="yellow")
            if a.measure.selective:
                measure.append("\n择优", style="yellow")
            if explain:
                measure.append("\n" + "\n".join("· " + s for s in a.steps), style="cyan")
            row = [measure, _amount_text(a)]
            if wide:
                shares = dict(a.funding)
                row += [Text(_wan(shares.get(lv)), style="dim" if a.status != "eligible" else "") for lv in PAYER_LEVELS]
            else:
                row.append(_funding_cell(a))
            row += [_basis(a), _status_text(a)]
            table.add_row(*row)
        t = report.totals
        total = Text(("最高 " if t.bound == "up_to" else "") + money.fmt_wan(t.amount), style="bold")
        footer = [Text("合计(仅计窗口内)", style="bold"), total]
        if wide:
            footer += [Text(_wan(t.by_level[lv]), style="bold") for lv in PAYER_LEVELS]
        else:
            footer.append(Text("\n".join(f"{PAYER_CN[lv]} {money.fmt_wan(v)}" for lv, v in t.by_level.items() if v), style="bold"))
        footer += [Text(""), Text("")]
        table.add_section()
        table.add_row(*footer)
        parts.append(table)
    else:
        parts.append(Text("未找到可计算金额的奖励: 公司文件中的认定与项目未触发本市文件中有金额的措施。", style="yellow"))

    t = report.totals
    notes = []
    if t.bound == "up_to" and t.amount:
        notes.append("\"最高\"为文件规定的上限,实际金额由主管部门核定。")
    if t.contingent:
        notes.append(f"其中 {money.fmt_wan(t.contingent)} 万元须先争取到省级资金。")
    if t.out_of_window:
        notes.append(f"{t.out_of_window} 项因触发日期不在文件有效期内而不计入合计。")
    for d in report.documents:
        if d.partial:
            notes.append(f"{d.citation}: 副本不完整 — {d.partial}")
    if notes:
        parts.append(Text("\n".join("注: " + n for n in notes), style="dim"))

    listing = []
    for a in unquantified:
        listing.append(_line("未载明金额", a.measure, a.document, f"{_trigger_text(a)} · {STATUS_CN[a.status]}"))
    for a in report.benefits:
        listing.append(_line("非资金支持", a.measure, a.document, f"{_trigger_text(a)} · {STATUS_CN[a.status]}"))
    for u in report.unmet:
        listing.append(_line("条件未满足", u.measure, u.document, u.reason + f" · 若满足: {rule_words(u.measure.rule)}"))
    if listing:
        parts.append(Text("\n其他结果", style="bold"))
        parts += listing
    if report.general:
        parts.append(Text(f"\n{report.city.name}其他支持(不由具体认定或项目触发)", style="bold"))
        for g in report.general:
            state = "" if g.in_force else f" · 文件已于{g.document.window.end}失效" if g.document.window.end and g.document.window.end < report.as_of else ""
            parts.append(_line("全市", g.measure, g.document, rule_words(g.measure.rule) + state))
    return Group(*parts)


def _line(kind: str, m: Measure, doc: Document, detail: str) -> Text:
    t = Text("• ")
    t.append(f"[{kind}] ", style="yellow")
    t.append(m.title, style="bold")
    t.append(f" — {detail} ({doc.label} {m.clause})")
    return t


# ------------------------------------------------------------------------------------- other commands


def policies_table(rows: list[tuple[Document, Measure]], env: Environment, as_of: dt.date) -> None:
    """One table per document, its window and status in the heading."""
    con = console(env)
    by_doc: dict[str, list[Measure]] = {}
    docs: dict[str, Document] = {}
    for doc, m in rows:
        by_doc.setdefault(doc.id, []).append(m)
        docs[doc.id] = doc
    for i, (doc_id, measures) in enumerate(by_doc.items()):
        doc = docs[doc_id]
        status = doc.window.status(as_of)
        head = Text("\n" if i else "")
        head.append(document_words(doc), style="bold")
        head.append(f"\n{doc.city} · 有效期 {window_words(doc.window)}")
        if status != "eligible":
            head.append(f" · {'已失效' if status == 'expired' else '未生效'} (截至 {as_of})", style="red")
        head.append(f" · {len(measures)} 项措施", style="dim")
        con.print(head)
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
        table.add_column("措施 · id · 触发", overflow="fold", ratio=5)
        table.add_column("金额规则", overflow="fold", ratio=3)
        table.add_column("出资", overflow="fold", ratio=2)
        table.add_column("条款", no_wrap=True)
        for m in measures:
            title = Text(m.title, style="bold")
            title.append("\n" + m.id, style="cyan")
            title.append("\n" + trigger_words(m.trigger), style="dim")
            table.add_row(title, Text(rule_words(m.rule)), Text(measure_funding_words(m)), Text(m.clause))
        con.print(table)
    if not rows:
        con.print(Text("没有措施。", style="yellow"))


def policy_detail(doc: Document, m: Measure, env: Environment, as_of: dt.date) -> None:
    con = console(env)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    rows = [
        ("id", m.id), ("措施", m.title), ("触发", trigger_words(m.trigger)), ("金额规则", rule_words(m.rule)),
        ("出资", measure_funding_words(m)),
    ]
    for d in m.funding_by_district:
        rows.append(("", f"{d.label}: {district_part_words(d)}" + (f" — {d.note}" if d.note else "")))
    rows += [
        ("择优", "是" if m.selective else "否"), ("有效期", window_words(doc.window, as_of)),
        ("文件", document_words(doc)), ("条款", m.clause), ("原文", m.quote),
    ]
    if m.conditions:
        rows.append(("条件", m.conditions))
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
    if m.assessment == "following_year":
        rows.append(("评审年度", "事项次年评审(上年度…): 以次年检验文件有效期"))
    if doc.notes:
        rows.append(("文件说明", doc.notes))
    if doc.partial:
        rows.append(("副本", doc.partial))
    for k, v in rows:
        grid.add_row(Text(k), Text(str(v)))
    con.print(grid)


def source_context(context: dict, env: Environment) -> None:
    """The paragraphs of the document's text that hold the quote, the quoted words highlighted."""
    con = console(env)
    if not context["found"]:
        con.print(Text(f"\n原文出处: {context.get('note') or '在 ' + str(context['file']) + ' 中未找到引文'}", style="yellow"))
        return
    con.print(Text(f"\n原文出处 ({context['file']}, {context['clause']}):", style="bold"))
    for p in context["paragraphs"]:
        line = Text(p["text"])
        for a, b in p["quoted"]:
            line.stylize("bold underline", a, b)
        con.print(line)


def cities_table(rows: list[dict], env: Environment, as_of: dt.date) -> None:
    con = console(env)
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=f"城市与政策文件 (截至 {as_of})")
    for col in ("代码", "城市", "省份", "文件", "有效期", "现行"):
        table.add_column(col, overflow="fold")
    for r in rows:
        if not r["documents"]:
            table.add_row(r["code"], r["name"], r["province"], Text("— (无文件)", style="dim"), "", "")
        for i, d in enumerate(r["documents"]):
            w = d["window"]
            table.add_row(r["code"] if i == 0 else "", r["name"] if i == 0 else "", r["province"] if i == 0 else "",
                          Text(f"{d['title']} ({d['measures']}项)"), Text(f"{w['from'] or '…'} 至 {w['to'] or '长期'}"),
                          Text("是", style="green") if d["in_force"] else Text("否", style="red"))
    con.print(table)


def compare_table(doc: dict, env: Environment) -> None:
    con = console(env)
    company = doc["company"]
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False,
                  title=Text(f"{company['name']}: 若落户各城市可获奖励 (万元)" + (" (假设: 含 --add 添加的事件)" if doc.get("hypothetical") else "")))
    table.add_column("城市", no_wrap=True)
    table.add_column("合计", justify="right", no_wrap=True)
    for lv in PAYER_LEVELS:
        table.add_column(PAYER_CN[lv], justify="right", no_wrap=True)
    table.add_column("未载明", justify="right", no_wrap=True)
    table.add_column("过期", justify="right", no_wrap=True)
    table.add_column("最大一项", overflow="fold", min_width=10)
    best = max((Decimal(str(c["totals"]["amount"])) for c in doc["cities"]), default=Decimal(0))
    for c in doc["cities"]:
        t = c["totals"]
        name = Text(c["name"] + (" ★" if c["code"] == company["city"] else ""), style="bold" if c["code"] == company["city"] else "")
        amount = Decimal(str(t["amount"]))
        total = ("最高 " if t["bound"] == "up_to" and amount else "") + money.fmt_wan(amount)
        if not c["quantified"]:
            total = "无量化奖励"
        top = c["top_awards"][0] if c["top_awards"] else None
        top_text = Text(f"{top['title']} {'最高' if top['bound'] == 'up_to' else ''}{money.fmt_wan(Decimal(str(top['amount'])))}") if top else Text("")
        table.add_row(name, Text(total, style="bold green" if amount == best and best else "bold"),
                      *[money.fmt_wan(Decimal(str(t["by_level"][lv]))) for lv in PAYER_LEVELS],
                      str(t["unquantified"]), str(t["out_of_window"]), top_text)
    con.print(table)
    con.print(Text("★ 公司所在城市。\"过期\": 触发日期不在文件有效期内而不计的奖励数; \"未载明\": 文件未写金额的措施数。"
                   "各城市明细: zjtx compare FILE --json 或 zjtx check FILE。", style="dim"))


def titles_table(doc: dict, env: Environment) -> None:
    """Titles, then project types: what a company file may name, and which cities pay for each."""
    con = console(env)

    def cities(row: dict) -> Text:
        return Text("\n".join(c.get("name", c["code"]) + ("" if c["in_force"] else " 非现行") for c in row["cities"]) or "—")

    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=Text("称号 titles (company file: [[recognitions]] title / level)"))
    table.add_column("id", no_wrap=True)
    for col, width in (("名称 · 别名", 12), ("层级 · 复核", 11), ("有效期", 6), ("支付城市", 8)):
        table.add_column(col, overflow="fold", min_width=width)
    for t in doc["titles"]:
        names = Text(t["name"])
        if t["aliases"]:
            names.append("\n" + "、".join(t["aliases"]), style="dim")
        levels = Text("、".join(vocab.LEVEL_CN[lv] for lv in t["levels"]) or "—")
        if t["review"]:
            levels.append("\n有动态复核", style="dim")
        table.add_row(Text(t["id"], style="cyan"), names, levels, f"{t['term']['years']}年" if t["term"] else "", cities(t))
    con.print(table)
    con.print(Text("层级可写在称号前: 省级专精特新中小企业 = zjtx_sme + provincial。\"小巨人\"单独写有歧义"
                   "(little_giant / tech_little_giant), 写\"国家级小巨人\"或\"省级小巨人\"即可。有效期空白: 未记录。"
                   f"支付城市: 其文件有金额措施的城市; 非现行: 截至 {doc['as_of']} 文件不在有效期内。", style="dim"))
    projects = Table(box=box.SIMPLE_HEAD, pad_edge=False, title=Text("项目 project types (company file: [[projects]] type)"))
    projects.add_column("type", no_wrap=True)
    for col, width in (("名称 · 别名", 12), ("金额字段 (元)", 16), ("支付城市", 8)):
        projects.add_column(col, overflow="fold", min_width=width)
    for p in doc["project_types"]:
        names = Text(p["name"])
        names.append("\n" + "、".join(p["aliases"]), style="dim")
        fields = "\n".join(f"{f['name']} {f['name_cn']}" + (" (可选)" if not f["required"] else "")
                           + (" (最多三年的列表)" if f["kind"] == "amount_list" else "") for f in p["fields"])
        projects.add_row(Text(p["id"], style="cyan"), names, Text(fields), cities(p))
    con.print(Text(""))
    con.print(projects)


def problems(lines: list[str], env: Environment) -> None:
    for line in lines:
        env.err.write(line + "\n")
