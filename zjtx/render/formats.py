"""The output formats: one registry, read by everything that needs to know a format — the ``-f`` choices
and their help on every command, the format ``-o``'s file name asks for, whether it is binary, and the
dispatch to the writer (:mod:`zjtx.render.writers`, by the name ``{command}_{format}``).

Light on purpose: the command line imports it at start-up; the writers import what they need when called.
"""

from __future__ import annotations

from pathlib import Path

from zjtx.record import Record, record

#: The commands that take ``-f``.
COMMANDS = ("check", "compare", "plan", "policies", "cities", "titles")


@record
class OutputFormat(Record):
    name: str  # the -f value
    summary: str  # what it is, for the help
    commands: tuple[str, ...]  # the commands that offer it
    extensions: tuple[str, ...] = ()  # file names of -o that ask for it; the first is the one suggested
    binary: bool = False  # bytes, never written to a terminal
    streamed: bool = False  # check: written company by company (and encoded by -j workers); else assembled
    bom: bool = False  # a UTF-8 BOM when written to a file with -o (Excel reads Chinese CSV by it)
    per_command: tuple[tuple[str, str], ...] = ()  # (command, summary) where a command's output differs

    def summary_for(self, command: str) -> str:
        return dict(self.per_command).get(command, self.summary)


FORMATS: dict[str, OutputFormat] = {
    f.name: f
    for f in (
        OutputFormat("table", "a table for the terminal (the default)", COMMANDS, streamed=True),
        OutputFormat("json", "one JSON document", COMMANDS, (".json",), streamed=True),
        OutputFormat(
            "jsonl",
            "one JSON document per line",
            ("check", "plan", "policies"),
            (".jsonl",),
            streamed=True,
            per_command=(("plan", "one option per line"), ("policies", "one JSON object per measure and line")),
        ),
        OutputFormat(
            "csv",
            "one row per award (UTF-8 with a BOM for Excel when written with -o)",
            ("check",),
            (".csv",),
            streamed=True,
            bom=True,
        ),
        OutputFormat("xlsx", "an Excel workbook", ("check", "plan"), (".xlsx",), binary=True),
        OutputFormat("html", "a self-contained printable report", ("check", "compare"), (".html", ".htm")),
    )
}


def offered(command: str) -> tuple[OutputFormat, ...]:
    """The formats ``command`` accepts, in the registry's order."""
    return tuple(f for f in FORMATS.values() if command in f.commands)


def names(command: str) -> tuple[str, ...]:
    return tuple(f.name for f in offered(command))


def from_extension(path: Path, command: str) -> OutputFormat | None:
    """The format a file name asks for (``-o 报告.xlsx`` → xlsx), among those ``command`` offers."""
    suffix = path.suffix.lower()
    return next((f for f in offered(command) if suffix in f.extensions), None)


def extensions(command: str) -> tuple[str, ...]:
    """The suggested file name extension of each format ``command`` can write to a file."""
    return tuple(f.extensions[0] for f in offered(command) if f.extensions)


def help_text(command: str) -> str:
    """The help of ``-f`` on ``command``: each format it offers, and how ``-o`` chooses one."""
    text = "Output format: " + "; ".join(f"{f.name}: {f.summary_for(command)}" for f in offered(command)) + "."
    if extensions(command):
        text += " With -o and no -f: from the file's extension (" + " ".join(extensions(command)) + ")."
    return text


def metavar(command: str) -> str:
    """``<table|json|…>``: written out, so that every typer release shows the choices alike."""
    return "<" + "|".join(names(command)) + ">"
