"""The award view: every fact of an award that an output shows, declared once — its JSON key, its CSV column,
its workbook column with the Chinese header, and how its value is read from the :class:`Award`.

The JSON award (``zjtx.awards.report.award_dict``), the CSV rows (``zjtx.render.csvout``) and the workbook's
奖励明细 sheet (``zjtx.render.xlsx``) are all read from :data:`FIELDS`, in its order; each output only decides
how a *kind* of value is written (an amount as an exact JSON number, ``123.45`` in CSV, a number in a cell
shown in 万元; a status as its id in JSON and CSV and as its Chinese word in a workbook). To add a fact to
every output, add one :class:`Field` here. Pure: no I/O, no formatting library.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from operator import attrgetter
from typing import Any

from zjtx import money, vocab
from zjtx.awards.engine import Award
from zjtx.policy.model import Document, Measure
from zjtx.record import Record, record

#: How a value is written (see each output): text | long (text shown in a wide column) | yuan | wan |
#: flag | yes_no (a flag the workbook writes 是/否, not 是/blank) | status | certainty | bound | level | date | lines (a list of lines) | data (JSON only, as built) |
#: as_of (the report's as-of date, which the award does not carry: the output fills it in) | basis (a document
#: and its clause, each kept whole) | amount (a workbook's 万元 with its nature beside it) | reading_note (the
#: readings behind the award and what the other options give, which the output computes: zjtx.awards.readings).
KINDS = (
    "text",
    "long",
    "yuan",
    "wan",
    "flag",
    "yes_no",
    "status",
    "certainty",
    "bound",
    "level",
    "date",
    "lines",
    "data",
    "as_of",
    "basis",
    "amount",
    "reading_note",
)


@record
class Field(Record):
    name: str  # the fact, for code that wants one value (award_row)
    get: Callable[[Award], Any]
    json: str | None = None  # its key in the award's JSON, if it is there
    csv: str | None = None  # its CSV column, if it is there
    cn: str | None = None  # its workbook column (Chinese header), if it is there
    kind: str = "text"
    sheet_kind: str | None = None  # how the workbook writes it, where that differs from ``kind``
    printed: bool = False  # the workbook's printed page shows it (those columns come first)
    #: its value depends only on the award's document, measure and reading: the same in every company's award
    #: of that measure, so a batch encodes it once (zjtx.awards.report.award_json)
    per_measure: bool = False


def _trigger(key: str) -> Callable[[Award], Any]:
    return lambda a: a.trigger.get(key) or ""


def trigger_cn(t: dict) -> str:
    """The event in Chinese, e.g. ``国家级专精特新"小巨人"企业 新认定`` or ``项目: 设备更新改造 (2024年合计, 2项)``."""
    if t.get("title"):
        level = vocab.LEVEL_CN.get(t.get("level") or "", "")
        title = vocab.TITLES[t["title"]]
        text = f"{level}{title.name}{title.renewal_cn if t.get('review') else '新认定'}"
    elif t.get("project"):
        text = f"项目: {vocab.PROJECT_TYPES[t['project']].name}"
        if "year" in t and "entries" in t:
            text += f" ({t['year']}年合计, {len(t['entries'])}项)"
    else:
        text = ""
    if t.get("name"):
        text += f" {t['name']}"
    if t.get("hypothetical"):
        text += " (假设)"
    return text


def reading_text(a: Award) -> str:
    """The reading an amount depends on, as ``id=option: what that option means``."""
    if a.reading is None:
        return ""
    r, choice = a.reading
    return f"{r.id}={choice}: {r.text(choice)}"


def _reading_json(a: Award) -> dict | None:
    if a.reading is None:
        return None
    reading, choice = a.reading
    return {
        "id": reading.id,
        "question": reading.question,
        "choice": choice,
        "text": reading.text(choice),
        "taken_by_default": choice == reading.taken,
        "alternatives": [{"id": o, "text": t} for o, t in reading.options if o != choice],
        "clause": reading.clause,
        "taken": reading.taken,
        "why": reading.why,
    }


@lru_cache(maxsize=1024)
def source(doc: Document, m: Measure) -> dict:
    """The source of a measure (the same for every company: built once; treat as read-only)."""
    return {
        "document": doc.citation,
        "document_id": doc.id,
        "issuer": doc.issuer,
        "number": doc.number,
        "clause": m.clause,
        "quote": m.quote,
        "partial_copy": bool(doc.partial),
    }


def departments_cn(m: Measure) -> str:
    """The departments of a measure in one line, with the document's note: ``市工信局、市财政局 (以下任务均需…)``."""
    text = "、".join(m.departments)
    if m.departments_note:
        text = f"{text} ({m.departments_note})" if text else m.departments_note
    return text


