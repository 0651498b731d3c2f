"""The workbook machinery every deliverable workbook shares (``zjtx check -o 报告.xlsx``, ``zjtx plan -o
选项.xlsx``): XlsxWriter formats, table sheets, the cells' kinds, the summary's headline and disclaimer.

Table sheets have a frozen header row, an autofilter, widths that fit Chinese text and A4 landscape print
setup; a table longer than Excel's 1,048,576 rows goes on on a sheet of its own (奖励明细 2 …), never cut; the printed page holds the leading columns, and rows are as tall as those columns' text (not the
steps, which stay on screen). Amounts are numbers, never text: 万元 columns hold 万元 (the exact quotient
of the fen-exact yuan), shown as the tables show them — a whole number as it is, else two decimals — and a
printed amount carries its nature in its display (``最高 50``, ``争取 10``, ``估算 450``); 金额(元) holds
the yuan. Dates are Excel dates shown yyyy-mm-dd. A document and its clause are laid out on lines of their
own and never break inside (``四(二)``), nor does a document number in a citation. Text is always written
as text: nothing a company or a policy file says can become a formula."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet  # XlsxWriter ships no types: Any to mypy

from zjtx import money, vocab
from zjtx.awards.engine import Award
from zjtx.awards.view import SHEET_FIELDS, SHEET_PRINTED
from zjtx.io.textsafe import visible
from zjtx.policy.model import Document
from zjtx.render.rows import DISCLAIMER, WAN, headline, window_cn, window_end_cn, window_reasons, window_start_cn
from zjtx.render.xlsxfile import finish, open_workbook

YUAN_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
BOUND_CN = {"exact": "定额", "up_to": "最高", "unquantified": "未载明", "non_monetary": "非资金"}


def cell_text(text: str) -> str:
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
    "依据": 26,
    "原文": 36,
    "名称": 16,
    "假设": 5,
    "认定/项目": 14,
    "级别": 9,
    "金额性质": 6,
    "金额(元)": 14,
    "金额(万元)": 13,
    "措施编号": 26,
    "政策文件": 36,
    "计算过程": 50,
    "窗口待核": 6,
    "解读": 30,
    "责任单位": 30,
    "类别": 10,
    "原因": 30,
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
    "年度": 7,
    "问题(条文的两种读法)": 36,
    "采用的解读": 30,
    "其他解读及其金额": 40,
    "解读编号": 22,
}
KIND_WIDTH = {"wan": 10, "amount": 13, "yuan": 14, "int": 6, "date": 11, "text": 16, "long": 36, "basis": 26}
LINE = 13.0  # points per line of 10-point text
NUMERIC = ("wan", "amount", "yuan", "int")


def wrapped_lines(text: str, width: int) -> int:
    """Lines a text wraps to in a column ``width`` wide."""
    room = max(width - 1, 1)
    return sum(max(1, -(-_line_width(line) // room)) for line in text.split("\n"))


def basis_lines(pieces: tuple[str, ...], width: int) -> str:
    """A document and its clause (``宁政办〔2023〕32号``, ``二、3 三是``) laid out for a column ``width`` wide:
    each piece whole on a line of its own (Excel and LibreOffice then have nothing to wrap, so 四(二) never
    breaks inside its bracket); a piece wider than the column is folded by the terminal's rules."""
    from zjtx.render.layout import fold

    room = max(width - 2, 4)
    lines: list[str] = []
    for piece in (visible(p) for p in pieces if p):
        if _line_width(piece) <= room:
            lines.append(piece)
        else:
            lines += [piece[a:b] for a, b in fold(piece, room)]
    return "\n".join(lines)


def kept_lines(text: str, width: int, whole: tuple[str, ...]) -> str:
    """``text`` folded for a column ``width`` wide by the terminal's rules, the ``whole`` pieces (a document
    number) never broken: a citation's 宁政办〔2023〕32号 stays on one line."""
    from zjtx.render.layout import fold

    text = visible(text)
    keep = []
    for piece in (p for p in whole if p):
        at = text.find(piece)
        if at >= 0:
            keep.append((at, at + len(piece)))
    return "\n".join(text[a:b] for a, b in fold(text, max(width - 2, 4), keep=tuple(keep)))


def citation_lines(d: Document, width: int) -> str:
    return kept_lines(d.citation, width, (d.number or "",))


def wan_value(amount: Decimal) -> float:
    """The 万元 a cell holds: the exact quotient (at most six decimals), as the number XlsxWriter writes."""
    return float(money.to_fen(amount) / WAN)


