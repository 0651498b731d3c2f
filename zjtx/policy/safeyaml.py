"""Policy YAML, parsed as hostile input. Pure: text in, plain values out (``zjtx.policy.files`` reads files).

libyaml's parser (the C one when PyYAML has it, else PyYAML's own) turns the text into a stream of events
without recursion; this module builds the values from those events itself, in a loop, so that:

- nesting deeper than :data:`MAX_DEPTH` is refused before any YAML library sees the text
  (:func:`bound_depth`): libyaml's scanner reads up to 1,024 characters ahead and, from PyYAML 6.0.4, stops at
  its own limit of 1,000 levels with a message of its own; the event that goes too deep is refused again
  while the values are built, and the C composer (which recurses in C and overflows its stack past ~30,000
  levels) is never used;
- aliases (``*name``) are refused: a policy document never needs them, and they are how a few hundred
  bytes expand to gigabytes;
- a key given twice in one mapping (block or flow) is an error, never "the last one wins";
- explicit tags (``!!binary``, ``!!set``, ``!!python/…``) are refused; only one document per file;
- plain scalars are read by YAML 1.2 rules, not 1.1: ``true``/``false`` (not ``yes``/``on``), ``null``/``~``,
  ``YYYY-MM-DD`` dates; anything that looks like a number in either version (``500000``, ``010``, ``1:20``,
  ``0x10``, ``1e3``, ``.5``) stays its text as a :class:`Number`, so the amount and rate grammars of
  ``zjtx.money`` accept or refuse the text itself — ``010`` is never octal 8, ``1:20`` never 80.

:func:`load` also returns where each value was written (:class:`Lines`), so a problem is put on its line
without searching the text again.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from yaml.events import ScalarEvent

#: Deeper than any policy document needs (they use 5 levels) and far below what any stack minds.
MAX_DEPTH = 32
#: Values (scalars, mappings, lists) in one document: the five bundled ones hold about 2,400 together.
MAX_VALUES = 100_000

_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Everything YAML 1.1 or 1.2 reads as a number (the whole scalar): 12, -1, +1, 010, 0o17, 0x1f, 0b101,
# 1_000, 1:20, 1.5, 1., .5, 1e3, 1.5e-3, .inf, -.inf, .NaN. "5G工厂" or "002_a.txt" are text.
_NUMBER = re.compile(
    r"[-+]?(?:0b[01_]+|0o?[0-7_]+|0x[0-9a-fA-F_]+|[0-9][0-9_]*(?::[0-5]?[0-9])*(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?"
    r"|\.[0-9][0-9_]*(?:[eE][-+]?[0-9]+)?|\.(?:inf|Inf|INF))|\.(?:nan|NaN|NAN)"
)
_NUMERIC_START = frozenset("0123456789+-.")
_STR_TAGS = frozenset(("!", "tag:yaml.org,2002:str"))


def _tag(tag: str) -> str:
    """``tag:yaml.org,2002:binary`` as written (``!!binary``), cut short."""
    shown = "!!" + tag[len("tag:yaml.org,2002:") :] if tag.startswith("tag:yaml.org,2002:") else tag
    return shown if len(shown) <= 40 else shown[:40] + "…"


class Number(str):
    """A plain scalar that YAML would read as a number, kept as the text written (``"010"``, ``"1e3"``)."""

    __slots__ = ()


class LoadError(ValueError):
    """The text is not a policy document we accept; ``line`` is 1-based."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


class Lines:
    """Where each value of a loaded document was written: the line of every mapping key and sequence item."""

    def __init__(self) -> None:
        self._at: dict[tuple[int, object], int] = {}

    def line(self, root: object, path: tuple[object, ...]) -> int | None:
        """The line of the deepest part of ``path`` (keys and indexes from ``root``) that exists."""
        at = self._at.get((id(root), None))
        node = root
        for step in path:
            if isinstance(node, dict) and isinstance(step, str) and step in node:
                child: object = node[step]
            elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
                child = node[step]
            else:
                break
            at = self._at.get((id(node), step), at)
            node = child
        return at


