"""The registry of cities and their county-level divisions (GB/T 2260), and how a user may name them.

The registry is data: ``data/registry/divisions.tsv`` (its header says where it comes from; regenerate it
with ``tools/regenerate_registry.py``). It is read once, on first use, never at import.

A city is named by its Chinese name (潍坊市), short name (潍坊), pinyin (weifang, weifang-shandong) or code
("370700"). A name that fits several places is refused with the candidates — never guessed: 宿州 (安徽,
341300) is not 苏州 (江苏, 320500), so ``suzhou`` is ambiguous; 朝阳 is 朝阳市 (辽宁) or a 朝阳区.

A company's district is a county-level division of its city (those with no GB/T 2260 code of their own,
such as 黄冈's 龙感湖管理区, are in ``data/registry/uncoded-divisions.tsv``, kept by hand), or a zone one of
the city's documents declares; it is matched by its whole name, its registry short name (寿光 for 寿光市, when no other name of
the city is the same) or a declared alias — never by a part of a name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from zjtx.lexicon import bundled_data_dir as bundled_data_dir
from zjtx.record import Record, record
from zjtx.vocab import closest, normalise, text_cache

#: What ``funding_by_district`` may name by type: a county-level division's category.
URBAN = "urban_district"  # 市辖区: the city proper (市区)
COUNTY_LEVEL = "county_level"  # 县, 县级市, 自治县, 旗, 自治旗, 林区, 特区
CATEGORIES = (COUNTY_LEVEL, URBAN)


@record
class City(Record):
    code: str
    name: str
    province: str
    pinyin: str
    short: str = ""
    type: str = ""  # 地级市 | 地区 | 自治州 | 盟 | 直辖市 | 县级市 (a province administers it directly) …
    aliases: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        """Province and city (浙江省湖州市); a municipality once (北京市, its own province)."""
        return self.name if self.province == self.name else f"{self.province}{self.name}"


@record
class Division(Record):
    """A county-level division of a city, or a zone (园区) that one of the city's documents declares."""

    code: str | None  # None for a zone
    name: str
    short: str
    type: str  # 市辖区 | 县 | 县级市 | 自治县 | 旗 | 自治旗 | 林区 | 特区 | 园区
    city: str
    category: str | None  # urban_district | county_level; a zone: what its document says it counts as
    aliases: tuple[str, ...] = ()
    document: str | None = None  # the document that declares a zone
    note: str | None = None


class CityError(ValueError):
    pass


class RegistryError(RuntimeError):
    """The registry file is missing or damaged: an installation problem (internal error, exit 3)."""


def read_registry(name: str) -> tuple[str, str]:
    """The text of a registry file (``data/registry/cities.tsv`` or ``divisions.tsv``) and its path;
    :class:`RegistryError` when it cannot be read (a broken installation)."""
    path = bundled_data_dir() / "registry" / name
    try:
        return path.read_bytes().decode("utf-8"), str(path)
    except (OSError, UnicodeDecodeError) as e:
        why = e.strerror if isinstance(e, OSError) else "not UTF-8"
        raise RegistryError(f"{path}: cannot read the registry of cities ({why}); reinstall zjtx") from None


def category_of(division_type: str) -> str:
    return URBAN if division_type == "市辖区" else COUNTY_LEVEL


