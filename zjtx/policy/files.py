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
import errno
import os
import stat
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from zjtx.errors import DataError, Problem
from zjtx.lexicon import VOCABULARY_FILE, Lexicon, install
from zjtx.places import bundled_data_dir
from zjtx.policy.model import Document, Measure
from zjtx.policy.validate import LOCATED as LOCATED
from zjtx.policy.validate import Source
from zjtx.record import Record, record

if TYPE_CHECKING:
    from zjtx.places import Division

ENV_VAR = "ZJTX_DATA"

#: What a cached catalog was built from (see :func:`_cache_key`): zjtx's version, Python's, (``-O``, the digest
#: of zjtx's code) and (resolved path, shown name, digest) of every source file.
CacheKey: TypeAlias = tuple[str, str, tuple[int, bytes], tuple[tuple[str, str, bytes], ...]]


def user_data_dirs(options: list[str] | None, environ: Mapping[str, str] | None = None) -> list[Path]:
    environ = os.environ if environ is None else environ
    dirs = [Path(d) for d in (options or [])]
    dirs += [Path(d) for d in environ.get(ENV_VAR, "").split(os.pathsep) if d.strip()]
    return dirs


@record
class Catalog(Record):
    documents: tuple[Document, ...]
    lexicon: Lexicon | None = None  # the vocabulary in effect: the bundled one and the documents' declarations

    def measure(self, measure_id: str) -> tuple[Document, Measure] | None:
        for d in self.documents:
            for m in d.measures:
                if m.id == measure_id:
                    return d, m
        return None

    @property
    def files(self) -> list[str]:
        """The file of every document: inputs of every command, never an output (``-o``)."""
        return [d.file for d in self.documents if d.file]

    @cached_property
    def zones(self) -> dict[str, tuple[Division, ...]]:
        """The zones (园区) the documents declare, by city code (a company's district may name one)."""
        out: dict[str, dict[str, Division]] = {}
        for d in self.documents:
            for z in d.zones:
                out.setdefault(d.city, {}).setdefault(z.name, z)
        return {city: tuple(zs.values()) for city, zs in out.items()}


#: Policy documents are a few dozen KiB (the largest bundled one is 17 KiB); anything larger is refused unread.
MAX_BYTES = 1024 * 1024


def _leaves(entry: os.DirEntry, root: str, shown: Path) -> Problem | None:
    """A symbolic link whose target is outside ``root`` (a link to ``/``, to ``/etc/passwd``): a problem
    naming the link, which is not followed (``shown``: the folder as the user named it)."""
    if not entry.is_symlink():
        return None
    real = os.path.realpath(entry.path)
    if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
        return None
    try:
        target = os.readlink(entry.path)
    except OSError:
        target = real
    return Problem(
        entry.path,
        "",
        f"a symbolic link to {target}, outside {shown}; not followed: a link must stay inside its data folder "
        "(copy the file in instead)",
    )


