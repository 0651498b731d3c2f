"""Validation of a policy document: takes a parsed YAML document (a dict) and returns a
:class:`~zjtx.policy.model.Document`, or every problem found (``file:line: entry id: field: what is wrong``).
Pure: no I/O (``zjtx.policy.files`` reads the files, ``zjtx.policy.safeyaml`` parses them). The model is in
``zjtx.policy.model``; the field checks in ``zjtx.policy.fields``; a measure's trigger and amount rule in
``zjtx.policy.rules``; the checks across documents in ``zjtx.policy.overlap``.

Nothing here trusts the input: every field is type-checked before it is used (a list where a name is
expected is a message, never a TypeError), every check is real code (never ``assert``, which ``python -O``
removes), and a document is built only when no problem was found.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from zjtx import places as cities
from zjtx import vocab
from zjtx.errors import Problem
from zjtx.policy.fields import (
    ID_PATTERN,
    Checker,
    LineOf,
    field_date,
    field_departments,
    field_funding,
    field_group,
    field_ident,
    field_text,
    is_text,
    shape,
    show,
    unreported,
)
from zjtx.policy.model import (
    ASSESSMENTS,
    BOUND_KEYS,
    DOCUMENT_KEYS,
    MEASURE_KEYS,
    READING_KEYS,
    UNSPECIFIED,
    VARIANT_KEYS,
    Bound,
    Document,
    Funding,
    Measure,
    Reading,
    Trigger,
    Variant,
    Window,
)
from zjtx.policy.rules import parse_rule, parse_trigger
from zjtx.policy.stacking import field_stacking
from zjtx.policy.zones import Places, district_funding, document_zones

_SCOPE_PAYER = {
    "municipal": UNSPECIFIED,
    "provincial": Funding((("provincial", Fraction(1)),)),
    "central": Funding((("central", Fraction(1)),)),
}
_CITY_EXPECTED = (
    'the GB/T 2260 code of a city in quotes, such as "330100" for 杭州市, of a province ("330000" for 浙江省, '
    "applying in each of its cities), or national (the whole country)"
)


def _city_problem(value: object) -> str:
    """Why a document's ``city`` is not a city's, a province's code or national, and what to write instead."""
    if not isinstance(value, str):
        return f"expected {_CITY_EXPECTED}, got {show(value)}"
    try:
        code = cities.resolve_area(value)
    except cities.CityError as e:
        return f"expected {_CITY_EXPECTED}: {e}"
    return f'expected {_CITY_EXPECTED}: {value!r} is {cities.area_name(code)}; write city: "{code}"'


def _flag(value: object, entry: str, field: str, c: Checker) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        c.add(entry, field, f"expected true or false, got {show(value)}")
        return False
    return value


def _measure(
    raw: object,
    k: int,
    doc_id: str,
    default_funding: Funding,
    readings: dict[str, Reading],
    c: Checker,
    places: Places | None = None,
) -> Measure | None:
    c.at = ("measures", k)
    n = c.count
    if not isinstance(raw, dict):
        c.add(f"measures[{k}]", "", f"expected a mapping with id, title, trigger, rule, clause, quote; got {show(raw)}")
        return None
    raw_id = raw.get("id")
    entry = raw_id.strip() if is_text(raw_id) and raw_id.strip() and len(raw_id) <= 100 else f"measures[{k}]"
    mid = field_ident(raw_id, entry, c, "measure")
    c.keys(raw, MEASURE_KEYS, entry, "")
    title = field_text(raw.get("title"), entry, "title", c)
    trigger = parse_trigger(raw.get("trigger"), entry, c)
    rule = parse_rule(raw.get("rule"), trigger, entry, c)
    funding = field_funding(raw["funding"], entry, "funding", c) if "funding" in raw else default_funding
    clause = field_text(raw.get("clause"), entry, "clause", c)
    quote = field_text(raw.get("quote"), entry, "quote", c)
    recipient = raw.get("recipient", "company")
    if recipient not in ("company", "district"):
        c.add(entry, "recipient", f'expected "company" or "district", got {show(recipient)}')
    by_district = district_funding(raw.get("funding_by_district"), entry, c, places)
    contingent = _flag(raw.get("contingent"), entry, "contingent", c)
    selective = _flag(raw.get("selective"), entry, "selective", c)
    drafted = _flag(raw.get("draft"), entry, "draft", c)
    conditions = field_text(raw.get("conditions"), entry, "conditions", c, required=False)
    notes = field_text(raw.get("notes"), entry, "notes", c, required=False)
    assessment = raw.get("assessment")
    if assessment is not None and assessment not in ASSESSMENTS:
        hint = vocab.did_you_mean(assessment, ASSESSMENTS) if is_text(assessment) else ""
        c.add(
            entry,
            "assessment",
            f"expected {' or '.join(ASSESSMENTS)} (awarded in the year after the event, 上年度…), "
            f"got {show(assessment)}{hint}",
        )
    if assessment is not None and trigger is not None and trigger.kind == "general":
        c.add(entry, "assessment", "goes with a title or project trigger (the year after the event)")
    departments = field_departments(raw.get("departments"), entry, c)
    departments_note = field_text(raw.get("departments_note"), entry, "departments_note", c, required=False)
    group = field_group(raw.get("highest_per_year"), trigger, entry, "highest_per_year", c)
    stacking = field_stacking(raw.get("stacking"), entry, c)
    reading, variants = _variants(raw, trigger, readings, entry, c)
    if c.count > n:
        return None
    if mid is None or title is None or trigger is None or rule is None or funding is None:
        raise unreported(entry, "id, title, trigger, rule or funding")
    if clause is None or quote is None:
        raise unreported(entry, "clause or quote")
    return Measure(
        mid,
        title,
        trigger,
        rule,
        funding,
        clause,
        quote,
        doc_id,
        by_district,
        contingent,
        selective,
        recipient,
        conditions,
        notes,
        assessment,
        reading,
        variants,
        draft=drafted,
        departments=departments,
        departments_note=departments_note,
        highest_per_year=group,
        stacking=stacking,
    )


