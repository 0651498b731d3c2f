"""What every command shares: one set of options, the environment, error handling (exit codes, one line
per problem on stderr), the chosen format and date, and the validated catalog."""

from __future__ import annotations

import datetime as dt
import enum
import errno
import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar, TypeVarTuple

import typer

from zjtx.errors import ExitCode, InputError, Problem
from zjtx.io.env import Environment
from zjtx.io.textsafe import filename, visible

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from zjtx.places import City
    from zjtx.policy.files import Catalog
    from zjtx.policy.model import Document

P = ParamSpec("P")
R = TypeVar("R")
Ts = TypeVarTuple("Ts")


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
        _catalog(_data_given(ctx), _env(ctx))
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
        catalog = _catalog(_data_given(ctx), _env(ctx))
    except Exception:
        return []
    return _offered((m.id, m.title) for d in catalog.documents for m in d.measures if m.id.startswith(incomplete))


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
#: The longest --prepared-by (or ZJTX_PREPARED_BY) taken: a name and a contact, not a letter.
PREPARED_BY_MAX = 200


def _set_exact(ctx: typer.Context, value: bool) -> None:
    if value:
        _env(ctx).exact = True


def _prepared_by_problem(text: str, where: str) -> str | None:
    if len(text) > PREPARED_BY_MAX:
        return f'{where}: {len(text)} characters; at most {PREPARED_BY_MAX} (a name and a contact, e.g. "张三 138-0000-0000")'
    if any(ch in text for ch in "\n\r"):
        return f"{where}: one line expected (a name and a contact), got a line break"
    return None


def _set_prepared_by(ctx: typer.Context, value: str | None) -> None:
    if value is None:
        return
    problem = _prepared_by_problem(value, "--prepared-by")
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


def _fail(env: Environment, problems: list[Problem]) -> None:
    """One line per problem; file names and text from the input are made visible (never raw)."""
    for p in problems[:50]:
        env.err.write(f"zjtx: error: {visible(filename(p))}\n")
    if len(problems) > 50:
        env.err.write(f"zjtx: error: … and {len(problems) - 50} more problems\n")


def stream_error(e: OSError, env: Environment | None = None) -> int:
    """The exit code for an OSError that reached the top: 0, quietly, when the reader of stdout went away
    (``| head``); else one line on stderr (if it is open) and exit 1."""
    if e.errno == errno.EPIPE:
        try:  # later flushes (at exit) go nowhere instead of failing again
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, sys.stdout.fileno())
            os.close(null)
        except (OSError, AttributeError, ValueError):
            pass
        return ExitCode.OK
    err = env.err if env is not None else sys.stderr
    what = e.strerror or str(e)
    if e.filename is not None:
        what = f"{filename(e.filename)}: {what}"
    elif e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):  # only a write fails so; -o files say theirs
        from zjtx.io.outfile import write_error

        what = str(write_error("standard output", e).problems[0])
    try:
        err.write(f"zjtx: error: {visible(what)}\n")
    except (OSError, ValueError):
        pass
    return ExitCode.INVALID_INPUT


def guarded(fn: Callable[P, R]) -> Callable[P, R]:
    """Turn every failure into an exit code and a message on stderr — never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        given = kwargs.get("ctx")
        ctx = (
            given if isinstance(given, typer.Context) else next((a for a in args if isinstance(a, typer.Context)), None)
        )
        env = _env(ctx) if ctx is not None else Environment()
        try:
            result = fn(*args, **kwargs)
            env.out.flush()  # here, so that a reader gone away (| head) is handled below
            return result
        except InputError as e:
            _fail(env, e.problems)
            raise typer.Exit(ExitCode.INVALID_INPUT) from None
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except OSError as e:  # a pipe closed by its reader, a closed stream, a full disk: not a bug
            raise typer.Exit(stream_error(e, env)) from None
        except Exception as e:  # a bug: one line, traceback on request
            if type(e).__module__.split(".")[0] in ("click", "typer"):
                raise  # usage errors (exit 2) are click's to report
            if env.debug:
                import traceback

                traceback.print_exc(file=env.err)
            env.err.write(
                f"zjtx: internal error: {type(e).__name__}: {visible(filename(e))} (set ZJTX_DEBUG=1 for the traceback)\n"
            )
            raise typer.Exit(ExitCode.INTERNAL) from None

    return wrapper


def _format(fmt: str | None, as_json: bool, command: str, output: Path | None = None) -> str:
    """-f (or --json) wins; else -o's extension decides; else the table."""
    from zjtx.render import formats

    if as_json and fmt not in (None, "json"):
        raise typer.BadParameter("--json and --format disagree; use one of them", param_hint="--json")
    if as_json or fmt:
        chosen = "json" if as_json else str(getattr(fmt, "value", fmt))
    elif output is not None:
        found = formats.from_extension(output, command)
        if found is None:
            raise typer.BadParameter(
                f"cannot tell the format from {output.name!r}; name the file "
                f"{' '.join('*' + e for e in formats.extensions(command))}, "
                f"or give -f ({', '.join(formats.names(command))})",
                param_hint="--output",
            )
        chosen = found.name
    else:
        chosen = "table"
    if chosen not in formats.names(command):
        raise typer.BadParameter(f"this command supports {', '.join(formats.names(command))}", param_hint="--format")
    return chosen


