"""``zjtx compare``: the same company as if located in each city that has documents. Its own module, so
that ``zjtx check`` does not build this command's options at start-up."""

from __future__ import annotations

import typer

from zjtx.cli.app import app
from zjtx.cli.check import CompareFormatOpt, _loader
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
    _out_path,
    _read_as,
    _setup,
    guarded,
)


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
    env, chosen, day, catalog = _setup(ctx, data, as_of, fmt, as_json, "compare", _out_path(output))
    load_company = _loader(env, add, add_project, catalog.zones)
    documents = _read_as(catalog.documents, reading)
    from zjtx.awards.engine import evaluate
    from zjtx.places import cities_with_documents

    _shown, company = load_company(file)
    # a central document pays alike in every city: it is in each city's report, never a reason to list them all
    places = cities_with_documents([d.city for d in catalog.documents if d.scope != "central"] + [company.city.code])
    reports = [evaluate(company, documents, city=c, as_of=day) for c in places]
    from zjtx.io.outfile import Output
    from zjtx.render.writers import writer

    with Output(output, env.out, inputs=[file, *catalog.files]) as out:
        writer("compare", chosen)(company, reports, out, env)
