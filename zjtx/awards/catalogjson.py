"""The catalog commands' JSON — ``cities``, ``titles``, ``policies`` / ``policies show`` (a measure, its readings
and payers, the clause in its text): plain dicts for ``dumps``. Pure, like ``zjtx.awards.report`` (the check,
compare and plan documents), whose helpers it shares.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from zjtx import money
from zjtx.awards.describe import funding_words, measure_funding_words, rule_words, stated_rate, trigger_words
from zjtx.awards.report import city_dict, window_dict
from zjtx.policy.model import Document, Measure, documents_for

if TYPE_CHECKING:
    from zjtx.places import City


def cities_dict(cities: Iterable[City], documents: tuple[Document, ...], as_of: dt.date) -> dict:
    """Each city with its documents and whether each is in force on ``as_of``."""
    rows = []
    for city in cities:
        docs = documents_for(documents, city.code)
        rows.append(
            city_dict(city)
            | {
                "in_force": any(d.window.in_force(as_of) for d in docs),
                "documents": [
                    {
                        "id": d.id,
                        "title": d.citation,
                        "window": window_dict(d),
                        "in_force": d.window.in_force(as_of),
                        "partial": d.partial,
                        "measures": len(d.measures),
                    }
                    for d in docs
                ],
            }
        )
    return {"as_of": as_of.isoformat(), "cities": rows}


def measure_dict(doc: Document, m: Measure, as_of: dt.date) -> dict:
    t = m.trigger
    trigger: dict = {"kind": t.kind}
    if t.kind == "title":
        trigger |= {
            "titles": list(t.titles),
            "levels": list(t.levels) if t.levels is not None else None,
            "review": t.review,
        }
    elif t.kind == "project":
        trigger["project"] = t.project
    if t.requires:
        trigger["requires"] = [{"title": r.title, "min_level": r.min_level} for r in t.requires]
    r = m.rule
    rule: dict = {"form": r.form, "bound": r.bound, "text": rule_words(r)}
    if r.amount is not None:
        rule["amount"] = money.json_number(r.amount)
    if r.form == "rate":
        rule |= {
            "rate": money.fmt_rate(stated_rate(r)),
            "of": r.base,
            "rate_up_to": r.rate_up_to,
            "cap": money.json_number(r.cap),
            "cap_of": r.cap_of,
            "per": r.per,
        }
    if r.form in ("unquantified", "benefit"):
        rule["promise"] = r.text
    return {
        "id": m.id,
        "city": doc.city,
        "document": doc.id,
        "document_title": doc.citation,
        "title": m.title,
        "trigger": trigger,
        "trigger_text": trigger_words(t),
        "rule": rule,
        "funding": [{"level": lv, "share": money.fmt_rate(s)} for lv, s in m.funding.shares],
        "funding_text": measure_funding_words(m),
        "funding_by_district": [
            {
                "label": d.label,
                "districts": list(d.districts),
                "types": list(d.types),
                "funding_text": funding_words(d.funding),
                "note": d.note,
            }
            for d in m.funding_by_district
        ],
        "contingent": m.contingent,
        "selective": m.selective,
        "recipient": m.recipient,
        "window": window_dict(doc),
        "in_force": doc.window.in_force(as_of),
        "clause": m.clause,
        "quote": m.quote,
        "conditions": m.conditions,
        "notes": m.notes,
        "assessment": m.assessment,
        "readings": _measure_readings(doc, m),
        "departments": list(m.departments),
        "departments_note": m.departments_note,
        "highest_per_year": m.highest_per_year,
        "stacking": {"rule": m.stacking.rule, "with": list(m.stacking.with_)} if m.stacking else None,
        "document_notes": doc.notes,
        "partial_copy": doc.partial,
        "draft": m.draft,
    }


def _measure_readings(doc: Document, m: Measure) -> list[dict]:
    reading = doc.reading(m.reading) if m.reading else None
    if reading is None:
        return []
    variants = {v.option: v for v in m.variants}
    options = []
    for option, text in reading.options:
        v = variants.get(option)
        entry: dict = {"id": option, "text": text, "taken": option == reading.taken}
        if v is not None:
            entry["applies"] = not v.dropped
            if v.trigger is not None:
                entry["trigger_text"] = trigger_words(v.trigger)
            if v.rule is not None:
                entry["rule_text"] = rule_words(v.rule)
            if v.recipient is not None:
                entry["recipient"] = v.recipient
            if v.assessment is not None:
                entry["assessment"] = v.assessment
            if v.highest_per_year is not None:
                entry["highest_per_year"] = v.highest_per_year
        options.append(entry)
    return [
        {
            "id": reading.id,
            "question": reading.question,
            "clause": reading.clause,
            "taken": reading.taken,
            "why": reading.why,
            "options": options,
            "usage": f"--reading {reading.id}=OPTION",
        }
    ]


def _payers(documents: tuple[Document, ...], key: str, by: Literal[1, 2], as_of: dt.date) -> list[dict]:
    """The cities whose documents pay for a title (``by=1``) or a project type (``by=2``), with the measures
    and whether one of those documents is in force on ``as_of``: cash measures only (a non-monetary benefit,
    or an award paid to a district, pays the company nothing)."""
    from zjtx.places import area_name, city

    found: dict[str, dict] = {}
    for d in documents:
        for pos in d.index[by].get(key, ()):
            if d.measures[pos].rule.form != "benefit":
                row = found.setdefault(d.city, {"measures": [], "in_force": False})
                row["measures"].append(d.measures[pos].id)
                row["in_force"] |= d.window.in_force(as_of)
    # a province's document (or a national one) pays in every city of it: named by the province (全国)
    return [
        (city_dict(c) if (c := city(code)) else {"code": code, "name": area_name(code)}) | row
        for code, row in found.items()
    ]


def titles_dict(documents: tuple[Document, ...], as_of: dt.date) -> dict:
    """The vocabulary of the company file: every title and project type, and the cities that pay for each."""
    from zjtx import vocab

    titles = []
    for t in vocab.TITLES.values():
        titles.append(
            {
                "id": t.id,
                "name": t.name,
                "aliases": [a for a in t.aliases if vocab.normalise(a) != vocab.normalise(t.name)],
                "levels": list(t.levels),
                "review": t.review,
                "re_certification": t.recertified,
                "term": {"years": t.term_years, "source": t.term_source} if t.term_years else None,
                "cities": _payers(documents, t.id, 1, as_of),
            }
        )
    projects = [
        {
            "id": p.id,
            "name": p.name,
            "aliases": list(p.aliases),
            "fields": [
                {
                    "name": f,
                    "name_cn": vocab.FIELD_CN[f],
                    "kind": kind,
                    "required": f in p.required,
                    "zero_ok": f in p.zero_ok,
                }
                for f, kind in p.fields.items()
            ],
            "cities": _payers(documents, p.id, 2, as_of),
        }
        for p in vocab.PROJECT_TYPES.values()
    ]
    levels = [{"id": lv, "name": vocab.LEVEL_CN[lv]} for lv in reversed(vocab.LEVELS)]
    return {
        "as_of": as_of.isoformat(),
        "titles": titles,
        "ambiguous": {k: list(v) for k, v in vocab.AMBIGUOUS_TITLES.items()},
        "levels": levels,
        "project_types": projects,
    }


def source_context(doc: Document, m: Measure, text: str | None) -> dict:
    """The clause in its context: the paragraphs of the document's text that hold the quote, and where."""
    from zjtx.policy import sourcetext

    if text is None:
        return {
            "file": None,
            "found": False,
            "paragraphs": [],
            "note": "this document ships no text (no source in its YAML)",
        }
    spans = sourcetext.find(m.quote, text)
    paragraphs = sourcetext.context(text, spans) if spans else []
    return {
        "file": doc.source,
        "found": bool(spans),
        "clause": m.clause,
        "paragraphs": [{"text": line, "quoted": [list(s) for s in inside]} for line, inside in paragraphs],
    }
