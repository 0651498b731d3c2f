"""``zjtx check`` (one company or a batch, every format) and ``zjtx compare``, free of typer: the typer
commands (zjtx/cli/check.py, compare.py) and the fast path (zjtx/cli/fast.py) call these."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any, Protocol, TypeVar

from zjtx.cli.run.exits import Exit, fail
from zjtx.cli.run.setup import is_binary, out_path, read_as, reading_notes, setup, usage_problems
from zjtx.errors import ExitCode, InputError, Problem
from zjtx.io.env import Environment
from zjtx.io.textsafe import filename, visible

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from zjtx.awards.engine import Report
    from zjtx.company.batch import Batch, Seen, Source
    from zjtx.company.model import Company
    from zjtx.policy.model import Document
    from zjtx.render.writers import Encode

    class _Load(Protocol):
        """``load_company`` as a command uses it: a file (and the identities of the files read so far) ->
        (the name shown, the company, with the what-if events of --add / --add-project)."""

        def __call__(self, name: str | Source, seen: Seen | None = None, /) -> tuple[str, Company]: ...

    #: The files that were invalid, each with its problems (for the batch outputs): (file shown, [problem]).
    Failures = list[tuple[str, list[str]]]


T = TypeVar("T")


def _some(names: list[str]) -> str:
    """``"3 subfolders: a, b, c"`` — at most five names, then how many more."""
    more = f" and {len(names) - 5} more" if len(names) > 5 else ""
    return f"{len(names)} subfolder(s): {visible(', '.join(names[:5]))}{more}"


def _loader(
    env: Environment, add: list[str] | None, add_project: list[str] | None, zones: dict[str, tuple] | None = None
) -> _Load:
    """load_company, with the what-if events of --add / --add-project appended (checked first: exit 2).
    ``zones``: the zones the documents declare, by city (a company's district may be one)."""
    from zjtx.company.file import load_company

    if not add and not add_project:
        return lambda name, seen=None: load_company(name, env.inp, zones, seen)
    from zjtx.awards import whatif
    from zjtx.places import registry

    add, add_project = add or [], add_project or []
    any_city = registry().known_city("370700")  # any city: the events do not depend on it
    usage_problems(env, whatif.validate, add, add_project, any_city)

    def load(name: str | Source, seen: Seen | None = None) -> tuple[str, Company]:
        shown, company = load_company(name, env.inp, zones, seen)
        return shown, whatif.add_events(company, add, add_project, shown)

    return load


def check(
    env: Environment,
    files: list[str],
    fmt: str | None = None,
    as_json: bool = False,
    output: str | None = None,
    no_bom: bool = False,
    data: list[Path] | None = None,
    as_of: str | None = None,
    explain: bool = False,
    recursive: bool = False,
    jobs: int = 1,
    add: list[str] | None = None,
    add_project: list[str] | None = None,
    reading: list[str] | None = None,
) -> None:
    """``zjtx check``: every award each company qualifies for, in the chosen format."""
    chosen, day, catalog = setup(env, data, as_of, fmt, as_json, "check", out_path(output))
    load_company = _loader(env, add, add_project, catalog.zones)
    documents = read_as(catalog.documents, reading)
    from zjtx.company.file import Duplicate, expand

    batch = expand(files, recursive)  # walked lazily: memory stays flat in the number of files
    single = len(files) == 1 and (files[0] == "-" or not os.path.isdir(files[0]))  # one document, not a batch
    if batch.skipped:
        env.err.write(
            f"zjtx: note: {_some(batch.skipped)} skipped; -r/--recursive reads the *.toml files in subfolders\n"
        )
    if batch.links:
        env.err.write(f"zjtx: note: {_some(batch.links)} not followed (symbolic links to folders)\n")
    if not batch.count and not batch.problems:
        raise InputError([Problem(", ".join(map(filename, files)), "", "no company files (*.toml) found")])
    from zjtx.awards.engine import evaluate

    failures: Failures = []
    duplicates: list[Source] = []
    for p in batch.problems:  # folders that could not be listed
        fail(env, [p])
        failures.append((p.file, [str(p)]))
    cities: set[str] = set()  # the cities of the companies computed (for --reading of another city)
    workers = 1  # worker processes (-j N, a streamed batch)
    if single:
        shown, company = load_company(next(iter(batch)))  # invalid input: nothing reaches stdout
        reading_notes(env, catalog.documents, reading, {company.city.code}, f"the company is in {company.city.name}")
        reports: Iterator[tuple[str, Report | _Encoded]] = iter([(shown, evaluate(company, documents, as_of=day))])
    else:
        import gc

        gc.freeze()  # the catalog lives for the whole batch: keep it out of every collection
        # a company's objects are trees, freed by their counts: collect for cycles far less often than every 700
        # allocations (about a tenth of a batch's time), still often enough that memory stays flat
        gc.set_threshold(50_000, 20, 20)
        seen = batch.seen()

        def generate() -> Iterator[tuple[str, Report]]:
            for source in batch:
                try:
                    shown, company = load_company(source, seen)
                except Duplicate as d:
                    duplicates.append(source)
                    env.err.write(
                        f"zjtx: note: {visible(filename(source.path))} is the same file as {visible(d.first)}; computed once\n"
                    )
                    continue
                except InputError as e:
                    fail(env, e.problems)
                    failures.append((filename(source.path), [str(p) for p in e.problems]))
                    continue
                cities.add(company.city.code)
                yield shown, evaluate(company, documents, as_of=day)

        reports = generate()
        workers = _workers(env, jobs) if _streamed(chosen) else 1
        if workers > 1:
            from zjtx.render.writers import check_stream

            reports = _parallel(
                batch,
                load_company,
                documents,
                day,
                check_stream(chosen).encoder(_destination(env, output), explain, False),
                workers,
                env,
                failures,
                duplicates,
                cities,
            )
    from zjtx.io.outfile import Output
    from zjtx.render.formats import FORMATS

    computed = [0]

    def counted(reports: Iterator[T]) -> Iterator[T]:
        for item in reports:
            computed[0] += 1
            yield item

    dest = Output(
        output,
        env.out,
        inputs=_inputs(batch, catalog.files) if output not in (None, "-") else (),
        bom=(FORMATS[chosen].bom and not no_bom),
        binary=is_binary(chosen),
    )
    if workers > 1:
        from zjtx.cli.jobs import WorkerLost
    else:  # nothing to lose: -j 1 imports no worker machinery
        WorkerLost = ()  # type: ignore[assignment, misc]  # an empty tuple: an except clause that catches nothing
    try:
        with dest as out:
            _emit(chosen, counted(reports), out, _destination(env, output), single, explain, failures)
            if not computed[0]:
                dest.discard()
    except WorkerLost as lost:
        kept = "an existing file is left as it was" if dest.regular else "the output stops there"
        env.err.write(
            f"zjtx: error: a worker process (-j) {lost.how}, perhaps for lack of memory: "
            f"{visible(filename(lost.first.path))} and the files after it were not computed; "
            f"{visible(filename(output)) + ' not written, ' if dest.regular else ''}{kept}\n"
        )
        raise Exit(ExitCode.INTERNAL) from None
    if not single:
        reading_notes(env, catalog.documents, reading, cities, "no company of the batch is in that city")
    if dest.kept:
        env.err.write(
            f"zjtx: {visible(filename(output))} not written: no company was computed (an existing file is left as it was)\n"
        )
    if failures:
        env.err.write(
            f"zjtx: {len(failures)} of {batch.yielded + len(batch.problems) - len(duplicates)} files invalid; the others were computed\n"
        )
        raise Exit(ExitCode.INVALID_INPUT)


def _inputs(batch: Batch, policies: Iterable[str]) -> Iterator[str]:
    """What ``-o`` must never be: every input file (the batch walked again, lazily) and the policy documents read."""
    yield from (s.path for s in batch)
    yield from policies


def _destination(env: Environment, output: str | None) -> Environment:
    """The environment the output is written for: a terminal when the destination is one — standard
    output, or the file -o names (``-o /dev/tty``, ``-o /dev/stdout`` on a terminal) — and not when -o
    names a file, even from a terminal (a CSV escapes control characters on a terminal only)."""
    if output in (None, "-"):
        return env
    from zjtx.io.outfile import is_terminal

    tty = is_terminal(output)
    return env if tty is None or tty == env.isatty else Environment(**{**env.__dict__, "stdout_isatty": tty})


# ------------------------------------------------------------------------------ batches, -j N
def _workers(env: Environment, jobs: int) -> int:
    """The worker processes for ``-j N``: N, at most the cores this process may use (0: all of them);
    a larger N is capped, with a note (a worker per file would only add memory and time)."""
    from zjtx.cli.jobs import cores

    most = cores()
    if jobs > most:
        env.err.write(f"zjtx: note: -j {jobs} capped at {most}, the cores this process may use\n")
    return min(jobs, most) if jobs else most


def _streamed(fmt: str) -> bool:
    """Written company by company (json, jsonl, csv, table): each company's text is encoded on its own (by a
    worker process with -j N), and the parent writes the texts in input order between a head and a tail."""
    from zjtx.render.formats import FORMATS

    return FORMATS[fmt].streamed


class _Encoded(str):
    """A company's text, already encoded by a worker process."""


def _parallel(
    batch: Batch,
    load_company: _Load,
    documents: tuple[Document, ...],
    day: dt.date,
    encode: Encode,
    jobs: int,
    env: Environment,
    failures: Failures,
    duplicates: list[Source],
    cities: set[str],
) -> Iterator[tuple[str, _Encoded]]:
    """(shown, text) of each valid file, in input order, computed and encoded by ``jobs`` worker processes.
    Each worker reports the identity (device, inode) of what it read, and the parent, in input order, drops
    a file read before and reports problems — so stdout and stderr are those of one process."""
    from zjtx.awards.engine import evaluate
    from zjtx.cli.jobs import ordered
    from zjtx.company.batch import Duplicate, Identity, Noted
    from zjtx.company.file import STDIN_NAME

    def task(source: Source) -> tuple[Source, tuple[Identity, int] | None, tuple[str, _Encoded, str] | list[Problem]]:
        """(source, its identity and count of links once opened, (shown, text, the company's city code) or
        its problems)."""
        noted = Noted()
        try:
            shown, company = load_company(source, noted)
        except InputError as e:
            return source, noted.noted, e.problems
        text = _Encoded(encode(shown, evaluate(company, documents, as_of=day)))
        return source, noted.noted, (shown, text, company.city.code)

    seen = batch.seen()
    for source, opened, outcome in ordered(
        task, batch, jobs, here=lambda source: source.path == "-", total=batch.count
    ):
        if opened is not None:
            try:
                seen.meet(*opened, STDIN_NAME if source.path == "-" else filename(source.path))
            except Duplicate as d:
                duplicates.append(source)
                env.err.write(
                    f"zjtx: note: {visible(filename(source.path))} is the same file as {visible(d.first)}; computed once\n"
                )
                continue
        if isinstance(outcome, list):  # its problems
            fail(env, outcome)
            failures.append((filename(source.path), [str(p) for p in outcome]))
            continue
        shown, text, code = outcome
        cities.add(code)
        yield shown, text


def _emit(
    chosen: str,
    reports: Iterator[tuple[str, Report | _Encoded]],
    out: IO[Any],
    env: Environment,
    single: bool,
    explain: bool,
    failures: Failures,
) -> None:
    """The reports in ``chosen``, by the writer the registry names for it."""
    from zjtx.render.writers import check_stream, write_stream, writer

    if not _streamed(chosen):
        writer("check", chosen)(reports, out, single=single, failures=failures, env=env)
        return
    stream = check_stream(chosen)
    encode = stream.encoder(env, explain, single)
    texts = (report if isinstance(report, _Encoded) else encode(shown, report) for shown, report in reports)
    write_stream(stream, texts, out, single=single)


def compare(
    env: Environment,
    file: str,
    fmt: str | None = None,
    as_json: bool = False,
    output: str | None = None,
    data: list[Path] | None = None,
    as_of: str | None = None,
    add: list[str] | None = None,
    add_project: list[str] | None = None,
    reading: list[str] | None = None,
) -> None:
    """``zjtx compare``: the same company as if located in each city that has documents (and its own)."""
    chosen, day, catalog = setup(env, data, as_of, fmt, as_json, "compare", out_path(output))
    load_company = _loader(env, add, add_project, catalog.zones)
    documents = read_as(catalog.documents, reading)
    from zjtx.awards.engine import evaluate
    from zjtx.places import cities_with_documents

    _shown, company = load_company(file)
    # a central document pays alike in every city: it is in each city's report, never a reason to list them all
    places = cities_with_documents([d.city for d in catalog.documents if d.scope != "central"] + [company.city.code])
    reports = [evaluate(company, documents, city=c, as_of=day) for c in places]
    from zjtx.io.outfile import Output
    from zjtx.render.writers import writer

    with Output(output, env.out, inputs=[file, *catalog.files]) as out:
        writer("compare", chosen)(company, reports, out, env)
