"""The writer of each command in each output format, named ``{command}_{format}``: the command line finds
them through :func:`writer` by the names :mod:`zjtx.render.formats` registers, never by an if-chain.

``check`` writes a streamed format (table, json, jsonl, csv) company by company: :func:`check_stream` gives
its :class:`Stream` — how one company's text is encoded (by a ``-j`` worker too) and how the texts of a batch
are joined. The deliverables (xlsx, html) are assembled in one process. Every import is made inside the
writer that needs it: importing this module costs nothing on the JSON path.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from zjtx.io.env import Environment
from zjtx.record import Record, record

#: One company of ``check``, encoded: ``encode(shown, report) -> text``.
Encode = Callable[[str, Any], str]


@record
class Stream(Record):
    """How ``check`` writes a streamed format: each company's text on its own, a batch's texts joined."""

    encoder: Callable[[Environment, bool, bool], Encode]  # (env, explain, single) -> encode
    head: Callable[[], str] = str  # before the first company of a batch (and of one company, if framed)
    separator: str = ""  # between two companies
    tail: str = ""  # after the last company
    empty: str = ""  # a batch with no valid company
    framed_single: bool = True  # one company (not a batch) also gets the head and the tail


def writer(command: str, fmt: str) -> Callable[..., Any]:
    """The writer of ``command`` in ``fmt`` (a pair the registry offers)."""
    return globals()[f"{command}_{fmt}"]


def env_for(env: Environment, out: IO[str]) -> Environment:
    """The environment with stdout replaced by ``out`` (a file given with -o), for the table renderers."""
    return env if out is env.out else Environment(**{**env.__dict__, "stdout": out})


# ------------------------------------------------------------------------------------------------ check


def _json_encoder(env: Environment, explain: bool, single: bool) -> Encode:
    from zjtx.awards.report import check_dict, dumps, dumps_lines

    if single:  # the document alone, indented; a file from standard input is not named
        return lambda shown, report: dumps(check_dict(report, None if shown == "<stdin>" else shown)) + "\n"
    # inside the array: a key per line, an item of a list per line (json's fast encoder)
    return lambda shown, report: dumps_lines(check_dict(report, shown, encoded=True))


def _jsonl_encoder(env: Environment, explain: bool, single: bool) -> Encode:
    from zjtx.awards.report import check_dict, dumps

    return lambda shown, report: dumps(check_dict(report, shown, encoded=True), pretty=False) + "\n"


def _csv_encoder(env: Environment, explain: bool, single: bool) -> Encode:
    from zjtx.render.csvout import write_check_rows

    terminal = env.isatty  # here, where stdout is known (a worker's buffer is not a terminal)

    def encode(shown: str, report: Any) -> str:
        buffer = io.StringIO()
        write_check_rows(buffer, [(shown, report)], header=False, terminal=terminal)
        return buffer.getvalue()

    return encode


def _csv_head() -> str:
    from zjtx.render.csvout import write_check_rows

    buffer = io.StringIO()
    write_check_rows(buffer, [])
    return buffer.getvalue()


def _table_encoder(env: Environment, explain: bool, single: bool) -> Encode:
    from zjtx.render import table
    from zjtx.render.layout import terminal_width

    width = terminal_width(env)  # here, where stdout is the terminal (a worker's buffer is not)

    def encode(shown: str, report: Any) -> str:  # as on the parent's stdout: its width, terminal, colour
        buffer = io.StringIO()
        sub = Environment(
            **{
                **env.__dict__,
                "stdout": buffer,
                "stdout_isatty": env.isatty,
                "width": width,
                "color_mode": "always" if env.color else "never",
            }
        )
        table.check_report(report, sub, explain=explain, file=None if single else shown, exact=env.exact)
        return buffer.getvalue()

    return encode


check_json = Stream(_json_encoder, head=lambda: "[\n", separator=",\n", tail="\n]\n", empty="[]\n", framed_single=False)
check_jsonl = Stream(_jsonl_encoder)
check_csv = Stream(_csv_encoder, head=_csv_head)
check_table = Stream(_table_encoder, separator="\n", framed_single=False)


def check_stream(fmt: str) -> Stream:
    found = writer("check", fmt)
    if not isinstance(found, Stream):
        raise TypeError(f"{fmt} is not a streamed format of check")
    return found


def write_stream(stream: Stream, texts: Iterable[str], out: IO[str], *, single: bool) -> None:
    """The encoded companies, joined as ``stream`` says."""
    framed = stream.framed_single or not single
    first = True
    for text in texts:
        out.write((stream.head() if framed else "") + text if first else stream.separator + text)
        first = False
    if first and framed:
        out.write(stream.empty or stream.head())  # no company: the empty document (json) or the head alone
    elif framed:
        out.write(stream.tail)


def _warn(env: Environment) -> Callable[[str], None]:
    """A writer's warning, as one line on stderr."""
    return lambda line: print(f"zjtx: warning: {line}", file=env.err)


