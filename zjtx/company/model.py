"""The company file's model and its validation. Pure: takes the parsed TOML (a dict), returns a
:class:`Company` or raises :class:`~zjtx.errors.InputError` listing every problem with its field path.

Contract (keep these names)::

    [company]          name, city, district (optional)
    [[recognitions]]   title, level, date, review (optional, default false), name (optional: a standard's
                       number, a platform's name — two recognitions that differ in name are not duplicates)
    [[projects]]       type, date, name (optional), and the amount fields of the type
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING

from zjtx import money, vocab
from zjtx.errors import InputError, Problem
from zjtx.places import City, CityError, Division, resolve_city, resolve_district
from zjtx.record import Record, factory, record

if TYPE_CHECKING:
    from collections.abc import Iterable

TOP_KEYS = ("company", "recognitions", "projects")
COMPANY_KEYS = ("name", "city", "district")
RECOGNITION_KEYS = ("title", "level", "date", "review", "name", "note")
MAX_NAME = 200  # characters of a name: the company's, a recognition's or a project's; of a district too
#: At most this many characters of a value the user wrote are shown in a message: a longer one is cut with …
#: and its length said (a 20,000-character district was echoed whole on stderr).
SHOWN = 80
PROJECT_BASE_KEYS = ("type", "date", "name", "note")
MAX_ENTRIES = 1000


@record
class Recognition(Record):
    index: int  # position in the file, for messages and traceability
    title: str
    level: str | None  # None: the title has no level
    date: dt.date
    review: bool = False
    name: str | None = None  # which one: a standard's number, a platform's name
    hypothetical: bool = False  # added by --add or `zjtx plan`, not in the file
    review_given: bool = False  # the entry says review = true or false (else it may be read as a renewal)
    renews: int | None = None  # review read from the file: the index of the earlier entry this one renews


@record
class Project(Record):
    index: int
    type: str
    date: dt.date
    amounts: dict[str, Decimal] = factory(default_factory=dict)
    lists: dict[str, tuple[Decimal, ...]] = factory(default_factory=dict)
    name: str | None = None
    hypothetical: bool = False  # added by --add-project or `zjtx plan`, not in the file

    def base(self, name: str) -> Decimal | None:
        """A field as a base or a cap: a list field is summed (at most three years)."""
        if name in self.amounts:
            return self.amounts[name]
        if name in self.lists:
            return sum(self.lists[name], Decimal(0))
        return None


@record
class Company(Record):
    name: str
    city: City
    district: str | None
    recognitions: tuple[Recognition, ...]
    projects: tuple[Project, ...]
    division: Division | None = None  # the validated district (a county-level division or a declared zone)

    def holds(self, title: str, min_level: str | None, on: dt.date) -> bool:
        """Whether the company held ``title`` (at ``min_level`` or above) on date ``on``."""
        for r in self.recognitions:
            if (
                r.title == title
                and r.date <= on
                and (min_level is None or (r.level is not None and vocab.level_at_least(r.level, min_level)))
            ):
                return True
        return False


class _Collector:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(self.file, path, _cut_quoted(message)))

    def unknown_keys(self, table: dict, known: tuple[str, ...], path: str) -> None:
        for key in table:
            if key not in known:
                where = f"{path}.{key}" if path else key
                hint = ""
                if path and key in TOP_KEYS:
                    hint = (
                        f"; a key written after [{path.split('[')[0]}] belongs to that table — "
                        f"write {key} as [[{key}]] tables, or move it above the first table"
                    )
                self.add(
                    where, f'unknown key "{key}"{vocab.did_you_mean(key, known)}; known keys: {", ".join(known)}{hint}'
                )


def _cut_quoted(message: str) -> str:
    """Every quoted value ("…" or '…', as a message or a repr quotes it) past SHOWN characters, cut."""
    if len(message) <= SHOWN:
        return message
    import re

    def cut(m: re.Match[str]) -> str:
        quote, text = ('"', m[1]) if m[1] is not None else ("'", m[2])
        return f"{quote}{text[:SHOWN]}…{quote} ({len(text):,} characters)"

    # a quote opens after a space, "(", ":" or "=" and closes before a space, ";", ",", ")" or the end: the
    # text between two quoted values (`"a" is … write "b"`) is never taken for one
    opens, closes = r"(?:(?<=[\s(:=])|^)", r"(?=[\s;,)]|$)"
    n = SHOWN + 1
    return re.sub(f"{opens}(?:\"([^\"]{{{n},}})\"|'([^']{{{n},}})'){closes}", cut, message)


def shown(value: object) -> str:
    """``repr(value)`` for a message, cut after SHOWN characters (its length said)."""
    text = repr(value)
    return text if len(text) <= SHOWN else f"{text[:SHOWN]}… ({len(text):,} characters)"


#: The one way a date is written as text (docs/company-file.md): year-month-day with hyphens, nothing around
#: it. (Python 3.11's date.fromisoformat also takes 20240715, the week date 2024-W29-1 and more.)
DATE_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
#: The years a company's date may have (docs/company-file.md): a workbook cell holds no day before 1900
#: (0001-01-01 became the serial -693594, shown as #####), and a year past 2099 is a typing slip.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2099, 12, 31)
#: DATE_PATTERN within those years, for the JSON Schema.
DATE_IN_RANGE = "(?:19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}"


def out_of_range(day: dt.date) -> str | None:
    """What is wrong with a company's date outside FIRST_DAY..LAST_DAY, or None."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return f"expected a date from {FIRST_DAY} to {LAST_DAY}, got {day.isoformat()}"


