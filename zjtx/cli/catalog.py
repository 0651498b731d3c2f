"""Browsing the policy data: ``zjtx policies``, ``policies show``, ``zjtx cities``, ``zjtx data check``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from zjtx.cli.app import app, data_app, policies_app
from zjtx.cli.common import (
    AsOfOpt,
    ColorOpt,
    DataOpt,
    FormatChoice,
    JsonOpt,
    _env,
    complete_city,
    complete_measure,
    format_option,
    guarded,
)
from zjtx.cli.run.exits import fail
from zjtx.cli.run.setup import as_of_date, resolve_city_option, setup
from zjtx.errors import ExitCode, InputError, Problem
from zjtx.io.textsafe import filename, visible

if TYPE_CHECKING:
    PoliciesFormatOpt = FormatChoice
    CitiesFormatOpt = FormatChoice
    TitlesFormatOpt = FormatChoice
else:  # what typer reads: the option, with the enum of the command's formats
    PoliciesFormatOpt = format_option("policies")
    CitiesFormatOpt = format_option("cities")
    TitlesFormatOpt = format_option("titles")


@policies_app.callback()
@guarded
def policies(
    ctx: typer.Context,
    city: str | None = typer.Option(
        None, "--city", "-c", autocompletion=complete_city, help="Only this city (name, pinyin or code)."
    ),
    fmt: PoliciesFormatOpt = None,
    as_json: bool = typer.Option(
        False, "--json", help="Shorthand for --format json: a JSON array, one object per measure."
    ),
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    color: ColorOpt = None,
) -> None:
    """Every measure: id, title, trigger, amount rule in words, payer, window, clause."""
    if ctx.invoked_subcommand is not None:
        return
    env = _env(ctx)
    chosen, day, catalog = setup(env, data, as_of, fmt, as_json, "policies")
    chosen_city = resolve_city_option(city)
    from zjtx.policy.model import documents_for

    shown = catalog.documents if chosen_city is None else documents_for(catalog.documents, chosen_city.code)
    rows = [(d, m) for d in shown for m in d.measures]
    from zjtx.render.writers import writer

    writer("policies", chosen)(rows, day, env)


@policies_app.command(
    "show",
    epilog="\b\nExamples:\n  zjtx policies show weifang.first_set_insurance\n  zjtx policies show xining.tech_transfer --json\n"
    "  zjtx policies show xining.above_scale --source",
)
@guarded
def policies_show(
    ctx: typer.Context,
    measure_id: str = typer.Argument(
        ..., metavar="ID", autocompletion=complete_measure, help="A measure id (see `zjtx policies`)."
    ),
    as_json: bool = typer.Option(False, "--json", help="The entry as one JSON object."),
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    color: ColorOpt = None,
    source: bool = typer.Option(
        False, "--source", help="Also print the clause in its context, from the document's shipped text."
    ),
) -> None:
    """The whole entry: rule, payer shares, window, document, clause, quote, notes on interpretation, readings."""
    env = _env(ctx)
    _, day, catalog = setup(env, data, as_of)
    found = catalog.measure(measure_id)
    if found is None:
        from zjtx.vocab import did_you_mean

        ids = [m.id for d in catalog.documents for m in d.measures]
        raise InputError(
            [
                Problem(
                    "policies",
                    measure_id,
                    "no measure with this id" + did_you_mean(measure_id, ids) + "; list them with `zjtx policies`",
                )
            ]
        )
    doc, m = found
    from zjtx.awards.catalogjson import measure_dict, source_context
    from zjtx.awards.report import dumps

    context = None
    if source:
        from zjtx.policy.texts import source_text

        text, problem = source_text(doc)
        if problem is not None:
            raise InputError([problem])
        context = source_context(doc, m, text)
    if as_json:
        entry = measure_dict(doc, m, day)
        if context is not None:
            entry["source_context"] = context
        env.out.write(dumps(entry) + "\n")
    else:
        from zjtx.render import catalogtable

        catalogtable.policy_detail(doc, m, env, day)
        if context is not None:
            catalogtable.source_context(context, env)


@app.command(
    epilog="\b\nExamples:\n  zjtx cities\n  zjtx cities --as-of 2025-06-30 --json\n  zjtx cities --all --json | jq -r '.cities[] | \"\\(.code) \\(.name)\"'"
)
@guarded
def cities(
    ctx: typer.Context,
    fmt: CitiesFormatOpt = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    every: bool = typer.Option(
        False, "--all", help="Every city of the registry (GB/T 2260), not only those with documents."
    ),
    color: ColorOpt = None,
) -> None:
    """Cities with policy documents (bundled or --data): code, name, province, documents, in force or not."""
    env = _env(ctx)
    chosen, day, catalog = setup(env, data, as_of, fmt, as_json, "cities")
    from zjtx.awards.catalogjson import cities_dict
    from zjtx.places import all_cities, cities_with_documents
    from zjtx.render.writers import writer

    listed = all_cities() if every else cities_with_documents(d.city for d in catalog.documents)
    writer("cities", chosen)(cities_dict(listed, catalog.documents, day), day, env)


@app.command(epilog="\b\nExamples:\n  zjtx titles\n  zjtx titles --json | jq -r '.titles[] | [.id, .name] | @tsv'")
@guarded
def titles(
    ctx: typer.Context,
    fmt: TitlesFormatOpt = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    color: ColorOpt = None,
) -> None:
    """Every title id and project type a company file may name: Chinese names, levels, re-review, term, paying cities."""
    env = _env(ctx)
    chosen, day, catalog = setup(env, data, as_of, fmt, as_json, "titles")
    from zjtx.awards.catalogjson import titles_dict
    from zjtx.render.writers import writer

    writer("titles", chosen)(titles_dict(catalog.documents, day), day, env)


# -------------------------------------------------------------------------------------------- data check


@data_app.command("check", epilog="\b\nExamples:\n  zjtx data check\n  zjtx data check my-policies/ --as-of 2026-01-01")
@guarded
def data_check(
    ctx: typer.Context,
    dirs: list[Path] | None = typer.Argument(
        None, metavar="[DIR]...", help="Directories (or files) of policy documents; default: the bundled data."
    ),
    data: DataOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Validate policy files: schema, ids, shares, windows, clauses, vocabulary. Exit 1 on any problem."""
    env = _env(ctx)
    day = as_of_date(as_of, env)
    from zjtx.places import bundled_data_dir
    from zjtx.policy.files import check_dirs, ended, user_data_dirs
    from zjtx.policy.texts import quote_problems

    targets = list(dirs or []) + user_data_dirs([str(d) for d in data or []], env.environ)
    documents, problems = check_dirs(targets, include_bundled=True)
    problems += quote_problems(documents)  # every quote occurs in its document's shipped text
    if problems:
        fail(env, problems)
        env.err.write(f"zjtx: {len(problems)} problem(s) in the policy data\n")
        raise typer.Exit(ExitCode.INVALID_INPUT)
    from zjtx.policy.overlap import overlap_warnings

    for w in overlap_warnings(documents):
        env.err.write(f"zjtx: warning: {w}\n")
    drafts = [(d, m) for d in documents for m in d.measures if m.draft]
    for d, m in drafts:
        env.err.write(
            f"zjtx: warning: {visible(filename(d.file))}: {m.id}: draft: not yet reviewed "
            "(check it against its clause, then delete draft: true)\n"
        )
    replaced = {old for d in documents for old in d.supersedes}
    for d in ended(documents, day):
        if d.id in replaced:
            continue
        env.err.write(
            f"zjtx: warning: {d.file}: {d.id}: window ended {d.window.end} (as of {day}): events after that date are not counted; add its successor with --data (see docs/policy-format.md)\n"
        )
    sources = ", ".join([str(bundled_data_dir())] + [str(t) for t in targets])
    measures = sum(len(d.measures) for d in documents)
    pending = f", {len(drafts)} drafted and not yet reviewed" if drafts else ""
    env.out.write(f"ok: {len(documents)} documents, {measures} measures{pending} ({sources})\n")