def check_xlsx(
    reports: Iterator[tuple[str, Any]], out: IO[bytes], *, single: bool, failures: list, env: Environment
) -> None:
    from zjtx.render import deliver

    deliver.check("xlsx", reports, out, single=single, failures=failures, prepared_by=env.preparer, warn=_warn(env))


def check_html(
    reports: Iterator[tuple[str, Any]], out: IO[str], *, single: bool, failures: list, env: Environment
) -> None:
    from zjtx.render import deliver

    deliver.check("html", reports, out, single=single, failures=failures, prepared_by=env.preparer)


def check_ics(
    reports: Iterator[tuple[str, Any]], out: IO[str], *, single: bool, failures: list, env: Environment
) -> None:
    from zjtx.awards.calendar import check_events
    from zjtx.render.ics import write_calendar

    days: list[dt.date] = []
    names: list[str] = []

    def events() -> Iterator[Any]:
        for shown, report in reports:
            days.append(report.as_of)
            names.append(report.company.name)
            yield from check_events(report, shown)

    found = list(events())  # a calendar is small: a few events per company
    write_calendar(found, out, prepared_by=env.preparer, fallback=days[0] if days else None, companies=names)


# ---------------------------------------------------------------------------------------------- compare


def compare_table(company: Any, reports: list, out: IO[str], env: Environment) -> None:
    from zjtx.awards.report import compare_dict
    from zjtx.render import table

    table.compare_table(compare_dict(company, reports), env_for(env, out), exact=env.exact)


def compare_json(company: Any, reports: list, out: IO[str], env: Environment) -> None:
    from zjtx.awards.report import compare_dict, dumps

    out.write(dumps(compare_dict(company, reports)) + "\n")


def compare_html(company: Any, reports: list, out: IO[str], env: Environment) -> None:
    from zjtx.render import deliver

    deliver.compare("html", company, reports, out, prepared_by=env.preparer)


# ------------------------------------------------------------------------------------------------- plan


def plan_table(
    company: Any, cities: list, options: list, as_of: dt.date, documents: tuple, out: IO[str], env: Environment
) -> None:
    from zjtx.render.plantable import plan_table as render

    render(company, cities, options, as_of, documents, env_for(env, out), exact=env.exact)


def plan_json(
    company: Any, cities: list, options: list, as_of: dt.date, documents: tuple, out: IO[str], env: Environment
) -> None:
    from zjtx.awards.report import dumps, plan_dict

    out.write(dumps(plan_dict(company, cities, options, as_of, documents)) + "\n")


def plan_jsonl(
    company: Any, cities: list, options: list, as_of: dt.date, documents: tuple, out: IO[str], env: Environment
) -> None:
    from zjtx.awards.report import dumps, option_dict

    for o in options:
        out.write(dumps(option_dict(o), pretty=False) + "\n")


def plan_xlsx(
    company: Any, cities: list, options: list, as_of: dt.date, documents: tuple, out: IO[bytes], env: Environment
) -> None:
    from zjtx.render import deliver

    deliver.plan(company, cities, options, as_of, documents, out, prepared_by=env.preparer, warn=_warn(env))


def plan_ics(
    company: Any, cities: list, options: list, as_of: dt.date, documents: tuple, out: IO[str], env: Environment
) -> None:
    from zjtx.awards.calendar import plan_events
    from zjtx.render.ics import write_calendar

    events = plan_events(company, cities, options, as_of, documents)
    write_calendar(events, out, prepared_by=env.preparer, fallback=as_of, companies=[company.name])


# ---------------------------------------------------------------------------- policies, cities, titles


def policies_table(rows: list, as_of: dt.date, env: Environment) -> None:
    from zjtx.render import catalogtable

    catalogtable.policies_table(rows, env, as_of)


def policies_json(rows: list, as_of: dt.date, env: Environment) -> None:
    from zjtx.awards.catalogjson import measure_dict
    from zjtx.awards.report import dumps

    env.out.write(dumps([measure_dict(d, m, as_of) for d, m in rows]) + "\n")


def policies_jsonl(rows: list, as_of: dt.date, env: Environment) -> None:
    from zjtx.awards.catalogjson import measure_dict
    from zjtx.awards.report import dumps

    for d, m in rows:
        env.out.write(dumps(measure_dict(d, m, as_of), pretty=False) + "\n")


def cities_table(doc: dict, as_of: dt.date, env: Environment) -> None:
    from zjtx.render import catalogtable

    catalogtable.cities_table(doc["cities"], env, as_of)


def cities_json(doc: dict, as_of: dt.date, env: Environment) -> None:
    from zjtx.awards.report import dumps

    env.out.write(dumps(doc) + "\n")


def titles_table(doc: dict, as_of: dt.date, env: Environment) -> None:
    from zjtx.render import catalogtable

    catalogtable.titles_table(doc, env)


titles_json = cities_json
