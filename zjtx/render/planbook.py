"""``zjtx plan -o 选项.xlsx``: 汇总 (who, when, who prepared it, the disclaimer) · 选项 (one row per option,
ranked within its city; the printed page holds the amount with its nature and the clause) · 奖励明细 (the
awards each option would bring, as ``check`` shows them) · 文件 (the documents of the cities)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any

from zjtx import money, vocab
from zjtx.policy.model import documents_for
from zjtx.render.sheets import (
    AWARD_COLUMNS,
    AWARD_PRINTED,
    DOCUMENT_COLUMNS,
    LINE,
    Book,
    Sheet,
    award_values,
    cell_text,
    disclaimer_row,
    print_setup,
    wrapped_lines,
)

if TYPE_CHECKING:
    from zjtx.awards.plan import Option
    from zjtx.company.model import Company
    from zjtx.places import City
    from zjtx.policy.model import Document

_OPTION_COLUMNS = [
    ("城市", "text"),
    ("序", "int"),
    ("选项", "text"),
    ("假设日期", "date"),
    ("金额(万元)", "amount"),
    *[(f"{vocab.CERTAINTY[c].cn}(万元)", "wan") for c in vocab.CERTAINTIES],
    ("前提", "text"),
    ("前提已具备", "text"),
    ("说明", "long"),
    ("依据", "long"),
    ("类型", "text"),
    ("金额性质", "text"),
    *[(f"{vocab.PAYER_CN[lv]}(万元)", "wan") for lv in vocab.PAYER_LEVELS],
    ("另有未载明金额(项)", "int"),
    ("文件有效", "text"),
]
#: The printed page: from 城市 to 依据.
OPTION_PRINTED = next(i for i, (title, _) in enumerate(_OPTION_COLUMNS) if title == "依据") + 1


def _nature(o: Option) -> str:
    """What an option's amount is, beside it on the printed page: 最高, 择优, 争取, 估算 (its least certain parts)."""
    words = [vocab.CERTAINTY[c].cn for c in ("selective", "contingent", "estimate") if o.by_certainty.get(c)]
    if any(a.bound == "up_to" and a.amount is not None for a in o.awards):
        words.append("最高")
    return " ".join(words)


def _clauses(o: Option, width: int) -> str:
    """Each paying measure: its document and clause, each whole on a line, then its title folded by the terminal's
    rules (no line starts with a closing bracket) — nothing left for the spreadsheet to wrap."""
    from zjtx.render.sheets import basis_lines, kept_lines

    return "\n".join(
        basis_lines((label, clause), width) + "\n" + kept_lines(title, width, ())
        for label, clause, title in dict.fromkeys((d.label, m.clause, m.title) for d, m in o.measures)
    )


def _option_values(o: Option) -> list:
    from zjtx.awards.plan import GROUP_CN, KIND_CN

    up_to = any(a.bound == "up_to" and a.amount is not None for a in o.awards)
    requires = "、".join(
        f"{vocab.LEVEL_CN[r.min_level] + '及以上' if r.min_level else ''}{vocab.TITLES[r.title].name}"
        for r in o.requires
    )
    notes = [GROUP_CN[o.group]] if o.group != "other" else []
    if o.projected:
        notes.append(f"其中 {money.fmt_wan_2(o.projected)}万元 {o.projected_when}")
    if o.lapsed:
        notes.append("期满未复核")
    if o.term:
        notes.append(f"{o.term['from']} 起 {o.term['years']} 年")
    if o.needs:
        notes.append("需提供金额: " + "、".join(vocab.FIELD_CN[f] for f in o.needs) + " (--project)")
    if not o.awards and not o.needs:
        notes.append("本市文件对此不给予奖励")
    if o.readings:
        notes.append("⚖ 金额取决于条文的解读: " + "、".join(o.readings))
    from zjtx.render.sheets import WIDTHS

    return [
        o.city.name,
        o.rank,
        o.label,
        o.due,
        (o.amount, _nature(o)),
        *[o.by_certainty.get(c) for c in vocab.CERTAINTIES],
        requires,
        ("是" if o.requires_met else "否") if o.requires else "",
        ";".join(notes),
        _clauses(o, WIDTHS["依据"]),
        KIND_CN.get(o.kind, o.kind),
        "" if o.amount is None else ("最高" if up_to else "定额"),
        *[o.by_level.get(lv) for lv in vocab.PAYER_LEVELS],
        o.unquantified or None,
        "是" if o.in_force else "否",
    ]


def plan_workbook(
    out: IO[bytes],
    company: Company,
    cities: Iterable[City],
    options: list[Option],
    as_of: dt.date,
    documents: tuple[Document, ...],
    prepared_by: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> None:
    book = Book(out, "专精特新下一步选项", warn, streamed=False)  # one company's options
    summary = book.wb.add_worksheet("汇总")
    print_setup(summary)
    summary.fit_to_pages(1, 1)  # the summary is one printed page
    summary.set_column(0, 0, 16)
    summary.set_column(1, 1, 80)
    summary.write_string(0, 0, cell_text("专精特新下一步选项"), book.fmt["title"])
    lines: list[tuple[str, Any]] = [
        ("企业", company.name),
        ("所在城市", f"{company.city.full_name} ({company.city.code})"),
        ("计算基准日", as_of),
        *([("编制", prepared_by)] if prepared_by else []),
        ("城市", "、".join(c.name for c in cities)),
        ("选项数", str(len(options))),
        (
            "说明",
            "每个选项按假设发生日计算(新认定、项目: 基准日;复核: 到期日),金额为该事件新增或改变的奖励。"
            "“最高”为文件上限;择优须评审入选;争取须先争取到省级资金;估算按企业预测数计算。"
            "已失效文件的选项只列金额,不参与排序。",
        ),
    ]
    row = 2
    for label, value in lines:
        summary.write_string(row, 0, cell_text(label), book.fmt["label"])
        if isinstance(value, dt.date):
            summary.write_datetime(row, 1, dt.datetime(value.year, value.month, value.day), book.fmt["date_left"])
        else:
            text = cell_text(value)
            summary.set_row(row, LINE * wrapped_lines(text, 80) + 3)
            summary.write_string(row, 1, text, book.fmt["wrap"])
        row += 1
    disclaimer_row(book, summary, row + 1, 1, 96)
    sheet = Sheet(book, "选项", _OPTION_COLUMNS, OPTION_PRINTED)
    awards = Sheet(
        book, "奖励明细", [("城市", "text"), ("序", "int"), ("选项", "text"), *AWARD_COLUMNS], 3 + AWARD_PRINTED
    )
    docs = Sheet(book, "文件", DOCUMENT_COLUMNS)
    for o in options:
        sheet.add(_option_values(o))
        for a in o.awards:
            awards.add([o.city.name, o.rank, o.label, *award_values(a)])
    for city in cities:
        for d in documents_for(documents, city.code):
            docs.add(book.document_row(city.name, d, as_of))
    for s in (sheet, awards, docs):
        s.close()
    book.wb.set_properties({"title": f"专精特新下一步选项 — {company.name}", "comments": f"zjtx plan, as of {as_of}"})
    book.close()