def nature(a: Award) -> str:
    """What a printed amount is, beside it: 最高 (a ceiling), 择优 / 争取 / 估算; nothing for a fixed amount."""
    if a.amount is None:
        return ""
    certainty = a.certainty or "fixed"
    words = [vocab.CERTAINTY[certainty].cn] if certainty in ("selective", "contingent", "estimate") else []
    if a.bound == "up_to":
        words.append("最高")
    return " ".join(words)


class Sheet:
    """A table sheet: a header row, then rows in order, each as tall as the wrapped text of its printed columns."""

    def __init__(self, book: Book, name: str, columns: list[tuple[str, str]], print_cols: int | None = None):
        self.book, self.name, self.columns = book, name, columns
        self.print_cols = print_cols  # the leading columns that make the printed page (the rest: on screen)
        self.widths = [WIDTHS.get(title, KIND_WIDTH[kind]) for title, kind in columns]
        self.parts: list[tuple[Worksheet, int]] = []  # the worksheet(s) and their rows: 奖励明细, 奖励明细 2 …
        self.ws: Worksheet
        self.row = 0
        self._start(book.add_worksheet(name))

    def _start(self, ws: Worksheet) -> None:
        """A worksheet of this table begins: its widths and its header row."""
        if self.parts:
            self.parts[-1] = (self.ws, self.row)
        self.ws, self.row = ws, 0
        self.parts.append((ws, 0))
        for col, width in enumerate(self.widths):
            ws.set_column(col, col, width)
        titles = zip(self.columns, self.widths, strict=True)
        ws.set_row(0, LINE * max(wrapped_lines(title, w) for (title, _), w in titles) + 3)
        for col, (title, _kind) in enumerate(self.columns):
            ws.write_string(0, col, cell_text(title), self.book.fmt["head"])

    def add(self, values: list) -> None:
        if self.row + 1 >= ROW_LIMIT:  # Excel's last row is used: the table goes on, on a sheet of its own
            self._start(self.book.add_worksheet(f"{self.name} {len(self.parts) + 1}", after=self.parts[-1][0]))
        self.row += 1
        book = self.book
        cells: list[tuple[int, Any, Any, str]] = []
        lines = 1
        sized = self.print_cols or len(self.columns)  # the printed columns decide the row's height
        for col, ((_title, kind), value) in enumerate(zip(self.columns, values, strict=True)):
            if value is None or value == "" or value == ():
                continue
            if kind in NUMERIC:
                number, prefix = value if kind == "amount" else (value, "")
                if number is None:
                    continue
                if kind in ("wan", "amount"):
                    cells.append((col, wan_value(number), book.wan_format(number, prefix), "number"))
                else:
                    cells.append(
                        (col, float(number) if isinstance(number, Decimal) else number, book.fmt[kind], "number")
                    )
            elif kind == "date" and isinstance(value, (dt.date, str)) and _iso_date(value) is not None:
                cells.append((col, _iso_date(value), book.fmt["date"], "date"))
            else:
                text = basis_lines(value, self.widths[col]) if kind == "basis" else cell_text(str(value))
                if col < sized:
                    lines = max(lines, wrapped_lines(text, self.widths[col]))
                cells.append((col, text, book.fmt["wrap"], "string"))
        if lines > 1:
            self.ws.set_row(self.row, min(LINE * lines + 3, 409))
        for col, value, cell_format, how in cells:
            if how == "string":
                self.ws.write_string(self.row, col, value, cell_format)
            elif how == "date":
                self.ws.write_datetime(self.row, col, value, cell_format)
            else:
                self.ws.write_number(self.row, col, value, cell_format)

    @property
    def names(self) -> list[str]:
        """The worksheets this table fills, in order: one unless it passed Excel's row limit."""
        return [ws.name for ws, _ in self.parts]

    def close(self) -> None:
        self.parts[-1] = (self.ws, self.row)
        for ws, rows in self.parts:
            ws.freeze_panes(1, 0)
            ws.autofilter(0, 0, max(rows, 1), len(self.columns) - 1)
            print_setup(ws)
            if self.print_cols:
                ws.print_area(0, 0, max(rows, 1), self.print_cols - 1)
            ws.repeat_rows(0)


def _iso_date(value: dt.date | str) -> dt.datetime | None:
    """A date as the datetime XlsxWriter writes (an Excel date); None for text that is not a plain date."""
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    try:
        day = dt.date.fromisoformat(value) if len(value) == 10 else None
    except ValueError:
        return None
    return dt.datetime(day.year, day.month, day.day) if day else None


