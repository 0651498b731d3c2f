"""Validating policy files once read: the bundled vocabulary first, then every document's declarations
(``titles:`` / ``projects:``), installed as the vocabulary in effect, then the documents against it, and the
ids across all of them. Pure but for that installation: bytes in (``zjtx.policy.files`` reads them), documents
and problems (``file:line: entry: field: what is wrong``) out."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from zjtx.errors import Problem
from zjtx.lexicon import VOCABULARY_FILE, Lexicon, ProjectType, Title, install
from zjtx.places import bundled_data_dir
from zjtx.policy.model import Document
from zjtx.record import Record, record

if TYPE_CHECKING:
    from zjtx.policy.declare import Known
    from zjtx.policy.fields import LineOf

#: Problems are put on their line only for as many as are printed (``zjtx.cli.common._fail`` shows 50).
LOCATED = 50


@record
class Source(Record):
    """One policy file as read: the bytes validated are the bytes hashed for the cache key."""

    path: Path
    shown: str
    data: bytes


def _load(source: Source) -> tuple[object, LineOf] | Problem:
    """The plain values of one policy file and where each was written, or the problem (``file:line``)."""
    from zjtx.policy import safeyaml

    shown = source.shown
    try:
        text = source.data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = source.data[: e.start].count(b"\n") + 1
        return Problem(
            f"{shown}:{line}", "", f"not UTF-8 (invalid byte 0x{source.data[e.start]:02x}); save the file as UTF-8"
        )
    try:
        data, lines = safeyaml.load(text)
    except safeyaml.LoadError as e:
        return Problem(f"{shown}:{e.line}", "", e.message)
    except Exception as e:  # yaml.YAMLError: keep its line/column, drop the traceback
        mark = getattr(e, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark is not None else shown
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        return Problem(where, "", f"YAML syntax error: {what}" + (f" (column {mark.column + 1})" if mark else ""))
    return data, lines.line


def parse_source(source: Source, vocabulary: Source | Problem) -> tuple[Document | None, list[Problem]]:
    """Parse and validate one policy file on its own (its declarations added to the vocabulary in effect);
    problems carry ``file:line``."""
    if isinstance(vocabulary, Problem):
        return None, [vocabulary]
    documents, problems, _lexicon = check_documents(vocabulary, [source])
    return (documents[0] if documents else None), problems


def check_documents(
    vocabulary: Source | None, sources: list[Source]
) -> tuple[list[Document], list[Problem], Lexicon | None]:
    """Validate each file, and the ids across all of them: first the vocabulary (the bundled file, then every
    document's ``titles:`` / ``projects:``), installed as the one in effect, then the documents against it."""
    from zjtx.policy import declare  # neither is on the cached path (files imports this module)
    from zjtx.policy.check import parse_document

    bundled = vocabulary
    if bundled is None:
        where = str(bundled_data_dir() / VOCABULARY_FILE)
        return [], [Problem(where, "", "the vocabulary of titles and project types is missing")], None
    loaded = _load(bundled)
    if isinstance(loaded, Problem):
        return [], [loaded], None
    base, owners, problems = declare.vocabulary(loaded[0], bundled.shown, loaded[1])
    if base is None:
        return [], problems, None
    parsed: list[tuple[Source, object, LineOf]] = []
    known: Known = {}
    titles: list[Title] = []
    projects: list[tuple[ProjectType, dict[str, str]]] = []
    for source in sources:
        found = _load(source)
        if isinstance(found, Problem):
            problems.append(found)
            continue
        parsed.append((source, *found))
        new_titles, new_projects, wrong = declare.declared(found[0], source.shown, found[1], owners, known)
        titles += new_titles
        projects += new_projects
        problems += wrong
    lexicon = base.extended(titles, projects)
    install(lexicon)
    documents: list[Document] = []
    doc_files: dict[str, str] = {}
    measure_files: dict[str, tuple[str, str]] = {}
    for source, data, line_of in parsed:
        shown = source.shown
        doc, wrong = parse_document(data, shown, line_of, LOCATED, declarations=False)
        problems += wrong
        if doc is None:
            continue
        if doc.id in doc_files:
            problems.append(Problem(shown, f"{doc.id}: id", f"document id clashes with the one in {doc_files[doc.id]}"))
            continue
        clash = False
        for m in doc.measures:
            if m.id in measure_files and measure_files[m.id][0] != doc.id:
                problems.append(
                    Problem(shown, f"{m.id}: id", f"measure id clashes with the one in {measure_files[m.id][1]}")
                )
                clash = True
            measure_files.setdefault(m.id, (doc.id, shown))
        if clash:
            continue
        doc_files[doc.id] = shown
        documents.append(doc)
    from zjtx.policy.overlap import cross_check
    from zjtx.policy.stacking import cycles, unknown_ids

    lines = {d.id: (data, line_of) for (_s, data, line_of), d in _by_document(parsed, documents)}
    return (
        documents,
        problems + cross_check(documents) + unknown_ids(documents, lines) + cycles(documents, lines),
        lexicon,
    )


def _by_document(
    parsed: list[tuple[Source, object, LineOf]], documents: list[Document]
) -> list[tuple[tuple[Source, object, LineOf], Document]]:
    """Each document with the values it was read from (by file)."""
    by_file = {d.file: d for d in documents}
    return [(p, by_file[p[0].shown]) for p in parsed if p[0].shown in by_file]
