"""``zjtx plan``: the options open to a company — new recognitions, re-reviews falling due, projects —
each with what it would add. Wiring only: zjtx.awards.plan computes, zjtx.awards.report / zjtx.render present."""

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
    _out_path,
    _read_as,
    _resolve_city_option,
    _setup,
    complete_city,
    format_option,
    guarded,
    is_binary,
    reading_notes,
    usage_problems,
)

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
    env, chosen, day, catalog = _setup(ctx, data, as_of, fmt, as_json, "plan", _out_path(output))
    if city is not None and all_cities:
        raise typer.BadParameter("use --city or --all-cities, not both", param_hint="--city")
    from zjtx.awards import whatif
    from zjtx.awards.plan import plan as make_plan
    from zjtx.company.file import load_company
    from zjtx.places import cities_with_documents
    from zjtx.policy.model import documents_for

    amounts = usage_problems(env, whatif.project_amounts, project or [])
    documents = _read_as(catalog.documents, reading)
    with_docs = cities_with_documents(d.city for d in catalog.documents if d.scope != "central")
    chosen_city = _resolve_city_option(city)
    if chosen_city is not None and not documents_for(catalog.documents, chosen_city.code):
        raise typer.BadParameter(
            f"{chosen_city.name} ({chosen_city.code}) has no policy documents; cities with documents: "
            + ", ".join(f"{c.name} {c.code}" for c in with_docs),
            param_hint="--city",
        )
    _shown, company = load_company(file, env.inp, catalog.zones)
    if all_cities:
        cities = sorted(with_docs, key=lambda c: c.code != company.city.code)
    else:
        cities = [chosen_city or company.city]
    reading_notes(
        env,
        catalog.documents,
        reading,
        {c.code for c in cities},
        "the plan is for " + "、".join(c.name for c in cities),
    )
    options = [o for c in cities for o in make_plan(company, documents, city=c, as_of=day, projects=amounts)]
    from zjtx.io.outfile import Output
    from zjtx.render.writers import writer

    inputs = [file, *catalog.files] if output not in (None, "-") else ()
    with Output(output, env.out, inputs=inputs, binary=is_binary(chosen)) as out:
        writer("plan", chosen)(company, cities, options, day, documents, out, env)
