"""``zjtx init``: a questionnaire, or a filled example, written as a company file (or to stdout with -)."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from zjtx.cli.app import app
from zjtx.cli.common import DataOpt, _env, complete_city, guarded
from zjtx.cli.run.setup import resolve_city_option, use_declarations
from zjtx.errors import InputError, Problem
from zjtx.io.env import Environment


@app.command(
    epilog="\b\nExamples:\n  zjtx init                              # answer the questions\n"
    "  zjtx init --example 西宁 xining.toml    # a filled example, no questions\n"
    "  zjtx init --example 潍坊 - | less        # - writes to standard output"
)
@guarded
def init(
    ctx: typer.Context,
    path: str = typer.Argument(
        "company.toml", metavar="[PATH]", help="The company file to write, or - for standard output."
    ),
    example: str | None = typer.Option(
        None,
        "--example",
        metavar="CITY",
        autocompletion=complete_city,
        help="Write a filled example for this city, without questions.",
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite PATH if it exists."),
    policies: DataOpt = None,
) -> None:
    """Write a company file: a questionnaire, or a filled example with --example CITY."""
    env = _env(ctx)
    declaring = use_declarations(policies, env)  # the titles and project types the documents of --data declare
    import tomllib

    from zjtx.cli.questionnaire import to_toml
    from zjtx.company.model import parse_company
    from zjtx.io.outfile import Output
    from zjtx.io.textsafe import filename, visible

    to_stdout = path == "-"
    city = resolve_city_option(example) if example is not None else None
    if city is not None:
        from zjtx.company.samples import SAMPLES
        from zjtx.places import city as city_of

        if city.code not in SAMPLES:
            having = "、".join(c.name for c in map(city_of, SAMPLES) if c is not None)
            raise typer.BadParameter(
                f"no example for {city.name}; examples exist for {having} "
                "(without --example, zjtx init asks the questions)",
                param_hint="--example",
            )
    shown = visible(filename(path))
    # Opened first: a path that cannot be written is refused before any question is asked.
    with Output(path, env.out, exists_ok=force) as out:
        if city is not None:
            data = SAMPLES[city.code]
        else:
            import io

            from zjtx.cli.questionnaire import Asker, line_editing, questionnaire

            # line editing when a person types at a terminal (never on a pipe or an injected stream);
            # with -, the questions go to stderr and only the file to stdout
            edit = (
                not to_stdout
                and env.stdin is None
                and env.stdout is None
                and sys.stdin.isatty()
                and sys.stdout.isatty()
                and line_editing()
            )
            try:
                data = questionnaire(
                    Asker(
                        io.TextIOWrapper(env.inp, encoding="utf-8", errors="replace"),
                        env.err if to_stdout else env.out,
                        edit,
                    )
                )
            except EOFError as e:
                raise InputError([Problem("<stdin>", "", str(e) + "; nothing was written")]) from None
        # first: the schema directive of Taplo / Even Better TOML (editors validate and complete as you type);
        # the installed schema knows only the bundled titles, so none when the documents declare their own
        text = to_toml(
            data,
            _schema_line(policies, env, declaring)
            + f"# written by zjtx init; check it with: zjtx check {'-' if to_stdout else shown}\n",
        )
        parse_company(tomllib.loads(text), path)  # the file must pass `zjtx check` unchanged
        out.write(text)
    if not to_stdout:
        env.out.write(f"wrote {shown}; next: zjtx check {shown}\n")


def _schema_line(policies: list[Path] | None, env: Environment, declaring: bool) -> str:
    """``#:schema`` pointing at the installed schema; with titles or project types declared by the documents
    of --data (ZJTX_DATA; ``declaring``: they were loaded), a comment saying how to write the schema that
    has them instead."""
    import shlex

    from zjtx import lexicon
    from zjtx.company.schema import SCHEMA_FILE
    from zjtx.policy.files import user_data_dirs

    lex = lexicon.current()
    declared = [t.declared_in for t in lex.titles.values()] + [p.declared_in for p in lex.projects.values()]
    if not declaring or not any(declared):
        return f"#:schema {SCHEMA_FILE.as_uri()}\n"
    data = " ".join(
        f"--data {shlex.quote(str(d))}" for d in user_data_dirs([str(d) for d in policies or []], env.environ)
    )
    return (
        "# for an editor's checks with the declared titles: zjtx schema "
        f"{data} > company.schema.json, then make this line #:schema ./company.schema.json\n"
    )


@app.command(
    epilog="\b\nExamples:\n  zjtx schema > company.schema.json\n  zjtx schema --path    # for an editor's settings\n"
    "  zjtx schema --data my-policies > company.schema.json   # with the titles those documents declare"
)
@guarded
def schema(
    ctx: typer.Context,
    path: bool = typer.Option(False, "--path", help="Print where the installed schema file is, instead of the schema."),
    data: DataOpt = None,
) -> None:
    """The JSON Schema (draft 2020-12) of the company file, for editors; `zjtx init` files point at it. With
    --data (or ZJTX_DATA), the schema of the vocabulary those documents declare too."""
    env = _env(ctx)
    from zjtx.company.schema import SCHEMA_FILE, company_schema, dumps

    if path:
        env.out.write(f"{SCHEMA_FILE}\n")
    elif use_declarations(data, env):
        env.out.write(dumps(company_schema()))
    else:
        env.out.write(SCHEMA_FILE.read_text(encoding="utf-8"))
