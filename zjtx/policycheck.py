"""Validation of a policy document: takes a parsed YAML document (a dict) and returns a
:class:`~zjtx.policy.Document`, or every problem found (``file:line: entry id: field: what is wrong``).
Pure: no I/O (``zjtx.datafiles`` reads the files, ``zjtx.safeyaml`` parses them). The model is in
``zjtx.policy``.

Nothing here trusts the input: every field is type-checked before it is used (a list where a name is
expected is a message, never a TypeError), every check is real code (never ``assert``, which ``python -O``
removes), and a document is built only when no problem was found.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction
from typing import Callable

from zjtx import money, vocab
from zjtx import cities
from zjtx.errors import Problem
from zjtx.policy import (ASSESSMENTS, BOUND_KEYS, MEASURE_KEYS, DOCUMENT_KEYS, PAYER_LEVELS, READING_KEYS, RULE_FORMS, RULE_KEYS,
                         TRIGGER_KEYS, UNSPECIFIED, ZONE_KEYS, Bound, DistrictFunding, Document, Funding, Measure, Reading, Requirement,
                         Rule, Trigger, Variant, Window)
from zjtx.safeyaml import Number

DISTRICT_KEYS = ("label", "districts", "types", "funding", "note")
#: Problems kept per file (the rest are counted): a document of 1 MiB cannot make a million messages.
MAX_PROBLEMS = 1000
#: Ids are stable names for scripts: letters (Chinese too), digits, ".", "-", "_".
_ID = re.compile(r"[\w.\-]{1,100}")
_STEP = re.compile(r"([^.\[\]]+)|\[([0-9]+)\]")


def _show(value: object) -> str:
    """A value as it appears in a message: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _steps(field: str) -> tuple:
    """``"trigger.requires[0].title"`` → ``("trigger", "requires", 0, "title")``."""
    return tuple(key if key else int(index) for key, index in _STEP.findall(field))


class _Kept(list):
    """The first MAX_PROBLEMS problems of a file; ``len()`` counts every one found, so a check may compare
    ``len(c.problems)`` before and after to see whether it added one."""

    def __init__(self) -> None:
        super().__init__()
        self.found = 0

    def append(self, item) -> None:
        self.found += 1
        if self.found <= MAX_PROBLEMS:
            super().append(item)

    def __len__(self) -> int:
        return self.found

    def kept(self) -> int:
        return super().__len__()


class _Checker:
    """Collects problems; each remembers where in the document it is (``at`` + its field), so the first few
    are put on their line at the end, in one pass."""

    def __init__(self, file: str):
        self.file = file
        self.problems: _Kept = _Kept()  # (entry, field, message, at)
        self.at: tuple = ()  # the path of the entry being checked (``("measures", 3)``)

    @property
    def count(self) -> int:
        """Every problem found so far (compare it to see whether a check added one)."""
        return len(self.problems)

    def add(self, entry: str, field: str, message: str) -> None:
        self.problems.append((entry, field, message, self.at))

    def keys(self, table: dict, known: tuple[str, ...], entry: str, prefix: str) -> None:
        for key in table:
            if key not in known:
                key = str(key)
                shown = key if len(key) <= 60 else key[:57] + "…"
                self.add(entry, f"{prefix}{shown}", f'unknown key{vocab.did_you_mean(key, known)}; known: {", ".join(known)}')

    def result(self, root: object, line_of: Callable | None, located: int) -> list[Problem]:
        out = []
        for k, (entry, field, message, at) in enumerate(self.problems):
            line = line_of(root, at + _steps(field)) if line_of is not None and k < located else None
            out.append(Problem(f"{self.file}:{line}" if line else self.file, f"{entry}: {field}" if field else entry, message))
        if self.count > self.problems.kept():
            out.append(Problem(self.file, "", f"{self.count - self.problems.kept()} more problems in this file, not listed; fix the ones above first"))
        return out


def _is_text(value: object) -> bool:
    return isinstance(value, str) and not isinstance(value, Number)


def _text(value: object, entry: str, field: str, c: _Checker, required: bool = True) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            c.add(entry, field, "missing; every entry needs it")
        return None
    if isinstance(value, Number):
        c.add(entry, field, f'expected text, got the number {value[:40]}; put it in quotes ("{value[:40]}") if it is text')
        return None
    if not isinstance(value, str):
        c.add(entry, field, f"expected text, got {_kind(value)}")
        return None
    return value.strip()