def _as_of(value: str | None, env: Environment) -> dt.date:
    if value is None:  # left out: today (an empty --as-of "" is a mistake, not today)
        return env.date
    from zjtx.company.model import date_text, out_of_range

    day = date_text(value)
    if day is None:
        raise typer.BadParameter(f"expected a date such as 2025-06-30, got {value!r}", param_hint="--as-of")
    wrong = out_of_range(day)
    if wrong is not None:
        raise typer.BadParameter(wrong, param_hint="--as-of")
    return day


def _setup(
    ctx: typer.Context,
    data: list[Path] | None,
    as_of: str | None,
    fmt: str | None = None,
    as_json: bool = False,
    command: str = "",
    output: Path | None = None,
) -> tuple[Environment, str, dt.date, Catalog]:
    """What every command starts with: its environment, chosen format, date and validated catalog."""
    env = _env(ctx)
    chosen = _format(fmt, as_json, command, output) if command else "table"
    if is_binary(chosen) and output is None and env.isatty:
        raise typer.BadParameter(
            f"{chosen} is a binary file and is never written to a terminal; "
            f"use -o report.{chosen} (or redirect standard output)",
            param_hint="--output",
        )
    day = _as_of(as_of, env)
    if command in ("check", "compare", "plan") and env.prepared_by is None and env.environ.get("ZJTX_PREPARED_BY"):
        problem = _prepared_by_problem(env.environ["ZJTX_PREPARED_BY"], "ZJTX_PREPARED_BY")
        if problem:
            env.err.write(f"zjtx: error: {visible(problem)}\n")
            raise typer.Exit(ExitCode.USAGE)
    return env, chosen, day, _catalog(data, env)


def _read_as(documents: tuple[Document, ...], values: list[str] | None) -> tuple[Document, ...]:
    """The documents under the readings chosen with ``--reading MEASURE=OPTION`` (usage error, exit 2, on
    an unknown measure or option, naming the closest)."""
    if not values:
        return documents
    from zjtx.policy.model import ReadingError, apply_readings, resolve_reading

    choices: dict[str, str] = {}
    for value in values:
        key, sep, option = value.partition("=")
        if not sep or not key.strip() or not option.strip():
            raise typer.BadParameter(
                f"expected MEASURE=OPTION (e.g. xining.tech_transfer=shared_3y), got {value!r}", param_hint="--reading"
            )
        try:
            reading_id, option = resolve_reading(documents, key.strip(), option.strip())
        except ReadingError as e:
            raise typer.BadParameter(visible(str(e)), param_hint="--reading") from None
        if choices.get(reading_id, option) != option:
            raise typer.BadParameter(
                f"{reading_id} is given two readings: {choices[reading_id]} and {option}", param_hint="--reading"
            )
        choices[reading_id] = option
    return apply_readings(documents, choices)


def reading_notes(env: Environment, documents: tuple, values: list[str] | None, cities: set[str], who: str) -> None:
    """A note on standard error for each ``--reading`` of a document of a city that none of ``cities`` is in
    (the reading changes nothing there); ``who`` says whose cities they are. The values were checked before."""
    if not values:
        return
    from zjtx.places import city
    from zjtx.policy.model import ReadingError, resolve_reading

    for value in values:
        key, _, option = value.partition("=")
        try:
            reading_id, _option = resolve_reading(documents, key.strip(), option.strip())
        except ReadingError:  # refused earlier, as a usage error
            continue
        doc = next(d for d in documents if d.reading(reading_id) is not None)
        if doc.city in cities:
            continue
        place = city(doc.city)
        name = place.name if place is not None else doc.city
        env.err.write(
            f"zjtx: note: --reading {visible(value)}: {reading_id} is a reading of {name}'s document "
            f"({doc.label}); {who}, so it changes nothing\n"
        )


def _catalog(data: list[Path] | None, env: Environment) -> Catalog:
    from zjtx.policy.files import load_catalog, user_data_dirs

    return load_catalog(user_data_dirs([str(d) for d in data or []], env.environ), environ=env.environ)


def use_declarations(data: list[Path] | None, env: Environment) -> bool:
    """For a command that reads no policy: when --data (or ZJTX_DATA) names documents, load them so that the
    titles and project types they declare are in effect. Whether any were named."""
    from zjtx.policy.files import user_data_dirs

    if not user_data_dirs([str(d) for d in data or []], env.environ):
        return False
    _catalog(data, env)
    return True


def _out_path(output: str | None) -> Path | None:
    """``-o``'s file as a Path for choosing the format by extension; None for stdout (``-``, or none)."""
    return Path(output) if output and output != "-" else None


def is_binary(fmt: str) -> bool:
    from zjtx.render.formats import FORMATS

    return FORMATS[fmt].binary


def usage_problems(env: Environment, fn: Callable[[*Ts], R], *args: *Ts) -> R:
    """Validate command-line values with ``fn``: its problems are usage errors (exit 2), one line each."""
    try:
        return fn(*args)
    except InputError as e:
        _fail(env, e.problems)
        raise typer.Exit(ExitCode.USAGE) from None


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


def _resolve_city_option(city: str | None) -> City | None:
    if city is None:
        return None
    from zjtx.places import CityError, resolve_city

    try:
        return resolve_city(city)
    except CityError as e:
        raise typer.BadParameter(visible(str(e)), param_hint="--city") from None
