"""``zjtx plan``, the typer command: its options, help and examples. What it does is in
zjtx/cli/run/plan.py (also run, for common command lines, by the fast path: zjtx/cli/fast.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from zjtx.cli.app import app
from zjtx.cli.common import (
    AsOfOpt,
    ColorOpt,
    DataOpt,
    ExactOpt,
    FormatChoice,
    JsonOpt,
    OutputOpt,
    PreparedByOpt,
    ReadingOpt,
    _env,
    complete_city,
    format_option,
    guarded,
)
from zjtx.cli.run import plan as run

if TYPE_CHECKING:
    PlanFormatOpt = FormatChoice
else:  # what typer reads: the option, with the enum of the command's formats
    PlanFormatOpt = format_option("plan")


@app.command(
    epilog="\b\nExamples:\n  zjtx plan examples/xining.toml\n  zjtx plan client.toml --as-of 2025-06-30 --json\n"
    "  zjtx plan client.toml --project equipment_upgrade=3000万\n  zjtx plan client.toml --reading xining.tech_transfer=shared_3y\n  zjtx plan client.toml -o 选项.xlsx\n  zjtx plan client.toml -o 日程.ics\n  zjtx plan client.toml --all-cities -f jsonl"
)
@guarded
def plan(
    ctx: typer.Context,
    file: str = typer.Argument(..., metavar="FILE", help="A company file (TOML), or - for standard input."),
    fmt: PlanFormatOpt = None,
    as_json: JsonOpt = False,
    output: OutputOpt = None,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    color: ColorOpt = None,
    city: str | None = typer.Option(
        None,
        "--city",
        metavar="CITY",
        autocompletion=complete_city,
        help="Plan as if the company were in this city (default: its own).",
    ),
    all_cities: bool = typer.Option(False, "--all-cities", help="Every city with documents, the company's own first."),
    project: list[str] | None = typer.Option(
        None,
        "--project",
        metavar="TYPE=AMOUNT",
        help="Compute a project option for this amount (its base, in yuan; "
        "TYPE.FIELD=AMOUNT for another field); repeatable.",
    ),
    reading: ReadingOpt = None,
    exact: ExactOpt = False,
    prepared_by: PreparedByOpt = None,
) -> None:
    """What the company could go for next, and what each step would add: new recognitions (the 梯度培育
    ladders), re-reviews falling due, projects — ranked by amount, with payers, certainty, prerequisites
    and clause."""
    run.plan(_env(ctx), file, fmt, as_json, output, data, as_of, city, all_cities, project, reading)
