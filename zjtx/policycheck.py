"""Validation of a policy document: takes a parsed YAML document (a dict) and returns a
:class:`~zjtx.policy.Document`, or every problem found (``file: entry id: field: what is wrong``).
Pure: no I/O (``zjtx.datafiles`` reads the files). The model itself is in ``zjtx.policy``."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

from zjtx import money, vocab
from zjtx import cities
from zjtx.errors import Problem
from zjtx.policy import (MEASURE_KEYS, DOCUMENT_KEYS, PAYER_LEVELS, RULE_FORMS, RULE_KEYS, TRIGGER_KEYS, UNSPECIFIED, ZONE_KEYS,
                         DistrictFunding, Document, Funding, Measure, Requirement, Rule, Trigger, Window)


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
        extra = [k for k in ("of", "cap", "cap_of", "rate_up_to", "per") if k in value]
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
    if len(c.problems) > n:
        return None
    return Rule("rate", rate=rate, base=base, rate_up_to=rate_up_to, cap=cap, cap_of=cap_of, per=per)


def _district_funding(value: object, entry: str, c: _Checker, places: dict | None) -> tuple[DistrictFunding, ...]:
    """``places``: every name of the city's divisions and zones (None when the city itself is invalid)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        c.add(entry, "funding_by_district", "expected a list of {label, districts or types, funding}")
        return ()
    out = []
    claimed: dict[str, int] = {}
    for k, item in enumerate(value):
        where = f"funding_by_district[{k}]"
        if not isinstance(item, dict) or not (isinstance(item.get("districts"), list) or isinstance(item.get("types"), list)):
            c.add(entry, where, f"expected {{label: …, districts: [names], types: [{', '.join(cities.CATEGORIES)}], funding: …}}"
                  " with districts, types or both")
            continue
        c.keys(item, ("label", "districts", "types", "funding", "note"), entry, f"{where}.")
        names = []
        for j, raw in enumerate(item.get("districts") or []):
            found = places.get(cities.name_key(str(raw))) if places is not None else None
            if places is not None and (found is None or cities.name_key(str(raw)) not in
                                       {cities.name_key(n) for n in (found.name, *found.aliases)}):
                hint = vocab.did_you_mean(str(raw), sorted({d.name for d in places.values()}))
                c.add(entry, f"{where}.districts[{j}]", f"{raw!r} is not the whole name of a county-level division of the "
                      f"document's city nor of a zone it declares (zones:){hint}")
                continue
            name = found.name if found is not None else str(raw)
            if name in claimed:
                c.add(entry, f"{where}.districts[{j}]", f"{name} is already in funding_by_district[{claimed[name]}]")
            claimed[name] = k
            names.append(name)
        types = []
        for j, t in enumerate(item.get("types") or []):
            if t not in cities.CATEGORIES:
                c.add(entry, f"{where}.types[{j}]", f"expected one of {', '.join(cities.CATEGORIES)}, got {t!r}"
                      + vocab.did_you_mean(str(t), cities.CATEGORIES))
            elif any(t in d.types for d in out):
                c.add(entry, f"{where}.types[{j}]", f"{t} is already covered by an earlier part")
            else:
                types.append(t)
        f = _funding(item.get("funding"), entry, f"{where}.funding", c)
        label = _text(item.get("label"), entry, f"{where}.label", c)
        note = _text(item.get("note"), entry, f"{where}.note", c, required=False)
        if f and label:
            out.append(DistrictFunding(label, tuple(names), f, note, tuple(types)))
    return tuple(out)