def _kind(value: object) -> str:
    return {dict: "a mapping", list: "a list", bool: f"{value}".lower(), dt.date: f"the date {value}"}.get(type(value), type(value).__name__)


def _ident(value: object, entry: str, c: _Checker, what: str) -> str | None:
    if value is None or value == "":
        c.add(entry, "id", f"missing; every {what} needs a stable id")
        return None
    text = _text(value, entry, "id", c)
    if text is not None and not _ID.fullmatch(text):
        c.add(entry, "id", f"expected an id of letters, digits, '.', '-' and '_' (at most 100, no spaces), such as "
                           f"weifang.little_giant; got {_show(text)}")
        return None
    return text


def _date(value: object, entry: str, field: str, c: _Checker, nullable: bool = True) -> dt.date | None:
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
    c.add(entry, field, f"expected a date such as 2023-06-16 or null, got {_show(value)}")
    return None


def _funding(value: object, entry: str, field: str, c: _Checker) -> Funding | None:
    """A payer or a mapping of shares; ``None`` (with a problem) when it is not one."""
    if _is_text(value):
        if value in PAYER_LEVELS:
            return Funding(((value, Fraction(1)),))  # type: ignore[arg-type]
        c.add(entry, field, f'expected one of {", ".join(PAYER_LEVELS)} or a mapping of shares, got {_show(value)}'
              + vocab.did_you_mean(value, PAYER_LEVELS))  # type: ignore[arg-type]
        return None
    if not isinstance(value, dict) or not value:
        got = "null (write unspecified when the document names no payer)" if value is None else _show(value)
        c.add(entry, field, f"expected a payer (municipal …) or a mapping such as {{provincial: 8/10, municipal: 2/10}}, got {got}")
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
            c.add(entry, f"{field}.{level}", f"a share must be greater than 0, got {_show(raw)}")
            return None
        shares.append((level, share))
    total = sum((s for _, s in shares), Fraction(0))
    if total != 1:
        c.add(entry, field, f"shares sum to {total} ({money.fmt_rate(total)}), not exactly 1")
        return None
    return Funding(tuple(shares))


def _amount(value: object, entry: str, field: str, c: _Checker) -> Decimal | None:
    if isinstance(value, str) and re.match(r"\s*0[0-9]", value):
        c.add(entry, field, f"{_show(value)} has a leading zero (YAML 1.1 reads 010 as octal 8); write the amount without it")
        return None
    try:
        return money.parse_amount(value)
    except money.AmountError as e:
        c.add(entry, field, str(e))
        return None


def _level(value: object, entry: str, field: str, c: _Checker) -> str | None:
    if _is_text(value) and value in vocab.LEVELS:
        return value  # type: ignore[return-value]
    hint = vocab.did_you_mean(value, vocab.LEVELS) if _is_text(value) else ""  # type: ignore[arg-type]
    c.add(entry, field, f"unknown level {_show(value)}{hint}; expected one of {', '.join(vocab.LEVELS)}")
    return None


def _title_id(value: object, entry: str, field: str, c: _Checker) -> str | None:
    if _is_text(value) and value in vocab.TITLES:
        return value  # type: ignore[return-value]
    hint = vocab.did_you_mean(value, vocab.TITLES) if _is_text(value) else ""  # type: ignore[arg-type]
    c.add(entry, field, f"unknown title id {_show(value)}{hint}; `zjtx titles` lists them")
    return None


def _list(value: object) -> list:
    """A list, or a single value standing for a list of one."""
    return value if isinstance(value, list) else [value]


#: The trigger keys each kind of trigger takes (``TRIGGER_KEYS`` is all of them).
_KIND_KEYS = {"general": ("general",), "project": ("project", "requires"),
              "title": ("title", "titles", "level", "levels", "min_level", "review", "requires")}


