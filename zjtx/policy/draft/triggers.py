"""What an award is for: the titles and project types named in the object of a clause ("对新认定的国家级、省级
智能工厂" → smart_factory at two levels), from the vocabulary's names and aliases and the level words before
them. Pure.

- An object is split into items at 、 和 及 以及 与 或 and between quoted names ("独角兽""瞪羚"), never inside
  brackets or quotes; a level alone (国家级、省级智能工厂; 国家和省绿色工厂) goes with the name after it.
- A name is the longest name or alias of a title (then of a project type) in the item; the level word just
  before it (国家级 / 国家 / 省级 / 省 / 山东省 / 市级 / 市 / 国际 / 行业) is its level, 及以上 / 以上 after the
  level make it a minimum. An item with no name of its own that completes the one before it (单项冠军企业、
  产品 → 单项冠军产品) is read as that.
- One level before the first item and none on the others applies to all of them (where the title has it).
- 小巨人 alone is 专精特新"小巨人" (little_giant) unless the sentence speaks of 科技 (科技小巨人 / 科技型).
- 通过…复核 → review: true. 上年度 → assessment: following_year.
- A name the vocabulary lacks (企业技术中心, 首发上市) is returned as written, to be declared by the draft.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from zjtx import vocab
from zjtx.policy.draft.text import outside

#: Names the policy texts use for titles the vocabulary knows by other names (the draft's own; the
#: vocabulary is not changed).
SYNONYMS = {
    "新增规上工业企业": "above_scale",
    "新增的规上工业企业": "above_scale",
    "新增规模以上工业企业": "above_scale",
    "新升规": "above_scale",
    "首次升规": "above_scale",
    "升规纳统": "above_scale",
    "新进规": "above_scale",
    "新入规": "above_scale",
    "新纳入规上": "above_scale",
    "升规": "above_scale",
    "专精特新小巨人": "little_giant",
    "单项冠军示范企业": "single_champion",
    "科技型中小企业": "tech_sme",
    "智能制造示范工厂": "smart_factory",
}
_LEVEL_WORDS = (
    ("国际级", "international"),
    ("国际", "international"),
    ("国家级", "national"),
    ("国家", "national"),
    ("行业级", "industry"),
    ("行业", "industry"),
    ("省级", "provincial"),
    ("省", "provincial"),
    ("市级", "municipal"),
    ("市", "municipal"),
)
_LEVEL_RE = re.compile(r"(?:国际级|国际|国家级|国家|行业级|行业|省级|省|市级|市)(?:及以上|以上)?$")
_LEVEL_ONLY = re.compile(
    r"(?:[\u4e00-\u9fff]{0,4}?)(国际级|国际|国家级|国家|行业级|行业|省级|省|市级|市)(及以上|以上)?(?:级)?(?:的)?"
)
_TRIGGER_WORDS = sorted(
    (
        "经培育",
        "经",
        "新获得认定的",
        "新获得认定",
        "新获评",
        "新获批",
        "新入选的",
        "新入选",
        "新列入",
        "新认定为",
        "新认定的",
        "新认定",
        "新晋",
        "新评为",
        "新",
        "被认定为",
        "被评为",
        "被",
        "首次获得",
        "首次认定为",
        "首次被认定为",
        "首次",
        "获得",
        "获评",
        "获批",
        "获",
        "入选",
        "列入",
        "认定为",
        "认定",
        "评为",
        "评定为",
        "晋升为",
        "升级为",
        "确定为",
        "成功创建",
        "创建",
        "通过",
        "当年",
        "对",
        "的",
    ),
    key=len,
    reverse=True,
)
_SEPARATORS = ("以及", "、", "和", "及", "与", "或者", "或", ",")


@dataclass
class Name:
    """A title or project type named in an object."""

    kind: str  # "title" | "project" | "new"
    id: str | None  # the vocabulary id (None for a new name)
    written: str  # as written in the item (normalised)
    levels: tuple[str, ...] = ()  # from the level word(s) before it; () when none
    min_level: str | None = None  # 省级及以上 → provincial
    stem: str = ""  # the alias matched, for elliptical items (单项冠军企业、产品)
    notes: list[str] = field(default_factory=list)


def _index(names: dict[str, str]) -> tuple[tuple[str, str], ...]:
    """(normalised name, id), longest first (the first that occurs in a text is its longest name)."""
    return tuple(sorted(names.items(), key=lambda kv: -len(kv[0])))


@lru_cache(maxsize=1)
def _title_index() -> tuple[tuple[str, str], ...]:
    names: dict[str, str] = {}
    for t in vocab.TITLES.values():
        for n in (t.name, *t.aliases):
            names.setdefault(vocab.normalise(n), t.id)
    for n, tid in SYNONYMS.items():
        names.setdefault(vocab.normalise(n), tid)
    for n in vocab.AMBIGUOUS_TITLES:
        names.setdefault(n, "?")
    return _index(names)


@lru_cache(maxsize=1)
def _project_index() -> tuple[tuple[str, str], ...]:
    return _index({vocab.normalise(n): p.id for p in vocab.PROJECT_TYPES.values() for n in (p.name, *p.aliases)})


def find_project(text: str) -> tuple[str, int, int] | None:
    """The longest project-type name in ``text``: (id, start, end) in ``vocab.normalise(text)``."""
    key = vocab.normalise(text)
    for name, pid in _project_index():
        k = key.find(name)
        if k >= 0:
            return pid, k, k + len(name)
    return None


def _find_title(key: str) -> tuple[str, int, int, str] | None:
    best = None
    for name, tid in _title_index():
        if best is not None and len(name) < len(best[3]):
            break
        k = key.find(name)
        if k >= 0 and (best is None or k < best[1]):
            best = (tid, k, k + len(name), name)
    return best


def level_of(word: str) -> str | None:
    return next((lv for w, lv in _LEVEL_WORDS if word.startswith(w)), None)


def _level_before(before: str) -> tuple[tuple[str, ...], str | None]:
    """The level written just before a name (``before`` is the item's text up to the name)."""
    m = _LEVEL_RE.search(before.removesuffix("的"))
    if not m:
        return (), None
    lv = level_of(m.group(0))
    if lv is None:
        return (), None
    minimum = lv if m.group(0).endswith("以上") else None
    return (lv,), minimum


def split_items(text: str) -> list[str]:
    """``text`` split at the list separators outside brackets and quotes."""
    text = text.replace('""', '"、"')
    out, at = [], 0
    for k in outside(text):
        if k < at or text.startswith("及以上", k):
            continue
        sep = next((s for s in _SEPARATORS if text.startswith(s, k)), None)
        if sep is not None:
            out.append(text[at:k])
            at = k + len(sep)
    out.append(text[at:])
    return [x for x in out if x.strip('"')]


def strip_trigger(text: str) -> str:
    """The object without its trigger words (新认定的, 经培育被认定为, 通过…): where the names are."""
    text = re.sub(r"^(?:对)?(?:企业|单位)(?=被|获|经|首次|新|通过|认定|入选|列入|评为|主导|在)", "", text)
    changed = True
    while changed:
        changed = False
        for w in _TRIGGER_WORDS:
            if text.startswith(w) and len(text) > len(w):
                text = text[len(w) :]
                changed = True
                break
    return text


_TAIL = re.compile(r"(?:的)?(?:名单|称号|荣誉称号|资格)?(?:的)?(?:工业)?(?:企业|单位)?(?:\(集团\))?(?:的)?$")


def _new_name(item: str) -> str:
    """The name as written of something the vocabulary lacks: the item without level words and its tail."""
    name = strip_trigger(item).removeprefix("在")
    m = re.match(r"(?:国际级|国际|国家级|国家|省级|省|市级|市|县级|区级)(?:及以上|以上)?(?:级)?", name)
    if m and len(name) > m.end() + 1:
        name = name[m.end() :]
    tail = _TAIL.search(name)
    if tail is None or tail.start() < 2:
        return name.removesuffix("的")
    core = name[: tail.start()]
    if core.endswith(
        (
            "中心",
            "平台",
            "基地",
            "实验室",
            "工作站",
            "研究院",
            "工厂",
            "车间",
            "园区",
            "奖",
            "称号",
            "品牌",
            "产品",
            "集群",
        )
    ):
        return core
    return core + ("企业" if "企业" in tail.group(0) else "")


def resolve(item: str, context: str = "") -> Name:
    """The name an item of an object holds (see the module docstring); ``context`` is the whole sentence."""
    key = vocab.normalise(item)
    title = _find_title(key)
    project = None if title else find_project(item)
    if title is not None:
        tid, start, end, alias = title
        levels, minimum = _level_before(key[:start])
        notes = []
        if tid == "?":
            if "科技小巨人" in vocab.normalise(context) or "科技型" in context:
                tid = "tech_little_giant"
                notes.append('"小巨人"读作科技小巨人企业(本句讲科技型企业);另一读法为专精特新"小巨人"(little_giant)')
            else:
                tid = "little_giant"
                notes.append('"小巨人"读作专精特新"小巨人"企业;若指科技小巨人企业请改为 tech_little_giant')
        return Name("title", tid, key, levels, minimum, alias, notes)
    if project is not None:
        pid, start, end = project
        return Name("project", pid, key, (), None, key[start:end])
    m = _LEVEL_ONLY.fullmatch(key)  # a level alone: 国家级、省级…
    if m:
        lv = level_of(m.group(1))
        return Name("level", None, key, (lv,) if lv else (), lv if m.group(2) else None)
    name = _new_name(key)
    lead = re.match(r"(?:在)?(国际级|国际|国家级|国家|省级|省|市级|市)(及以上|以上)?", strip_trigger(key))
    lv = level_of(lead.group(1)) if lead and len(key) > lead.end() + 1 else None
    return Name("new", None, name, (lv,) if lv else (), lv if lv and lead and lead.group(2) else None)


def complete(name: Name, previous: Name | None) -> Name:
    """An item that completes the one before it (单项冠军企业、产品 → 单项冠军产品)."""
    if name.kind != "new" or previous is None or previous.kind != "title" or len(name.written) > 4:
        return name
    stem = re.sub(r"(?:企业|示范企业)$", "", previous.stem)
    for candidate in (stem + name.written, stem + name.written.removesuffix("企业")):
        found = _find_title(candidate)
        if found is not None and found[3] == candidate and found[0] != "?":
            return Name("title", found[0], candidate, previous.levels, previous.min_level, candidate)
    return name


def names(obj: str, context: str = "") -> list[Name]:
    """The titles and project types an object names, each with its levels (see the module docstring)."""
    core = strip_trigger(re.sub(r"(?:动态)?复[核审](?:的)?|重新认定(?:的|为)?|再次认定(?:的|为)?", "", obj))
    items = split_items(core)
    out: list[Name] = []
    written: list[bool] = []  # whether each name has a level of its own in the text
    pending: list[str] = []  # levels written alone, for the next name
    pending_min: str | None = None
    for raw in items:
        n = resolve(raw, context)
        if n.kind == "level":
            pending += list(n.levels)
            pending_min = n.min_level or pending_min
            continue
        own = bool(n.levels) or bool(pending)
        n = complete(n, out[-1] if out else None)
        if pending:
            n.levels = tuple(dict.fromkeys([*pending, *n.levels]))
            n.min_level = n.min_level or pending_min
            pending, pending_min = [], None
        out.append(n)
        written.append(own)
    # one level before the first item, none on the others: it applies to all
    if len(out) > 1 and out[0].levels and not any(written[1:]):
        for n in out[1:]:
            if n.kind == "title" and n.id:
                has = vocab.TITLES[n.id].levels
                if set(out[0].levels) <= set(has):
                    n.levels, n.min_level = out[0].levels, out[0].min_level
    return out


def review(obj: str) -> bool:
    """通过…复核 / 复审 / 重新认定 / 再次认定: the event is a re-review (or a re-certification), not a new title."""
    return re.search(r"复核|复审|重新认定|再次认定|重新评定", obj) is not None


def following_year(obj: str) -> bool:
    return "上年度" in obj or "上一年度" in obj
