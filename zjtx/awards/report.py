"""Reports as JSON-ready dicts (English snake_case keys; amounts in yuan as exact JSON numbers).
Pure: no printing here. The key set of ``check`` is a user contract — add keys, never change one."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from zjtx import money
from zjtx.awards.describe import rule_words, trigger_words
from zjtx.awards.jsontext import Items, compact, dumps, dumps_lines, member_key, once, once_items, remembered
from zjtx.awards.model import Award, General, Report, Totals
from zjtx.awards.unmatched import Unmatched
from zjtx.awards.view import JSON_FIELDS, source
from zjtx.policy.model import Document, documents_for

if TYPE_CHECKING:
    from zjtx.awards.plan import Option
    from zjtx.company.model import Company
    from zjtx.places import City
    from zjtx.policy.model import Bound

__all__ = ["check_dict", "dumps", "dumps_lines"]  # the text of a report: zjtx.awards.jsontext

NO_QUANTIFIED = "no quantified award in the bundled documents"


def no_document(city: City) -> str:
    from zjtx.places import namesakes

    others = namesakes(city)
    return f"no policy document for {city.name} is bundled or given with --data" + (
        f"; {city.name} ({city.province}) is not {' or '.join(others)}" if others else ""
    )


def _bound(b: Bound) -> dict:
    return {
        "not_before": b.not_before.isoformat() if b.not_before else None,
        "not_after": b.not_after.isoformat() if b.not_after else None,
        "reason": b.reason,
    }


def window_dict(doc: Document) -> dict:
    """``from`` / ``to``: the hard bounds (an event outside them never counts); ``from_bound`` / ``to_bound``
    when an end is known only as not before / not after a date, with the reason."""
    w = doc.window
    out: dict[str, Any] = {"from": w.start.isoformat() if w.start else None, "to": w.end.isoformat() if w.end else None}
    if w.start_bound is not None:
        out["from_bound"] = _bound(w.start_bound)
    if w.end_bound is not None:
        out["to_bound"] = _bound(w.end_bound)
    return out


#: (key, getter, whether an amount) of each field of an award's JSON, looked up once.
_AWARD_JSON: tuple[tuple[str, Any, bool], ...] = tuple((f.json or "", f.get, f.kind == "yuan") for f in JSON_FIELDS)
_PER_MEASURE = tuple(f.per_measure for f in JSON_FIELDS)


def award_dict(a: Award) -> dict:
    """The award as JSON: the keys and values of the award view (zjtx.awards.view), amounts exact."""
    number = money.json_number
    return {key: number(get(a)) if amount else get(a) for key, get, amount in _AWARD_JSON}


def award_json(a: Award) -> str:
    """``compact(award_dict(a))``, faster in a batch: the members the same for every award of the measure
    (its title, source, reading, departments…) are encoded once, and each run of the others in one call."""
    number = money.json_number
    parts = []
    for run in remembered("award", (a.document, a.measure, *(a.reading or ())), lambda: _award_runs(a)):
        if isinstance(run, str):
            parts.append(run)
        elif len(run) == 1:
            key, get, amount = run[0]
            parts.append(f"{member_key(key)}{compact(number(get(a)) if amount else get(a))}")
        else:  # the members of a dict's compact JSON: its text without the braces
            parts.append(compact({key: number(get(a)) if amount else get(a) for key, get, amount in run})[1:-1])
    return "{" + ",".join(parts) + "}"


def _award_runs(a: Award) -> tuple[str | tuple[tuple[str, Any, bool], ...], ...]:
    """The award's JSON members in order, as runs: the encoded text of consecutive per-measure members (the
    same for every award of ``a``'s measure and reading), or the fields of consecutive others."""
    runs: list[str | tuple[tuple[str, Any, bool], ...]] = []
    for field, fixed in zip(_AWARD_JSON, _PER_MEASURE, strict=True):
        key, get, amount = field
        last = runs[-1] if runs else None
        if fixed:
            member = f"{compact(key)}:{compact(money.json_number(get(a)) if amount else get(a))}"
            if isinstance(last, str):
                runs[-1] = f"{last},{member}"
            else:
                runs.append(member)
        elif isinstance(last, tuple):
            runs[-1] = (*last, field)
        else:
            runs.append((field,))
    return tuple(runs)


