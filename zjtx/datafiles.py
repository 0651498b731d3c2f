"""Finding, reading and validating policy data (I/O lives here, not in the engine).

Where documents come from, in order:
1. the bundled data: ``zjtx/data`` inside an installed wheel, else the checkout's top-level ``data/``
   (editable installs and plain checkouts read the live files);
2. every directory named by ``--data`` or by ``ZJTX_DATA`` (several, separated by ``os.pathsep``).
Every file is validated exactly like the bundled ones before anything is computed; an id that clashes
with another document's is an error naming both files.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from zjtx.errors import DataError, Problem
from zjtx.policy import Document
from zjtx.policycheck import parse_document

ENV_VAR = "ZJTX_DATA"


def bundled_data_dir() -> Path:
    """``zjtx/data`` in an installed wheel, else the checkout's ``data/`` next to the package."""
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


def read_registry(name: str) -> tuple[str, str]:
    """The text of a registry file (``data/registry/cities.tsv`` or ``divisions.tsv``) and its path;
    :class:`~zjtx.cities.RegistryError` when it cannot be read (a broken installation)."""
    path = bundled_data_dir() / "registry" / name
    try:
        return path.read_bytes().decode("utf-8"), str(path)
    except (OSError, UnicodeDecodeError) as e:
        from zjtx.cities import RegistryError

        why = e.strerror if isinstance(e, OSError) else "not UTF-8"
        raise RegistryError(f"{path}: cannot read the registry of cities ({why}); reinstall zjtx") from None


def user_data_dirs(options: list[str] | None, environ: dict | None = None) -> list[Path]:
    environ = os.environ if environ is None else environ
    dirs = [Path(d) for d in (options or [])]
    dirs += [Path(d) for d in environ.get(ENV_VAR, "").split(os.pathsep) if d.strip()]
    return dirs


@dataclass(frozen=True)
class Catalog:
    documents: tuple[Document, ...]

    def for_city(self, code: str) -> tuple[Document, ...]:
        return tuple(d for d in self.documents if d.city == code)

    def measure(self, measure_id: str):
        for d in self.documents:
            for m in d.measures:
                if m.id == measure_id:
                    return d, m
        return None

    @cached_property
    def zones(self) -> dict[str, tuple]:
        """The zones (园区) the documents declare, by city code (a company's district may name one)."""
        out: dict[str, dict] = {}
        for d in self.documents:
            for z in d.zones:
                out.setdefault(d.city, {}).setdefault(z.name, z)
        return {city: tuple(zs.values()) for city, zs in out.items()}

    @property
    def measure_count(self) -> int:
        return sum(len(d.measures) for d in self.documents)


