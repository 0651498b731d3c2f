"""``zjtx compare``: the same company as if located in each city that has documents. Its own module, so
that ``zjtx check`` does not build this command's options at start-up."""

from __future__ import annotations

import typer

from zjtx.cli.app import app
from zjtx.cli.check import CompareFormatOpt
from zjtx.cli.common import (
    AddOpt,
    AddProjectOpt,
    AsOfOpt,
    ColorOpt,
    DataOpt,
    ExactOpt,
    JsonOpt,
    PreparedByOpt,
    ReadingOpt,
    _env,
    guarded,
)
from zjtx.cli.run import check as run


@app.command(
    epilog="\b\nExamples:\n  zjtx compare examples/weifang.toml\n  zjtx compare company.toml -o 城市比较.html\n  zjtx compare company.toml --json | jq '.cities[] | {name, total: .totals.amount}'"
)
@guarded
def compare(
    ctx: typer.Context,
    file: str = typer.Argument(..., metavar="FILE", help="A company file (TOML), or - for standard input."),
    fmt: CompareFormatOpt = None,
    as_json: JsonOpt = False,
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file instead of stdout (- is stdout); the format follows its extension (.json .html) unless -f is given.",
    ),
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    color: ColorOpt = None,
    add: AddOpt = None,
    add_project: AddProjectOpt = None,
    reading: ReadingOpt = None,
    exact: ExactOpt = False,
    prepared_by: PreparedByOpt = None,
) -> None:
    """The same company as if located in each city that has documents (and its own): totals side by side."""
    run.compare(_env(ctx), file, fmt, as_json, output, data, as_of, add, add_project, reading)
