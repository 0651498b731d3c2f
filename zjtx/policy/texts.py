"""The texts beside the policy data: the shipped text a document quotes (``source:``; every quote must
occur in it) and the text of a document ``zjtx data draft`` reads. Not on the cached start-up path."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from zjtx.errors import Problem
from zjtx.policy.files import MAX_BYTES, read_source
from zjtx.policy.model import Document


def read_text(name: str, stdin: BinaryIO | None) -> tuple[str, bytes]:
    """The bytes of a document's text for ``zjtx data draft`` (``-``: standard input) and the name to show;
    :class:`~zjtx.errors.InputError` when it cannot be read (a FIFO is never waited on; at most 1 MiB)."""
    from zjtx.errors import InputError
    from zjtx.io.textsafe import filename

    if name == "-":
        if stdin is None:
            raise InputError([Problem("<stdin>", "", "standard input is closed; nothing to read")])
        try:
            data = stdin.read(MAX_BYTES + 1)
        except OSError as e:
            raise InputError([Problem("<stdin>", "", f"cannot read standard input: {e.strerror or e}")]) from None
        if len(data) > MAX_BYTES:
            raise InputError([Problem("<stdin>", "", f"larger than the {MAX_BYTES // 1024} KiB limit")])
        return "<stdin>", data
    shown = filename(name)
    if os.path.isdir(name):
        raise InputError([Problem(shown, "", "is a directory; expected the text of a document (.txt)")])
    if not os.path.lexists(name):
        raise InputError([Problem(shown, "", "no such file")])
    source = read_source(Path(name), shown, "the text of a document (.txt)")
    if isinstance(source, Problem):
        raise InputError([source])
    return shown, source.data


def source_text(doc: Document) -> tuple[str | None, Problem | None]:
    """The text of ``doc``'s ``source`` (a plain ``*.txt`` file name beside its YAML file — never a path
    elsewhere), or why it cannot be read; ``(None, None)`` when the document names none."""
    import re as _re

    if not doc.source:
        return None, None
    shown = f"{doc.file}: {doc.id}: source"
    if not _re.fullmatch(r"[\w.\-]{1,100}\.txt", doc.source) or doc.source.startswith("."):
        return None, Problem(
            shown, "", f"expected the name of a .txt file beside the policy file (no directories), got {doc.source!r}"
        )
    path = Path(doc.file).parent / doc.source
    data = read_source(path, str(path))
    if isinstance(data, Problem):
        return None, Problem(shown, "", data.message)
    try:
        if data.data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark
            return data.data.decode("utf-16"), None
        return data.data.decode("utf-8-sig"), None
    except UnicodeDecodeError as e:
        try:  # a text saved as GB18030/GBK, as `zjtx data draft` reads it too
            return data.data.decode("gb18030"), None
        except UnicodeDecodeError:
            return None, Problem(
                str(path), "", f"neither UTF-8 nor GB18030 (invalid byte at {e.start}); save the text as UTF-8"
            )


def quote_problems(documents: Iterable[Document]) -> list[Problem]:
    """Every quote that does not occur in its document's shipped text (see ``zjtx.policy.sourcetext``)."""
    from zjtx.policy import sourcetext

    problems = []
    for doc in documents:
        text, problem = source_text(doc)
        if problem is not None:
            problems.append(problem)
        if text is None:
            continue
        for m in doc.measures:
            if sourcetext.find(m.quote, text) is None:
                problems.append(
                    Problem(
                        doc.file,
                        f"{m.id}: quote",
                        f"does not occur in {doc.source} (after normalising "
                        "full-width/ASCII punctuation and whitespace, split on ……); copy it from the text",
                    )
                )
    return problems
