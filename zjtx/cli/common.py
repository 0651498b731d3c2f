"""What every typer command shares: one set of options, the environment (typer's ``obj``), shell
completion, and :func:`guarded`, which runs a command's body under zjtx.cli.run.exits. What the commands do
once their options are parsed is free of typer, in zjtx/cli/run/."""

from __future__ import annotations

import enum
import functools
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from zjtx.cli.run.exits import Usage, guard
from zjtx.cli.run.setup import catalog, prepared_by_problem
from zjtx.io.env import Environment
from zjtx.io.textsafe import visible

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

P = ParamSpec("P")
R = TypeVar("R")


class Color(enum.StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


def _set_color(ctx: typer.Context, value: Color | None) -> None:
    if value is not None:
        _env(ctx).color_mode = value.value


# Shell completion (typer: zjtx --install-completion). Each function imports only what it needs, when asked.
def _offered(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Completions (value, help) as a shell prints them: control and bidi characters escaped as in a table,
    so a title from --data can never set the window title or switch the terminal's character set."""
    return [(visible(value), visible(text)) for value, text in pairs]


def complete_city(incomplete: str) -> list[tuple[str, str]]:
    """The cities with bundled documents (those --city and --example are for), without reading the data."""
    from zjtx.company.samples import SAMPLES
    from zjtx.places import city

    sampled = [c for c in map(city, SAMPLES) if c is not None]  # every sample's code is in the registry
    return _offered(
        (v, f"{c.name} {c.province} {c.code}")
        for c in sampled
        for v in dict.fromkeys((c.name, c.name.removesuffix("市"), c.pinyin, c.code))
        if v.startswith(incomplete)
    )


def _data_given(ctx: typer.Context) -> list[Path] | None:
    """For completion: the --data directories given earlier on the command line (click has parsed them)."""
    for param in ctx.command.params:
        if "--data" in param.opts and param.name is not None:
            value = ctx.params.get(param.name)
            return [Path(v) for v in value] if isinstance(value, (list, tuple)) and value else None
    return None


def _declared_too(ctx: typer.Context) -> None:
    """For completion: the vocabulary of the bundled documents and those of --data (given earlier on the
    command line) and ZJTX_DATA (their declarations)."""
    try:  # invalid policy data offers the bundled vocabulary: a completion never prints an error
        catalog(_data_given(ctx), _env(ctx))
    except Exception:
        from zjtx import lexicon

        lexicon.install(lexicon.bundled())


def complete_title(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Title ids: the first word of --add (declared ones too)."""
    _declared_too(ctx)
    from zjtx.vocab import TITLES

    return _offered((t.id, t.name) for t in TITLES.values() if t.id.startswith(incomplete))


def complete_project_type(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    _declared_too(ctx)
    from zjtx.vocab import PROJECT_TYPES

    return _offered((p.id, p.name) for p in PROJECT_TYPES.values() if p.id.startswith(incomplete))


def complete_measure(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    try:  # invalid policy data (--data, ZJTX_DATA) offers nothing: a completion never prints an error
        found = catalog(_data_given(ctx), _env(ctx))
    except Exception:
        return []
    return _offered((m.id, m.title) for d in found.documents for m in d.measures if m.id.startswith(incomplete))


# One set of options, shared by every command that has them; each command's -f offers exactly the formats
# the registry (zjtx.render.formats) lists for it, so `-f` never offers what the command refuses.


def format_option(command: str) -> Any:
    """``-f/--format`` of ``command``: its choices, metavar and help, read from the registry of formats. (The
    choices are an enum built from the registry: typer shows and checks an enum alike in every release, where
    its own click is vendored in some and not in others.)

    Typer reads it at run time; mypy, which cannot read a type made by a call, reads :data:`FormatChoice`
    instead: each command module declares ``XFormatOpt = FormatChoice`` under ``TYPE_CHECKING`` and
    ``XFormatOpt = format_option("x")`` otherwise."""
    from zjtx.render import formats

    names = formats.names(command)
    # mypy knows the functional Enum API only with literal names; these are the registry's.
    choices = enum.StrEnum(f"{command.title()}Format", {name: name for name in names})  # type: ignore[misc]
    return Annotated[
        choices | None,
        typer.Option("--format", "-f", metavar=formats.metavar(command), help=formats.help_text(command)),
    ]


#: What a command's ``fmt`` holds, for mypy: a member of the enum of its formats (see format_option), or None.
FormatChoice = enum.StrEnum | None


def _choices(choices: type[enum.Enum]) -> str:
    """``<auto|always|never>``: the metavar of a choice, written out so that every typer release shows it alike."""
    return "<" + "|".join(str(member.value) for member in choices) + ">"


OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write to this file instead of stdout (- is stdout); the format follows its extension unless -f is given.",
    ),
]
ColorOpt = Annotated[
    Color | None,
    typer.Option(
        "--color",
        metavar=_choices(Color),
        callback=_set_color,
        expose_value=False,
        help="Colour in tables: auto (a terminal, and NO_COLOR unset), always, never. FORCE_COLOR=1 acts as always.",
    ),
]


def _set_exact(ctx: typer.Context, value: bool) -> None:
    if value:
        _env(ctx).exact = True


def _set_prepared_by(ctx: typer.Context, value: str | None) -> None:
    if value is None:
        return
    problem = prepared_by_problem(value, "--prepared-by")
    if problem:
        raise typer.BadParameter(problem.split(": ", 1)[1], param_hint="--prepared-by")
    _env(ctx).prepared_by = value


ExactOpt = Annotated[
    bool,
    typer.Option(
        "--exact",
        callback=_set_exact,
        expose_value=False,
        help="Tables: show every digit of each 万元 figure (default: two decimals; JSON, CSV and workbook cells are always exact).",
    ),
]
PreparedByOpt = Annotated[
    str | None,
    typer.Option(
        "--prepared-by",
        metavar="TEXT",
        callback=_set_prepared_by,
        expose_value=False,
        help="Who prepared the report (name and contact), in the HTML header and the workbook's 汇总. Also: ZJTX_PREPARED_BY.",
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
DataOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--data",
        help="Directory of extra policy documents (YAML), added to the bundled ones; repeatable. Also: ZJTX_DATA.",
    ),
]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", metavar="YYYY-MM-DD", help="The date that decides 'in force' / 'ended' (default today)."),
]
ReadingOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--reading",
        metavar="MEASURE=OPTION",
        help="Recompute under another reading of an ambiguous clause (repeatable); see `zjtx policies show MEASURE`.",
    ),
]


def _env(ctx: typer.Context) -> Environment:
    root = ctx.find_root()
    if not isinstance(root.obj, Environment):
        root.obj = Environment()
    return root.obj


def guarded(fn: Callable[P, R]) -> Callable[P, None]:
    """A typer command's body under :func:`zjtx.cli.run.exits.guard`: every failure an exit code and a
    message on stderr, never a traceback; a :class:`Usage` error reported by click (exit 2)."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> None:
        given = kwargs.get("ctx")
        ctx = (
            given if isinstance(given, typer.Context) else next((a for a in args if isinstance(a, typer.Context)), None)
        )
        env = _env(ctx) if ctx is not None else Environment()
        try:
            code = guard(env, fn, *args, **kwargs)
        except Usage as e:
            raise typer.BadParameter(e.message, param_hint=e.hint) from None
        if code:
            raise typer.Exit(code)

    return wrapper


AddOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--add",
        autocompletion=complete_title,
        metavar='"TITLE [LEVEL] DATE"',
        help='What if: add a recognition (e.g. "little_giant national 2025-07-01"; add "review" for a re-review or 重新认定, "new" for a title won anew after it lapsed; a later entry of a title held is otherwise its renewal); repeatable. Marked hypothetical.',
    ),
]
AddProjectOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--add-project",
        autocompletion=complete_project_type,
        metavar='"TYPE DATE FIELD=AMOUNT…"',
        help='What if: add a project (e.g. "equipment_upgrade 2025-05-01 equipment_cost=3000万"); repeatable. Marked hypothetical.',
    ),
]
