"""The words zjtx speaks in — one owner for each, found by its name:

- **statuses** of an award (``eligible``, ``projected``, ``superseded`` …), **certainty classes** of a counted
  amount (``fixed``, ``ceiling``, ``selective``, ``contingent``), the **status of a document** on a date
  (现行 / 已失效 / 未生效) and the **payer levels** (省级 / 市级 / 县级): each as a :class:`Word` — the id
  (JSON, CSV), the Chinese word (tables, workbooks, HTML), its colours and the note that explains it;
- recognition levels, and the resolution of names: titles and project types are data
  (``data/vocabulary.yaml`` and the documents' declarations, held by ``zjtx.lexicon``; ``TITLES``,
  ``PROJECT_TYPES`` and ``FIELD_CN`` here are live views of the vocabulary in effect).

Ids are a user contract: never rename one. Add aliases freely.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, ParamSpec, Protocol, TypeVar, cast

from zjtx.lexicon import AMBIGUOUS_TITLES, current, normalise
from zjtx.lexicon import FIELD_CN as FIELD_CN
from zjtx.lexicon import PROJECT_TYPES as PROJECT_TYPES
from zjtx.lexicon import TITLES as TITLES
from zjtx.lexicon import ProjectType as ProjectType
from zjtx.lexicon import Title as Title
from zjtx.lexicon import on_change as on_vocabulary_change
from zjtx.record import Record, record

if TYPE_CHECKING:
    from functools import _CacheInfo

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


@record
class Word(Record):
    """How zjtx names one status, certainty class or payer to the user."""

    id: str  # in JSON and CSV
    cn: str  # in tables, workbooks and the HTML report
    colour: str  # the word's style in a terminal table
    html: str  # its colour in the HTML report and charts
    note: str  # what it means; for a status that is not counted, why not


def _words(*rows: tuple[str, str, str, str, str]) -> dict[str, Word]:
    return {row[0]: Word(*row) for row in rows}


#: The status of an award. Only ``eligible`` counts; every other status names why not.
STATUS: dict[str, Word] = _words(
    (
        "eligible",
        "窗口内",
        "green",
        "#1b5e20",
        "触发日期在文件有效期内(不等于当前仍可申报;文件终止后是否受理请向主管部门确认)",
    ),
    ("projected", "预期", "cyan", "#006064", "触发日期或其评审年度晚于计算基准日: 预期,不计入合计"),
    ("expired", "已过期", "red", "#8e1b1b", "触发日期晚于文件有效期: 已过期"),
    ("not_yet_in_force", "未生效", "red", "#8e1b1b", "触发日期早于文件施行: 未生效"),
    ("superseded", "已被取代", "red", "#8e1b1b", "触发日期在取代本文件的新文件有效期内: 由新文件计算,本文件不计"),
    (
        "stacked",
        "就高不重复",
        "red",
        "#8e1b1b",
        "同一事件按就高不重复只计最高的一项(stacking: highest): 本项不计入合计,步骤中写明计入的是哪一项",
    ),
)
#: Said of an award two documents pay for the same event (neither superseding the other).
OVERLAP_CN = "两份文件均覆盖此认定"
#: Said of an award from a measure that ``zjtx data draft`` wrote and nobody has reviewed yet (draft: true).
DRAFT_CN = "草稿"
DRAFT_NOTE = "出自 zjtx data draft 起草、尚未审核的措施(draft: true): 金额、条件与出资须按原文核对后再用"

#: Certainty classes of a counted amount, most certain first. Every counted award is in exactly one, the least
#: certain that applies: ``estimate`` (computed from a forecast the company supplies, 估算: the base is not yet
#: known), else ``contingent`` (the money must first be won from a higher level, 争取…), else ``selective``
#: (择优), else ``ceiling`` (最高 / 不超过 / 不高于, or a rate given as a ceiling), else ``fixed``.
CERTAINTY: dict[str, Word] = _words(
    ("fixed", "确定", "green", "#2e7d32", "定额或按比例确定"),
    ("ceiling", "最高", "blue", "#1565c0", "文件规定的上限(最高/不超过/不高于)"),
    ("selective", "择优", "yellow", "#f9a825", "须经评审入选"),
    ("contingent", "争取", "red", "#c62828", "须先争取到上级资金"),
    ("estimate", "估算", "magenta", "#6d4c41", "按企业预测的基数估算,以财政核定为准"),
)
CERTAINTIES: tuple[str, ...] = tuple(CERTAINTY)

#: Whether a document is in force on a date (its window's status on that day).
DOCUMENT_STATUS: dict[str, Word] = _words(
    ("eligible", "现行", "green", "#1b5e20", "在计算基准日有效"),
    (
        "expired",
        "已失效",
        "red",
        "#8e1b1b",
        "此后的新事件不再适用;有效期内的事件仍按本文件计算,但是否仍受理申报须向主管部门核实",
    ),
    ("not_yet_in_force", "未生效", "red", "#8e1b1b", "计算基准日时尚未施行"),
)

#: Who pays, from the highest level down; ``unspecified`` when the document does not say.
PAYER: dict[str, Word] = _words(
    ("central", "中央", "", "#4e342e", "中央财政"),
    ("provincial", "省级", "", "#6a1b9a", "省级财政"),
    ("municipal", "市级", "", "#00838f", "市级财政"),
    ("county", "县级", "", "#ef6c00", "县(市、区)或园区财政"),
    ("unspecified", "未明确", "", "#9e9e9e", "文件未写明出资方"),
)
PAYER_LEVELS: tuple[str, ...] = tuple(PAYER)
PAYER_CN: dict[str, str] = {w.id: w.cn for w in PAYER.values()}


def status_cn(status: str) -> str:
    """The Chinese word for an award's status (the id itself for one zjtx does not know)."""
    word = STATUS.get(status)
    return word.cn if word is not None else status