def _variants(
    raw: dict[object, object], trigger: Trigger | None, readings: dict[str, Reading], entry: str, c: Checker
) -> tuple[str | None, tuple[Variant, ...]]:
    """``reading: ID`` and ``variants: {OPTION: {trigger: …} | {rule: …} | null}`` (null: does not apply)."""
    rid = raw.get("reading")
    rv = raw.get("variants")
    if rid is None:
        if rv is not None:
            c.add(entry, "variants", "variants need reading: <the id of one of the document's readings>")
        return None, ()
    if not is_text(rid) or rid not in readings:
        hint = vocab.did_you_mean(rid, readings) if is_text(rid) else ""
        c.add(entry, "reading", f"no reading {show(rid)} in this document's readings{hint}")
        return None, ()
    reading = readings[rid]
    others = [o for o, _ in reading.options if o != reading.taken]
    if not isinstance(rv, dict) or not rv:
        c.add(
            entry,
            "variants",
            f"expected a mapping of the other options ({', '.join(others)}) to {{trigger: …}}, "
            f"{{rule: …}} or null, got {show(rv)}",
        )
        return None, ()
    out: list[Variant] = []
    for option, body in rv.items():
        where = f"variants.{option}"
        if option not in others:
            hint = vocab.did_you_mean(option, others) if is_text(option) else ""
            c.add(entry, where, f"not another option of {rid}{hint}; expected one of: {', '.join(others)}")
            continue
        if body is None:
            out.append(Variant(option, dropped=True))
            continue
        if not isinstance(body, dict) or not body or set(body) - set(VARIANT_KEYS):
            c.add(
                entry,
                where,
                f"expected a mapping of {', '.join(VARIANT_KEYS)} (what this option changes), or null when the "
                f"measure does not apply; got {show(body)}",
            )
            continue
        n = c.count
        t = parse_trigger(body["trigger"], entry, c) if "trigger" in body else None
        r = parse_rule(body["rule"], t or trigger, entry, c) if "rule" in body else None
        base = t or trigger
        recipient = body.get("recipient")
        if recipient is not None and recipient not in ("company", "district"):
            c.add(entry, f"{where}.recipient", f'expected "company" or "district", got {show(recipient)}')
        assessment = body.get("assessment")
        if assessment is not None and assessment not in ASSESSMENTS:
            c.add(entry, f"{where}.assessment", f"expected {' or '.join(ASSESSMENTS)}, got {show(assessment)}")
        elif assessment is not None and base is not None and base.kind == "general":
            c.add(entry, f"{where}.assessment", "goes with a title or project trigger (the year after the event)")
        group = field_group(body.get("highest_per_year"), base, entry, f"{where}.highest_per_year", c)
        if c.count == n:
            out.append(
                Variant(
                    option,
                    t,
                    r,
                    recipient=recipient if isinstance(recipient, str) else None,
                    assessment=assessment if isinstance(assessment, str) else None,
                    highest_per_year=group,
                )
            )
    return rid, tuple(out)


