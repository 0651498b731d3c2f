"""Validation of a measure's trigger (what event pays: a title and level, a project type, its requirements)
and its amount rule (a fixed amount, a ceiling, a rate of a base with caps, yearly caps): ``parse_trigger``
and ``parse_rule`` build them from the parsed YAML or report every problem. Pure; used by
``zjtx.policy.check``, which validates the rest of a document.
"""

from __future__ import annotations

from fractions import Fraction
from typing import cast

from zjtx import money, vocab
from zjtx.policy.fields import (
    Checker,
    as_list,
    field_amount,
    field_level,
    field_text,
    field_title,
    is_text,
    mapping,
    show,
    unreported,
)
from zjtx.policy.model import RULE_FORMS, RULE_KEYS, TRIGGER_KEYS, Requirement, Rule, Trigger
from zjtx.policy.safeyaml import Number

_KIND_KEYS = {
    "general": ("general",),
    "project": ("project", "requires"),
    "title": ("title", "titles", "level", "levels", "min_level", "review", "requires"),
}


def _requires(value: object, entry: str, c: Checker) -> tuple[Requirement, ...]:
    out: list[Requirement] = []
    for k, req in enumerate(as_list(value)):
        where = f"trigger.requires[{k}]" if isinstance(value, list) else "trigger.requires"
        if not isinstance(req, dict) or "title" not in req:
            c.add(entry, where, f"expected {{title: …, min_level: …}}, got {show(req)}")
            continue
        c.keys(req, ("title", "min_level"), entry, f"{where}.")
        t = field_title(req["title"], entry, f"{where}.title", c)
        ml = field_level(req["min_level"], entry, f"{where}.min_level", c) if "min_level" in req else None
        if t:
            out.append(Requirement(t, ml))
    return tuple(out)


def parse_trigger(value: object, entry: str, c: Checker) -> Trigger | None:
    if not mapping(value, entry, "trigger", "{title: …, level: …}, {project: …} or {general: true}", c):
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
            c.add(
                entry,
                f"trigger.{key}",
                f"does not go with {kinds[0]}; a {kind} trigger takes {', '.join(_KIND_KEYS[kind])}",
            )
    requires = _requires(value["requires"], entry, c) if "requires" in value else ()
    if kind == "general":
        if value["general"] is not True:
            c.add(entry, "trigger.general", f"expected true, got {show(value['general'])}")
        return Trigger("general") if c.count == n else None
    if kind == "project":
        p = value["project"]
        if not (is_text(p) and p in vocab.PROJECT_TYPES):
            hint = vocab.did_you_mean(p, vocab.PROJECT_TYPES) if is_text(p) else ""
            c.add(
                entry,
                "trigger.project",
                f"unknown project type {show(p)}{hint}; expected one of {', '.join(vocab.PROJECT_TYPES)} (see `zjtx titles`)",
            )
        return Trigger("project", project=p, requires=requires) if c.count == n and is_text(p) else None
    raw_titles = as_list(value[kinds[0]])
    if not raw_titles:
        c.add(entry, f"trigger.{kinds[0]}", "expected at least one title id")
    titles = [field_title(t, entry, f"trigger.{kinds[0]}", c) for t in raw_titles]
    given = [k for k in ("level", "levels", "min_level") if k in value]
    levels: tuple[str, ...] | None = None
    ml = None
    if len(given) > 1:
        c.add(entry, "trigger", "give one of level, levels, min_level")
    elif given == ["level"]:
        lv = field_level(value["level"], entry, "trigger.level", c)
        levels = (lv,) if lv else None
    elif given == ["levels"]:
        raw = as_list(value["levels"])
        if not raw:
            c.add(entry, "trigger.levels", "expected at least one level")
        levels = tuple(lv for lv in (field_level(x, entry, "trigger.levels", c) for x in raw) if lv)
    elif given == ["min_level"]:
        ml = field_level(value["min_level"], entry, "trigger.min_level", c)
        # Every level at or above it, 行业 (industry) included: 行业标准 ranks above 地方(省级)标准.
        levels = tuple(lv for lv in vocab.LEVELS if vocab.level_at_least(lv, ml)) if ml else None
    for t in titles:
        if t is None or levels is None:
            continue
        title = vocab.TITLES[t]
        if not title.levels:
            c.add(entry, "trigger.level", f"{t} has no level; remove the level")
        elif not set(levels) & set(title.levels):
            c.add(
                entry,
                "trigger.level",
                f"{t} has none of the levels {', '.join(levels)}; it has {', '.join(title.levels)}",
            )
    review = value.get("review", False)
    if not isinstance(review, bool):
        c.add(entry, "trigger.review", f"expected true or false, got {show(review)}")
        review = False
    elif review:
        for t in titles:
            if t is not None and not vocab.TITLES[t].renews:
                c.add(entry, "trigger.review", f"{t} has no dynamic re-review (nor 重新认定) in the vocabulary")
    if c.count > n:
        return None
    known = tuple(t for t in titles if t is not None)
    if len(known) != len(titles):
        raise unreported(entry, f"trigger.{kinds[0]}")
    return Trigger("title", titles=known, levels=levels, review=review, requires=requires, min_level=ml)


