"""Validation of a policy document: takes a parsed YAML document (a dict) and returns a
:class:`~zjtx.policy.Document`, or every problem found (``file: entry id: field: what is wrong``).
Pure: no I/O (``zjtx.datafiles`` reads the files). The model itself is in ``zjtx.policy``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from zjtx import money, vocab
from zjtx.cities import CITIES
from zjtx.errors import Problem
from zjtx.policy import (ASSESSMENTS, BOUND_KEYS, MEASURE_KEYS, DOCUMENT_KEYS, PAYER_LEVELS, READING_KEYS, RULE_FORMS, RULE_KEYS,
                         TRIGGER_KEYS, UNSPECIFIED, Bound, DistrictFunding, Document, Funding, Measure, Reading, Requirement,
                         Rule, Trigger, Variant, Window)


class _Checker:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, entry: str, field: str, message: str) -> None:
        path = f"{entry}: {field}" if field else entry
        self.problems.append(Problem(self.file, path, message))

    def keys(self, table: dict, known: tuple[str, ...], entry: str, prefix: str) -> None:
        for key in table:
            if key not in known:
                self.add(entry, f"{prefix}{key}", f'unknown key{vocab.did_you_mean(str(key), known)}; known: {", ".join(known)}')


def _date(value: object, entry: str, field: str, c: _Checker, nullable: bool = True) -> dt.date | None:
    if value is None:
        if not nullable:
            c.add(entry, field, "missing; expected a date such as 2023-06-16")
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    c.add(entry, field, f"expected a date such as 2023-06-16 or null, got {value!r}")
    return None


def _window_end(value: object, entry: str, field: str, c: _Checker) -> tuple[dt.date | None, Bound | None]:
    """A window end: a date, null, or {not_before: …, not_after: …, reason: …} when it is known only as a bound.
    Returns (the hard bound: earliest start / latest end, the Bound)."""
    if not isinstance(value, dict):
        return _date(value, entry, field, c), None
    c.keys(value, BOUND_KEYS, entry, f"{field}.")
    n = len(c.problems)
    lo = _date(value.get("not_before"), entry, f"{field}.not_before", c)
    hi = _date(value.get("not_after"), entry, f"{field}.not_after", c)
    reason = _text(value.get("reason"), entry, f"{field}.reason", c)
    if lo is None and hi is None and len(c.problems) == n:
        c.add(entry, field, "a bound needs not_before and/or not_after (dates)")
    if lo and hi and lo > hi:
        c.add(entry, field, f"not_before {lo} is after not_after {hi}")
    if len(c.problems) > n:
        return None, None
    bound = Bound(lo, hi, reason)  # type: ignore[arg-type]
    return (lo if field.endswith("from") else hi), bound


def _funding(value: object, entry: str, field: str, c: _Checker) -> Funding | None:
    if value is None:
        return None
    if isinstance(value, str):
        if value in PAYER_LEVELS:
            return Funding(((value, Fraction(1)),))
        c.add(entry, field, f'expected one of {", ".join(PAYER_LEVELS)} or a mapping of shares, got "{value}"'
              + vocab.did_you_mean(value, PAYER_LEVELS))
        return None
    if not isinstance(value, dict) or not value:
        c.add(entry, field, "expected a payer (municipal …) or a mapping such as {provincial: 8/10, municipal: 2/10}")
        return None
    shares = []
    for level, raw in value.items():
        if level not in PAYER_LEVELS:
            c.add(entry, f"{field}.{level}", f'unknown payer level; expected one of {", ".join(PAYER_LEVELS)}'
                  + vocab.did_you_mean(str(level), PAYER_LEVELS))
            return None
        try:
            share = money.parse_fraction(raw)
        except ValueError as e:
            c.add(entry, f"{field}.{level}", str(e))
            return None
        if share <= 0:
            c.add(entry, f"{field}.{level}", f"a share must be greater than 0, got {raw!r}")
            return None
        shares.append((level, share))
    total = sum((s for _, s in shares), Fraction(0))
    if total != 1:
        c.add(entry, field, f"shares sum to {total} ({money.fmt_rate(total)}), not exactly 1")
        return None
    return Funding(tuple(shares))


def _amount(value: object, entry: str, field: str, c: _Checker) -> Decimal | None:
    try:
        return money.parse_amount(value)
    except money.AmountError as e:
        c.add(entry, field, str(e))
        return None


def _text(value: object, entry: str, field: str, c: _Checker, required: bool = True) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            c.add(entry, field, "missing; every entry needs it")
        return None
    if not isinstance(value, str):
        c.add(entry, field, f"expected text, got {type(value).__name__}")
        return None
    return value.strip()


def _level(value: object, entry: str, field: str, c: _Checker) -> str | None:
    if value in vocab.LEVELS:
        return value  # type: ignore[return-value]
    c.add(entry, field, f"unknown level {value!r}{vocab.did_you_mean(str(value), vocab.LEVELS)}; expected one of {', '.join(vocab.LEVELS)}")
    return None


def _title_id(value: object, entry: str, field: str, c: _Checker) -> str | None:
    if isinstance(value, str) and value in vocab.TITLES:
        return value
    c.add(entry, field, f"unknown title id {value!r}{vocab.did_you_mean(str(value), vocab.TITLES)}")
    return None


def _trigger(value: object, entry: str, c: _Checker) -> Trigger | None:
    if not isinstance(value, dict):
        c.add(entry, "trigger", "missing; expected {title: …, level: …}, {project: …} or {general: true}")
        return None
    c.keys(value, TRIGGER_KEYS, entry, "trigger.")
    n = len(c.problems)
    kinds = [k for k in ("title", "titles", "project", "general") if k in value]
    if len(kinds) != 1:
        c.add(entry, "trigger", "expected exactly one of title, titles, project, general")
        return None
    requires = []
    raw_req = value.get("requires", [])
    for k, req in enumerate(raw_req if isinstance(raw_req, list) else [raw_req]):
        if not isinstance(req, dict) or "title" not in req:
            c.add(entry, f"trigger.requires[{k}]", "expected {title: …, min_level: …}")
            continue
        t = _title_id(req.get("title"), entry, f"trigger.requires[{k}].title", c)
        ml = _level(req["min_level"], entry, f"trigger.requires[{k}].min_level", c) if "min_level" in req else None
        if t:
            requires.append(Requirement(t, ml))
    if "general" in value:
        if value["general"] is not True:
            c.add(entry, "trigger.general", "expected true")
        return Trigger("general") if len(c.problems) == n else None
    if "project" in value:
        p = value["project"]
        if p not in vocab.PROJECT_TYPES:
            c.add(entry, "trigger.project", f"unknown project type {p!r}{vocab.did_you_mean(str(p), vocab.PROJECT_TYPES)}")
            return None
        return Trigger("project", project=p, requires=tuple(requires)) if len(c.problems) == n else None
    raw_titles = value["title"] if "title" in value else value["titles"]
    raw_titles = raw_titles if isinstance(raw_titles, list) else [raw_titles]
    titles = [_title_id(t, entry, "trigger.title", c) for t in raw_titles]
    if None in titles or not titles:
        return None
    levels: tuple[str, ...] | None = None
    given = [k for k in ("level", "levels", "min_level") if k in value]
    if len(given) > 1:
        c.add(entry, "trigger", "give one of level, levels, min_level")
        return None
    if given == ["level"]:
        lv = _level(value["level"], entry, "trigger.level", c)
        levels = (lv,) if lv else None
    elif given == ["levels"]:
        raw = value["levels"] if isinstance(value["levels"], list) else [value["levels"]]
        levels = tuple(lv for lv in (_level(x, entry, "trigger.levels", c) for x in raw) if lv)
    ml = None
    if given == ["min_level"]:
        ml = _level(value["min_level"], entry, "trigger.min_level", c)
        levels = tuple(lv for lv in vocab.LEVELS if ml and vocab.level_at_least(lv, ml) and lv != "industry") if ml else None
    for t in titles:
        title = vocab.TITLES[t]  # type: ignore[index]
        if levels is not None:
            if not title.levels:
                c.add(entry, "trigger.level", f"{t} has no level; remove the level")
            elif not set(levels) & set(title.levels):
                c.add(entry, "trigger.level", f"{t} has none of the levels {', '.join(levels)}; it has {', '.join(title.levels)}")
    review = value.get("review", False)
    if not isinstance(review, bool):
        c.add(entry, "trigger.review", f"expected true or false, got {review!r}")
    elif review:
        for t in titles:
            if not vocab.TITLES[t].review:  # type: ignore[index]
                c.add(entry, "trigger.review", f"{t} has no dynamic re-review in the vocabulary")
    if len(c.problems) > n:
        return None
    return Trigger("title", titles=tuple(titles), levels=levels, review=bool(review), requires=tuple(requires),  # type: ignore[arg-type]
                   min_level=ml)


def _rule(value: object, trigger: Trigger | None, entry: str, c: _Checker) -> Rule | None:
    if not isinstance(value, dict):
        c.add(entry, "rule", "missing; expected one of {amount: …}, {up_to: …}, {rate: …, of: …}, {unquantified: …}, {benefit: …}")
        return None
    c.keys(value, RULE_KEYS, entry, "rule.")
    n = len(c.problems)
    forms = [k for k in RULE_FORMS if k in value]
    if len(forms) != 1:
        c.add(entry, "rule", f"expected exactly one of {', '.join(RULE_FORMS)}; got {', '.join(forms) or 'none'}")
        return None
    form = forms[0]
    if form in ("amount", "up_to"):
        amount = _amount(value[form], entry, f"rule.{form}", c)
        if amount is not None and amount <= 0:
            c.add(entry, f"rule.{form}", "must be greater than 0; a measure with no stated amount is {unquantified: …}")
        extra = [k for k in ("of", "cap", "cap_of", "cap_of_shared_years", "rate_up_to", "per") if k in value]
        if extra:
            c.add(entry, "rule", f"{', '.join(extra)} only go with rate")
        return Rule(form, amount=amount) if len(c.problems) == n else None
    if form in ("unquantified", "benefit"):
        text = _text(value[form], entry, f"rule.{form}", c)
        return Rule(form, text=text) if len(c.problems) == n else None
    # rate
    try:
        rate = money.parse_fraction(value["rate"])
        if not 0 < rate <= 1:
            c.add(entry, "rule.rate", f"expected a rate above 0% and at most 100%, got {value['rate']!r}")
    except ValueError as e:
        c.add(entry, "rule.rate", str(e))
        rate = None
    base = value.get("of")
    fields = vocab.PROJECT_TYPES[trigger.project].fields if trigger and trigger.project else {}
    if base is None:
        c.add(entry, "rule.of", "a rate needs a base: of: <amount field of the project>")
    elif trigger is not None and trigger.kind != "project":
        c.add(entry, "rule.of", "a rate needs a project trigger (its base is a project amount)")
    elif trigger is not None and base not in fields:
        c.add(entry, "rule.of", f"{base!r} is not an amount of a {trigger.project} project; it has {', '.join(fields)}")
    cap = _amount(value["cap"], entry, "rule.cap", c) if "cap" in value else None
    cap_of = value.get("cap_of")
    if cap_of is not None and trigger is not None and trigger.project and cap_of not in fields:
        c.add(entry, "rule.cap_of", f"{cap_of!r} is not an amount of a {trigger.project} project; it has {', '.join(fields)}")
    per = value.get("per", "project")
    if per not in ("project", "year"):
        c.add(entry, "rule.per", f'expected "project" or "year", got {per!r}')
    if per == "year" and cap is None:
        c.add(entry, "rule.per", "per: year needs a cap (the yearly cap)")
    rate_up_to = value.get("rate_up_to", False)
    if not isinstance(rate_up_to, bool):
        c.add(entry, "rule.rate_up_to", "expected true or false")
    shared = value.get("cap_of_shared_years")
    if shared is not None:
        if isinstance(shared, bool) or not isinstance(shared, int) or not 1 <= shared <= 10:
            c.add(entry, "rule.cap_of_shared_years", f"expected a number of years from 1 to 10, got {shared!r}")
        elif cap_of is None:
            c.add(entry, "rule.cap_of_shared_years", "goes with cap_of (the figure whose budget the projects share)")
        elif per != "project":
            c.add(entry, "rule.cap_of_shared_years", "goes with per: project")
    if len(c.problems) > n:
        return None
    return Rule("rate", rate=rate, base=base, rate_up_to=rate_up_to, cap=cap, cap_of=cap_of, per=per,
                cap_of_shared_years=shared)


def _district_funding(value: object, entry: str, c: _Checker) -> tuple[DistrictFunding, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        c.add(entry, "funding_by_district", "expected a list of {label, districts, funding}")
        return ()
    out = []
    for k, item in enumerate(value):
        where = f"funding_by_district[{k}]"
        if not isinstance(item, dict) or not isinstance(item.get("districts"), list):
            c.add(entry, where, "expected {label: …, districts: [...], funding: …}")
            continue
        f = _funding(item.get("funding"), entry, f"{where}.funding", c)
        label = _text(item.get("label"), entry, f"{where}.label", c)
        if f and label:
            out.append(DistrictFunding(label, tuple(str(d) for d in item["districts"]), f, item.get("note")))
    return tuple(out)


def _flag(value: object, entry: str, field: str, c: _Checker) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        c.add(entry, field, f"expected true or false, got {value!r}")
        return False
    return value


def _measure(raw: object, k: int, doc_id: str, default_funding: Funding, readings: dict[str, Reading],
             c: _Checker) -> Measure | None:
    if not isinstance(raw, dict):
        c.add(f"measures[{k}]", "", "expected a mapping with id, title, trigger, rule, clause, quote")
        return None
    mid = raw.get("id")
    entry = mid if isinstance(mid, str) and mid else f"measures[{k}]"
    if not isinstance(mid, str) or not mid:
        c.add(entry, "id", "missing; every measure needs a stable id")
    c.keys(raw, MEASURE_KEYS, entry, "")
    n = len(c.problems)
    title = _text(raw.get("title"), entry, "title", c)
    trigger = _trigger(raw.get("trigger"), entry, c)
    rule = _rule(raw.get("rule"), trigger, entry, c)
    funding = _funding(raw.get("funding"), entry, "funding", c) if "funding" in raw else default_funding
    clause = _text(raw.get("clause"), entry, "clause", c)
    quote = _text(raw.get("quote"), entry, "quote", c)
    recipient = raw.get("recipient", "company")
    if recipient not in ("company", "district"):
        c.add(entry, "recipient", f'expected "company" or "district", got {recipient!r}')
    by_district = _district_funding(raw.get("funding_by_district"), entry, c)
    contingent = _flag(raw.get("contingent"), entry, "contingent", c)
    selective = _flag(raw.get("selective"), entry, "selective", c)
    conditions = _text(raw.get("conditions"), entry, "conditions", c, required=False)
    notes = _text(raw.get("notes"), entry, "notes", c, required=False)
    assessment = raw.get("assessment")
    if assessment is not None and assessment not in ASSESSMENTS:
        c.add(entry, "assessment", f"expected {' or '.join(ASSESSMENTS)} (awarded in the year after the event, 上年度…), "
              f"got {assessment!r}{vocab.did_you_mean(str(assessment), ASSESSMENTS)}")
    if assessment is not None and trigger is not None and trigger.kind != "title":
        c.add(entry, "assessment", "goes with a title trigger (the year after the recognition)")
    reading, variants = _variants(raw, trigger, readings, entry, c)
    if len(c.problems) > n or funding is None:
        return None
    assert title and trigger and rule and clause and quote and isinstance(mid, str)
    return Measure(mid, title, trigger, rule, funding, clause, quote, doc_id, by_district, contingent, selective,
                   recipient, conditions, notes, assessment, reading, variants)


def _variants(raw: dict, trigger: Trigger | None, readings: dict[str, Reading], entry: str,
              c: _Checker) -> tuple[str | None, tuple[Variant, ...]]:
    """``reading: ID`` and ``variants: {OPTION: {trigger: …} | {rule: …} | null}`` (null: does not apply)."""
    rid = raw.get("reading")
    rv = raw.get("variants")
    if rid is None:
        if rv is not None:
            c.add(entry, "variants", "variants need reading: <the id of one of the document's readings>")
        return None, ()
    if rid not in readings:
        c.add(entry, "reading", f"no reading {rid!r} in this document's readings{vocab.did_you_mean(str(rid), readings)}")
        return None, ()
    reading = readings[rid]
    others = [o for o, _ in reading.options if o != reading.taken]
    if not isinstance(rv, dict) or not rv:
        c.add(entry, "variants", f"expected a mapping of the other options ({', '.join(others)}) to {{trigger: …}}, {{rule: …}} or null")
        return None, ()
    out = []
    for option, body in rv.items():
        where = f"variants.{option}"
        if option not in others:
            c.add(entry, where, f"not another option of {rid}{vocab.did_you_mean(str(option), others)}; expected one of: {', '.join(others)}")
            continue
        if body is None:
            out.append(Variant(option, dropped=True))
            continue
        if not isinstance(body, dict) or not body or set(body) - {"trigger", "rule"}:
            c.add(entry, where, "expected {trigger: …} and/or {rule: …}, or null when the measure does not apply")
            continue
        t = _trigger(body["trigger"], entry, c) if "trigger" in body else None
        r = _rule(body["rule"], t or trigger, entry, c) if "rule" in body else None
        out.append(Variant(option, t, r))
    return rid, tuple(out)


def _readings(value: object, entry: str, c: _Checker) -> dict[str, Reading]:
    """The document's ``readings``: [{id, question, clause, taken, options: [{id, text}, …]}]."""
    if value is None:
        return {}
    if not isinstance(value, list):
        c.add(entry, "readings", "expected a list of {id, question, clause, taken, options}")
        return {}
    out: dict[str, Reading] = {}
    for k, item in enumerate(value):
        where = f"readings[{k}]"
        if not isinstance(item, dict):
            c.add(entry, where, "expected {id, question, clause, taken, options}")
            continue
        c.keys(item, READING_KEYS, entry, f"{where}.")
        rid = _text(item.get("id"), entry, f"{where}.id", c)
        question = _text(item.get("question"), entry, f"{where}.question", c)
        clause = _text(item.get("clause"), entry, f"{where}.clause", c)
        options = []
        raw_opts = item.get("options")
        if not isinstance(raw_opts, list) or len(raw_opts) < 2:
            c.add(entry, f"{where}.options", "expected at least two options, each {id, text}")
            raw_opts = []
        for j, o in enumerate(raw_opts):
            oid = o.get("id") if isinstance(o, dict) else None
            text = _text(o.get("text"), entry, f"{where}.options[{j}].text", c) if isinstance(o, dict) else None
            if not isinstance(oid, str) or not oid or not text:
                c.add(entry, f"{where}.options[{j}]", "expected {id: <option id>, text: <what this reading means>}")
                continue
            options.append((oid, text))
        ids = [o for o, _ in options]
        if len(set(ids)) != len(ids):
            c.add(entry, f"{where}.options", "option ids must be unique")
        taken = item.get("taken")
        if ids and taken not in ids:
            c.add(entry, f"{where}.taken", f"expected the id of one of the options ({', '.join(ids)}){vocab.did_you_mean(str(taken), ids)}")
        if rid in out:
            c.add(entry, f"{where}.id", "duplicate reading id")
        if rid and question and clause and taken in ids and len(options) >= 2:
            out[rid] = Reading(rid, question, clause, taken, tuple(options))
    return out


