"""Worker processes for a batch (``zjtx check -j N``): ``ordered(task, items, jobs)`` yields ``task(item)``
for every item, in input order, computed by ``jobs`` forked worker processes. The parent only collects
the results (and writes them), so the output is the same bytes as with one process.

- Workers are forked after the catalog is loaded: they inherit it (and ``task``) without pickling
  anything but the items and the results (plain strings and tuples).
- Items go in chunks (large enough that the messages cost little beside the work, small enough that both
  workers stay busy to the end); a window of a few chunks per worker is in flight, so memory stays flat
  whatever the batch and however slow the reader of stdout. ``items`` may be a lazy iterator.
- Items for which ``here(item)`` is true (standard input, which multiprocessing closes in its workers)
  are computed by the parent when their turn comes.
- A worker that dies (``kill -9``, the out-of-memory killer) is noticed: the others are stopped and
  :class:`WorkerLost` names the first item whose result was lost (never a hang).
- Workers ignore SIGINT: Ctrl-C reaches the parent, which stops them (the pool is shut down on any exit).
- Where ``fork`` is not available (Windows), everything runs in this process, in the same order.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from concurrent.futures import Future
    from multiprocessing.context import ForkContext

T = TypeVar("T")
R = TypeVar("R")

#: The task of the pool being run, inherited by the forked workers (never pickled).
_TASK: Callable[[Any], Any] | None = None
CHUNK = 256  #: at most this many items per message to a worker
WINDOW = 3  #: chunks in flight per worker


class WorkerLost(Exception, Generic[T]):
    """A worker process ended without returning its chunk: ``first`` is the first item not computed."""

    def __init__(self, first: T, code: int | None):
        super().__init__(first)
        self.first, self.code = first, code

    @property
    def how(self) -> str:
        """``killed by signal 9 (SIGKILL)``, ``exited with status 1`` or ``ended abruptly``."""
        if self.code is None:
            return "ended abruptly"
        if self.code < 0:
            import signal

            try:
                name = f" ({signal.Signals(-self.code).name})"
            except ValueError:
                name = ""
            return f"was killed by signal {-self.code}{name}"
        return f"exited with status {self.code}"


def cores() -> int:
    """The cores this process may run on (``-j 0``, and the most workers ``-j N`` starts)."""
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


def chunk_size(total: int | None, jobs: int) -> int:
    """Items per chunk: about a twelfth of a worker's share (so the last chunks end together), at most
    :data:`CHUNK`; unknown totals take :data:`CHUNK`."""
    if total is None:
        return CHUNK
    return max(1, min(CHUNK, total // (jobs * WINDOW * 4)))


def ordered(
    task: Callable[[T], R],
    items: Iterable[T],
    jobs: int,
    here: Callable[[T], bool] = lambda item: False,
    total: int | None = None,
) -> Iterator[R]:
    """``task(item)`` for each item, in order; ``jobs`` worker processes (1: this process alone).
    ``total``: how many items there are, when known (the chunks' size). Raises :class:`WorkerLost`."""
    context = _fork_context() if jobs > 1 and (total is None or total > 1) else None
    if context is None:
        yield from map(task, items)
        return
    if total is not None:
        jobs = min(jobs, total)
    segments = _segments(items, here, chunk_size(total, jobs))
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    global _TASK
    _TASK = task
    pool = ProcessPoolExecutor(jobs, mp_context=context, initializer=_quiet)
    try:
        # the parent's own items, or a worker's results to come (with the chunk, to name what was lost)
        pending: deque[tuple[list[T], Future[list[R]] | None]] = deque()

        workers: list[Any] = []  # the worker processes, as soon as they are started: to tell how one ended

        def submit() -> None:
            segment = next(segments, None)
            if segment is not None:
                local, chunk = segment
                pending.append((chunk, None if local else _submitted(pool, chunk)))
                if not workers:
                    workers.extend((getattr(pool, "_processes", None) or {}).values())

        for _ in range(jobs * WINDOW):
            submit()
        while pending:
            chunk, future = pending.popleft()
            submit()
            if future is None:
                yield from map(task, chunk)
                continue
            try:
                results = future.result()
            except BrokenProcessPool:
                raise WorkerLost(chunk[0], _dead_code(workers)) from None
            yield from results
    finally:
        _TASK = None
        pool.shutdown(wait=True, cancel_futures=True)


def _submitted(pool: Any, chunk: list[T]) -> Future[list[Any]]:
    """The future of ``chunk`` handed to ``pool``; when a worker died before (the pool is broken and refuses
    it), a future that fails as the pool's own do — so the loss is reported in input order, as any other."""
    from concurrent.futures import Future
    from concurrent.futures.process import BrokenProcessPool

    try:
        future: Future[list[Any]] = pool.submit(_run, chunk)
    except BrokenProcessPool as e:
        future = Future()
        future.set_exception(e)
    return future


def _dead_code(workers: list[Any]) -> int | None:
    """The exit code of the worker that died (a negative signal number), when it is known."""
    for process in workers:
        code = process.exitcode
        if code is not None and code != 0 and code != -15:  # -15: the SIGTERM the pool sent the others
            return int(code)
    return None


def _segments(items: Iterable[T], here: Callable[[T], bool], size: int) -> Iterator[tuple[bool, list[T]]]:
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
