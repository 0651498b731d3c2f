"""A policy document's text as the drafter reads it: decoded (UTF-8 with or without BOM, UTF-16 with a BOM,
GB18030/GBK), the hosting page's furniture left out (banners, hotlines, breadcrumbs, share buttons, link
lists such as 猜你喜欢 — as in the copies of ``shared/seeds``), and each kept line normalised for reading
(NFKC: full-width digits and punctuation as ASCII, curly quotes straight, no whitespace) with a map back to
the original characters, so that every quote is the original's own words. Pure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from zjtx.policy import sourcetext

#: A policy document is tens of KiB (the largest bundled text is 23 KiB); a text larger than this is refused.
MAX_BYTES = 4 * 1024 * 1024


class DraftError(ValueError):
    """The text cannot be drafted (not text, unknown encoding, empty); the message says why."""


# Characters a Chinese policy text is made of: ASCII, CJK punctuation and ideographs, full-width forms,
# general punctuation, box drawing and enclosed numbers (①). A decoding that yields many others is wrong.
_PLAUSIBLE = re.compile(
    r"[\x09\x0a\x0d\x20-\x7e\u00a0-\u00ff\u2000-\u27ff\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]"
)


def _plausible(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return True
    odd = len(sample) - len(_PLAUSIBLE.findall(sample))
    return odd <= max(2, len(sample) // 50)


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was read in (``utf-8``, ``utf-8-sig``, ``utf-16``, ``gb18030``);
    :class:`DraftError` when it is neither (with the first bad byte's line) or is not text at all."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise DraftError("starts with a UTF-16 byte-order mark but is not UTF-16 text") from None
        if not _plausible(text):
            raise DraftError("starts with a UTF-16 byte-order mark but is not UTF-16 text")
    elif data.startswith(b"\xef\xbb\xbf"):
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError as e:
            line = data[: e.start].count(b"\n") + 1
            raise DraftError(
                f"starts with a UTF-8 byte-order mark but is not UTF-8 (invalid byte 0x{data[e.start]:02x} on line {line})"
            ) from None
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as utf8:
            try:
                text, encoding = data.decode("gb18030"), "gb18030"
            except UnicodeDecodeError:
                line = data[: utf8.start].count(b"\n") + 1
                raise DraftError(
                    f"neither UTF-8 nor GB18030/GBK text (invalid byte 0x{data[utf8.start]:02x} on line {line}); "
                    "save the text as UTF-8"
                ) from None
            if not _plausible(text):
                raise DraftError(
                    "neither UTF-8 nor GB18030/GBK text (it decodes to unlikely characters); save it as UTF-8"
                ) from None
    if "\x00" in text:
        raise DraftError("a binary file (it contains NUL bytes), not the text of a document")
    if not text.strip():
        raise DraftError("the text is empty")
    return text, encoding


# ------------------------------------------------------------------------------------------ furniture

_PHONE = re.compile(r"(?<![0-9])(?:1[3-9][0-9]{9}|400-?[0-9]{3}-?[0-9]{4}|0[0-9]{2,3}-[0-9]{7,8})(?![0-9])")
_FURNITURE_WORDS = (
    "欢迎访问",
    "在线客服",
    "咨询热线",
    "招商热线",
    "服务热线",
    "客服",
    "您的位置",
    "当前位置",
    "首页>",
    "发布日期",
    "发布时间",
    "浏览次数",
    "阅读次数",
    "点击数",
    "来源:",
    "字号",
    "打印本页",
    "关闭窗口",
    "分享到",
    "APP下载",
    "扫一扫",
    "二维码",
    "Copyright",
    "©",
    "版权所有",
    "ICP",
    "备案号",
    "网站地图",
    "关键词:",
    "上一篇",
    "下一篇",
    "责任编辑",
    "【打印】",
    "【关闭】",
)
#: A line that opens the page's list of links: it and everything after it is not the document.
_LINK_LISTS = (
    "猜你喜欢",
    "相关阅读",
    "相关文章",
    "相关推荐",
    "热点推荐",
    "推荐阅读",
    "延伸阅读",
    "相关链接",
    "相关新闻",
    "热门文章",
    "最新文章",
    "相关政策",
)
_ISO_DATE_LINE = re.compile(r"(?:时间:)?[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?")
_GAZETTE = re.compile(r".{0,20}公报[0-9]{4}年(?:第)?[0-9]+期")


def furniture(norm: str) -> bool:
    """Whether a (normalised) line is the hosting page's, not the document's."""
    if not norm:
        return True
    short = len(norm) <= 80
    if short and _PHONE.search(norm):
        return True
    if short and any(w in norm for w in _FURNITURE_WORDS):
        return True
    if _ISO_DATE_LINE.fullmatch(norm) or _GAZETTE.fullmatch(norm):
        return True
    # lll, ad2, 专精特新ad2: a short line with Latin letters and no sentence in it
    return len(norm) <= 15 and re.search(r"[A-Za-z]", norm) is not None and not re.search(r"[。,;:、]", norm)


def link_list(norm: str) -> bool:
    return any(norm.startswith(w) for w in _LINK_LISTS) and len(norm) <= 12


# ------------------------------------------------------------------------------------------ lines


@dataclass
class Line:
    """One kept line: the original text, and its normalised form with, for each of its characters, the index
    of the original character it came from."""

    number: int  # 1-based, in the original text
    raw: str
    norm: str
    where: list[int]

    def quote(self, start: int, end: int) -> str:
        """The original words of ``norm[start:end]``."""
        if start >= end:
            return ""
        return self.raw[self.where[start] : self.where[end - 1] + 1].strip()


_EXTRA = str.maketrans({"∶": ":", "〈": "<", "〉": ">", "﹝": "〔", "﹞": "〕"})


#: A line that opens a clause (第X条, 一、, (一), 1., (1), ①) or is a date: never the rest of the line before.
_OPENS = re.compile(
    r"第[一二三四五六七八九十百零〇0-9]+[章条]|[一二三四五六七八九十]+、|\([一二三四五六七八九十0-9]+\)|[0-9]{1,2}[.、)](?![0-9])|[①-⑳]"
)
_ENDED = tuple('。;:!?)”"」】》')
#: Lines shorter than this are headings or signatures; longer ones that stop mid-sentence were wrapped.
WRAPPED = 25


def lines(text: str) -> list[Line]:
    """The document's lines, furniture and the link list at the end left out. A line that stops mid-sentence
    (at least :data:`WRAPPED` characters, no closing punctuation) and the line after it (no clause marker)
    are one line: a text copied from a PDF breaks its sentences where the page did."""
    out: list[Line] = []
    physical = ""  # the last line as it was in the text (before joining)
    for number, raw in enumerate(text.splitlines(), 1):
        norm, where = sourcetext.normalise(raw)
        norm = norm.translate(_EXTRA)
        if link_list(norm) and out:
            break
        if furniture(norm):
            physical = "" if not norm else physical  # a blank line ends a paragraph
            continue
        last = out[-1] if out else None
        if last is not None and _wrapped(physical, norm):
            shift = len(last.raw)
            out[-1] = Line(last.number, last.raw + raw, last.norm + norm, last.where + [k + shift for k in where])
        else:
            out.append(Line(number, raw, norm, where))
        physical = norm
    return out


_TITLE_ENDS = ("通知", "意见", "办法", "方案", "措施", "要点", "细则", "规定", "政策", "决定", "计划")
_NUMBER_LINE = re.compile(r"[\u4e00-\u9fff]{1,12}[〔\[(【][0-9]{4}[〕\])】]第?[0-9]{1,4}号")
_DATE_LINE = re.compile(
    r"[(]?[0-9〇零一二三四五六七八九十]{4}年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日[)]?"
)


def _wrapped(before: str, after: str) -> bool:
    """Whether ``after`` continues the sentence ``before`` stopped in the middle of (a wrapped line)."""
    return (
        len(before) >= WRAPPED
        and not before.endswith(_ENDED)
        and not before.endswith(_TITLE_ENDS)
        and not _OPENS.match(after)
        and not _DATE_LINE.fullmatch(after)
        and not _NUMBER_LINE.fullmatch(after)
    )


_OPEN, _CLOSE = "([【《〔", ")]】》〕"


def outside(text: str, start: int = 0, end: int | None = None) -> Iterator[int]:
    """The indices of ``text[start:end]`` outside brackets and quotes (the brackets and quotes left out):
    where a list separator or a comma separates, and where an object can end."""
    depth, quoted = 0, False
    for k in range(start, len(text) if end is None else end):
        c = text[k]
        if c in _OPEN:
            depth += 1
        elif c in _CLOSE:
            depth = max(depth - 1, 0)
        elif c == '"':
            quoted = not quoted
        elif not depth and not quoted:
            yield k