def policy_files(directory: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        files += [Path(root) / n for n in names if n.endswith((".yaml", ".yml")) and not n.startswith(".")]
    return sorted(files)


def _yaml_load(text: str):
    import yaml  # imported here: only the data path needs it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # only ever safe-load
    return yaml.load(text, Loader=loader)


def _locate(text: str, entry: str, field: str) -> int | None:
    """The line of ``entry``'s ``field`` (or of the entry) in a YAML text, for messages."""
    lines = text.splitlines()
    start = None
    if entry not in ("document", "") and not entry.startswith("measures["):
        pat = re.compile(r"^\s*-?\s*id:\s*[\"']?" + re.escape(entry) + r"[\"']?\s*(#.*)?$")
        start = next((i for i, line in enumerate(lines) if pat.match(line)), None)
    if start is None:
        start = 0
    key = re.split(r"[.\[]", field, maxsplit=1)[0] if field else ""
    if key:
        keypat = re.compile(r"(^|[\s{,])" + re.escape(key) + r"\s*:")
        for i in range(start, len(lines)):
            if i > start and re.match(r"^\s*-\s*id:", lines[i]):
                break
            if keypat.search(lines[i]):
                return i + 1
    return start + 1 if entry not in ("document", "") else (1 if key else None)


def read_document(path: Path, shown: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and validate one policy file; problems carry ``file:line``."""
    shown = shown or str(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return None, [Problem(shown, "", f"not UTF-8 (byte {e.start}); save the file as UTF-8")]
    except OSError as e:
        return None, [Problem(shown, "", f"cannot read: {e.strerror}")]
    try:
        data = _yaml_load(text)
    except Exception as e:  # yaml.YAMLError: keep its line/column, drop the traceback
        mark = getattr(e, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark is not None else shown
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        return None, [Problem(where, "", f"YAML syntax error: {what}" + (f" (column {mark.column + 1})" if mark else ""))]
    doc, problems = parse_document(data, shown)
    located = []
    for p in problems:
        entry, _, field = p.path.partition(": ")
        line = _locate(text, entry, field)
        located.append(Problem(f"{shown}:{line}" if line else shown, p.path, p.message))
    return doc, located


def check_documents(sources: list[tuple[Path, str]]) -> tuple[list[Document], list[Problem]]:
    """Read ``(file, shown name)`` pairs; validate each and the ids across all of them."""
    documents: list[Document] = []
    problems: list[Problem] = []
    doc_files: dict[str, str] = {}
    measure_files: dict[str, tuple[str, str]] = {}
    for path, shown in sources:
        doc, found = read_document(path, shown)
        problems += found
        if doc is None:
            continue
        if doc.id in doc_files:
            problems.append(Problem(shown, f"{doc.id}: id", f"document id clashes with the one in {doc_files[doc.id]}"))
            continue
        clash = False
        for m in doc.measures:
            if m.id in measure_files and measure_files[m.id][0] != doc.id:
                problems.append(Problem(shown, f"{m.id}: id", f"measure id clashes with the one in {measure_files[m.id][1]}"))
                clash = True
            measure_files.setdefault(m.id, (doc.id, shown))
        if clash:
            continue
        doc_files[doc.id] = shown
        documents.append(doc)
    from zjtx.policycheck import cross_check

    return documents, problems + cross_check(documents)


def _sources(dirs: list[Path]) -> tuple[list[tuple[Path, str]], list[Problem]]:
    sources: list[tuple[Path, str]] = []
    problems: list[Problem] = []
    for d in dirs:
        if not d.exists():
            problems.append(Problem(str(d), "", "no such directory (from --data or ZJTX_DATA)"))
        elif d.is_file():
            sources.append((d, str(d)))
        else:
            files = policy_files(d)
            if not files:
                problems.append(Problem(str(d), "", "no policy files (*.yaml) in this directory"))
            sources += [(f, str(f)) for f in files]
    return sources, problems


def load_catalog(extra_dirs: list[Path] | None = None, *, bundled: bool = True, environ: dict | None = None) -> Catalog:
    """The bundled documents plus those of ``extra_dirs``; raises :class:`DataError` on any problem.

    A catalog that validated cleanly is cached (see :func:`cache_dir`); the cache is keyed by every source
    file's path, modification time and size and by the zjtx and Python versions, so any edit rebuilds it."""
    environ = os.environ if environ is None else environ
    sources, problems = _sources(([bundled_data_dir()] if bundled else []) + list(extra_dirs or []))
    if problems:
        raise DataError(problems)
    key = _cache_key(sources)
    cached = _cache_read(key, environ)
    if cached is not None:
        return Catalog(cached)
    documents, problems = check_documents(sources)
    if problems:
        raise DataError(problems)
    _cache_write(key, tuple(documents), environ)
    return Catalog(tuple(documents))


# ----------------------------------------------------------------------------------- catalog cache


def cache_dir(environ) -> Path | None:
    """``ZJTX_CACHE_DIR``, else ``$XDG_CACHE_HOME/zjtx``, else ``~/.cache/zjtx``; None when ``ZJTX_CACHE=0``."""
    if environ.get("ZJTX_CACHE", "1").lower() in ("0", "off", "no", "false"):
        return None
    if environ.get("ZJTX_CACHE_DIR"):
        return Path(environ["ZJTX_CACHE_DIR"])
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "zjtx"


def _cache_key(sources: list[tuple[Path, str]]) -> tuple:
    import sys

    from zjtx import __version__

    entries = []
    for path, shown in sources:
        st = path.stat()
        entries.append((str(path.resolve()), shown, st.st_mtime_ns, st.st_size))
    # The code that built the objects: an edited zjtx (same version number) never reads an old cache.
    package = Path(__file__).resolve().parent
    code = tuple((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in sorted(os.scandir(package), key=lambda e: e.name)
                 if e.name.endswith(".py"))
    return (__version__, sys.version, code, tuple(entries))


def _cache_file(key: tuple, environ) -> Path | None:
    directory = cache_dir(environ)
    if directory is None:
        return None
    import zlib

    name = zlib.crc32(repr([e[0] for e in key[3]]).encode("utf-8"))
    return directory / f"catalog-{name:08x}.pickle"


def _cache_read(key: tuple, environ):
    path = _cache_file(key, environ)
    if path is None:
        return None
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            # Only a file this user wrote and nobody else can change is trusted.
            if (hasattr(os, "getuid") and st.st_uid != os.getuid()) or st.st_mode & 0o022:
                return None
            import pickle

            stored_key, documents = pickle.load(f)
    except Exception:  # missing, unreadable, truncated, from another version: rebuild
        return None
    return documents if stored_key == key else None


def _cache_write(key: tuple, documents: tuple, environ) -> None:
    path = _cache_file(key, environ)
    if path is None:
        return
    try:
        import pickle
        import tempfile

        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".catalog-", dir=path.parent)
        with os.fdopen(fd, "wb") as f:
            pickle.dump((key, documents), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except Exception:  # a read-only home, a full disk: run without the cache
        return


def check_dirs(dirs: list[Path], include_bundled: bool) -> tuple[list[Document], list[Problem]]:
    """For ``zjtx data check``: every document and every problem, without raising."""
    sources, problems = _sources(([bundled_data_dir()] if include_bundled else []) + dirs)
    documents, found = check_documents(sources)
    return documents, problems + found


def ended(documents: list[Document], as_of: dt.date) -> list[Document]:
    return [d for d in documents if d.window.end is not None and d.window.end < as_of]