def _readings(value: object, entry: str, c: Checker) -> dict[str, Reading]:
    """The document's ``readings``: [{id, question, clause, taken, options: [{id, text}, …]}]."""
    if value is None:
        return {}
    if not isinstance(value, list):
        c.add(entry, "readings", f"expected a list of {{id, question, clause, taken, options}}, got {show(value)}")
        return {}
    out: dict[str, Reading] = {}
    for k, item in enumerate(value):
        where = f"readings[{k}]"
        if not isinstance(item, dict):
            c.add(entry, where, f"expected {{id, question, clause, taken, options}}, got {show(item)}")
            continue
        c.keys(item, READING_KEYS, entry, f"{where}.")
        rid = field_text(item.get("id"), entry, f"{where}.id", c)
        question = field_text(item.get("question"), entry, f"{where}.question", c)
        clause = field_text(item.get("clause"), entry, f"{where}.clause", c)
        options: list[tuple[str, str]] = []
        raw_opts = item.get("options")
        if not isinstance(raw_opts, list) or len(raw_opts) < 2:
            c.add(entry, f"{where}.options", f"expected at least two options, each {{id, text}}, got {show(raw_opts)}")
            raw_opts = []
        for j, o in enumerate(raw_opts):
            oid = o.get("id") if isinstance(o, dict) else None
            text = field_text(o.get("text"), entry, f"{where}.options[{j}].text", c) if isinstance(o, dict) else None
            if not is_text(oid) or not ID_PATTERN.fullmatch(oid) or not text:
                c.add(
                    entry,
                    f"{where}.options[{j}]",
                    f"expected {{id: <option id>, text: <what this reading means>}}, got {show(o)}",
                )
                continue
            options.append((oid, text))
        ids = [o for o, _ in options]
        if len(set(ids)) != len(ids):
            c.add(entry, f"{where}.options", "option ids must be unique")
        taken = item.get("taken")
        if ids and taken not in ids:
            hint = vocab.did_you_mean(taken, ids) if is_text(taken) else ""
            c.add(entry, f"{where}.taken", f"expected the id of one of the options ({', '.join(ids)}){hint}")
        if rid in out:
            c.add(entry, f"{where}.id", "duplicate reading id")
        why = field_text(item.get("why"), entry, f"{where}.why", c, required=False)
        if rid and question and clause and isinstance(taken, str) and taken in ids and len(options) >= 2:
            out[rid] = Reading(rid, question, clause, taken, tuple(options), why)
    return out


def _window_end(value: object, entry: str, field: str, c: Checker) -> tuple[dt.date | None, Bound | None]:
    """A window end: a date, null, or {not_before: …, not_after: …, reason: …} when it is known only as a bound.
    Returns (the hard bound: the earliest start / the latest end, the Bound)."""
    if not isinstance(value, dict):
        return field_date(value, entry, field, c), None
    c.keys(value, BOUND_KEYS, entry, f"{field}.")
    n = c.count
    lo = field_date(value.get("not_before"), entry, f"{field}.not_before", c)
    hi = field_date(value.get("not_after"), entry, f"{field}.not_after", c)
    reason = field_text(value.get("reason"), entry, f"{field}.reason", c)
    if lo is None and hi is None and c.count == n:
        c.add(entry, field, "a bound needs not_before and/or not_after (dates)")
    if lo and hi and lo > hi:
        c.add(entry, field, f"not_before {lo} is after not_after {hi}")
    if c.count > n:
        return None, None
    if reason is None:
        raise unreported(entry, f"{field}.reason")
    return (lo if field.endswith("from") else hi), Bound(lo, hi, reason)


