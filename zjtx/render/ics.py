"""An iCalendar file (RFC 5545) of what falls due (``-o 日程.ics``): one VCALENDAR, one all-day VEVENT per
:class:`zjtx.awards.calendar.Event` — UID (the same event always gets the same one, so importing a newer
file updates rather than duplicates), DTSTAMP, DTSTART;VALUE=DATE and DTEND the day after, SUMMARY,
DESCRIPTION, CATEGORIES. Lines end in CRLF and are folded at 75 octets without splitting a character;
text is escaped (``\\\\ ; , \\n``) after control and bidi characters are made visible."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import IO

from zjtx import __version__
from zjtx.awards.calendar import KINDS, Event, merged
from zjtx.io.textsafe import visible

CRLF = "\r\n"


def escape(text: str) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon, comma and newline escaped."""
    text = visible(text, newlines=True).replace("\r", "")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """A content line folded at 75 octets (RFC 5545 3.1): CRLF and a space, never inside a UTF-8 character."""
    out: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8", "surrogatepass"))
        if size + n > (75 if not out else 74):  # a continuation line starts with its space
            out.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += n
    out.append("".join(current))
    return (CRLF + " ").join(out) + CRLF


def _date(day: dt.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def write_calendar(
    events: Iterable[Event],
    out: IO[str],
    *,
    prepared_by: str | None = None,
    now: dt.datetime | None = None,
    fallback: dt.date | None = None,
    companies: list[str] | None = None,
) -> None:
    """The events, merged (one per UID) and by date, as one calendar. With no event at all the calendar still
    holds one (RFC 5545 wants a component): a note on ``fallback`` (default today) that nothing falls due."""
    stamp = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    found = merged(events)
    companies = list(dict.fromkeys([*(companies or []), *(c for e in found for c in e.companies)]))
    name = companies[0] if len(companies) == 1 else f"{len(companies)} 家企业"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//zjtx//zjtx {__version__}//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(f'专精特新 到期事项 — {name}')}",
    ]
    if prepared_by:
        lines.append(f"X-WR-CALDESC:{escape(f'编制: {prepared_by}')}")
    if not found:
        day = fallback or dt.date.today()
        nothing = "公司文件中没有有期限的称号、计划事件,所在城市也没有定有终止日期的政策文件"
        found = [Event("note", day, "zjtx: 没有到期事项", nothing, f"none|{day}")]
    for e in found:
        description = e.description
        if len(e.companies) > 1:
            description += "\n涉及企业: " + "、".join(e.companies)
        if prepared_by:
            description += f"\n编制: {prepared_by}"
        lines += [
            "BEGIN:VEVENT",
            f"UID:{e.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{_date(e.date)}",
            *([f"DTEND;VALUE=DATE:{_date(e.date + dt.timedelta(days=1))}"] if e.date < dt.date.max else []),
            f"SUMMARY:{escape(e.summary)}",
            f"DESCRIPTION:{escape(description)}",
            f"CATEGORIES:{escape(KINDS.get(e.kind, e.kind))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    out.write("".join(fold(line) for line in lines))
