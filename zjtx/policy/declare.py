"""Declarations of titles and project types: the bundled vocabulary (``data/vocabulary.yaml``) and the
``titles:`` / ``projects:`` of a policy document, read and validated by the same code (one mechanism).

Pure: plain values in (as ``zjtx.policy.safeyaml`` loads them), :class:`~zjtx.lexicon.Title` and
:class:`~zjtx.lexicon.ProjectType` out (built by ``zjtx.lexicon``), or every problem found
(``file:line: entry: field: what is wrong``). A declared id, name or alias that another title (or project
type) already has — bundled or declared by another document — is an error naming both; so is an unknown
level, a bad field id, a field another project type already has.
"""

from __future__ import annotations

import re
from typing import Any

from zjtx import lexicon, vocab
from zjtx.errors import Problem
from zjtx.lexicon import Lexicon, ProjectType, Title
from zjtx.policy.fields import Checker, LineOf, is_text, show
from zjtx.policy.safeyaml import Number
from zjtx.record import replace

TITLE_KEYS = ("id", "name", "aliases", "levels", "review", "term_years", "term_source", "recertified")
PROJECT_KEYS = ("id", "name", "aliases", "fields", "lists", "required", "zero_ok", "forecast")
VOCABULARY_KEYS = ("titles", "projects", "ambiguous")
#: A title, project or field id: lower-case ASCII words joined by _ (a key of the company file).
DECLARED_ID = re.compile(r"[a-z][a-z0-9_]{0,59}")
#: Keys of a company file's project other than its amount fields (company.model.PROJECT_BASE_KEYS).
RESERVED_FIELDS = ("type", "date", "name", "note")

#: Who already has a name: (kind, normalised name) -> "title little_giant (专精特新"小巨人"企业) in FILE".
Owners = dict[tuple[str, str], str]
#: What the documents read before declared: ("title" | "project", id) -> it; ("field", id) -> its Chinese name.
Known = dict[tuple[str, str], "Title | ProjectType | str"]


#: What two documents declaring one title (same id and name) must agree on; levels and aliases are the union.
TITLE_SAME = ("term_years", "review", "recertified", "term_source")
#: The same for a project type; its aliases are the union (the fields' Chinese names are compared apart).
PROJECT_SAME = ("fields", "required", "zero_ok", "forecast")


def _shown(value: object) -> str:
    """A declared value as YAML writes it (null, true, [a, b])."""
    if value is None or value == "":
        return "(not given)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    return str(value)