def _requires(value: object, entry: str, c: _Checker) -> tuple[Requirement, ...]:
    out = []
    for k, req in enumerate(_list(value)):
        where = f"trigger.requires[{k}]" if isinstance(value, list) else "trigger.requires"
        if not isinstance(req, dict) or "title" not in req:
            c.add(entry, where, f"expected {{title: …, min_level: …}}, got {_show(req)}")
            continue
        c.keys(req, ("title", "min_level"), entry, f"{where}.")
        t = _title_id(req["title"], entry, f"{where}.title", c)
        ml = _level(req["min_level"], entry, f"{where}.min_level", c) if "min_level" in req else None
        if t:
            out.append(Requirement(t, ml))
    return tuple(out)


def _trigger(value: object, entry: str, c: _Checker) -> Trigger | None:
    if not isinstance(value, dict):
        got = "" if value is None else f", got {_show(value)}"
        c.add(entry, "trigger", f"missing; expected {{title: …, level: …}}, {{project: …}} or {{general: true}}{got}")
        return None
    c.keys(value, TRIGGER_KEYS, entry, "trigger.")
    n = c.count
    kinds = [k for k in ("title", "titles", "project", "general") if k in value]
    if len(kinds) != 1:
        c.add(entry, "trigger", "expected exactly one of title, titles, project, general")
        return None
    kind = "title" if kinds[0] == "titles" else kinds[0]
    for key in value:
        if key in TRIGGER_KEYS and key not in _KIND_KEYS[kind]:
            c.add(entry, f"trigger.{key}", f"does not go with {kinds[0]}; a {kind} trigger takes {', '.join(_KIND_KEYS[kind])}")
    requires = _requires(value["requires"], entry, c) if "requires" in value else ()
    if kind == "general":
        if value["general"] is not True:
            c.add(entry, "trigger.general", f"expected true, got {_show(value['general'])}")
        return Trigger("general") if c.count == n else None
    if kind == "project":
        p = value["project"]
        if not (_is_text(p) and p in vocab.PROJECT_TYPES):
            hint = vocab.did_you_mean(p, vocab.PROJECT_TYPES) if _is_text(p) else ""
            c.add(entry, "trigger.project", f"unknown project type {_show(p)}{hint}; expected one of {', '.join(vocab.PROJECT_TYPES)} (see `zjtx titles`)")
        return Trigger("project", project=p, requires=requires) if c.count == n else None
    raw_titles = _list(value[kinds[0]])
    if not raw_titles:
        c.add(entry, f"trigger.{kinds[0]}", "expected at least one title id")
    titles = [_title_id(t, entry, f"trigger.{kinds[0]}", c) for t in raw_titles]
    given = [k for k in ("level", "levels", "min_level") if k in value]
    levels: tuple[str, ...] | None = None
    ml = None
    if len(given) > 1:
        c.add(entry, "trigger", "give one of level, levels, min_level")
    elif given == ["level"]:
        lv = _level(value["level"], entry, "trigger.level", c)
        levels = (lv,) if lv else None
    elif given == ["levels"]:
        raw = _list(value["levels"])
        if not raw:
            c.add(entry, "trigger.levels", "expected at least one level")
        levels = tuple(lv for lv in (_level(x, entry, "trigger.levels", c) for x in raw) if lv)
    elif given == ["min_level"]:
        ml = _level(value["min_level"], entry, "trigger.min_level", c)
        # Every level at or above it, 行业 (industry) included: 行业标准 ranks above 地方(省级)标准.
        levels = tuple(lv for lv in vocab.LEVELS if vocab.level_at_least(lv, ml)) if ml else None
    for t in titles:
        if t is None or levels is None:
            continue
        title = vocab.TITLES[t]
        if not title.levels:
            c.add(entry, "trigger.level", f"{t} has no level; remove the level")
        elif not set(levels) & set(title.levels):
            c.add(entry, "trigger.level", f"{t} has none of the levels {', '.join(levels)}; it has {', '.join(title.levels)}")
    review = value.get("review", False)
    if not isinstance(review, bool):
        c.add(entry, "trigger.review", f"expected true or false, got {_show(review)}")
    elif review:
        for t in titles:
            if t is not None and not vocab.TITLES[t].review:
                c.add(entry, "trigger.review", f"{t} has no dynamic re-review in the vocabulary")
    if c.count > n:
        return None
    return Trigger("title", titles=tuple(titles), levels=levels, review=review, requires=requires,  # type: ignore[arg-type]
                   min_level=ml)


