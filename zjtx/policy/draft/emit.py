"""Writing a draft as policy YAML that zjtx's own loader (``zjtx.policy.safeyaml``) reads back exactly. Pure.

Mappings at the top and the measures are written in block style, small mappings (trigger, rule, window,
shares, declarations) in flow style. A string is written plain only when ``safeyaml.plain`` reads it back
as that very string (not a number, date, bool or null) and nothing in it means something to YAML (an
indicator first, ``: `` or `` #`` inside, a flow character in a flow mapping, a control character, a
leading or trailing space); every other string is double-quoted with YAML escapes.
"""

from __future__ import annotations

import datetime as dt
import re

from zjtx.policy.safeyaml import plain

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW = frozenset(",[]{}")
_SPECIAL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text[0] in _INDICATORS or text[0].isspace() or text[-1].isspace():
        return False
    if _SPECIAL.search(text) or ": " in text or " #" in text or text.endswith(":") or "\t" in text:
        return False
    if flow and any(c in _FLOW or c == ":" for c in text):
        return False
    read = plain(text)
    return type(read) is str and read == text


def quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar."""
    out = ['"']
    for c in text:
        if c == "\\":
            out.append("\\\\")
        elif c == '"':
            out.append('\\"')
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif _SPECIAL.match(c) or not c.isprintable():
            code = ord(c)
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def scalar(value: object, flow: bool = False) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return text if _plain_ok(text, flow) else quoted(text)


def flow(value: object) -> str:
    """A small value in flow style: ``{a: 1, b: [x, y]}``."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k, True)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value, True)


def comment(text: str) -> str:
    """A ``#`` comment line (control characters and line breaks made spaces)."""
    return "# " + _SPECIAL.sub(" ", text.replace("\n", " "))


_FLOW_KEYS = frozenset(("window", "trigger", "rule", "funding", "variants"))


def _block(key: str, value: object, indent: str, lines: list[str]) -> None:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value) and key == "measures":
        lines.append(f"{indent}{key}:")
        for item in value:
            lines.append("")
            first = True
            for k, v in item.items():
                lead = f"{indent}  - " if first else f"{indent}    "
                first = False
                if isinstance(v, dict | list):
                    lines.append(f"{lead}{k}: {flow(v)}")
                else:
                    lines.append(f"{lead}{k}: {scalar(v)}")
        return
    if isinstance(value, list):
        if not value:
            lines.append(f"{indent}{key}: []")
            return
        lines.append(f"{indent}{key}:")
        for item in value:
            lines.append(f"{indent}  - {flow(item)}")
        return
    if isinstance(value, dict) and key not in _FLOW_KEYS:
        lines.append(f"{indent}{key}:")
        for k, v in value.items():
            _block(k, v, indent + "  ", lines)
        return
    if isinstance(value, dict):
        lines.append(f"{indent}{key}: {flow(value)}")
        return
    lines.append(f"{indent}{key}: {scalar(value)}")


def dump(document: dict, header: tuple[str, ...] | list[str] = ()) -> str:
    """The document (a dict of plain values, in key order) as YAML text, after ``header`` comment lines."""
    lines = [comment(h) for h in header]
    for key, value in document.items():
        _block(key, value, "", lines)
    return "\n".join(lines) + "\n"
