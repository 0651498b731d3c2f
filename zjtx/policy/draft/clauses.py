"""Clause numbering, as the document numbers it, and the sentences under each clause. Pure.

A heading opens a line: 第X章, 第X条, 一、, (一), 1. or 1、, (1), ①; inside a paragraph 一是 / 二是 open
points. Each marker has a rank (a chapter above an article above 一、 above (一) above 1. above (1) above ①
above 一是); a marker closes every open marker of its rank and below. A clause is written from its open
markers, the way the bundled data writes them: 二(一)1 (一、 › (一) › 1.), 二、1 四是 (一、 › 1. › 四是),
四(二), 第四条, 第三条1, 第三条(二)2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from zjtx.policy.draft.text import Line

_CN = "一二三四五六七八九十百零〇"
_MARKERS = (  # (rank, pattern at the start of a normalised line)
    (0, re.compile(rf"第([{_CN}0-9]+)章")),
    (1, re.compile(rf"第([{_CN}0-9]+)条")),
    (2, re.compile(r"([一二三四五六七八九十]+)、")),
    (3, re.compile(r"\(([一二三四五六七八九十]+)\)")),
    (4, re.compile(r"([0-9]{1,2})(?:\.|、|\)(?![0-9]))(?![0-9%])")),
    (5, re.compile(r"\(([0-9]{1,2})\)")),
    (6, re.compile(r"([①-⑳])")),
)
SHI = 7  # 一是, 二是 …: points inside a paragraph
_SHI = re.compile(r"(?:(?<=^)|(?<=[。;:]))([一二三四五六七八九十]{1,2})是(?=[^,。;、是的])")
_ENDS = "。!?"


@dataclass
class Sentence:
    """One sentence (to 。 ! ?, or to the ; before the next 二是; a ; splits it into parts later) with its clause."""

    line: Line
    start: int  # in line.norm
    end: int
    clause: str
    heading: str  # the title of the innermost heading it is under (二、重点任务 → 重点任务), for notes
    path: tuple[tuple[int, str], ...] = field(default_factory=tuple)  # the open markers: (rank, as written)

    @property
    def text(self) -> str:
        return self.line.norm[self.start : self.end]


def clause_label(path: tuple[tuple[int, str], ...]) -> str:
    """``((2, "二"), (3, "一"), (4, "1"))`` → ``二(一)1``; ``((2, "二"), (4, "1"), (7, "四"))`` → ``二、1 四是``."""
    ranks = [r for r, _ in path]
    out = ""
    for rank, num in path:
        if rank == 0:
            if 1 in ranks:
                continue  # articles are numbered through the chapters
            out += f"第{num}章"
        elif rank == 1:
            out += f"第{num}条"
        elif rank == 2:
            out += num
        elif rank == 3:
            out += f"({num})"
        elif rank == 4:
            out += ("、" if out and out[-1] not in ")条" else "") + num
        elif rank == 5:
            out += f"({num})"
        elif rank == 6:
            out += num
        else:
            out += (" " if out else "") + f"{num}是"
    return out


def _open(path: list[tuple[int, str]], rank: int, num: str) -> None:
    while path and path[-1][0] >= rank:
        path.pop()
    path.append((rank, num))


def _heading(norm: str) -> tuple[int, str, int] | None:
    """(rank, number as written, where the heading's text starts) of a marker at the start of a line."""
    for rank, pattern in _MARKERS:
        m = pattern.match(norm)
        if m:
            return rank, m.group(1), m.end()
    return None


def sentences(lines: list[Line], start: int = 0) -> list[Sentence]:
    """The sentences of ``lines[start:]``, each with its clause."""
    out: list[Sentence] = []
    path: list[tuple[int, str]] = []
    titles: dict[int, str] = {}
    for line in lines[start:]:
        norm = line.norm
        at = 0
        head = _heading(norm)
        if head is not None:
            rank, num, at = head
            _open(path, rank, num)
            end = min((norm.find(c, at) for c in "。" if norm.find(c, at) >= 0), default=len(norm))
            titles[rank] = norm[at:end]
            for r in [r for r in titles if r > rank]:
                del titles[r]
        while at < len(norm):
            shi = _SHI.match(norm, at)
            if shi:
                _open(path, SHI, shi.group(1))
            end = at
            while end < len(norm) and norm[end] not in _ENDS:
                if norm[end] in ";:" and _SHI.match(norm, end + 1):
                    break  # ……;二是……: the next point starts a sentence of its own
                end += 1
            end = min(end + 1, len(norm))
            if norm[at:end].strip("。;!?"):
                label = clause_label(tuple(path))
                heading = titles[max(titles)] if titles else ""
                out.append(Sentence(line, at, end, label, heading, tuple(path)))
            at = end
        # a point (一是) is closed by the end of its paragraph
        while path and path[-1][0] == SHI:
            path.pop()
    return out
