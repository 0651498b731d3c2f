"""Exit codes and the errors that carry a user-facing message (never a traceback)."""

from __future__ import annotations

import enum

from zjtx.record import Record, record


class ExitCode(enum.IntEnum):
    OK = 0  #: computed (also: a Suzhou company with nothing quantified)
    INVALID_INPUT = 1  #: a company file or policy data is invalid; the message says where
    USAGE = 2  #: command-line usage error
    INTERNAL = 3  #: a bug in zjtx: `zjtx: internal error: …`; ZJTX_DEBUG=1 shows the traceback
    INTERRUPTED = 130  #: Ctrl-C


@record
class Problem(Record):
    """One thing wrong with an input: ``file: path: message``."""

    file: str
    path: str  # e.g. "recognitions[2].level", or "" for the file as a whole
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.path}: {self.message}" if self.path else f"{self.file}: {self.message}"


class InputError(Exception):
    """The input is invalid (exit 1). ``problems`` holds every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


class DataError(InputError):
    """The policy data is invalid (bundled or a user's ``--data`` directory)."""
