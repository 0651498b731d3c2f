"""The checks of a document's places: the zones (园区) it declares (``zones``) and who pays by where the company
is (``funding_by_district``). Pure; used by ``zjtx.policy.check``."""

from __future__ import annotations

from typing import NamedTuple

from zjtx import places as cities
from zjtx import vocab
from zjtx.policy.fields import Checker, field_funding, field_text, is_text, show, unreported
from zjtx.policy.model import ZONE_KEYS, DistrictFunding

DISTRICT_KEYS = ("label", "districts", "types", "funding", "note")


class Places(NamedTuple):
    """The divisions a document's ``funding_by_district`` may name: every name of them (by ``name_key``), the
    names that are divisions of more than one city (a provincial or national document: name -> the cities), and
    where they are, in words."""

    names: dict[str, cities.Division]
    ambiguous: dict[str, str]
    where: str

    @classmethod
    def of_city(cls, code: str, zones: tuple[cities.Division, ...]) -> Places:
        return cls(cities.district_lookup(code, zones), {}, "the document's city nor of a zone it declares (zones:)")

    @classmethod
    def of_area(cls, code: str) -> Places:
        """A province's (every city's for ``national``): a district is matched by its name, so a name that
        several cities' divisions have cannot say which is meant."""
        names: dict[str, cities.Division] = {}
        seen: dict[str, dict[str, None]] = {}  # name -> the cities with a division of that name
        for city in cities.cities_in(code):
            for d in cities.divisions_of(city.code):
                for n in (d.name, *d.aliases):
                    names.setdefault(cities.name_key(n), d)
                    seen.setdefault(cities.name_key(n), {})[city.name] = None
        ambiguous = {k: "、".join(v) for k, v in seen.items() if len(v) > 1}
        return cls(names, ambiguous, "any city" if code == cities.NATIONAL else f"any city of {cities.area_name(code)}")


def district_funding(value: object, entry: str, c: Checker, places: Places | None) -> tuple[DistrictFunding, ...]:
    """``places``: what the document may name (None when its city itself is invalid)."""
    if value is None:
        return ()
    if not isinstance(value, list):
        c.add(
            entry,
            "funding_by_district",
            f"expected a list of {{label, districts or types, funding}}, got {show(value)}",
        )
        return ()
    out: list[DistrictFunding] = []
    claimed: dict[str, int] = {}
    for k, item in enumerate(value):
        where = f"funding_by_district[{k}]"
        if not isinstance(item, dict):
            c.add(
                entry,
                where,
                f"expected {{label: …, districts: [names], types: [{', '.join(cities.CATEGORIES)}], funding: …}}, "
                f"got {show(item)}",
            )
            continue
        n = c.count
        c.keys(item, DISTRICT_KEYS, entry, f"{where}.")
        label = field_text(item.get("label"), entry, f"{where}.label", c)
        districts, types_given = item.get("districts"), item.get("types")
        if districts is None and types_given is None:
            c.add(entry, where, f"expected districts: [names], types: [{', '.join(cities.CATEGORIES)}] or both")
        for key, value in (("districts", districts), ("types", types_given)):
            if value is not None and (not isinstance(value, list) or not value):
                c.add(entry, f"{where}.{key}", f"expected a non-empty list, got {show(value)}")
        names: list[str] = []
        for j, raw in enumerate(districts if isinstance(districts, list) else []):
            text = field_text(raw, entry, f"{where}.districts[{j}]", c)
            if text is None:
                continue
            key = cities.name_key(text)
            found = places.names.get(key) if places is not None else None
            if places is not None and (
                found is None or key not in {cities.name_key(x) for x in (found.name, *found.aliases)}
            ):
                hint = vocab.did_you_mean(text, sorted({d.name for d in places.names.values()}))
                c.add(
                    entry,
                    f"{where}.districts[{j}]",
                    f"{text!r} is not the whole name of a county-level division of {places.where}{hint}",
                )
                continue
            if places is not None and key in places.ambiguous:
                c.add(
                    entry,
                    f"{where}.districts[{j}]",
                    f"{text!r} is a division of {places.ambiguous[key]}: a payer by district is matched by the "
                    "district's name, so name it in each city's own document",
                )
                continue
            name = found.name if found is not None else text
            if name in claimed:
                c.add(entry, f"{where}.districts[{j}]", f"{name} is already in funding_by_district[{claimed[name]}]")
            claimed[name] = k
            names.append(name)
        types: list[str] = []
        for j, t in enumerate(types_given if isinstance(types_given, list) else []):
            if not is_text(t) or t not in cities.CATEGORIES:
                c.add(
                    entry,
                    f"{where}.types[{j}]",
                    f"expected one of {', '.join(cities.CATEGORIES)}, got {show(t)}"
                    + vocab.did_you_mean(str(t), cities.CATEGORIES),
                )
            elif any(t in d.types for d in out) or t in types:
                c.add(entry, f"{where}.types[{j}]", f"{t} is already covered by an earlier part")
            else:
                types.append(t)
        f = field_funding(item.get("funding"), entry, f"{where}.funding", c)
        note = field_text(item.get("note"), entry, f"{where}.note", c, required=False)
        if len(c.problems) == n:
            if label is None or f is None:
                raise unreported(entry, where)
            out.append(DistrictFunding(label, tuple(names), f, note, tuple(types)))
    return tuple(out)


def document_zones(value: object, city: str | None, doc_id: str, entry: str, c: Checker) -> tuple[cities.Division, ...]:
    """The zones (园区) a document declares: ``[{name, aliases, counts_as, note}]``."""
    if value is None:
        return ()
    if not isinstance(value, list):
        c.add(entry, "zones", "expected a list of {name: …, aliases: [...], counts_as: urban_district | county_level}")
        return ()
    taken = {cities.name_key(n): d.name for d in (cities.divisions_of(city) if city else ()) for n in (d.name, d.short)}
    out: list[cities.Division] = []
    for k, item in enumerate(value):
        where = f"zones[{k}]"
        if not isinstance(item, dict):
            c.add(entry, where, "expected {name: …, aliases: [...], counts_as: …, note: …}")
            continue
        c.keys(item, ZONE_KEYS, entry, f"{where}.")
        name = field_text(item.get("name"), entry, f"{where}.name", c)
        aliases = item.get("aliases") or []
        if not isinstance(aliases, list) or not all(is_text(a) and a.strip() for a in aliases):
            c.add(entry, f"{where}.aliases", f"expected a list of names, got {show(aliases)}")
            aliases = []
        counts_as = item.get("counts_as")
        if counts_as is not None and counts_as not in cities.CATEGORIES:
            c.add(entry, f"{where}.counts_as", f"expected one of {', '.join(cities.CATEGORIES)}, got {show(counts_as)}")
            counts_as = None
        note = field_text(item.get("note"), entry, f"{where}.note", c, required=False)
        if name is None:
            continue
        for j, n in enumerate([name, *aliases]):
            field = f"{where}.name" if j == 0 else f"{where}.aliases[{j - 1}]"
            if cities.name_key(n) in taken:
                c.add(
                    entry,
                    field,
                    f"{n!r} is already the name of {taken[cities.name_key(n)]}; a zone needs a name of its own",
                )
            taken[cities.name_key(n)] = name
        out.append(
            cities.Division(
                None, name, name, "园区", city or "", counts_as, tuple(a.strip() for a in aliases), doc_id, note
            )
        )
    return tuple(out)