def date_text(text: str) -> dt.date | None:
    """``"2024-07-15"`` as a date; None for any other text, or a day that does not exist."""
    import re

    if re.fullmatch(DATE_PATTERN, text) is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def iso_date(text: str) -> str | None:
    """A year-month-day date written with slashes, dots or 年月日 (2024/7/15, 2024年7月15日), as 2024-07-15;
    None when the text is not such a date. Only for hints: the company file itself takes TOML dates."""
    import re

    m = re.fullmatch(r"[\"']?\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*[\"']?", text.strip())
    if m is None:
        return None
    try:
        return dt.date(*map(int, m.groups())).isoformat()
    except ValueError:
        return None


def _date(value: object, path: str, c: _Collector) -> dt.date | None:
    day = _any_date(value, path, c)
    wrong = None if day is None else out_of_range(day)
    if wrong is not None:
        c.add(path, wrong)
        return None
    return day


def _any_date(value: object, path: str, c: _Collector) -> dt.date | None:
    if isinstance(value, dt.datetime):
        c.add(path, f"expected a date such as 2024-07-15, got a date-time {value.isoformat()}")
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        day = date_text(value)
        if day is not None:
            return day
        iso = iso_date(value)
        hint = (
            f"; write it as {path.rsplit('.', 1)[-1]} = {iso} (year-month-day with hyphens, no quotes)" if iso else ""
        )
        c.add(path, f'expected a date such as 2024-07-15, got "{value}"{hint}')
        return None
    if value is None:
        c.add(path, "missing; expected a date such as 2024-07-15")
        return None
    c.add(path, f"expected a date such as 2024-07-15, got {type(value).__name__} {shown(value)}")
    return None


def _amount(value: object, path: str, c: _Collector, zero_ok: bool) -> Decimal | None:
    try:
        d = money.parse_amount(value)
    except money.AmountError as e:
        c.add(path, str(e))
        return None
    if d == 0 and not zero_ok:
        c.add(path, "must be greater than 0 (an amount of zero pays nothing; leave the project out instead)")
        return None
    return d


def _str(
    value: object,
    path: str,
    c: _Collector,
    required: bool = True,
    limit: int | None = None,
    example: str = "a name such as GB/T 12345-2024",
) -> str | None:
    if value is None:
        if required:
            c.add(path, "missing; expected a string")
        return None
    if not isinstance(value, str):
        c.add(path, f"expected a string, got {type(value).__name__} {shown(value)}")
        return None
    if required and not value.strip():
        c.add(path, "must not be empty")
        return None
    if limit is not None and len(value.strip()) > limit:
        c.add(path, f"{len(value.strip())} characters; at most {limit} are accepted ({example})")
        return None
    return value.strip()


