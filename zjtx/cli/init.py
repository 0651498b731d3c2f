"""``zjtx init``: a questionnaire, or a filled example, written as a company file."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Optional

import typer

from zjtx.cli.app import app
from zjtx.cli.common import _env, _resolve_city_option, guarded
from zjtx.errors import InputError, Problem


@app.command(epilog="\b\nExamples:\n  zjtx init                              # answer the questions\n"
             "  zjtx init --example 西宁 xining.toml    # a filled example, no questions")
@guarded
def init(
    ctx: typer.Context,
    path: Path = typer.Argument(Path("company.toml"), metavar="[PATH]", help="The company file to write."),
    example: Optional[str] = typer.Option(None, "--example", metavar="CITY", help="Write a filled example for this city, without questions."),
    force: bool = typer.Option(False, "--force", help="Overwrite PATH if it exists."),
) -> None:
    """Write a company file: a questionnaire, or a filled example with --example CITY."""
    env = _env(ctx)
    if path.is_dir():
        raise InputError([Problem(str(path), "", "is a directory; give a file path such as company.toml")])
    if path.exists() and not force:
        raise InputError([Problem(str(path), "", "already exists; choose another path or add --force to overwrite it")])
    import tomllib

    from zjtx.company import parse_company

    if example is not None:
        from zjtx.samples import SAMPLES

        city = _resolve_city_option(example)
        data = SAMPLES[city.code]
    else:
        import io

        from zjtx.interactive import Asker, line_editing, questionnaire

        # line editing when a person types at a terminal (never on a pipe or an injected stream)
        edit = env.stdin is None and env.stdout is None and sys.stdin.isatty() and sys.stdout.isatty() and line_editing()
        try:
            data = questionnaire(Asker(io.TextIOWrapper(env.inp, encoding="utf-8", errors="replace"), env.out, edit))
        except EOFError as e:
            raise InputError([Problem("<stdin>", "", str(e) + "; nothing was written")]) from None
    from zjtx.interactive import to_toml

    from zjtx.schema import SCHEMA_FILE

    # first: the schema directive of Taplo / Even Better TOML (editors validate and complete as you type)
    text = to_toml(data, f"#:schema {SCHEMA_FILE.as_uri()}\n# written by zjtx init; check it with: zjtx check {path}\n")
    parse_company(tomllib.loads(text), str(path))  # the file must pass `zjtx check` unchanged
    tmp = path.with_name(f".{path.name}.zjtx-tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    env.out.write(f"wrote {path}; next: zjtx check {path}\n")




@app.command(epilog="\b\nExamples:\n  zjtx schema > company.schema.json\n  zjtx schema --path    # for an editor's settings")
@guarded
def schema(
    ctx: typer.Context,
    path: bool = typer.Option(False, "--path", help="Print where the installed schema file is, instead of the schema."),
) -> None:
    """The JSON Schema (draft 2020-12) of the company file, for editors; `zjtx init` files point at it."""
    env = _env(ctx)
    from zjtx.schema import SCHEMA_FILE

    env.out.write(f"{SCHEMA_FILE}\n" if path else SCHEMA_FILE.read_text(encoding="utf-8"))
