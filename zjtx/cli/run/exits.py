"""How a command ends, free of typer: an exit code and one line per problem on stderr — never a traceback
(ZJTX_DEBUG=1 shows it). :func:`guard` runs a command's body; :class:`Exit` ends it with a code;
:class:`Usage` is a usage error (exit 2), reported by click (zjtx/cli/common.py ``guarded``)."""

from __future__ import annotations

import errno
import os
import sys
from typing import TYPE_CHECKING, ParamSpec

from zjtx.errors import ExitCode, InputError, Problem
from zjtx.io.textsafe import filename, visible

if TYPE_CHECKING:
    from collections.abc import Callable

    from zjtx.io.env import Environment

P = ParamSpec("P")


class Exit(Exception):
    """End the command with this exit code (what was to be said has been said)."""

    def __init__(self, code: int = ExitCode.OK):
        super().__init__(code)
        self.code = int(code)


class Usage(Exception):
    """A value on the command line is wrong (exit 2): click reports it as ``Invalid value for '--as-of': …``."""

    def __init__(self, message: str, hint: str):
        super().__init__(f"{hint}: {message}")
        self.message = message
        self.hint = hint


def fail(env: Environment, problems: list[Problem]) -> None:
    """One line per problem; file names and text from the input are made visible (never raw)."""
    for p in problems[:50]:
        env.err.write(f"zjtx: error: {visible(filename(p))}\n")
    if len(problems) > 50:
        env.err.write(f"zjtx: error: … and {len(problems) - 50} more problems\n")


def stream_error(e: OSError, env: Environment | None = None) -> int:
    """The exit code for an OSError that reached the top: 0, quietly, when the reader of stdout went away
    (``| head``); else one line on stderr (if it is open) and exit 1."""
    if e.errno == errno.EPIPE:
        try:  # later flushes (at exit) go nowhere instead of failing again
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
            os.close(null)
        except (OSError, AttributeError, ValueError):
            pass
        return ExitCode.OK
    err = env.err if env is not None else sys.stderr
    what = e.strerror or str(e)
    if e.filename is not None:
        what = f"{filename(e.filename)}: {what}"
    elif e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):  # only a write fails so; -o files say theirs
        from zjtx.io.outfile import write_error

        what = str(write_error("standard output", e).problems[0])
    try:
        err.write(f"zjtx: error: {visible(what)}\n")
    except (OSError, ValueError):
        pass
    return ExitCode.INVALID_INPUT


def guard(env: Environment, fn: Callable[P, object], *args: P.args, **kwargs: P.kwargs) -> int:
    """Run a command's body: its exit code, every failure turned into one (and a line on stderr). A usage
    error (:class:`Usage`, or click's and typer's own exceptions) goes up: it is click's to report."""
    try:
        fn(*args, **kwargs)
        env.out.flush()  # here, so that a reader gone away (| head) is handled below
        return ExitCode.OK
    except Exit as e:
        return e.code
    except Usage:
        raise
    except InputError as e:
        fail(env, e.problems)
        return ExitCode.INVALID_INPUT
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except OSError as e:  # a pipe closed by its reader, a closed stream, a full disk: not a bug
        return stream_error(e, env)
    except Exception as e:  # a bug: one line, traceback on request
        if type(e).__module__.split(".")[0] in ("click", "typer"):
            raise  # usage errors (exit 2), typer.Exit: click's to report
        if env.debug:
            import traceback

            traceback.print_exc(file=env.err)
        env.err.write(
            f"zjtx: internal error: {type(e).__name__}: {visible(filename(e))} (set ZJTX_DEBUG=1 for the traceback)\n"
        )
        return ExitCode.INTERNAL
