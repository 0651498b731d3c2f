"""The printable report: one self-contained HTML file (inline CSS, inline SVG, no script, nothing fetched
from the network) that a consultant opens, prints to PDF or attaches to an email. Every piece of company
or policy text goes through ``esc`` (control and bidi characters made visible, then ``html.escape``)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from zjtx import __version__, money, vocab
from zjtx.awards import view
from zjtx.awards.engine import Report, Totals
from zjtx.io.textsafe import visible
from zjtx.render.chart import city_chart, split_chart
from zjtx.render.rows import DISCLAIMER, headline, not_counted_rows, window_cn, window_reasons

if TYPE_CHECKING:
    import datetime as dt

    from zjtx.company.model import Company
    from zjtx.policy.model import Document

CSS = """
:root { --ink: #1f2328; --muted: #59636e; --line: #d0d7de; --band: #f3f6f9; --accent: #0b4f8a; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1180px; padding: 24px 28px; color: var(--ink); font-size: 14px; line-height: 1.55;
  font-family: "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
  "WenQuanYi Micro Hei", "Heiti SC", "SimHei", sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; color: var(--accent); }
h2 { font-size: 16px; margin: 26px 0 8px; padding-bottom: 3px; border-bottom: 2px solid var(--accent); }
.meta, .note, footer { color: var(--muted); font-size: 12.5px; }
.summary { display: flex; flex-wrap: wrap; gap: 14px 28px; border: 1px solid var(--line); background: var(--band);
  border-radius: 6px; padding: 14px 18px; margin: 14px 0; }
