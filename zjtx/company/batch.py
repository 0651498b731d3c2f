"""The inputs of a batch (``zjtx check FILE... DIR...``), walked lazily so that memory stays flat in the
number of files (issue 23; issue 25, R3-18):

- :class:`Batch` lists each folder twice. A first pass (:meth:`Batch._survey`) keeps no file: it counts
  them, notes the subfolders skipped without ``-r``, the links to folders (never entered) and the folders
  that cannot be listed, and learns which files another name could reach again. Then iterating the batch
  walks the folders again, in name order, yielding one :class:`Source` at a time — the order is the
  sorted order of the whole paths (a subfolder ``b`` comes before ``b.toml``), as if every path had been
  collected and sorted, while only the names of the folder being read are held.
- :class:`Seen` drops a file read before (the same device and inode) while remembering only the files
  that could be met again: those with other hard links, those a symbolic link points at, the files
  named on the command line (and standard input's) — or every file, when a folder is reached twice
  (``check a a``, ``check a a/b -r``, a bind mount).
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator

from zjtx.errors import Problem
from zjtx.io.textsafe import filename
from zjtx.record import Record, record

Identity = tuple[int, int]  #: (device, inode)


@record
class Source(Record):
    """One input of a batch: the path to open, and whether a symbolic link there must not be followed
    (a file that was a plain file when its folder was listed)."""

    path: str
    nofollow: bool = False


class Duplicate(Exception):
    """This input is a file already read in this run (same device and inode): computed once."""

    def __init__(self, first: str):
        super().__init__(first)
        self.first = first


class Seen:
    """The files read so far that another name could reach again, by identity: the name first shown."""

    def __init__(self, wanted: frozenset[Identity] | set[Identity] = frozenset(), everything: bool = True):
        self.first: dict[Identity, str] = {}
        self.wanted, self.everything = wanted, everything

    def meet(self, ident: Identity, links: int, shown: str) -> None:
        """A file opened as ``shown`` (``links``: its count of hard links); raises :class:`Duplicate` when
        it was read before."""
        first = self.first.get(ident)
        if first is not None:
            raise Duplicate(first)
        if self.everything or links > 1 or ident in self.wanted:
            self.first[ident] = shown


class Noted(Seen):
    """What a worker process (``-j``) reports of the file it read: its identity and count of links, for the
    parent to :meth:`Seen.meet` in input order."""

    def __init__(self) -> None:
        super().__init__()
        self.noted: tuple[Identity, int] | None = None

    def meet(self, ident: Identity, links: int, shown: str) -> None:
        self.noted = ident, links


def identity(st: os.stat_result) -> Identity:
    return st.st_dev, st.st_ino


class Batch:
    """The files of ``inputs`` (files as given, ``-`` standard input, folders their ``*.toml`` files, not
    hidden ones — with ``recursive``, in subfolders too). Iterate it (once or more) for the
    :class:`Source` of each file, in order."""

    def __init__(self, inputs: list[str], recursive: bool = False):
        self.inputs, self.recursive = inputs, recursive
        self.problems: list[Problem] = []  # folders that could not be listed
        self.skipped: list[str] = []  # subfolders not entered without -r
        self.links: list[str] = []  # symbolic links to folders: never entered
        self.count = 0  # the files the first pass found
        self.yielded = 0  # the sources the last iteration gave
        self._wanted: set[Identity] = set()
        self._everything = False
        self._survey()

    def seen(self) -> Seen:
        """A fresh :class:`Seen` for reading this batch."""
        return Seen(frozenset(self._wanted), self._everything)

    def __iter__(self) -> Iterator[Source]:
        self.yielded = 0
        for name in self.inputs:
            if name == "-" or not os.path.isdir(name):
                self.yielded += 1
                yield Source(name)
            else:
                for source in self._walk(name):
                    self.yielded += 1
                    yield source

    # ---------------------------------------------------------------------------- the first pass

    def _survey(self) -> None:
        folders_met: set[Identity] = set()
        for name in self.inputs:
            if name == "-" or not os.path.isdir(name):
                self.count += 1
                self._want(name)
                continue
            todo = [name]
            while todo:
                folder = todo.pop()
                try:
                    with os.scandir(folder) as entries:
                        ident = identity(os.stat(folder))
                        if ident in folders_met:
                            self._everything = True  # a folder reached twice: every file may come again
                        folders_met.add(ident)
                        for e in entries:
                            self._survey_entry(e, todo)
                except OSError as e:
                    reason = "permission denied" if e.errno in (errno.EACCES, errno.EPERM) else (e.strerror or str(e))
                    self.problems.append(Problem(filename(folder), "", f"cannot list this folder: {reason}"))

    def _want(self, name: str) -> None:
        """Remember the identity of a file named on the command line (or standard input's)."""
        try:
            st = os.fstat(0) if name == "-" else os.stat(name)
        except (OSError, ValueError):
            return
        if stat.S_ISREG(st.st_mode):
            self._wanted.add(identity(st))

    def _survey_entry(self, e: os.DirEntry, todo: list[str]) -> None:
        kind = _kind(e)
        if kind == "link-folder":
            self.links.append(filename(e.path))
        elif kind == "folder":
            if self.recursive:
                todo.append(e.path)
            else:
                self.skipped.append(filename(e.path))
        elif kind == "link":
            self.count += 1
            self._want(e.path)  # the file it points at may be in the batch too
        elif kind == "file":
            self.count += 1

    # ---------------------------------------------------------------------------- the second pass

    def _walk(self, folder: str) -> Iterator[Source]:
        names: list[str] = []
        folders: set[str] = set()
        links: set[str] = set()
        try:
            with os.scandir(folder) as entries:
                for e in entries:
                    kind = _kind(e)
                    if kind in ("file", "link") or (kind == "folder" and self.recursive):
                        names.append(e.name)
                        if kind == "folder":
                            folders.add(e.name)
                        elif kind == "link":
                            links.add(e.name)
        except OSError:
            return  # reported by the first pass (or it became unreadable since: then it has no files)
        names.sort()
        for name in names:
            path = os.path.join(folder, name)
            if name in folders:
                yield from self._walk(path)
            else:
                yield Source(path, nofollow=name not in links)


def _kind(e: os.DirEntry) -> str:
    """``file`` (a *.toml file), ``link`` (a link to one, or a name that cannot be examined), ``folder``,
    ``link-folder``, or ``""`` (hidden — editors' and zjtx's own temporary files — or anything else)."""
    if e.name.startswith("."):
        return ""
    try:
        link = e.is_symlink()
        is_dir = e.is_dir(follow_symlinks=False)
        if link and not is_dir:
            is_dir = e.is_dir()  # a link to a folder: listed as skipped, never entered
    except OSError:
        link, is_dir = True, False
    if is_dir:
        return "link-folder" if link else "folder"
    if e.name.endswith(".toml"):
        return "link" if link else "file"
    return ""


def expand(inputs: list[str], recursive: bool = False) -> Batch:
    """The batch of ``inputs`` (see :class:`Batch`)."""
    return Batch(inputs, recursive)
