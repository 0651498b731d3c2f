"""``zjtx init``: a questionnaire, or a filled example, written as a company file (or to stdout with -)."""

from __future__ import annotations

from typing import Optional

import typer

from zjtx.cli.app import app
from zjtx.cli.common import _env, _resolve_city_option, guarded
from zjtx.errors import InputError, Problem


@app.command(epilog="\b\nExamples:\n  zjtx init                              # answer the questions\n"
             "  zjtx init --example 西宁 xining.toml    # a filled example, no questions\n"
             "  zjtx init --example 潍坊 - | less        # - writes to standard output")
@guarded
def init(
    ctx: typer.Context,
    path: str = typer.Argument("company.toml", metavar="[PATH]", help="The company file to write, or - for standard output."),
    example: Optional[str] = typer.Option(None, "--example", metavar="CITY", help="Write a filled example for this city, without questions."),
    force: bool = typer.Option(False, "--force", help="Overwrite PATH if it exists."),
) -> None:
    """Write a company file: a questionnaire, or a filled example with --example CITY."""
    env = _env(ctx)
    import tomllib

    from zjtx.company import parse_company
    from zjtx.interactive import to_toml
    from zjtx.outfile import Output
    from zjtx.textsafe import filename, visible

    to_stdout = path == "-"
    city = _resolve_city_option(example) if example is not None else None
    shown = visible(filename(path))
    # Opened first: a path that cannot be written is refused before any question is asked.
    with Output(path, env.out, exists_ok=force) as out:
        if city is not None:
            from zjtx.samples import SAMPLES

            data = SAMPLES[city.code]
        else:
            import io

            from zjtx.interactive import Asker, questionnaire

            try:  # with -, the questions go to stderr and only the file to stdout
                data = questionnaire(Asker(io.TextIOWrapper(env.inp, encoding="utf-8", errors="replace"),
                                           env.err if to_stdout else env.out))
            except EOFError as e:
                raise InputError([Problem("<stdin>", "", str(e) + "; nothing was written")]) from None
        name = "-" if to_stdout else shown
        text = to_toml(data, f"# written by zjtx init; check it with: zjtx check {name}\n")
        parse_company(tomllib.loads(text), path)  # the file must pass `zjtx check` unchanged
        out.write(text)
    if not to_stdout:
        env.out.write(f"wrote {shown}; next: zjtx check {shown}\n")
