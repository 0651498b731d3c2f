"""The Excel workbook a consultant hands to a client (XlsxWriter: write-only, pure Python, no Excel needed).

One company: 汇总 (summary) · 奖励明细 (awards) · 未计入 (not counted) · 文件 (documents).
A batch: 组合 (portfolio: a row per company) first, then the same sheets with a company column, and 错误
(the files that failed validation). Table sheets have a frozen header row, an autofilter, widths that fit
Chinese text and A4 landscape print setup. Amounts are numbers (yuan, exact to the fen) shown in 万元 by
the display format — never text. Text is always written as text: nothing a company or a policy file says
can become a formula. Streams: rows are written as reports arrive (XlsxWriter's constant-memory mode)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any

import xlsxwriter

from zjtx import money, vocab
from zjtx.awards.engine import Award, Report, Totals
from zjtx.awards.view import SHEET_FIELDS, SHEET_PRINTED
from zjtx.io.textsafe import visible
from zjtx.policy.model import Document, documents_for
from zjtx.render.rows import not_counted_rows, window_cn, window_end_cn, window_reasons, window_start_cn

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet  # XlsxWriter ships no types: Any to mypy

    from zjtx.awards.plan import Option
    from zjtx.company.model import Company
    from zjtx.places import City

#: 万元 display of a yuan amount (the cell holds yuan): ``1234567`` shows as ``123.5万元``.
WAN_FORMAT = '0\\.0,"万元"'
YUAN_FORMAT = "#,##0.00"
BOUND_CN = {"exact": "定额", "up_to": "最高", "unquantified": "未载明", "non_monetary": "非资金"}


def _t(text: str) -> str:
    """Text for a cell: control and bidi characters made visible (as in the terminal), newlines kept."""
    return visible(text, newlines=True)


@lru_cache(maxsize=8192)  # the same titles, quotes and steps recur on every company's rows
def _line_width(line: str) -> int:
    if line.isascii():
        return len(line)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


#: Column widths (in Excel's units: a Chinese character takes two). Fixed, so rows can be given the height
#: their wrapped text needs as they stream; nothing is ever cut.
WIDTHS = {
    "企业": 20,
    "文件": 20,
    "城市": 8,
    "区县": 10,
    "措施": 20,
    "触发事件": 20,
    "触发日期": 11,
    "状态": 7,
    "计入合计": 6,
    "确定性": 6,
    "依据": 18,
    "原文": 36,
    "名称": 16,
    "假设": 5,
    "认定/项目": 14,
    "级别": 9,
    "金额性质": 6,
    "金额(元)": 14,
    "措施编号": 26,
    "政策文件": 36,
    "计算过程": 50,
    "窗口待核": 6,
    "解读": 30,
    "责任单位": 30,
    "类别": 10,
    "原因": 30,
    "条款": 18,
    "文件编号": 20,
    "发文机关": 18,
    "文号": 16,
    "印发日期": 11,
    "起始": 16,
    "终止": 16,
    "有效期说明": 40,
    "基准日是否有效": 8,
    "副本说明": 30,
    "问题": 90,
    "序": 4,
    "类型": 8,
    "选项": 24,
    "假设日期": 11,
    "前提": 16,
    "前提已具备": 6,
    "文件有效": 6,
    "说明": 24,
}
KIND_WIDTH = {"wan": 10, "yuan": 14, "int": 6, "text": 16, "long": 36}
LINE = 13.0  # points per line of 10-point text


def _lines(text: str, width: int) -> int:
    """Lines a text wraps to in a column ``width`` wide."""
    room = max(width - 1, 1)
    return sum(max(1, -(-_line_width(line) // room)) for line in text.split("\n"))


class _Sheet:
    """A table sheet: a header row, then rows in order, each as tall as its wrapped text needs."""

    def __init__(self, book: _Book, name: str, columns: list[tuple[str, str]], print_cols: int | None = None):
        self.book, self.ws, self.columns = book, book.wb.add_worksheet(name), columns
        self.print_cols = print_cols  # the leading columns that make the printed page (the rest: on screen)
        self.widths = [WIDTHS.get(title, KIND_WIDTH[kind]) for title, kind in columns]
        for col, width in enumerate(self.widths):
            self.ws.set_column(col, col, width)
        self.row = 0
        self.ws.set_row(0, LINE * max(_lines(title, w) for (title, _), w in zip(columns, self.widths, strict=True)) + 3)
        for col, (title, _kind) in enumerate(columns):
            self.ws.write_string(0, col, _t(title), book.fmt["head"])

    def add(self, values: list) -> None:
        self.row += 1
        fmt = self.book.fmt
        cells = []
        lines = 1
        for col, ((_title, kind), value) in enumerate(zip(self.columns, values, strict=True)):
            if value is None or value == "":
                continue
            if kind in ("wan", "yuan", "int"):
                cells.append((col, float(value) if isinstance(value, Decimal) else value, fmt[kind]))
            else:
                text = _t(str(value))
                lines = max(lines, _lines(text, self.widths[col]))
                cells.append((col, text, None))
        if lines > 1:
            self.ws.set_row(self.row, min(LINE * lines + 3, 409))
        for col, value, number_format in cells:
            if number_format is None:
                self.ws.write_string(self.row, col, value, fmt["wrap"])
            else:
                self.ws.write_number(self.row, col, value, number_format)

    def close(self) -> None:
        ws = self.ws
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(self.row, 1), len(self.columns) - 1)
        _print_setup(ws)
        if self.print_cols:
            ws.print_area(0, 0, max(self.row, 1), self.print_cols - 1)
        ws.repeat_rows(0)


def _print_setup(ws: Worksheet) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # all columns on the page width, as many pages down as needed
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&L&A&R第 &P 页,共 &N 页")


_COMPANY = [("企业", "text"), ("文件", "text")]
_MONEY_TOTALS = [
    ("合计(万元)", "wan"),
    *[(f"{vocab.CERTAINTY[c].cn}(万元)", "wan") for c in vocab.CERTAINTIES],
    *[(f"{vocab.PAYER_CN[lv]}(万元)", "wan") for lv in vocab.PAYER_LEVELS],
]
# The awards: the award view's workbook columns, those of the printed page first (AWARD_PRINTED of them).
_SHEET_KIND = {"yuan": "yuan", "wan": "wan", "long": "long", "lines": "long"}
_AWARD_COLUMNS = [(f.cn or "", _SHEET_KIND.get(f.sheet_kind or f.kind, "text")) for f in SHEET_FIELDS]
AWARD_PRINTED = SHEET_PRINTED
_NOT_COUNTED_COLUMNS = [
    ("类别", "text"),
    ("措施", "text"),
    ("触发事件", "text"),
    ("触发日期", "text"),
    ("原因", "long"),
    ("金额(万元)", "wan"),
    ("条款", "text"),
    ("措施编号", "text"),
    ("政策文件", "long"),
]
NOT_COUNTED_PRINTED = 7
_DOCUMENT_COLUMNS = [
    ("城市", "text"),
    ("文件编号", "text"),
    ("政策文件", "long"),
    ("发文机关", "text"),
    ("文号", "text"),
    ("印发日期", "text"),
    ("起始", "text"),
    ("终止", "text"),
    ("基准日是否有效", "text"),
    ("措施数", "int"),
    ("副本说明", "long"),
    ("有效期说明", "long"),
]


class _Book:
    """An XlsxWriter workbook with the formats every sheet uses."""

    def __init__(self, out: IO[bytes], title: str):
        self.wb = xlsxwriter.Workbook(
            out,
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self.wb.set_properties({"title": title, "comments": "zjtx"})
        base = {"valign": "top", "font_size": 10}
        self.fmt = {
            "head": self.wb.add_format({**base, "bold": True, "bg_color": "#DDE4EE", "bottom": 1, "text_wrap": True}),
            "text": self.wb.add_format(base),
            "wrap": self.wb.add_format({**base, "text_wrap": True}),
            "wan": self.wb.add_format({**base, "num_format": WAN_FORMAT}),
            "yuan": self.wb.add_format({**base, "num_format": YUAN_FORMAT}),
            "int": self.wb.add_format({**base, "num_format": "0"}),
            "title": self.wb.add_format({"bold": True, "font_size": 14}),
            "label": self.wb.add_format({**base, "bold": True}),
            "wan_bold": self.wb.add_format({**base, "bold": True, "num_format": WAN_FORMAT}),
        }

    def document_row(self, city_name: str, d: Document, as_of: dt.date) -> list:
        return [
            city_name,
            d.id,
            d.citation,
            d.issuer,
            d.number or "",
            d.issued.isoformat() if d.issued else "",
            window_start_cn(d.window),
            window_end_cn(d.window),
            "是" if d.window.in_force(as_of) else "否",
            len(d.measures),
            d.partial or "",
            window_reasons(d.window),
        ]


def _sheet_value(kind: str, value: Any) -> Any:
    """A value of the award view as the workbook shows it: Chinese words for ids, amounts as numbers."""
    if kind in ("yuan", "wan"):
        return value
    if kind == "flag":  # marked where it holds, blank where not
        return "是" if value else ""
    if kind == "yes_no":
        return "是" if value else "否"
    if kind == "status":
        return vocab.status_cn(value)
    if kind == "certainty":
        return vocab.certainty_cn(value)
    if kind == "bound":
        return BOUND_CN.get(value, value)
    if kind == "level":
        return vocab.LEVEL_CN.get(value, value) if value else ""
    if kind == "lines":
        return "\n".join(value)
    return "" if value is None else value


def _award_values(a: Award) -> list:
    return [_sheet_value(f.sheet_kind or f.kind, f.get(a)) for f in SHEET_FIELDS]


_MONEY_KEYS = ("合计", *vocab.CERTAINTIES, *vocab.PAYER_LEVELS)


def _money(t: Totals) -> dict[str, Decimal]:
    """A report's totals by the keys of the summary: total, by certainty, by payer, projected, window to confirm."""
    return {
        "合计": t.amount,
        **{c: t.by_certainty[c] for c in vocab.CERTAINTIES},
        **{lv: t.by_level[lv] for lv in vocab.PAYER_LEVELS},
        "预期": t.projected,
        "窗口待核": t.window_uncertain,
    }


