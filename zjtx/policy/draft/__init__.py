"""``zjtx data draft``: from the text of a policy document to a policy document in the YAML format, every
measure marked ``draft: true`` for a person to review. Pure: bytes in, a :class:`Draft` out.

The pieces, in the order they run:
``text`` (decoding, page furniture, normalised lines) → ``meta`` (title, issuer, 文号, dates, window) →
``clauses`` (numbering, sentences) → ``units`` (the clauses of a sentence that can grant, their objects) →
``measures`` (names from ``triggers``, money from ``amounts`` and ``numerals``, payers from ``payers``; one
measure per award) → ``emit`` (the YAML). Ids come from ``names``.

Every amount, rate and cap a drafted rule holds is written in that measure's own quote; where the text does
not say which amount goes with which name, the measure is drafted unquantified with the quote and a note.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from zjtx import vocab
from zjtx.places import City
from zjtx.policy.draft import clauses, emit, meta, payers
from zjtx.policy.draft.measures import Builder, Drafted
from zjtx.policy.draft.names import Declared, Ids
from zjtx.policy.draft.text import MAX_BYTES, DraftError, decode, lines
from zjtx.policy.draft.units import units

__all__ = ["MAX_BYTES", "Draft", "DraftError", "draft", "source_name"]

_SOURCE = re.compile(r"[\w.\-]{1,100}\.txt")  # what a policy document's ``source:`` may name


def source_name(text: str) -> str | None:
    """The ``source:`` of a draft of the text at path ``text``: its file name, when the policy format accepts
    it (a plain ``NAME.txt``); None for standard input or another name."""
    import os

    name = os.path.basename(text)
    return name if text != "-" and _SOURCE.fullmatch(name) and not name.startswith(".") else None


@dataclass
class Draft:
    document: dict  # the policy document, in YAML key order
    encoding: str
    measures: list[Drafted] = field(default_factory=list)

    def yaml(self, header: tuple[str, ...] | list[str] = ()) -> str:
        return emit.dump(self.document, header)

    def remarks(self, text: str, output: str | None) -> list[str]:
        """What to tell the person who drafted: what was found, and what to do for ``data check``."""
        import os

        ms = self.document["measures"]
        money = sum(1 for m in ms if {"amount", "up_to", "rate"} & set(m["rule"]) and "general" not in m["trigger"])
        general = sum(1 for m in ms if "general" in m["trigger"] and m.get("recipient") != "district")
        district = sum(1 for m in ms if m.get("recipient") == "district")
        parts = [
            (money, "with an amount or a rate"),
            (len(ms) - money - general - district, "without a stated amount"),
            (general, "for conditions zjtx cannot name (general: listed, never computed)"),
            (district, "for districts, not companies"),
            (len(self.document.get("titles", [])), "titles declared"),
            (len(self.document.get("projects", [])), "project types declared"),
        ]
        out = [f"drafted {len(ms)} measures: " + ", ".join(f"{n} {what}" for n, what in parts if n)]
        source = self.document.get("source")
        if text == "-":
            out.append(
                "read from standard input: no source: written; save the text beside the YAML and add source: NAME.txt so that data check verifies every quote"
            )
        elif source is None:
            out.append(
                "the text's file name is not a plain NAME.txt: no source: written; rename the text and add source: so that data check verifies every quote"
            )
        elif output not in (None, "-") and os.path.realpath(
            os.path.dirname(os.path.abspath(output))
        ) != os.path.realpath(os.path.dirname(os.path.abspath(text))):
            out.append(
                f"copy {source} beside {os.path.basename(output)}: data check reads the source: text from the YAML's folder to verify every quote"
            )
        out.append(
            "every measure is marked draft: true: review each against its clause (docs/draft.md), then run zjtx data check"
        )
        return out


def _doc_id(city: City, m: meta.Meta) -> str:
    year = (m.issued or m.start or m.end or dt.date.today()).year
    serial = re.search(r"〔[0-9]{4}〕([0-9]+)号", m.number or "")
    if serial:
        return f"{city.pinyin}-{year}-{serial.group(1)}"
    import zlib

    return f"{city.pinyin}-{year}-{zlib.crc32((m.title or '').encode()) % 100000:05d}"


def _curly(text: str) -> str:
    """Straight double quotes as “ ” and ": " as "：" (the notes read better, and stay plain YAML)."""
    text = re.sub(r": (?=[^\x00-\x7f])", "：", text)
    out, left = [], True
    for c in text:
        if c == '"':
            out.append("“" if left else "”")
            left = not left
        else:
            out.append(c)
    return "".join(out)


def _measure_dict(m: Drafted, mid: str) -> dict:
    out: dict = {"id": mid, "draft": True, "title": m.title, "trigger": m.trigger, "rule": m.rule}
    if m.funding is not None:
        out["funding"] = m.funding
    if m.contingent:
        out["contingent"] = True
    if m.selective:
        out["selective"] = True
    if m.recipient:
        out["recipient"] = m.recipient
    if m.assessment:
        out["assessment"] = m.assessment
    if m.conditions:
        out["conditions"] = m.conditions
    out["clause"] = m.clause or "(未编号)"
    out["quote"] = m.quote
    notes = list(dict.fromkeys(n for n in m.notes if n))
    if notes:
        out["notes"] = _curly(";".join(notes))
    return out


def draft(data: bytes, city: City, source: str | None = None) -> Draft:
    """The draft of the document whose text is ``data``, for ``city``; ``source`` is the text's file name."""
    text, encoding = decode(data)
    kept = lines(text)
    if not kept:
        raise DraftError("no text left once the page's banners and link lists are left out")
    info = meta.read(kept)
    ids = Ids(set(vocab.TITLES) | set(vocab.PROJECT_TYPES), prefix=re.sub(r"[^a-z0-9_]", "", city.pinyin.lower()))
    declared = Declared(ids)
    builder = Builder(declared)
    measures: list[Drafted] = []
    default: object = None
    doc_notes = list(info.notes)
    for s in clauses.sentences(kept):
        shares, is_rule = payers.document_default(s.text)
        document_wide = re.match(r"本(?:办法|意见|实施意见|措施|政策|细则|方案|通知|规定)", s.text) is not None
        local = not document_wide and bool(s.clause) and bool(measures) and measures[-1].clause == s.clause
        if is_rule and local and shares is not None:
            _payer_only(s, measures)  # 上述奖励资金由……分担, in the clause of the awards it follows
            continue
        if is_rule:
            if default is None:
                default = payers.funding_yaml(shares) if shares else "unspecified"
                doc_notes.append(
                    f'出资的一般规定(funding 为 {default if isinstance(default, str) else "按比例分担"})："{s.line.quote(s.start, s.end)}"'
                )
            continue
        found: list[Drafted] = []
        for u in units(s):
            found += builder.unit(u)
        if not found:
            _payer_only(s, measures)
        measures += found
    measures = [m for m in measures if not any(m is r for r in builder.retract)]
    document: dict = {
        "id": _doc_id(city, info),
        "city": city.code,
        "title": info.title or "(未识别标题)",
        "issuer": info.issuer or "(未识别发文机关)",
        "number": info.number,
        "issued": info.issued,
        "window": {"from": info.start, "to": info.end},
    }
    if source:
        document["source"] = source
    if not info.title:
        doc_notes.append("标题未识别: 请填写 title")
    if not info.issuer:
        doc_notes.append("发文机关未识别: 请填写 issuer")
    doc_notes.append(
        "本文件由 zjtx data draft 起草,每条措施均须人工审核(见 docs/draft.md),审核后删去该措施的 draft 标记"
    )
    document["notes"] = _curly(";".join(doc_notes))
    document["funding"] = default or "unspecified"
    if declared.titles:
        document["titles"] = [
            {"id": t["id"], "name": t["name"], "aliases": [], "levels": t["levels"]}
            | ({"review": True} if t["review"] else {})
            for t in declared.titles.values()
        ]
    if declared.projects:
        document["projects"] = [
            {"id": p["id"], "name": p["name"], "aliases": [], "fields": p["fields"]} for p in declared.projects.values()
        ]
    taken: dict[str, int] = {}
    out = []
    for m in measures:
        base = f"{document['id']}.{m.key}"
        taken[base] = taken.get(base, 0) + 1
        out.append(_measure_dict(m, base if taken[base] == 1 else f"{base}.{taken[base]}"))
    if not out:
        raise DraftError(
            "found no measure in the text (no clause grants an award, a subsidy or support); is it a policy document?"
        )
    document["measures"] = out
    return Draft(document, encoding, measures)


def _payer_only(s: clauses.Sentence, measures: list[Drafted]) -> None:
    """A sentence that only says who pays ("上述奖励资金由市、区两级财政按1:1分担") applies to the measures of
    its clause drafted before it that name no payer."""
    if not re.search(r"资金|奖励|补助|经费|支出", s.text):
        return
    p = payers.payer(s.text)
    if p.shares is None:
        return
    quote = s.line.quote(s.start, s.end)
    for m in reversed(measures):
        if m.clause != s.clause:
            break
        if m.funding is None:
            m.funding = payers.funding_yaml(p.shares)
            m.quote = f"{m.quote}……{quote}"
            m.notes.append("出资方见同条其后一句")