# -------------------------------------------------------------------------------------------- data draft


@data_app.command(
    "draft",
    epilog="\b\nExamples:\n  zjtx data draft 湖州专精特新政策.txt --city 湖州 -o my-policies/huzhou-2026.yaml\n"
    "  zjtx data draft text.txt --city 330500 | less\n  zjtx data check my-policies/",
)
@guarded
def data_draft(
    ctx: typer.Context,
    text: str = typer.Argument(..., metavar="TEXT", help="The document's plain text (.txt; UTF-8 or GB18030), or -."),
    city: str = typer.Option(
        ...,
        "--city",
        "-c",
        autocompletion=complete_city,
        help="Where the document applies: a city, a province (name or code: 山东, 370000) or national (name, pinyin or code).",
    ),
    output: str | None = typer.Option(
        None, "--output", "-o", metavar="FILE", help="Write the draft to this file (.yaml) instead of stdout."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite FILE if it exists (a reviewed draft is lost)."),
) -> None:
    """Draft a policy document (YAML) from a document's text: metadata, one measure per award, payers,
    clauses and quotes — every measure marked draft: true, to be reviewed (docs/draft.md)."""
    env = _env(ctx)
    from zjtx.places import CityError, area, resolve_area

    try:
        chosen = area(resolve_area(city))
    except CityError as e:
        raise typer.BadParameter(f"{e} (or a province, e.g. 山东 / 370000, or national)", param_hint="--city") from None
    from zjtx.policy.draft import DraftError, draft, source_name
    from zjtx.policy.texts import read_text

    shown, data = read_text(text, env.inp if text == "-" else None)
    source = source_name(text)
    try:
        result = draft(data, chosen, source)
    except DraftError as e:
        raise InputError([Problem(shown, "", str(e))]) from None
    from zjtx.io.outfile import Output

    header = [
        f"Drafted by zjtx data draft from {shown} for {chosen.name} {chosen.code}: review every measure "
        "(docs/draft.md), delete its draft: true, then run zjtx data check"
    ]
    with Output(output, env.out, inputs=[text], exists_ok=force) as out:
        out.write(result.yaml(header))
    for note in result.remarks(text, output):
        env.err.write(f"zjtx: note: {visible(note)}\n")


app.add_typer(policies_app, name="policies")  # after every command of this module, as --help lists them
app.add_typer(data_app, name="data")
