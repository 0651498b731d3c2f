"""What every command starts with, free of typer: the chosen format, the date, the validated catalog, the
readings of ``--reading``, the city of ``--city``. A wrong value is a :class:`Usage` error (exit 2)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, TypeVarTuple

from zjtx.cli.run.exits import Exit, Usage, fail
from zjtx.errors import ExitCode, InputError
from zjtx.io.textsafe import visible

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable

    from zjtx.io.env import Environment
    from zjtx.places import City
    from zjtx.policy.files import Catalog
    from zjtx.policy.model import Document

R = TypeVar("R")
Ts = TypeVarTuple("Ts")

#: The longest --prepared-by (or ZJTX_PREPARED_BY) taken: a name and a contact, not a letter.
PREPARED_BY_MAX = 200


def prepared_by_problem(text: str, where: str) -> str | None:
    """What is wrong with a --prepared-by (or ZJTX_PREPARED_BY) text, as ``where: what``; None if nothing."""
    if len(text) > PREPARED_BY_MAX:
        return f'{where}: {len(text)} characters; at most {PREPARED_BY_MAX} (a name and a contact, e.g. "张三 138-0000-0000")'
    if any(ch in text for ch in "\n\r"):
        return f"{where}: one line expected (a name and a contact), got a line break"
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # bytes that are not UTF-8 (kept by Python as surrogate escapes)
        return f'{where}: not UTF-8 text; write the name and contact in UTF-8 (e.g. "张三 138-0000-0000")'
    return None


def choose_format(fmt: str | None, as_json: bool, command: str, output: Path | None = None) -> str:
    """-f (or --json) wins; else -o's extension decides; else the table."""
    from zjtx.render import formats

    if as_json and fmt not in (None, "json"):
        raise Usage("--json and --format disagree; use one of them", "--json")
    if as_json or fmt:
        chosen = "json" if as_json else str(getattr(fmt, "value", fmt))
    elif output is not None:
        found = formats.from_extension(output, command)
        if found is None:
            raise Usage(
                f"cannot tell the format from {output.name!r}; name the file "
                f"{' '.join('*' + e for e in formats.extensions(command))}, "
                f"or give -f ({', '.join(formats.names(command))})",
                "--output",
            )
        chosen = found.name
    else:
        chosen = "table"
    if chosen not in formats.names(command):
        raise Usage(f"this command supports {', '.join(formats.names(command))}", "--format")
    return chosen


def as_of_date(value: str | None, env: Environment) -> dt.date:
    """``--as-of``'s date; today when it is left out (an empty ``--as-of ""`` is a mistake, not today)."""
    if value is None:
        return env.date
    from zjtx.company.model import date_text, out_of_range

    day = date_text(value)
    if day is None:
        raise Usage(f"expected a date such as 2025-06-30, got {value!r}", "--as-of")
    wrong = out_of_range(day)
    if wrong is not None:
        raise Usage(wrong, "--as-of")
    return day


def setup(
    env: Environment,
    data: list[Path] | None,
    as_of: str | None,
    fmt: str | None = None,
    as_json: bool = False,
    command: str = "",
    output: Path | None = None,
) -> tuple[str, dt.date, Catalog]:
    """What every command starts with: its chosen format, date and validated catalog."""
    chosen = choose_format(fmt, as_json, command, output) if command else "table"
    if is_binary(chosen) and output is None and env.isatty:
        raise Usage(
            f"{chosen} is a binary file and is never written to a terminal; "
            f"use -o report.{chosen} (or redirect standard output)",
            "--output",
        )
    day = as_of_date(as_of, env)
    if command in ("check", "compare", "plan") and env.prepared_by is None and env.environ.get("ZJTX_PREPARED_BY"):
        problem = prepared_by_problem(env.environ["ZJTX_PREPARED_BY"], "ZJTX_PREPARED_BY")
        if problem:
            env.err.write(f"zjtx: error: {visible(problem)}\n")
            raise Exit(ExitCode.USAGE)
    return chosen, day, catalog(data, env)


def read_as(documents: tuple[Document, ...], values: list[str] | None) -> tuple[Document, ...]:
    """The documents under the readings chosen with ``--reading MEASURE=OPTION`` (usage error, exit 2, on
    an unknown measure or option, naming the closest)."""
    if not values:
        return documents
    from zjtx.policy.model import ReadingError, apply_readings, resolve_reading

    choices: dict[str, str] = {}
    for value in values:
        key, sep, option = value.partition("=")
        if not sep or not key.strip() or not option.strip():
            raise Usage(f"expected MEASURE=OPTION (e.g. xining.tech_transfer=shared_3y), got {value!r}", "--reading")
        try:
            reading_id, option = resolve_reading(documents, key.strip(), option.strip())
        except ReadingError as e:
            raise Usage(visible(str(e)), "--reading") from None
        if choices.get(reading_id, option) != option:
            raise Usage(f"{reading_id} is given two readings: {choices[reading_id]} and {option}", "--reading")
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


def catalog(data: list[Path] | None, env: Environment) -> Catalog:
    """The validated catalog: the bundled documents, and those of --data and ZJTX_DATA."""
    from zjtx.policy.files import load_catalog, user_data_dirs

    return load_catalog(user_data_dirs([str(d) for d in data or []], env.environ), environ=env.environ)


def use_declarations(data: list[Path] | None, env: Environment) -> bool:
    """For a command that reads no policy: when --data (or ZJTX_DATA) names documents, load them so that the
    titles and project types they declare are in effect. Whether any were named."""
    from zjtx.policy.files import user_data_dirs

    if not user_data_dirs([str(d) for d in data or []], env.environ):
        return False
    catalog(data, env)
    return True


def out_path(output: str | None) -> Path | None:
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
        fail(env, e.problems)
        raise Exit(ExitCode.USAGE) from None


def resolve_city_option(city: str | None) -> City | None:
    """``--city``'s city (a name, pinyin or code); None when it is left out."""
    if city is None:
        return None
    from zjtx.places import CityError, resolve_city

    try:
        return resolve_city(city)
    except CityError as e:
        raise Usage(visible(str(e)), "--city") from None
