"""The command line, one module per command group (this one assembles them): parse arguments, call pure
functions, render. Nothing here computes an amount.

Exit codes (docs/guide.md): 0 computed · 1 invalid input (company file or policy data) · 2 usage error ·
3 internal error · 130 interrupted. Errors go to stderr as one line each, never a traceback unless
ZJTX_DEBUG=1. Tables are laid out by zjtx/render/layout.py (no rich); the JSON path imports no renderer.
"""

from __future__ import annotations

import sys

import typer

from zjtx import __version__
from zjtx.cli import catalog, check, init, plan  # noqa: F401  (each registers its commands, in help order)
from zjtx.cli.app import app
from zjtx.cli.common import ColorOpt
from zjtx.errors import ExitCode

__all__ = ["app", "main"]


def _version(value: bool) -> None:
    if value:
        print(f"zjtx {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."
    ),
    color: ColorOpt = None,
) -> None:
    """zjtx — 专精特新 award calculator."""


def _unraisable(what: sys.UnraisableHookArgs) -> None:
    """A failure while Python cleans up (an object's ``__del__``, after the command has reported its own
    error): never a traceback for the user; ZJTX_DEBUG=1 shows it."""
    import os

    if os.environ.get("ZJTX_DEBUG"):
        sys.__unraisablehook__(what)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: safe standard streams (closed ones, encodings that cannot show Chinese), then
    the command."""
    from zjtx.cli.common import stream_error
    from zjtx.io import streams

    streams.prepare()
    sys.unraisablehook = _unraisable
    try:
        app(args=argv, prog_name="zjtx")
    except KeyboardInterrupt:
        sys.exit(ExitCode.INTERRUPTED)
    except OSError as e:  # outside a command: --help or --version on a closed or vanished stdout
        sys.exit(stream_error(e))
    finally:
        streams.note_escaped()