def parse_document(data: object, file: str) -> tuple[Document | None, list[Problem]]:
    """Validate one policy document. Returns ``(document, [])`` or ``(None, problems)``."""
    c = _Checker(file)
    if not isinstance(data, dict):
        c.add("document", "", "expected a mapping with id, city, title, window and measures")
        return None, c.problems
    doc_id = data.get("id") if isinstance(data.get("id"), str) else None
    entry = doc_id or "document"
    if doc_id is None:
        c.add(entry, "id", "missing; every document needs a stable id")
    c.keys(data, DOCUMENT_KEYS, entry, "")
    city = str(data.get("city", ""))
    if city not in CITIES:
        c.add(entry, "city", f"expected the code of a supported city ({', '.join(CITIES)}), got {data.get('city')!r}")
    title = _text(data.get("title"), entry, "title", c)
    issuer = _text(data.get("issuer"), entry, "issuer", c)
    number = _text(data.get("number"), entry, "number", c, required=False)
    issued = _date(data.get("issued"), entry, "issued", c)
    raw_window = data.get("window")
    window = None
    if not isinstance(raw_window, dict) or set(raw_window) - {"from", "to"}:
        c.add(entry, "window", "expected {from: <date or null>, to: <date or null>}")
    else:
        start, start_bound = _window_end(raw_window.get("from"), entry, "window.from", c)
        end, end_bound = _window_end(raw_window.get("to"), entry, "window.to", c)
        if start and end and start > end:
            c.add(entry, "window", f"from {start} is after to {end}")
        window = Window(start, end, start_bound, end_bound)
    partial = data.get("partial")
    if partial is not None and not isinstance(partial, str):
        c.add(entry, "partial", "expected a sentence saying what the copy is missing, or nothing")
    default_funding = _funding(data.get("funding"), entry, "funding", c) or UNSPECIFIED
    readings = _readings(data.get("readings"), entry, c)
    raw_measures = data.get("measures")
    measures: list[Measure] = []
    if not isinstance(raw_measures, list) or not raw_measures:
        c.add(entry, "measures", "expected a non-empty list of measures")
    else:
        seen: set[str] = set()
        for k, raw in enumerate(raw_measures):
            m = _measure(raw, k, doc_id or "", default_funding, readings, c)
            if m is None:
                continue
            if m.id in seen:
                c.add(m.id, "id", "duplicate id in this document")
            seen.add(m.id)
            measures.append(m)
        for rid in readings:
            if not any(m.reading == rid for m in measures):
                c.add(entry, "readings", f"reading {rid} is used by no measure (give a measure reading: {rid} and its variants)")
    if c.problems:
        return None, c.problems
    assert doc_id and title and issuer and window
    doc = Document(doc_id, city, title, issuer, number, issued, window, partial, _text(data.get("source"), entry, "source", c, False),
                   _text(data.get("notes"), entry, "notes", c, False), tuple(measures), file,
                   _text(data.get("short"), entry, "short", c, False), tuple(readings.values()))
    return doc, []
