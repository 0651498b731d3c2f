"""The command line, one module per command group: parse arguments, call pure functions, render. Nothing
here computes an amount.

Exit codes (docs/guide.md): 0 computed · 1 invalid input (company file or policy data) · 2 usage error ·
3 internal error (also: a ``-j`` worker process lost) · 130 interrupted. Errors go to stderr as one line
each, never a traceback unless ZJTX_DEBUG=1. Tables are laid out by zjtx/render/layout.py (no rich); the
JSON path imports no renderer.

Start-up (issue 23): ``zjtx --version`` is answered before typer is imported, so are the common command
lines of check, compare and plan (zjtx/cli/fast.py); any other command line imports only the module of its
command (the module ``zjtx.cli.app`` holds the root; each module registers its
commands on it). ``from zjtx.cli import app`` is the whole application, every command registered (import
it before any command's module).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer

    from zjtx.cli.app import app as app  # for mypy; at run time, __getattr__ below

__all__ = ["app", "main"]

#: Every module that registers commands, in the order of --help.
MODULES = ("catalog", "check", "compare", "init", "plan")
#: The module that registers each command.
COMMANDS = {
    "cities": "catalog",
    "titles": "catalog",
    "policies": "catalog",
    "data": "catalog",
    "check": "check",
    "compare": "compare",
    "init": "init",
    "schema": "init",
    "plan": "plan",
}


def application(modules: tuple[str, ...] = MODULES) -> typer.Typer:
    """The root application with the commands of ``modules`` registered."""
    import importlib

    for module in modules:
        importlib.import_module(f"zjtx.cli.{module}")
    from zjtx.cli.app import app

    if modules == MODULES:  # `from zjtx.cli import app` from now on: the application, not its module
        globals()["app"] = app
    return app


def __getattr__(name: str) -> Any:
    if name == "app":
        return application()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def needed(argv: list[str]) -> tuple[str, ...]:
    """The modules a command line needs: its command's; every one for --help, completion, no command, or a
    command zjtx does not have (click then lists or suggests them all)."""
    if any(key.startswith("_ZJTX_COMPLETE") for key in os.environ):
        return MODULES
    at = 0
    while at < len(argv):
        word = argv[at]
        if word == "--color":  # the one root option that takes a value
            at += 2
        elif word.startswith("--color="):
            at += 1
        elif word.startswith("-"):
            return MODULES
        else:
            module = COMMANDS.get(word)
            return (module,) if module else MODULES
    return MODULES


def _version() -> None:
    """``zjtx --version``: printed before typer or any command is imported."""
    from zjtx import __version__

    try:
        sys.stdout.write(f"zjtx {__version__}\n")
        sys.stdout.flush()
    except OSError as e:  # a closed or vanished stdout
        from zjtx.cli.run.exits import stream_error

        sys.exit(stream_error(e))


def _unraisable(what: sys.UnraisableHookArgs) -> None:
    """A failure while Python cleans up (an object's ``__del__``, after the command has reported its own
    error): never a traceback for the user; ZJTX_DEBUG=1 shows it."""
    import os

    if os.environ.get("ZJTX_DEBUG"):
        sys.__unraisablehook__(what)


def main(argv: list[str] | None = None, *, fast: bool = True) -> None:
    """Console entry point: safe standard streams (closed ones, encodings that cannot show Chinese), then
    the command — a common command line of check, compare or plan by the fast path (zjtx/cli/fast.py),
    before typer is imported; any other by typer. ``fast=False``: typer for every command line (the tests
    compare the two)."""
    from zjtx.errors import ExitCode
    from zjtx.io import streams

    args = sys.argv[1:] if argv is None else argv
    streams.prepare()
    sys.unraisablehook = _unraisable
    try:
        if args in (["--version"], ["-V"]):
            return _version()
        if fast:
            from zjtx.cli import fast as fast_path

            code = fast_path.run(args)
            if code is not None:
                sys.exit(code)
        app = application(needed(args))
        from zjtx.cli.run.exits import stream_error

        try:
            app(args=argv, prog_name="zjtx")
        except OSError as e:  # outside a command: --help on a closed or vanished stdout
            sys.exit(stream_error(e))
    except KeyboardInterrupt:
        sys.exit(ExitCode.INTERRUPTED)
    finally:
        streams.note_escaped()
