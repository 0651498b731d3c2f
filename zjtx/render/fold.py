"""Measuring and folding text for a terminal: display cells (CJK counts 2) and Chinese line-breaking.

The lowest part of the renderer (``zjtx/render/layout.py`` lays tables out with it; the workbook folds its
cells with it): pure functions over strings, cheap to import (``re``, ``unicodedata``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zjtx.io.env import Environment

MIN_WIDTH = 20  # narrower terminals get 20-column output (the terminal wraps it; nothing is cut)
MAX_WIDTH = 1000

# ------------------------------------------------------------------------------------------ measuring

_WIDTH_CACHE: dict[str, int] = {}


def char_width(ch: str) -> int:
    """Display cells of one character: 2 for East Asian wide/full-width, 0 for combining marks and
    format characters, 1 otherwise (ambiguous-width characters such as · — … count 1, as terminals
    outside CJK legacy locales show them)."""
    w = _WIDTH_CACHE.get(ch)
    if w is None:
        if unicodedata.east_asian_width(ch) in ("W", "F"):
            w = 2
        elif unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            w = 0
        else:
            w = 1
        _WIDTH_CACHE[ch] = w
    return w


def cell_len(s: str) -> int:
    """Display width of ``s`` in terminal cells."""
    if s.isascii():
        return len(s)
    known = _WIDTH_CACHE
    return sum([known[c] if c in known else char_width(c) for c in s])


def terminal_width(env: Environment) -> int:
    """The width to lay out in: the Environment's, else $COLUMNS, else the terminal's, else 100 for
    a file or pipe; clamped to [20, 1000]."""
    width = env.width
    if width is None:
        cols = env.environ.get("COLUMNS", "")
        if cols.isdigit() and int(cols) > 0:
            width = int(cols)
    if width is None and env.isatty:
        try:
            width = os.get_terminal_size(env.out.fileno()).columns or 80
        except (AttributeError, ValueError, OSError):
            width = 80
    if width is None:
        width = 100
    return max(MIN_WIDTH, min(MAX_WIDTH, width))


# ----------------------------------------------------------------------------------- line breaking

#: never at the start of a line (closing brackets and quotes, pause and stop marks, …)
NO_START = frozenset(
    "、，。．：；？！）］｝〕〉》」』】〗〙〛’”｠»…‥·・ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ)]},.:;!?%"
)
#: never at the end of a line (opening brackets and quotes)
NO_END = frozenset("（［｛〔〈《「『【〖〘〚‘“｟«([{¥￥$")
_INSEPARABLE = frozenset("—…‥")  # ——  ……  stay whole
_UNIT = frozenset("万亿千百元年月日号项倍个家次台套人期条款位名亩强%")
_NUMERIC = frozenset("0123456789.,%")
_WORD = re.compile(r"[A-Za-z0-9_\-./@:+#=%]")
#: document numbers (宁政办〔2023〕32号) and numbers with their unit stay together
_TOGETHER = re.compile(
    r"[〔\[［【(（]\d{2,4}[〕\]］】)）]\s?第?\d+号|\d[\d,]*(?:\.\d+)?\s?(?:万元|亿元|万|亿|元|年|月|日|号|项|倍|%)"
)

KEEP, FORBIDDEN, TOGETHER, INSIDE_WORD, FREE = 200, 100, 80, 50, 0


def _penalties(p: str) -> list[int]:
    """``pen[i]``: the cost of breaking before character ``i`` (0 = a normal break opportunity)."""
    n = len(p)
    pen = [FREE] * (n + 1)
    quote_open = True
    opens_at: set[int] = set()
    for i, ch in enumerate(p):  # ASCII " is used as Chinese quotes: odd ones open, even ones close
        if ch == '"':
            if quote_open:
                opens_at.add(i)
            quote_open = not quote_open
    for i in range(1, n):
        a, b = p[i - 1], p[i]
        if a == " " or b == " ":
            continue
        if (
            b in NO_START
            or a in NO_END
            or (b == '"' and i not in opens_at)
            or (a == '"' and i - 1 in opens_at)
            or char_width(b) == 0
            or (a == b and a in _INSEPARABLE)
        ):
            pen[i] = FORBIDDEN
        elif a in _NUMERIC and b in _UNIT:
            pen[i] = TOGETHER
        elif a.isascii() and b.isascii() and _WORD.match(a) and _WORD.match(b):
            pen[i] = INSIDE_WORD - (10 if a in "-./_@:" else 0)
    for m in _TOGETHER.finditer(p):
        for i in range(m.start() + 1, m.end()):
            pen[i] = max(pen[i], TOGETHER)
    return pen


def fold(p: str, width: int, first: int | None = None, keep: tuple[tuple[int, int], ...] = ()) -> list[tuple[int, int]]:
    """The lines of one paragraph ``p`` folded to ``width`` cells (the first line to ``first``), as
    (start, end) ranges into ``p``. Every character but the spaces at a break is inside a range; no
    range ends with a space; a line is only wider than ``width`` when one character is. The ``keep``
    ranges (a document number, a clause number) are never broken, spaces and all, unless one is wider
    than a whole line."""
    first = width if first is None else first
    n = len(p)
    if cell_len(p) <= first:
        return [(0, len(p.rstrip(" ")))]
    known = _WIDTH_CACHE
    widths = [known[c] if c in known else char_width(c) for c in p]
    pen = _penalties(p)
    for a, b in keep:
        for i in range(a + 1, b):
            pen[i] += KEEP  # above every other cost; forced inside (a line too narrow), the usual rules still hold
    out: list[tuple[int, int]] = []
    start, limit = 0, first
    while start < n:
        used, i = 0, start
        while i < n and used + widths[i] <= limit:
            used += widths[i]
            i += 1
        if i == n:
            end = n
        else:
            if i == start:
                i = start + 1  # one character wider than the line: it goes alone
            end = min(range(start + 1, i + 1), key=lambda b: (pen[b], -b))
        stop = end
        while stop > start and p[stop - 1] == " ":
            stop -= 1
        out.append((start, stop))
        start, limit = end, width
        while start < n and p[start] == " ":
            start += 1
    return out or [(0, 0)]