class Workbook(_Book):
    """``add(shown, report)`` for each company, then ``close(failures)``."""

    def __init__(self, out: IO[bytes], *, batch: bool):
        super().__init__(out, "专精特新奖励测算")
        self.batch = batch
        who = _COMPANY if batch else []
        self.portfolio = (
            _Sheet(
                self,
                "组合",
                [
                    *_COMPANY,
                    ("城市", "text"),
                    ("区县", "text"),
                    *_MONEY_TOTALS,
                    ("预期(万元)", "wan"),
                    ("窗口待核(万元)", "wan"),
                    ("奖励项数", "int"),
                    ("未载明金额", "int"),
                    ("不在窗口", "int"),
                ],
            )
            if batch
            else None
        )
        self.summary = self.wb.add_worksheet("汇总")
        self.awards = _Sheet(self, "奖励明细", [*who, *_AWARD_COLUMNS], len(who) + AWARD_PRINTED)
        self.not_counted = _Sheet(self, "未计入", [*who, *_NOT_COUNTED_COLUMNS], len(who) + NOT_COUNTED_PRINTED)
        self.documents = _Sheet(self, "文件", _DOCUMENT_COLUMNS)
        self.errors = _Sheet(self, "错误", [("文件", "text"), ("问题", "long")]) if batch else None
        self._docs: dict[str, Document] = {}
        self._reports: list[Report] = []  # one company: its report; a batch: nothing kept (totals summed)
        self._count = 0
        self._as_of: dt.date | None = None
        self._sum: dict[str, Decimal] = {}

    def add(self, shown: str, report: Report) -> None:
        who = [report.company.name, shown] if self.batch else []
        self._count += 1
        self._as_of = report.as_of
        t = report.totals
        money = _money(t)
        for k, v in money.items():
            self._sum[k] = self._sum.get(k, Decimal(0)) + v
        if self.portfolio is not None:
            self.portfolio.add(
                [
                    *who,
                    report.city.name,
                    report.company.district or "",
                    *[money[k] for k in _MONEY_KEYS],
                    t.projected,
                    t.window_uncertain,
                    len(report.awards),
                    t.unquantified,
                    t.out_of_window,
                ]
            )
        else:
            self._reports.append(report)
        for a in report.awards:
            self.awards.add([*who, *_award_values(a)])
        for n in not_counted_rows(report):
            self.not_counted.add(
                [
                    *who,
                    n["kind"],
                    n["measure"],
                    n["trigger_cn"],
                    n["date"],
                    n["reason"],
                    n["amount"],
                    n["clause"],
                    n["measure_id"],
                    n["document"],
                ]
            )
        for d in report.documents:
            if d.id not in self._docs:
                self._docs[d.id] = d
                self.documents.add(self.document_row(report.city.name, d, report.as_of))

    def close(self, failures: Sequence[tuple[str, list[str]]] = ()) -> None:
        if self.errors is not None:
            for name, problems in failures:
                self.errors.add([name, "\n".join(problems)])
        self._write_summary(failures)
        for sheet in (self.portfolio, self.awards, self.not_counted, self.documents, self.errors):
            if sheet is not None:
                sheet.close()
        self.wb.close()

    def _write_summary(self, failures: Sequence[tuple[str, list[str]]]) -> None:
        ws, fmt = self.summary, self.fmt
        _print_setup(ws)
        ws.set_column(0, 0, 22)
        ws.set_column(1, 1, 18)
        ws.set_column(2, 2, 70)
        row = 0

        def line(label: str, value: object, kind: str = "text", note: str = "") -> None:
            nonlocal row
            ws.write_string(row, 0, _t(label), fmt["label"])
            if isinstance(value, Decimal):
                ws.write_number(row, 1, float(value), fmt[kind])
            elif isinstance(value, int):
                ws.write_number(row, 1, value, fmt["int"])
            else:
                ws.write_string(row, 1, _t(str(value)), fmt["text"])
            if note:
                ws.write_string(row, 2, _t(note), fmt["wrap"])
            row += 1

        if self.batch:
            ws.write_string(row, 0, _t("专精特新奖励测算 — 组合汇总"), fmt["title"])
            row += 2
            line("企业数", self._count)
            line("无效文件", len(failures), note="见“错误”表" if failures else "")
            s = self._sum
        else:
            report = self._reports[0]
            company = report.company
            ws.write_string(row, 0, _t("专精特新奖励测算"), fmt["title"])
            row += 2
            line("企业", company.name)
            line("城市", f"{report.city.province}{report.city.name} ({report.city.code})")
            if company.district:
                line("区县", company.district)
            s = _money(report.totals)
        line("计算基准日", self._as_of.isoformat() if self._as_of else "")
        row += 1
        ws.write_string(row, 0, _t("合计(仅计窗口内)"), fmt["label"])
        ws.write_number(row, 1, float(s.get("合计", 0)), fmt["wan_bold"])
        ws.write_string(row, 2, _t("“最高”“择优”“争取”部分为上限或须经评审、争取,实际金额由主管部门核定"), fmt["wrap"])
        row += 2
        ws.write_string(row, 0, _t("按确定性"), fmt["label"])
        row += 1
        for c in vocab.CERTAINTIES:
            line(f"  {vocab.CERTAINTY[c].cn}", s.get(c, Decimal(0)), "wan", vocab.CERTAINTY[c].note)
        row += 1
        ws.write_string(row, 0, _t("按出资层级"), fmt["label"])
        row += 1
        for lv in vocab.PAYER_LEVELS:
            line(f"  {vocab.PAYER_CN[lv]}", s.get(lv, Decimal(0)), "wan")
        row += 1
        line("预期(不计入合计)", s.get("预期", Decimal(0)), "wan", "触发日期晚于计算基准日的计划事件")
        line(
            "其中窗口待核",
            s.get("窗口待核", Decimal(0)),
            "wan",
            "已计入合计,但文件有效期仅知边界(如印发日期未载明),须向主管部门确认",
        )
        if not self.batch:
            t = self._reports[0].totals
            line("未载明金额(项)", t.unquantified)
            drafted = sum(1 for a in (*self._reports[0].awards, *self._reports[0].benefits) if a.measure.draft)
            if drafted:
                line(f"{vocab.DRAFT_CN}(项)", drafted, note=vocab.DRAFT_NOTE)
            line("不在文件有效期(项)", t.out_of_window, note="见“未计入”表" if t.out_of_window else "")
        row += 1
        ws.write_string(row, 0, _t("政策文件"), fmt["label"])
        row += 1
        for d in self._docs.values():
            text = f"{d.citation}\n有效期: {window_cn(d.window)}" + (f"\n副本不完整: {d.partial}" if d.partial else "")
            ws.set_row(row, LINE * _lines(text, 70) + 3)
            ws.write_string(
                row,
                0,
                _t(f"  {vocab.DOCUMENT_STATUS[d.window.status(self._as_of)].cn if self._as_of else ''}"),
                fmt["text"],
            )
            ws.write_string(row, 2, _t(text), fmt["wrap"])
            row += 1
        ws.write_string(
            row + 1,
            0,
            _t("金额单元格为元(精确到分),以万元格式显示;每项金额的条款、原文与计算过程见“奖励明细”。"),
            fmt["text"],
        )


