"""The vocabulary of titles and project types a company file may name and a policy document may pay for.

The bundled words are data (``data/vocabulary.yaml``); a policy document may add its own (``titles:`` /
``projects:``, validated by ``zjtx.policy.declare``). Both are built into :class:`Title` and
:class:`ProjectType` by the same two functions here (:func:`title_from`, :func:`project_from`) — one mechanism.

The vocabulary in effect is one :class:`Lexicon`, installed by whoever loads the policy data
(``zjtx.policy.files.load_catalog``: the bundled file plus every loaded document's declarations, cached with
the catalog so that start-up never parses YAML). Everything that consults titles or projects — the company
reader, the schema, ``init``, completion, the engine — reads it through :func:`current` (``vocab.TITLES`` and
friends are live views of it). Until something installs one, :func:`current` reads the bundled file alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cached_property, lru_cache
from operator import attrgetter
from pathlib import Path
from typing import Any, Generic, TypeVar

from zjtx.record import Record, record

V = TypeVar("V")

#: The name of the bundled vocabulary, in the bundled data directory.
VOCABULARY_FILE = "vocabulary.yaml"

#: What :func:`normalise` drops: every whitespace character (``str.isspace``, what ``\\s`` matches), quotes,
#: brackets, middle dots, ``_`` and ``-``. A table for ``str.translate``, not a pattern: compiling one was
#: ~0.5 ms of every start (issue 23).
_WHITESPACE = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B)))
_STRIP = dict.fromkeys(
    map(ord, _WHITESPACE + "\u2028\u2029\u202f\u205f\u3000" + "\"'“”‘’「」『』《》()（）[]【】·・_-")
)


def normalise(text: str) -> str:
    """Fold the spellings people use for the same name: quotes, brackets, spaces, case."""
    return text.translate(_STRIP).lower()


def bundled_data_dir() -> Path:
    """``zjtx/data`` in an installed wheel, else the checkout's ``data/`` next to the package."""
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


@record
class Title(Record):
    id: str
    name: str  # the Chinese name shown in tables
    aliases: tuple[str, ...]
    levels: tuple[str, ...]  # empty: the title has no level
    review: bool = False  # True: there is a dynamic re-review (动态复核) of this title
    term_years: int | None = None  # how long a recognition lasts (有效期); None: no term recorded
    term_source: str = ""  # the rule that sets the term
    recertified: bool = False  # True: renewed by 重新认定 after its term (高新技术企业), written review = true
    declared_in: str = ""  # the policy file that declared it; "" for a bundled title

    @property
    def renews(self) -> bool:
        """Whether a later entry may be its renewal (``review = true``): a re-review or a re-certification."""
        return self.review or self.recertified

    @property
    def renewal_cn(self) -> str:
        """The renewal in words: 重新认定 (高新技术企业) or 通过动态复核."""
        return "重新认定" if self.recertified else "通过动态复核"


def _title_hash(self: Title) -> int:
    """Equal titles have equal ids: hashing the id alone is consistent with ``==`` and far cheaper than hashing
    every field (vocab's caches hash a title on each call: a few a company in a batch, issue 23)."""
    return hash(self.id)


setattr(Title, "__hash__", _title_hash)  # noqa: B010 - after @record, which sets the hash of every field


@record
class ProjectType(Record):
    id: str
    name: str
    fields: dict[str, str]  # field -> "amount" | "amount_list"
    required: tuple[str, ...]
    zero_ok: tuple[str, ...] = ()  # amount fields for which 0 is meaningful
    aliases: tuple[str, ...] = ()  # Chinese names a consultant types (the policy texts' words)
    forecast: tuple[str, ...] = ()  # amount fields the company forecasts (future years): an award on one is 估算
    declared_in: str = ""  # the policy file that declared it; "" for a bundled type


def _strs(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value or ())


def title_from(entry: Mapping[str, Any], declared_in: str = "") -> Title:
    """A title from one entry of ``titles:`` (the bundled file's or a document's), already validated."""
    term = entry.get("term_years")
    return Title(
        str(entry["id"]),
        str(entry["name"]),
        _strs(entry.get("aliases")),
        _strs(entry.get("levels")),
        review=bool(entry.get("review", False)),
        term_years=int(term) if term is not None else None,
        term_source=str(entry.get("term_source") or ""),
        recertified=bool(entry.get("recertified", False)),
        declared_in=declared_in,
    )