def print_setup(ws: Worksheet) -> None:
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # all columns on the page width, as many pages down as needed
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer("&L&A&R第 &P 页,共 &N 页")


COMPANY = [("企业", "text"), ("文件", "text")]
MONEY_TOTALS = [
    *[(f"{vocab.CERTAINTY[c].cn}(万元)", "wan") for c in vocab.CERTAINTIES],
    ("合计(万元)", "wan"),
    *[(f"{vocab.PAYER_CN[lv]}(万元)", "wan") for lv in vocab.PAYER_LEVELS],
]
# The awards: the award view's workbook columns, those of the printed page first (AWARD_PRINTED of them).
_SHEET_KIND = {"yuan": "yuan", "wan": "wan", "amount": "amount", "long": "long", "lines": "long", "date": "date"}
_SHEET_KIND["basis"] = "basis"
AWARD_COLUMNS = [(f.cn or "", _SHEET_KIND.get(f.sheet_kind or f.kind, "text")) for f in SHEET_FIELDS]
AWARD_PRINTED = SHEET_PRINTED
NOT_COUNTED_COLUMNS = [
    ("类别", "text"),
    ("措施", "text"),
    ("触发事件", "text"),
    ("触发日期", "date"),
    ("原因", "long"),
    ("金额(万元)", "wan"),
    ("依据", "basis"),
    ("措施编号", "text"),
    ("政策文件", "long"),
]
NOT_COUNTED_PRINTED = 7
BY_YEAR_COLUMNS = [
    ("年度", "int"),
    ("措施", "text"),
    ("触发事件", "text"),
    ("金额(万元)", "amount"),
    ("确定性", "text"),
    ("依据", "basis"),
    ("措施编号", "text"),
]
BY_YEAR_PRINTED = 6
READING_COLUMNS = [
    ("措施", "text"),
    ("问题(条文的两种读法)", "long"),
    ("采用的解读", "long"),
    ("金额(万元)", "amount"),
    ("其他解读及其金额", "long"),
    ("依据", "basis"),
    ("解读编号", "text"),
]
READING_PRINTED = 6
DOCUMENT_COLUMNS = [
    ("城市", "text"),
    ("文件编号", "text"),
    ("政策文件", "long"),
    ("发文机关", "text"),
    ("文号", "text"),
    ("印发日期", "date"),
    ("起始", "date"),
    ("终止", "date"),
    ("基准日是否有效", "text"),
    ("措施数", "int"),
    ("副本说明", "long"),
    ("有效期说明", "long"),
]


#: Excel's rows a worksheet (the header's included): a table with more goes on on "奖励明细 2" … Tests lower it.
ROW_LIMIT = 1_048_576


class Book:
    """An XlsxWriter workbook with the formats every sheet uses. ``warn`` receives one line for each cell
    Excel could not hold whole (a text over 32,767 characters); ``close()`` finishes the file."""

    def __init__(self, out: IO[bytes], title: str, warn: Callable[[str], None] | None = None, *, streamed: bool = True):
        self.wb = open_workbook(out, streamed)  # streamed: rows written as they come (a batch's workbook)
        self.warn = warn
        self._after: dict[str, list[Worksheet]] = {}  # a sheet's continuations (奖励明细 2 …), in order
        self.wb.set_properties({"title": title, "comments": "zjtx"})
        base = {"valign": "top", "font_size": 10}
        self._base = base
        self.fmt = {
            "head": self.wb.add_format({**base, "bold": True, "bg_color": "#DDE4EE", "bottom": 1, "text_wrap": True}),
            "text": self.wb.add_format(base),
            "wrap": self.wb.add_format({**base, "text_wrap": True}),
            "yuan": self.wb.add_format({**base, "num_format": YUAN_FORMAT}),
            "int": self.wb.add_format({**base, "num_format": "0"}),
            "date": self.wb.add_format({**base, "num_format": DATE_FORMAT}),
            "date_left": self.wb.add_format({**base, "num_format": DATE_FORMAT, "align": "left"}),
            "title": self.wb.add_format({"bold": True, "font_size": 14}),
            "label": self.wb.add_format({**base, "bold": True}),
            "head_line": self.wb.add_format({"bold": True, "font_size": 12, "valign": "top"}),
            "disclaimer": self.wb.add_format(
                {**base, "text_wrap": True, "bg_color": "#FDF3F3", "left": 2, "left_color": "#C62828"}
            ),
        }
        self._wan: dict[tuple[bool, str, bool], Any] = {}

    def add_worksheet(self, name: str, after: Worksheet | None = None) -> Worksheet:
        """A worksheet; ``after`` a sheet it continues, which it then follows in the workbook."""
        ws = self.wb.add_worksheet(name)
        if after is not None:
            base = next((b for b, more in self._after.items() if after in more), after.name)
            self._after.setdefault(base, []).append(ws)
        return ws

    def close(self) -> None:
        """Write the file: each continued sheet's continuations right after it, every cut cell told to ``warn``."""
        finish(self.wb, self._after, self.warn)

    def wan_format(self, amount: Decimal, prefix: str = "", bold: bool = False) -> Any:
        """万元 as the tables show it: a whole number as it is, else two decimals; ``prefix`` (最高, 争取 …)
        written before it by the display, the cell staying a number."""
        whole = money.to_fen(amount) % WAN == 0
        key = (whole, prefix, bold)
        if key not in self._wan:
            number = "#,##0" if whole else "#,##0.00"
            shown = f'"{prefix} "{number}' if prefix else number
            self._wan[key] = self.wb.add_format({**self._base, "num_format": shown, "bold": bold})
        return self._wan[key]

    def document_row(self, city_name: str, d: Document, as_of: dt.date) -> list:
        return [
            city_name,
            d.id,
            citation_lines(d, WIDTHS["政策文件"]),
            d.issuer,
            d.number or "",
            d.issued,
            window_start_cn(d.window),
            window_end_cn(d.window),
            "是" if d.window.in_force(as_of) else "否",
            len(d.measures),
            d.partial or "",
            window_reasons(d.window),
        ]