def _zones(value: object, city: str | None, doc_id: str, entry: str, c: _Checker) -> tuple:
    """The zones (园区) a document declares: ``[{name, aliases, counts_as, note}]``."""
    if value is None:
        return ()
    if not isinstance(value, list):
        c.add(entry, "zones", "expected a list of {name: …, aliases: [...], counts_as: urban_district | county_level}")
        return ()
    taken = {cities.name_key(n): d.name for d in (cities.divisions_of(city) if city else ()) for n in (d.name,)}
    out = []
    for k, item in enumerate(value):
        where = f"zones[{k}]"
        if not isinstance(item, dict):
            c.add(entry, where, "expected {name: …, aliases: [...], counts_as: …, note: …}")
            continue
        c.keys(item, ZONE_KEYS, entry, f"{where}.")
        name = _text(item.get("name"), entry, f"{where}.name", c)
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            c.add(entry, f"{where}.aliases", "expected a list of names")
            aliases = []
        counts_as = item.get("counts_as")
        if counts_as is not None and counts_as not in cities.CATEGORIES:
            c.add(entry, f"{where}.counts_as", f"expected one of {', '.join(cities.CATEGORIES)}, got {counts_as!r}")
            counts_as = None
        note = _text(item.get("note"), entry, f"{where}.note", c, required=False)
        if name is None:
            continue
        for j, n in enumerate([name, *aliases]):
            field = f"{where}.name" if j == 0 else f"{where}.aliases[{j - 1}]"
            if cities.name_key(n) in taken:
                c.add(entry, field, f"{n!r} is already the name of {taken[cities.name_key(n)]}; a zone needs a name of its own")
            taken[cities.name_key(n)] = name
        out.append(cities.Division(None, name, name, "园区", city or "", counts_as, tuple(a.strip() for a in aliases), doc_id, note))
    return tuple(out)


def _city_problem(value: object) -> str:
    """Why a document's ``city`` is not a city code, and what to write instead."""
    try:
        found = cities.resolve_city(value)
    except cities.CityError as e:
        return f"expected the GB/T 2260 code of a city, such as \"330100\" for 杭州市: {e}"
    return f'expected the GB/T 2260 code of a city: {value!r} is {found.name}; write city: "{found.code}"'


def _flag(value: object, entry: str, field: str, c: _Checker) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        c.add(entry, field, f"expected true or false, got {value!r}")
        return False
    return value


def _measure(raw: object, k: int, doc_id: str, default_funding: Funding, c: _Checker, places: dict | None) -> Measure | None:
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
    by_district = _district_funding(raw.get("funding_by_district"), entry, c, places)
    contingent = _flag(raw.get("contingent"), entry, "contingent", c)
    selective = _flag(raw.get("selective"), entry, "selective", c)
    conditions = _text(raw.get("conditions"), entry, "conditions", c, required=False)
    notes = _text(raw.get("notes"), entry, "notes", c, required=False)
    if len(c.problems) > n or funding is None:
        return None
    assert title and trigger and rule and clause and quote and isinstance(mid, str)
    return Measure(mid, title, trigger, rule, funding, clause, quote, doc_id, by_district, contingent, selective,
                   recipient, conditions, notes)


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
    if isinstance(data.get("city"), bool) or cities.city(city) is None:
        c.add(entry, "city", _city_problem(data.get("city")))
        city_ok = None
    else:
        city_ok = city
    zones = _zones(data.get("zones"), city_ok, doc_id or "", entry, c)
    places = cities.district_lookup(city_ok, zones) if city_ok else None
    supersedes = data.get("supersedes") or []
    if not isinstance(supersedes, list) or not all(isinstance(x, str) and x for x in supersedes):
        c.add(entry, "supersedes", "expected a list of document ids, e.g. [weifang-five-optimizations]")
        supersedes = []
    elif doc_id in supersedes:
        c.add(entry, "supersedes", "a document cannot supersede itself")
    title = _text(data.get("title"), entry, "title", c)
    issuer = _text(data.get("issuer"), entry, "issuer", c)
    number = _text(data.get("number"), entry, "number", c, required=False)
    issued = _date(data.get("issued"), entry, "issued", c)
    raw_window = data.get("window")
    window = None
    if not isinstance(raw_window, dict) or set(raw_window) - {"from", "to"}:
        c.add(entry, "window", "expected {from: <date or null>, to: <date or null>}")
    else:
        start = _date(raw_window.get("from"), entry, "window.from", c)
        end = _date(raw_window.get("to"), entry, "window.to", c)
        if start and end and start > end:
            c.add(entry, "window", f"from {start} is after to {end}")
        window = Window(start, end)
    partial = data.get("partial")
    if partial is not None and not isinstance(partial, str):
        c.add(entry, "partial", "expected a sentence saying what the copy is missing, or nothing")
    default_funding = _funding(data.get("funding"), entry, "funding", c) or UNSPECIFIED
    raw_measures = data.get("measures")
    measures: list[Measure] = []
    if not isinstance(raw_measures, list) or not raw_measures:
        c.add(entry, "measures", "expected a non-empty list of measures")
    else:
        seen: set[str] = set()
        for k, raw in enumerate(raw_measures):
            m = _measure(raw, k, doc_id or "", default_funding, c, places)
            if m is None:
                continue
            if m.id in seen:
                c.add(m.id, "id", "duplicate id in this document")
            seen.add(m.id)
            measures.append(m)
    if c.problems:
        return None, c.problems
    assert doc_id and title and issuer and window
    doc = Document(doc_id, city, title, issuer, number, issued, window, partial, _text(data.get("source"), entry, "source", c, False),
                   _text(data.get("notes"), entry, "notes", c, False), tuple(measures), file,
                   _text(data.get("short"), entry, "short", c, False), tuple(supersedes), zones)
    return doc, []


