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


def _compact_encoder() -> Callable[[Any], str]:
    """Compact JSON, as ``json.dumps(obj, ensure_ascii=False, separators=(",", ":"), check_circular=False)``.

    ``JSONEncoder.encode`` builds json's C encoder anew at every call, which costs more than encoding a small
    dict; a batch encodes tens of thousands of them (issue 23). So the C encoder is built once, with the
    arguments ``encode`` gives it — and used only if it encodes a probe exactly as ``encode`` does (a Python
    without it, or one whose private signature differs, gets ``encode`` itself)."""
    plain = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)
    from json import encoder

    c_make_encoder: Any = getattr(encoder, "c_make_encoder", None)  # json's private name; None without C
    try:
        make = c_make_encoder(None, plain.default, encoder.encode_basestring, None, ":", ",", False, False, True)
    except TypeError:  # None (no C accelerator), or another signature
        return plain.encode
    string, join = encoder.encode_basestring, "".join

    def compact(obj: Any) -> str:
        return string(obj) if isinstance(obj, str) else join(make(obj, 0))

    probe = {"a": [1, 2.5, None, True, False, '中\u2028"\n'], "b": {"c": -0.0, "d": [], "e": {}}, "f": 10**20}
    try:
        same = compact(probe) == plain.encode(probe) and compact("x") == plain.encode("x")
    except Exception:
        same = False
    return compact if same else plain.encode


#: Compact JSON, as ``json.dumps(obj, ensure_ascii=False, separators=(",", ":"), check_circular=False)``.
compact = _compact_encoder()


class Raw(str):
    """A value already encoded as compact JSON."""


class Items(tuple[str, ...]):
    """A list already encoded: the compact JSON of each item."""


#: (kind, ids of the objects) -> (the objects, their encoding): the objects are kept so that an id is never
#: reused by another object while its entry is here.
_ENCODED: dict[tuple[Any, ...], tuple[tuple[Any, ...], Any]] = {}
_MOST = 512


def once(kind: str, objects: tuple[Any, ...], build: Callable[[], Any]) -> Raw:
    """``build()`` encoded, once for the same ``objects`` (by identity)."""
    return remembered(kind, objects, lambda: Raw(compact(build())))


def once_items(kind: str, objects: tuple[Any, ...], build: Callable[[], list[Any]]) -> Items:
    """The items of the list ``build()`` encoded, once for the same ``objects`` (by identity)."""
    return remembered(kind, objects, lambda: Items(map(compact, build())))


E = TypeVar("E")


def remembered(kind: str, objects: tuple[Any, ...], encode: Callable[[], E]) -> E:
    """``encode()``, once for the same ``objects`` (by identity); ``kind`` says what it is (each kind of value
    is made by one function, so a hit has the type that function returns)."""
    key = (kind, *map(id, objects))
    hit = _ENCODED.get(key)
    if hit is not None:  # the same objects: those of the entry are alive (it holds them), so no other has their ids
        value: E = hit[1]
        return value
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


#: A document's keys as compact JSON, with the colon: ``"awards":`` (a few dozen names, encoded once).
_KEYS: dict[str, str] = {}


def member_key(key: str) -> str:
    """``"awards":``: a key of a JSON object as compact JSON, with its colon (a report's keys: encoded once)."""
    found = _KEYS.get(key)
    return found if found is not None else _key(key)


def _key(key: str) -> str:
    text = compact(key) + ":"
    if len(_KEYS) < 256:  # a report's keys; any other dict's are encoded each time
        _KEYS[key] = text
    return text


def dumps(obj: object, pretty: bool = True) -> str:
    """Reports are trees (shared parts, never cycles): no circular-reference check needed. A dict may hold
    :class:`Raw` and :class:`Items` values when not ``pretty``."""
    if pretty:
        return _escaped(json.dumps(obj, ensure_ascii=False, indent=2, check_circular=False))
    if isinstance(obj, dict):
        parts = []
        for key, value in obj.items():
            name = _KEYS.get(key) or _key(key)
            if isinstance(value, Raw):
                parts.append(f"{name}{value}")
            elif isinstance(value, Items):
                parts.append(f"{name}[{','.join(value)}]")
            else:
                parts.append(f"{name}{compact(value)}")
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
