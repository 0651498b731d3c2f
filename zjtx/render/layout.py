"""The one width-aware renderer for every table and paragraph zjtx prints on a terminal.

No rich: it measures display cells itself (CJK counts 2), folds text on character boundaries with
Chinese line-breaking rules, lays tables out in the width it is given, and turns to a vertical layout
(one block per row: label, value) when a table cannot fit — so no character is ever dropped or cut,
and no line ends with a space. It is small, pure and cheap to import; measuring cells and folding a
paragraph live below it in ``zjtx/render/fold.py``.

How to print something (the API other renderers use)::

    from zjtx.render.layout import Col, Printer, Table, Text

    out = Printer(env)                       # width and colour from the injected Environment
    out.print(Text("标题", "bold").add(" 副标题"))   # a paragraph, folded at the full width
    t = Table(Col("措施", ratio=3), Col("金额(万元)", align="decimal", fold=False),
              Col("依据", ratio=2), Col("状态", fold=False), title="可选标题")
    t.row(Text(m.title).line(trigger, "dim"), "最高 80", basis, Text("有效", "green"),
          block=Text.lines(steps, "cyan", bullet="· "))   # block: full width under the row (--explain)
    t.rule()                                 # a separator line (before totals)
    t.row(Text("合计", "bold"), "最高 466", "", "")
    out.print(t)

- A cell is a ``Text``, a ``str`` (one line), ``None`` (empty) or a number. ``Text.add`` appends on
  the same line, ``Text.line`` starts a new one; every string goes through ``textsafe.visible`` here,
  so user and policy text can never move the cursor or fake a line (a newline in a name shows as ``\\n``).
- ``Col(header, align=left|right|decimal, fold=True, min=8, ratio=1, label=None)``: ``fold=False``
  columns keep their natural width (figures, dates, statuses); folding columns share the rest by
  ``ratio``. ``decimal`` right-aligns figures on their decimal point (``8.5`` over ``0.246913``).
  ``label`` names the field in the vertical layout (default: the header).
- Styles are space-separated words: bold dim italic underline strike red green yellow blue magenta
  cyan, and ``keep``: the segment is never broken across lines (a document number such as 宁政办〔2023〕32号,
  a clause such as 二、3 三是), and a table column is never narrower than it. Colour is written only when
  ``env.color``.
- ``Table.layout(width)`` returns a ``Layout`` (lines, column widths or ``None`` when vertical, and
  what each line shows) — tests use it to check that every character of every cell is there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from zjtx.io.textsafe import visible
from zjtx.record import Record, factory, record
from zjtx.render.fold import (  # the measuring and folding this renderer is built on, importable from here too
    cell_len,
    fold,
    terminal_width,
)

if TYPE_CHECKING:
    from zjtx.io.env import Environment

GAP = 2  # spaces between columns

# -------------------------------------------------------------------------------------------- text

Segment = tuple[str, str]  # (text, style)


class Text:
    """Styled text: lines (paragraphs) of (text, style) segments. Every string is sanitised here."""

    __slots__ = ("paras",)

    def __init__(self, text: object = "", style: str = "", hang: int = 0):
        self.paras: list[tuple[list[Segment], int]] = []
        if text != "" and text is not None:
            self.line(text, style, hang)

    def add(self, text: object, style: str = "") -> Text:
        """Append to the current line."""
        if not self.paras:
            self.paras.append(([], 0))
        s = visible(text)
        if s:
            self.paras[-1][0].append((s, style))
        return self

    def line(self, text: object = "", style: str = "", hang: int = 0) -> Text:
        """Start a new line (continuation lines of it indented by ``hang``), then append ``text``.
        ``Text().line().line("x")`` is a blank line, then x."""
        self.paras.append(([], hang))
        return self.add(text, style)

    def extend(self, other: Text) -> Text:
        """Add the lines of ``other`` after these."""
        self.paras += [(list(segs), hang) for segs, hang in other.paras]
        return self

    @classmethod
    def lines(cls, items: Iterable[object], style: str = "", bullet: str = "") -> Text:
        """One line per item, each optionally prefixed by ``bullet`` with a hanging indent."""
        t = cls()
        for item in items:
            t.line(bullet + visible(item), style, hang=cell_len(bullet))
        return t

    @property
    def plain(self) -> str:
        return "\n".join("".join(s for s, _ in segs) for segs, _ in self.paras)

    def __bool__(self) -> bool:
        return any(segs for segs, _ in self.paras)

    def natural(self) -> int:
        return max((sum(cell_len(s) for s, _ in segs) for segs, _ in self.paras), default=0)

    def kept(self) -> int:
        """The widest piece that must stay on one line (a segment styled ``keep``), in cells."""
        return max((cell_len(s) for segs, _ in self.paras for s, style in segs if _keeps(style)), default=0)

    def folded(self, width: int) -> list[list[Segment]]:
        """Styled lines, each at most ``width`` cells (hang included); a ``keep`` segment is never broken."""
        lines: list[list[Segment]] = []
        for segs, hang in self.paras:
            plain = "".join(s for s, _ in segs)
            hang = hang if hang < width // 2 else 0
            keep, pos = [], 0
            for s, style in segs:
                if _keeps(style):
                    keep.append((pos, pos + len(s)))
                pos += len(s)
            for k, (a, b) in enumerate(fold(plain, width - hang, first=width, keep=tuple(keep))):
                line: list[Segment] = [(" " * hang, "")] if k and hang else []
                pos = 0
                for s, style in segs:
                    lo, hi = max(a, pos), min(b, pos + len(s))
                    if lo < hi:
                        line.append((s[lo - pos : hi - pos], style))
                    pos += len(s)
                lines.append(line)
        return lines


def _keeps(style: str) -> bool:
    return "keep" in style.split()


def as_text(cell: object) -> Text:
    if isinstance(cell, Text):
        return cell
    return Text("" if cell is None else cell)


# ------------------------------------------------------------------------------------------- tables


# Records, not dataclasses: the table path imports no dataclasses (~1 ms at every start, issue 23).
@record(frozen=False, eq=False)
class Col(Record):
    header: str
    align: str = "left"  # left | right | decimal
    fold: bool = True
    min: int = 8
    ratio: int = 1
    label: str | None = None


@record(frozen=False, eq=False)
class Layout(Record):
    """What a table became at one width. ``widths`` is None for the vertical layout. ``kinds[i]``
    says what line ``i`` shows: ("title",), ("head",), ("rule",), ("blank",), ("row", r) (horizontal),
    ("block", r), ("heading", r) (vertical: the row's first cell), ("field", r, c) (vertical)."""

    lines: list[list[Segment]]
    widths: list[int] | None
    kinds: list[tuple[Any, ...]] = factory(default_factory=list)
    value_at: int = 0  # vertical: the cell where field values start


class Table:
    def __init__(self, *cols: Col, title: object = None):
        self.cols = list(cols)
        self.title = as_text(title) if title is not None else None
        self.rows: list[tuple[list[Text], Text | None]] = []  # (cells, block); cells [] = a rule

    def row(self, *cells: object, block: object = None) -> None:
        if len(cells) != len(self.cols):
            raise ValueError(f"{len(cells)} cells for {len(self.cols)} columns")
        self.rows.append(([as_text(c) for c in cells], as_text(block) if block is not None else None))

    def rule(self) -> None:
        self.rows.append(([], None))

    # -- widths: the one place they are decided
    def widths(self, width: int) -> list[int] | None:
        """Column widths for a horizontal layout in ``width`` cells, or None when it cannot fit."""
        cells = [cs for cs, _ in self.rows if cs]
        natural, least = [], []
        for c, col in enumerate(self.cols):
            head = Text(col.header).natural()
            if col.align == "decimal":
                content = _decimal_width([line for cs in cells for line in _plain_lines(cs[c])])
            else:
                content = max([cs[c].natural() for cs in cells], default=0)
            if col.fold:
                natural.append(max(content, head, 1))
                kept = max([cs[c].kept() for cs in cells], default=0)  # a document or clause number stays whole
                least.append(max(min(natural[-1], max(col.min, 2)), kept))
            else:
                natural.append(max(content, head, 1))
                least.append(natural[-1])
        spare = width - sum(least) - GAP * (len(self.cols) - 1)
        if spare < 0:
            return None
        widths = least[:]
        while spare > 0:
            growing = [c for c, col in enumerate(self.cols) if col.fold and widths[c] < natural[c]]
            if not growing:
                break
            total = sum(self.cols[c].ratio for c in growing)
            given = 0
            for c in growing:
                share = min(max(1, spare * self.cols[c].ratio // total), natural[c] - widths[c], spare - given)
                widths[c] += share
                given += share
            spare -= given
        # an odd width wastes a cell on CJK text: pair odd folding columns and move a cell between them
        odd = [c for c, col in enumerate(self.cols) if col.fold and widths[c] % 2 and widths[c] < natural[c]]
        for a, b in zip(odd[::2], odd[1::2], strict=False):
            if widths[a] - 1 >= least[a]:
                widths[a] -= 1
                widths[b] += 1
        return widths

    def layout(self, width: int) -> Layout:
        widths = self.widths(width)
        out = Layout([], widths)
        if self.title:
            for line in self.title.folded(width):
                out.lines.append(line)
                out.kinds.append(("title",))
        if widths is None:
            self._vertical(width, out)
        else:
            self._horizontal(widths, width, out)
        return out

    def _horizontal(self, widths: list[int], width: int, out: Layout) -> None:
        total = sum(widths) + GAP * (len(widths) - 1)
        heads = [Text(col.header, "bold").folded(w) for col, w in zip(self.cols, widths, strict=True)]
        head_aligns = ["left" if col.align == "left" else "right" for col in self.cols]
        for line in _join(heads, widths, head_aligns, [0] * len(widths)):
            out.lines.append(line)
            out.kinds.append(("head",))
        out.lines.append([("─" * total, "dim")])
        out.kinds.append(("rule",))
        folded_rows = [
            ([cell.folded(w) for cell, w in zip(cells, widths, strict=False)], block) for cells, block in self.rows
        ]
        tails = []
        for c, col in enumerate(self.cols):
            found = (
                [_tail(_plain(line)) for cells, _ in folded_rows if cells for line in cells[c]]
                if col.align == "decimal"
                else []
            )
            tails.append(max((t for t in found if t is not None), default=0))
        aligns = [col.align for col in self.cols]
        for r, (cells, block) in enumerate(folded_rows):
            if not cells:
                out.lines.append([("─" * total, "dim")])
                out.kinds.append(("rule",))
                continue
            for line in _join(cells, widths, aligns, tails):
                out.lines.append(line)
                out.kinds.append(("row", r))
            if block:
                for line in block.folded(max(width - 2, 2)):
                    out.lines.append([("  ", ""), *line] if line else line)
                    out.kinds.append(("block", r))

    def _vertical(self, width: int, out: Layout) -> None:
        labels = [col.label or col.header for col in self.cols]
        label_w = min(max((cell_len(visible(s)) for s in labels[1:]), default=0), max(width // 3, 8))
        indent = 2 if width >= 40 else 0
        out.value_at = indent + label_w + GAP
        first = True
        for r, (cells, block) in enumerate(self.rows):
            if not cells:
                continue
            if not first:
                out.lines.append([])
                out.kinds.append(("blank",))
            first = False
            for line in cells[0].folded(width):
                out.lines.append(line)
                out.kinds.append(("heading", r))
            fields = Fields(
                [(labels[c], cells[c]) for c in range(1, len(self.cols))], indent=indent, label_width=label_w
            )
            for c, line in fields.numbered(width):
                out.lines.append(line)
                out.kinds.append(("field", r, c + 1))
            if block:
                for line in block.folded(max(width - 2, 2)):
                    out.lines.append([("  ", ""), *line] if line else line)
                    out.kinds.append(("block", r))


class Fields:
    """Label, value pairs: labels in a column (bold), values folded beside them; empty values skipped.
    The vertical layout of a table, and ``policies show``."""

    def __init__(self, rows: Iterable[tuple[object, object]], indent: int = 0, label_width: int | None = None):
        self.rows = [(visible(label), as_text(value)) for label, value in rows]
        self.indent = indent
        self.label_width = label_width

    def label_w(self, width: int) -> int:
        if self.label_width is not None:
            return self.label_width
        return min(max((cell_len(s) for s, v in self.rows if v), default=0), width // 3)

    def numbered(self, width: int) -> list[tuple[int, list[Segment]]]:
        """(index of the pair, line) for every line."""
        label_w = self.label_w(width)
        value_w = max(width - self.indent - label_w - GAP, 2)
        out = []
        for i, (text, value) in enumerate(self.rows):
            if not value:
                continue
            label = Text(text, "bold").folded(label_w) if text else []
            vals = value.folded(value_w)
            for k in range(max(len(label), len(vals))):
                lab = label[k] if k < len(label) else []
                val = vals[k] if k < len(vals) else []
                line = ([(" " * self.indent, ""), *lab]) if lab or val else []
                if val:
                    line += [(" " * (label_w - _cells(lab) + GAP), ""), *val]
                out.append((i, [s for s in line if s[0]]))
        return out

    def layout(self, width: int) -> Layout:
        lines = self.numbered(width)
        return Layout(
            [line for _, line in lines],
            None,
            [("field", 0, i) for i, _ in lines],
            self.indent + self.label_w(width) + GAP,
        )


_FIGURE = re.compile(r"\d(?:[\d,]*\d)?(\.\d+)?[)）]?$")


def _plain(line: list[Segment]) -> str:
    return "".join(s for s, _ in line)


def _cells(line: list[Segment]) -> int:
    return sum(cell_len(s) for s, _ in line)


def _plain_lines(t: Text) -> list[str]:
    return ["".join(s for s, _ in segs) for segs, _ in t.paras]


def _tail(s: str) -> int | None:
    """For a line ending in a figure (``最高 12.5``, ``(80)``, ``省级 8``): the cells after its integer
    part. None for any other line (``争取``, ``另1项未载明``), which is simply right-aligned."""
    m = _FIGURE.search(s)
    if m is None:
        return None
    return cell_len(s[m.start(1) if m.group(1) else m.end() - (1 if s[-1] in ")）" else 0) :])


def _decimal_width(lines: list[str]) -> int:
    tails = [_tail(s) for s in lines]
    most = max((t for t in tails if t is not None), default=0)
    return max(
        [cell_len(s) - t + most for s, t in zip(lines, tails, strict=True) if t is not None]
        + [cell_len(s) for s, t in zip(lines, tails, strict=True) if t is None],
        default=0,
    )


def _join(
    cells: list[list[list[Segment]]], widths: list[int], aligns: list[str], tails: list[int]
) -> list[list[Segment]]:
    """Side-by-side lines of one row; padding only between cells, never at a line's end."""
    lines = []
    for k in range(max(len(c) for c in cells)):
        line: list[Segment] = []
        pending = 0
        for c, w in enumerate(widths):
            seg = cells[c][k] if k < len(cells[c]) else []
            n = _cells(seg)
            if aligns[c] == "left":
                left, right = 0, w - n
            else:
                tail = _tail(_plain(seg)) if aligns[c] == "decimal" and seg else None
                pad = tails[c] - tail if tail is not None else 0
                left, right = max(w - n - max(pad, 0), 0), max(pad, 0)
                if left + n + right > w:
                    left, right = max(w - n, 0), 0
            if seg:
                line.append((" " * (pending + left), ""))
                line += seg
                pending = right
            else:
                pending += left + n + right
            pending += GAP
        lines.append([s for s in line if s[0]])
    return lines


# ------------------------------------------------------------------------------------------ output

_SGR = {
    "bold": "1",
    "dim": "2",
    "italic": "3",
    "underline": "4",
    "strike": "9",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}


def paint(line: list[Segment], color: bool) -> str:
    if not color:
        return "".join(s for s, _ in line)
    out = []
    for s, style in line:
        codes = ";".join(_SGR[w] for w in style.split() if w in _SGR)
        out.append(f"\x1b[{codes}m{s}\x1b[0m" if codes and s.strip() else s)
    return "".join(out)


class Printer:
    """Writes Text and Tables to the Environment's stdout at its width, in colour only when allowed."""

    def __init__(self, env: Environment):
        self.env = env
        self.width = terminal_width(env)
        self.color = env.color

    def print(self, *items: object) -> None:
        """Print each item: a Table, a Text or a str (one paragraph, folded at the full width)."""
        lines: list[list[Segment]] = []
        for i, item in enumerate(items):
            if isinstance(item, (Table, Fields)):
                lines += item.layout(self.width).lines
                if i + 1 < len(items):
                    lines.append([])
            else:
                lines += as_text(item).folded(self.width)
        self.env.out.write("".join(paint(line, self.color) + "\n" for line in lines))

    def blank(self) -> None:
        self.env.out.write("\n")