# --------------------------------------------------------------------------------- across documents


def cross_check(documents) -> list[Problem]:
    """``supersedes`` must name another document of the same city."""
    by_id = {d.id: d for d in documents}
    problems = []
    for d in documents:
        for k, old in enumerate(d.supersedes):
            target = by_id.get(old)
            if target is None:
                problems.append(Problem(d.file, f"{d.id}: supersedes[{k}]", f"no document with id {old!r}"
                                        + vocab.did_you_mean(old, [x for x in by_id if x != d.id])))
            elif target.city != d.city:
                problems.append(Problem(d.file, f"{d.id}: supersedes[{k}]",
                                        f"{old} is a document of {target.city}, not of this document's city {d.city}"))
    return problems


def _same_trigger(a: Measure, b: Measure) -> str | None:
    """What both measures pay for, in words, or None when no event triggers both."""
    ta, tb = a.trigger, b.trigger
    if a.recipient != "company" or b.recipient != "company" or "benefit" in (a.rule.form, b.rule.form):
        return None
    if ta.kind == tb.kind == "project" and ta.project == tb.project:
        return f"project {ta.project}"
    if ta.kind == tb.kind == "title" and ta.review == tb.review:
        titles = [t for t in ta.titles if t in tb.titles]
        levels = [lv for lv in (ta.levels or vocab.LEVELS) if tb.levels is None or lv in tb.levels]
        if titles and (levels or (ta.levels is None and tb.levels is None)):
            level = f" ({', '.join(levels)})" if ta.levels is not None or tb.levels is not None else ""
            return f"{', '.join(titles)}{level}" + (" re-review" if ta.review else "")
    return None


def overlap_warnings(documents) -> list[Problem]:
    """Two documents of one city whose windows overlap, neither superseding the other, with measures for the
    same trigger: a company may be paid twice for one event (a warning, not an error)."""
    out = []
    docs = list(documents)
    for i, a in enumerate(docs):
        for b in docs[i + 1:]:
            if a.city != b.city or a.id in b.supersedes or b.id in a.supersedes:
                continue
            start = max((w.start for w in (a.window, b.window) if w.start), default=None)
            ends = [w.end for w in (a.window, b.window) if w.end]
            end = min(ends) if ends else None
            if start and end and start > end:
                continue
            span = f"{start or '…'} to {end or 'no end'}"
            for ma in a.measures:
                for mb in b.measures:
                    what = _same_trigger(ma, mb)
                    if what:
                        out.append(Problem(b.file, b.id, f"overlaps {a.id} ({a.file}) from {span}: both pay for {what} "
                                           f"({mb.id} and {ma.id}) and neither supersedes the other, so one event may be "
                                           f"paid twice; if {b.id} replaces it, write supersedes: [{a.id}]"))
    return out
