"""Worker processes for a batch (``zjtx check -j N``): ``ordered(task, items, jobs)`` yields ``task(item)``
for every item, in input order, computed by ``jobs`` forked worker processes. The parent only collects
the results (and writes them), so the output is the same bytes as with one process.

- Workers are forked after the catalog is loaded: they inherit it (and ``task``) without pickling
  anything but the items and the results (plain strings and tuples).
- Items go in chunks; a window of a few chunks per worker is in flight, so memory stays flat whatever
  the batch and however slow the reader of stdout.
- Items for which ``here(item)`` is true (standard input, which multiprocessing closes in its workers)
  are computed by the parent when their turn comes.
- Workers ignore SIGINT: Ctrl-C reaches the parent, which stops them (the pool is terminated on any exit).
- Where ``fork`` is not available (Windows), everything runs in this process, in the same order.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from multiprocessing.context import ForkContext
    from multiprocessing.pool import AsyncResult

T = TypeVar("T")
R = TypeVar("R")

#: The task of the pool being run, inherited by the forked workers (never pickled).
_TASK: Callable[[Any], Any] | None = None
CHUNK = 64  #: at most this many items per message to a worker
WINDOW = 4  #: chunks in flight per worker


def cores() -> int:
    """The cores this process may run on (``-j 0``)."""
    counter = getattr(os, "process_cpu_count", None)  # Python 3.13
    if counter is not None:
        return counter() or 1
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _quiet() -> None:
    """Worker set-up: Ctrl-C is the parent's to handle; SIGTERM/SIGHUP (the pool stopping its workers) get
    their default action, never a handler inherited from the parent (the -o writer removes its temporary
    file on those signals: a worker must not remove the parent's)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)


def _run(chunk: list[Any]) -> list[Any]:
    task = _TASK
    if task is None:  # a worker is forked by ordered(), which sets the task first
        raise RuntimeError("no task: ordered() starts the workers")
    return [task(item) for item in chunk]


def _fork_context() -> ForkContext | None:
    import multiprocessing

    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def ordered(
    task: Callable[[T], R], items: list[T], jobs: int, here: Callable[[T], bool] = lambda item: False
) -> Iterator[R]:
    """``task(item)`` for each item, in order; ``jobs`` worker processes (1: this process alone)."""
    remote = [i for i, item in enumerate(items) if not here(item)]
    context = _fork_context() if jobs > 1 and len(remote) > 1 else None
    if context is None:
        yield from map(task, items)
        return
    jobs = min(jobs, len(remote))
    size = max(1, min(CHUNK, len(remote) // (jobs * WINDOW)))
    segments = _segments(items, here, size)
    global _TASK
    _TASK = task
    try:
        with context.Pool(jobs, initializer=_quiet) as pool:
            # the parent's own items (a list), or a worker's results to come
            pending: deque[list[T] | AsyncResult[list[R]]] = deque()

            def submit() -> None:
                segment = next(segments, None)
                if segment is not None:
                    local, chunk = segment
                    pending.append(chunk if local else pool.apply_async(_run, (chunk,)))

            for _ in range(jobs * WINDOW):
                submit()
            while pending:
                work = pending.popleft()
                submit()
                if isinstance(work, list):
                    yield from map(task, work)
                else:
                    yield from work.get()
    finally:
        _TASK = None


def _segments(items: list[T], here: Callable[[T], bool], size: int) -> Iterator[tuple[bool, list[T]]]:
    """Runs of at most ``size`` items for the workers, and the items the parent computes, in order."""
    chunk: list[T] = []
    for item in items:
        if here(item):
            if chunk:
                yield False, chunk
                chunk = []
            yield True, [item]
            continue
        chunk.append(item)
        if len(chunk) == size:
            yield False, chunk
            chunk = []
    if chunk:
        yield False, chunk
