"""The terminal environment a command runs in (httpie-style): streams, whether stdout is a terminal,
colour, width, today's date. Injected through typer's ``obj`` so terminal behaviour can be tested."""

from __future__ import annotations

import datetime as dt
import os
import sys
from typing import BinaryIO, TextIO

from zjtx.record import Record, factory, record


@record(eq=False, frozen=False)
class Environment(Record):
    stdin: BinaryIO | None = None
    stdout: TextIO | None = None
    stderr: TextIO | None = None
    stdout_isatty: bool | None = None
    width: int | None = None  # None: the terminal's, or 100 when not a terminal
    environ: dict = factory(default_factory=lambda: dict(os.environ))
    today: dt.date | None = None
    color_mode: str | None = None  # --color: "auto" (None), "always" or "never"

    @property
    def out(self) -> TextIO:
        return self.stdout or sys.stdout

    @property
    def err(self) -> TextIO:
        return self.stderr or sys.stderr

    @property
    def inp(self) -> BinaryIO:
        return self.stdin or sys.stdin.buffer

    @property
    def isatty(self) -> bool:
        if self.stdout_isatty is not None:
            return self.stdout_isatty
        try:
            return self.out.isatty()
        except (AttributeError, ValueError):
            return False

    @property
    def color(self) -> bool:
        """``--color always|never`` wins; then FORCE_COLOR (https://force-color.org) acts as ``always``; then
        auto: colour only on a terminal, never with NO_COLOR set (https://no-color.org) or TERM=dumb."""
        if self.color_mode in ("always", "never"):
            return self.color_mode == "always"
        if self.environ.get("FORCE_COLOR"):
            return True
        return self.isatty and not self.environ.get("NO_COLOR") and self.environ.get("TERM") != "dumb"

    @property
    def date(self) -> dt.date:
        return self.today or dt.date.today()

    @property
    def debug(self) -> bool:
        return bool(self.environ.get("ZJTX_DEBUG"))
