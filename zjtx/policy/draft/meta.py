"""A document's metadata from its text: title, issuer, number (文号), issue date and window. Pure.

- **title**: the first line that names a document (关于…, or ends in 通知 / 意见 / 办法 / 方案 / 措施 / 要点 /
  细则 / 规定 / 政策 …); "X关于印发《Y》的通知" → Y, issued by X; "X关于Y" → 关于Y, issued by X. A hosting
  page's prefix ("潍坊市"专精特新"奖励政策:") and a note in brackets about its phone numbers are dropped. No
  such line: the first 《…》 of the text.
- **issuer**: from the title, else the line just above the date under the signature.
- **number**: a line that is only a 文号 (湖政办发〔2026〕8号, 洛政〔2025〕21号, 宁政办〔2023〕32 号) in the
  head of the text; a number cited inside a paragraph (根据…(鄂政办发〔2020〕61号)) is another document's.
- **issued**: a line that is only a date (2026年3月15日, 二〇二六年三月十五日), in the head or at the end.
- **window**: "自2026年4月1日起施行" / "自印发之日起施行(实施)" / "有效期至2028年12月31日" / "有效期三年"
  (→ the end it implies, with a note) / "(2021—2023年)" in the title (with a note); else from the issue
  date with no end, said in a note.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from zjtx.policy.draft import numerals
from zjtx.policy.draft.text import Line

_DOC_ENDINGS = (
    "通知",
    "意见",
    "实施意见",
    "办法",
    "方案",
    "措施",
    "要点",
    "细则",
    "规定",
    "政策",
    "决定",
    "计划",
    "规划",
    "条例",
    "指南",
    "若干措施",
    "若干政策",
)
_ORGAN = re.compile(
    r".*(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|领导小组|管委会|管理委员会|局|厅|委|政府)$"
)
_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})[〔\[(【]([0-9]{4})[〕\])】]第?([0-9]{1,4})号")
_SITE_PREFIX = re.compile(r"^[^:]{2,40}?(?:政策|解读|专栏|资讯|文件|公告)[:]")
_PHONE_NOTE = re.compile(r"\([^()]*(?:电话|热线|客服)[^()]*\)")


@dataclass
class Meta:
    title: str | None = None
    issuer: str | None = None
    number: str | None = None
    issued: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    body: int = 0  # index of the first line of the document's own text (after the notice's head)


def _clean_title(norm: str, raw: str) -> str:
    """A title line as written (original characters; spaces between Chinese characters dropped)."""
    text = re.sub(r"(局|厅|委员会|办公室|政府|委)\s+(?=[\u4e00-\u9fff])(?!关于)", r"\1、", raw.strip())  # 两个发文机关
    text = re.sub(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])", "", text)
    text = _PHONE_NOTE.sub("", text.replace("（", "(").replace("）", ")"))
    colon = max(text.rfind(":"), text.rfind("："))
    if colon >= 0 and "关于" in text[colon + 1 :]:
        text = text[colon + 1 :]
    return text.strip()


def _split_title(title: str) -> tuple[str, str | None]:
    """(title, issuer) from "X关于印发《Y》的通知" / "X关于印发Y的通知" / "X关于Y"."""
    m = re.match(r"(.{2,40}?)关于印发[《<]?(.+?)[》>]?的通知$", title)
    if m:
        return m.group(2).strip('《》<>"“”'), m.group(1)
    m = re.match(r"(.{2,40}?)(关于.+)$", title)
    if m and _ORGAN.fullmatch(m.group(1)):
        return m.group(2), m.group(1)
    return title, None


def _is_title(norm: str) -> bool:
    if len(norm) < 6 or len(norm) > 120 or norm.endswith(("。", ":", ";")):
        return False
    core = re.sub(r"\([^()]*\)$", "", norm)
    return "关于" in norm or core.endswith(_DOC_ENDINGS)


def _date_line(line: Line) -> dt.date | None:
    found = numerals.dates(line.norm)
    if len(found) == 1:
        a, b, day = found[0]
        if b - a >= len(line.norm) - 2:  # only the date (perhaps in brackets)
            return day
    return None


def read(lines: list[Line]) -> Meta:
    """The metadata of a document (see the module docstring)."""
    meta = Meta()
    for k, line in enumerate(lines[:12]):  # the head: up to the first sentence or the salutation (各…:)
        if line.norm.endswith("。") or (line.norm.endswith(":") and line.norm.startswith("各")):
            break
        if _is_title(line.norm):
            meta.title = _clean_title(line.norm, line.raw)
            meta.body = k + 1
            break
    if meta.title:
        meta.title, meta.issuer = _split_title(meta.title)
    for k, line in enumerate(lines[:15]):
        m = _NUMBER.fullmatch(line.norm)
        if m:
            meta.number = f"{m.group(1)}〔{m.group(2)}〕{m.group(3)}号"
            meta.body = max(meta.body, k + 1)
            break
    dated = [(k, d) for k, line in enumerate(lines) if (d := _date_line(line)) is not None]
    early = [(k, d) for k, d in dated if k < 25]
    if early:
        k, meta.issued = early[0]
        meta.body = max(meta.body, k + 1)
        above = lines[k - 1].norm if k else ""
        if meta.issuer is None and _ORGAN.fullmatch(above) and len(above) <= 40:
            meta.issuer = lines[k - 1].raw.strip()
    elif dated and dated[-1][0] >= len(lines) - 3:
        k, meta.issued = dated[-1]
        above = lines[k - 1].norm if k else ""
        if meta.issuer is None and _ORGAN.fullmatch(above) and len(above) <= 40:
            meta.issuer = lines[k - 1].raw.strip()
    if meta.title is None:
        for line in lines[:40]:
            m = re.search(r"《([^《》]{6,80})》", line.raw)
            if m:
                meta.title = m.group(1)
                break
    _window(lines, meta)
    return meta


_FROM = re.compile(r"自(?P<date>[^起]{6,16}?)起(?:施行|实施|执行|生效)")
_ISSUED_FROM = re.compile(r"自(?:印发|发布|公布)之日起(?:施行|实施|执行|生效)")
_UNTIL = re.compile(r"有效期(?:至|到)(?P<date>[^,。;]{6,16}?日)")
_YEARS = re.compile(r"有效期(?:为)?(?P<n>[0-9一二三四五六七八九十两]{1,3})年")
_SPAN = re.compile(r"\((?P<a>20[0-9]{2})(?:年)?[—\-–~至到](?P<b>20[0-9]{2})年?\)")


def _window(lines: list[Line], meta: Meta) -> None:
    body = "\n".join(line.norm for line in lines[meta.body :])
    whole = "\n".join(line.norm for line in lines)
    # the document's own text first; the notice that issues it may say it instead (本办法自…起施行)
    text = body if any(p.search(body) for p in (_FROM, _ISSUED_FROM, _UNTIL, _YEARS)) else whole
    m = _FROM.search(text)
    if m and (found := numerals.dates(m.group("date"))):
        meta.start = found[0][2]
    elif _ISSUED_FROM.search(text):
        meta.start = meta.issued
        if meta.issued is None:
            meta.notes.append("自印发之日起施行,但本文本未载印发日期: 有效期起点待核(window.from 记为 null)")
    m = _UNTIL.search(text)
    if m and (found := numerals.dates(m.group("date"))):
        meta.end = found[0][2]
    elif (y := _YEARS.search(text)) is not None:
        n = numerals.chinese_int(y.group("n")) if not y.group("n").isdigit() else int(y.group("n"))
        base = meta.start or meta.issued
        if n and base is not None:
            try:
                meta.end = base.replace(year=base.year + n) - dt.timedelta(days=1)
            except ValueError:  # 29 February
                meta.end = dt.date(base.year + n, 2, 28)
            meta.notes.append(f'"{y.group(0)}": 有效期终点由起点 {base} 推算为 {meta.end}(推算,请核对)')
    if meta.start is None and meta.end is None and meta.title:
        span = _SPAN.search(meta.title.replace("（", "(").replace("）", ")"))
        single = re.search(r"(20[0-9]{2})年(?:度)?工作要点", meta.title)
        if span:
            a, b = int(span.group("a")), int(span.group("b"))
            meta.start = meta.issued or dt.date(a, 1, 1)
            meta.end = dt.date(b, 12, 31)
            meta.notes.append(
                f"文本未写施行期限: 有效期由标题({a}—{b}年)推算为 {meta.start} 至 {meta.end}(推算,请核对)"
            )
        elif single:
            year = int(single.group(1))
            meta.start = meta.issued or dt.date(year, 1, 1)
            meta.end = dt.date(year, 12, 31)
            meta.notes.append(
                f"文本未写施行期限: {year}年度工作要点,有效期推算为 {meta.start} 至 {meta.end}(推算,请核对)"
            )
    if meta.start is None and meta.end is None:
        meta.start = meta.issued
        meta.notes.append(
            "文本未写施行日期与有效期: 有效期起点取印发日期"
            + (f" {meta.issued}" if meta.issued else "(未载)")
            + ",终点未写(请核对)"
        )
    elif meta.start is None and meta.issued is not None and not _ISSUED_FROM.search(text):
        meta.start = meta.issued
        meta.notes.append(f"文本未写施行日期: 有效期起点取印发日期 {meta.issued}(请核对)")
