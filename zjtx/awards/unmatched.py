"""Every recognition and project of a company file that triggers nothing in a city (no award, benefit or unmet
condition): why, and the nearest measure — so that nothing in the file silently disappears. Pure; called by
the engine (zjtx.awards.engine) with the triggers of what it found."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from zjtx import lexicon, vocab
from zjtx.awards.events import matches, project_trigger, recognition_trigger, renewal_note
from zjtx.company.model import Company, Recognition
from zjtx.policy.model import Document, Measure
from zjtx.record import Record, record, replace

#: The measures of a city's documents an unmatched event is compared with: by title, and those with a reading.
Measures = tuple[dict[str, tuple[tuple[Measure, Document], ...]], tuple[tuple[Measure, Document], ...]]


@record
class Unmatched(Record):
    """A recognition or project that triggers no measure of the city, why, and the nearest measure."""

    entry: str  # recognitions[i] / projects[i]
    trigger: dict
    reason: str  # no_measure_for_title | _level | _review | _new | _project | reading
    explanation: str  # the reason in Chinese
    nearest: tuple[Measure, Document] | None


def unmatched(company: Company, docs: tuple[Document, ...], triggers: Iterable[dict]) -> tuple[Unmatched, ...]:
    """Every recognition and project that is in none of ``triggers`` (those of the awards, benefits and unmet
    conditions found): why, and the nearest measure."""
    seen: set[str] = set()
    for t in triggers:
        if "entry" in t:
            seen.add(t["entry"])
        seen.update(t.get("entries", ()))
    out = []
    for r in company.recognitions:
        entry = f"recognitions[{r.index}]"
        if entry not in seen:
            out.append(_unmatched_recognition(r, recognition_trigger(r), _measures(docs)))
    for p in company.projects:
        entry = f"projects[{p.index}]"
        if entry not in seen:
            what = vocab.PROJECT_TYPES[p.type].name
            out.append(
                Unmatched(
                    entry, project_trigger([p]), "no_measure_for_project", f"本市文件没有针对{what}项目的措施", None
                )
            )
    return tuple(out)


@lru_cache(maxsize=64)
def _measures(docs: tuple[Document, ...]) -> Measures:
    """The measures an event may be matched against, the same for every company of a city: (by title, those
    with a reading). Measures paid to a district are no one's to match, unless another reading of their text
    pays the company."""
    by_title: dict[str, list[tuple[Measure, Document]]] = {}
    read: list[tuple[Measure, Document]] = []
    for d in docs:
        for m in d.measures:
            if m.recipient == "district" and m.choice is None:
                continue
            if m.reading and d.reading(m.reading) is not None:
                read.append((m, d))
            if m.trigger.kind == "title" and m.recipient == "company":
                for t in m.trigger.titles:
                    by_title.setdefault(t, []).append((m, d))
    return {t: tuple(v) for t, v in by_title.items()}, tuple(read)


#: (id of the measures, title, level, review) -> (the measures, (reason, explanation, nearest)): why a
#: recognition matches nothing depends on nothing else, so a batch works it out once per city and kind.
_REASONS: dict[tuple, tuple[Measures, tuple[str, str, tuple[Measure, Document] | None]]] = {}
lexicon.on_change(_REASONS.clear)  # the explanations name titles in the vocabulary in effect


def _unmatched_recognition(r: Recognition, trigger: dict, measures: Measures) -> Unmatched:
    key = (id(measures), r.title, r.level, r.review)
    hit = _REASONS.get(key)
    if hit is None or hit[0] is not measures:
        if len(_REASONS) >= 1024:
            _REASONS.clear()
        found = _unmatched_reason(r, trigger, measures)
        hit = _REASONS[key] = (measures, (found.reason, found.explanation, found.nearest))
    reason, explanation, nearest = hit[1]
    out = Unmatched(trigger["entry"], trigger, reason, explanation, nearest)
    if r.renews is not None:
        out = replace(out, explanation=f"{out.explanation} ({renewal_note(r)})")
    return out


def _unmatched_reason(r: Recognition, trigger: dict, measures: Measures) -> Unmatched:
    entry = trigger["entry"]
    title = vocab.TITLES[r.title]
    name = title.name
    level_cn = vocab.LEVEL_CN.get(r.level, "") if r.level else ""
    by_title, read = measures
    same_title = list(by_title.get(r.title, ()))
    # A measure that would pay it under another reading of its text.
    for m, d in read:
        reading = d.reading(m.reading or "")
        if reading is None:
            continue
        current = m.choice or reading.taken
        for v in m.variants:
            if v.trigger is None or not matches(v.trigger, r) or v.dropped:
                continue
            if (v.recipient or m.recipient) != "company" and m.recipient == "company":
                continue
            if m.recipient == "company" and matches(m.trigger, r):
                continue  # it pays under the reading in effect (an unmet condition, not a reading)
            why = (
                f"{level_cn}{name}不在{m.title}之列"
                if m.recipient == "company"
                else f"{m.title}不付给企业(奖励对象不是企业)"
            )
            return Unmatched(
                entry,
                trigger,
                "reading",
                f"按所采用的解读 ({reading.id}={current}: {reading.text(current)}) {why};"
                f"另一解读 --reading {reading.id}={v.option} ({reading.text(v.option)}) 下适用",
                (m, d),
            )
    if not same_title:
        return Unmatched(entry, trigger, "no_measure_for_title", f"本市文件没有针对{name}的措施", None)
    # Nearest first: the same level, then a measure with money (not a non-monetary benefit).
    same_title.sort(
        key=lambda md: (not md[0].trigger.matches_level(r.level), md[0].rule.form in ("benefit", "unquantified"))
    )
    same_review = [(m, d) for m, d in same_title if m.trigger.review == r.review]
    if not same_review:
        m, d = same_title[0]
        if r.review:
            return Unmatched(
                entry, trigger, "no_measure_for_review", f"本市文件只奖励{name}新认定,不奖励{title.renewal_cn}", (m, d)
            )
        return Unmatched(
            entry, trigger, "no_measure_for_new", f"本市文件只奖励{name}{title.renewal_cn},不奖励新认定", (m, d)
        )
    levels = sorted(
        {lv for m, _ in same_review for lv in (m.trigger.levels or ())}, key=lambda lv: vocab.LEVELS.index(lv)
    )
    rank = vocab.LEVEL_RANK.get(r.level or "", 0)
    m, d = min(
        same_review,
        key=lambda md: min((abs(vocab.LEVEL_RANK[lv] - rank) for lv in md[0].trigger.levels or ()), default=9),
    )
    paid = "、".join(vocab.LEVEL_CN[lv] for lv in levels) or "其他层级"
    return Unmatched(
        entry,
        trigger,
        "no_measure_for_level",
        f"本市文件对{name}{title.renewal_cn if r.review else '新认定'}只奖励{paid},不含{level_cn or '无层级'}",
        (m, d),
    )