class Registry:
    """The parsed registry. Start-up matters: only ``cities.tsv`` (400 lines) is read to resolve a city;
    ``divisions.tsv`` is read when a district is looked at, and only that city's lines become objects."""

    def __init__(
        self,
        cities_text: str,
        where: str,
        divisions: Callable[[], tuple[str, str]] | None = None,
        uncoded: Callable[[], tuple[str, str]] | None = None,
    ) -> None:
        self.provinces: dict[str, tuple[str, str]] = {}  # code -> (name, short)
        self.province_pinyin: dict[str, str] = {}  # code -> pinyin (shandong)
        self._city_rows: dict[str, list[str]] = {}
        self._full_names: dict[str, str] = {}  # 潍坊市 -> 370700
        self._cities: dict[str, City] = {}
        self._divisions: dict[str, tuple[Division, ...]] = {}
        self._divisions_source = divisions  # () -> (text, where); None: no divisions
        self._divisions_text: str | None = None
        self._uncoded_source = uncoded  # () -> (text, where) of uncoded-divisions.tsv; None: none
        self._uncoded: tuple[Division, ...] | None = None
        for n, line in enumerate(cities_text.splitlines(), 1):
            if not line or line[0] == "#":
                continue
            cols = line.split("\t")
            if len(cols) != 8 or len(cols[0]) != 6 or not cols[0].isdigit() or cols[2] not in ("city", "province"):
                raise RegistryError(
                    f"{where}:{n}: malformed registry line; reinstall zjtx or regenerate the file "
                    "(tools/regenerate_registry.py)"
                )
            if cols[2] == "city":
                self._city_rows[cols[0]] = cols
                self._full_names[cols[4]] = cols[0]
            else:
                self.provinces[cols[0]] = (cols[4], cols[5])
                self.province_pinyin[cols[0]] = cols[6]
        if not self._city_rows:
            raise RegistryError(f"{where}: no cities in the registry; reinstall zjtx")
        self._index: dict[str, tuple[str, ...]] | None = None

    def exact(self, key: str) -> str | None:
        """The code of the city whose code or full name is ``key`` (never ambiguous; no index needed)."""
        return key if key in self._city_rows else self._full_names.get(key)

    @property
    def index(self) -> dict[str, tuple[str, ...]]:
        """Every way to write each city (built on first use: a code or a full name does not need it)."""
        if self._index is None:
            self._index = self._build_index()
        return self._index

    def _build_index(self) -> dict[str, tuple[str, ...]]:
        """Every way to write each city -> the codes it may mean. The generated names are already in the
        compared form (no spaces, lower-case pinyin); only the hand-written aliases are normalised."""
        keys: dict[str, list[str]] = {}
        for code, _parent, _level, _kind, name, short, pinyin, aliases in self._city_rows.values():
            province_name, province_short = self.provinces.get(code[:2] + "0000", ("", ""))
            own = [code, name, pinyin, short, province_short + short, province_name + name]
            if name[-1] == "市":
                own.append(pinyin + "shi")
            if aliases:
                own += [name_key(a) for a in aliases.split(",")]
            for k in own:
                codes = keys.setdefault(k, [])
                if code not in codes:
                    codes.append(code)
        keys.pop("", None)
        return {k: tuple(v) for k, v in keys.items()}

    def _division_lines(self) -> str:
        if self._divisions_text is None:
            text, where = self._divisions_source() if self._divisions_source else ("", "")
            self._divisions_text = "\n" + text
            self._divisions_where = where
        return self._divisions_text

    def _lines_of(self, parent: str) -> list[str]:
        """The lines of ``parent``'s divisions. The file is sorted by code and a division's code starts with its
        city's (3707xx in 370700; 11xxxx in the municipality 110000): find the first, read while they match."""
        if len(parent) != 6 or not parent.isdigit():
            return []
        prefix = parent[:2] if parent[2:] == "0000" else parent[:4]
        text = self._division_lines()
        at = text.find("\n" + prefix)
        lines = []
        while at >= 0 and text.startswith(prefix, at + 1):
            end = text.find("\n", at + 1)
            line = text[at + 1 : end if end >= 0 else None]
            if line[7:13] == parent:
                lines.append(line)
            at = end
        return lines

    def _rows(self, lines: Iterable[str]) -> list[list[str]]:
        rows = []
        for line in lines:
            cols = line.split("\t")
            if len(cols) != 8 or cols[2] != "county":
                raise RegistryError(f"{self._divisions_where}: malformed registry line {line[:40]!r}; reinstall zjtx")
            rows.append(cols)
        return rows

    @property
    def cities(self) -> dict[str, City]:
        """Every city, by code (built on first use: listing them all is rare)."""
        for code in self._city_rows:
            self.city(code)
        return self._cities

    def city(self, code: str) -> City | None:
        c = self._cities.get(code)
        if c is None and code in self._city_rows:
            _, _, _, kind, name, short, pinyin, aliases = self._city_rows[code]
            province = name if kind == "直辖市" else self.provinces.get(code[:2] + "0000", ("", ""))[0]
            c = self._cities[code] = City(
                code, name, province, pinyin, short, kind, tuple(a for a in aliases.split(",") if a)
            )
        return c

    def known_city(self, code: str) -> City:
        """The city of a code this registry gave (:meth:`exact`, :attr:`index`): never missing."""
        c = self.city(code)
        if c is None:
            raise KeyError(code)
        return c

    def divisions(self, city_code: str) -> tuple[Division, ...]:
        """The county-level divisions of a city, in code order, then those without a code of their own."""
        found = self._divisions.get(city_code)
        if found is None:
            lines = self._lines_of(city_code)
            found = self._divisions[city_code] = tuple(
                Division(code, name, short, kind, parent, category_of(kind))
                for code, parent, _level, kind, name, short, _py, _al in self._rows(lines)
            ) + tuple(d for d in self.uncoded if d.city == city_code)
        return found

    @property
    def uncoded(self) -> tuple[Division, ...]:
        """The county-level divisions with no GB/T 2260 code of their own (``uncoded-divisions.tsv``, by hand)."""
        if self._uncoded is None:
            text, where = self._uncoded_source() if self._uncoded_source else ("", "")
            out = []
            for n, line in enumerate(text.splitlines(), 1):
                if not line or line[0] == "#":
                    continue
                cols = line.split("\t")
                if len(cols) != 6 or len(cols[0]) != 6 or not cols[0].isdigit() or cols[4] not in CATEGORIES:
                    raise RegistryError(f"{where}:{n}: malformed registry line; reinstall zjtx")
                parent, kind, name, short, category, note = cols
                out.append(Division(None, name, short, kind, parent, category, (), None, note or None))
            self._uncoded = tuple(out)
        return self._uncoded

    # -------------------------------------------------------------------------------------- messages

    def describe(self, code: str) -> str:
        c = self.known_city(code)
        if c.type == "直辖市":
            return f"{c.name} ({code})"
        province = self.provinces.get(code[:2] + "0000", ("", ""))[1] or c.province
        return f"{c.name} ({province}, {code})"

    def divisions_named(self, key: str) -> list[Division]:
        """Every county-level division whose name, short name or code is ``key`` (in compared form)."""
        if not key or "\t" in key or "\n" in key:
            return []
        text = self._division_lines()
        parents = []
        start = 0
        needle = "\t" + key + "\t"
        while (at := text.find(needle, start)) >= 0:
            line_start = text.rfind("\n", 0, at) + 1
            line_end = text.find("\n", at)
            cols = text[line_start : line_end if line_end >= 0 else None].split("\t")
            if len(cols) == 8 and key in (cols[0], cols[4], cols[5]) and cols[1] not in parents:
                parents.append(cols[1])
            start = at + 1
        if key.isdigit() and len(key) == 6:
            at = text.find("\n" + key + "\t")
            if at >= 0:
                parents.append(text[at + 8 : at + 14])
        found = [d for p in parents for d in self.divisions(p) if key in (d.code, d.name, d.short)]
        return found + [d for d in self.uncoded if key in (d.name, d.short) and d not in found]

    def province_named(self, key: str) -> str | None:
        for name, short in self.provinces.values():
            if key in (name, short):
                return name
        return None


