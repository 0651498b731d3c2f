"""Reading a company file (TOML) from a path or standard input, with a clear message for every way it
can be wrong: missing, a directory, too large, empty, not UTF-8, malformed TOML (line and column), and
then every field problem from :func:`zjtx.company.model.parse_company`.

A company file names no other path: reading it never makes zjtx read or write anything else.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
from typing import BinaryIO

from zjtx.company.batch import Batch, Duplicate, Seen, Source, expand, identity
from zjtx.company.model import Company, parse_company
from zjtx.errors import InputError, Problem
from zjtx.io.textsafe import filename

__all__ = ["Batch", "Duplicate", "Source", "expand", "load_company", "read_bytes"]

#: Company files are a few kilobytes; anything above this is refused before it is read.
MAX_BYTES = 1024 * 1024
STDIN_NAME = "<stdin>"


def _fail(shown: str, message: str, path: str = "") -> InputError:
    return InputError([Problem(shown, path, message)])


_NOT_REGULAR = (
    (stat.S_ISFIFO, "is a FIFO (named pipe), not a regular file; to read a stream, pipe it to `zjtx check -`"),
    (stat.S_ISCHR, "is a character device, not a regular file"),
    (stat.S_ISBLK, "is a block device, not a regular file"),
    (stat.S_ISSOCK, "is a socket, not a regular file"),
)


def _open_error(name: str, shown: str, e: OSError, nofollow: bool) -> InputError:
    if e.errno == errno.ENOENT:
        if os.path.islink(name):
            return _fail(shown, "is a broken symbolic link: the file it points to does not exist")
        return _fail(shown, "no such file")
    if e.errno == errno.EISDIR:
        return _fail(shown, "is a directory; expected a company file (.toml)")
    if e.errno in (errno.EACCES, errno.EPERM):
        return _fail(shown, "permission denied")
    if e.errno == errno.ELOOP:
        if nofollow and os.path.islink(name):
            return _fail(shown, "became a symbolic link after the folder was listed; not followed")
        return _fail(shown, "symbolic link loop (too many levels of symbolic links)")
    if e.errno == errno.ENXIO:
        return _fail(shown, "is a socket, not a regular file")
    return _fail(shown, f"cannot read: {e.strerror or e}")


def _read_stdin(stdin: BinaryIO | None, seen: Seen | None) -> tuple[str, bytes]:
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise _fail(STDIN_NAME, "standard input is closed; nothing to read")
    if seen is not None:
        try:  # `zjtx check a.toml - < a.toml`: the same file twice
            st = os.fstat(stream.fileno())
        except (OSError, AttributeError, ValueError, io.UnsupportedOperation):
            pass
        else:
            seen.meet(identity(st), st.st_nlink, STDIN_NAME)
    try:
        data = stream.read(MAX_BYTES + 1)
    except OSError as e:
        if e.errno == errno.EBADF:
            raise _fail(STDIN_NAME, "standard input is closed; nothing to read") from None
        raise _fail(STDIN_NAME, f"cannot read standard input: {e.strerror or e}") from None
    if len(data) > MAX_BYTES:
        raise _fail(STDIN_NAME, f"input is larger than {MAX_BYTES // 1024} KiB; a company file is a few KiB")
    return STDIN_NAME, data


def read_bytes(
    name: str, stdin: BinaryIO | None = None, *, nofollow: bool = False, seen: Seen | None = None
) -> tuple[str, bytes]:
    """The raw bytes of a company file (``-`` is standard input) and the name to show.

    Opened without blocking (a FIFO never hangs) and checked to be a regular file after opening;
    ``nofollow`` for a file found by listing a folder as a plain file, so a symbolic link swapped in
    meanwhile is not followed. ``seen``: the files read before (by device and inode): one of them
    raises :class:`Duplicate`."""
    if name == "-":
        return _read_stdin(stdin, seen)
    shown = filename(name)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    if nofollow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(name, flags)
    except OSError as e:
        raise _open_error(name, shown, e, nofollow) from None
    try:  # plain syscalls: a company file is a few hundred bytes, read in one go
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise _fail(shown, "is a directory; expected a company file (.toml)")
        for test, what in _NOT_REGULAR:
            if test(st.st_mode):
                raise _fail(shown, what)
        if seen is not None:
            seen.meet(identity(st), st.st_nlink, shown)
        if st.st_size > MAX_BYTES:
            raise _fail(
                shown,
                f"file is {st.st_size // 1024} KiB, larger than the {MAX_BYTES // 1024} KiB limit; a company file is a few KiB",
            )
        chunks = []
        total = 0
        while True:
            chunk = os.read(fd, max(st.st_size + 1, 4096))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_BYTES:
                raise _fail(shown, f"larger than the {MAX_BYTES // 1024} KiB limit; a company file is a few KiB")
        return shown, b"".join(chunks)
    except OSError as e:
        raise _fail(shown, f"cannot read: {e.strerror or e}") from None
    finally:
        os.close(fd)


def decode(shown: str, data: bytes) -> str:
    if not data.strip():
        raise _fail(shown, "the file is empty; expected a [company] table (see examples/ for a template)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        hint = ""
        try:
            data.decode("gb18030")
            hint = "; it looks like GBK/GB18030 (a Chinese Windows encoding)"
        except UnicodeDecodeError:
            pass
        line = data[: e.start].count(b"\n") + 1
        raise _fail(
            shown, f"must be UTF-8: invalid byte 0x{data[e.start]:02x} on line {line}{hint}; save the file as UTF-8"
        ) from None


def parse_toml(shown: str, text: str) -> dict:
    """The fast path for the plain TOML company files are written in; tomllib for everything else
    (and for every error, so messages keep tomllib's line and column)."""
    from zjtx.company import fasttoml

    data = fasttoml.loads(text)
    if data is not None:
        return data
    import tomllib

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise _fail(shown, f"malformed TOML: {e}{_hint(text, str(e))}") from None


def _hint(text: str, error: str) -> str:
    """What people write that TOML refuses, on the line of the error: unquoted 万/亿 amounts or thousands
    separators, and dates with slashes or 年月日."""
    import re

    at = re.search(r"at line (\d+)", error)
    lines = text.splitlines()
    if at is None or not 1 <= int(at.group(1)) <= len(lines):
        return ""
    m = re.fullmatch(r"\s*([A-Za-z0-9_-]+)\s*=\s*(.*?)\s*(?:#.*)?", lines[int(at.group(1)) - 1])
    if m is None:
        return ""
    key, value = m.groups()
    wan = r"[0-9][0-9,.]*\s*[万亿]元?"
    if re.fullmatch(wan, value):
        return f'; put 万/亿 amounts in quotes: {key} = "{value}"'
    listed = value[:1] == "[" and value[-1:] == "]" and not re.search(r"[0-9],[0-9]{3}", value)  # 1,000万: no guess
    items = [i.strip() for i in value[1:-1].split(",")] if listed else []
    if any(re.fullmatch(wan, i) for i in items) and all(re.fullmatch(r'[0-9.]+|"[^"]*"|' + wan, i) for i in items):
        quoted = ", ".join(i if i.startswith('"') else f'"{i}"' for i in items)
        from zjtx.io.textsafe import visible  # the quoted items are the user's text

        return visible(f"; put 万/亿 amounts in quotes: {key} = [{quoted}]")
    if re.fullmatch(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?", value):
        return f"; write amounts without thousands separators, or in quotes: {key} = {value.replace(',', '')}"
    from zjtx.company.model import iso_date

    iso = iso_date(value)
    if iso is not None:
        return f"; write dates as year-month-day with hyphens, without quotes: {key} = {iso}"
    return ""


def load_company(
    name: str | Source, stdin: BinaryIO | None = None, zones: dict | None = None, seen: Seen | None = None
) -> tuple[str, Company]:
    """Read, decode, parse and validate one company file; returns the name shown and the company.
    ``zones``: the zones the policy documents declare, by city (see :func:`zjtx.company.model.parse_company`).
    Raises :class:`Duplicate` for a file already read (see :func:`read_bytes`)."""
    if isinstance(name, Source):
        shown, data = read_bytes(name.path, stdin, nofollow=name.nofollow, seen=seen)
    else:
        shown, data = read_bytes(name, stdin, seen=seen)
    try:
        return shown, parse_company(parse_toml(shown, decode(shown, data)), shown, zones)
    except RecursionError:  # tomllib recurses once per level of nesting
        raise _fail(
            shown,
            "nested too deeply (arrays or tables inside one another hundreds of levels deep); "
            "a company file needs at most three levels",
        ) from None
