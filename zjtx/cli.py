"""The command line: parse arguments, call pure functions, render. Nothing here computes an amount.

Exit codes (README): 0 computed · 1 invalid input (company file or policy data) · 2 usage error ·
3 internal error · 130 interrupted. Errors go to stderr as one line each, never a traceback unless
ZJTX_DEBUG=1. rich is imported only when a table is printed: the JSON path stays fast.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import os
import sys
from pathlib import Path
from typing import Annotated, Iterator, List, Optional

import typer

from zjtx import __version__
from zjtx.errors import ExitCode, InputError, Problem
from zjtx.env import Environment

app = typer.Typer(
    name="zjtx",
    help="Cash awards for 专精特新 and related industrial policies of Chinese cities, computed from the "
    "policy documents: caps, payer splits, validity windows, each traceable to its clause.\n\n"
    "Example: zjtx check examples/weifang.toml",
    epilog="\b\nExamples:\n  zjtx check examples/weifang.toml\n  zjtx compare examples/xining.toml\n"
    "  zjtx policies --city 日照\n  zjtx init --example 潍坊 my-company.toml",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
policies_app = typer.Typer(
    help="Browse every measure of the bundled (and --data) documents.",
    epilog="\b\nExamples:\n  zjtx policies --city 西宁\n  zjtx policies --json | jq '.[] | select(.city == \"630100\") | .id'\n"
    "  zjtx policies show xining.tech_transfer",
    no_args_is_help=False, invoke_without_command=True, rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
data_app = typer.Typer(help="Policy data tools.", epilog="\b\nExample:\n  zjtx data check my-policies/",
                       no_args_is_help=True, rich_markup_mode=None,
                       context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(policies_app, name="policies")
app.add_typer(data_app, name="data")


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


class _Output:
    """Where output goes: stdout, or ``-o FILE``. A regular file is written to a temporary file beside it
    and moved into place at the end, so an interrupted or failed run never leaves half a report behind.
    Anything else that exists (/dev/null, a FIFO, a terminal) is written in place — never replaced."""

    def __init__(self, env: Environment, path: Optional[Path], bom: bool):
        self.env, self.path, self.bom = env, path, bom
        self._tmp: Optional[str] = None
        self._stream = None

    def __enter__(self):
        if self.path is None:
            return self.env.out
        encoding = "utf-8-sig" if self.bom else "utf-8"
        if self.path.exists() and not self.path.is_file():
            self._stream = open(self.path, "w", encoding=encoding, newline="")  # noqa: SIM115
            return self._stream
        import tempfile

        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".zjtx-tmp", dir=self.path.resolve().parent)
        self._stream = os.fdopen(fd, "w", encoding=encoding, newline="")
        return self._stream

    def __exit__(self, exc_type, exc, tb):
        if self._stream is None:
            self.env.out.flush()
            return False
        self._stream.close()
        if self._tmp is not None:
            if exc_type is None:
                os.replace(self._tmp, self.path)
            else:
                os.unlink(self._tmp)
        return False


def _expand(inputs: list[str]) -> Iterator[str]:
    """Files as given; a directory becomes every *.toml file directly inside it, sorted."""
    for name in inputs:
        if name != "-" and os.path.isdir(name):
            with os.scandir(name) as entries:
                found = sorted(e.path for e in entries if e.name.endswith(".toml") and e.is_file())
            yield from found
        else:
            yield name


# ----------------------------------------------------------------------------------------------- check


@app.command(epilog="\b\nExamples:\n  zjtx check examples/weifang.toml\n  zjtx check company.toml --json | jq .totals\n"
             "  zjtx check clients/ -f jsonl | jq -c '{file, total: .totals.amount}'\n"
             "  zjtx check clients/ -f csv -o report.csv\n  cat company.toml | zjtx check -")
@guarded
def check(
    ctx: typer.Context,
    files: List[str] = typer.Argument(..., metavar="FILE...", help="Company files (TOML), directories of them, or - for standard input."),
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write to this file instead of stdout (CSV gets a UTF-8 BOM for Excel)."),
    no_bom: bool = typer.Option(False, "--no-bom", help="No UTF-8 BOM in a CSV written with -o."),
    data: DataOpt = None,
    as_of: AsOfOpt = None,
    explain: bool = typer.Option(False, "--explain", help="Table: show how each amount was worked out."),
) -> None:
    """Compute every award a company qualifies for: amount, payers, clause, validity."""
    env, chosen, day, catalog = _setup(ctx, data, as_of, fmt, as_json)
    names = list(_expand(files))
    single = len(files) == 1 and (files[0] == "-" or not os.path.isdir(files[0]))  # one document, not a batch
    if not names:
        raise InputError([Problem(", ".join(files), "", "no company files (*.toml) found")])
    from zjtx.companyfile import load_company
    from zjtx.engine import evaluate

    if single:
        shown, company = load_company(names[0], env.inp)  # invalid input: nothing reaches stdout
        reports: Iterator = iter([(shown, evaluate(company, catalog.documents, as_of=day))])
        failures: list = []
    else:
        import gc

        gc.freeze()  # the catalog lives for the whole batch: keep it out of every collection
        failures = []

        def generate():
            for name in names:
                try:
                    shown, company = load_company(name, env.inp)
                except InputError as e:
                    _fail(env, e.problems)
                    failures.append(name)
                    continue
                yield shown, evaluate(company, catalog.documents, as_of=day)

        reports = generate()
    with _Output(env, output, bom=(chosen == "csv" and not no_bom)) as out:
        _emit(chosen, reports, out, env, single, explain)
    if failures:
        env.err.write(f"zjtx: {len(failures)} of {len(names)} files invalid; the others were computed\n")
        raise typer.Exit(ExitCode.INVALID_INPUT)


def _emit(chosen: str, reports: Iterator, out, env: Environment, single: bool, explain: bool) -> None:
    from zjtx.report import check_dict, dumps

    if chosen == "json":
        if single:
            shown, report = next(reports)
            out.write(dumps(check_dict(report, None if shown == "<stdin>" else shown)) + "\n")
            return
        out.write("[")
        first = True
        for shown, report in reports:
            out.write(("\n" if first else ",\n") + dumps(check_dict(report, shown)))
            first = False
        out.write("\n]\n" if not first else "]\n")
    elif chosen == "jsonl":
        for shown, report in reports:
            out.write(dumps(check_dict(report, shown), pretty=False) + "\n")
    elif chosen == "csv":
        from zjtx.render.csvout import write_check_rows

        write_check_rows(out, reports)
    else:
        from zjtx.render import table

        sub = Environment(**{**env.__dict__, "stdout": out}) if out is not env.out else env
        for i, (shown, report) in enumerate(reports):
            if i:
                out.write("\n")
            table.check_report(report, sub, explain=explain, file=None if single else shown)


# --------------------------------------------------------------------------------------------- compare


@app.command(epilog="\b\nExamples:\n  zjtx compare examples/weifang.toml\n  zjtx compare company.toml --json | jq '.cities[] | {name, total: .totals.amount}'")
@guarded
def compare(
    ctx: typer.Context,
    file: str = typer.Argument(..., metavar="FILE", help="A company file (TOML), or - for standard input."),
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """The same company as if located in each supported city: totals per city, side by side."""
    env, chosen, day, catalog = _setup(ctx, data, as_of, fmt, as_json, ("table", "json"))
    from zjtx.cities import CITIES
    from zjtx.companyfile import load_company
    from zjtx.engine import evaluate
    from zjtx.report import compare_dict, dumps

    _shown, company = load_company(file, env.inp)
    doc = compare_dict(company, [evaluate(company, catalog.documents, city=c, as_of=day) for c in CITIES.values()])
    if chosen == "json":
        env.out.write(dumps(doc) + "\n")
    else:
        from zjtx.render import table

        table.compare_table(doc, env)


# -------------------------------------------------------------------------------------- policies, cities


def _resolve_city_option(city: Optional[str]):
    if city is None:
        return None
    from zjtx.cities import CityError, resolve_city

    try:
        return resolve_city(city)
    except CityError as e:
        raise typer.BadParameter(str(e), param_hint="--city") from None


@policies_app.callback()
@guarded
def policies(
    ctx: typer.Context,
    city: Optional[str] = typer.Option(None, "--city", "-c", help="Only this city (name, pinyin or code)."),
    fmt: FormatOpt = None,
    as_json: bool = typer.Option(False, "--json", help="Shorthand for --format json: a JSON array, one object per measure."),
    data: DataOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Every measure: id, title, trigger, amount rule in words, payer, window, clause."""
    if ctx.invoked_subcommand is not None:
        return
    env, chosen, day, catalog = _setup(ctx, data, as_of, fmt, as_json, ("table", "json", "jsonl"))
    chosen_city = _resolve_city_option(city)
    rows = [(d, m) for d in catalog.documents if chosen_city is None or d.city == chosen_city.code for m in d.measures]
    from zjtx.report import dumps, measure_dict

    if chosen == "json":
        env.out.write(dumps([measure_dict(d, m, day) for d, m in rows]) + "\n")
    elif chosen == "jsonl":
        for d, m in rows:
            env.out.write(dumps(measure_dict(d, m, day), pretty=False) + "\n")
    else:
        from zjtx.render import table

        table.policies_table(rows, env, day)


