"""Rewriting a file in place (:mod:`zjtx.io.outfile`): a target with other hard links, or one whose owner
zjtx could not give back, keeps its inode. The new content is complete in a temporary file (synced)
before :func:`rewrite` starts, and the old bytes are kept until the new ones are safe:

1. The target is opened and locked (``flock``, exclusive): writers onto one file take turns, and the
   file ends as one whole report, never a mixture. A lock another process holds is waited for, with one
   note on stderr (``zjtx: note: waiting for PATH, locked by another process…``).
2. Its old bytes are copied to a backup, a temporary file next to it.
3. The space the new content needs is reserved (``posix_fallocate``) before a byte is overwritten: a full
   file system fails here, the old file as it was.
4. The new content is copied over the old, the file cut to its new size and synced, with SIGTERM, SIGHUP
   and SIGINT held; the temporary file of the new content is removed, still held. Any error, or one of
   those signals arriving meanwhile, puts the old bytes back from the backup before the error is reported
   or the signal acts. A signal after that finds the new content complete and in place.

Only ``kill -9`` (or a crash) during step 4 can leave the file incomplete; then the temporary files next to
it (``.NAME.*.zjtx-tmp``) hold the complete new content and the old one.
"""

from __future__ import annotations

import errno
import os
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from zjtx.io.textsafe import filename, visible

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no flock, no signals to hold
    fcntl = None  # type: ignore[assignment]  # the module or None: callers test it before locking

SIGNALS = tuple(getattr(signal, s) for s in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, s))
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_CHUNK = 1 << 20
#: The answers of posix_fallocate (and flock) for "this file system cannot": the copy goes on without, the
#: backup still there.
_NO_RESERVE = {errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSYS, getattr(errno, "ENOTSUP", errno.EOPNOTSUPP)}


class NotRestored(OSError):
    """The rewrite failed and the old content could not be put back either: it is kept in :attr:`backup`."""

    def __init__(self, cause: OSError, backup: str):
        super().__init__(cause.errno, cause.strerror)
        self.backup = backup


def temporary(folder: str, base: str, mode: int) -> tuple[str, int]:
    """A new file ``.BASE.RANDOM.zjtx-tmp`` in ``folder`` (``O_EXCL``, never through a link): its path and
    descriptor."""
    for _ in range(100):
        path = os.path.join(folder, f".{base}.{os.urandom(6).hex()}.zjtx-tmp")  # as secrets.token_hex
        try:
            return path, os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | _CLOEXEC, mode)
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "could not create a temporary file")  # pragma: no cover - 48 random bits


def rewrite(target: str, new: str, expected: os.stat_result | None, done: Callable[[], None] | None = None) -> None:
    """Put the content of the file ``new`` into ``target`` in place; see the module docstring. ``expected``:
    the target as first seen (a file replaced since is not written). ``done`` (the caller's cleanup: removing
    ``new``) runs once the copy is synced, still with the signals held, so that a signal meanwhile puts the
    old bytes back too: nothing is left between the last check for a signal and the end of the run's work."""
    try:
        fd, readable = os.open(target, os.O_RDWR | os.O_NOFOLLOW | _CLOEXEC), True
    except PermissionError:  # a file one may write but not read: no backup can be taken
        fd, readable = os.open(target, os.O_WRONLY | os.O_NOFOLLOW | _CLOEXEC), False
    try:
        _lock(fd, target)
        st = os.fstat(fd)
        if expected is not None and (st.st_dev, st.st_ino) != (expected.st_dev, expected.st_ino):
            raise OSError(errno.EAGAIN, "the file was replaced while zjtx was writing; nothing was written")
        src = os.open(new, os.O_RDONLY | _CLOEXEC)
        try:
            with _held():
                _replace_content(fd, src, st, _backup(fd, target, st.st_size) if readable else None, done)
        finally:
            os.close(src)
    finally:
        os.close(fd)  # releases the lock


def _lock(fd: int, target: str) -> None:
    """Wait for the other writers of this file (an exclusive ``flock``), saying so on stderr when another
    process holds it (a wait with nothing said looks like a hang); a file system that has no locks (some
    network ones) is written without. SIGTERM, SIGHUP and SIGINT still act during the wait."""
    if fcntl is None:  # pragma: no cover - Windows
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            _note(f"waiting for {filename(target)}, locked by another process…")
            fcntl.flock(fd, fcntl.LOCK_EX)
    except OSError as e:
        if e.errno not in _NO_RESERVE | {errno.ENOLCK}:
            raise


def _note(text: str) -> None:
    try:
        sys.stderr.write(f"zjtx: note: {visible(text)}\n")
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or full stderr: the wait goes on, unannounced
        pass


def _replace_content(
    fd: int, src: int, st: os.stat_result, backup: tuple[str, int] | None, done: Callable[[], None] | None
) -> None:
    """Steps 3 and 4 of the module docstring; the backup is removed after, unless it is all that is left
    of the old content."""
    size = os.fstat(src).st_size
    keep = False
    try:
        _reserve(fd, st.st_size, size)
        try:
            _copy(src, fd, size)
            os.ftruncate(fd, size)
            os.fsync(fd)
        except OSError as e:
            if backup is not None and not _restore(fd, backup[1], st.st_size):
                keep = True
                raise NotRestored(e, backup[0]) from None
            raise
        if done is not None:
            done()
        if _pending() and backup is not None:  # stopped meanwhile: the run failed, the file stays as it was
            keep = not _restore(fd, backup[1], st.st_size)
    finally:
        if backup is not None:
            os.close(backup[1])
            if not keep:
                _unlink(backup[0])


def _backup(fd: int, target: str, size: int) -> tuple[str, int]:
    """A copy of the first ``size`` bytes of ``fd`` in a temporary file next to ``target``."""
    path, copy = temporary(os.path.dirname(target) or ".", os.path.basename(target), 0o600)
    try:
        _copy(fd, copy, size)
    except OSError:
        os.close(copy)
        _unlink(path)
        raise
    return path, copy


def _reserve(fd: int, old: int, size: int) -> None:
    """Reserve ``size`` bytes for ``fd`` before its old bytes are touched; on failure it keeps its old size."""
    if size <= old or not hasattr(os, "posix_fallocate"):
        return
    try:
        os.posix_fallocate(fd, 0, size)
    except OSError as e:
        if e.errno in _NO_RESERVE:
            return
        if os.fstat(fd).st_size != old:
            os.ftruncate(fd, old)
        raise


def _restore(fd: int, backup: int, size: int) -> bool:
    """Put the old bytes back from the backup; False when that failed too."""
    try:
        _copy(backup, fd, size)
        os.ftruncate(fd, size)
        os.fsync(fd)
    except OSError:
        return False
    return True


def _copy(src: int, dst: int, size: int) -> None:
    """The first ``size`` bytes of ``src`` over the start of ``dst`` (by offset: no file position moves)."""
    offset = 0
    while offset < size:
        chunk = os.pread(src, min(_CHUNK, size - offset), offset)
        if not chunk:
            raise OSError(errno.EIO, "the file got shorter while zjtx was copying it")
        view = memoryview(chunk)
        while view:
            written = os.pwrite(dst, view, offset)
            view, offset = view[written:], offset + written


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


@contextmanager
def _held() -> Iterator[None]:
    """SIGTERM, SIGHUP and SIGINT wait (pending) until the block ends."""
    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _pending() -> bool:
    return hasattr(signal, "sigpending") and bool(signal.sigpending() & set(SIGNALS))