def parse_document(
    data: object, file: str, line_of: LineOf | None = None, located: int = 50, *, declarations: bool = True
) -> tuple[Document | None, list[Problem]]:
    """Validate one policy document. Returns ``(document, [])`` or ``(None, problems)``. Its ``titles:`` and
    ``projects:`` are validated and added to the vocabulary in effect first (``declarations=False``: the
    caller did, with every other document's — ``zjtx.policy.validate.check_documents``).

    ``line_of(root, path)`` (see :class:`zjtx.policy.safeyaml.Lines`) puts the first ``located`` problems on their line."""
    declared: list[Problem] = []
    if declarations:
        from zjtx.policy.declare import standalone

        declared = standalone(data, file, line_of)
    c = Checker(file)
    if not isinstance(data, dict):
        c.add("document", "", f"expected a mapping with id, city, title, window and measures; got {shape(data)}")
        return None, c.result(data, line_of, located)
    raw_id = data.get("id")
    entry = raw_id.strip() if is_text(raw_id) and raw_id.strip() and len(raw_id) <= 100 else "document"
    doc_id = field_ident(raw_id, entry, c, "document")
    c.keys(data, DOCUMENT_KEYS, entry, "")
    raw_city = data.get("city")
    city_ok = raw_city.strip() if isinstance(raw_city, str) and cities.city(raw_city.strip()) is not None else None
    scope = "municipal"
    if city_ok is None and isinstance(raw_city, str) and raw_city.strip() == cities.NATIONAL:
        scope = "central"
    elif city_ok is None and isinstance(raw_city, str) and cities.province(raw_city.strip()) is not None:
        scope = "provincial"
    elif city_ok is None:
        c.add(entry, "city", _city_problem(raw_city))
    city = city_ok or str(raw_city).strip()
    if scope != "municipal" and data.get("zones") is not None:
        c.add(entry, "zones", f"a {scope} document names no zones (园区 are a city's); write them in a city's document")
    zones = document_zones(data.get("zones") if scope == "municipal" else None, city_ok, doc_id or "", entry, c)
    places = Places.of_city(city_ok, zones) if city_ok else None
    listed = data.get("measures")
    by_district = isinstance(listed, list) and any(isinstance(m, dict) and "funding_by_district" in m for m in listed)
    if scope != "municipal" and by_district:  # every division of the province (the country): only when named
        places = Places.of_area(city)
    supersedes = data.get("supersedes")
    if supersedes is None:
        supersedes = []
    elif not isinstance(supersedes, list) or not all(is_text(x) and x.strip() for x in supersedes):
        c.add(
            entry,
            "supersedes",
            f"expected a list of document ids, e.g. [weifang-five-optimizations], got {show(supersedes)}",
        )
        supersedes = []
    elif doc_id in supersedes:
        c.add(entry, "supersedes", "a document cannot supersede itself")
    title = field_text(data.get("title"), entry, "title", c)
    short = field_text(data.get("short"), entry, "short", c, required=False)
    issuer = field_text(data.get("issuer"), entry, "issuer", c)
    number = field_text(data.get("number"), entry, "number", c, required=False)
    issued = field_date(data.get("issued"), entry, "issued", c)
    raw_window = data.get("window")
    window = None
    if not isinstance(raw_window, dict) or set(raw_window) - {"from", "to"}:
        c.add(entry, "window", f"expected {{from: <date or null>, to: <date or null>}}, got {show(raw_window)}")
    else:
        start, start_bound = _window_end(raw_window.get("from"), entry, "window.from", c)
        end, end_bound = _window_end(raw_window.get("to"), entry, "window.to", c)
        if start and end and start > end:
            c.add(entry, "window", f"from {start} is after to {end}")
        window = Window(start, end, start_bound, end_bound)
    partial = field_text(data.get("partial"), entry, "partial", c, required=False)
    source = field_text(data.get("source"), entry, "source", c, required=False)
    notes = field_text(data.get("notes"), entry, "notes", c, required=False)
    default_funding = field_funding(data["funding"], entry, "funding", c) if "funding" in data else _SCOPE_PAYER[scope]
    c.at = ("readings",)
    readings = _readings(data.get("readings"), entry, c)
    c.at = ()
    raw_measures = data.get("measures")
    measures: list[Measure] = []
    if not isinstance(raw_measures, list) or not raw_measures:
        c.add(entry, "measures", f"expected a non-empty list of measures, got {show(raw_measures)}")
    else:
        seen: set[str] = set()
        for k, raw in enumerate(raw_measures):
            m = _measure(raw, k, doc_id or "", default_funding or UNSPECIFIED, readings, c, places)
            if m is None:
                continue
            if m.id in seen:
                c.add(m.id, "id", "duplicate id in this document")
            seen.add(m.id)
            measures.append(m)
        c.at = ()
        for rid in readings:
            if not any(m.reading == rid for m in measures):
                c.add(
                    entry,
                    "readings",
                    f"reading {rid} is used by no measure (give a measure reading: {rid} and its variants)",
                )
    if c.count or declared:
        return None, declared + c.result(data, line_of, located)
    if doc_id is None or title is None or issuer is None or window is None:
        raise unreported(entry, "id, title, issuer or window")
    doc = Document(
        doc_id,
        city,
        title,
        issuer,
        number,
        issued,
        window,
        partial,
        source,
        notes,
        tuple(measures),
        file,
        short,
        tuple(readings.values()),
        tuple(x.strip() for x in supersedes),
        zones,
        scope,
    )
    return doc, []
