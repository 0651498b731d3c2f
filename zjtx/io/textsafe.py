"""One sanitiser for every piece of user or policy text that reaches a terminal (tables and stderr).

Control characters (C0 but tab, C1, DEL), bidi embeddings/overrides/isolates and marks, the Unicode
line and paragraph separators, and every other format character (Unicode category Cf: zero-width space
U+200B, U+FEFF, word joiner U+2060 …) are made visible as backslash escapes, so a company name or a file
name can never move the cursor, ring the bell, reorder a line, forge another ``zjtx: error:`` line or hide
a character (``unknown city "潍坊\u200b"``, not a 潍坊 that looks right). Pure and cheap: a
``str.translate`` table built once, which learns the format characters as it meets them.
"""

from __future__ import annotations

_BIDI = (0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
_SEPARATORS = (0x2028, 0x2029, 0x0085)


def _escape(cp: int) -> str:
    if cp < 0x100:
        return f"\\x{cp:02x}"
    return f"\\u{cp:04x}"


#: code point -> visible escape, for everything that must never reach a terminal raw.
UNSAFE: dict[int, str] = {cp: _escape(cp) for cp in (*range(0x20), 0x7F, *range(0x80, 0xA0), *_BIDI, *_SEPARATORS)}
UNSAFE[0x09] = "\\t"
UNSAFE[0x0A] = "\\n"
UNSAFE[0x0D] = "\\r"


class _Table(dict[int, str]):
    """A translation table that also escapes each format character (Cf) it is asked about, remembering
    the answer for every code point (a text reaches it only when it is not all printable)."""

    def __missing__(self, cp: int) -> str:
        import unicodedata

        self[cp] = _escape(cp) if unicodedata.category(chr(cp)) == "Cf" else chr(cp)
        return self[cp]


_ALL = _Table(UNSAFE)
_KEEP_NEWLINES = _Table({k: v for k, v in UNSAFE.items() if k != 0x0A})


def visible(text: object, *, newlines: bool = False) -> str:
    """``text`` with every unsafe character replaced by its escape (``\\x1b``, ``\\u202e``, ``\\n``).
    ``newlines=True`` keeps ``\\n`` (for multi-line text the caller lays out itself)."""
    s = text if isinstance(text, str) else str(text)
    if s.isprintable():  # the common case; every character of UNSAFE is non-printable (tested)
        return s
    return s.translate(_KEEP_NEWLINES if newlines else _ALL)


def filename(name: object) -> str:
    """A file name as text that is always valid UTF-8: bytes that are not UTF-8 (kept by Python as
    surrogate escapes) become ``\\xff`` escapes. Used for every name shown, in text and in JSON; apply
    :func:`visible` on top for a terminal."""
    s = name if isinstance(name, str) else str(name)
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        try:
            raw = s.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # a lone surrogate that no file system produced
            return s.encode("utf-8", "backslashreplace").decode("utf-8")
        return raw.decode("utf-8", "backslashreplace")
