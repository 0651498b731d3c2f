"""The field checks of policy-document validation: the problem collector (``Checker``: every problem with
its entry and field path, the first ``MAX_PROBLEMS`` of a file kept) and one function per kind of field
(text, id, date, amount, payer shares, level, title id). Pure. The document and measure checks that use
them are in ``zjtx.policy.check``.

Each field function type-checks its value before using it and reports a message, never raises: a list
where a name is expected is a problem, not a TypeError.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import TypeAlias, TypeGuard

from zjtx import money, vocab
from zjtx.errors import Problem
from zjtx.policy.model import Funding, Trigger
from zjtx.policy.safeyaml import Number

#: Problems kept per file (the rest are counted): a document of 1 MiB cannot make a million messages.
MAX_PROBLEMS = 1000
#: Ids are stable names for scripts: letters (Chinese too), digits, ".", "-", "_".
ID_PATTERN = re.compile(r"[\w.\-]{1,100}")
STEP_PATTERN = re.compile(r"([^.\[\]]+)|\[([0-9]+)\]")

#: Where a value is in a document: its keys and list indexes from the root (``("measures", 3, "rule")``).
Steps: TypeAlias = tuple[str | int, ...]
#: ``line_of(root, path)``: the line a value was written on (:meth:`zjtx.policy.safeyaml.Lines.line`).
LineOf: TypeAlias = Callable[[object, tuple[object, ...]], int | None]
#: One problem as found: (entry, field, message, the path of the entry).
Found: TypeAlias = tuple[str, str, str, Steps]


def show(value: object) -> str:
    """A value as it appears in a message: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def shape(value: object) -> str:
    """What a file holds when it is not a mapping, without its content (a file that is not a policy
    document — ``/etc/passwd`` reads as YAML text — is never echoed)."""
    if value is None:
        return "an empty document"
    if isinstance(value, str):
        return f"plain text of {len(value)} characters (not shown); is this a policy file?"
    if isinstance(value, list):
        return f"a list of {len(value)} items"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    return f"a {type(value).__name__}"


def path_steps(field: str) -> Steps:
    """``"trigger.requires[0].title"`` → ``("trigger", "requires", 0, "title")``."""
    return tuple(key if key else int(index) for key, index in STEP_PATTERN.findall(field))


class Kept(list[Found]):
    """The first MAX_PROBLEMS problems of a file; ``len()`` counts every one found, so a check may compare
    ``len(c.problems)`` before and after to see whether it added one."""

    def __init__(self) -> None:
        super().__init__()
        self.found = 0

    def append(self, item: Found) -> None:
        self.found += 1
        if self.found <= MAX_PROBLEMS:
            super().append(item)

    def __len__(self) -> int:
        return self.found

    def kept(self) -> int:
        return super().__len__()