def _field_name(value: object, trigger: Trigger | None, entry: str, field: str, c: _Checker) -> str | None:
    """``of`` / ``cap_of``: an amount field of the trigger's project type."""
    if trigger is not None and trigger.kind != "project":
        c.add(entry, field, "a rate needs a project trigger (its base is a project amount)")
        return None
    fields = vocab.PROJECT_TYPES[trigger.project].fields if trigger and trigger.project else None
    if not _is_text(value):
        c.add(entry, field, f"expected the name of a project amount{', one of ' + ', '.join(fields) if fields else ''}, got {_show(value)}")
        return None
    if fields is not None and value not in fields:
        c.add(entry, field, f"{_show(value)} is not an amount of a {trigger.project} project; it has {', '.join(fields)}")  # type: ignore[union-attr]
        return None
    return value  # type: ignore[return-value]


def _rule(value: object, trigger: Trigger | None, entry: str, c: _Checker) -> Rule | None:
    if not isinstance(value, dict):
        got = "" if value is None else f", got {_show(value)}"
        c.add(entry, "rule", f"missing; expected one of {{amount: …}}, {{up_to: …}}, {{rate: …, of: …}}, {{unquantified: …}}, {{benefit: …}}{got}")
        return None
    c.keys(value, RULE_KEYS, entry, "rule.")
    n = c.count
    forms = [k for k in RULE_FORMS if k in value]
    if len(forms) != 1:
        c.add(entry, "rule", f"expected exactly one of {', '.join(RULE_FORMS)}; got {', '.join(forms) or 'none'}")
        return None
    form = forms[0]
    if form != "rate":
        extra = [k for k in ("of", "cap", "cap_of", "cap_of_shared_years", "rate_up_to", "per") if k in value]
        if extra:
            c.add(entry, "rule", f"{', '.join(extra)} only go with rate")
    if form in ("amount", "up_to"):
        amount = _amount(value[form], entry, f"rule.{form}", c)
        if amount is not None and amount <= 0:
            c.add(entry, f"rule.{form}", "must be greater than 0; a measure with no stated amount is {unquantified: …}")
        return Rule(form, amount=amount) if c.count == n else None
    if form in ("unquantified", "benefit"):
        text = _text(value[form], entry, f"rule.{form}", c)
        return Rule(form, text=text) if c.count == n else None
    try:
        rate: Fraction | None = money.parse_fraction(value["rate"])
        if not 0 < rate <= 1:  # type: ignore[operator]
            c.add(entry, "rule.rate", f"expected a rate above 0% and at most 100%, got {_show(value['rate'])}")
    except ValueError as e:
        c.add(entry, "rule.rate", str(e))
        rate = None
    if value.get("of") is None:
        c.add(entry, "rule.of", "a rate needs a base: of: <amount field of the project>")
        base = None
    else:
        base = _field_name(value["of"], trigger, entry, "rule.of", c)
    cap = _amount(value["cap"], entry, "rule.cap", c) if "cap" in value else None
    if cap is not None and cap <= 0:
        c.add(entry, "rule.cap", "must be greater than 0")
    cap_of = _field_name(value["cap_of"], trigger, entry, "rule.cap_of", c) if "cap_of" in value else None
    per = value.get("per", "project")
    if per not in ("project", "year"):
        c.add(entry, "rule.per", f'expected "project" or "year", got {_show(per)}')
    elif per == "year" and cap is None:
        c.add(entry, "rule.per", "per: year needs a cap (the yearly cap)")
    rate_up_to = value.get("rate_up_to", False)
    if not isinstance(rate_up_to, bool):
        c.add(entry, "rule.rate_up_to", f"expected true or false, got {_show(rate_up_to)}")
    shared = value.get("cap_of_shared_years")
    if isinstance(shared, Number) and shared.isdigit() and len(shared) <= 2:
        shared = int(shared)
    if shared is not None:
        if isinstance(shared, bool) or not isinstance(shared, int) or not 1 <= shared <= 10:
            c.add(entry, "rule.cap_of_shared_years", f"expected a number of years from 1 to 10, got {_show(shared)}")
        elif cap_of is None:
            c.add(entry, "rule.cap_of_shared_years", "goes with cap_of (the figure whose budget the projects share)")
        elif per != "project":
            c.add(entry, "rule.cap_of_shared_years", "goes with per: project")
    if c.count > n:
        return None
    return Rule("rate", rate=rate, base=base, rate_up_to=rate_up_to, cap=cap, cap_of=cap_of, per=per,  # type: ignore[arg-type]
                cap_of_shared_years=shared)