def plain(text: str) -> object:
    """What an unquoted scalar reads as here: None, a bool, a date, a :class:`Number` or the text itself.
    (A writer that wants ``text`` back quotes it unless ``plain(text)`` is exactly that str.)"""
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    if text[0] not in _NUMERIC_START:  # most text: no pattern to try
        return text
    if _DATE.fullmatch(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text  # 2024-13-01: the date check says what is wrong with it
    if _NUMBER.fullmatch(text):
        return Number(text)
    return text


def _scalar(event: ScalarEvent, line: int) -> object:
    """The value of a scalar event; ``line`` (1-based) is where it starts."""
    tag = event.tag
    if tag is not None and tag not in _STR_TAGS:
        raise LoadError(line, f"the YAML tag {_tag(tag)} is not allowed; policy documents use plain values")
    if tag is not None or event.style:  # quoted, block text or !!str: always text ("" or None: plain)
        return event.value
    return plain(event.value)


_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # YAML's line breaks, so lines count as libyaml's marks do
_TOO_DEEP = f"nested more than {MAX_DEPTH} levels deep; a policy document needs about 5"
# A line of block structure: its indentation, then "- " items and a "key:" (the key plain or quoted).
_BLOCK_LINE = re.compile(
    r"( *)((?:-(?: +|$))*)(?:(?:[^\s#'\"\[\]{}|>!&*%@`-][^#]*?|\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*+')[ \t]*:(?:[ \t]|$))?"
)
_FLOW_SIGNIFICANT = re.compile(r"[\[\]{}\"'#,:]")
# The rest of a quoted scalar, to its closing quote ('' and \" are quotes inside it; possessive, so that a
# doubled quote is never split to close it early).
_DOUBLE_QUOTED_END = re.compile(r'(?:[^"\\]|\\.)*+"')
_SINGLE_QUOTED_END = re.compile(r"(?:[^']|'')*+'")
_BLOCK_SCALAR = re.compile(r"[|>][-+0-9]*[ \t]*(?:#.*)?$")


def bound_depth(text: str) -> None:
    """Refuse ``text`` nested deeper than :data:`MAX_DEPTH`, before a YAML library sees it.

    A quick count, line by line: the block collections open at a line (its indentation against the lines
    above, and the ``- `` items and ``key:`` written on it) plus the flow collections (``[`` ``{``) open at
    each character outside quotes and comments. It never counts more than the levels the text has (a
    level it misses is refused while the values are built, far below any library's own limit)."""
    block: list[int] = []  # columns of the open block collections
    flow = 0  # open [ and {
    quote = ""  # a quoted scalar running on to the next line: its quote character
    plain = False  # in flow: inside a plain scalar, where a quote is text (it may run on over lines)
    scalar_over = -2  # in a block scalar (| or >) or a plain one over lines: its lines are indented more than this
    for number, line in enumerate(_BREAK.split(text), 1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if scalar_over > -2:
            if not stripped.strip() or indent > scalar_over:
                continue
            scalar_over = -2
        at = 0
        if not quote and not flow:
            plain = False
            if not stripped or stripped[0] == "#" or (indent == 0 and stripped[0] == "%"):
                continue
            if indent == 0 and stripped[:3] in ("---", "...") and stripped[3:4] in ("", " ", "\t"):
                block.clear()
                at = 3
            else:
                while block and block[-1] > indent:
                    block.pop()
                match = _BLOCK_LINE.match(line)  # never None: every part of the pattern may be empty
                dashes = match.group(2) if match else ""
                column = indent
                for item in re.finditer(r"-(?: +|$)", dashes):  # each "- " opens a sequence at its column
                    if not block or block[-1] < column:
                        block.append(column)
                    column = indent + item.end()
                key = match is not None and match.end() > indent + len(dashes)  # a "key:" opens a mapping
                if key and (not block or block[-1] < column):
                    block.append(column)
                if len(block) > MAX_DEPTH:
                    raise LoadError(number, _TOO_DEEP)
                at = match.end() if match else indent
                rest = line[at:].lstrip(" \t")
                if rest[:1] not in ("[", "{", '"', "'", "|", ">"):
                    if rest and rest[0] != "#":  # a plain value: the lines indented under it continue it
                        scalar_over = block[-1] if block else -1
                    continue  # no collection can open in a plain value
                at = len(line) - len(rest)
                if rest[0] in "|>" and _BLOCK_SCALAR.match(rest):
                    scalar_over = block[-1] if block else -1
                    continue
        while at < len(line):
            if quote:  # find where the quoted scalar ends
                end = (_DOUBLE_QUOTED_END if quote == '"' else _SINGLE_QUOTED_END).match(line, at)
                if end is None:
                    break  # it runs on to the next line
                quote, at, plain = "", end.end(), False
                if not flow:
                    break  # the rest of a block line after a quoted value holds no collection
                continue
            found = _FLOW_SIGNIFICANT.search(line, at)
            if found is None:
                plain = plain or bool(line[at:].strip())
                break
            char, start = found.group(), found.start()
            plain = plain or bool(line[at:start].strip())  # text before it: a plain scalar (over lines, too)
            previous = line[start - 1] if start else " "
            at = start + 1
            if char in "[{":
                flow, plain = flow + 1, False
                if len(block) + flow > MAX_DEPTH:
                    raise LoadError(number, _TOO_DEEP)
            elif char in "]}":
                flow, plain = max(flow - 1, 0), False
                if not flow:
                    break  # back in a block line: the rest is a plain value or a comment
            elif char == ",":
                plain = False
            elif char == ":":  # a value starts after ": " (or a flow indicator); else it is in the text
                plain = line[at : at + 1] not in ("", " ", "\t", ",", "[", "]", "{", "}")
            elif char == "#":
                if previous in " \t":
                    break  # a comment to the end of the line
                plain = True
            elif not plain:  # a quote where a value starts
                quote = char


def load(text: str) -> tuple[object, Lines]:
    """Parse one YAML document; raises :class:`LoadError` (our limits) or ``yaml.YAMLError`` (syntax)."""
    bound_depth(text)
    import yaml  # imported here: only the data path needs it
    from yaml import events

    parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # its parser only: we build the values
    scalar, map_start, seq_start = events.ScalarEvent, events.MappingStartEvent, events.SequenceStartEvent
    ends = (events.MappingEndEvent, events.SequenceEndEvent)
    lines = Lines()
    at = lines._at
    stack: list[list] = []  # [container, pending key] (the key is None for sequences and between pairs)
    root: object = None
    documents = 0
    values = 0
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            line = event.start_mark.line + 1
            if kind is scalar:
                value = _scalar(event, line)
            elif kind is map_start or kind is seq_start:
                if event.tag is not None:
                    raise LoadError(
                        line,
                        f"the YAML tag {_tag(event.tag)} is not allowed; policy documents use plain mappings and lists",
                    )
                if len(stack) >= MAX_DEPTH:
                    raise LoadError(line, f"nested more than {MAX_DEPTH} levels deep; a policy document needs about 5")
                value = {} if kind is map_start else []
                at[(id(value), None)] = line
            elif kind in ends:
                stack.pop()
                continue
            elif kind is events.AliasEvent:
                raise LoadError(line, f"alias *{event.anchor} is not allowed; write the value out in full")
            elif kind is events.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise LoadError(line, "a second document (---) in the file; write one policy document per file")
                continue
            elif kind is events.StreamEndEvent:
                return root, lines
            else:  # stream start, document end
                continue
            values += 1
            if values > MAX_VALUES:
                raise LoadError(
                    line, f"more than {MAX_VALUES:,} values in one document; a policy document has a few hundred"
                )
            if not stack:
                root = value
            else:
                top = stack[-1]
                container = top[0]
                if type(container) is list:
                    at[(id(container), len(container))] = line
                    container.append(value)
                elif top[1] is None:  # a key
                    if kind is not scalar:
                        raise LoadError(line, "a key must be plain text, not a mapping or a list")
                    key = event.value
                    if key in container:
                        raise LoadError(
                            line,
                            f'the key "{key[:60]}" appears twice in this mapping (first on line '
                            f"{at[(id(container), key)]}); give each key once",
                        )
                    at[(id(container), key)] = line
                    container[key] = None
                    top[1] = key
                    continue
                else:
                    container[top[1]] = value
                    top[1] = None
            if kind is not scalar:
                stack.append([value, None])
    finally:
        parser.dispose()