def _array_of_tables(data: dict, key: str, c: _Collector) -> list[dict]:
    items = data.get(key, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        c.add(key, f"expected an array of tables written [[{key}]]")
        return []
    if len(items) > MAX_ENTRIES:
        c.add(key, f"{len(items)} entries; at most {MAX_ENTRIES} are accepted")
        return []
    return items


def _recognition(i: int, item: dict, c: _Collector) -> Recognition | None:
    path = f"recognitions[{i}]"
    n = len(c.problems)
    c.unknown_keys(item, RECOGNITION_KEYS, path)
    title_id = level = named_level = None
    raw_title = item.get("title")
    if raw_title is None:
        c.add(f"{path}.title", "missing; expected a title id such as little_giant (`zjtx titles` lists them)")
    elif not isinstance(raw_title, str):
        c.add(f"{path}.title", f"expected a title id string, got {shown(raw_title)}")
    else:
        try:
            title_id, named_level = vocab.resolve_title_level(raw_title)
        except vocab.VocabError as e:
            c.add(f"{path}.title", str(e))
    if title_id is not None:
        title = vocab.TITLES[title_id]
        raw_level = item.get("level")
        if named_level is not None:  # 省级专精特新中小企业: the level is in the title
            level = named_level
            if raw_level is not None and (
                not isinstance(raw_level, str) or vocab.resolve_level_or_none(raw_level) != named_level
            ):
                c.add(
                    f"{path}.level",
                    f'{raw_level!r} conflicts with the level in the title "{raw_title}" ({named_level}); '
                    "remove level, or make the two agree",
                )
        elif raw_level is None:
            if len(title.levels) > 1:
                c.add(f"{path}.level", f"missing; {title_id} needs a level: one of {', '.join(title.levels)}")
            elif title.levels:
                level = title.levels[0]
        elif not title.levels:
            c.add(f"{path}.level", f'{title_id} has no level; remove "level = {raw_level!r}"')
        elif not isinstance(raw_level, str):
            c.add(f"{path}.level", f"expected one of {', '.join(title.levels)}, got {raw_level!r}")
        else:
            try:
                level = vocab.resolve_level(raw_level, title)
            except vocab.VocabError as e:
                c.add(f"{path}.level", str(e))
    date = _date(item.get("date"), f"{path}.date", c)
    review = item.get("review", False)
    if not isinstance(review, bool):
        c.add(f"{path}.review", f"expected true or false, got {shown(review)}")
        review = False
    elif review and title_id is not None and not vocab.TITLES[title_id].renews:
        reviewable = ", ".join(t.id for t in vocab.TITLES.values() if t.review)
        recertified = ", ".join(t.id for t in vocab.TITLES.values() if t.recertified)
        c.add(
            f"{path}.review",
            f"{title_id} has no dynamic re-review (动态复核); titles that do: {reviewable}; "
            f"re-certified (重新认定, also review = true): {recertified}",
        )
    name = _str(item.get("name"), f"{path}.name", c, required=False, limit=MAX_NAME)
    if name is not None and not name:
        c.add(f"{path}.name", 'must not be empty; leave name out, or write what it is (e.g. name = "GB/T 12345-2024")')
    if len(c.problems) > n or title_id is None or date is None:
        return None
    return Recognition(i, title_id, level, date, review, name or None, review_given="review" in item)


def _project(i: int, item: dict, c: _Collector) -> Project | None:
    path = f"projects[{i}]"
    n = len(c.problems)
    raw_type = item.get("type")
    ptype = None
    if raw_type is None:
        c.add(f"{path}.type", "missing; expected one of: " + ", ".join(vocab.PROJECT_TYPES))
    elif not isinstance(raw_type, str):
        c.add(f"{path}.type", f"expected a project type string, got {shown(raw_type)}")
    else:
        try:
            ptype = vocab.PROJECT_TYPES[vocab.resolve_project_type(raw_type)]
        except vocab.VocabError as e:
            c.add(f"{path}.type", str(e))
    date = _date(item.get("date"), f"{path}.date", c)
    name = _str(item.get("name"), f"{path}.name", c, required=False, limit=MAX_NAME)
    amounts: dict[str, Decimal] = {}
    lists: dict[str, tuple[Decimal, ...]] = {}
    if ptype is not None:
        c.unknown_keys(item, PROJECT_BASE_KEYS + tuple(ptype.fields), path)
        for fname, kind in ptype.fields.items():
            fpath = f"{path}.{fname}"
            value = item.get(fname)
            zero_ok = fname in ptype.zero_ok
            if value is None:
                if fname in ptype.required:
                    c.add(
                        fpath,
                        f'missing; {ptype.id} projects need {fname} ({vocab.FIELD_CN[fname]}) in yuan, e.g. 5000000 or "500万"',
                    )
                continue
            if kind == "amount_list":
                if not isinstance(value, list):
                    value = [value]
                if not 1 <= len(value) <= vocab.MAX_LIST_YEARS:
                    c.add(fpath, f"expected a list of 1 to {vocab.MAX_LIST_YEARS} yearly amounts, got {len(value)}")
                    continue
                parsed = [_amount(v, f"{fpath}[{k}]", c, zero_ok) for k, v in enumerate(value)]
                valid = tuple(p for p in parsed if p is not None)
                if len(valid) == len(parsed):
                    lists[fname] = valid
            else:
                d = _amount(value, fpath, c, zero_ok)
                if d is not None:
                    amounts[fname] = d
    if len(c.problems) > n or ptype is None or date is None:
        return None
    return Project(i, ptype.id, date, amounts, lists, name)


def parse_company(data: dict, file: str = "<company>", zones: dict | None = None) -> Company:
    """Validate a parsed company file; raise :class:`InputError` with every problem found. ``zones``: the
    zones the documents declare, by city code (a district may be one of them, or a county-level division)."""
    c = _Collector(file)
    c.unknown_keys(data, TOP_KEYS, "")
    comp = data.get("company")
    name = district = division = None
    city: City | None = None
    if comp is None:
        c.add(
            "company",
            'missing; the file needs a [company] table with name and city, e.g. [company] name = "某某机械有限公司" city = "潍坊市"',
        )
    elif not isinstance(comp, dict):
        c.add("company", "expected a table written [company]")
    else:
        c.unknown_keys(comp, COMPANY_KEYS, "company")
        name = _str(comp.get("name"), "company.name", c, limit=MAX_NAME, example="the name on its business licence")
        district = _str(
            comp.get("district"), "company.district", c, required=False, limit=MAX_NAME, example="a district's name"
        )
        raw_city = comp.get("city")
        if raw_city is None:
            c.add(
                "company.city",
                "missing; expected a city: its Chinese name (潍坊市), pinyin (weifang) or GB/T 2260 code "
                '("370700"); `zjtx cities` lists those with documents',
            )
        else:
            try:
                city = resolve_city(raw_city)
            except CityError as e:
                c.add("company.city", str(e))
        division = None
        if city is not None and district:
            try:
                division = resolve_district(city, district, (zones or {}).get(city.code, ()))
                district = division.name
            except CityError as e:
                c.add("company.district", str(e))
    recognitions = [_recognition(i, item, c) for i, item in enumerate(_array_of_tables(data, "recognitions", c))]
    projects = [_project(i, item, c) for i, item in enumerate(_array_of_tables(data, "projects", c))]
    valid_recognitions = tuple(read_renewals([r for r in recognitions if r is not None]))
    valid_projects = tuple(p for p in projects if p is not None)
    _duplicates(valid_recognitions, c)
    if c.problems:
        raise InputError(c.problems)
    # Whatever was refused above (a name, the city, an entry: None) added a problem, so none is left here.
    if (
        name is None
        or city is None
        or len(valid_recognitions) < len(recognitions)
        or len(valid_projects) < len(projects)
    ):
        raise RuntimeError(f"{file}: a value was refused without a problem reported")  # a bug: exit 3
    return Company(name, city, district, valid_recognitions, valid_projects, division)


def read_renewals(recognitions: list[Recognition]) -> list[Recognition]:
    """A later entry of a title that renews (re-review 动态复核, or 重新认定 for 高新技术企业), at the same level and
    with the same name as an earlier one, and that does not say ``review``, is its renewal: read as
    ``review = true`` (``renews`` names the earlier entry). ``review = false`` says it was won anew (e.g. after
    the title lapsed). Entries on the same date are left as they are (listing one twice is an error)."""
    from zjtx.record import replace

    first: dict[tuple, Recognition] = {}  # (title, level, name) -> its earliest entry
    for r in recognitions:
        key = (r.title, r.level, r.name)
        if key not in first or (r.date, r.index) < (first[key].date, first[key].index):
            first[key] = r
    out = list(recognitions)
    for k, r in enumerate(recognitions):
        if r.review_given or r.review or not vocab.TITLES[r.title].renews:
            continue
        earliest = first[(r.title, r.level, r.name)]
        if earliest.date < r.date:
            out[k] = replace(r, review=True, renews=earliest.index)
    return out


def _duplicates(recognitions: Iterable[Recognition], c: _Collector) -> None:
    """A new recognition of the same title, level and name is paid once: listing it twice is an error.
    Re-reviews may recur, so only a re-review on the same date is a duplicate. Two recognitions that differ
    in ``name`` (two standards, two platforms) are two events."""
    seen: dict[tuple, Recognition] = {}
    for r in recognitions:
        # A title that renews: a later entry is its renewal, or (review = false) won anew after a lapse; either
        # way only an entry on the same date repeats one. Another title is recognised once at each level.
        dated = r.review or vocab.TITLES[r.title].renews
        key = (r.title, r.level, r.review, r.date if dated else None, r.name)
        if key in seen:
            first = seen[key]
            what = "re-review" if r.review else "new recognition"
            named = f', name "{r.name}"' if r.name else ""
            c.add(
                f"recognitions[{r.index}]",
                f"the same {what} as recognitions[{first.index}] ({r.title}, {r.level or 'no level'}{named}); a title is "
                "recognised once at each level — remove one, mark a re-review with review = true, or, when these are "
                'different ones (two standards, two platforms), give each a different name (e.g. name = "GB/T 12345-2024")',
            )
        else:
            seen[key] = r