def name_key(text: str) -> str:
    """The form names are compared in: no spaces, quotes, brackets, hyphens or commas; lower case."""
    return normalise(text).replace(",", "").replace("，", "")


@lru_cache(maxsize=1)
def registry() -> Registry:

    text, where = read_registry("cities.tsv")
    return Registry(text, where, lambda: read_registry("divisions.tsv"), lambda: read_registry("uncoded-divisions.tsv"))


def city(code: str) -> City | None:
    """The city with this code, or None."""
    return registry().city(code)


def resolve_city(value: object) -> City:
    """The city named by ``value``, or :class:`CityError` saying why not (and what was meant)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise CityError(f"expected a city name or code as a string, got {type(value).__name__}")
    return _resolve_city_text(str(value).strip())


@text_cache(256)
def _resolve_city_text(text: str) -> City:
    reg = registry()
    key = name_key(text)
    exact = reg.exact(key)
    if exact is not None:  # a code or a full name: the common case, without building the index
        return reg.known_city(exact)
    codes = reg.index.get(key, ())
    # A short name or pinyin that is also a county-level division of another city (朝阳 / 朝阳区) is ambiguous.
    full = len(codes) == 1 and key in (reg.known_city(codes[0]).name, codes[0])
    elsewhere = [] if full or not codes else [d for d in reg.divisions_named(key) if d.city not in codes]
    province = None if full or not codes else reg.province_named(key)
    if len(codes) == 1 and not elsewhere and not province:
        return reg.known_city(codes[0])
    if codes:
        options = [
            reg.describe(c)
            + (f" = {reg.known_city(c).aliases[0]}" if len(codes) > 1 and reg.known_city(c).aliases else "")
            for c in codes
        ] + ([f"the province {province}"] if province else [])
        options += [
            f'{d.name} ({_city_label(reg, d.city)} 的{d.type}, {d.code}; write its city and district = "{d.name}")'
            for d in elsewhere[:4]
        ]
        raise CityError(f'"{text}" is ambiguous: {" or ".join(options)}; write the full name or the code')
    if reg.province_named(key):
        raise CityError(f'"{text}" is a province; write one of its cities (name, pinyin or code), e.g. the capital')
    divisions = reg.divisions_named(key)
    if divisions:
        where = " or ".join(f"{d.name} ({d.type}) of {_city_label(reg, d.city)}" for d in divisions[:4])
        raise CityError(
            f'"{text}" is a county-level division, not a city: {where}; write city = the city and '
            f'district = "{divisions[0].name}"'
        )
    hint = closest(key, reg.index, n=3)
    names = list(dict.fromkeys(reg.describe(c) for h in hint for c in reg.index[h]))
    suggestion = f" (did you mean {' or '.join(names)}?)" if names else ""
    raise CityError(
        f'unknown city "{text}"{suggestion}; write a city\'s Chinese name, pinyin or GB/T 2260 code '
        "(zjtx cities --all lists them)"
    )


def _city_label(reg: Registry, code: str) -> str:
    return reg.describe(code) if reg.city(code) else code


def cities_with_documents(codes: Iterable[str]) -> list[City]:
    """The registry cities a document of each of ``codes`` applies in (a city, every city of a province, every
    city for ``national``), in code order."""
    out = {c.code: c for code in set(codes) for c in cities_in(code)}
    return [out[code] for code in sorted(out)]


# ------------------------------------------------------------------------------- provinces and the country

#: The ``city`` of a central document: it applies in every city.
NATIONAL = "national"
NATIONAL_CN = "全国"


def province(code: str) -> tuple[str, str] | None:
    """(name, short name) of the province with this GB/T 2260 code (``"370000"`` → 山东省, 山东), else None. The
    four municipalities are cities (北京市 110000)."""
    reg = registry()
    return reg.provinces.get(code) if reg.city(code) is None else None


def area_name(code: str) -> str:
    """The name of where a document applies: its city, its province, or 全国."""
    if code == NATIONAL:
        return NATIONAL_CN
    c = city(code)
    if c is not None:
        return c.name
    p = province(code)
    return p[0] if p is not None else code


def cities_in(code: str) -> list[City]:
    """The cities a document written for ``code`` applies in (a city code, a province code, ``national``)."""
    reg = registry()
    if code == NATIONAL:
        return list(reg.cities.values())
    c = reg.city(code)
    if c is not None:
        return [c]
    if province(code) is None:
        return []
    return [c for k, c in reg.cities.items() if k[:2] == code[:2]]


def area(code: str) -> City:
    """Where a document applies (a code :func:`resolve_area` gave), as a :class:`City`: the city itself; a
    province as one (its code, name, pinyin); the country as ``national`` (全国)."""
    if code == NATIONAL:
        return City(NATIONAL, NATIONAL_CN, "", NATIONAL, NATIONAL_CN, "全国")
    c = city(code)
    if c is not None:
        return c
    name, short = registry().provinces[code]
    return City(code, name, name, registry().province_pinyin[code], short, "省")


def resolve_area(value: str) -> str:
    """The code of the city, or of the province, that ``value`` names, or ``national`` (national, 全国, 中央);
    :class:`CityError` otherwise."""
    text = value.strip()
    if name_key(text) in (NATIONAL, NATIONAL_CN, "中央", "国家"):
        return NATIONAL
    reg = registry()
    if province(text) is not None:
        return text
    named = reg.province_named(name_key(text))
    if named is not None:
        return next(code for code, (name, _short) in reg.provinces.items() if name == named)
    return resolve_city(text).code


def namesakes(c: City) -> list[str]:
    """The other cities written with the same pinyin (苏州 / 宿州), described, for notices."""
    reg = registry()
    return [reg.describe(code) for code in reg.index.get(c.pinyin, ()) if code != c.code]


def all_cities() -> list[City]:
    return list(registry().cities.values())


# ---------------------------------------------------------------------------------------------- districts


def divisions_of(city_code: str, zones: tuple[Division, ...] = ()) -> tuple[Division, ...]:
    """The county-level divisions of a city, then the zones its documents declare."""
    return registry().divisions(city_code) + tuple(zones)


@lru_cache(maxsize=64)
def district_lookup(city_code: str, zones: tuple[Division, ...] = ()) -> dict[str, Division]:
    """Every name a district of this city may be written as: whole names and declared aliases, and the
    registry short name where no other name of the city is the same (never a part of a name)."""
    names: dict[str, Division] = {}
    shorts: dict[str, list[Division]] = {}
    for d in divisions_of(city_code, zones):
        for n in (d.name, *d.aliases):
            names.setdefault(name_key(n), d)
        if d.short and d.short != d.name and len(d.short) >= 2:
            shorts.setdefault(name_key(d.short), []).append(d)
    for k, ds in shorts.items():
        if len(ds) == 1 and k not in names:
            names[k] = ds[0]
    return names


def resolve_district(city: City, text: str, zones: tuple[Division, ...] = ()) -> Division:
    """The division or zone ``text`` names in ``city``, or :class:`CityError` listing the valid ones."""
    return _resolve_district(text, city.code, tuple(zones))


@text_cache(512)  # a batch names the same few districts again and again
def _resolve_district(text: str, city_code: str, zones: tuple[Division, ...]) -> Division:
    lookup = district_lookup(city_code, zones)
    found = lookup.get(name_key(text))
    if found is not None:
        return found
    reg = registry()
    city = reg.city(city_code)
    if city is None:
        raise CityError(f"no city with code {city_code}")
    own = divisions_of(city.code, zones)
    listed = ", ".join(d.name for d in own if d.document is None) or "none in the registry"
    zone_names = ", ".join(d.name for d in own if d.document is not None)
    hint = closest(name_key(text), lookup, n=2)
    names = list(dict.fromkeys(lookup[h].name for h in hint))
    message = f'"{text}" is not a district of {city.name}'
    elsewhere = [d for d in reg.divisions_named(name_key(text)) if d.city != city.code]
    if elsewhere:
        message += " (it is " + " or ".join(f"{d.name} of {_city_label(reg, d.city)}" for d in elsewhere[:3]) + ")"
    if names:
        message += f"; did you mean {' or '.join(names)}?"
    message += f"; its districts are {listed}"
    message += f"; zones named by its documents: {zone_names}" if zone_names else "; its documents name no zones"
    raise CityError(message)
