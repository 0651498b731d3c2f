"""Reports as JSON text: the document alone (indented), a batch's JSON Lines and a batch's JSON array, each
from the dicts of :mod:`zjtx.awards.report`.

A batch encodes the parts of a report that are the same for every company of a city (the city, its
documents, its other measures) once, not once per company (issue 23): such a value is a :class:`Raw` (its
compact JSON) or :class:`Items` (each item's compact JSON), kept while the objects it was built from
are, and spliced into the company's text — the same bytes as encoding the whole dict.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

#: Compact JSON, as ``json.dumps(obj, ensure_ascii=False, separators=(",", ":"), check_circular=False)``.
compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode


class Raw(str):
    """A value already encoded as compact JSON."""


class Items(tuple[str, ...]):
    """A list already encoded: the compact JSON of each item."""


#: (kind, ids of the objects) -> (the objects, their encoding): the objects are kept so that an id is never
#: reused by another object while its entry is here.
_ENCODED: dict[tuple[Any, ...], tuple[tuple[Any, ...], Raw | Items]] = {}
_MOST = 512


def once(kind: str, objects: tuple[Any, ...], build: Callable[[], Any]) -> Raw:
    """``build()`` encoded, once for the same ``objects`` (by identity)."""
    return _cached(kind, objects, lambda: Raw(compact(build())))


def once_items(kind: str, objects: tuple[Any, ...], build: Callable[[], list[Any]]) -> Items:
    """The items of the list ``build()`` encoded, once for the same ``objects`` (by identity)."""
    return _cached(kind, objects, lambda: Items(map(compact, build())))


E = TypeVar("E", Raw, Items)


def _cached(kind: str, objects: tuple[Any, ...], encode: Callable[[], E]) -> E:
    key = (kind, *map(id, objects))
    hit = _ENCODED.get(key)
    if hit is not None and len(hit[0]) == len(objects) and all(a is b for a, b in zip(hit[0], objects, strict=True)):
        value = hit[1]
        assert isinstance(value, (Raw, Items))
        return value  # type: ignore[return-value]  # stored by the same kind of call
    if len(_ENCODED) >= _MOST:
        _ENCODED.clear()
    encoded = encode()
    _ENCODED[key] = (objects, encoded)
    return encoded


def _escaped(text: str) -> str:
    """U+2028 and U+2029 escaped: JSON allows them raw, but line-splitting readers (JSON Lines,
    JavaScript) do not."""
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return text


def dumps(obj: object, pretty: bool = True) -> str:
    """Reports are trees (shared parts, never cycles): no circular-reference check needed. A dict may hold
    :class:`Raw` and :class:`Items` values when not ``pretty``."""
    if pretty:
        return _escaped(json.dumps(obj, ensure_ascii=False, indent=2, check_circular=False))
    if isinstance(obj, dict):
        parts = []
        for key, value in obj.items():
            if isinstance(value, Raw):
                parts.append(f"{compact(key)}:{value}")
            elif isinstance(value, Items):
                parts.append(f"{compact(key)}:[{','.join(value)}]")
            else:
                parts.append(f"{compact(key)}:{compact(value)}")
        return _escaped("{" + ",".join(parts) + "}")
    return _escaped(compact(obj))


def dumps_lines(doc: dict) -> str:
    """One document of a batch's JSON array, fast and still readable: one key per line, one item of a list
    per line, each value compact. It stays in json's C encoder (``indent=2`` falls back to the pure-Python
    one, about three times slower); U+2028/U+2029 escaped as by :func:`dumps`."""
    parts = []
    for key, value in doc.items():
        if isinstance(value, Raw):
            parts.append(f"{compact(key)}: {value}")
        elif isinstance(value, (list, Items)) and value:
            encoded = value if isinstance(value, Items) else map(compact, value)
            parts.append(f"{compact(key)}: [\n    " + ",\n    ".join(encoded) + "\n  ]")
        else:
            parts.append(f"{compact(key)}: {compact([] if isinstance(value, Items) else value)}")
    return _escaped("{\n  " + ",\n  ".join(parts) + "\n}")
