"""The terminal sanitiser: no C0/C1/DEL, bidi control, line separator or other format character ever passes
through raw."""

import unicodedata
from typing import Literal

from hypothesis import given
from hypothesis import strategies as st

from zjtx.io.textsafe import UNSAFE, visible


def test_every_unsafe_character_is_non_printable():
    # visible() skips translation for printable strings: that is only right if all of UNSAFE is non-printable.
    assert all(not chr(cp).isprintable() for cp in UNSAFE)


def test_examples():
    assert visible("a\x1b[31mb") == "a\\x1b[31mb"
    assert visible("x\u202ey") == "x\\u202ey"
    assert visible("a\nb") == "a\\nb"
    assert visible("a\nb", newlines=True) == "a\nb"
    assert visible("潍坊\u2028市") == "潍坊\\u2028市"
    assert visible("\x9b31m") == "\\x9b31m"
    assert visible("精密机械 (Ltd.)") == "精密机械 (Ltd.)"


@given(st.text())
def test_nothing_unsafe_passes(text):
    out = visible(text)
    assert not any(ord(ch) in UNSAFE for ch in out)
    out2 = visible(text, newlines=True)
    assert not any(ord(ch) in UNSAFE and ch != "\n" for ch in out2)


def test_format_characters_are_shown():
    # R3-14: U+200B, U+FEFF and U+2060 were invisible: `unknown city "潍坊​"` looked like 潍坊.
    assert visible("潍坊\u200b") == "潍坊\\u200b"
    assert visible("\ufeff甲\u2060乙\u00ad", newlines=True) == "\\ufeff甲\\u2060乙\\xad"
    assert visible("中\u3000文 a\tb") == "中\u3000文 a\\tb"  # an ideographic space is a space, not hidden


FORMAT: tuple[Literal["Cf"]] = ("Cf",)


@given(st.text(st.characters(whitelist_categories=FORMAT), min_size=1))
def test_no_format_character_passes(text):
    # R3-14, every character of Unicode category Cf, whichever table (newlines kept or not)
    for out in (visible(text), visible(text, newlines=True)):
        assert not any(unicodedata.category(ch) == "Cf" for ch in out)
        assert out == "".join(f"\\u{ord(ch):04x}" if ord(ch) > 0xFF else f"\\x{ord(ch):02x}" for ch in text)