@policies_app.command("show", epilog="\b\nExamples:\n  zjtx policies show weifang.first_set_insurance\n  zjtx policies show xining.tech_transfer --json")
@guarded
def policies_show(
    ctx: typer.Context,
    measure_id: str = typer.Argument(..., metavar="ID", help="A measure id (see `zjtx policies`)."),
    as_json: bool = typer.Option(False, "--json", help="The entry as one JSON object."),
    data: DataOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """The whole entry: rule, payer shares, window, document, clause, quote, notes on interpretation."""
    env, _, day, catalog = _setup(ctx, data, as_of)
    found = catalog.measure(measure_id)
    if found is None:
        from zjtx.vocab import did_you_mean

        ids = [m.id for d in catalog.documents for m in d.measures]
        raise InputError([Problem("policies", measure_id, "no measure with this id" + did_you_mean(measure_id, ids)
                                  + "; list them with `zjtx policies`")])
    doc, m = found
    from zjtx.report import dumps, measure_dict

    if as_json:
        env.out.write(dumps(measure_dict(doc, m, day)) + "\n")
    else:
        from zjtx.render import table

        table.policy_detail(doc, m, env, day)


@app.command(epilog="\b\nExamples:\n  zjtx cities\n  zjtx cities --as-of 2025-06-30 --json")
@guarded
def cities(
    ctx: typer.Context,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Supported cities: code, name, province, documents and whether each is in force."""
    env, chosen, day, catalog = _setup(ctx, data, as_of, fmt, as_json, ("table", "json"))
    from zjtx.cities import CITIES
    from zjtx.report import cities_dict, dumps

    doc = cities_dict(CITIES.values(), catalog.documents, day)
    if chosen == "json":
        env.out.write(dumps(doc) + "\n")
    else:
        from zjtx.render import table

        table.cities_table(doc["cities"], env, day)


# -------------------------------------------------------------------------------------------- data check


@data_app.command("check", epilog="\b\nExamples:\n  zjtx data check\n  zjtx data check my-policies/ --as-of 2026-01-01")
@guarded
def data_check(
    ctx: typer.Context,
    dirs: Optional[List[Path]] = typer.Argument(None, metavar="[DIR]...", help="Directories (or files) of policy documents; default: the bundled data."),
    data: DataOpt = None,
    as_of: AsOfOpt = None,
) -> None:
    """Validate policy files: schema, ids, shares, windows, clauses, vocabulary. Exit 1 on any problem."""
    env = _env(ctx)
    day = _as_of(as_of, env)
    from zjtx.datafiles import bundled_data_dir, check_dirs, ended, user_data_dirs

    targets = list(dirs or []) + user_data_dirs([str(d) for d in data or []], env.environ)
    documents, problems = check_dirs(targets, include_bundled=True)
    if problems:
        _fail(env, problems)
        env.err.write(f"zjtx: {len(problems)} problem(s) in the policy data\n")
        raise typer.Exit(ExitCode.INVALID_INPUT)
    for d in ended(documents, day):
        env.err.write(f"zjtx: warning: {d.file}: {d.id}: window ended {d.window.end} (as of {day}): events after that date are not counted; add its successor with --data (see README)\n")
    sources = ", ".join([str(bundled_data_dir())] + [str(t) for t in targets])
    measures = sum(len(d.measures) for d in documents)
    env.out.write(f"ok: {len(documents)} documents, {measures} measures ({sources})\n")


# ------------------------------------------------------------------------------------------------ init


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

        from zjtx.interactive import Asker, questionnaire

        try:
            data = questionnaire(Asker(io.TextIOWrapper(env.inp, encoding="utf-8", errors="replace"), env.out))
        except EOFError as e:
            raise InputError([Problem("<stdin>", "", str(e) + "; nothing was written")]) from None
    from zjtx.interactive import to_toml

    text = to_toml(data, f"# written by zjtx init; check it with: zjtx check {path}\n")
    parse_company(tomllib.loads(text), str(path))  # the file must pass `zjtx check` unchanged
    tmp = path.with_name(f".{path.name}.zjtx-tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    env.out.write(f"wrote {path}; next: zjtx check {path}\n")


# ------------------------------------------------------------------------------------------------ main


def _version(value: bool) -> None:
    if value:
        print(f"zjtx {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", "-V", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """zjtx — 专精特新 award calculator."""


def main(argv: Optional[list[str]] = None) -> None:
    """Console entry point."""
    try:
        app(args=argv, prog_name="zjtx")
    except KeyboardInterrupt:
        sys.exit(ExitCode.INTERRUPTED)
