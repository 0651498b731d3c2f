"""Numbers as policy texts write them: amounts of money (元 / 万元 / 亿元, Arabic or Chinese numerals, 五十万元,
1.5亿元, 500,000元), rates (10%, 百分之十), ratios (1:1, 8:2) and dates (2026年3月15日, 二〇二三年六月十六日).
Pure. Every function reads the *normalised* text of :mod:`zjtx.policy.draft.text` (NFKC: full-width digits
and punctuation are ASCII, no whitespace), and returns spans into it, so that the caller can quote the
original words.

Vague amounts are never read as numbers: 数百万元, 上千万元, 近亿元, 100多万元, 10余万元 are no amount.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "两": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_CHARS = "".join(_CN_DIGIT) + "".join(_CN_UNIT)
_UNITS = {
    None: Decimal(1),
    "千": Decimal(1000),
    "万": Decimal(10000),
    "十万": Decimal(100000),
    "百万": Decimal(1000000),
    "千万": Decimal(10000000),
    "亿": Decimal(100000000),
    "万亿": Decimal(10) ** 12,
}
#: A number: Arabic (thousands separated by commas only in groups of three), or Chinese numerals.
#: Bounded (a hostile text of a million digits is no number, and never costs more than a glance) and never
#: started inside a longer number.
NUMBER = (
    rf"(?:(?<![0-9.,])(?:[0-9]{{1,3}}(?:,[0-9]{{3}}){{1,4}}(?:\.[0-9]{{1,6}})?|[0-9]{{1,13}}(?:\.[0-9]{{1,6}})?)"
    rf"(?![0-9])|(?<![{_CN_CHARS}])[{_CN_CHARS}]{{1,12}}(?:点[{''.join(_CN_DIGIT)}]{{1,6}})?)"
)
#: No award is 1万亿 yuan or more (zjtx.money refuses it).
_MAX = Decimal(10) ** 12
_UNIT = r"(万亿|千万|百万|十万|亿|万|千)?"
#: Words before a number that make it vague (数百万元, 上千万元, 近亿元, 逾百万元).
_VAGUE_BEFORE = "数几上近逾约"
_MONEY = re.compile(
    rf"(?P<lo>{NUMBER}){_UNIT.replace('(', '(?P<lo_unit>', 1)}(?:元)?(?:至|到|-|~|—|－)"
    rf"(?P<num2>{NUMBER}){_UNIT.replace('(', '(?P<unit2>', 1)}元"
    rf"|(?P<num>{NUMBER}){_UNIT.replace('(', '(?P<unit>', 1)}元"
)
_PERCENT = re.compile(rf"(?<![0-9.])(?P<num>[0-9]{{1,3}}(?:\.[0-9]{{1,6}})?)%|百分之(?P<cn>{NUMBER})")
_RATIO = re.compile(r"(?<![0-9.])([0-9]{1,3})[:∶]([0-9]{1,3})(?:[:∶]([0-9]{1,3}))?(?![0-9.])")
_DATE = re.compile(
    rf"(?P<y>[0-9]{{4}}|[{''.join(_CN_DIGIT)}]{{4}})年(?P<m>[0-9]{{1,2}}|[{_CN_CHARS}]{{1,3}})月"
    rf"(?P<d>[0-9]{{1,2}}|[{_CN_CHARS}]{{1,3}})日"
)


def chinese_int(text: str) -> int | None:
    """五十 → 50, 一百二十 → 120, 十 → 10, 两千 → 2000, 一千五百 → 1500, 二〇二三 → 2023; None when not a number."""
    if not text or any(c not in _CN_DIGIT and c not in _CN_UNIT for c in text):
        return None
    if all(c in _CN_DIGIT for c in text):  # 二〇二三: digit by digit (a year), or one digit
        return int("".join(str(_CN_DIGIT[c]) for c in text))
    total, digit, last_unit = 0, None, 10**9
    for c in text:
        if c in _CN_DIGIT:
            if digit is not None:  # two digits in a row inside a numeral with units: 一二十
                return None
            digit = _CN_DIGIT[c]
        else:
            unit = _CN_UNIT[c]
            if unit >= last_unit:  # 十百: out of order
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
    return total + (digit or 0)


def number(text: str) -> Decimal | None:
    """An Arabic or Chinese number as a Decimal (commas dropped; 一点五 → 1.5)."""
    if text and text[0].isdigit():
        return Decimal(text.replace(",", ""))
    whole, _, frac = text.partition("点")
    n = chinese_int(whole)
    if n is None:
        return None
    if frac:
        return Decimal(f"{n}.{''.join(str(_CN_DIGIT[c]) for c in frac)}")
    return Decimal(n)


@dataclass
class Money:
    """An amount of money in the text: its span, its value in yuan, and for a range (5万至10万元) its low end."""

    start: int
    end: int
    yuan: Decimal
    low: Decimal | None = None  # a range: the lower bound (yuan is the upper)


def _value(num: str, unit: str | None) -> Decimal | None:
    n = number(num)
    if n is None:
        return None
    return n * _UNITS[unit]


def money(text: str) -> list[Money]:
    """Every amount of money written in ``text`` (a number and 元 / 万元 / 亿元), in order; vague ones left out."""
    out = []
    for m in _MONEY.finditer(text):
        start = m.start()
        if start and text[start - 1] in _VAGUE_BEFORE:
            continue
        if m.group("num2") is not None:
            hi = _value(m.group("num2"), m.group("unit2"))
            lo = _value(m.group("lo"), m.group("lo_unit") or m.group("unit2"))
            if hi is None or lo is None or lo > hi or hi >= _MAX:
                continue
            out.append(Money(start, m.end(), hi, lo))
            continue
        num = m.group("num")
        value = _value(num, m.group("unit"))
        if value is None or value <= 0 or value >= _MAX:
            continue
        if not num[0].isdigit() and m.group("unit") is None and len(num) == 1 and num in "十百千":
            continue  # 千元 / 百元 alone: a unit, not an amount
        out.append(Money(start, m.end(), value))
    return out


@dataclass
class Rate:
    start: int
    end: int
    value: Fraction  # 10% → 1/10
    written: str  # as the rule writes it: "10%"


def rates(text: str) -> list[Rate]:
    """Every percentage in ``text``: 10%, 12.5%, 百分之十."""
    out = []
    for m in _PERCENT.finditer(text):
        if m.group("num") is not None:
            value = Fraction(m.group("num")) / 100
            written = f"{m.group('num')}%"
        else:
            n = number(m.group("cn"))
            if n is None:
                continue
            value = Fraction(n) / 100
            written = f"{n.normalize():f}%"
        if 0 < value <= 1:
            out.append(Rate(m.start(), m.end(), value, written))
    return out


def ratios(text: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """Every ratio such as 1:1 or 8:2 or 3:3:4: (start, end, parts)."""
    out = []
    for m in _RATIO.finditer(text):
        parts = tuple(int(g) for g in m.groups() if g is not None)
        if all(parts):
            out.append((m.start(), m.end(), parts))
    return out


def dates(text: str) -> list[tuple[int, int, dt.date]]:
    """Every full date (年月日) in ``text``: (start, end, date); impossible dates left out."""
    out = []
    for m in _DATE.finditer(text):
        read = [int(raw) if raw.isdigit() else chinese_int(raw) for raw in (m.group("y"), m.group("m"), m.group("d"))]
        parts = [n for n in read if n is not None]
        if len(parts) != 3:
            continue
        try:
            out.append((m.start(), m.end(), dt.date(parts[0], parts[1], parts[2])))
        except ValueError:
            continue
    return out


def wan(yuan: Decimal) -> str:
    """An amount as the policy YAML writes it: 500000 → "50万", 12345 → "1.2345万", 500 → "500"."""
    if yuan >= 10000:
        w = (yuan / 10000).normalize()
        return f"{w:f}万"
    return f"{yuan.normalize():f}"