def _sheet_value(kind: str, value: Any) -> Any:
    """A value of the award view as the workbook shows it: Chinese words for ids, amounts as numbers."""
    if kind in ("yuan", "wan", "date", "basis"):
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


def award_values(a: Award) -> list:
    """The award's cells on 奖励明细, in the award view's order; the printed amount with its nature."""
    return [
        (f.get(a), nature(a)) if f.sheet_kind == "amount" else _sheet_value(f.sheet_kind or f.kind, f.get(a))
        for f in SHEET_FIELDS
    ]


def basis_of(a: Award) -> tuple[str, str]:
    return (a.document.label, a.measure.clause)


def trigger_text(a: Award) -> str:
    from zjtx.awards.view import trigger_cn

    return trigger_cn(a.trigger)


def summary_headline(
    book: Book, ws: Worksheet, row: int, by_certainty: dict[str, Decimal], total: Decimal, up_to: bool
) -> int:
    """确定 first (bold, large), then 另有 each other class with its note, then the sum of them all; the row after."""
    fmt = book.fmt
    certain, others = headline(by_certainty)
    ws.set_row(row, 18)
    ws.write_string(row, 0, cell_text("确定(仅计窗口内)"), fmt["head_line"])
    ws.write_number(row, 1, wan_value(certain), book.wan_format(certain, "", bold=True))
    ws.write_string(row, 2, cell_text(f"万元 — {vocab.CERTAINTY['fixed'].note}"), fmt["wrap"])
    row += 1
    for c, v in others:
        word = vocab.CERTAINTY[c]
        ws.write_string(row, 0, cell_text(f"另有 {word.cn}"), fmt["label"])
        ws.write_number(row, 1, wan_value(v), book.wan_format(v))
        ws.write_string(row, 2, cell_text(f"万元 — {word.note};并非承诺"), fmt["wrap"])
        row += 1
    ws.write_string(row, 0, cell_text("各类合计"), fmt["text"])
    ws.write_number(row, 1, wan_value(total), book.wan_format(total, "最高" if up_to else ""))
    ws.write_string(row, 2, cell_text("万元 — 以上各类之和(含上限及须评审、争取或估算的部分)"), fmt["wrap"])
    return row + 1


def disclaimer_row(book: Book, ws: Worksheet, row: int, last_col: int, width: int) -> int:
    """The disclaimer across the summary's columns; the row after."""
    text = cell_text("说明: " + DISCLAIMER)
    ws.set_row(row, LINE * wrapped_lines(text, width) + 6)
    ws.merge_range(row, 0, row, last_col, text, book.fmt["disclaimer"])
    return row + 1


def document_summary_text(d: Document, width: int) -> str:
    return f"{citation_lines(d, width)}\n有效期: {window_cn(d.window)}" + (
        f"\n副本不完整: {d.partial}" if d.partial else ""
    )
