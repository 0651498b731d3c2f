"""``supersedes`` across documents: the chain of successors must not come back to where it started. A cycle
(a replaces b and b replaces a, or a → c → b → a) would make every document of it superseded by another,
and all their awards silently dropped; it is a data error naming the documents. Pure."""

from __future__ import annotations

from collections.abc import Sequence

from zjtx.errors import Problem
from zjtx.policy.model import Document


def cycles(documents: Sequence[Document]) -> list[Problem]:
    """One problem per cycle of ``supersedes`` (a strongly connected group of documents), on the file of its
    first document by id. References to unknown documents or to another city's are reported elsewhere
    (:func:`zjtx.policy.overlap.cross_check`) and ignored here."""
    by_id = {d.id: d for d in documents}
    edges = {
        d.id: sorted({old for old in d.supersedes if old in by_id and old != d.id and by_id[old].city == d.city})
        for d in documents
    }
    problems = []
    for group in strong_groups(edges):
        start = min(group)
        path = cycle_path(start, group, edges)
        doc = by_id[start]
        files = "; ".join(f"{i} in {by_id[i].file}" for i in sorted(group))
        problems.append(
            Problem(
                doc.file,
                f"{start}: supersedes",
                f"a cycle: {' → '.join(path)} ({files}); a document cannot replace one that replaces it, "
                "even through others: remove the wrong supersedes entry",
            )
        )
    return problems


def strong_groups(edges: dict[str, list[str]]) -> list[set[str]]:
    """The strongly connected groups of more than one document (Tarjan, iterative), in the order of their
    smallest id."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    found.append(group)
    return sorted(found, key=min)


def cycle_path(start: str, group: set[str], edges: dict[str, list[str]]) -> list[str]:
    """A shortest way from ``start`` back to itself inside ``group`` (breadth first), as ids."""
    before: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for child in edges[node]:
                if child not in group:
                    continue
                if child == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(before[path[-1]])
                    return [*reversed(path), start]
                if child not in before:
                    before[child] = node
                    following.append(child)
        frontier = following
    return [start, start]  # pragma: no cover - a group always has a cycle through each member