def policy_files(directory: Path) -> tuple[list[Path], list[Problem]]:
    """Every ``*.yaml``/``*.yml`` below ``directory`` (hidden names skipped; linked directories followed
    while they stay inside it), sorted, and a problem for every directory that cannot be listed or that is
    reached twice, and for every link that leaves the tree — never a silent skip."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[tuple[int, int]] = set()
    root = os.path.realpath(directory)
    todo = [directory]
    while todo:
        d = todo.pop()
        try:
            st = os.stat(d)
            if (st.st_dev, st.st_ino) in seen:
                problems.append(
                    Problem(str(d), "", "this directory is reached twice (a symbolic link loop?); remove the link")
                )
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(d) as it:
                entries = sorted(it, key=lambda e: e.name)  # problems in a stable order
        except OSError as e:
            problems.append(Problem(str(d), "", f"cannot read this directory: {e.strerror or e}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()  # follows a symbolic link; a dangling one is not a directory
            except OSError:
                is_dir = False
            wanted = is_dir or entry.name.endswith((".yaml", ".yml"))
            outside = _leaves(entry, root, directory) if wanted else None
            if outside is not None:
                problems.append(outside)
            elif is_dir:
                todo.append(Path(entry.path))
            elif wanted:
                files.append(Path(entry.path))  # a dangling or looping link too: reading it says what is wrong
    return sorted(files), problems


def read_source(path: Path, shown: str, what: str = "a policy document (YAML)") -> Source | Problem:
    """The bytes of one policy file (or of ``what`` else), or the problem saying why they cannot be read
    (never blocks on a FIFO, never reads past the size limit)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        if os.path.islink(path):
            why = (
                "a symbolic link loop" if e.errno == errno.ELOOP else f"a broken symbolic link (to {os.readlink(path)})"
            )
            return Problem(shown, "", f"{why}; fix or remove it")
        return Problem(shown, "", f"cannot read: {e.strerror or e}")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return Problem(shown, "", f"not a regular file; expected {what}")
        too_large = f"larger than the {MAX_BYTES // 1024} KiB limit; a policy document is a few dozen KiB"
        if st.st_size > MAX_BYTES:
            return Problem(shown, "", f"file is {st.st_size // 1024} KiB, {too_large}")
        chunks, total = [], 0
        while chunk := os.read(fd, max(st.st_size + 1, 65536)):
            chunks.append(chunk)
            total += len(chunk)
            if total > MAX_BYTES:
                return Problem(shown, "", too_large)
        return Source(path, shown, b"".join(chunks))
    except OSError as e:
        return Problem(shown, "", f"cannot read: {e.strerror or e}")
    finally:
        os.close(fd)


