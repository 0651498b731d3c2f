"""What every command shares: one set of options, the environment, error handling (exit codes, one line
per problem on stderr), the chosen format and date, and the validated catalog."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import os
import sys
from pathlib import Path
from typing import Annotated, List, Optional

import typer

from zjtx.errors import ExitCode, InputError, Problem
from zjtx.env import Environment


class Format(str, enum.Enum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


# One set of options, shared by every command that has them (each command says which formats it takes).
FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", help="Output format: table (default), json; check also jsonl, csv; policies also jsonl.")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Shorthand for --format json.")]
DataOpt = Annotated[Optional[List[Path]], typer.Option("--data", help="Directory of extra policy documents (YAML), added to the bundled ones; repeatable. Also: ZJTX_DATA.")]
AsOfOpt = Annotated[Optional[str], typer.Option("--as-of", metavar="YYYY-MM-DD", help="The date that decides 'in force' / 'ended' (default today).")]


def _env(ctx: typer.Context) -> Environment:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Environment) else Environment()


def _fail(env: Environment, problems: list[Problem]) -> None:
    for p in problems[:50]:
        env.err.write(f"zjtx: error: {p}\n")
    if len(problems) > 50:
        env.err.write(f"zjtx: error: … and {len(problems) - 50} more problems\n")


def guarded(fn):
    """Turn every failure into an exit code and a message on stderr — never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        ctx = kwargs.get("ctx") or next((a for a in args if isinstance(a, typer.Context)), None)
        env = _env(ctx) if ctx is not None else Environment()
        try:
            return fn(*args, **kwargs)
        except InputError as e:
            _fail(env, e.problems)
            raise typer.Exit(ExitCode.INVALID_INPUT) from None
        except (typer.Exit, typer.Abort):
            raise
        except KeyboardInterrupt:
            raise typer.Exit(ExitCode.INTERRUPTED) from None
        except BrokenPipeError:
            # The reader went away (| head): stop quietly.
            try:
                sys.stdout = open(os.devnull, "w")  # noqa: SIM115
            except OSError:
                pass
            raise typer.Exit(ExitCode.OK) from None
        except Exception as e:  # a bug: one line, traceback on request
            if type(e).__module__.split(".")[0] in ("click", "typer"):
                raise  # usage errors (exit 2) are click's to report
            if env.debug:
                import traceback

                traceback.print_exc(file=env.err)
            env.err.write(f"zjtx: internal error: {type(e).__name__}: {e} (set ZJTX_DEBUG=1 for the traceback)\n")
            raise typer.Exit(ExitCode.INTERNAL) from None

    return wrapper


def _format(fmt: Optional[Format], as_json: bool, allowed: tuple[str, ...] = ("table", "json", "jsonl", "csv")) -> str:
    if as_json and fmt not in (None, Format.json):
        raise typer.BadParameter("--json and --format disagree; use one of them", param_hint="--json")
    chosen = "json" if as_json else (fmt.value if fmt else "table")
    if chosen not in allowed:
        raise typer.BadParameter(f"this command supports {', '.join(allowed)}", param_hint="--format")
    return chosen


def _as_of(value: Optional[str], env: Environment) -> dt.date:
    if not value:
        return env.date
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"expected a date such as 2025-06-30, got {value!r}", param_hint="--as-of") from None


def _setup(ctx: typer.Context, data, as_of, fmt=None, as_json=False, allowed=("table", "json", "jsonl", "csv")):
    """What every command starts with: its environment, chosen format, date and validated catalog."""
    env = _env(ctx)
    chosen = _format(fmt, as_json, allowed)
    day = _as_of(as_of, env)
    return env, chosen, day, _catalog(data, env)


def _catalog(data: Optional[List[Path]], env: Environment):
    from zjtx.datafiles import load_catalog, user_data_dirs

    return load_catalog(user_data_dirs([str(d) for d in data or []], env.environ), environ=env.environ)


def _resolve_city_option(city: Optional[str]):
    if city is None:
        return None
    from zjtx.cities import CityError, resolve_city

    try:
        return resolve_city(city)
    except CityError as e:
        raise typer.BadParameter(str(e), param_hint="--city") from None
