"""Checks across policy documents: measure ids unique across files, and documents of one city whose windows
overlap, with no ``supersedes`` between them, paying for the same trigger (``data check`` warns; ``check``
marks such awards "两份文件均覆盖此认定"). Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from zjtx import vocab
from zjtx.errors import Problem
from zjtx.policy.model import Document, Measure


def cross_check(documents: Sequence[Document]) -> list[Problem]:
    """``supersedes`` must name another document of the same city, and never come back in a cycle."""
    by_id = {d.id: d for d in documents}
    problems = []
    for d in documents:
        for k, old in enumerate(d.supersedes):
            target = by_id.get(old)
            if target is None:
                problems.append(
                    Problem(
                        d.file,
                        f"{d.id}: supersedes[{k}]",
                        f"no document with id {old!r}" + vocab.did_you_mean(old, [x for x in by_id if x != d.id]),
                    )
                )
            elif target.city != d.city:
                problems.append(
                    Problem(
                        d.file,
                        f"{d.id}: supersedes[{k}]",
                        f"{old} is a document of {target.city}, not of this document's city {d.city}",
                    )
                )
    from zjtx.policy.supersedes import cycles

    return problems + cycles(documents)


def _same_trigger(a: Measure, b: Measure) -> str | None:
    """What both measures pay for, in words, or None when no event triggers both."""
    ta, tb = a.trigger, b.trigger
    if a.recipient != "company" or b.recipient != "company" or "benefit" in (a.rule.form, b.rule.form):
        return None
    if ta.kind == tb.kind == "project" and ta.project == tb.project:
        return f"project {ta.project}"
    if ta.kind == tb.kind == "title" and ta.review == tb.review:
        titles = [t for t in ta.titles if t in tb.titles]
        levels = [lv for lv in (ta.levels or vocab.LEVELS) if tb.levels is None or lv in tb.levels]
        if titles and (levels or (ta.levels is None and tb.levels is None)):
            level = f" ({', '.join(levels)})" if ta.levels is not None or tb.levels is not None else ""
            return f"{', '.join(titles)}{level}" + (" re-review" if ta.review else "")
    return None


def overlap_warnings(documents: Iterable[Document]) -> list[Problem]:
    """Two documents of one city whose windows overlap, neither superseding the other, with measures for the
    same trigger: a company may be paid twice for one event (a warning, not an error)."""
    out = []
    docs = list(documents)
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            if a.city != b.city or a.id in b.supersedes or b.id in a.supersedes:
                continue
            start = max((w.start for w in (a.window, b.window) if w.start), default=None)
            ends = [w.end for w in (a.window, b.window) if w.end]
            end = min(ends) if ends else None
            if start and end and start > end:
                continue
            span = f"{start or '…'} to {end or 'no end'}"
            for ma in a.measures:
                for mb in b.measures:
                    what = _same_trigger(ma, mb)
                    if what:
                        out.append(
                            Problem(
                                b.file,
                                b.id,
                                f"overlaps {a.id} ({a.file}) from {span}: both pay for {what} "
                                f"({mb.id} and {ma.id}) and neither supersedes the other, so one event may be "
                                f"paid twice; if {b.id} replaces it, write supersedes: [{a.id}]",
                            )
                        )
    return out