def read_document(path: Path, shown: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read, parse and validate one policy file (its declarations added to the vocabulary in effect)."""
    from zjtx.policy.validate import parse_source

    source = read_source(path, shown or str(path))
    return (None, [source]) if isinstance(source, Problem) else parse_source(source, vocabulary_source())


def vocabulary_source() -> Source | Problem:
    """The bundled vocabulary (``data/vocabulary.yaml``): read with the documents, hashed into the cache key."""
    path = bundled_data_dir() / VOCABULARY_FILE
    return read_source(path, str(path), "the vocabulary of titles and project types (YAML)")


def _gather(dirs: list[Path]) -> tuple[list[Source], list[Problem]]:
    """Every policy file of ``dirs`` (a file stands for itself), read, and every problem finding or reading them."""
    vocabulary = vocabulary_source()
    sources: list[Source] = [] if isinstance(vocabulary, Problem) else [vocabulary]
    problems: list[Problem] = [vocabulary] if isinstance(vocabulary, Problem) else []
    for d in dirs:
        if not d.exists() and not d.is_symlink():
            problems.append(Problem(str(d), "", "no such directory (from --data or ZJTX_DATA)"))
            continue
        if d.is_dir():
            files, found = policy_files(d)
            problems += found
            if not files and not found:
                problems.append(Problem(str(d), "", "no policy files (*.yaml) in this directory"))
        else:
            files = [d]
        for f in files:
            if f == bundled_data_dir() / VOCABULARY_FILE:  # read above, first
                continue
            source = read_source(f, str(f))
            if isinstance(source, Problem):
                problems.append(source)
            else:
                sources.append(source)
    return sources, problems


def _validate(
    dirs: list[Path], environ: Mapping[str, str] | None = None
) -> tuple[list[Document], list[Problem], CacheKey | None, Lexicon | None]:
    """What ``data check`` and every other command do alike: find, read and validate every file — or, with
    ``environ``, reuse the cached catalog of exactly these bytes. Returns the cache key to write, if any."""
    sources, problems = _gather(dirs)
    key = None
    if not problems and environ is not None:
        key = _cache_key(sources)
        cached = _cache_read(key, environ)
        if cached is not None:
            install(cached[1])
            return list(cached[0]), [], None, cached[1]
    from zjtx.policy.validate import check_documents

    vocabulary = bundled_data_dir() / VOCABULARY_FILE
    documents, found, lexicon = check_documents(
        next((s for s in sources if s.path == vocabulary), None), [s for s in sources if s.path != vocabulary]
    )
    return documents, problems + found, key, lexicon


def load_catalog(
    extra_dirs: list[Path] | None = None, *, bundled: bool = True, environ: Mapping[str, str] | None = None
) -> Catalog:
    """The bundled documents plus those of ``extra_dirs``; raises :class:`DataError` on any problem.

    Only a catalog that passed every check is cached (see :func:`cache_dir`); the cache is keyed by a hash
    of every source file's content, the code of zjtx and the Python running it, so any edit rebuilds it."""
    environ = os.environ if environ is None else environ
    documents, problems, key, lexicon = _validate(
        ([bundled_data_dir()] if bundled else []) + list(extra_dirs or []), environ
    )
    if problems or lexicon is None:
        raise DataError(problems)
    if key is not None:
        _cache_write(key, tuple(documents), lexicon, environ)
    return Catalog(tuple(documents), lexicon)


# ----------------------------------------------------------------------------------- catalog cache


def cache_dir(environ: Mapping[str, str]) -> Path | None:
    """``ZJTX_CACHE_DIR``, else ``$XDG_CACHE_HOME/zjtx``, else ``~/.cache/zjtx``; None when ``ZJTX_CACHE=0``."""
    if environ.get("ZJTX_CACHE", "1").lower() in ("0", "off", "no", "false"):
        return None
    if environ.get("ZJTX_CACHE_DIR"):
        return Path(environ["ZJTX_CACHE_DIR"])
    base = environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "zjtx"


def _digest(data: bytes) -> bytes:
    try:
        from _blake2 import blake2b  # what hashlib uses, without hashlib's ~2 ms import of OpenSSL
    except ImportError:  # pragma: no cover - another Python
        from hashlib import blake2b
    return blake2b(data, digest_size=20).digest()


def _code_digest() -> bytes:
    """A digest of every ``.py`` file of the package, subpackages too, and of the registry of cities the
    validation checks district names against: an edited zjtx never reads an old cache.
    CRC-32 and length per file: zjtx's own code is not hostile input (whoever can edit it runs as you), the
    point is only to notice an edit, and it halves the cost of hashing ~350 KB on every start."""
    import zlib

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # zjtx/, from zjtx/policy/files.py
    skip = len(package) + 1
    parts = []
    todo = [package]
    while todo:
        for e in sorted(os.scandir(todo.pop()), key=lambda e: e.name):
            if e.name.endswith(".py"):
                with open(e.path, "rb", buffering=0) as f:  # unbuffered: one read, no buffer object (~20 % less)
                    code = f.read()
                parts.append(f"{e.path[skip:]}:{len(code)}:{zlib.crc32(code)}")
            elif e.name != "data" and not e.name.startswith((".", "__")) and e.is_dir():
                todo.append(e.path)
    registry = bundled_data_dir() / "registry"  # the cities and districts validation checks names against
    for e in sorted(os.scandir(registry), key=lambda e: e.name) if registry.is_dir() else ():
        with open(e.path, "rb") as f:
            table = f.read()
        parts.append(f"registry/{e.name}:{len(table)}:{zlib.crc32(table)}")
    return _digest("\n".join(parts).encode())


def _cache_key(sources: list[Source]) -> CacheKey:
    """What a cached catalog was built from: the content of every file (never its mtime and size alone, which
    ``git checkout``, ``rsync -t`` or ``touch -d`` can keep while an amount changes), the code of zjtx, and
    the Python running it (``-O`` included)."""
    import sys

    from zjtx import __version__

    entries = tuple((str(s.path.resolve()), s.shown, _digest(s.data)) for s in sources)
    return (__version__, sys.version, (sys.flags.optimize, _code_digest()), entries)


def _cache_file(key: CacheKey, environ: Mapping[str, str]) -> Path | None:
    directory = cache_dir(environ)
    if directory is None:
        return None
    import zlib

    name = zlib.crc32(repr([e[0] for e in key[3]]).encode("utf-8"))
    return directory / f"catalog-{name:08x}.pickle"


_NOTED: set[str] = set()


def _cache_folder(directory: Path, environ: Mapping[str, str], create: bool) -> int | None:
    """A descriptor of the cache directory when it is safe to use — owned by this user and not writable by
    group or others — else None (said once on stderr under ZJTX_DEBUG). Files are then opened relative
    to it, so a path swapped afterwards changes nothing."""
    try:
        if create:
            os.makedirs(directory, mode=0o700, exist_ok=True)
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None  # missing (nothing cached yet), or cannot be made: run without the cache
    st = os.fstat(fd)
    why = None
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        why = f"it belongs to another user (uid {st.st_uid}, you are {os.getuid()})"
    elif st.st_mode & 0o022:
        why = f"others can write in it (mode {stat.S_IMODE(st.st_mode):04o})"
    if why is None:
        return fd
    os.close(fd)
    if environ.get("ZJTX_DEBUG") and str(directory) not in _NOTED:
        _NOTED.add(str(directory))
        import sys

        from zjtx.io.textsafe import filename, visible

        sys.stderr.write(
            f"zjtx: note: not using the cache directory {visible(filename(directory))}: {why}; "
            "set ZJTX_CACHE_DIR to a directory of your own (or ZJTX_CACHE=0)\n"
        )
    return None


def _cache_read(key: CacheKey, environ: Mapping[str, str]) -> tuple[tuple[Document, ...], Lexicon] | None:
    path = _cache_file(key, environ)
    if path is None:
        return None
    folder = _cache_folder(path.parent, environ, create=False)
    if folder is None:
        return None
    try:  # never a link, never wait on a FIFO; only a regular file of this user's that nobody else can change
        fd = os.open(
            path.name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0), dir_fd=folder
        )
    except OSError:
        return None
    finally:
        os.close(folder)
    try:
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(fd)
            if (
                not stat.S_ISREG(st.st_mode)
                or (hasattr(os, "getuid") and st.st_uid != os.getuid())
                or st.st_mode & 0o022
            ):
                return None
            try:
                from _pickle import load  # the C unpickler, without pickle.py's imports
            except ImportError:  # pragma: no cover - another Python
                from pickle import load

            stored_key, documents, lexicon = load(f)
    except Exception:  # unreadable, truncated, from another version: rebuild
        return None
    return (documents, lexicon) if stored_key == key else None


