"""Generated policy documents, valid and broken (issue 14). Loading any of them through `zjtx data check`
either succeeds with every measure validated, or fails with exit 1 and one message per problem — never
exit 3, a signal or a hang (hypothesis' deadline bounds each document). A valid document round-trips:
dump it, load it, get the same catalog as validating it directly."""

from __future__ import annotations

import datetime as dt
import re
from fractions import Fraction

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjtx import vocab
from zjtx.policy import safeyaml
from zjtx.policy.check import parse_document
from zjtx.policy.files import read_document
from zjtx.record import Record

from conftest import run

SETTINGS = settings(
    max_examples=60, deadline=5000, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)

# Text as documents write it: Chinese, letters, digits, punctuation of both kinds, inner spaces.
words = st.text(
    st.sampled_from(list("专精特新小巨人企业奖励给予最高万元条款(一)《》〔〕、,。:abcXYZ019 -_.%/'\"#&*!|>")),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip())
dates = st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 31))
amounts = (
    st.integers(1, 10**12)
    | st.integers(1, 99_999).map(lambda w: f"{w}万")
    | st.decimals("0.01", "99999999", places=2).map(lambda d: f"{d}元")
)
rates = st.integers(1, 100).map(lambda p: f"{p}%") | st.fractions(
    Fraction(1, 1000), Fraction(1), max_denominator=1000
).map(lambda f: f"{f.numerator}/{f.denominator}")


@st.composite
def fundings(draw):
    if draw(st.booleans()):
        return draw(st.sampled_from(["provincial", "municipal", "county", "unspecified"]))
    levels = draw(st.lists(st.sampled_from(["provincial", "municipal", "county"]), min_size=1, max_size=3, unique=True))
    denominator = draw(st.integers(max(len(levels), 2), 20))
    cuts = sorted(
        draw(st.lists(st.integers(1, denominator - 1), min_size=len(levels) - 1, max_size=len(levels) - 1, unique=True))
    )
    parts = [b - a for a, b in zip([0, *cuts], [*cuts, denominator], strict=True)]
    return {lv: f"{p}/{denominator}" for lv, p in zip(levels, parts, strict=True)}


@st.composite
def triggers(draw):
    kind = draw(st.sampled_from(["title", "project", "general"]))
    if kind == "general":
        return {"general": True}, None
    if kind == "project":
        return {"project": (p := draw(st.sampled_from(sorted(vocab.PROJECT_TYPES))))}, p
    title = vocab.TITLES[draw(st.sampled_from(sorted(vocab.TITLES)))]
    trigger: dict = {"title": title.id}
    if title.levels:
        how = draw(st.sampled_from(["none", "level", "levels", "min_level"]))
        if how == "level":
            trigger["level"] = draw(st.sampled_from(title.levels))
        elif how == "levels":
            trigger["levels"] = draw(st.lists(st.sampled_from(title.levels), min_size=1, unique=True))
        elif how == "min_level":
            trigger["min_level"] = draw(
                st.sampled_from([lv for lv in vocab.LEVELS if any(vocab.level_at_least(t, lv) for t in title.levels)])
            )
    if title.review and draw(st.booleans()):
        trigger["review"] = True
    if draw(st.booleans()):
        trigger["requires"] = {"title": draw(st.sampled_from(sorted(vocab.TITLES)))}
    return trigger, None


@st.composite
def rules(draw, project):
    forms = ["amount", "up_to", "unquantified", "benefit"] + (["rate"] if project else [])
    form = draw(st.sampled_from(forms))
    if form in ("amount", "up_to"):
        return {form: draw(amounts)}
    if form in ("unquantified", "benefit"):
        return {form: draw(words)}
    fields = sorted(vocab.PROJECT_TYPES[project].fields)
    rule = {"rate": draw(rates), "of": draw(st.sampled_from(fields))}
    if draw(st.booleans()):
        rule["cap"] = draw(amounts)
        if draw(st.booleans()):
            rule["per"] = "year"
    if draw(st.booleans()):
        rule["cap_of"] = draw(st.sampled_from(fields))
    if draw(st.booleans()):
        rule["rate_up_to"] = draw(st.booleans())
    return rule


@st.composite
def measures(draw, k):
    trigger, project = draw(triggers())
    m = {
        "id": f"gen.m{k}",
        "title": draw(words),
        "trigger": trigger,
        "rule": draw(rules(project)),
        "clause": draw(words),
        "quote": draw(words),
    }
    for key, value in (
        ("funding", fundings()),
        ("contingent", st.booleans()),
        ("selective", st.booleans()),
        ("recipient", st.sampled_from(["company", "district"])),
        ("conditions", words),
        ("notes", words),
    ):
        if draw(st.booleans()):
            m[key] = draw(value)
    return m


# The bundled cities, a registry city without documents, a municipality and a county-level city of a province.
CITY_CODES = ["341300", "370700", "371100", "421100", "630100", "330100", "110000", "429004"]