class _Reader:
    """Reads the declarations of one file, against the names already owned (which it extends)."""

    def __init__(self, file: str, owners: Owners, declared_in: str, known: Known | None = None) -> None:
        self.known: Known = {} if known is None else known  # declared by the documents read before, by id
        self.mine: set[tuple[str, str]] = set()  # the names the entry being read has claimed
        self.c = Checker(file)
        self.file = file
        self.owners = owners
        self.declared_in = declared_in  # "" for the bundled file

    def _own(self, kind: str, name: str, owner: str, entry: str, field: str) -> None:
        key = (kind, lexicon.normalise(name))
        other = self.owners.get(key)
        # the same owner may repeat a name in its own entry (an alias that is its name), never in another
        what = "id" if field == "id" else "name" if field == "name" else "alias"
        if other is not None and (other != owner or key not in self.mine):
            self.c.add(entry, field, f"{kind} {what} {name!r} clashes with {other}; choose another")
            return
        if self.declared_in:  # the bundled file is trusted; a document may not take over what a name means
            problem = self._shadows(kind, key[1], owner)
            if problem:
                self.c.add(entry, field, f"{kind} {what} {name!r} {problem}; choose another")
                return
        self.owners[key] = owner
        self.mine.add(key)

    def _shadows(self, kind: str, key: str, owner: str) -> str:
        """Why a declared name (normalised) may not be had, though no other entry has it: it is a name of the
        other kind (a title's name a project type's, or the reverse), or a company file already reads it as
        another title at a level (省级专精特新中小企业 is zjtx_sme at the provincial level)."""
        other_kind = "project" if kind == "title" else "title"
        other = self.owners.get((other_kind, key))
        if other is not None:
            return f"is already a name of {other}; a title and a project type never share a name"
        if kind != "title":
            return ""
        for level, rest in vocab.level_splits(key):
            other = self.owners.get(("title", rest))
            if other is not None and other != owner:
                return (
                    f"is how a company file names {other} at the {level} level ({vocab.LEVEL_CN[level]} + {rest}); "
                    "declaring it would take those entries away from that title"
                )
        return ""

    def _same_as(
        self, same: Title | ProjectType, made: Title | ProjectType, fields: tuple[str, ...], entry: str
    ) -> bool:
        """Whether ``made`` declares what another document's ``same`` (same id and name) does in ``fields``;
        when not, the first field that differs is a problem naming both files."""
        for f in fields:
            theirs, ours = getattr(same, f), getattr(made, f)
            if theirs != ours:
                kind = "title" if isinstance(same, Title) else "project type"
                self.c.add(
                    entry,
                    f,
                    f"the {kind} {same.id} ({same.name}) is declared in {same.declared_in} with {f}: "
                    f"{_shown(theirs)}, here {_shown(ours)}; one {kind} has one {f}: write the same in both "
                    "documents, or give this one another id",
                )
                return False
        return True

    def _more_aliases(self, kind: str, same: Title | ProjectType, aliases: list[str], entry: str) -> list[str]:
        """The aliases a second declaration of ``same`` adds (each owned by it, or a problem)."""
        owner = f"the {'title' if kind == 'title' else 'project type'} {same.id} ({same.name}) in {same.declared_in}"
        more = [a for a in aliases if self.owners.get((kind, lexicon.normalise(a))) != owner]
        for a in more:
            self._own(kind, a, owner, entry, "aliases")
        return more

    def _words(self, value: object, entry: str, field: str) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(is_text(v) and v.strip() for v in value):
            self.c.add(entry, field, f"expected a list of names, e.g. [技术中心], got {show(value)}")
            return []
        return [v.strip() for v in value]

    def _ident(self, value: object, entry: str, field: str, example: str) -> str | None:
        if not (is_text(value) and DECLARED_ID.fullmatch(value)):
            self.c.add(
                entry,
                field,
                f"expected an id of lower-case letters, digits and _ (at most 60, starting with a letter), "
                f"such as {example}, got {show(value)}",
            )
            return None
        return value

    def _flag(self, value: object, entry: str, field: str) -> bool:
        if value is None:
            return False
        if not isinstance(value, bool):
            self.c.add(entry, field, f"expected true or false, got {show(value)}")
            return False
        return value

    def _head(
        self, raw: object, key: str, k: int, more: str, example: str
    ) -> tuple[dict[object, object], int, str, str | None, str | None, list[str]] | None:
        """What a title and a project type both have: (the entry, problems so far, its name in messages, id,
        name, aliases)."""
        self.c.at = (key, k)
        self.mine = set()
        entry = f"{key}[{k}]"
        if not isinstance(raw, dict):
            self.c.add(entry, "", f"expected {{id: …, name: …, aliases: […], {more}}}, got {show(raw)}")
            return None
        count = self.c.count
        ident = self._ident(raw.get("id"), entry, "id", example)
        entry = ident or entry
        self.c.keys(raw, TITLE_KEYS if key == "titles" else PROJECT_KEYS, entry, "")
        name = raw.get("name")
        if not (is_text(name) and name.strip()):
            self.c.add(entry, "name", f"expected the Chinese name as the documents write it, got {show(name)}")
            name = None
        return raw, count, entry, ident, name, self._words(raw.get("aliases"), entry, "aliases")

    def title(self, raw: object, k: int) -> Title | None:
        head = self._head(raw, "titles", k, "levels: […]", "enterprise_tech_center")
        if head is None:
            return None
        raw, count, entry, tid, name, aliases = head
        levels = raw.get("levels", [])
        if not isinstance(levels, list):
            self.c.add(entry, "levels", f"expected a list of levels ([] = no level), got {show(levels)}")
            levels = []
        for lv in levels:
            if lv not in vocab.LEVELS:
                hint = vocab.did_you_mean(str(lv), vocab.LEVELS)
                self.c.add(
                    entry, "levels", f"unknown level {show(lv)}{hint}; expected any of {', '.join(vocab.LEVELS)}"
                )
        if len(set(map(str, levels))) < len(levels):
            self.c.add(entry, "levels", "a level is given twice")
        review = self._flag(raw.get("review"), entry, "review")
        recertified = self._flag(raw.get("recertified"), entry, "recertified")
        term = raw.get("term_years")
        if term is not None and not (isinstance(term, Number) and term.isdigit() and 1 <= int(term) <= 50):
            self.c.add(entry, "term_years", f"expected a whole number of years from 1 to 50, got {show(term)}")
        source = raw.get("term_source")
        if source is not None and not (is_text(source) and source.strip()):
            self.c.add(entry, "term_source", f"expected the rule that sets the term, in words, got {show(source)}")
        if self.c.count > count or tid is None or name is None:
            return None
        data: dict[str, Any] = {"id": tid, "name": name.strip(), "aliases": aliases, "levels": levels}
        data |= {"review": review, "recertified": recertified, "term_years": term, "term_source": source}
        made = lexicon.title_from(data, self.declared_in)
        same = self.known.get(("title", tid))
        another = isinstance(same, Title) and same.declared_in not in ("", self.file)  # never twice in one file
        if isinstance(same, Title) and another and lexicon.normalise(same.name) == lexicon.normalise(name):
            # another document declares the same title (same id, same name): one title both pay for, when all
            # but its aliases and levels (the union) is the same
            if not self._same_as(same, made, TITLE_SAME, entry):
                return None
            more = self._more_aliases("title", same, aliases, entry)
            if self.c.count > count:
                return None
            levels_more = tuple(lv for lv in levels if lv not in same.levels)
            merged = replace(same, aliases=(*same.aliases, *more), levels=(*same.levels, *levels_more))
            self.known[("title", tid)] = merged
            return merged
        owner = f"the title {tid} ({name}) in {self.file}"
        for field, word in (("id", tid), ("name", name), *(("aliases", a) for a in aliases)):
            self._own("title", word, owner, entry, field)
        if self.c.count > count:
            return None
        self.known[("title", tid)] = made
        return made

    def project(self, raw: object, k: int) -> tuple[ProjectType, dict[str, str]] | None:
        head = self._head(raw, "projects", k, "fields: {…}", "rd_increment")
        if head is None:
            return None
        raw, count, entry, pid, name, aliases = head
        fields = raw.get("fields")
        names: dict[str, str] = {}
        if not isinstance(fields, dict) or not fields:
            self.c.add(
                entry, "fields", f"expected the amount fields, e.g. {{rd_increase: 研发费用增量}}, got {show(fields)}"
            )
        else:
            for fid, cn in fields.items():
                ok = self._ident(fid, entry, "fields", "rd_increase")
                if ok is not None and ok in RESERVED_FIELDS:
                    self.c.add(entry, f"fields.{ok}", f"{ok} is a key of every project; choose another field id")
                elif ok is not None and not (is_text(cn) and cn.strip()):
                    self.c.add(entry, f"fields.{ok}", f"expected the field's Chinese name, got {show(cn)}")
                elif ok is not None:
                    names[ok] = cn.strip()
        for key in ("lists", "required", "zero_ok", "forecast"):
            value = raw.get(key)
            if value is not None and (not isinstance(value, list) or not all(v in names for v in value)):
                self.c.add(entry, key, f"expected a list of this type's fields ({', '.join(names)}), got {show(value)}")
        if self.c.count > count or pid is None or name is None:
            return None
        same = self.known.get(("project", pid))
        if isinstance(same, ProjectType) and same.declared_in not in ("", self.file) and same.name == name.strip():
            # another document declares the same project type (same id and name): one type, when all but its
            # aliases (the union) is the same — fields, their Chinese names, lists, required, zero_ok, forecast
            data = {k: raw.get(k) for k in PROJECT_KEYS} | {"id": pid, "fields": names}
            theirs = {f: cn for f in same.fields if isinstance(cn := self.known.get(("field", f)), str)}
            if theirs != names:
                there = ", ".join(f"{f}: {cn}" for f, cn in theirs.items())
                self.c.add(
                    entry,
                    "fields",
                    f"the project type {pid} ({same.name}) is declared in {same.declared_in} with the fields "
                    f"{{{there}}}; one project type has one set of fields: write the same, or choose another id",
                )
                return None
            if not self._same_as(same, lexicon.project_from(data)[0], PROJECT_SAME, entry):
                return None
            more = self._more_aliases("project", same, aliases, entry)
            if self.c.count > count:
                return None
            merged_type = replace(same, aliases=(*same.aliases, *more))
            self.known[("project", pid)] = merged_type
            return merged_type, names
        owner = f"the project type {pid} ({name}) in {self.file}"
        for field, word in (("id", pid), ("name", name), *(("aliases", a) for a in aliases)):
            self._own("project", word, owner, entry, field)
        for fid in names:
            field_key = ("field", fid)
            if self.known.get(("field", fid)) == names[fid]:  # the same figure (id and Chinese name) as another's
                continue
            if field_key in self.owners:
                self.c.add(
                    entry,
                    f"fields.{fid}",
                    f"field {fid} is already a field of {self.owners[field_key]}; choose another",
                )
            self.owners[field_key] = owner
        if self.c.count > count:
            return None
        data = {k: raw.get(k) for k in PROJECT_KEYS} | {"id": pid, "name": name.strip(), "aliases": aliases}
        made = lexicon.project_from(data | {"fields": names}, self.declared_in)
        self.known[("project", pid)] = made[0]
        if self.declared_in:
            self.known.update({("field", f): cn for f, cn in names.items()})
        return made