# ------------------------------------------------------------------------------------------ zjtx plan

_OPTION_COLUMNS = [
    ("城市", "text"),
    ("序", "int"),
    ("选项", "text"),
    ("假设日期", "text"),
    ("金额(万元)", "wan"),
    *[(f"{vocab.CERTAINTY[c].cn}(万元)", "wan") for c in vocab.CERTAINTIES],
    ("前提", "text"),
    ("前提已具备", "text"),
    ("说明", "long"),
    ("类型", "text"),
    ("金额性质", "text"),
    *[(f"{vocab.PAYER_CN[lv]}(万元)", "wan") for lv in vocab.PAYER_LEVELS],
    ("另有未载明金额(项)", "int"),
    ("文件有效", "text"),
    ("依据", "long"),
]
OPTION_PRINTED = 12


def _option_values(o: Option) -> list:
    from zjtx.awards.plan import GROUP_CN, KIND_CN

    up_to = any(a.bound == "up_to" and a.amount is not None for a in o.awards)
    requires = "、".join(
        f"{vocab.LEVEL_CN[r.min_level] + '及以上' if r.min_level else ''}{vocab.TITLES[r.title].name}"
        for r in o.requires
    )
    notes = [GROUP_CN[o.group]] if o.group != "other" else []
    if o.projected:
        notes.append(f"其中 {money.fmt_wan(o.projected)}万元 {o.projected_when}")
    if o.lapsed:
        notes.append("期满未复核")
    if o.term:
        notes.append(f"{o.term['from']} 起 {o.term['years']} 年")
    if o.needs:
        notes.append("需提供金额: " + "、".join(vocab.FIELD_CN[f] for f in o.needs) + " (--project)")
    if not o.awards and not o.needs:
        notes.append("本市文件对此不给予奖励")
    clauses = "\n".join(dict.fromkeys(f"{d.label} {m.clause} {m.title}" for d, m in o.measures))
    return [
        o.city.name,
        o.rank,
        o.label,
        o.due.isoformat(),
        o.amount,
        *[o.by_certainty.get(c) for c in vocab.CERTAINTIES],
        requires,
        ("是" if o.requires_met else "否") if o.requires else "",
        ";".join(notes),
        KIND_CN.get(o.kind, o.kind),
        "" if o.amount is None else ("最高" if up_to else "定额"),
        *[o.by_level.get(lv) for lv in vocab.PAYER_LEVELS],
        o.unquantified or None,
        "是" if o.in_force else "否",
        clauses,
    ]


