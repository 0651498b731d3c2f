"""The process's standard streams, made safe before any command runs (called by ``zjtx.cli.main``).

- A closed standard stream (``>&-``, ``<&-``, ``2>&-``) gets ``/dev/null`` on its descriptor, so no file
  zjtx opens later can land on descriptor 0, 1 or 2. Writing to a closed stdout or reading a closed
  stdin raises ``OSError(EBADF)`` with a plain message, which the CLI turns into exit 1; a closed stderr
  simply swallows messages.
- A stdout whose encoding cannot write every character (``PYTHONIOENCODING=ascii``, a Chinese Windows
  redirect in GBK) writes the characters it cannot encode as ``\\uXXXX`` escapes: inside JSON strings
  (the only place JSON has non-ASCII text) that is exactly JSON's own escape, so JSON stays valid and
  with ``ascii`` equals ``ensure_ascii`` output; in tables and CSV nothing is lost. The run ends with
  one note on stderr saying how many characters were escaped.
"""

from __future__ import annotations

import codecs
import errno
import io
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

HANDLER = "zjtx-escape"
_escaped = [0]


def _escape(err: UnicodeError) -> tuple[str, int]:
    if not isinstance(err, UnicodeEncodeError):
        raise err
    parts: list[str] = []
    for ch in err.object[err.start : err.end]:
        cp = ord(ch)
        if cp > 0xFFFF:  # a surrogate pair, as JSON writes it
            cp -= 0x10000
            parts.append(f"\\u{0xD800 + (cp >> 10):04x}\\u{0xDC00 + (cp & 0x3FF):04x}")
        else:
            parts.append(f"\\u{cp:04x}")
    _escaped[0] += err.end - err.start
    return "".join(parts), err.end


codecs.register_error(HANDLER, _escape)


class ClosedOutput(io.TextIOBase):
    """Standard output that was closed when zjtx started: every write fails with EBADF."""

    encoding = "utf-8"

    def write(self, s: str) -> int:
        raise OSError(errno.EBADF, "cannot write standard output: it is closed")

    def flush(self) -> None:  # nothing buffered: the interpreter's flush at exit must not fail
        return None

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


class _ClosedRaw(io.RawIOBase):
    def readable(self) -> bool:
        return True

    def readinto(self, b: WriteableBuffer) -> int:
        raise OSError(errno.EBADF, "standard input is closed")


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


def _occupy(fd: int) -> None:
    """Put /dev/null on a closed descriptor, so that no file opened later takes its place."""
    try:
        null = os.open(os.devnull, os.O_RDWR)
        if null != fd:
            os.dup2(null, fd)
            os.close(null)
    except OSError:
        pass


def prepare() -> None:
    """Make the standard streams safe; see the module docstring."""
    for fd in (0, 1, 2):
        if not _is_open(fd):
            _occupy(fd)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:
        sys.stdout = ClosedOutput()
    if sys.stdin is None:
        sys.stdin = io.TextIOWrapper(io.BufferedReader(_ClosedRaw()), encoding="utf-8")
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("_", "-")
        if encoding not in ("utf-8", "utf8") and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors=HANDLER)


def note_escaped() -> None:
    """One line on stderr when some characters of the output had to be escaped."""
    if _escaped[0]:
        n, _escaped[0] = _escaped[0], 0
        try:
            encoding = getattr(sys.stdout, "encoding", "?")
            sys.stderr.write(
                f"zjtx: note: {n} character(s) that the output encoding ({encoding}) cannot show were "
                "written as \\uXXXX escapes; set PYTHONIOENCODING=utf-8 to see them\n"
            )
            sys.stderr.flush()
        except (OSError, ValueError):
            pass