class Checker:
    """Collects problems; each remembers where in the document it is (``at`` + its field), so the first few
    are put on their line at the end, in one pass."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: Kept = Kept()  # (entry, field, message, at)
        self.at: Steps = ()  # the path of the entry being checked (``("measures", 3)``)

    @property
    def count(self) -> int:
        """Every problem found so far (compare it to see whether a check added one)."""
        return len(self.problems)

    def add(self, entry: str, field: str, message: str) -> None:
        self.problems.append((entry, field, message, self.at))

    def keys(self, table: Iterable[object], known: tuple[str, ...], entry: str, prefix: str) -> None:
        """A problem for every key of ``table`` (a mapping) that is not one of ``known``."""
        for key in table:
            if key not in known:
                key = str(key)
                shown = key if len(key) <= 60 else key[:57] + "…"
                self.add(
                    entry, f"{prefix}{shown}", f"unknown key{vocab.did_you_mean(key, known)}; known: {', '.join(known)}"
                )

    def result(self, root: object, line_of: LineOf | None, located: int) -> list[Problem]:
        out = []
        for k, (entry, field, message, at) in enumerate(self.problems):
            line = line_of(root, at + path_steps(field)) if line_of is not None and k < located else None
            out.append(
                Problem(f"{self.file}:{line}" if line else self.file, f"{entry}: {field}" if field else entry, message)
            )
        if self.count > self.problems.kept():
            out.append(
                Problem(
                    self.file,
                    "",
                    f"{self.count - self.problems.kept()} more problems in this file, not listed; fix the ones above first",
                )
            )
        return out


def unreported(entry: str, field: str) -> RuntimeError:
    """To raise when a check gave no value yet reported no problem: a bug in zjtx (exit 3), never a document
    read with a field missing."""
    return RuntimeError(f"{entry}: {field}: no value, and no problem reported")


def is_text(value: object) -> TypeGuard[str]:
    """Text as written in quotes or plain, not a :class:`Number` (which is a ``str`` too)."""
    return isinstance(value, str) and not isinstance(value, Number)


def field_text(value: object, entry: str, field: str, c: Checker, required: bool = True) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            c.add(entry, field, "missing; every entry needs it")
        return None
    if isinstance(value, Number):
        c.add(
            entry, field, f'expected text, got the number {value[:40]}; put it in quotes ("{value[:40]}") if it is text'
        )
        return None
    if not isinstance(value, str):
        c.add(entry, field, f"expected text, got {kind_of(value)}")
        return None
    return value.strip()


def kind_of(value: object) -> str:
    return {dict: "a mapping", list: "a list", bool: f"{value}".lower(), dt.date: f"the date {value}"}.get(
        type(value), type(value).__name__
    )


def field_ident(value: object, entry: str, c: Checker, what: str) -> str | None:
    if value is None or value == "":
        c.add(entry, "id", f"missing; every {what} needs a stable id")
        return None
    text = field_text(value, entry, "id", c)
    if text is not None and not ID_PATTERN.fullmatch(text):
        c.add(
            entry,
            "id",
            f"expected an id of letters, digits, '.', '-' and '_' (at most 100, no spaces), such as "
            f"weifang.little_giant; got {show(text)}",
        )
        return None
    return text


def field_date(value: object, entry: str, field: str, c: Checker, nullable: bool = True) -> dt.date | None:
    if value is None:
        if not nullable:
            c.add(entry, field, "missing; expected a date such as 2023-06-16")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) <= 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    c.add(entry, field, f"expected a date such as 2023-06-16 or null, got {show(value)}")
    return None


def field_funding(value: object, entry: str, field: str, c: Checker) -> Funding | None:
    """A payer or a mapping of shares; ``None`` (with a problem) when it is not one."""
    if is_text(value):
        if value in vocab.PAYER_LEVELS:
            return Funding(((value, Fraction(1)),))
        c.add(
            entry,
            field,
            f"expected one of {', '.join(vocab.PAYER_LEVELS)} or a mapping of shares, got {show(value)}"
            + vocab.did_you_mean(value, vocab.PAYER_LEVELS),
        )
        return None
    if not isinstance(value, dict) or not value:
        got = "null (write unspecified when the document names no payer)" if value is None else show(value)
        c.add(
            entry,
            field,
            f"expected a payer (municipal …) or a mapping such as {{provincial: 8/10, municipal: 2/10}}, got {got}",
        )
        return None
    shares = []
    for level, raw in value.items():
        if level not in vocab.PAYER_LEVELS:
            c.add(
                entry,
                f"{field}.{level}",
                f"unknown payer level; expected one of {', '.join(vocab.PAYER_LEVELS)}"
                + vocab.did_you_mean(str(level), vocab.PAYER_LEVELS),
            )
            return None
        try:
            share = money.parse_fraction(raw)
        except ValueError as e:
            c.add(entry, f"{field}.{level}", str(e))
            return None
        if share <= 0:
            c.add(entry, f"{field}.{level}", f"a share must be greater than 0, got {show(raw)}")
            return None
        shares.append((level, share))
    total = sum((s for _, s in shares), Fraction(0))
    if total != 1:
        c.add(entry, field, f"shares sum to {total} ({money.fmt_rate(total)}), not exactly 1")
        return None
    return Funding(tuple(shares))


def field_amount(value: object, entry: str, field: str, c: Checker) -> Decimal | None:
    if isinstance(value, str) and re.match(r"\s*0[0-9]", value):
        c.add(
            entry,
            field,
            f"{show(value)} has a leading zero (YAML 1.1 reads 010 as octal 8); write the amount without it",
        )
        return None
    try:
        return money.parse_amount(value)
    except money.AmountError as e:
        c.add(entry, field, str(e))
        return None


def _known(
    value: object, known: Collection[str], entry: str, field: str, c: Checker, what: str, tail: str
) -> str | None:
    """``value`` when it is one of ``known``; else a problem with the closest id and ``tail``."""
    if is_text(value) and value in known:
        return value
    hint = vocab.did_you_mean(value, known) if is_text(value) else ""
    c.add(entry, field, f"unknown {what} {show(value)}{hint}; {tail}")
    return None


def field_level(value: object, entry: str, field: str, c: Checker) -> str | None:
    return _known(value, vocab.LEVELS, entry, field, c, "level", f"expected one of {', '.join(vocab.LEVELS)}")


def field_title(value: object, entry: str, field: str, c: Checker) -> str | None:
    return _known(value, vocab.TITLES, entry, field, c, "title id", "`zjtx titles` lists them")


def mapping(value: object, entry: str, field: str, expected: str, c: Checker) -> TypeGuard[dict[object, object]]:
    """Whether ``value`` is a mapping; else "missing; expected …" (with what was given, when something was)."""
    if isinstance(value, dict):
        return True
    got = "" if value is None else f", got {show(value)}"
    c.add(entry, field, f"missing; expected {expected}{got}")
    return False


def as_list(value: object) -> list[object]:
    """A list, or a single value standing for a list of one."""
    return value if isinstance(value, list) else [value]


#: The trigger keys each kind of trigger takes (``TRIGGER_KEYS`` is all of them).


def field_departments(value: object, entry: str, c: Checker) -> tuple[str, ...]:
    """``departments``: the 责任单位 / 牵头单位 named after the measure's task, a list in the document's order."""
    if value is None:
        return ()
    if not isinstance(value, list):
        c.add(entry, "departments", f"expected a list of department names (责任单位), got {show(value)}")
        return ()
    out = []
    for k, item in enumerate(value):
        text = field_text(item, entry, f"departments[{k}]", c)
        if text is not None:
            out.append(text)
    return tuple(out)


def field_group(value: object, trigger: Trigger | None, entry: str, field: str, c: Checker) -> str | None:
    """``highest_per_year: GROUP``: of the measures of the document in GROUP, an event year pays the largest only."""
    if value is None:
        return None
    if not isinstance(value, str) or not is_text(value) or not ID_PATTERN.fullmatch(value):
        c.add(entry, field, f"expected a group id (letters, digits, '.', '-', '_'), got {show(value)}")
        return None
    if trigger is not None and trigger.kind != "title":
        c.add(entry, field, "goes with a title trigger (awards for events of one calendar year)")
        return None
    return value
