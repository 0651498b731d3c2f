"""The deliverable formats (xlsx, html) behind one call, so the CLI only wires. xlsxwriter is imported
only when a workbook is written: the JSON path never pays for it."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from typing import IO, TYPE_CHECKING, Any, Literal, overload

from zjtx.awards.engine import Report

if TYPE_CHECKING:
    from zjtx.awards.plan import Option
    from zjtx.company.model import Company
    from zjtx.places import City
    from zjtx.policy.model import Document


def _workbook(out: IO[bytes], build: Callable[[IO[bytes]], None]) -> None:
    """XlsxWriter writes a zip: it wants a seekable file. A pipe gets the finished bytes at the end."""
    seekable = False
    try:
        seekable = out.seekable()
    except (AttributeError, ValueError, OSError):
        pass
    if seekable:
        build(out)
        return
    buffer = io.BytesIO()
    build(buffer)
    out.write(buffer.getvalue())
    out.flush()


@overload
def check(
    fmt: Literal["html"],
    reports: Iterable[tuple[str, Report]],
    out: IO[str],
    *,
    single: bool,
    failures: list[tuple[str, list[str]]],
    prepared_by: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> None: ...
@overload
def check(
    fmt: Literal["xlsx"],
    reports: Iterable[tuple[str, Report]],
    out: IO[bytes],
    *,
    single: bool,
    failures: list[tuple[str, list[str]]],
    prepared_by: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> None: ...
def check(
    fmt: str,
    reports: Iterable[tuple[str, Report]],
    out: IO[Any],
    *,
    single: bool,
    failures: list[tuple[str, list[str]]],
    prepared_by: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> None:
    """``zjtx check -f xlsx|html``: one company, or a batch (``failures``: (file, problems) of invalid files,
    filled while ``reports`` is consumed); ``warn``: a line for each cell Excel cannot hold whole."""
    if fmt == "html":
        from zjtx.render.html import check_page

        for chunk in check_page(reports, single=single, failures=failures, prepared_by=prepared_by):
            out.write(chunk)
        return

    def build(target: IO[bytes]) -> None:
        from zjtx.render.xlsx import Workbook

        book = Workbook(target, batch=not single, prepared_by=prepared_by, warn=warn)
        for shown, report in reports:
            book.add(shown, report)
        book.close(failures)

    _workbook(out, build)


def compare(fmt: str, company: Company, reports: list[Report], out: IO[str], prepared_by: str | None = None) -> None:
    from zjtx.render.html import compare_page

    out.write(compare_page(company, reports, prepared_by=prepared_by))


def plan(
    company: Company,
    cities: list[City],
    options: list[Option],
    as_of: dt.date,
    documents: tuple[Document, ...],
    out: IO[bytes],
    prepared_by: str | None = None,
    warn: Callable[[str], None] | None = None,
) -> None:
    """``zjtx plan -o plan.xlsx``."""
    from zjtx.render.planbook import plan_workbook

    _workbook(
        out,
        lambda target: plan_workbook(
            target, company, cities, options, as_of, documents, prepared_by=prepared_by, warn=warn
        ),
    )
