"""The fast path (issue 23): the command lines of ``check``, ``compare`` and ``plan`` that a consultant and a
script type every day, parsed here and run before typer is imported (``import typer`` alone costs more than
all of a cached ``check FILE --json`` otherwise does).

It reads exactly what click would read — the same options, spelled the same ways, with the same values —
and hands anything else to typer untouched: ``--help``, a root option, an option it does not know, an
attached short value (``-ojson``), ``--``, a value click would have to convert or refuse, a missing
argument. A usage error found while the command runs (a wrong ``--as-of``, an unknown ``--reading``) is
raised before anything is read from stdin or written anywhere, so the command line is then handed to typer
too, which reports it as click does. The bytes on stdout and stderr and the exit code are those of the typer
command (tests/cli/test_fast_path.py runs both on the same command lines).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from zjtx.record import Record, record

if TYPE_CHECKING:
    from collections.abc import Callable


#: A value click's IntRange(min=0) takes as it is (``-j 2``); anything else (``-j -1``, ``-j ٢``) is typer's.
_COUNT = re.compile(r"[0-9]{1,6}")
#: --color's choices (zjtx.cli.common.Color), matched exactly as click matches them.
_COLORS = ("auto", "always", "never")


@record
class Option(Record):
    """One option of a command: where its value goes and what kind of value it takes."""

    dest: str
    kind: str  # "flag" (True when given), "value" (the last one given), "list" (every one, in order)
    choices: str = ""  # "formats" (the command's -f formats), "colors", "count" (a -j number); "" any text


_FORMAT = Option("fmt", "value", "formats")
_JSON = Option("as_json", "flag")
_OUTPUT = Option("output", "value")
_COMMON = {
    "-f": _FORMAT,
    "--format": _FORMAT,
    "--json": _JSON,
    "-o": _OUTPUT,
    "--output": _OUTPUT,
    "--data": Option("data", "list"),
    "--as-of": Option("as_of", "value"),
    "--color": Option("color", "value", "colors"),
    "--reading": Option("reading", "list"),
    "--exact": Option("exact", "flag"),
    "--prepared-by": Option("prepared_by", "value"),
}
_WHAT_IF = {"--add": Option("add", "list"), "--add-project": Option("add_project", "list")}
_RECURSIVE = Option("recursive", "flag")
_JOBS = Option("jobs", "value", "count")
#: Each command's options (those of its typer command, zjtx/cli/check.py, compare.py, plan.py) and whether it
#: takes one FILE or several.
COMMANDS: dict[str, tuple[dict[str, Option], bool]] = {
    "check": (
        {
            **_COMMON,
            **_WHAT_IF,
            "--no-bom": Option("no_bom", "flag"),
            "--explain": Option("explain", "flag"),
            "-r": _RECURSIVE,
            "--recursive": _RECURSIVE,
            "-j": _JOBS,
            "--jobs": _JOBS,
        },
        True,
    ),
    "compare": ({**_COMMON, **_WHAT_IF}, False),
    "plan": (
        {
            **_COMMON,
            "--city": Option("city", "value"),
            "--all-cities": Option("all_cities", "flag"),
            "--project": Option("project", "list"),
        },
        False,
    ),
}


def parse(args: list[str]) -> tuple[str, list[str], dict[str, Any]] | None:
    """(command, its files, its option values) as click would read ``args``; None when typer must read them."""
    if not args or args[0] not in COMMANDS:
        return None
    command = args[0]
    options, several = COMMANDS[command]
    files: list[str] = []
    values: dict[str, Any] = {}
    words = iter(args[1:])
    for word in words:
        if word == "-" or not word.startswith("-"):
            files.append(word)
            continue
        name, eq, attached = word.partition("=") if word.startswith("--") else (word, "", "")
        option = options.get(name)
        if option is None:
            return None  # --help, --, -ojson, -rj2, an option this command lacks: typer's to read or refuse
        if option.kind == "flag":
            if eq:
                return None  # --json=1: click refuses it
            values[option.dest] = True
            continue
        value = attached if eq else next(words, None)
        if value is None or not _acceptable(option, value, command):
            return None
        if option.kind == "list":
            values.setdefault(option.dest, []).append(value)
        else:
            values[option.dest] = value
    if not files or (len(files) > 1 and not several):
        return None  # click's "Missing argument" or "Got unexpected extra argument"
    return command, files, values


def _acceptable(option: Option, value: str, command: str) -> bool:
    """Whether click takes ``value`` for ``option`` as it is (else typer reads the line, and says why not)."""
    if option.choices == "formats":
        from zjtx.render.formats import names

        return value in names(command)
    if option.choices == "colors":
        return value in _COLORS
    if option.choices == "count":
        return _COUNT.fullmatch(value) is not None
    if option.dest == "data":  # typer's Path(readable=True): a path that exists must be readable
        try:
            os.stat(value)
        except (OSError, ValueError):
            return True
        return os.access(value, os.R_OK)
    if option.dest == "prepared_by":
        from zjtx.cli.run.setup import prepared_by_problem

        return prepared_by_problem(value, "--prepared-by") is None
    return True


def run(args: list[str]) -> int | None:
    """Run ``args`` when they are a fast-path command line: its exit code, or None when typer must run it
    (nothing has then been read or written)."""
    if any(key.startswith("_ZJTX_COMPLETE") for key in os.environ):
        return None  # shell completion is typer's
    parsed = parse(args)
    if parsed is None:
        return None
    command, files, values = parsed
    from zjtx.cli.run.exits import Usage, guard
    from zjtx.io.env import Environment

    env = Environment(
        color_mode=values.pop("color", None),
        exact=values.pop("exact", False),
        prepared_by=values.pop("prepared_by", None),
    )
    if "data" in values:
        values["data"] = [Path(v) for v in values["data"]]
    if "jobs" in values:
        values["jobs"] = int(values["jobs"])
    body = _body(command)
    try:
        return guard(env, body, env, files if command == "check" else files[0], **values)
    except Usage:  # raised before anything was read or written: click says it, as it would have
        return None


def _body(command: str) -> Callable[..., None]:
    if command == "plan":
        from zjtx.cli.run.plan import plan

        return plan
    from zjtx.cli.run import check

    return check.check if command == "check" else check.compare