def certainty_cn(certainty: str | None) -> str:
    word = CERTAINTY.get(certainty or "")
    return word.cn if word is not None else ""


#: Levels from lowest to highest. ``industry`` (行业) only occurs for standards.
LEVELS: tuple[str, ...] = ("municipal", "provincial", "industry", "national", "international")
LEVEL_RANK = {name: i for i, name in enumerate(LEVELS)}
LEVEL_CN = {
    "international": "国际",
    "national": "国家级",
    "industry": "行业",
    "provincial": "省级",
    "municipal": "市级",
}
_LEVEL_ALIASES = {
    "国际": "international",
    "国际级": "international",
    "国家": "national",
    "国家级": "national",
    "national": "national",
    "行业": "industry",
    "行业级": "industry",
    "省": "provincial",
    "省级": "provincial",
    "市": "municipal",
    "市级": "municipal",
}


def is_forecast(project: str | None, field: str | None) -> bool:
    """Whether ``field`` of a ``project`` type is a forecast the company supplies (投产后地方新增财力)."""
    ptype = PROJECT_TYPES.get(project or "")
    return ptype is not None and field is not None and field in ptype.forecast


#: Most years an amount_list field may hold.
MAX_LIST_YEARS = 3

#: Longer than any name or id in the vocabulary (normalised or not); see text_cache and closest.
MAX_NAME = 64

_LEVEL_INDEX = {normalise(k): v for k, v in _LEVEL_ALIASES.items()} | {lv: lv for lv in LEVELS}


