"""Finding a measure's quote in its document's text. Pure: the text is read by ``zjtx.policy.files``.

A quote is found when each of its parts (split on an ellipsis ……, which marks words left out) occurs in
the text, in order, after both are normalised: full-width and ASCII punctuation are the same (NFKC, and
curly quotes are straight quotes), and whitespace is ignored. Nothing else is forgiven: a changed character
is a quote that does not match.
"""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "「": '"', "」": '"'})
_ELLIPSIS = re.compile(r"…+|\.{3,}")


def _norm_char(c: str) -> str:
    if c.isspace():
        return ""
    return unicodedata.normalize("NFKC", c).translate(_QUOTES)


def normalise(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the index of the original character."""
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        n = _norm_char(c)
        out.append(n)
        where += [i] * len(n)
    return "".join(out), where


def parts(quote: str) -> list[str]:
    """The quote's parts, normalised (an ellipsis separates them)."""
    return [p for p in ("".join(_norm_char(c) for c in piece) for piece in _ELLIPSIS.split(quote)) if p]


def find(quote: str, text: str) -> list[tuple[int, int]] | None:
    """The spans (start, end) in ``text`` of the quote's parts, in order; None when a part is missing."""
    norm, where = normalise(text)
    spans = []
    pos = 0
    for part in parts(quote):
        k = norm.find(part, pos)
        if k < 0:
            return None
        spans.append((where[k], where[k + len(part) - 1] + 1))
        pos = k + len(part)
    return spans or None


def context(text: str, spans: list[tuple[int, int]]) -> list[tuple[str, list[tuple[int, int]]]]:
    """The paragraphs (lines) that hold the spans, each with the spans inside it (relative to the line)."""
    out: list[tuple[str, list[tuple[int, int]]]] = []
    starts = [0] + [m.end() for m in re.finditer("\n", text)]
    for start in starts:
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        inside = [(max(a, start) - start, min(b, end) - start) for a, b in spans if a < end and b > start]
        if inside:
            out.append((text[start:end], inside))
    return out