.summary .total { min-width: 210px; }
.summary .total .big { font-size: 28px; font-weight: 700; color: var(--accent); white-space: nowrap; }
.summary table { border: 0; width: auto; margin: 0; align-self: flex-start; }
.summary td, .summary th { border: 0; padding: 1px 10px 1px 0; background: none; }
table { border-collapse: collapse; width: 100%; margin: 6px 0; }
th, td { border: 1px solid var(--line); padding: 5px 7px; vertical-align: top; text-align: left; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.out td { color: var(--muted); }
tr.out td.num { text-decoration: line-through; }
.quote { display: block; margin-top: 4px; padding-left: 8px; border-left: 3px solid var(--line); color: var(--muted);
  font-size: 12.5px; }
.tag { display: inline-block; padding: 0 6px; border-radius: 9px; font-size: 12px; white-space: nowrap; }
.tag.fixed { background: #e3f1e4; color: #1b5e20; } .tag.ceiling { background: #e3ecf8; color: #0d47a1; }
.tag.selective { background: #fdf3d6; color: #7a5a00; } .tag.contingent { background: #fbe3e3; color: #8e1b1b; }
.tag.estimate { background: #efe7e3; color: #4e342e; }
.summary .others { font-size: 15px; font-weight: 600; margin-top: 2px; }
.summary .all { color: var(--muted); font-size: 12.5px; margin-top: 2px; }
.disclaimer { border-left: 4px solid #c62828; background: #fdf3f3; padding: 6px 12px; margin: 10px 0;
  font-size: 12.5px; }
.prepared { font-size: 13px; margin-top: 2px; }
dl.readings dt { font-weight: 600; margin-top: 8px; } dl.readings dd { margin: 2px 0 0 18px; }
.tag.st { background: #eceff1; color: #37474f; }
ol.steps { margin: 2px 0 10px; padding-left: 22px; } ol.steps li { margin: 1px 0; }
.docs { margin: 4px 0 0; padding-left: 18px; }
.chart text { font-size: 12px; fill: var(--ink); } .chart .val { fill: var(--muted); }
.warn { color: #8e1b1b; } .nw { white-space: nowrap; }
section.company + section.company, section.batch + section.company { margin-top: 40px; padding-top: 10px; border-top: 3px double var(--line); }
@page { size: A4 landscape; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11.5px; }
  section.company + section.company, section.batch + section.company { break-before: page; border-top: 0; margin-top: 0; }
  tr, .summary, ol.steps li { break-inside: avoid; }
  h2 { break-after: avoid; }
  thead { display: table-header-group; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

BOUND_CN = {"exact": "定额", "up_to": "最高", "unquantified": "未载明金额", "non_monetary": "非资金支持"}


def _document_status(d: Document, as_of: dt.date) -> str:
    """现行, or 已失效 / 未生效 marked, with what an ended document means."""
    word = vocab.DOCUMENT_STATUS[d.window.status(as_of)]
    if word.id == "eligible":
        return word.cn
    return f'<span class="warn">{word.cn}</span>' + (f": {esc(word.note)}" if word.id == "expired" else "")


def esc(text: object) -> str:
    return html.escape(visible(text if isinstance(text, str) else str(text), newlines=True), quote=True)


def _wan(amount: Decimal | None, bound: str = "exact") -> str:
    if amount is None:
        return "—"
    return ("最高 " if bound == "up_to" else "") + money.fmt_wan_2(amount)


def _w(amount: Decimal) -> str:
    return esc(money.fmt_wan_2(amount))


def _citation(d: Document) -> str:
    """A document's citation, its number (宁政办〔2023〕32号) never broken across lines."""
    text = esc(d.citation)
    number = esc(d.number) if d.number else ""
    return text.replace(number, f"<span class=nw>{number}</span>", 1) if number else text


def _prepared(prepared_by: str | None) -> str:
    return f'<div class="prepared">编制: {esc(prepared_by)}</div>' if prepared_by else ""


def _disclaimer() -> str:
    return f'<p class="disclaimer"><b>说明</b>: {esc(DISCLAIMER)}</p>'


def _head(title: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="zjtx {esc(__version__)}">\n<title>{esc(title)}</title>\n'
        f"<style>{CSS}</style>\n</head>\n<body>\n"
    )


def _foot(prepared_by: str | None = None) -> str:
    who = f"编制: {esc(prepared_by)} · " if prepared_by else ""
    return (
        f"<footer><p>{esc(DISCLAIMER)}</p><p>{who}由 zjtx {esc(__version__)} 根据政策文件原文计算;"
        "每项金额均注明文件、条款、原文与计算过程。</p></footer>\n</body>\n</html>\n"
    )


def _headline(t: Totals) -> str:
    """The certain money first, big; then 另有 each other class; then the sum of them all, small."""
    certain, others = headline(t.by_certainty)
    out = f'<div>确定(仅计窗口内)</div><div class="big">{_w(certain)} <small>万元</small></div>'
    if others:
        out += (
            '<div class="others">另有 '
            + "、".join(f'<span class="tag {c}">{vocab.CERTAINTY[c].cn}</span> {_w(v)}' for c, v in others)
            + " 万元</div>"
            f'<div class="all">各类合计 {esc(_wan(t.amount, t.bound))} 万元(含上限及须评审、争取或估算的部分,并非承诺)</div>'
        )
    return out


def _by_year(t: Totals) -> str:
    if not t.by_year:
        return ""
    rows = "".join(f'<tr><td>{y}年</td><td class="num">{_w(v)}</td></tr>' for y, v in t.by_year.items())
    return f'<table class="by-year"><tr><th colspan="2">按年度(万元)</th></tr>{rows}</table>'


def _totals_box(report: Report) -> str:
    t = report.totals
    rows = "".join(
        f'<tr><td><span class="tag {c}">{vocab.CERTAINTY[c].cn}</span></td><td class="num">{_w(t.by_certainty[c])}</td></tr>'
        for c in vocab.CERTAINTIES
        if c == "fixed" or t.by_certainty[c]
    )
    payers = "".join(
        f'<tr><td>{vocab.PAYER_CN[lv]}</td><td class="num">{_w(t.by_level[lv])}</td></tr>'
        for lv in vocab.PAYER_LEVELS
        if t.by_level[lv]
    )
    docs = "".join(
        f"<li>{_citation(d)} ({esc(window_cn(d.window))}) — "
        f"{_document_status(d, report.as_of)}"
        + (f'<br><span class="warn">副本不完整</span>: {esc(d.partial)}' if d.partial else "")
        + (f'<br><span class="note">有效期: {esc(window_reasons(d.window))}</span>' if window_reasons(d.window) else "")
        + "</li>"
        for d in report.documents
    )
    extra = []
    if t.projected_count:
        extra.append(f"预期(不计入): {_w(t.projected)} 万元, {t.projected_count} 项")
    if t.window_uncertain_count:
        extra.append(f"其中窗口待核: {_w(t.window_uncertain)} 万元, {t.window_uncertain_count} 项")
    if t.out_of_window:
        extra.append(f"不在文件有效期: {t.out_of_window} 项")
    if t.unquantified:
        extra.append(f"未载明金额: {t.unquantified} 项")
    drafted = [a for a in (*report.awards, *report.benefits) if a.measure.draft]
    if drafted:
        extra.append(f'<span class="warn">{vocab.DRAFT_CN}: {len(drafted)} 项</span> — {esc(vocab.DRAFT_NOTE)}')
    chart = split_chart(t.by_certainty, t.by_level, esc) if t.amount else '<p class="note">没有计入合计的金额。</p>'
    if not report.quantified:
        extra.append(
            f'<span class="warn">{esc(report.city.name)}的政策文件没有可量化的奖励</span>:文件只列目标和定性支持。'
        )
    return (
        f'<div class="summary"><div class="total">{_headline(t)}'
        + "".join(f'<div class="note">{x}</div>' for x in extra)
        + "</div>"
        f'<table><tr><th colspan="2">按确定性(万元)</th></tr>{rows}</table>'
        f'<table><tr><th colspan="2">按出资层级(万元)</th></tr>{payers or "<tr><td>—</td></tr>"}</table>'
        f"{_by_year(t)}<div>{chart}</div>"
        f'<div style="flex-basis:100%"><b>政策文件(基准日 {esc(report.as_of.isoformat())})</b><ul class="docs">{docs}</ul></div></div>'
    )


def _awards_table(report: Report) -> str:
    rows = []
    for a in report.awards:
        r = view.values(a)
        shares = {lv: r[f"funding_{lv}"] for lv in vocab.PAYER_LEVELS}
        payers = "<br>".join(f"{vocab.PAYER_CN[lv]} {_w(v)}" for lv, v in shares.items() if v)
        cert = (
            f'<span class="tag {r["certainty"]}">{esc(vocab.certainty_cn(r["certainty"]))}</span>'
            if r["certainty"]
            else ""
        )
        cls = "" if r["counted"] else ' class="out"'
        marks = ""
        if r["window_uncertain"]:
            marks += '<div class="warn">窗口待核: 文件有效期仅知边界,见计算过程</div>'
        if r["certainty"] == "estimate":
            marks += '<div class="warn">估算: 基数为企业提供的预测数,以财政核定为准</div>'
        if r["reading_text"]:
            marks += f'<div class="note">⚖ 解读 {esc(r["reading_id"])}: 见“解读”</div>'
        if r["draft"]:
            marks += f'<div class="warn">{vocab.DRAFT_CN}: 未审核的措施,须按原文核对</div>'
        rows.append(
            f"<tr{cls}><td>{esc(r['measure'])}<div class=note>{esc(r['trigger_cn'])} <span class=nw>{esc(r['trigger_date'])}</span></div>{marks}</td>"
            f'<td class="num">{esc(_wan(r["amount"], r["bound"]))}</td><td class="num">{payers}</td>'
            f'<td>{cert}</td><td><span class="tag st">{esc(vocab.status_cn(r["status"]))}</span>{"" if r["counted"] else "<div class=note>不计入</div>"}</td>'
            f'<td><span class=nw>{esc(r["document_label"])}</span> <span class=nw>{esc(r["clause"])}</span><span class="quote">{esc(r["quote"])}</span>'
            + (f'<div class="note">责任单位: {esc(r["departments_cn"])}</div>' if r["departments_cn"] else "")
            + "</td></tr>"
        )
    if not rows:
        return '<p class="note">公司文件中的认定与项目未触发本市文件中的奖励措施。</p>'
    return (
        '<table class="awards"><thead><tr><th>措施 / 触发事件</th><th class="num">金额(万元)</th><th class="num">出资(万元)</th>'
        "<th>确定性</th><th>状态</th><th>依据: 文件、条款与原文</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _steps(report: Report) -> str:
    items = []
    for a in report.awards:
        steps = "".join(f"<li>{esc(s)}</li>" for s in a.steps)
        items.append(
            f"<h3 style='font-size:14px;margin:10px 0 2px'>{esc(a.measure.title)} "
            f"<span class=note>{esc(a.measure.id)}</span></h3><ol class=steps>{steps}</ol>"
        )
    return "".join(items)


def _not_counted(report: Report) -> str:
    rows = not_counted_rows(report)
    rows += [
        {
            "kind": "非资金支持",
            "measure": a.measure.title,
            "trigger_cn": view.trigger_cn(a.trigger),
            "date": a.trigger.get("date", ""),
            "reason": a.measure.rule.text or "",
            "amount": None,
            "document": a.document.citation,
            "clause": a.measure.clause,
        }
        for a in report.benefits
    ]
    if not rows:
        return '<p class="note">无。</p>'
    body = "".join(
        f"<tr><td>{esc(r['kind'])}</td><td>{esc(r['measure'])}</td><td>{esc(r['trigger_cn'])} {esc(r['date'])}</td>"
        f"<td>{esc(r['reason'])}</td><td class=num>{esc(_wan(r['amount']))}</td><td>{esc(r['clause'])}</td></tr>"
        for r in rows
    )
    return (
        "<table><thead><tr><th>类别</th><th>措施</th><th>触发事件</th><th>原因 / 内容</th><th class=num>金额(万元)</th>"
        "<th>条款</th></tr></thead><tbody>" + body + "</tbody></table>"
    )


def _readings(report: Report) -> str:
    """解读: every named reading behind an award — the question, the option taken, and what each other option
    would give (the company computed again under it)."""
    from zjtx.awards.readings import alternative_cn, notes

    items = []
    for i, note in notes(report).items():
        a, r = report.awards[i], note.reading
        taken = "默认解读" if note.default else "非默认解读(由 --reading 选定)"
        others = "".join(
            f"<dd>{esc(alternative_cn(alt))} <span class=note>--reading {esc(r.id)}={esc(alt.option)}</span></dd>"
            for alt in note.alternatives
        )
        items.append(
            f"<dt>{esc(a.measure.title)} <span class=note>{esc(r.clause)} · {esc(r.id)}</span></dt>"
            f"<dd>问题: {esc(r.question)}</dd>"
            f"<dd>采用: {esc(note.choice)} — {esc(r.text(note.choice))} ({taken}),金额 {esc(_wan(a.amount, a.bound))} 万元</dd>"
            + others
        )
    if not items:
        return ""
    return '<h2>解读</h2>\n<dl class="readings">' + "".join(items) + "</dl>\n"


def company_section(
    report: Report, anchor: str = "", file: str | None = None, prepared_by: str | None = None, batch: bool = False
) -> str:
    c = report.company
    where = f"{report.city.full_name} ({report.city.code})" + (f" · {c.district}" if c.district else "")
    meta = f"{esc(where)} · 计算基准日 {esc(report.as_of.isoformat())}" + (f" · {esc(file)}" if file else "")
    return (
        f'<section class="company"{f" id={anchor!r}" if anchor else ""}>\n<h1>{esc(c.name)}</h1><div class="meta">{meta}</div>'
        f"{'' if batch else _prepared(prepared_by)}\n"
        f"{_totals_box(report)}\n{_disclaimer()}\n<h2>奖励明细</h2>\n{_awards_table(report)}\n"
        f"{_readings(report)}"
        f"<h2>未计入合计</h2>\n{_not_counted(report)}\n<h2>计算过程</h2>\n{_steps(report) or '<p class=note>无。</p>'}\n</section>\n"
    )


def check_page(
    reports: Iterable[tuple[str, Report]],
    *,
    single: bool,
    failures: list[tuple[str, list[str]]],
    prepared_by: str | None = None,
) -> Iterator[str]:
    """The whole HTML document, in chunks. A batch opens with a portfolio table (so its sections are
    kept until the end: the HTML of a batch is held in memory once, like the file it becomes)."""
    if single:
        shown, report = next(iter(reports))
        yield _head(f"专精特新奖励测算 — {report.company.name}")
        yield company_section(report, prepared_by=prepared_by)
        yield _foot(prepared_by)
        return
    sections, overview = [], []
    total = {
        k: Decimal(0) for k in ("amount", *vocab.CERTAINTIES, *vocab.PAYER_LEVELS, "projected", "window_uncertain")
    }
    up_to = False
    for i, (shown, report) in enumerate(reports, 1):
        t = report.totals
        sections.append(company_section(report, f"c{i}", shown, batch=True))
        overview.append(
            f'<tr><td><a href="#c{i}">{esc(report.company.name)}</a></td><td>{esc(shown)}</td><td>{esc(report.city.name)}</td>'
            + "".join(f"<td class=num>{_w(t.by_certainty[c])}</td>" for c in vocab.CERTAINTIES)
            + f"<td class=num>{esc(_wan(t.amount, t.bound))}</td><td class=num>{_w(t.projected)}</td></tr>"
        )
        for k, v in (
            ("amount", t.amount),
            *t.by_certainty.items(),
            *t.by_level.items(),
            ("projected", t.projected),
            ("window_uncertain", t.window_uncertain),
        ):
            total[k] += v
        up_to = up_to or t.bound == "up_to"
    foot = (
        f'<tr><th colspan="3">合计({len(sections)} 家)</th>'
        + "".join(f"<th class=num>{_w(total[c])}</th>" for c in vocab.CERTAINTIES)
        + f"<th class=num>{esc(_wan(total['amount'], 'up_to' if up_to else 'exact'))}</th>"
        + f"<th class=num>{_w(total['projected'])}</th></tr>"
    )
    chart = (
        split_chart({c: total[c] for c in vocab.CERTAINTIES}, {lv: total[lv] for lv in vocab.PAYER_LEVELS}, esc)
        if total["amount"]
        else ""
    )
    uncertain = (
        f'<p class="note">其中窗口待核 {_w(total["window_uncertain"])} 万元:文件有效期仅知边界,须向主管部门确认。</p>'
        if total["window_uncertain"]
        else ""
    )
    yield _head(f"专精特新奖励测算 — {len(sections)} 家企业")
    yield (
        '<section class="batch"><h1>专精特新奖励测算 — 组合汇总</h1>'
        f'<div class="meta">{len(sections)} 家企业 · 金额为万元,仅计窗口内;“预期”为基准日之后的计划事件,不计入</div>'
        + _prepared(prepared_by)
        + _disclaimer()
        + "<table><thead><tr><th>企业</th><th>文件</th><th>城市</th>"
        + "".join(f"<th class=num>{vocab.CERTAINTY[c].cn}</th>" for c in vocab.CERTAINTIES)
        + "<th class=num>各类合计</th><th class=num>预期</th></tr></thead><tbody>"
        + "".join(overview)
        + f"</tbody><tfoot>{foot}</tfoot></table>{uncertain}"
        + (f'<div class="summary">{chart}</div>' if chart else "")
    )
    if failures:
        yield (
            '<h2 class="warn">无效文件(未计算)</h2><table><thead><tr><th>文件</th><th>问题</th></tr></thead><tbody>'
            + "".join(
                f"<tr><td>{esc(name)}</td><td>{'<br>'.join(esc(p) for p in problems)}</td></tr>"
                for name, problems in failures
            )
            + "</tbody></table>"
        )
    yield "</section>\n"
    yield from sections
    yield _foot(prepared_by)


def compare_page(company: Company, reports: list[Report], prepared_by: str | None = None) -> str:
    """The company as if located in each city: a bar per city (stacked by certainty) and the totals, as the
    terminal's compare table shows them (the same document states, 待核 amounts and largest award)."""
    from zjtx.awards.report import compare_dict
    from zjtx.render.table import documents_state_cn, top_award_cn

    doc = compare_dict(company, reports)
    rows = []
    bars = []
    for r, c in zip(reports, doc["cities"], strict=True):
        t = r.totals
        label = r.city.name + (" ★" if c["own"] else "")
        bars.append((label, t.by_certainty))
        certain, others = headline(t.by_certainty)
        states = "<br>".join(
            f'<span class="{"" if colour == "green" else "warn"}">{esc(text)}</span>'
            for text, colour in documents_state_cn(c["documents"])
        )
        rows.append(
            f"<tr><td>{esc(label)}</td><td class=num><b>{_w(certain)}</b></td><td class=num>"
            + "<br>".join(f"{vocab.CERTAINTY[k].cn} {_w(v)}" for k, v in others)
            + f"</td><td class=num>{esc(_wan(t.amount, t.bound)) if r.quantified else '无量化奖励'}</td>"
            f"<td class=num>{f'<span class=warn>{_w(t.window_uncertain)}</span>' if t.window_uncertain else ''}</td>"
            f"<td>{states}</td>"
            + "".join(f"<td class=num>{_w(t.by_level[lv])}</td>" for lv in vocab.PAYER_LEVELS)
            + f"<td class=num>{t.out_of_window}</td><td>"
            + esc(top_award_cn(c["top_awards"][0] if c["top_awards"] else None))
            + "</td></tr>"
        )
    as_of = reports[0].as_of.isoformat() if reports else ""
    return (
        _head(f"专精特新奖励测算 — {company.name} — 城市比较")
        + f'<section class="company"><h1>{esc(company.name)}</h1><div class="meta">假设落户各城市的测算 · 计算基准日 {esc(as_of)} · ★ 为公司所在城市</div>'
        + _prepared(prepared_by)
        + f'<div class="summary">{city_chart(bars, esc)}</div>{_disclaimer()}<h2>各城市合计(万元,仅计窗口内)</h2>'
        + "<table><thead><tr><th>城市</th><th class=num>确定</th><th class=num>另有</th><th class=num>各类合计</th>"
        + "<th class=num>待核</th><th>文件</th>"
        + "".join(f"<th class=num>{vocab.PAYER_CN[lv]}</th>" for lv in vocab.PAYER_LEVELS)
        + "<th class=num>不在窗口</th><th>最大的奖励</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
        + '<p class="note">确定 = 定额或按比例确定的金额;另有 = 最高(上限)、择优(须评审)、争取(须先争取上级资金)、估算(按企业预测数)'
        "的金额,并非承诺。待核 = 已计入、但文件有效期只知边界的金额,须向主管部门核实。文件 = 计算基准日时文件现行或已失效。</p>"
        + "</section>\n"
        + _foot(prepared_by)
    )
