"""Writing files: the one place zjtx writes a file the user named (``check -o``, ``init``).

Nothing is ever lost or written where it must not be:

- ``-`` is standard output; so is a path that *is* standard output (``/dev/stdout``, or the file stdout
  is redirected to).
- A character device (``/dev/null``, a terminal) is written in place. Any other non-regular target —
  a directory, a FIFO, a socket, a block device — is refused, never replaced.
- A target that is one of the inputs (same device and inode, through any name or hard link) is refused;
  the input ``-`` is the regular file behind standard input (``< a.toml``), if it is one.
- A regular file is written to a temporary file next to it (random name, ``O_EXCL``, never followed),
  then moved into place, so an interrupted or failed run leaves the old file as it was. A new file gets
  the mode the umask gives (0666 & ~umask); an existing file keeps its mode, owner and group.
- A symbolic link is written through to its target (the link stays a link).
- A file with other hard links, or one zjtx could not give back its owner, is written in place — after
  the complete output exists in the temporary file, so the links survive — by :mod:`zjtx.io.inplace`:
  locked against other writers, its space reserved and its old bytes kept until the new ones are safe,
  so a failed run (a full disk, a signal) still changes nothing.
- The temporary file is removed on any error and on SIGTERM, SIGHUP and SIGINT.
- :meth:`Output.discard` keeps the old file (``check`` when no company was computed).
- Every ``OSError`` becomes :class:`WriteError`: ``zjtx: error: cannot write PATH: reason`` (exit 1) —
  also a write of the output itself that fails (a full disk, ``/dev/full``).
"""

from __future__ import annotations

import errno
import io
import os
import signal
import stat
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any, Literal, TextIO

from zjtx.errors import InputError, Problem
from zjtx.io.inplace import SIGNALS, NotRestored, rewrite, temporary
from zjtx.io.textsafe import filename

if TYPE_CHECKING:
    from collections.abc import Callable
    from types import FrameType, TracebackType

    from _typeshed import ReadableBuffer

    #: What ``signal.signal`` takes and returns: a handler, SIG_DFL / SIG_IGN, or None (not set from Python).
    _Handler = Callable[[int, FrameType | None], Any] | int | None

_BUFFER = 1 << 16
_REASONS: dict[int, str] = {
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EISDIR: "is a directory",
    errno.ENOTDIR: "a part of the path is not a directory",
    errno.ENAMETOOLONG: "file name too long",
    errno.ELOOP: "too many levels of symbolic links",
    errno.EPIPE: "broken pipe",
}


class WriteError(InputError):
    """``cannot write PATH: reason`` (exit 1)."""

    def __init__(self, path: str, reason: str):
        super().__init__([Problem(f"cannot write {filename(path)}", "", reason)])


def _reason(e: OSError, path: str) -> str:
    if e.errno == errno.ENOENT:
        parent = os.path.dirname(path) or "."
        return f"no such directory: {filename(parent)}"
    reason = _REASONS.get(e.errno) if e.errno is not None else None
    return reason or e.strerror or str(e)


def write_error(path: str, e: OSError) -> WriteError:
    """``cannot write PATH: reason`` for an error writing ``path`` (also ``standard output``)."""
    return WriteError(path, _reason(e, path))


def _identity(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def _stdout_identity() -> tuple[int, int] | None:
    try:
        return _identity(os.fstat(1))
    except OSError:
        return None


def is_terminal(path: str) -> bool | None:
    """Whether ``path`` (what ``-o`` names) is a terminal: None when it is standard output (which is written
    then), else the character device itself, opened (never made the controlling terminal) and asked."""
    try:
        st = os.stat(path)
        if _identity(st) == _stdout_identity():
            return None
        if not stat.S_ISCHR(st.st_mode):
            return False
        fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:  # not there yet, or not ours to open: Output says why when it opens it
        return False
    try:
        return os.isatty(fd)
    finally:
        os.close(fd)


_KINDS = (
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "is a FIFO (named pipe)"),
    (stat.S_ISSOCK, "is a socket"),
    (stat.S_ISBLK, "is a block device"),
)


class _File(io.FileIO):
    """The file under an output stream; it remembers a failed write, so that the error names the file."""

    error: OSError | None = None

    def write(self, b: ReadableBuffer, /) -> int:
        if self.error is not None:  # the output is lost (and reported): what follows is dropped, quietly
            return memoryview(b).nbytes
        try:
            return super().write(b)
        except OSError as e:
            self.error = e
            raise


