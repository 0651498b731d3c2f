"""``zjtx init``: the questionnaire that writes a company file. Each answer is validated with the same
functions as ``zjtx check`` (re-asked when wrong), so the written file passes ``zjtx check`` unchanged."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, TextIO, TypeVar

from zjtx import money, vocab
from zjtx.places import CityError, resolve_city

T = TypeVar("T")


def line_editing() -> bool:
    """Turn on line editing (arrows, Ctrl-A/E, history) for ``input()`` where the platform has readline."""
    try:
        import readline  # noqa: F401  (importing it is what enables editing in input())
    except ImportError:
        return False
    return True


class Asker:
    """Reads answers line by line from ``inp`` and writes prompts to ``out`` (testable with any streams).
    With ``edit`` (a terminal, and readline available), answers are read by ``input()``: line editing."""

    def __init__(self, inp: TextIO, out: TextIO, edit: bool = False):
        self.inp, self.out, self.edit = inp, out, edit

    def line(self, prompt: str, default: str | None = None) -> str:
        shown = f"{prompt} [{default}]: " if default else f"{prompt}: "
        ended = EOFError("input ended before the questionnaire was finished")
        if self.edit:
            try:
                answer = input(shown)
            except EOFError:
                raise ended from None
            return answer.strip() or (default or "")
        self.out.write(shown)
        self.out.flush()
        answer = self.inp.readline()
        if answer == "":
            raise ended
        answer = answer.strip()
        return answer or (default or "")

    def ask(self, prompt: str, parse: Callable[[str], T], default: str | None = None) -> T:
        while True:
            answer = self.line(prompt, default)
            try:
                return parse(answer)
            except ValueError as e:
                self.out.write(f"  ✗ {e}\n")

    def yes(self, prompt: str, default: bool = False) -> bool:
        def parse(a: str) -> bool:
            a = a.lower()
            if a in ("y", "yes", "是", "1"):
                return True
            if a in ("n", "no", "否", "0"):
                return False
            raise ValueError("answer y or n")

        return self.ask(prompt + " (y/n)", parse, "y" if default else "n")


def _nonempty(a: str) -> str:
    if not a:
        raise ValueError("must not be empty")
    return a


def _date(a: str) -> dt.date:
    from zjtx.company.model import date_text, iso_date, out_of_range

    day = date_text(iso_date(a) or a)  # 2024/7/15 and 2024年7月15日 are taken too: the file gets 2024-07-15
    if day is None:
        raise ValueError("expected a date such as 2024-07-15")
    wrong = out_of_range(day)
    if wrong is not None:
        raise ValueError(wrong)
    return day


def _amount(zero_ok: bool) -> Callable[[str], str]:
    def parse(a: str) -> str:
        d = money.parse_amount(a)  # AmountError is a ValueError
        if d == 0 and not zero_ok:
            raise ValueError("must be greater than 0")
        return a

    return parse


def questionnaire(asker: Asker) -> dict[str, Any]:
    """The answers as a company file's tables (what :func:`to_toml` writes)."""
    out = asker.out
    out.write("zjtx init — 回答以下问题生成公司文件 (直接回车取方括号中的默认值)\n")
    name = asker.ask("公司名称 company name", _nonempty)
    out.write("城市: 中文名、拼音或 GB/T 2260 代码 (`zjtx cities` 列出有政策文件的城市)\n")

    def city(a: str) -> str:
        try:
            return resolve_city(a).name
        except CityError as e:
            raise ValueError(str(e)) from None

    company = {"name": name, "city": asker.ask("所在城市 city", city)}
    district = asker.line("区县/园区 district (可留空)")
    if district:
        company["district"] = district
    data: dict[str, Any] = {"company": company}

    recognitions: list[dict[str, object]] = []
    while asker.yes("添加一项认定/荣誉? add a recognition", default=not recognitions):
        title_id, named_level = asker.ask(
            "称号 title (id 或中文名, 如 little_giant / 省级专精特新中小企业; 全部: zjtx titles)", _title
        )
        title = vocab.TITLES[title_id]
        rec: dict[str, object] = {"title": title_id}
        if named_level is not None:
            rec["level"] = named_level
        elif len(title.levels) > 1:
            rec["level"] = asker.ask(
                f"层级 level ({' / '.join(title.levels)})", functools.partial(_level, title=title), title.levels[0]
            )
        elif title.levels:
            rec["level"] = title.levels[0]
        rec["date"] = asker.ask("认定日期 date (YYYY-MM-DD)", _date)
        if title.review and asker.yes("这是通过动态复核 (re-review) 吗?", default=False):
            rec["review"] = True
        elif title.review and any(
            (r["title"], r.get("level")) == (rec["title"], rec.get("level")) for r in recognitions
        ):
            rec["review"] = False  # said so: a new one (else a later entry of a title held is read as its renewal)
        same = [
            r
            for r in recognitions
            if (r["title"], r.get("level"), r.get("review", False))
            == (rec["title"], rec.get("level"), rec.get("review", False))
        ]
        if same or title_id == "standard":
            # Two of the same title (two standards, two platforms) are two events only when their names differ.
            prompt = "名称 name (区分同一称号的多项: 标准号、平台名称" + ("; 必填" if same else "; 可留空") + ")"
            taken, need = {r.get("name") for r in same}, bool(same)
            name = asker.ask(prompt, functools.partial(_rec_name, taken=taken, required=need))
            if name:
                rec["name"] = name
        recognitions.append(rec)
    if recognitions:
        data["recognitions"] = recognitions

    projects: list[dict[str, object]] = []
    types = " / ".join(vocab.PROJECT_TYPES) + "; 或中文名, 如 技改 / 首台套"
    while asker.yes("添加一个项目? add a project", default=False):
        ptype = vocab.PROJECT_TYPES[asker.ask(f"类型 type ({types})", _ptype)]
        proj: dict[str, object] = {"type": ptype.id}
        label = asker.line("项目名称 name (可留空)")
        if label:
            proj["name"] = label
        proj["date"] = asker.ask("日期 date (YYYY-MM-DD)", _date)
        for fname, kind in ptype.fields.items():
            zero_ok = fname in ptype.zero_ok
            prompt = f"{vocab.FIELD_CN[fname]} {fname} (元, 可写 500万 / 1.2亿)"
            if kind == "amount_list":
                proj[fname] = asker.ask(
                    prompt + ", 最多三年, 用逗号分隔", functools.partial(_amount_list, zero_ok=zero_ok)
                )
            elif fname not in ptype.required:  # an optional amount, used by another reading of a clause: not asked
                continue
            else:
                proj[fname] = asker.ask(prompt, _amount(zero_ok))
        projects.append(proj)
    if projects:
        data["projects"] = projects
    return data