def totals_dict(t: Totals) -> dict:
    return {
        "amount": money.json_number(t.amount),
        "by_level": {lv: money.json_number(v) for lv, v in t.by_level.items()},
        "unquantified": t.unquantified,
        "bound": t.bound,
        "out_of_window": t.out_of_window,
        "stacked": t.stacked,
        "contingent": money.json_number(t.contingent),
        "by_certainty": {c: money.json_number(v) for c, v in t.by_certainty.items()},
        "projected": money.json_number(t.projected),
        "projected_count": t.projected_count,
        "window_uncertain": money.json_number(t.window_uncertain),
        "window_uncertain_count": t.window_uncertain_count,
        "by_year": {str(y): money.json_number(v) for y, v in t.by_year.items()},
    }


def city_dict(city: City) -> dict:
    return {"code": city.code, "name": city.name, "province": city.province, "type": city.type}


def company_dict(company: Company) -> dict:
    return {"name": company.name, "city": company.city.code, "district": company.district}


@lru_cache(maxsize=64)
def _documents(documents: tuple[Document, ...], as_of: dt.date) -> list[dict]:
    """The documents part of a check report: the same for every company of a city on a date."""
    return [
        {
            "id": d.id,
            "title": d.citation,
            "window": window_dict(d),
            "partial": d.partial,
            "in_force": d.window.in_force(as_of),
            "in_force_uncertain": _in_force_uncertain(d, as_of),
            "status": d.window.status(as_of),  # eligible (现行) | expired (已失效) | not_yet_in_force (未生效)
        }
        for d in documents
    ]


def _documents_part(report: Report, encoded: bool) -> list[dict] | Items:
    if encoded:
        return once_items(
            "documents", (report.as_of, *report.documents), lambda: _documents(report.documents, report.as_of)
        )
    return _documents(report.documents, report.as_of)


def _in_force_uncertain(d: Document, as_of: dt.date) -> bool:
    status, reason = d.window.span(as_of, as_of)
    return status == "eligible" and reason is not None


def unmatched_dict(u: Unmatched) -> dict:
    nearest = None
    if u.nearest is not None:
        m, d = u.nearest
        nearest = {
            "policy": m.id,
            "title": m.title,
            "trigger_text": trigger_words(m.trigger),
            "rule_text": rule_words(m.rule),
            "source": source(d, m),
        }
    return {
        "entry": u.entry,
        "trigger": u.trigger,
        "reason": u.reason,
        "explanation": u.explanation,
        "nearest": nearest,
    }


@lru_cache(maxsize=64)
def _other_measures(general: tuple[General, ...]) -> list[dict]:
    return [
        {
            "policy": g.measure.id,
            "title": g.measure.title,
            "kind": g.measure.rule.bound,
            "rule_text": rule_words(g.measure.rule),
            "in_force": g.in_force,
            "source": {"document_id": g.document.id, "clause": g.measure.clause},
            "departments": list(g.measure.departments),
        }
        for g in general
    ]


def check_dict(report: Report, file: str | None = None, *, encoded: bool = False) -> dict:
    """The ``check`` document of a report. ``encoded`` (a batch's JSON Lines and JSON array): the parts the
    same for every company of a city — the city, its documents, its other measures — come already encoded
    (:func:`zjtx.awards.jsontext.once`), for :func:`dumps` (not pretty) and :func:`dumps_lines`."""
    doc: dict[str, Any] = {} if file is None else {"file": file}
    doc |= {
        "company": company_dict(report.company),
        "city": once("city", (report.city,), lambda: city_dict(report.city)) if encoded else city_dict(report.city),
        "awards": Items(map(award_json, report.awards)) if encoded else [award_dict(a) for a in report.awards],
        "benefits": Items(map(award_json, report.benefits)) if encoded else [award_dict(a) for a in report.benefits],
        "unmet": [
            {
                "policy": u.measure.id,
                "title": u.measure.title,
                "trigger": u.trigger,
                "reason": u.reason,
                "rule_text": rule_words(u.measure.rule),
                "source": source(u.document, u.measure),
            }
            for u in report.unmet
        ],
        "unmatched": [unmatched_dict(u) for u in report.unmatched],
        "other_measures": (
            once_items("other_measures", report.general, lambda: _other_measures(report.general))
            if encoded
            else _other_measures(report.general)
        ),
        "documents": _documents_part(report, encoded),
        "totals": totals_dict(report.totals),
        "as_of": report.as_of.isoformat(),
    }
    hypothetical = hypothetical_events(report.company)
    if hypothetical:
        doc["hypothetical"] = hypothetical
    if not report.documents:
        doc["notice"] = no_document(report.city)
    elif not report.quantified:
        doc["notice"] = NO_QUANTIFIED
    return doc