def _cache_write(key: CacheKey, documents: tuple[Document, ...], lexicon: Lexicon, environ: Mapping[str, str]) -> None:
    path = _cache_file(key, environ)
    if path is None:
        return
    folder = _cache_folder(path.parent, environ, create=True)
    if folder is None:
        return
    import secrets

    tmp = f".catalog-{secrets.token_hex(8)}.tmp"
    try:
        import pickle

        fd = os.open(
            tmp,
            os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0),
            0o600,
            dir_fd=folder,
        )
        with os.fdopen(fd, "wb") as f:
            pickle.dump((key, documents, lexicon), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path.name, src_dir_fd=folder, dst_dir_fd=folder)
    except Exception:  # a full disk, a read-only file system: run without the cache
        try:
            os.unlink(tmp, dir_fd=folder)
        except OSError:
            pass
    finally:
        os.close(folder)


def check_dirs(dirs: list[Path], include_bundled: bool) -> tuple[list[Document], list[Problem]]:
    """For ``zjtx data check``: every document and every problem, without raising (and without the cache)."""
    documents, problems, _, _ = _validate(([bundled_data_dir()] if include_bundled else []) + dirs)
    return documents, problems


def ended(documents: list[Document], as_of: dt.date) -> list[Document]:
    return [d for d in documents if d.window.end is not None and d.window.end < as_of]
