"""Stacking rules on a measure: how its money meets another level's for the same event.

``stacking: {rule: highest, with: [doc.measure_id, …]}`` — 就高不重复: of this measure's award and those of the
named measures for one event, only the highest is counted; ``rule: top_up`` — 差额 / 补齐差额: this measure pays
its amount less what the named measures paid for the same event, never below 0. The named measures may be in
other documents (another level's): :func:`unknown_ids` checks them once every document is read. Pure; the
engine's side is ``zjtx.awards.stacking``.
"""

from __future__ import annotations

from collections.abc import Iterable

from zjtx import vocab
from zjtx.errors import Problem
from zjtx.policy.fields import ID_PATTERN, Checker, LineOf, is_text, show
from zjtx.policy.model import Document, Stacking

STACKING_RULES = ("highest", "top_up")
STACKING_KEYS = ("rule", "with")


def field_stacking(value: object, entry: str, c: Checker) -> Stacking | None:
    """A measure's ``stacking``, or None (a problem is added when it is written wrong)."""
    if value is None:
        return None
    example = "{rule: highest, with: [huzhou.little_giant]}"
    if not isinstance(value, dict):
        c.add(entry, "stacking", f"expected {example}, got {show(value)}")
        return None
    c.keys(value, STACKING_KEYS, entry, "stacking.")
    rule = value.get("rule")
    if rule not in STACKING_RULES:
        hint = vocab.did_you_mean(rule, STACKING_RULES) if is_text(rule) else ""
        c.add(entry, "stacking.rule", f"expected highest (就高不重复) or top_up (差额), got {show(rule)}{hint}")
    ids = value.get("with")
    if not isinstance(ids, list) or not ids or not all(is_text(i) and ID_PATTERN.fullmatch(i) for i in ids):
        got = "nothing" if ids is None else show(ids)
        c.add(entry, "stacking.with", f"expected a list of measure ids, e.g. [huzhou.little_giant], got {got}")
        return None
    if entry in ids:
        c.add(entry, "stacking.with", "a measure cannot stack with itself")
    if len(set(ids)) < len(ids):
        c.add(entry, "stacking.with", "a measure id is given twice")
    if rule not in STACKING_RULES:
        return None
    return Stacking(str(rule), tuple(str(i) for i in ids))


def cycles(documents: Iterable[Document], lines: dict[str, tuple[object, LineOf]]) -> list[Problem]:
    """One problem per cycle of stacking rules: a ``top_up`` pays after the measures it names, so none of them
    may depend on it again — through another ``top_up`` (a top_up b, b top_up a) or a ``highest`` group, which
    joins its measures both ways (a top_up b while b is highest with a). Two ``highest`` rules naming each other
    are one group, not a cycle. On the line of the cycle's first measure by id (``lines`` as for
    :func:`unknown_ids`)."""
    from zjtx.policy.supersedes import strong_groups

    where: dict[str, tuple[Document, int]] = {}
    for d in documents:
        for k, m in enumerate(d.measures):
            where[m.id] = (d, k)
    edges: dict[str, set[str]] = {i: set() for i in where}
    ups: set[tuple[str, str]] = set()
    for i, (d, k) in where.items():
        rule = d.measures[k].stacking
        for j in rule.with_ if rule is not None else ():
            if j not in where or j == i:
                continue  # reported by unknown_ids / field_stacking
            edges[i].add(j)
            if rule is not None and rule.rule == "top_up":
                ups.add((i, j))
            else:
                edges[j].add(i)
    graph = {i: sorted(js) for i, js in edges.items()}
    problems = []
    for group in strong_groups(graph):
        inside = sorted((i, j) for i, j in ups if i in group and j in group)
        if not inside:
            continue  # highest rules only: one group
        start, then = inside[0]
        path = [start, *_way(then, start, group, graph)]
        d, k = where[start]
        root, line_of = lines.get(d.id, (None, None))
        line = line_of(root, ("measures", k, "stacking", "with")) if line_of is not None else None
        files = "; ".join(f"{i} in {where[i][0].file}" for i in sorted(group))
        problems.append(
            Problem(
                f"{d.file}:{line}" if line else d.file,
                f"{start}: stacking",
                f"a cycle of stacking rules: {' → '.join(path)} ({files}); a top_up is paid after the measures it "
                "names, so none of them may depend on it again (through top_up or highest): remove one of the rules",
            )
        )
    return problems


def _way(start: str, goal: str, group: set[str], graph: dict[str, list[str]]) -> list[str]:
    """A shortest way from ``start`` to ``goal`` inside ``group`` (breadth first), both ends included."""
    before: dict[str, str] = {start: start}
    frontier = [start]
    while frontier and goal not in before:
        following = []
        for node in frontier:
            for child in graph[node]:
                if child in group and child not in before:
                    before[child] = node
                    following.append(child)
        frontier = following
    path = [goal]
    while path[-1] != start:
        path.append(before[path[-1]])
    return path[::-1]


def unknown_ids(documents: Iterable[Document], lines: dict[str, tuple[object, LineOf]]) -> list[Problem]:
    """Every id in a ``stacking.with`` that is no measure of the documents loaded (``lines``: where each
    document's values were written, by document id, to put the problem on its line)."""
    documents = list(documents)
    known = {m.id for d in documents for m in d.measures}
    problems = []
    for d in documents:
        for k, m in enumerate(d.measures):
            if m.stacking is None:
                continue
            for i in m.stacking.with_:
                if i in known:
                    continue
                root, line_of = lines.get(d.id, (None, None))
                line = line_of(root, ("measures", k, "stacking", "with")) if line_of is not None else None
                where = f"{d.file}:{line}" if line else d.file
                problems.append(
                    Problem(
                        where,
                        f"{m.id}: stacking.with",
                        f"unknown measure id {i!r}{vocab.did_you_mean(i, known)}; the measures named must be in "
                        "a loaded document (--data)",
                    )
                )
    return problems