def plan_workbook(
    out: IO[bytes],
    company: Company,
    cities: Iterable[City],
    options: list[Option],
    as_of: dt.date,
    documents: tuple[Document, ...],
) -> None:
    """``zjtx plan -o plan.xlsx``: 选项 (one row per option, ranked within its city), 奖励明细 (the awards each
    option would bring, as ``check`` shows them) and 文件 (the documents of the cities, in force or not)."""
    book = _Book(out, "专精特新下一步选项")
    summary = book.wb.add_worksheet("汇总")
    _print_setup(summary)
    summary.set_column(0, 0, 16)
    summary.set_column(1, 1, 80)
    summary.write_string(0, 0, _t("专精特新下一步选项"), book.fmt["title"])
    lines = [
        ("企业", company.name),
        ("所在城市", f"{company.city.province}{company.city.name} ({company.city.code})"),
        ("计算基准日", as_of.isoformat()),
        ("城市", "、".join(c.name for c in cities)),
        ("选项数", str(len(options))),
        (
            "说明",
            "每个选项按假设发生日计算(新认定、项目: 基准日;复核: 到期日),金额为该事件新增或改变的奖励。"
            "“最高”为文件上限;择优须评审入选;争取须先争取到省级资金。已失效文件的选项只列金额,不参与排序。",
        ),
    ]
    for row, (label, value) in enumerate(lines, 2):
        summary.write_string(row, 0, _t(label), book.fmt["label"])
        summary.write_string(row, 1, _t(value), book.fmt["wrap"])
    sheet = _Sheet(book, "选项", _OPTION_COLUMNS, OPTION_PRINTED)
    awards = _Sheet(
        book, "奖励明细", [("城市", "text"), ("序", "int"), ("选项", "text"), *_AWARD_COLUMNS], 3 + AWARD_PRINTED
    )
    docs = _Sheet(book, "文件", _DOCUMENT_COLUMNS)
    for o in options:
        sheet.add(_option_values(o))
        for a in o.awards:
            awards.add([o.city.name, o.rank, o.label, *_award_values(a)])
    for city in cities:
        for d in documents_for(documents, city.code):
            docs.add(book.document_row(city.name, d, as_of))
    for s in (sheet, awards, docs):
        s.close()
    book.wb.set_properties({"title": f"专精特新下一步选项 — {company.name}", "comments": f"zjtx plan, as of {as_of}"})
    book.wb.close()
