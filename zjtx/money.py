"""Exact money: parsing 万/亿 amounts, rates and shares, rounding once to the fen, and splitting an
award into payer shares that add up exactly.

Amounts are ``Decimal`` yuan throughout; rates and shares are ``Fraction`` so that 1/3 stays 1/3
until the one rounding step.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction

FEN = Decimal("0.01")
WAN = Decimal(10000)
YI = Decimal(100000000)
#: Amounts above this are refused as absurd (1万亿 yuan).
MAX_AMOUNT = Decimal(10) ** 12

# The documented grammar (docs/company-file.md, "Amounts"): digits, or digits in groups of three separated by commas
# ("1,234,567"), then an optional decimal part, 万/亿/万亿 and 元, spaces around and between the parts. Full-width
# digits, comma and full stop are read as their ASCII forms. The company file's JSON Schema takes its patterns
# from the same grammar (amount_pattern). Patterns are compiled on first use (re caches them): most runs parse none.
_SPACE = "[ \\t\\u00a0\\u3000]"  # the spaces an amount may have: space, tab, no-break and ideographic space
_UNITS = {"万亿": 12, "万": 4, "亿": 8}  # 10 to the power of; 万亿 first, so that 万 does not end a match early
_ASCII = {"digit": "[0-9]", "nonzero": "[1-9]", "zero": "0", "one": "1", "comma": ",", "point": "\\."}
_WIDE = {
    "digit": "[0-9０-９]",
    "nonzero": "[1-9１-９]",
    "zero": "[0０]",
    "one": "[1１]",
    "comma": "[,，]",
    "point": "[.．]",
}


def _number(c: dict[str, str]) -> str:
    """Digits, or groups of three after a first of one to three, then an optional decimal part."""
    d = c["digit"]
    return f"(?:{d}+|{c['nonzero']}{d}{{0,2}}(?:{c['comma']}{d}{{3}})+)(?:{c['point']}{d}+)?"


def _at_most(c: dict[str, str], digits: int) -> str:
    """The numbers of the grammar that are at most 10 ** ``digits``, as a pattern."""
    d, z, point = c["digit"], c["zero"], c["point"]
    fraction = f"(?:{point}{d}+)?"
    forms = [f"{z}+" if digits == 0 else f"(?:{z}*{c['nonzero']}{d}{{0,{digits - 1}}}|{z}+)"]
    forms += [
        f"{c['nonzero']}{d}{{0,{min(3, digits - 3 * g) - 1}}}(?:{c['comma']}{d}{{3}}){{{g}}}"
        for g in range(1, digits // 3 + 1)
        if digits - 3 * g >= 1
    ]
    exact = [f"{z}*{c['one']}{z}{{{digits}}}"]  # 10 ** digits itself, with a decimal part of zeros only
    if digits >= 3:
        exact.append(f"{c['one']}{z}{{{digits % 3}}}(?:{c['comma']}{z}{{3}}){{{digits // 3}}}")
    return f"(?:(?:{'|'.join(forms)}){fraction}|(?:{'|'.join(exact)})(?:{point}{z}+)?)"


#: An amount as check reads it (after the full-width forms are made ASCII): the number, then the unit.
_AMOUNT_RE = f"{_SPACE}*({_number(_ASCII)}){_SPACE}*(万亿|万|亿)?{_SPACE}*元?{_SPACE}*"
_LOOSE_RE = r"^[0-9,]+(?:\.[0-9]+)?\s*(?:万亿|万|亿)?\s*元?$"  # commas anywhere: to explain the refusal
_FULL_WIDTH = {**{0xFF10 + i: str(i) for i in range(10)}, 0xFF0C: ",", 0xFF0E: "."}
AMOUNT_FORMS = 'an amount such as 5000000, "500万", "1.2亿" or "3000万元"'
# Rates and shares: at most 15 digits a side, never an exponent (see parse_fraction).
_PERCENT_RE = r"^([0-9]{1,15}(?:\.[0-9]{1,15})?)\s*[%％]$"
_FRACTION_RE = r"^([0-9]{1,15})\s*/\s*([0-9]{1,15})$"
_DECIMAL_RE = r"^[0-9]{1,15}(?:\.[0-9]{1,15})?$"
_FRACTION_LIMIT = 10**15


_SCALE = {"万亿": WAN * YI, "万": WAN, "亿": YI}


def _plain(text: str) -> Decimal | None:
    """The common forms of :data:`_AMOUNT_RE` without a space or a comma (ASCII digits, an optional decimal
    part, 万亿 / 万 / 亿, 元) read without compiling that pattern (~1 ms a start, issue 23); None for any
    other text, which the pattern then reads (or refuses) exactly as before."""
    number = text[:-1] if text[-1:] == "元" else text
    unit = "万亿" if number[-2:] == "万亿" else number[-1:]
    if unit in _SCALE:
        number = number[: -len(unit)]
    if not number.isascii():
        return None
    whole, point, part = number.partition(".")
    if not (whole.isdigit() and (not point or part.isdigit())):
        return None
    return Decimal(number) * _SCALE[unit] if unit in _SCALE else Decimal(number)


class AmountError(ValueError):
    """A value that is not an amount of money; the message says what was expected."""


def parse_amount(value: object) -> Decimal:
    """Parse an amount in yuan: a number, or a string such as ``"3000万"``, ``"1.2亿"``, ``"3000万元"``,
    ``"5,000,000"``. Raises :class:`AmountError` for anything else (bool, NaN, inf, negative…)."""
    if isinstance(value, bool):
        raise AmountError(f"expected an amount in yuan, got {value!r}")
    if isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise AmountError(f"expected a finite amount in yuan, got {value!r}")
        d = Decimal(repr(value))
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise AmountError(f"expected a finite amount in yuan, got {value}")
        d = value
    elif isinstance(value, str):
        text = value.translate(_FULL_WIDTH)
        plain = _plain(text)
        if plain is not None:  # "1500万", "1.2亿元", "5000000": what company files hold, without the pattern
            d = plain
        elif not (m := re.fullmatch(_AMOUNT_RE, text)):
            text = text.strip()
            if re.match(_LOOSE_RE, text) and "," in text:
                raise AmountError(
                    f"{value!r}: a comma may only separate groups of three digits, as in 1,234,567.89"
                    + _comma_hint(text)
                    + f"; expected {AMOUNT_FORMS}"
                )
            raise AmountError(f"expected {AMOUNT_FORMS}, got {value!r}")
        else:
            try:
                d = Decimal(m.group(1).replace(",", ""))
            except InvalidOperation:  # pragma: no cover - the regex admits only digits
                raise AmountError(f"expected an amount, got {value!r}") from None
            if m.group(2):
                d *= _SCALE[m.group(2)]
    else:
        raise AmountError(f'expected an amount in yuan (number or string like "500万"), got {type(value).__name__}')
    if d < 0:
        raise AmountError(f"expected an amount of zero or more, got {value!r}")
    if d > MAX_AMOUNT:
        raise AmountError(f"{value!r} is above the limit of 1万亿 yuan; is the unit right?")
    return d


def amount_pattern(zero_ok: bool) -> str:
    """The text amounts :func:`parse_amount` accepts, as one regular expression that a JSON Schema validator
    (ECMA-262 or Python) runs unchanged: the same grammar, full-width forms included, at most 1万亿 yuan, and
    zero only when ``zero_ok``. (``$(?!\\n)``: Python's ``$`` also matches before a final newline.)"""
    s = _SPACE
    by_unit = "|".join(
        f"{_at_most(_WIDE, 12 - power)}{s}*{unit}" for unit, power in sorted(_UNITS.items(), key=lambda u: -len(u[0]))
    )
    amount = f"(?:{by_unit}|{_at_most(_WIDE, 12)})"
    zero = (
        ""
        if zero_ok
        else f"(?!{s}*{_WIDE['zero']}+(?:{_WIDE['point']}{_WIDE['zero']}+)?{s}*(?:万亿|万|亿)?{s}*元?{s}*$)"
    )
    return f"^{zero}{s}*{amount}{s}*元?{s}*$(?!\\n)"


def _comma_hint(text: str) -> str:
    """``"0,5亿"`` → ``" (for a decimal, write 0.5亿)"``: a single comma followed by fewer than three digits
    is most likely a decimal comma."""
    m = re.fullmatch(r"([0-9]+),([0-9]{1,2})(\s*(?:万亿|万|亿)?\s*元?)", text)
    return f" (for a decimal, write {m.group(1)}.{m.group(2)}{m.group(3)})" if m else ""


def parse_fraction(value: object) -> Fraction:
    """Parse a rate or share: ``"10%"``, ``"1/2"``, ``"0.8"``, ``0.8``, ``1``. Raises ``ValueError``.

    Only plain decimals of at most 15 digits a side: no exponents (``1e-9999999`` would take minutes of
    arithmetic), no ``_`` separators, nothing of absurd magnitude."""
    if isinstance(value, bool):
        raise ValueError(f'expected a rate such as "10%" or "1/2", got {value!r}')
    if isinstance(value, int):
        if abs(value) >= _FRACTION_LIMIT:
            raise ValueError(f'expected a rate such as "10%" or "1/2", got a number of {len(str(abs(value)))} digits')
        return Fraction(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError(f"expected a finite rate, got {value!r}")
        value = repr(value)
    if isinstance(value, str):
        text = value.strip()
        m = re.match(_PERCENT_RE, text)
        if m:
            return Fraction(m.group(1)) / 100
        m = re.match(_FRACTION_RE, text)
        if m:
            if int(m.group(2)) == 0:
                raise ValueError(f"division by zero in {value!r}")
            return Fraction(int(m.group(1)), int(m.group(2)))
        if re.match(_DECIMAL_RE, text):
            return Fraction(text)
        shown = repr(value) if len(value) <= 40 else repr(value[:37]) + "…"
        raise ValueError(f'expected a rate such as "10%", "1/2" or 0.8 (at most 15 digits, no exponent), got {shown}')
    raise ValueError(f'expected a rate such as "10%", "1/2" or 0.8, got {type(value).__name__}')


def times(amount: Decimal, rate: Fraction) -> Decimal:
    """``amount × rate`` exactly when the rate is a decimal fraction; otherwise to 28 significant digits
    (the result is rounded to the fen once, later)."""
    return amount * rate.numerator / rate.denominator


def to_fen(amount: Decimal) -> Decimal:
    """Round to the fen, half up — the one rounding step of every award."""
    return amount.quantize(FEN, rounding=ROUND_HALF_UP)


def split(amount: Decimal, shares: list[Fraction]) -> list[Decimal]:
    """Split ``amount`` (already in fen) by ``shares`` (summing to 1) so the parts add up exactly:
    each part is floored to the fen, and the fen left over go to the largest remainders (ties: first)."""
    total_fen = int((amount / FEN).to_integral_value())
    exact = [Fraction(total_fen) * s for s in shares]
    parts = [math.floor(x) for x in exact]
    left = total_fen - sum(parts)
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:left]:
        parts[i] += 1
    return [Decimal(p) * FEN for p in parts]


def fmt_yuan(amount: Decimal) -> str:
    """``1234567.8`` → ``"1,234,567.80"``."""
    return f"{to_fen(amount):,.2f}"


def _trim(text: str) -> str:
    """Drop trailing zeros after a decimal point: ``"80.00"`` → ``"80"``, ``"10"`` stays ``"10"``."""
    return text.rstrip("0").rstrip(".") if "." in text else text


def fmt_wan(amount: Decimal) -> str:
    """Yuan as 万元, exact to the fen (up to 6 decimals), trailing zeros dropped:
    ``800000`` → ``"80"``, ``12345.67`` → ``"1.234567"``, ``150000`` → ``"15"``."""
    return _trim(f"{to_fen(amount) / WAN:,.6f}")


def fmt_wan_2(amount: Decimal) -> str:
    """Yuan as 万元 for a table: a whole number of 万元 as it is, anything else rounded (half up) to two
    decimals: ``800000`` → ``"80"``, ``2952212.34`` → ``"295.22"``, ``125000`` → ``"12.50"``. Display only:
    the JSON, CSV and workbook cells keep the exact amount (``--exact`` shows every digit: :func:`fmt_wan`)."""
    wan = to_fen(amount) / WAN
    if wan == wan.to_integral_value():
        return f"{wan:,.0f}"
    return f"{wan.quantize(FEN, rounding=ROUND_HALF_UP):,.2f}"


def fmt_money_cn(amount: Decimal) -> str:
    """An amount as the documents write it: ``5000000`` → ``"500万元"``, ``12345.6`` → ``"12,345.60元"``."""
    amount = to_fen(amount)
    if amount >= WAN and (amount % WAN) == 0:
        return _trim(f"{amount / WAN:,f}") + "万元"
    return f"{amount:,.2f}元"


def fmt_rate(rate: Fraction) -> str:
    """``Fraction(1, 10)`` → ``"10%"``, ``Fraction(1, 3)`` → ``"1/3"``."""
    pct = rate * 100
    if pct.denominator in (1, 2, 4, 5, 8, 10, 20, 25, 50, 100):
        return _trim(f"{Decimal(pct.numerator) / Decimal(pct.denominator):f}") + "%"
    return f"{rate.numerator}/{rate.denominator}"


def json_number(amount: Decimal | None) -> int | float | None:
    """A fen-exact amount (every amount the engine produces is rounded to the fen) as a JSON number: an
    int when whole, else a float whose repr is the exact two-decimal text (true below 1万亿)."""
    if amount is None:
        return None
    if not amount:  # most totals of a report: no int() needed
        return 0
    whole = int(amount)
    return whole if whole == amount else float(amount)