def _district_funding(value: object, entry: str, c: _Checker, places: dict | None) -> tuple[DistrictFunding, ...]:
    """``places``: every name of the city's divisions and zones (None when the city itself is invalid)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        c.add(entry, "funding_by_district", f"expected a list of {{label, districts or types, funding}}, got {_show(value)}")
        return ()
    out = []
    claimed: dict[str, int] = {}
    for k, item in enumerate(value):
        where = f"funding_by_district[{k}]"
        if not isinstance(item, dict):
            c.add(entry, where, f"expected {{label: …, districts: [names], types: [{', '.join(cities.CATEGORIES)}], funding: …}}, "
                  f"got {_show(item)}")
            continue
        n = c.count
        c.keys(item, DISTRICT_KEYS, entry, f"{where}.")
        label = _text(item.get("label"), entry, f"{where}.label", c)
        districts, types_given = item.get("districts"), item.get("types")
        if districts is None and types_given is None:
            c.add(entry, where, f"expected districts: [names], types: [{', '.join(cities.CATEGORIES)}] or both")
        for key, value in (("districts", districts), ("types", types_given)):
            if value is not None and (not isinstance(value, list) or not value):
                c.add(entry, f"{where}.{key}", f"expected a non-empty list, got {_show(value)}")
        names = []
        for j, raw in enumerate(districts if isinstance(districts, list) else []):
            text = _text(raw, entry, f"{where}.districts[{j}]", c)
            if text is None:
                continue
            found = places.get(cities.name_key(text)) if places is not None else None
            if places is not None and (found is None or cities.name_key(text) not in
                                       {cities.name_key(x) for x in (found.name, *found.aliases)}):
                hint = vocab.did_you_mean(text, sorted({d.name for d in places.values()}))
                c.add(entry, f"{where}.districts[{j}]", f"{text!r} is not the whole name of a county-level division of the "
                      f"document's city nor of a zone it declares (zones:){hint}")
                continue
            name = found.name if found is not None else text
            if name in claimed:
                c.add(entry, f"{where}.districts[{j}]", f"{name} is already in funding_by_district[{claimed[name]}]")
            claimed[name] = k
            names.append(name)
        types = []
        for j, t in enumerate(types_given if isinstance(types_given, list) else []):
            if t not in cities.CATEGORIES:
                c.add(entry, f"{where}.types[{j}]", f"expected one of {', '.join(cities.CATEGORIES)}, got {_show(t)}"
                      + vocab.did_you_mean(str(t), cities.CATEGORIES))
            elif any(t in d.types for d in out) or t in types:
                c.add(entry, f"{where}.types[{j}]", f"{t} is already covered by an earlier part")
            else:
                types.append(t)
        f = _funding(item.get("funding"), entry, f"{where}.funding", c)
        note = _text(item.get("note"), entry, f"{where}.note", c, required=False)
        if len(c.problems) == n:
            out.append(DistrictFunding(label, tuple(names), f, note, tuple(types)))  # type: ignore[arg-type]
    return tuple(out)


def _zones(value: object, city: str | None, doc_id: str, entry: str, c: _Checker) -> tuple:
    """The zones (园区) a document declares: ``[{name, aliases, counts_as, note}]``."""
    if value is None:
        return ()
    if not isinstance(value, list):
        c.add(entry, "zones", "expected a list of {name: …, aliases: [...], counts_as: urban_district | county_level}")
        return ()
    taken = {cities.name_key(n): d.name for d in (cities.divisions_of(city) if city else ()) for n in (d.name, d.short)}
    out = []
    for k, item in enumerate(value):
        where = f"zones[{k}]"
        if not isinstance(item, dict):
            c.add(entry, where, "expected {name: …, aliases: [...], counts_as: …, note: …}")
            continue
        c.keys(item, ZONE_KEYS, entry, f"{where}.")
        name = _text(item.get("name"), entry, f"{where}.name", c)
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(_is_text(a) and a.strip() for a in aliases):
            c.add(entry, f"{where}.aliases", f"expected a list of names, got {_show(aliases)}")
            aliases = []
        counts_as = item.get("counts_as")
        if counts_as is not None and counts_as not in cities.CATEGORIES:
            c.add(entry, f"{where}.counts_as", f"expected one of {', '.join(cities.CATEGORIES)}, got {_show(counts_as)}")
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
    if not isinstance(value, str):
        return f'expected the GB/T 2260 code of a city in quotes, such as "330100" for 杭州市, got {_show(value)}'
    try:
        found = cities.resolve_city(value)
    except cities.CityError as e:
        return f"expected the GB/T 2260 code of a city, such as \"330100\" for 杭州市: {e}"
    return f'expected the GB/T 2260 code of a city: {value!r} is {found.name}; write city: "{found.code}"'


def _flag(value: object, entry: str, field: str, c: _Checker) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        c.add(entry, field, f"expected true or false, got {_show(value)}")
        return False
    return value


def _measure(raw: object, k: int, doc_id: str, default_funding: Funding, readings: dict[str, Reading],
             c: _Checker, places: dict | None = None) -> Measure | None:
    c.at = ("measures", k)
    n = c.count
    if not isinstance(raw, dict):
        c.add(f"measures[{k}]", "", f"expected a mapping with id, title, trigger, rule, clause, quote; got {_show(raw)}")
        return None
    raw_id = raw.get("id")
    entry = raw_id.strip() if _is_text(raw_id) and raw_id.strip() and len(raw_id) <= 100 else f"measures[{k}]"  # type: ignore[union-attr]
    mid = _ident(raw_id, entry, c, "measure")
    c.keys(raw, MEASURE_KEYS, entry, "")
    title = _text(raw.get("title"), entry, "title", c)
    trigger = _trigger(raw.get("trigger"), entry, c)
    rule = _rule(raw.get("rule"), trigger, entry, c)
    funding = _funding(raw["funding"], entry, "funding", c) if "funding" in raw else default_funding
    clause = _text(raw.get("clause"), entry, "clause", c)
    quote = _text(raw.get("quote"), entry, "quote", c)
    recipient = raw.get("recipient", "company")
    if recipient not in ("company", "district"):
        c.add(entry, "recipient", f'expected "company" or "district", got {_show(recipient)}')
    by_district = _district_funding(raw.get("funding_by_district"), entry, c, places)
    contingent = _flag(raw.get("contingent"), entry, "contingent", c)
    selective = _flag(raw.get("selective"), entry, "selective", c)
    conditions = _text(raw.get("conditions"), entry, "conditions", c, required=False)
    notes = _text(raw.get("notes"), entry, "notes", c, required=False)
    assessment = raw.get("assessment")
    if assessment is not None and assessment not in ASSESSMENTS:
        hint = vocab.did_you_mean(assessment, ASSESSMENTS) if _is_text(assessment) else ""  # type: ignore[arg-type]
        c.add(entry, "assessment", f"expected {' or '.join(ASSESSMENTS)} (awarded in the year after the event, 上年度…), "
              f"got {_show(assessment)}{hint}")
    if assessment is not None and trigger is not None and trigger.kind != "title":
        c.add(entry, "assessment", "goes with a title trigger (the year after the recognition)")
    reading, variants = _variants(raw, trigger, readings, entry, c)
    if c.count > n:
        return None
    return Measure(mid, title, trigger, rule, funding, clause, quote, doc_id, by_district, contingent, selective,  # type: ignore[arg-type]
                   recipient, conditions, notes, assessment, reading, variants)  # type: ignore[arg-type]


def _variants(raw: dict, trigger: Trigger | None, readings: dict[str, Reading], entry: str,
              c: _Checker) -> tuple[str | None, tuple[Variant, ...]]:
    """``reading: ID`` and ``variants: {OPTION: {trigger: …} | {rule: …} | null}`` (null: does not apply)."""
    rid = raw.get("reading")
    rv = raw.get("variants")
    if rid is None:
        if rv is not None:
            c.add(entry, "variants", "variants need reading: <the id of one of the document's readings>")
        return None, ()
    if not _is_text(rid) or rid not in readings:
        hint = vocab.did_you_mean(rid, readings) if _is_text(rid) else ""  # type: ignore[arg-type]
        c.add(entry, "reading", f"no reading {_show(rid)} in this document's readings{hint}")
        return None, ()
    reading = readings[rid]  # type: ignore[index]
    others = [o for o, _ in reading.options if o != reading.taken]
    if not isinstance(rv, dict) or not rv:
        c.add(entry, "variants", f"expected a mapping of the other options ({', '.join(others)}) to {{trigger: …}}, "
              f"{{rule: …}} or null, got {_show(rv)}")
        return None, ()
    out = []
    for option, body in rv.items():
        where = f"variants.{option}"
        if option not in others:
            hint = vocab.did_you_mean(option, others) if _is_text(option) else ""
            c.add(entry, where, f"not another option of {rid}{hint}; expected one of: {', '.join(others)}")
            continue
        if body is None:
            out.append(Variant(option, dropped=True))
            continue
        if not isinstance(body, dict) or not body or set(body) - {"trigger", "rule"}:
            c.add(entry, where, f"expected {{trigger: …}} and/or {{rule: …}}, or null when the measure does not apply; got {_show(body)}")
            continue
        t = _trigger(body["trigger"], entry, c) if "trigger" in body else None
        r = _rule(body["rule"], t or trigger, entry, c) if "rule" in body else None
        out.append(Variant(option, t, r))
    return rid, tuple(out)  # type: ignore[return-value]


def _readings(value: object, entry: str, c: _Checker) -> dict[str, Reading]:
    """The document's ``readings``: [{id, question, clause, taken, options: [{id, text}, …]}]."""
    if value is None:
        return {}
    if not isinstance(value, list):
        c.add(entry, "readings", f"expected a list of {{id, question, clause, taken, options}}, got {_show(value)}")
        return {}
    out: dict[str, Reading] = {}
    for k, item in enumerate(value):
        where = f"readings[{k}]"
        if not isinstance(item, dict):
            c.add(entry, where, f"expected {{id, question, clause, taken, options}}, got {_show(item)}")
            continue
        c.keys(item, READING_KEYS, entry, f"{where}.")
        rid = _text(item.get("id"), entry, f"{where}.id", c)
        question = _text(item.get("question"), entry, f"{where}.question", c)
        clause = _text(item.get("clause"), entry, f"{where}.clause", c)
        options = []
        raw_opts = item.get("options")
        if not isinstance(raw_opts, list) or len(raw_opts) < 2:
            c.add(entry, f"{where}.options", f"expected at least two options, each {{id, text}}, got {_show(raw_opts)}")
            raw_opts = []
        for j, o in enumerate(raw_opts):
            oid = o.get("id") if isinstance(o, dict) else None
            text = _text(o.get("text"), entry, f"{where}.options[{j}].text", c) if isinstance(o, dict) else None
            if not _is_text(oid) or not _ID.fullmatch(oid) or not text:  # type: ignore[arg-type]
                c.add(entry, f"{where}.options[{j}]", f"expected {{id: <option id>, text: <what this reading means>}}, got {_show(o)}")
                continue
            options.append((oid, text))
        ids = [o for o, _ in options]
        if len(set(ids)) != len(ids):
            c.add(entry, f"{where}.options", "option ids must be unique")
        taken = item.get("taken")
        if ids and taken not in ids:
            hint = vocab.did_you_mean(taken, ids) if _is_text(taken) else ""  # type: ignore[arg-type]
            c.add(entry, f"{where}.taken", f"expected the id of one of the options ({', '.join(ids)}){hint}")
        if rid in out:
            c.add(entry, f"{where}.id", "duplicate reading id")
        if rid and question and clause and taken in ids and len(options) >= 2:
            out[rid] = Reading(rid, question, clause, taken, tuple(options))  # type: ignore[arg-type]
    return out