def _drop_frames(exc: BaseException | None) -> None:
    """Let go of what the failed writer held: XlsxWriter's ZipFile would try to finish the archive when
    collected and print a traceback ("Exception ignored in ZipFile.__del__"). Each one in the frames of
    ``exc`` is told it has no file left, and the finished frames are cleared."""
    import sys
    import traceback

    zipfile = sys.modules.get("zipfile")
    seen = 0
    while exc is not None and seen < 10:
        tb = exc.__traceback__
        while tb is not None and zipfile is not None:
            for value in tb.tb_frame.f_locals.values():
                if isinstance(value, zipfile.ZipFile):
                    value.fp = None  # close() returns at once
            tb = tb.tb_next
        if exc.__traceback__ is not None:
            traceback.clear_frames(exc.__traceback__)
        exc, seen = exc.__context__, seen + 1


class Output:
    """``with Output(path, stdout, inputs=…) as stream:`` — see the module docstring."""

    def __init__(
        self,
        path: str | None,
        stdout: TextIO,
        *,
        inputs: Iterable[str] = (),
        bom: bool = False,
        binary: bool = False,
        exists_ok: bool = True,
    ):
        self.path, self.stdout, self.inputs, self.exists_ok = path, stdout, inputs, exists_ok
        self.binary = binary
        self.encoding = "utf-8-sig" if bom else "utf-8"
        self.target = "-" if path is None else path  # the real file written (through symbolic links)
        self.tmp: str | None = None
        self.stream: IO[Any] | None = None  # text, or bytes with ``binary``
        self.in_place = False
        self.discarded = False
        self.regular = False  # True when a regular file is (re)written through a temporary file
        self._keep: os.stat_result | None = None
        self._raw: _File | None = None  # the file under the stream, when zjtx opened it
        self._bytes: io.BufferedWriter | None = None  # binary standard output, over its descriptor
        self._handlers: dict[int, _Handler] = {}
        self._owner = os.getpid()  # a forked worker (-j) inherits this object: only the owner removes its file

    # -------------------------------------------------------------------------------- checks

    def _fail(self, reason: str) -> WriteError:
        return WriteError("standard output" if self.path in (None, "-") else str(self.path), reason)

    def _existing(self, path: str) -> os.stat_result | None:
        """The target's status (following symbolic links), or None when it does not exist yet. A regular
        file or a new one reached through a symbolic link is written at the link's real target."""
        try:
            st: os.stat_result | None = os.stat(path)
        except FileNotFoundError:
            st = None  # a new file (or a dangling link: its target is created)
        if (st is None or stat.S_ISREG(st.st_mode)) and os.path.islink(path):
            self.target = os.path.realpath(path)
        return st

    def _refuse_inputs(self, st: os.stat_result) -> None:
        """An input named ``-`` is the file behind descriptor 0 (``< a.toml``), when that is a regular file."""
        me = _identity(st)
        for name in self.inputs:
            try:
                if name == "-":
                    given = os.fstat(0)
                    if not stat.S_ISREG(given.st_mode):  # a terminal, a pipe, /dev/null: not a file to keep
                        continue
                    name = "standard input"
                else:
                    given = os.stat(name)
            except OSError:
                continue  # an unreadable input is reported when it is read
            if _identity(given) == me:
                raise self._fail(f"it is one of the input files ({filename(name)}); choose another output file")

    # ------------------------------------------------------------------------------- opening

    def __enter__(self) -> IO[Any]:
        try:
            return self._open()
        except OSError as e:
            self._cleanup()
            raise self._fail(_reason(e, self.target)) from None

    def _open(self) -> IO[Any]:
        if self.path is None or self.path == "-":
            return self._stdout()
        if not self.path:
            raise self._fail("the file name is empty")
        st = self._existing(self.path)
        if st is not None:
            if not self.exists_ok and stat.S_ISREG(st.st_mode):
                raise self._fail("the file already exists; choose another path or add --force to overwrite it")
            if _identity(st) == _stdout_identity():
                return self._stdout()
            self._refuse_inputs(st)
            if stat.S_ISCHR(st.st_mode):  # /dev/null, a terminal: written in place
                self.stream = self._wrap(os.open(self.target, os.O_WRONLY | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)))
                return self.stream
            for test, what in _KINDS:
                if test(st.st_mode):
                    raise self._fail(f"{what}; expected a regular file (or - for standard output)")
        self._trap()
        mode = 0o600 if st is not None else 0o666  # a new file: the umask decides
        self.tmp, fd = temporary(os.path.dirname(self.target) or ".", os.path.basename(self.target), mode)
        self.regular = True
        if st is not None:
            self._keep = st
            self.in_place = st.st_nlink > 1 or not self._same_owner(fd, st)
            if not self.in_place:
                os.fchmod(fd, stat.S_IMODE(st.st_mode) & ~(stat.S_ISUID | stat.S_ISGID))
        self.stream = self._wrap(fd)
        return self.stream

    def _wrap(self, fd: int) -> IO[Any]:
        self._raw = _File(fd, "w")
        buffered = io.BufferedWriter(self._raw, _BUFFER)
        if self.binary:
            return buffered
        return io.TextIOWrapper(buffered, encoding=self.encoding, newline="")

    def _stdout(self) -> IO[Any]:
        """Standard output: its bytes underneath for a binary format (xlsx) — through a :class:`_File` on its
        descriptor when it has one, so that a failed write is known as this output's."""
        if not self.binary:
            return self.stdout
        self.stdout.flush()
        underneath = getattr(self.stdout, "buffer", self.stdout)
        try:
            fd = underneath.fileno()
        except (AttributeError, OSError, ValueError):  # not a real stream (a test's, an embedding program's)
            return underneath
        underneath.flush()
        self._raw = _File(fd, "w", closefd=False)
        self._bytes = io.BufferedWriter(self._raw, _BUFFER)
        return self._bytes

    @staticmethod
    def _same_owner(fd: int, st: os.stat_result) -> bool:
        """Give the temporary file the old file's owner and group; False when that is not permitted."""
        mine = os.fstat(fd)
        if (mine.st_uid, mine.st_gid) == (st.st_uid, st.st_gid):
            return True
        try:
            os.fchown(fd, st.st_uid, st.st_gid)
            return True
        except OSError:
            return False

    # ------------------------------------------------------------------------------ finishing

    def discard(self) -> None:
        """Keep the old file (or write no new one): nothing worth writing was produced."""
        self.discarded = True

    @property
    def kept(self) -> bool:
        """True when :meth:`discard` left a regular file as it was."""
        return self.discarded and self.regular

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> Literal[False]:
        try:
            if self._bytes is not None and exc is None:  # binary standard output: its last bytes
                self._flush(self._bytes)
            if self._raw is not None and self._raw.error is not None:  # writing this output failed (a full disk)
                _drop_frames(exc)
                if self._raw.error.errno == errno.EPIPE:  # the reader went away (| head): quiet, as in text
                    raise self._raw.error from None
                raise self._fail(_reason(self._raw.error, self.target)) from None
            if self.stream is None:
                self.stdout.flush()
                if self.binary and hasattr(self.stdout, "buffer"):
                    self.stdout.buffer.flush()
                return False
            if exc_type is not None or (self.discarded and self.tmp is not None):
                return False
            try:
                if self.tmp is None:  # a character device
                    self.stream.close()
                    return False
                self.stream.flush()
                self._commit()
            except NotRestored as e:
                raise self._fail(f"{_reason(e, self.target)}; the old content is in {filename(e.backup)}") from None
            except OSError as e:
                raise self._fail(_reason(e, self.target)) from None
            return False
        finally:
            self._cleanup()
            self._untrap()

    @staticmethod
    def _flush(stream: IO[Any]) -> None:
        try:
            stream.flush()
        except OSError:  # recorded by the _File underneath
            pass

    def _commit(self) -> None:
        """The complete new content is synced in the temporary file; then it becomes the target: renamed
        into place, or (hard links, a foreign owner) copied in place by :func:`zjtx.io.inplace.rewrite`."""
        assert self.tmp is not None and self.stream is not None
        os.fsync(self.stream.fileno())
        self.stream.close()
        if self.in_place:
            rewrite(self.target, self.tmp, self._keep, done=self._remove_tmp)
        else:
            os.replace(self.tmp, self.target)
            self.tmp = None

    def _cleanup(self) -> None:
        if self.stream is not None and not self.stream.closed:
            try:
                self.stream.close()
            except OSError:
                pass
        self._remove_tmp()

    def _remove_tmp(self) -> None:
        if self.tmp is not None and os.getpid() == self._owner:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None

    # -------------------------------------------------------------------------------- signals

    def _trap(self) -> None:
        """Remove the temporary file on SIGTERM, SIGHUP and SIGINT, then exit as the signal asks."""
        for sig in SIGNALS:
            try:
                self._handlers[sig] = signal.signal(sig, self._on_signal)
            except (ValueError, OSError):  # not the main thread: the with-block still cleans up
                pass

    def _untrap(self) -> None:
        for sig, old in self._handlers.items():
            try:
                signal.signal(sig, old)
            except (ValueError, OSError):
                pass
        self._handlers = {}

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if os.getpid() != self._owner:  # a forked worker stopped by its pool: the file is not its to remove
            os._exit(128 + signum)
        self._remove_tmp()  # first: the stream may be in the middle of a write
        self._untrap()
        if signum == getattr(signal, "SIGINT", None):
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)