def hypothetical_events(company: Company) -> list[dict]:
    """The events added by --add / --add-project (not in the file): what a what-if output assumed."""
    out: list[dict] = [
        {
            "entry": f"recognitions[{r.index}]",
            "title": r.title,
            "level": r.level,
            "date": r.date.isoformat(),
            "review": r.review,
        }
        for r in company.recognitions
        if r.hypothetical
    ]
    return out + [
        {"entry": f"projects[{p.index}]", "project": p.type, "date": p.date.isoformat()}
        for p in company.projects
        if p.hypothetical
    ]


def compare_dict(company: Company, reports: list[Report]) -> dict:
    """The company evaluated in each city (one report per city, in the order given): totals per city and
    its largest counted awards — where the client gains most, and why."""
    cities = []
    for report in reports:
        counted = sorted((a for a in report.awards if a.counted), key=lambda a: (-(a.amount or 0), a.measure.id))
        cities.append(
            city_dict(report.city)
            | {
                "own": report.city.code == company.city.code,
                "quantified": report.quantified,
                "in_force": any(d.window.in_force(report.as_of) for d in report.documents),
                "documents": _documents(report.documents, report.as_of),
                "awards": len(report.awards),
                "totals": totals_dict(report.totals),
                "top_awards": [
                    {
                        "policy": a.measure.id,
                        "title": a.measure.title,
                        "bound": a.bound,
                        "amount": money.json_number(a.amount),
                    }
                    for a in counted[:3]
                ],
            }
        )
    doc = {
        "company": company_dict(company),
        "as_of": reports[0].as_of.isoformat() if reports else None,
        "cities": cities,
    }
    hypothetical = hypothetical_events(company)
    if hypothetical:
        doc["hypothetical"] = hypothetical
    return doc


def option_dict(o: Option) -> dict:
    """One ``zjtx plan`` option (a :class:`zjtx.awards.plan.Option`)."""
    from zjtx.awards.describe import rule_words

    doc = {
        "rank": o.rank,
        "kind": o.kind,
        "label": o.label,
        "city": o.city.code,
        "trigger": o.trigger,
        "due": o.due.isoformat(),
        "amount": money.json_number(o.amount),
        "projected": money.json_number(o.projected),
        "group": o.group,
        "bound": "up_to" if any(a.bound == "up_to" and a.amount is not None for a in o.awards) else "exact",
        "by_certainty": {c: money.json_number(v) for c, v in o.by_certainty.items()},
        "by_level": {lv: money.json_number(v) for lv, v in o.by_level.items()},
        "unquantified": o.unquantified,
        "requires": [{"title": r.title, "min_level": r.min_level} for r in o.requires],
        "requires_met": o.requires_met,
        "in_force": o.in_force,
        "lapsed": o.lapsed,
        "window_uncertain": o.window_uncertain,
        "readings": list(o.readings),
        "measures": [
            {"policy": m.id, "title": m.title, "rule_text": rule_words(m.rule), "document_id": d.id, "clause": m.clause}
            for d, m in o.measures
        ],
        "awards": [award_dict(a) for a in o.awards],
    }
    if o.term is not None:
        doc["term"] = o.term
    if o.kind == "project":
        doc["base"] = {
            k: ([money.json_number(x) for x in v] if isinstance(v, tuple) else money.json_number(v))
            for k, v in o.base.items()
        }
        doc["needs"] = list(o.needs)
    return doc


def plan_dict(
    company: Company, cities: list[City], options: list[Option], as_of: dt.date, documents: tuple[Document, ...]
) -> dict:
    """``zjtx plan``: the options of each city (the company's own first), ranked within their city."""
    return {
        "company": company_dict(company),
        "as_of": as_of.isoformat(),
        "cities": [
            city_dict(c)
            | {"own": c.code == company.city.code, "documents": _documents(documents_for(documents, c.code), as_of)}
            for c in cities
        ],
        "options": [option_dict(o) for o in options],
    }