def _read(data: dict[object, object], reader: _Reader) -> tuple[list[Title], list[tuple[ProjectType, dict[str, str]]]]:
    titles: list[Title] = []
    projects: list[tuple[ProjectType, dict[str, str]]] = []
    for key, what, read in (("titles", "titles", reader.title), ("projects", "project types", reader.project)):
        raw = data.get(key)
        if raw is None:
            continue
        if not isinstance(raw, list):
            reader.c.at = ()
            reader.c.add(
                "document" if reader.declared_in else "vocabulary", key, f"expected a list of {what}, got {show(raw)}"
            )
            continue
        for k, item in enumerate(raw):
            made = read(item, k)
            if isinstance(made, Title):
                titles.append(made)
            elif made is not None:
                projects.append(made)
    return titles, projects


def vocabulary(data: object, file: str, line_of: LineOf | None) -> tuple[Lexicon | None, Owners, list[Problem]]:
    """The bundled vocabulary file, validated: the vocabulary and who owns each name (for the documents)."""
    owners: Owners = {}
    reader = _Reader(file, owners, "")
    if not isinstance(data, dict):
        reader.c.add("vocabulary", "", f"expected a mapping with titles and projects, got {show(data)}")
        return None, owners, reader.c.result(data, line_of, 50)
    reader.c.keys(data, VOCABULARY_KEYS, "vocabulary", "")
    titles, projects = _read(data, reader)
    ambiguous = data.get("ambiguous") or {}
    reader.c.at = ()
    if not isinstance(ambiguous, dict) or not all(
        isinstance(v, list) and len(v) > 1 and all(t in {x.id for x in titles} for t in v) for v in ambiguous.values()
    ):
        reader.c.add("vocabulary", "ambiguous", f"expected {{name: [title id, title id, …]}}, got {show(ambiguous)}")
        ambiguous = {}
    for word, ids in ambiguous.items():
        owners[("title", lexicon.normalise(str(word)))] = f"the titles {' and '.join(ids)} (ambiguous) in {file}"
    if reader.c.count:
        return None, owners, reader.c.result(data, line_of, 50)
    lex = Lexicon({}, {}, {}, {lexicon.normalise(str(k)): tuple(v) for k, v in ambiguous.items()})
    return lex.extended(titles, projects), owners, []