def project_from(entry: Mapping[str, Any], declared_in: str = "") -> tuple[ProjectType, dict[str, str]]:
    """A project type from one entry of ``projects:``, already validated, and the Chinese names of its fields."""
    names = {str(k): str(v) for k, v in dict(entry["fields"]).items()}
    lists = set(_strs(entry.get("lists")))
    required = _strs(entry["required"]) if entry.get("required") is not None else tuple(names)
    ptype = ProjectType(
        str(entry["id"]),
        str(entry["name"]),
        {f: "amount_list" if f in lists else "amount" for f in names},
        required,
        zero_ok=_strs(entry.get("zero_ok")),
        aliases=_strs(entry.get("aliases")),
        forecast=_strs(entry.get("forecast")),
        declared_in=declared_in,
    )
    return ptype, names


@record(eq=False)
class Lexicon(Record):
    """The titles and project types in effect, with the Chinese names of the amount fields."""

    titles: dict[str, Title]
    projects: dict[str, ProjectType]
    field_cn: dict[str, str]
    ambiguous: dict[str, tuple[str, ...]]  # normalised name -> the title ids it may mean

    @cached_property
    def title_index(self) -> dict[str, str]:
        """Every id, name and alias (normalised) -> its title id; the first title to use a name keeps it."""
        return _index(self.titles.values())

    @cached_property
    def project_index(self) -> dict[str, str]:
        return _index(self.projects.values())

    def extended(self, titles: list[Title], projects: list[tuple[ProjectType, dict[str, str]]]) -> Lexicon:
        """This vocabulary with declared titles and project types added (validated before: no clash)."""
        if not titles and not projects:
            return self
        field_cn = dict(self.field_cn)
        for _p, names in projects:
            field_cn.update(names)
        return Lexicon(
            self.titles | {t.id: t for t in titles},
            self.projects | {p.id: p for p, _ in projects},
            field_cn,
            self.ambiguous,
        )


def _index(entries: Iterable[Title | ProjectType]) -> dict[str, str]:
    index: dict[str, str] = {}
    for e in entries:
        for name in (e.id, e.name, *e.aliases):
            index.setdefault(normalise(name), e.id)
    return index


def from_data(data: Mapping[str, Any], declared_in: str = "") -> Lexicon:
    """A vocabulary from the plain values of a vocabulary file (``titles``, ``projects``, ``ambiguous``)."""
    titles = [title_from(e, declared_in) for e in data.get("titles") or ()]
    projects = [project_from(e, declared_in) for e in data.get("projects") or ()]
    ambiguous = {normalise(str(k)): _strs(v) for k, v in dict(data.get("ambiguous") or {}).items()}
    return Lexicon({}, {}, {}, ambiguous).extended(titles, projects)


@lru_cache(maxsize=1)
def bundled() -> Lexicon:
    """The bundled vocabulary alone, read from ``data/vocabulary.yaml`` (a trusted file of zjtx's own; the
    catalog validates it with every policy document and caches the result, so commands never come here)."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = (bundled_data_dir() / VOCABULARY_FILE).read_text(encoding="utf-8")
    return from_data(yaml.load(text, Loader=loader))


_CURRENT: list[Lexicon] = []
_LISTENERS: list[Callable[[], None]] = []


def current() -> Lexicon:
    """The vocabulary in effect: the one installed last, else the bundled one."""
    if not _CURRENT:
        install(bundled())
    return _CURRENT[0]


def install(lexicon: Lexicon) -> None:
    """Make ``lexicon`` the vocabulary in effect (every cache of a name's meaning is emptied)."""
    if _CURRENT and _CURRENT[0] is lexicon:
        return
    _CURRENT[:] = [lexicon]
    for listener in _LISTENERS:
        listener()


def on_change(listener: Callable[[], None]) -> None:
    """Call ``listener`` whenever another vocabulary is installed (caches of resolved names)."""
    _LISTENERS.append(listener)


class Live(Mapping[str, V], Generic[V]):
    """A read-only view of one table of the vocabulary in effect (``vocab.TITLES``, ``vocab.PROJECT_TYPES``,
    ``vocab.FIELD_CN``): always the installed lexicon's, never a copy."""

    __slots__ = ("_table",)

    def __init__(self, table: Callable[[Lexicon], Mapping[str, V]]) -> None:
        self._table = table

    def __getitem__(self, key: str) -> V:  # ~13 lookups a company in a batch: current() inlined
        return self._table(_CURRENT[0] if _CURRENT else current())[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table(current()))

    def __len__(self) -> int:
        return len(self._table(current()))

    def __contains__(self, key: object) -> bool:
        return key in self._table(current())

    def get(self, key: str, default: Any = None) -> Any:
        return self._table(current()).get(key, default)

    def __repr__(self) -> str:
        return repr(dict(self._table(current())))


TITLES: Live[Title] = Live(attrgetter("titles"))
PROJECT_TYPES: Live[ProjectType] = Live(attrgetter("projects"))
FIELD_CN: Live[str] = Live(attrgetter("field_cn"))
AMBIGUOUS_TITLES: Live[tuple[str, ...]] = Live(attrgetter("ambiguous"))
