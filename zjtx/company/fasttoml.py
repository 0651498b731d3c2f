"""A fast path for the small subset of TOML that company files use, for batches of thousands of files.

It handles one-line ``key = value`` pairs with bare keys, ``[table]`` and ``[[array]]`` headers with
bare names, comments, basic strings without escapes, literal strings, decimal integers and floats,
booleans, dates, and one-line arrays of those. For *anything* else — escapes, multi-line values,
dotted keys, inline tables, date-times, exponents, a repeated key or table, or any syntax error — it
returns ``None`` and the caller uses :mod:`tomllib`, so errors keep tomllib's line and column.

Whenever it returns a value, that value equals ``tomllib.loads(text)`` (a differential property test in
tests/test_properties.py holds it to that). Each line is classified by one compiled regular expression.
"""

from __future__ import annotations

import datetime as dt
import re

_CTRL = "\\x00-\\x08\\x0a-\\x1f\\x7f"
_STR = f'"[^"\\\\{_CTRL}]*"'
_LIT = f"'[^'{_CTRL}]*'"
_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_FLOAT = r"-?(?:0|[1-9][0-9]*)\.[0-9]+"
_INT = r"-?(?:0|[1-9][0-9]*)"
_SCALAR = f"(?:{_STR}|{_LIT}|{_DATE}|{_FLOAT}|{_INT}|true|false)"
_COMMENT = f"(?:#[^{_CTRL}]*)?"
_WS = "[ \\t]*"

#: An array's text between its brackets: strings whole (they may hold ``]`` or ``#``), any other character but
#: a quote, a bracket, ``#`` or a control one. Its items are then read by :func:`_items` (the array's grammar in
#: the pattern would have three copies of a scalar's: ~half of the compile that every start pays, issue 23).
_INSIDE = f"(?:{_STR}|{_LIT}|[^\"'\\]#{_CTRL}])*"
_LINE = re.compile(
    f"{_WS}(?:"
    f"(?P<key>[A-Za-z0-9_-]+){_WS}={_WS}(?:(?P<scalar>{_SCALAR})|\\[(?P<array>{_INSIDE})\\])"
    f"|\\[\\[{_WS}(?P<aot>[A-Za-z0-9_-]+){_WS}\\]\\]"
    f"|\\[{_WS}(?P<table>[A-Za-z0-9_-]+){_WS}\\]"
    f")?{_WS}{_COMMENT}"
)
_ITEM = re.compile(_SCALAR)


class _Decline(Exception):
    pass


def _convert(token: str) -> str | bool | dt.date | float | int:
    c = token[0]
    if c == '"' or c == "'":
        return token[1:-1]
    if c == "t":
        return True
    if c == "f":
        return False
    if len(token) == 10 and token[4] == "-" and token[7] == "-":  # the scalar pattern admits no other such token
        try:
            return dt.date.fromisoformat(token)
        except ValueError:
            raise _Decline from None
    if "." in token:
        return float(token)
    return int(token)


def _items(body: str) -> list:
    """The items of an array's text between its brackets: ``WS (scalar WS , WS)* (scalar WS ,? WS)?``, the
    grammar the line's pattern held before; anything else declines."""
    items = []
    at, end = _skip(body, 0), len(body)
    while at < end:
        m = _ITEM.match(body, at)
        if m is None:
            raise _Decline
        items.append(_convert(m.group()))
        at = _skip(body, m.end())
        if at < end:
            if body[at] != ",":
                raise _Decline
            at = _skip(body, at + 1)
    return items


def _skip(text: str, at: int) -> int:
    """The position after the spaces and tabs from ``at``."""
    while at < len(text) and text[at] in " \t":
        at += 1
    return at


def loads(text: str) -> dict | None:
    """``tomllib.loads(text)`` for the simple subset, or ``None``: then call tomllib."""
    try:
        return _loads(text)
    except _Decline:
        return None


def _loads(text: str) -> dict:
    root: dict = {}
    current = root
    arrays: set[str] = set()
    match = _LINE.fullmatch
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # a lone \r is left in its line, where the pattern refuses it
    for line in text.split("\n"):
        if not line:  # a blank line (the pattern takes it, and would say nothing)
            continue
        m = match(line)
        if m is None:
            raise _Decline
        key, scalar, body, name, table = m.groups()
        if key is not None:
            if key in current:
                raise _Decline
            if scalar is not None:
                current[key] = _convert(scalar)
            else:
                current[key] = _items(body)
            continue
        if name is not None:
            if name in root:
                if name not in arrays:
                    raise _Decline
            else:
                root[name] = []
                arrays.add(name)
            current = {}
            root[name].append(current)
            continue
        if table is not None:
            if table in root:
                raise _Decline
            current = root[table] = {}
    return root