def _field_name(value: object, trigger: Trigger | None, entry: str, field: str, c: Checker) -> str | None:
    """``of`` / ``cap_of``: an amount field of the trigger's project type."""
    if trigger is not None and trigger.kind != "project":
        c.add(entry, field, "a rate needs a project trigger (its base is a project amount)")
        return None
    project = trigger.project if trigger is not None else None
    fields = vocab.PROJECT_TYPES[project].fields if project else None
    if not is_text(value):
        c.add(
            entry,
            field,
            f"expected the name of a project amount{', one of ' + ', '.join(fields) if fields else ''}, got {show(value)}",
        )
        return None
    if fields is not None and value not in fields:
        c.add(entry, field, f"{show(value)} is not an amount of a {project} project; it has {', '.join(fields)}")
        return None
    return value


def parse_rule(value: object, trigger: Trigger | None, entry: str, c: Checker) -> Rule | None:
    if not mapping(
        value, entry, "rule", "one of {amount: …}, {up_to: …}, {rate: …, of: …}, {unquantified: …}, {benefit: …}", c
    ):
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
        amount = field_amount(value[form], entry, f"rule.{form}", c)
        if amount is not None and amount <= 0:
            c.add(entry, f"rule.{form}", "must be greater than 0; a measure with no stated amount is {unquantified: …}")
        return Rule(form, amount=amount) if c.count == n else None
    if form in ("unquantified", "benefit"):
        text = field_text(value[form], entry, f"rule.{form}", c)
        return Rule(form, text=text) if c.count == n else None
    rate: Fraction | None
    try:
        rate = money.parse_fraction(value["rate"])
        if not 0 < rate <= 1:
            c.add(entry, "rule.rate", f"expected a rate above 0% and at most 100%, got {show(value['rate'])}")
    except ValueError as e:
        c.add(entry, "rule.rate", str(e))
        rate = None
    if value.get("of") is None:
        c.add(entry, "rule.of", "a rate needs a base: of: <amount field of the project>")
        base = None
    else:
        base = _field_name(value["of"], trigger, entry, "rule.of", c)
    cap = field_amount(value["cap"], entry, "rule.cap", c) if "cap" in value else None
    if cap is not None and cap <= 0:
        c.add(entry, "rule.cap", "must be greater than 0")
    cap_of = _field_name(value["cap_of"], trigger, entry, "rule.cap_of", c) if "cap_of" in value else None
    per = value.get("per", "project")
    if per not in ("project", "year"):
        c.add(entry, "rule.per", f'expected "project" or "year", got {show(per)}')
    elif per == "year" and cap is None:
        c.add(entry, "rule.per", "per: year needs a cap (the yearly cap)")
    rate_up_to = value.get("rate_up_to", False)
    if not isinstance(rate_up_to, bool):
        c.add(entry, "rule.rate_up_to", f"expected true or false, got {show(rate_up_to)}")
        rate_up_to = False
    shared = value.get("cap_of_shared_years")
    if isinstance(shared, Number) and shared.isdigit() and len(shared) <= 2:
        shared = int(shared)
    if shared is not None:
        if isinstance(shared, bool) or not isinstance(shared, int) or not 1 <= shared <= 10:
            c.add(entry, "rule.cap_of_shared_years", f"expected a number of years from 1 to 10, got {show(shared)}")
        elif cap_of is None:
            c.add(entry, "rule.cap_of_shared_years", "goes with cap_of (the figure whose budget the projects share)")
        elif per != "project":
            c.add(entry, "rule.cap_of_shared_years", "goes with per: project")
    if c.count > n:
        return None
    return Rule(
        "rate",
        rate=rate,
        base=base,
        rate_up_to=rate_up_to,
        cap=cap,
        cap_of=cap_of,
        per=cast(str, per),  # "project" or "year": checked above
        cap_of_shared_years=shared if isinstance(shared, int) else None,  # an int or None: checked above
    )


#: The payer of a measure that names none, in a document that names no default: a provincial document's
#: money is the province's, a central one's the central government's; a city's is unspecified (as written).