def declared(
    data: object, file: str, line_of: LineOf | None, owners: Owners, known: Known | None = None
) -> tuple[list[Title], list[tuple[ProjectType, dict[str, str]]], list[Problem]]:
    """The ``titles:`` and ``projects:`` a policy document declares, validated against ``owners`` (the bundled
    names and those of the documents read before), which it extends."""
    if not isinstance(data, dict) or (data.get("titles") is None and data.get("projects") is None):
        return [], [], []
    reader = _Reader(file, owners, file, known)
    titles, projects = _read(data, reader)
    return titles, projects, reader.c.result(data, line_of, 50)


def owners_of(lex: Lexicon, bundled_file: str, but: str = "") -> Owners:
    """Who owns each name in ``lex`` (as :func:`vocabulary` and :func:`declared` would say), leaving out what
    the file ``but`` declared."""
    owners: Owners = {}
    entries: list[tuple[str, Title | ProjectType]] = [("title", t) for t in lex.titles.values()]
    entries += [("project", p) for p in lex.projects.values()]
    for kind, e in entries:
        if e.declared_in and e.declared_in == but:
            continue
        owner = (
            f"the {'title' if kind == 'title' else 'project type'} {e.id} ({e.name}) in {e.declared_in or bundled_file}"
        )
        for word in (e.id, e.name, *e.aliases):
            owners.setdefault((kind, lexicon.normalise(word)), owner)
        for fid in e.fields if isinstance(e, ProjectType) else ():
            owners.setdefault(("field", fid), owner)
    for word, ids in lex.ambiguous.items():
        owners[("title", word)] = f"the titles {' and '.join(ids)} (ambiguous) in {bundled_file}"
    return owners