def closest(word: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """The candidates closest to ``word`` (for "did you mean …"); none for a word far longer than any name
    (difflib's time grows with the product of the lengths)."""
    if len(word) > MAX_NAME:
        return []
    import difflib  # only error messages need it

    return difflib.get_close_matches(word, list(candidates), n=n, cutoff=0.5)


#: Words that many Chinese names share and that say nothing of what a name is: 企业技术中心 and 工业设计中心
#: share 中心, not a meaning.
_GENERIC = ("企业", "中心", "示范", "平台", "项目", "工业", "认定", "国家级", "省级", "市级")


def _distinctive(name: str) -> str:
    for word in _GENERIC:
        name = name.replace(word, "")
    return name


def close_in_meaning(key: str, names: Iterable[str], n: int = 3) -> list[str]:
    """Chinese names (normalised) close to ``key`` in what they say, not only in shared characters: the whole
    names alike (ratio ≥ 0.6) and what is left of each without the words every name has (企业, 中心, 示范 …)
    alike too (≥ 0.5) — a typo (研发中新 → 研发中心, 创新型中小企 → 创新型中小企业) is found, 企业技术中心 is not
    offered 工业设计中心. None for a word far longer than any name."""
    if len(key) > MAX_NAME:
        return []
    import difflib

    core = _distinctive(key)
    scored = []
    for name in names:
        whole = difflib.SequenceMatcher(None, key, name).ratio()
        rest = _distinctive(name)
        part = difflib.SequenceMatcher(None, core, rest).ratio() if core and rest else 0.0
        if whole >= 0.6 and (part >= 0.5 or (not core and whole >= 0.75)):
            scored.append((whole + part, name))
    return [name for _, name in sorted(scored, key=lambda s: -s[0])[:n]]


def did_you_mean(word: str, candidates: Iterable[str], n: int = 3) -> str:
    found = closest(word, candidates, n)
    if not found:
        return ""
    return " (did you mean " + " or ".join(f'"{c}"' for c in found) + "?)"


class TextCached(Protocol[P, R_co]):
    """A function decorated with :func:`text_cache`: called as before, with ``lru_cache``'s two methods."""

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co: ...
    def cache_info(self) -> _CacheInfo: ...
    def cache_clear(self) -> None: ...


def text_cache(maxsize: int) -> Callable[[Callable[P, R]], TextCached[P, R]]:
    """``lru_cache`` for a function of a user's text (and other hashable arguments): only a text of at most
    :data:`MAX_NAME` characters is cached, so however long or padded the input, the cache stays a few
    hundred short strings. (Raw-text keys: a hit costs ~0.1 µs, normalising first ~0.5-1 µs per call.)
    The decorated function takes its arguments by position, the text first."""

    def wrap(fn: Callable[P, R]) -> TextCached[P, R]:
        cached = lru_cache(maxsize=maxsize)(fn)
        uncached: Callable[..., R] = fn  # called as ``call`` is: the text, then the rest by position

        @functools.wraps(fn)
        def call(text: str, *rest: Hashable) -> R:
            return cached(text, *rest) if len(text) <= MAX_NAME else uncached(text, *rest)

        call.__dict__.update(cache_info=cached.cache_info, cache_clear=cached.cache_clear)
        # fn's signature (functools.wraps) with the two methods of its cache, set just above.
        return cast("TextCached[P, R]", call)

    return wrap


class VocabError(ValueError):
    """A name not in the vocabulary; the message lists the closest valid values."""


@text_cache(512)
def resolve_title(text: str) -> str:
    key = normalise(text)
    index = current().title_index
    if key in AMBIGUOUS_TITLES:  # the keys are already in normal form
        ids = AMBIGUOUS_TITLES[key]
        options = ", ".join(f'"{i}" ({TITLES[i].name})' for i in ids)
        raise VocabError(f'"{text}" is ambiguous: use {options}')
    if key in index:
        return index[key]
    near = closest(text, TITLES) or (closest(key, index) if key.isascii() else close_in_meaning(key, index))
    near = list(dict.fromkeys(index.get(normalise(i), i) for i in near))
    hint = (" (did you mean " + " or ".join(f'"{i}"' for i in near) + "?)") if near else ""
    raise VocabError(f'unknown title "{text}"{hint}; `zjtx titles` lists every title id and name')


#: Level words a title may start with (省级专精特新中小企业), longest first.
_LEVEL_PREFIXES = sorted((k for k in _LEVEL_ALIASES if not k.isascii()), key=len, reverse=True)


def level_splits(key: str) -> list[tuple[str, str]]:
    """Every (level, rest) a normalised name splits into at a leading level word (省级专精特新中小企业 →
    provincial, 专精特新中小企业), longest word first — the first is how :func:`resolve_title_level` reads it."""
    return [(_LEVEL_ALIASES[p], key[len(p) :]) for p in _LEVEL_PREFIXES if key.startswith(p) and len(key) > len(p)]


@text_cache(512)
def resolve_title_level(text: str) -> tuple[str, str | None]:
    """A title id, and the level when the name starts with one: 省级专精特新中小企业 → (zjtx_sme, provincial);
    国家级小巨人 → little_giant, the only 小巨人 with a national level. A level the title does not have, or a
    name still ambiguous at that level, is an error."""
    try:
        return resolve_title(text), None
    except VocabError as unknown:
        splits = level_splits(normalise(text))
        if not splits:
            raise
        level, rest = splits[0]
        if rest in AMBIGUOUS_TITLES:
            fits = [i for i in AMBIGUOUS_TITLES[rest] if level in TITLES[i].levels]
            if len(fits) == 1:
                return fits[0], level
            if fits:
                raise
            has = "; ".join(f"{i}: {', '.join(TITLES[i].levels)}" for i in AMBIGUOUS_TITLES[rest])
            raise VocabError(f'"{text}": no title named {rest} has the {level} level ({has})') from None
        index = current().title_index
        if rest not in index:
            raise unknown from None
        title = TITLES[index[rest]]
        if level not in title.levels:
            has = ", ".join(title.levels) if title.levels else "no level at all"
            raise VocabError(f'"{text}": {title.id} ({title.name}) has no {level} level; it has {has}') from None
        return title.id, level


@text_cache(512)
def resolve_level(text: str, title: Title) -> str:
    lv = _LEVEL_INDEX.get(normalise(text))
    allowed = ", ".join(title.levels)
    if lv is None:
        raise VocabError(
            f'expected one of: {allowed} (the levels of {title.id}), got "{text}"' + did_you_mean(text, title.levels)
        )
    if lv not in title.levels:
        raise VocabError(f"{title.id} has no {lv} level; expected one of: {allowed}")
    return lv


def level_words(level: str) -> list[str]:
    """The Chinese words for a level (省 / 省级 → provincial)."""
    return sorted(k for k, v in _LEVEL_ALIASES.items() if v == level and not k.isascii())


def resolve_level_or_none(text: str) -> str | None:
    """The level a word names (省级 → provincial), or None."""
    return _LEVEL_INDEX.get(normalise(text))


@text_cache(128)
def resolve_project_type(text: str) -> str:
    pid = current().project_index.get(normalise(text))
    if pid is None:
        raise VocabError(
            f'unknown project type "{text}"'
            + did_you_mean(text, PROJECT_TYPES)
            + "; expected one of: "
            + ", ".join(PROJECT_TYPES)
            + " (or a Chinese name: see `zjtx titles`)"
        )
    return pid


def level_at_least(level: str, minimum: str) -> bool:
    return LEVEL_RANK[level] >= LEVEL_RANK[minimum]


def _forget() -> None:
    """Another vocabulary is in effect (a document declared titles): what names meant is forgotten."""
    for cached in (resolve_title, resolve_title_level, resolve_level, resolve_project_type):
        cached.cache_clear()


on_vocabulary_change(_forget)