def _source(a: Award) -> dict:
    return source(a.document, a.measure)


def _payer(level: str) -> Callable[[Award], Any]:
    return lambda a: dict(a.funding).get(level)


FIELDS: tuple[Field, ...] = (
    Field("measure_id", attrgetter("measure.id"), json="policy", csv="measure_id", cn="措施编号", per_measure=True),
    Field("measure", attrgetter("measure.title"), json="title", csv="title", cn="措施", printed=True, per_measure=True),
    Field("trigger", attrgetter("trigger"), json="trigger", kind="data"),
    Field("trigger_cn", lambda a: trigger_cn(a.trigger), cn="触发事件", printed=True),
    Field("trigger_title", _trigger("title"), csv="trigger_title"),
    Field("trigger_project", _trigger("project"), csv="trigger_project"),
    Field("trigger_id", lambda a: a.trigger.get("title") or a.trigger.get("project") or "", cn="认定/项目"),
    Field("trigger_level", _trigger("level"), csv="trigger_level", cn="级别", kind="level"),
    Field("trigger_date", _trigger("date"), csv="trigger_date", cn="触发日期", kind="date", printed=True),
    Field("trigger_name", _trigger("name"), csv="trigger_name", cn="名称"),
    Field("status", attrgetter("status"), json="status", csv="status", cn="状态", kind="status", printed=True),
    Field(
        "counted",
        attrgetter("counted"),
        json="counted",
        csv="counted",
        cn="计入合计",
        kind="flag",
        sheet_kind="yes_no",
        printed=True,
    ),
    Field(
        "certainty",
        attrgetter("certainty"),
        json="certainty",
        csv="certainty",
        cn="确定性",
        kind="certainty",
        printed=True,
    ),
    Field("bound", attrgetter("bound"), json="bound", csv="bound", cn="金额性质", kind="bound"),
    Field("amount", attrgetter("amount"), json="amount", csv="amount", cn="金额(元)", kind="yuan"),
    Field(
        "amount_wan",
        attrgetter("amount"),
        csv="amount_wan",
        cn="金额(万元)",
        kind="wan",
        sheet_kind="amount",  # printed with its nature beside it: 最高 50, 争取 10, 估算 450
        printed=True,
    ),
    Field(
        "funding",
        lambda a: [{"level": lv, "amount": money.json_number(part)} for lv, part in a.funding],
        json="funding",
        kind="data",
    ),
    *(
        Field(
            f"funding_{lv}",
            _payer(lv),
            csv=lv,
            cn=f"{vocab.PAYER_CN[lv]}(万元)",
            kind="yuan",
            sheet_kind="wan",
            printed=True,
        )
        for lv in vocab.PAYER_LEVELS
    ),
    Field("contingent", attrgetter("measure.contingent"), json="contingent", kind="flag", per_measure=True),
    Field("selective", attrgetter("measure.selective"), json="selective", kind="flag", per_measure=True),
    Field("document", attrgetter("document.citation"), csv="document", cn="政策文件", kind="long"),
    Field("document_label", attrgetter("document.label")),
    Field("basis", lambda a: (a.document.label, a.measure.clause), cn="依据", kind="basis", printed=True),
    Field("clause", attrgetter("measure.clause"), csv="clause"),
    # the report's date, in every row of a CSV (where a row stands alone): the writer fills it in
    Field("as_of", lambda a: None, csv="as_of", kind="as_of"),
    Field("quote", attrgetter("measure.quote"), cn="原文", kind="long", printed=True),
    Field("hypothetical", lambda a: bool(a.trigger.get("hypothetical")), csv="hypothetical", cn="假设", kind="flag"),
    Field(
        "window_uncertain",
        attrgetter("window_uncertain"),
        json="window_uncertain",
        csv="window_uncertain",
        cn="窗口待核",
        kind="flag",
    ),
    Field("assessment_year", attrgetter("assessment_year"), json="assessment_year", kind="data"),
    Field("reading", _reading_json, json="reading", kind="data", per_measure=True),
    Field("reading_id", lambda a: f"{a.reading[0].id}={a.reading[1]}" if a.reading else "", csv="reading"),
    Field("reading_text", reading_text, cn="解读", kind="long"),
    Field("departments_cn", lambda a: departments_cn(a.measure), cn="责任单位", kind="long"),
    Field("source", _source, json="source", kind="data", per_measure=True),
    Field("steps", lambda a: list(a.steps), json="steps", cn="计算过程", kind="lines"),
    Field("notes", attrgetter("measure.notes"), json="notes", kind="data", per_measure=True),
    Field(
        "also_covered_by",
        lambda a: [{"document_id": d, "policy": p} for d, p in a.also_covered_by],
        json="also_covered_by",
        kind="data",
    ),
    Field(
        "draft",
        attrgetter("measure.draft"),
        json="draft",
        csv="draft",
        cn=vocab.DRAFT_CN,
        kind="flag",
        per_measure=True,
    ),
    # who handles the measure (责任单位 / 牵头单位, in the document's order) and what the document says with them
    Field("departments", lambda a: list(a.measure.departments), json="departments", kind="data", per_measure=True),
    Field(
        "departments_note",
        attrgetter("measure.departments_note"),
        json="departments_note",
        kind="data",
        per_measure=True,
    ),
    # the amount by the year it is expected (each year of a multi-year base; the assessment year's round)
    Field(
        "by_year",
        lambda a: {str(y): money.json_number(v) for y, v in a.by_year} if a.by_year else None,
        json="by_year",
        kind="data",
    ),
    # the question, the option in effect and what each other option would give: the CSV writer fills it in
    Field("reading_note", lambda a: None, csv="reading_note", kind="reading_note"),
    Field("not_counted_reason", lambda a: not_counted_reason(a), csv="not_counted_reason"),
)
#: In the award's JSON, in order.
JSON_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.json)
#: The CSV columns of an award (after the company's), in order.
CSV_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.csv)
#: The workbook's award columns: those of the printed page first, then the rest, each group in order.
SHEET_FIELDS: tuple[Field, ...] = tuple(f for f in FIELDS if f.cn and f.printed) + tuple(
    f for f in FIELDS if f.cn and not f.printed
)
#: How many of the workbook's award columns make the printed page.
SHEET_PRINTED = sum(1 for f in SHEET_FIELDS if f.printed)


def not_counted_reason(a: Award) -> str:
    """Why ``a`` is not in the total ("" when it is): its status's note; for a stacked award (就高不重复) the step
    naming the award counted instead."""
    if a.counted:
        return ""
    if a.status == "eligible":
        return "文件未载明金额"
    reason = vocab.STATUS[a.status].note
    if a.status == "stacked":
        reason = next((s for s in reversed(a.steps) if s.startswith("就高不重复")), reason)
    return reason


def values(a: Award) -> dict[str, Any]:
    """Every fact of ``a`` by name (raw values: amounts are exact Decimal yuan or None)."""
    return {f.name: f.get(a) for f in FIELDS}
