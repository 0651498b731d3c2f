"""Tables for the terminal. Chinese first: titles, clauses and 万元. Laid out by ``layout`` (the one
renderer that owns widths): every piece of user or policy text is sanitised there and printed
literally (``测试[/b]公司`` stays as it is); Chinese folds by the line-breaking rules, never cut with
"…"; below the width a table needs, it turns into one block per award."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from zjtx import money, vocab
from zjtx.awards.describe import rule_words, window_words
from zjtx.awards.engine import Award, Report
from zjtx.awards.report import no_document
from zjtx.io.env import Environment
from zjtx.policy.model import Document, Measure
from zjtx.render.layout import Col, Printer, Table, Text
from zjtx.render.rows import headline

MEASURE_MIN = 20  # the payer shares get a column each only when the measure column keeps this width


Wan = Callable[[Decimal], str]  # how a table shows 万元: to two decimals, or every digit with --exact


def wan_format(exact: bool) -> Wan:
    return money.fmt_wan if exact else money.fmt_wan_2


def _amount_text(a: Award, w: Wan) -> Text:
    if a.amount is None:
        return Text("未载明", "yellow")
    text = ("最高 " if a.bound == "up_to" else "") + w(a.amount)
    if a.status == "projected":
        return Text(f"({text})", "dim")  # a planned event: not counted, not struck out either
    if a.status != "eligible":
        return Text(f"({text})", "dim strike")
    return Text(text, "bold")


def _status_text(a: Award) -> Text:
    word = vocab.STATUS[a.status]
    if a.status == "eligible" and a.window_uncertain:
        return Text(word.cn, "yellow").line("有效期待核", "yellow")
    if a.status == "eligible" and a.also_covered_by:
        return Text(word.cn, "yellow").line(vocab.OVERLAP_CN, "yellow")
    if a.status == "eligible":
        return Text(word.cn, word.colour)
    return Text(word.cn, word.colour).line("不计入", word.colour)


def _trigger_text(a: Award) -> str:
    return _trigger_words(a) + (" (假设)" if a.trigger.get("hypothetical") else "")


def _trigger_words(a: Award) -> str:
    t = a.trigger
    if "title" in t:
        level = vocab.LEVEL_CN.get(t["level"], "") if t["level"] else ""
        name = f" «{t['name']}»" if t.get("name") else ""
        year = f" → {a.assessment_year}年度评审" if a.assessment_year else ""
        return f"{level}{vocab.TITLES[t['title']].name}{_renewal(t)}{name} {t['date']}{year}"
    what = vocab.PROJECT_TYPES[t["project"]].name
    year = f" → {a.assessment_year}年度评审" if a.assessment_year else ""
    if "year" in t and "entries" in t:
        return f"{what} {t['year']}年 ({len(t['entries'])}项){year}"
    return f"{what} {t['date']}" + (f" {t['name']}" if t.get("name") else "") + year


def _renewal(t: dict) -> str:
    """复核 (a re-review), 重新认定 (高新技术企业) or nothing (a new recognition)."""
    if not t.get("review"):
        return ""
    return "重新认定" if vocab.TITLES[t["title"]].recertified else "复核"


def basis(label: str, clause: str, style: str = "") -> Text:
    """A document and, below it, its clause, each kept whole (宁政办〔2023〕32号 / 二、3 三是 never break inside)."""
    keep = f"{style} keep".strip()
    return Text(label, keep).line(clause, keep)


def _basis(a: Award) -> Text:
    text = basis(a.document.label, a.measure.clause)
    return text.add(" [副本不完整]") if a.document.partial else text


def _funding_cell(a: Award, w: Wan) -> Text:
    return Text.lines(
        [f"{vocab.PAYER_CN[lv]} {w(part)}" for lv, part in a.funding if part is not None],
        "dim" if a.status != "eligible" else "",
    )


def check_report(
    report: Report, env: Environment, *, explain: bool = False, file: str | None = None, exact: bool = False
) -> None:
    out = Printer(env)
    out.print(*check_parts(report, out.width, explain, file, exact))


def _payer_columns(awards: list[Award]) -> list[str]:
    """The payer levels that get a column: every level, but 中央 only where a central document pays a share
    (most reports have none, and an always-empty column would take the measure's room)."""
    central = any(lv == "central" and part is not None for a in awards for lv, part in a.funding)
    return [lv for lv in vocab.PAYER_LEVELS if lv != "central" or central]


def _award_table(report: Report, awards: list[Award], wide: bool, explain: bool, w: Wan) -> Table:
    cols = [Col("措施", ratio=3, min=12), Col("金额(万元)", align="decimal", fold=False)]
    levels = _payer_columns(awards)
    if wide:
        cols += [Col(vocab.PAYER_CN[lv], align="decimal", fold=False) for lv in levels]
    else:
        cols.append(Col("出资(万元)", align="decimal", fold=False))
    cols += [Col("依据", ratio=2, min=8), Col("状态", fold=False)]
    table = Table(*cols)
    for a in awards:
        measure = Text(a.measure.title).line(_trigger_text(a), "dim")
        if a.measure.contingent:
            measure.line("须先争取省级资金", "yellow")
        if a.measure.selective:
            measure.line("择优", "yellow")
        if a.certainty == "estimate":
            measure.line("估算: 基数为企业预测数,以财政核定为准", "yellow")
        if a.measure.draft:
            measure.line(f"{vocab.DRAFT_CN} (未审核)", "bold yellow")
        if a.reading is not None:
            reading, choice = a.reading
            measure.line(f"⚖ 解读: {choice}" + ("" if choice == reading.taken else " (非默认)"), "magenta")
        row = [measure, _amount_text(a, w)]
        if wide:
            shares = dict(a.funding)
            dim = "dim" if a.status != "eligible" else ""
            row += [Text("" if (part := shares.get(lv)) is None else w(part), dim) for lv in levels]
        else:
            row.append(_funding_cell(a, w))
        row += [_basis(a), _status_text(a)]
        table.row(*row, block=Text.lines(a.steps, "cyan", bullet="· ") if explain else None)
    t = report.totals
    blank = [None] * (len(table.cols) - 2)
    table.rule()
    # The certain money first (确定), then each other class (另有 最高 / 择优 / 争取 / 估算): never one sum
    # that reads as a promise; the sum of every class, with the payer split, after them.
    certain, others = headline(t.by_certainty)
    table.row(Text("确定(仅计窗口内)", "bold"), Text(w(certain), "bold green"), *blank)
    for c, v in others:
        word = vocab.CERTAINTY[c]
        table.row(Text(f"另有 {word.cn}", word.colour), Text(w(v), word.colour), *blank)
    label = "合计(含以上各类)" if others else "合计"
    footer = [Text(label, "dim"), Text(("最高 " if t.bound == "up_to" else "") + w(t.amount), "dim")]
    if wide:
        footer += [Text(w(t.by_level[lv]), "dim") for lv in levels]
    else:
        footer.append(Text.lines([f"{vocab.PAYER_CN[lv]} {w(v)}" for lv, v in t.by_level.items() if v], "dim"))
    table.row(*footer, None, None)
    if t.projected_count:
        table.row(Text(f"预期(不计入合计): {t.projected_count} 项", "cyan"), Text(w(t.projected), "cyan"), *blank)
    return table


def kept(text: str, whole: tuple[str, ...], style: str = "", hang: int = 0) -> Text:
    """One line of prose in which every occurrence of the ``whole`` pieces (a document number or label, a clause
    such as 二、3 三是) is kept on one line when it folds."""
    import re

    line = Text("", hang=hang)
    line.line("", style, hang)
    pieces = sorted((p for p in whole if p), key=len, reverse=True)
    if not pieces:
        return line.add(text, style)
    at = 0
    for m in re.finditer("|".join(map(re.escape, pieces)), text):
        line.add(text[at : m.start()], style).add(m.group(), f"{style} keep")
        at = m.end()
    return line.add(text[at:], style)


def by_year_cn(by_year: dict[int, Decimal], w: Wan) -> str:
    """``2022年 120 · 2023年 150 · 2024年 180``."""
    return " · ".join(f"{y}年 {w(v)}" for y, v in by_year.items())


def _projected_note(report: Report) -> str | None:
    """Why the projected awards are not counted — their trigger date, or their assessment round, lies after the
    as-of date (a 2025 升规 is awarded in the 2026 round)."""
    projected = [a for a in report.awards if a.status == "projected"]
    if not projected:
        return None
    later = [a for a in projected if a.date > report.as_of]
    rounds = sorted({a.assessment_year for a in projected if a.date <= report.as_of and a.assessment_year})
    parts = []
    if later:
        parts.append(f"{len(later)} 项触发日期晚于计算基准日 {report.as_of}")
    if rounds:
        n = len(projected) - len(later)
        years = "、".join(f"{y}年度" for y in rounds)
        parts.append(f"{n} 项的评审年度({years})晚于计算基准日 {report.as_of},评审尚未开始")
    return ";".join(parts) + ": 预期,不计入合计。"


def check_parts(report: Report, width: int, explain: bool, file: str | None, exact: bool = False) -> list:
    """What ``check`` prints, in order: Text paragraphs and the award Table (tests lay them out)."""
    w = wan_format(exact)
    c = report.company
    parts: list = []
    head = Text(c.name, "bold")
    province = "" if report.city.province == report.city.name else report.city.province  # 直辖市
    head.add(f"  {province}{report.city.name} {report.city.code}")
    if c.district and report.city.code == c.city.code:
        head.add(f" {c.district}")
    if report.city.code != c.city.code:
        head.add(f"  (假设落户;公司所在地为{c.city.name})", "italic")
    if any(r.hypothetical for r in c.recognitions) or any(p.hypothetical for p in c.projects):
        head.add("  (假设: 含 --add 添加的事件)", "bold yellow")
    if file:
        head.add(f"  [{file}]", "dim")
    parts.append(head)
    parts += _documents_lines(report)

    money_awards = [a for a in report.awards if a.amount is not None]
    unquantified = [a for a in report.awards if a.amount is None]
    if not report.documents:
        from zjtx.places import namesakes

        others = namesakes(report.city)
        alike = f"注意: {report.city.name}({report.city.province})不是{'或'.join(others)}。" if others else ""
        parts.append(
            Text(
                f"{report.city.name}: 没有内置或用 --data 给出的政策文件。{alike}"
                "添加该市的政策文件见 docs/policy-format.md「Writing a policy document of your own」。",
                "bold yellow",
            ).line(no_document(report.city), "dim")
        )
    elif not report.quantified:
        parts.append(
            Text(
                f"{report.city.name}: 内置政策文件中没有可量化的奖励 (no quantified award in the bundled documents)。"
                "文件只列目标和定性支持,见下方。",
                "bold yellow",
            )
        )
    elif money_awards:
        table = _award_table(report, money_awards, True, explain, w)
        widths = table.widths(width)
        if widths is None or widths[0] < MEASURE_MIN:  # one column per payer level only where it fits
            table = _award_table(report, money_awards, False, explain, w)
        parts.append(table)
        if report.totals.by_year:
            line = Text("按年度(计入合计的金额按预计到账年度, 万元): ", "bold", hang=2)
            parts.append(line.add(by_year_cn(report.totals.by_year, w)))
    else:
        parts.append(Text("未找到可计算金额的奖励: 公司文件中的认定与项目未触发本市文件中有金额的措施。", "yellow"))

    t = report.totals
    notes = []
    if t.bound == "up_to" and t.amount:
        notes.append('"最高"为文件规定的上限,实际金额由主管部门核定。')
    if t.contingent:
        notes.append(f"其中 {w(t.contingent)} 万元须先争取到省级资金。")
    if t.by_certainty.get("estimate"):
        notes.append(f"其中 {w(t.by_certainty['estimate'])} 万元为估算: 基数是企业提供的预测数,以财政核定为准。")
    if t.out_of_window:
        notes.append(f"{t.out_of_window} 项因触发日期不在文件有效期内而不计入合计。")
    if t.stacked:
        notes.append(f"{t.stacked} 项因就高不重复(同一事件已计更高的一项)而不计入合计。")
    if any(a.counted for a in report.awards):
        notes.append("; ".join(f"{word.cn}: {word.note}" for word in vocab.CERTAINTY.values()) + "。")
    projected = _projected_note(report)
    if projected:
        notes.append(projected)
    if t.window_uncertain_count:
        notes.append(
            f"其中 {w(t.window_uncertain)} 万元 ({t.window_uncertain_count} 项) 的文件有效期只知范围(有效期待核),"
            "计入合计但须向主管部门核实,原因见 --explain。"
        )
    drafted = [a for a in (*report.awards, *report.benefits) if a.measure.draft]
    if drafted:
        counted = sum((a.amount for a in drafted if a.counted and a.amount is not None), Decimal(0))
        notes.append(
            f"{len(drafted)} 项{vocab.DRAFT_CN}"
            + (f"(计入合计 {w(counted)} 万元)" if counted else "")
            + f": {vocab.DRAFT_NOTE}。"
        )
    if any(a.reading for a in report.awards):
        from zjtx.awards.readings import note_cn
        from zjtx.awards.readings import notes as reading_notes

        for i, reading in reading_notes(report).items():
            notes.append(f"⚖ {report.awards[i].measure.title}: {note_cn(reading)}")
    for d in report.documents:
        if d.partial:
            notes.append(f"{d.citation}: 副本不完整 — {d.partial}")
    if notes:
        whole = tuple(dict.fromkeys(p for d in report.documents for p in (d.label, d.number or "") if p)) + tuple(
            dict.fromkeys(a.measure.clause for a in report.awards)
        )
        note_text = Text()
        for said in notes:
            note_text.extend(kept("注: " + said, whole, "dim", hang=4))
        parts.append(note_text)

    listing = []
    for a in unquantified:
        listing.append(_line("未载明金额", a.measure, a.document, f"{_trigger_text(a)} · {vocab.STATUS[a.status].cn}"))
    for a in report.benefits:
        listing.append(_line("非资金支持", a.measure, a.document, f"{_trigger_text(a)} · {vocab.STATUS[a.status].cn}"))
    for u in report.unmet:
        listing.append(
            _line("条件未满足", u.measure, u.document, u.reason + f" · 若满足: {rule_words(u.measure.rule)}")
        )
    for x in report.unmatched:
        line = Text("• ", hang=2)
        line.add("[未触发] ", "yellow")
        line.add(_event_words(x.trigger), "bold")
        line.add(f" — {x.explanation}")
        if x.nearest is not None:
            m, d = x.nearest
            line.add(f" · 最接近: {m.title} (", "dim").add(d.label, "dim keep").add(" ", "dim")
            line.add(m.clause, "dim keep").add(")", "dim")
        listing.append(line)
    if listing:
        parts.append(Text().line().line("其他结果", "bold"))
        parts += listing
    if report.general:
        parts.append(Text().line().line(f"{report.city.name}其他支持(不由具体认定或项目触发)", "bold"))
        for g in report.general:
            state = (
                ""
                if g.in_force
                else f" · 文件已于{g.document.window.end}失效"
                if g.document.window.end and g.document.window.end < report.as_of
                else ""
            )
            parts.append(_line("全市", g.measure, g.document, rule_words(g.measure.rule) + state))
    return parts


def _event_words(t: dict) -> str:
    """A recognition or project of the company file, as the table names it."""
    if "title" in t:
        level = vocab.LEVEL_CN.get(t["level"], "") if t["level"] else ""
        name = f" «{t['name']}»" if t.get("name") else ""
        return f"{level}{vocab.TITLES[t['title']].name}{_renewal(t)}{name} {t['date']} ({t['entry']})"
    return (
        f"{vocab.PROJECT_TYPES[t['project']].name} {t['date']}"
        + (f" {t['name']}" if t.get("name") else "")
        + f" ({t['entry']})"
    )


def _documents_lines(report: Report) -> list[Text]:
    """One line per document of the city: whether it is in force on the as-of date; an ended one says plainly
    what that means."""
    lines = []
    for d in report.documents:
        status, uncertain = d.window.span(report.as_of, report.as_of)
        line = Text("文件: ", "dim", hang=2)
        line.add(d.label, "bold keep")
        line.add(f" 有效期 {window_words(d.window)} · 截至 {report.as_of}: ")
        word = vocab.DOCUMENT_STATUS[status]
        if status == "expired":
            line.add(f"已于 {d.window.end} 失效", word.colour)
            line.add(f" — {word.note}。")
        elif status == "eligible" and uncertain:
            line.add("可能已施行(施行日期只知范围,须核实)", "yellow")
        else:
            line.add(word.cn, word.colour)
        lines.append(line)
    return lines


def _line(kind: str, m: Measure, doc: Document, detail: str) -> Text:
    t = Text("• ", hang=2)
    t.add(f"[{kind}] ", "yellow")
    t.add(m.title, "bold")
    t.add(f" — {detail} (").add(doc.label, "keep").add(" ").add(m.clause, "keep").add(")")
    return t


# ------------------------------------------------------------------------------------------ compare


def compare_table(doc: dict, env: Environment, exact: bool = False) -> None:
    Printer(env).print(*compare_parts(doc, exact))


def top_award_cn(top: dict | None, w: Wan = money.fmt_wan_2) -> str:
    """The largest counted award of a city, as compare's table and its HTML both name it."""
    if top is None:
        return ""
    return f"{top['title']} {'最高 ' if top['bound'] == 'up_to' else ''}{w(Decimal(str(top['amount'])))}"


def documents_state_cn(documents: list[dict]) -> list[tuple[str, str]]:
    """Whether each of a city's documents is in force on the date: (现行 / 已失效 / 未生效, its colour); with
    more than one document, each is named."""
    out = []
    for d in documents:
        word = vocab.DOCUMENT_STATUS.get(d.get("status") or ("eligible" if d["in_force"] else "expired"))
        assert word is not None
        text = word.cn + ("(待核)" if d.get("in_force_uncertain") else "")
        out.append((f"{d['id']}: {text}" if len(documents) > 1 else text, word.colour))
    return out or [("无文件", "dim")]


def compare_parts(doc: dict, exact: bool = False) -> list:
    w = wan_format(exact)
    company = doc["company"]
    title = f"{company['name']}: 若落户各城市可获奖励 (万元)" + (
        " (假设: 含 --add 添加的事件)" if doc.get("hypothetical") else ""
    )
    if doc.get("as_of"):
        title += f" · 截至 {doc['as_of']}"
    table = Table(
        Col("城市", fold=False),
        Col("确定", align="decimal", fold=False),
        Col("另有", align="decimal", fold=False),
        Col("合计", align="decimal", fold=False),
        Col("待核", align="decimal", fold=False),
        Col("文件", min=6),
        Col("出资", align="decimal", fold=False),
        Col("未载明", align="right", fold=False),
        Col("过期", align="right", fold=False),
        Col("最大一项", min=10),
        title=title,
    )
    best = max((Decimal(str(c["totals"]["by_certainty"]["fixed"])) for c in doc["cities"]), default=Decimal(0))
    for c in doc["cities"]:
        t = c["totals"]
        own = c["code"] == company["city"]
        name = Text(c["name"] + (" ★" if own else ""), "bold" if own else "")
        by = {k: Decimal(str(v)) for k, v in t["by_certainty"].items()}
        certain, others = headline(by)
        amount = Decimal(str(t["amount"]))
        total = ("最高 " if t["bound"] == "up_to" and amount else "") + w(amount)
        if not c["quantified"]:
            total = "无量化奖励"
        uncertain = Decimal(str(t.get("window_uncertain", 0)))
        documents = Text()
        for text, colour in documents_state_cn(c.get("documents", [])):
            documents.line(text, colour)
        table.row(
            name,
            Text(w(certain), "bold green" if certain == best and best else "bold"),
            Text.lines([f"{vocab.CERTAINTY[k].cn} {w(v)}" for k, v in others]),
            Text(total, "dim"),
            Text(w(uncertain), "yellow") if uncertain else "",
            documents,
            Text.lines([f"{vocab.PAYER_CN[lv]} {w(Decimal(str(v)))}" for lv, v in t["by_level"].items() if v]),
            str(t["unquantified"]),
            str(t["out_of_window"]),
            top_award_cn(c["top_awards"][0] if c["top_awards"] else None, w),
        )
        projected = Decimal(str(t.get("projected", 0)))
        if projected:
            table.row(None, None, Text(f"预期 {w(projected)}", "cyan"), *[None] * 7)
    return [
        table,
        Text(
            "★ 公司所在城市。确定 = 定额或按比例确定的金额;另有 = 最高(上限)、择优(须评审)、争取(须先争取上级资金)、"
            "估算(按企业预测数)的金额,不是承诺;合计 = 以上各类之和。"
            '"待核": 已计入合计、但文件有效期只知边界的金额,须向主管部门核实; "文件": 计算基准日时文件现行或已失效; '
            '预期 = 晚于计算基准日的事件(不计入)。"过期": 触发日期不在文件有效期内而不计的奖励数; '
            '"未载明": 文件未写金额的措施数。各城市明细: zjtx compare FILE --json 或 zjtx check FILE。',
            "dim",
        ),
    ]
