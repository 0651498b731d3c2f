"""``zjtx check``, the typer command: its options, help and examples. What it does is in
zjtx/cli/run/check.py (also run, for common command lines, by the fast path: zjtx/cli/fast.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from zjtx.cli.app import app
from zjtx.cli.common import (
    AddOpt,
    AddProjectOpt,
    AsOfOpt,
    ColorOpt,
    DataOpt,
    ExactOpt,
    FormatChoice,
    JsonOpt,
    PreparedByOpt,
    ReadingOpt,
    _env,
    format_option,
    guarded,
)
from zjtx.cli.run import check as run

if TYPE_CHECKING:
    CheckFormatOpt = FormatChoice
    CompareFormatOpt = FormatChoice
else:  # what typer reads: the option, with the enum of the command's formats
    CheckFormatOpt = format_option("check")
    CompareFormatOpt = format_option("compare")


@app.command(
    epilog="\b\nExamples:\n  zjtx check examples/weifang.toml\n  zjtx check company.toml --json | jq .totals\n"
    "  zjtx check clients/ -f jsonl | jq -c '{file, total: .totals.amount}'\n"
    "  zjtx check clients/ -f csv -o report.csv\n  zjtx check company.toml -o 报告.xlsx\n  zjtx check clients/ -o 组合.html\n  cat company.toml | zjtx check -\n"
    "  zjtx check company.toml --reading xining.tech_transfer=shared_3y\n"
    '  zjtx check client.toml -o 报告.html --prepared-by "张三 138-0000-0000"\n  zjtx check clients/ -o 日程.ics'
)
@guarded
def check(
    ctx: typer.Context,
    files: list[str] = typer.Argument(
        ..., metavar="FILE...", help="Company files (TOML), directories of them, or - for standard input."
    ),
    fmt: CheckFormatOpt = None,
    as_json: JsonOpt = False,
    output: str | None = typer.Option(
        None,
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file instead of stdout (- is stdout); the format follows its extension (.csv .json .jsonl .xlsx .html .ics) unless -f is given. CSV gets a UTF-8 BOM for Excel. Never one of the inputs; the old file stays when no company was computed.",
    ),
    no_bom: bool = typer.Option(False, "--no-bom", help="No UTF-8 BOM in a CSV written with -o."),
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    explain: bool = typer.Option(False, "--explain", help="Table: show how each amount was worked out."),
    recursive: bool = typer.Option(
        False,
        "--recursive",
        "-r",
        help="Also read the *.toml files in subfolders of a folder (symbolic links to folders are not followed).",
    ),
    jobs: int = typer.Option(
        1,
        "--jobs",
        "-j",
        min=0,
        metavar="N",
        help="Worker processes for a batch (default 1; 0: one per core). The output is the same, in input order; xlsx and html are assembled in one process.",
    ),
    color: ColorOpt = None,
    add: AddOpt = None,
    add_project: AddProjectOpt = None,
    reading: ReadingOpt = None,
    exact: ExactOpt = False,
    prepared_by: PreparedByOpt = None,
) -> None:
    """Compute every award a company qualifies for: amount, payers, clause, validity."""
    run.check(
        _env(ctx), files, fmt, as_json, output, no_bom, data, as_of, explain, recursive, jobs, add, add_project, reading
    )