def _window_end(value: object, entry: str, field: str, c: _Checker) -> tuple[dt.date | None, Bound | None]:
    """A window end: a date, null, or {not_before: …, not_after: …, reason: …} when it is known only as a bound.
    Returns (the hard bound: the earliest start / the latest end, the Bound)."""
    if not isinstance(value, dict):
        return _date(value, entry, field, c), None
    c.keys(value, BOUND_KEYS, entry, f"{field}.")
    n = c.count
    lo = _date(value.get("not_before"), entry, f"{field}.not_before", c)
    hi = _date(value.get("not_after"), entry, f"{field}.not_after", c)
    reason = _text(value.get("reason"), entry, f"{field}.reason", c)
    if lo is None and hi is None and c.count == n:
        c.add(entry, field, "a bound needs not_before and/or not_after (dates)")
    if lo and hi and lo > hi:
        c.add(entry, field, f"not_before {lo} is after not_after {hi}")
    if c.count > n:
        return None, None
    return (lo if field.endswith("from") else hi), Bound(lo, hi, reason)  # type: ignore[arg-type]


def parse_document(data: object, file: str, line_of: Callable | None = None, located: int = 50) -> tuple[Document | None, list[Problem]]:
    """Validate one policy document. Returns ``(document, [])`` or ``(None, problems)``.

    ``line_of(root, path)`` (see :class:`zjtx.safeyaml.Lines`) puts the first ``located`` problems on their line."""
    c = _Checker(file)
    if not isinstance(data, dict):
        c.add("document", "", f"expected a mapping with id, city, title, window and measures; got {_show(data)}")
        return None, c.result(data, line_of, located)
    raw_id = data.get("id")
    entry = raw_id.strip() if _is_text(raw_id) and raw_id.strip() and len(raw_id) <= 100 else "document"  # type: ignore[union-attr]
    doc_id = _ident(raw_id, entry, c, "document")
    c.keys(data, DOCUMENT_KEYS, entry, "")
    raw_city = data.get("city")
    city_ok = raw_city.strip() if isinstance(raw_city, str) and cities.city(raw_city.strip()) is not None else None
    if city_ok is None:
        c.add(entry, "city", _city_problem(raw_city))
    city = city_ok or str(raw_city)
    zones = _zones(data.get("zones"), city_ok, doc_id or "", entry, c)
    places = cities.district_lookup(city_ok, zones) if city_ok else None
    supersedes = data.get("supersedes")
    if supersedes is None:
        supersedes = []
    elif not isinstance(supersedes, list) or not all(_is_text(x) and x.strip() for x in supersedes):
        c.add(entry, "supersedes", f"expected a list of document ids, e.g. [weifang-five-optimizations], got {_show(supersedes)}")
        supersedes = []
    elif doc_id in supersedes:
        c.add(entry, "supersedes", "a document cannot supersede itself")
    title = _text(data.get("title"), entry, "title", c)
    short = _text(data.get("short"), entry, "short", c, required=False)
    issuer = _text(data.get("issuer"), entry, "issuer", c)
    number = _text(data.get("number"), entry, "number", c, required=False)
    issued = _date(data.get("issued"), entry, "issued", c)
    raw_window = data.get("window")
    window = None
    if not isinstance(raw_window, dict) or set(raw_window) - {"from", "to"}:
        c.add(entry, "window", f"expected {{from: <date or null>, to: <date or null>}}, got {_show(raw_window)}")
    else:
        start, start_bound = _window_end(raw_window.get("from"), entry, "window.from", c)
        end, end_bound = _window_end(raw_window.get("to"), entry, "window.to", c)
        if start and end and start > end:
            c.add(entry, "window", f"from {start} is after to {end}")
        window = Window(start, end, start_bound, end_bound)
    partial = _text(data.get("partial"), entry, "partial", c, required=False)
    source = _text(data.get("source"), entry, "source", c, required=False)
    notes = _text(data.get("notes"), entry, "notes", c, required=False)
    default_funding = _funding(data["funding"], entry, "funding", c) if "funding" in data else UNSPECIFIED
    c.at = ("readings",)
    readings = _readings(data.get("readings"), entry, c)
    c.at = ()
    raw_measures = data.get("measures")
    measures: list[Measure] = []
    if not isinstance(raw_measures, list) or not raw_measures:
        c.add(entry, "measures", f"expected a non-empty list of measures, got {_show(raw_measures)}")
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
                c.add(entry, "readings", f"reading {rid} is used by no measure (give a measure reading: {rid} and its variants)")
    if c.count:
        return None, c.result(data, line_of, located)
    doc = Document(doc_id, city, title, issuer, number, issued, window, partial, source, notes, tuple(measures), file,  # type: ignore[arg-type]
                   short, tuple(readings.values()), tuple(x.strip() for x in supersedes), zones)
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
