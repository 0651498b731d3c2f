"""The deliverable formats (xlsx, html) behind one call, so the CLI only wires. xlsxwriter is imported
only when a workbook is written: the JSON path never pays for it."""

from __future__ import annotations

import io
from collections.abc import Iterable

from zjtx.awards.engine import Report


def _workbook(out, build) -> None:
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


def check(
    fmt: str,
    reports: Iterable[tuple[str, Report]],
    out,
    *,
    single: bool,
    failures: list,
    prepared_by: str | None = None,
) -> None:
    """``zjtx check -f xlsx|html``: one company, or a batch (``failures``: (file, problems) of invalid files,
    filled while ``reports`` is consumed)."""
    if fmt == "html":
        from zjtx.render.html import check_page

        for chunk in check_page(reports, single=single, failures=failures, prepared_by=prepared_by):
            out.write(chunk)
        return

    def build(target) -> None:
        from zjtx.render.xlsx import Workbook

        book = Workbook(target, batch=not single, prepared_by=prepared_by)
        for shown, report in reports:
            book.add(shown, report)
        book.close(failures)

    _workbook(out, build)


def compare(fmt: str, company, reports: list[Report], out, prepared_by: str | None = None) -> None:
    from zjtx.render.html import compare_page

    out.write(compare_page(company, reports, prepared_by=prepared_by))


def plan(company, cities, options, as_of, documents, out, prepared_by: str | None = None) -> None:
    """``zjtx plan -o plan.xlsx``."""
    from zjtx.render.planbook import plan_workbook

    _workbook(
        out, lambda target: plan_workbook(target, company, cities, options, as_of, documents, prepared_by=prepared_by)
    )
