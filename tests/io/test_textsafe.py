"""The terminal sanitiser: no C0/C1/DEL, bidi control or line separator ever passes through raw."""

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