def _rec_name(answer: str, taken: set[object], required: bool) -> str:
    from zjtx.company.model import MAX_NAME

    name = answer.strip()
    if required and not name:
        raise ValueError("已有同一称号的一项: 请写名称 (如标准号 GB/T 12345-2024) 以区分")
    if len(name) > MAX_NAME:
        raise ValueError(f"至多 {MAX_NAME} 个字符")
    if name and name in taken:
        raise ValueError(f"已有名称为 {name} 的同一称号; 换一个名称")
    return name


def _title(a: str) -> tuple[str, str | None]:
    try:
        return vocab.resolve_title_level(a)
    except vocab.VocabError as e:
        raise ValueError(str(e)) from None


def _level(a: str, title: vocab.Title) -> str:
    try:
        return vocab.resolve_level(a, title)
    except vocab.VocabError as e:
        raise ValueError(str(e)) from None


def _ptype(a: str) -> str:
    try:
        return vocab.resolve_project_type(a)
    except vocab.VocabError as e:
        raise ValueError(str(e)) from None


def _amount_list(a: str, zero_ok: bool) -> list[str]:
    items = [x.strip() for x in a.replace("，", ",").split(",") if x.strip()]
    if not 1 <= len(items) <= vocab.MAX_LIST_YEARS:
        raise ValueError(f"give 1 to {vocab.MAX_LIST_YEARS} yearly amounts separated by commas")
    for x in items:
        d = money.parse_amount(x)
        if d == 0 and not zero_ok:
            raise ValueError("must be greater than 0")
    return items


def to_toml(data: dict[str, Any], header: str = "") -> str:
    """The company file as people write it: [company], then [[recognitions]], then [[projects]] — each
    table through tomli-w (which would otherwise put short arrays of tables inline, above [company])."""
    import tomli_w

    parts = [header] if header else []
    parts.append("[company]\n" + tomli_w.dumps(data["company"]))
    for key in ("recognitions", "projects"):
        for item in data.get(key, []):
            parts.append(f"[[{key}]]\n" + tomli_w.dumps(item))
    return "\n".join(parts)
