"""Hypothetical events from the command line, validated exactly like the company file. Pure.

``--add "TITLE [LEVEL] DATE [review|new] [name=NAME]"`` and ``--add-project "TYPE DATE FIELD=AMOUNT… [name=NAME]"``
(check, compare; the name, spaces and all, runs to the end)
append events to the company, marked ``hypothetical``; ``--project TYPE=AMOUNT`` / ``TYPE.FIELD=AMOUNT``
(plan) gives the amounts a project option is computed with. A problem is reported against the option and
its position, counted from 1: ``--add[1]: unknown title "litle_giant" (did you mean …)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from zjtx import money, vocab
from zjtx.company import model as _company
from zjtx.company.model import Company, Project, Recognition
from zjtx.errors import InputError, Problem
from zjtx.record import replace

if TYPE_CHECKING:
    from zjtx.places import City

ADD_FORM = '"TITLE [LEVEL] DATE [review] [name=NAME]", e.g. "little_giant national 2025-07-01" or "专精特新中小企业 省级 2025-03-01"'
ADD_PROJECT_FORM = '"TYPE DATE FIELD=AMOUNT…", e.g. "equipment_upgrade 2025-05-01 equipment_cost=3000万"'
PROJECT_FORM = "TYPE=AMOUNT or TYPE.FIELD=AMOUNT, e.g. equipment_upgrade=3000万 or tech_transfer.tax_paid_3y=80万"
_REVIEW_WORDS = ("review", "复核", "动态复核", "重新认定")
_NEW_WORDS = ("new", "新认定")  # review = false: won anew, not the renewal of an earlier entry
_PATH = re.compile(r"^(recognitions|projects)\[(\d+)\]\.?")
_ADDED = re.compile(r"\brecognitions\[(\d+)\]")  # an entry named in a message: the file's, or an --add


def _as_option(m: re.Match[str], first: int) -> str:
    """``recognitions[4]`` in a message → ``--add[1]`` when the file had 4 recognitions (the 5th is --add's first)."""
    i = int(m.group(1))
    return m.group(0) if i < first else f"--add[{i - first + 1}]"


#: A company file's entry: a recognition or a project.
_Event = TypeVar("_Event", Recognition, Project)


def add_events(
    company: Company, adds: list[str], add_projects: list[str], file: str | None = None, clashes: bool = True
) -> Company:
    """``company`` with the hypothetical events appended (after its own, in the order given). A problem
    with an option's text is reported against the option alone; a clash (the same new recognition twice:
    with the company's own entries, or two options alike) against ``file`` and the option, as the file
    itself would be, each entry named where it was given (``recognitions[0]`` of the file, ``--add[1]``).
    ``clashes=False``: the options' text only."""
    if not adds and not add_projects:
        return company
    problems: list[Problem] = []
    n_rec, n_proj = len(company.recognitions), len(company.projects)
    recognitions = list(company.recognitions) + _added(
        adds, "--add", _recognition_item, _company._recognition, n_rec, problems, keep_field=False
    )
    projects = list(company.projects) + _added(
        add_projects, "--add-project", _project_item, _company._project, n_proj, problems, keep_field=True
    )
    if not problems and clashes:
        c = _company._Collector("")
        recognitions = _company.read_renewals(recognitions)
        _company._duplicates(recognitions, c)
        for p in c.problems:
            q = _renamed(p, "--add", n_rec, keep_field=False)
            message = _ADDED.sub(lambda m: _as_option(m, n_rec), q.message)
            problems.append(Problem(file, q.file, message) if file else Problem(q.file, q.path, message))
    if problems:
        raise InputError(problems)
    return replace(company, recognitions=tuple(recognitions), projects=tuple(projects))


def validate(adds: list[str], add_projects: list[str], city: City) -> None:
    """Check the options' own text before any company is read (a problem is a usage error). Two options
    that are the same event are a clash of entries, found with each company (exit 1, as in the file)."""
    add_events(Company("", city, None, (), ()), adds, add_projects, clashes=False)


def _added(
    texts: list[str],
    option: str,
    parse: Callable[[str, str, list[Problem]], dict[str, Any] | None],
    validate: Callable[[int, dict[str, Any], _company._Collector], _Event | None],
    first: int,
    problems: list[Problem],
    keep_field: bool,
) -> list[_Event]:
    """The events of one option, each parsed from its text and validated as the company file's entries are."""
    out = []
    for i, text in enumerate(texts):
        item = parse(text, f"{option}[{i + 1}]", problems)
        if item is None:
            continue
        c = _company._Collector("")
        event = validate(first + i, item, c)
        problems += [_renamed(p, option, first, keep_field) for p in c.problems]
        if event is not None:
            out.append(replace(event, hypothetical=True))
    return out


def _renamed(p: Problem, option: str, first: int, keep_field: bool) -> Problem:
    """``recognitions[5].title: …`` → ``--add[2]: …`` (the file had 4 recognitions)."""
    m = _PATH.match(p.path)
    if m is None:
        return Problem(option, "", p.message)
    field = p.path[m.end() :]
    name = f"{option}[{int(m.group(2)) - first + 1}]"
    if not keep_field or field in ("type", "date"):
        field = ""
    return Problem(name, field, p.message)


def _named(text: str) -> tuple[str, str | None]:
    """``… name=GB/T 12345-2024``: everything after `` name=`` (spaces included) is the entry's name."""
    head, sep, name = f" {text}".partition(" name=")
    return (head, name) if sep else (text, None)


def _date_written(token: str, text: str, where: str, problems: list[Problem]) -> bool:
    """Whether the date of an option's text is written as one (2025-09-01); a date with slashes, dots or 年月日
    is answered with the option rewritten, not with the company file's TOML: ``--add "… 2025-09-01"``."""
    iso = _company.iso_date(token)
    if iso is None or iso == token:
        return True
    option = where.partition("[")[0]
    fixed = " ".join(iso if t == token else t for t in text.split(" "))
    problems.append(
        Problem(
            where, "", f'expected a date such as 2024-07-15, got "{token}"; write it with hyphens: {option} "{fixed}"'
        )
    )
    return False


def _recognition_item(text: str, where: str, problems: list[Problem]) -> dict | None:
    full = text
    text, name = _named(text)
    tokens = text.split()
    review = bool(tokens) and tokens[-1].lower() in _REVIEW_WORDS
    anew = bool(tokens) and tokens[-1].lower() in _NEW_WORDS
    if review or anew:
        tokens = tokens[:-1]
    if not 2 <= len(tokens) <= 3:
        problems.append(Problem(where, "", f"expected {ADD_FORM}, got {_company.shown(text)}"))
        return None
    if not _date_written(tokens[-1], full, where, problems):
        return None
    item: dict = {"title": tokens[0], "date": tokens[-1]}
    if len(tokens) == 3:
        item["level"] = tokens[1]
    if review or anew:
        item["review"] = review
    if name is not None:
        item["name"] = name
    return item


def _project_item(text: str, where: str, problems: list[Problem]) -> dict | None:
    full = text
    text, name = _named(text)
    tokens = text.split()
    if len(tokens) < 2 or any("=" not in t for t in tokens[2:]):
        problems.append(Problem(where, "", f"expected {ADD_PROJECT_FORM}, got {_company.shown(text)}"))
        return None
    if not _date_written(tokens[1], full, where, problems):
        return None
    item: dict = {"type": tokens[0], "date": tokens[1]}
    ptype = _known_type(tokens[0])
    for t in tokens[2:]:
        key, _, value = t.partition("=")
        if ptype is not None and ptype.fields.get(key) == "amount_list":
            item.setdefault(key, []).append(value)  # repeat the field for each year
        elif key in item:
            problems.append(Problem(where, key, f"given twice; give {key} once"))
            return None
        else:
            item[key] = value
    if name is not None:
        item["name"] = name
    return item


def _known_type(text: str) -> vocab.ProjectType | None:
    try:
        return vocab.PROJECT_TYPES[vocab.resolve_project_type(text)]
    except vocab.VocabError:
        return None


def project_amounts(values: list[str]) -> dict[str, dict]:
    """``--project`` values → {type: {field: Decimal, or a tuple of yearly amounts}}. TYPE=AMOUNT gives the
    type's first amount field (the base its rates apply to); repeat a list field for each year."""
    out: dict[str, dict] = {}
    problems: list[Problem] = []
    for i, text in enumerate(values):
        where = f"--project[{i + 1}]"
        left, eq, right = text.partition("=")
        if not eq or not left.strip() or not right.strip():
            problems.append(Problem(where, "", f"expected {PROJECT_FORM}, got {_company.shown(text)}"))
            continue
        type_text, _, field = left.strip().partition(".")
        try:
            ptype = vocab.PROJECT_TYPES[vocab.resolve_project_type(type_text)]
        except vocab.VocabError as e:
            problems.append(Problem(where, "", str(e)))
            continue
        field = field or ptype.required[0]
        if field not in ptype.fields:
            problems.append(
                Problem(
                    where,
                    "",
                    f'{ptype.id} has no field "{field}"{vocab.did_you_mean(field, ptype.fields)}; '
                    f"fields: {', '.join(ptype.fields)}",
                )
            )
            continue
        try:
            amount = money.parse_amount(right.strip())
        except money.AmountError as e:
            problems.append(Problem(where, field, str(e)))
            continue
        if amount == 0 and field not in ptype.zero_ok:
            problems.append(Problem(where, field, "must be greater than 0"))
            continue
        fields = out.setdefault(ptype.id, {})
        if ptype.fields[field] == "amount_list":
            years = (*fields.get(field, ()), amount)
            if len(years) > vocab.MAX_LIST_YEARS:
                problems.append(Problem(where, field, f"at most {vocab.MAX_LIST_YEARS} yearly amounts"))
                continue
            fields[field] = years
        elif field in fields:
            problems.append(Problem(where, field, "given twice; give each amount once"))
        else:
            fields[field] = amount
    if problems:
        raise InputError(problems)
    return out