@st.composite
def documents(draw):
    start, end = sorted(draw(st.lists(dates, min_size=2, max_size=2)))
    doc = {
        "id": "gen-doc",
        "city": draw(st.sampled_from(CITY_CODES)),
        "title": draw(words),
        "issuer": draw(words),
        "number": draw(st.none() | words),
        "issued": draw(st.none() | dates),
        "window": {"from": draw(st.none() | st.just(start)), "to": draw(st.none() | st.just(end))},
    }
    for key in ("short", "partial", "notes"):  # source names a shipped .txt (tests/test_sources.py)
        if draw(st.booleans()):
            doc[key] = draw(words)
    if draw(st.booleans()):
        doc["funding"] = draw(fundings())
    doc["measures"] = [draw(measures(k)) for k in range(draw(st.integers(1, 4)))]
    return doc


# ------------------------------------------------------------------------------------- writing YAML


class _Dumper(yaml.SafeDumper):
    """Quotes a string whenever zjtx would not read it back, unquoted, as that very string."""


def _str(dumper, text):
    exact = bool(text) and type(safeyaml.plain(text)) is str and safeyaml.plain(text) == text
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=None if exact else '"')


_Dumper.add_representer(str, _str)


def dump(doc) -> str:
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


# ------------------------------------------------------------------------------------- breaking them

hostile_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    words,
    st.sampled_from(
        [
            "1e-9999999",
            "1e9999999",
            "010",
            "1:20",
            "0x10",
            "1e3",
            "-5",
            "100万亿",
            "",
            " ",
            "yes",
            "nan",
            "2024-13-01",
            "9" * 200,
            "1/0",
            "0/0",
            "-1/2",
            "1_000",
            ".inf",
            "10%%",
            "万",
        ]
    ),
    st.lists(words, max_size=3),
    st.dictionaries(words, words, max_size=2),
    dates,
)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@st.composite
def broken_documents(draw):
    """A valid document with one to three values replaced, keys removed or added — then, sometimes, its
    YAML text cut, spliced or sprinkled with YAML's special characters."""
    doc = draw(documents())
    for _ in range(draw(st.integers(1, 3))):
        paths = [p for p in _paths(doc) if p]
        path = draw(st.sampled_from(paths))
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "delete", "add"]))
        if action == "replace" or (action == "delete" and isinstance(parent, list)):
            parent[path[-1]] = draw(hostile_values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[draw(words)] = draw(hostile_values)
    text = dump(doc)
    edit = draw(st.sampled_from(["none", "none", "insert", "cut", "duplicate line", "nest", "alias"]))
    if edit == "insert":
        at = draw(st.integers(0, len(text)))
        text = (
            text[:at]
            + draw(st.text(st.sampled_from(list("&*!|>{}[]:-?#%@`'\"\n\t ,~\\")), min_size=1, max_size=4))
            + text[at:]
        )
    elif edit == "cut":
        text = text[: draw(st.integers(0, len(text)))]
    elif edit == "duplicate line":
        lines = text.splitlines(keepends=True)
        i = draw(st.integers(0, len(lines) - 1))
        text = "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
    elif edit == "nest":
        depth = draw(st.integers(20, 3000))
        text += "notes: " + "[" * depth + "]" * depth + "\n"
    elif edit == "alias":
        text = "x: &x [a, b]\n" + text.replace("title: ", "title: *x #", 1)
    return text


# ----------------------------------------------------------------------------------------- properties

_BUNDLED = None


def _bundled_measures() -> int:
    global _BUNDLED
    if _BUNDLED is None:
        result = run("data", "check")
        m = re.search(r"(\d+) measures", result.stdout)
        assert m is not None, result.stdout
        _BUNDLED = int(m.group(1))
    return _BUNDLED


def _check(tmp_path, text: str):
    path = tmp_path / "gen.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("data", "check", str(path))
    assert result.exit_code in (0, 1), (result.exit_code, result.stderr[-800:])
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    if result.exit_code == 0:
        data, _ = safeyaml.load(text)
        assert isinstance(data, dict)
        want = _bundled_measures() + len(data["measures"])
        assert re.match(rf"ok: \d+ documents, {want} measures", result.stdout), result.stdout  # every measure validated
    else:
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert lines and lines[-1].endswith("problem(s) in the policy data"), lines
        for line in lines[:-1]:
            assert line.startswith((f"zjtx: error: {path}", "zjtx: error: … and ")), line
    return result


@pytest.mark.slow
@SETTINGS
@given(doc=documents())
def test_every_generated_valid_document_loads(tmp_path, doc):
    result = _check(tmp_path, dump(doc))
    assert result.exit_code == 0, result.stderr


@pytest.mark.slow
@SETTINGS
@given(text=broken_documents())
def test_a_broken_document_is_refused_with_messages_or_loads_whole(tmp_path, text):
    _check(tmp_path, text)


def _plain(value):
    """A model object as nested tuples (Documents and Measures are entities: equal only to themselves)."""
    if isinstance(value, Record):
        return tuple((f, _plain(getattr(value, f))) for f in value._fields if f != "file")
    if isinstance(value, tuple):
        return tuple(_plain(v) for v in value)
    return value


@pytest.mark.slow
@SETTINGS
@given(doc=documents())
def test_a_valid_document_round_trips(tmp_path, doc):
    direct, problems = parse_document(doc, "gen.yaml")
    assert problems == [] and direct is not None
    path = tmp_path / "gen.yaml"
    path.write_text(dump(doc), encoding="utf-8")
    loaded, problems = read_document(path, "gen.yaml")
    assert problems == [], problems
    assert _plain(loaded) == _plain(direct)
