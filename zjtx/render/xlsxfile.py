"""The workbook as a file (every deliverable workbook: :class:`zjtx.render.sheets.Book`): XlsxWriter opened
write-only and formula-free, with ZIP64 allowed (a sheet past 2 GiB is written, not refused at the very
end); sheets that continue a table put right after it; every cell whose text Excel cannot hold named, never
cut silently; and a failure while the zip is written is the plain error it is (a full disk, a closed pipe),
with no traceback printed later by the half-written zip file."""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Callable
from typing import IO, TYPE_CHECKING, Any

import xlsxwriter
import xlsxwriter.exceptions
import xlsxwriter.utility
import xlsxwriter.worksheet

from zjtx.io.textsafe import visible

if TYPE_CHECKING:
    from xlsxwriter.worksheet import Worksheet  # XlsxWriter ships no types: Any to mypy

#: Excel's characters (UTF-16 units) a cell holds; XlsxWriter cuts a longer text — never silently here.
CELL_LIMIT = 32_767


class _Worksheet(xlsxwriter.worksheet.Worksheet):
    """XlsxWriter's worksheet, noting each cell whose text it had to cut at Excel's limit."""

    def _write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> int:
        result: int = super()._write_string(row, col, string, cell_format)
        if result == -2:
            units = len(string.encode("utf-16-le")) // 2  # as Excel counts (and the limit): 𠀀 is two
            self.cut = [*getattr(self, "cut", []), (xlsxwriter.utility.xl_rowcol_to_cell(row, col), units)]
        return result


def open_workbook(out: IO[bytes], streamed: bool = True) -> Any:
    """An XlsxWriter workbook that never turns text into a formula, a link or a number. ``streamed`` (a
    batch): its rows are written out as they come (constant memory, whatever the number of companies); else
    (one company) it is built in memory, without a temporary file per sheet."""
    memory = {"constant_memory": True} if streamed else {"in_memory": True}
    wb = xlsxwriter.Workbook(
        out, {**memory, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    wb.worksheet_class = _Worksheet
    # ZIP64 only changes the bytes of a file past 2 GiB (zipfile adds its records when a member needs them):
    # without it such a workbook fails at the very end, after all the work.
    wb.use_zip64()
    return wb


def finish(wb: Any, after: dict[str, list[Worksheet]], warn: Callable[[str], None] | None) -> None:
    """Put each continued sheet's continuations (``after``: by the sheet's name) right after it, write the
    file, then tell ``warn`` of every cell that was cut."""
    if after:
        later = {id(ws) for more in after.values() for ws in more}
        ordered = []
        for ws in wb.worksheets_objs:
            if id(ws) not in later:
                ordered += [ws, *after.get(ws.name, [])]
        for index, ws in enumerate(ordered):  # XlsxWriter names print areas and filters by index
            ws.index = index
        wb.worksheets_objs[:] = ordered
    try:
        wb.close()
    except xlsxwriter.exceptions.FileCreateError as e:  # a full disk, a closed pipe: the OSError it wraps
        _close_zips(e)
        raise (e.args[0] if e.args and isinstance(e.args[0], OSError) else OSError(str(e))) from None
    except Exception as e:
        _close_zips(e)
        raise
    for ws in wb.worksheets_objs:
        for cell, length in getattr(ws, "cut", []):
            if warn is not None:
                warn(
                    f"{visible(ws.name)}!{cell}: a text of {length:,} characters (UTF-16 units, as Excel counts), more "
                    f"than the {CELL_LIMIT:,} an Excel cell holds: cut to {CELL_LIMIT:,} (the full text is in -f json)"
                )


def _close_zips(error: BaseException) -> None:
    """Close the zip file XlsxWriter left open when ``error`` stopped it: else Python closes it when it is
    collected, fails again (the disk is still full, the stream gone) and prints that failure's traceback."""
    seen: BaseException | None = error
    while seen is not None:  # the error, and the one it was raised in (FileCreateError wraps an OSError)
        tb = seen.__traceback__
        while tb is not None:
            for value in list(tb.tb_frame.f_locals.values()):
                if isinstance(value, zipfile.ZipFile):
                    with contextlib.suppress(Exception):
                        value.close()
            tb = tb.tb_next
        seen = seen.__context__