def standalone(data: object, file: str, line_of: LineOf | None) -> list[Problem]:
    """A document validated on its own (not with the catalog): its declarations, added to the vocabulary in
    effect when they are sound. Nothing to do when that vocabulary already holds them from this file."""
    if not isinstance(data, dict):
        return []
    lex = lexicon.current()
    ids = [
        (k, e.get("id"))
        for k in ("titles", "projects")
        if isinstance(data.get(k), list)
        for e in data[k]
        if isinstance(e, dict)
    ]
    if not ids and data.get("titles") is None and data.get("projects") is None:
        return []
    table: dict[str, Any] = {"titles": lex.titles, "projects": lex.projects}
    if ids and all(isinstance(i, str) and i in table[k] and table[k][i].declared_in == file for k, i in ids):
        return []
    owners = owners_of(lex, str(lexicon.bundled_data_dir() / lexicon.VOCABULARY_FILE), but=file)
    known: Known = {("title", t.id): t for t in lex.titles.values() if t.declared_in and t.declared_in != file}
    known |= {("project", p.id): p for p in lex.projects.values() if p.declared_in and p.declared_in != file}
    mine = [p for p in lex.projects.values() if p.declared_in and p.declared_in != file]
    known |= {("field", f): lex.field_cn[f] for p in mine for f in p.fields if f in lex.field_cn}
    titles, projects, problems = declared(data, file, line_of, owners, known)
    if not problems:
        keep = Lexicon(
            {k: t for k, t in lex.titles.items() if t.declared_in != file or not file},
            {k: p for k, p in lex.projects.items() if p.declared_in != file or not file},
            lex.field_cn,
            lex.ambiguous,
        )
        lexicon.install(keep.extended(titles, projects))
    return problems
