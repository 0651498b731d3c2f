"""The JSON Schema (draft 2020-12) of the company file, generated from the vocabulary, for editors
(Taplo / Even Better TOML read it from the ``#:schema`` line that ``zjtx init`` writes).

The package ships the generated file (``zjtx/company.schema.json``; a test keeps it equal to
:func:`company_schema`). Regenerate it after a vocabulary change with ``python -m zjtx.company.schema --write``.

The schema is an editor's aid: ids are enums (so editors complete them), unknown keys are refused
(``additionalProperties: false``, like the validator), and Chinese names of titles, levels and project
types are admitted as any non-ASCII string, because zjtx folds their spellings (quotes, brackets,
spaces) in ways no enum can list. zjtx's own validation (``zjtx check``) stays the authority, and the
schema agrees with it on what the documentation promises (tests/company/test_one_grammar.py runs one
table of cases through both): amounts and dates are the patterns of check's own grammar
(:func:`zjtx.money.amount_pattern`, :data:`zjtx.company.model.DATE_IN_RANGE`), and an id is taken in any
case with ``_``, ``-``, a space or nothing between its words, as check folds it (``LITTLE_GIANT``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

from zjtx import money, vocab
from zjtx.company.model import DATE_IN_RANGE, MAX_NAME

if TYPE_CHECKING:
    from collections.abc import Iterable

SCHEMA_FILE = Path(__file__).resolve().parent / "company.schema.json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
_CHINESE = {
    "type": "string",
    "pattern": "[^\\u0000-\\u007f]",
    "description": "中文名称 (zjtx check 校验) · a Chinese name, checked by zjtx check",
}


#: The end of a text in ECMA-262 and in Python alike (Python's ``$`` also matches before a final newline).
_END = "$(?!\\n)"
#: A name check accepts: not only spaces, at most MAX_NAME characters.
_NAME = {"type": "string", "minLength": 1, "maxLength": MAX_NAME, "pattern": "\\S"}


def _folded(words: Iterable[str]) -> dict:
    """The ASCII ids among ``words`` as check reads them (vocab.normalise): any case, and ``_``, ``-``, a
    space or nothing between their words (LITTLE_GIANT, Little Giant, littlegiant)."""
    ids = []
    for w in (w for w in words if w.isascii()):
        parts = ["".join(f"[{c.lower()}{c.upper()}]" if c.isalpha() else re.escape(c) for c in p) for p in w.split("_")]
        ids.append("[\\s_-]*".join(parts))
    return {"type": "string", "pattern": f"^\\s*(?:{'|'.join(ids)})\\s*{_END}"}


def _id_of(words: Iterable[str]) -> dict:
    """One of ``words``: as written (an enum, for completion), or an id folded as check folds it."""
    listed = list(words)
    return {"anyOf": [{"enum": listed}, _folded(listed)]}


def _levels(levels: Iterable[str]) -> list[str]:
    return [w for lv in levels for w in (lv, *vocab.level_words(lv))]


def _amount(zero_ok: bool) -> dict:
    """An amount field: a reference to the one definition (its pattern is long)."""
    return {"$ref": f"#/$defs/{'amount_or_zero' if zero_ok else 'amount'}"}


def _amount_definition(zero_ok: bool) -> dict:
    number = {"type": "number", "maximum": 10**12} | ({"minimum": 0} if zero_ok else {"exclusiveMinimum": 0})
    text = {
        "type": "string",
        "pattern": money.amount_pattern(zero_ok),  # check's grammar: 1万亿 at most, full-width forms, no "0,5亿"
        "examples": ["500万", "1.2亿", "3000万元", "5,000,000"],
    }
    return {"anyOf": [number, text]}


def _date() -> dict:
    return {
        "type": "string",
        "format": "date",
        "pattern": f"^{DATE_IN_RANGE}{_END}",  # only 2024-07-15 (1900..2099): never 20240715 or 2024-W29-1
        "title": "日期 date",
        "description": "TOML 日期, 如 2024-07-15 · a TOML date such as 2024-07-15",
    }


def _recognition() -> dict:
    rules = []
    for t in vocab.TITLES.values():
        then: dict = {"properties": {}}
        if not t.levels:
            then["properties"]["level"] = False
        else:
            then["properties"]["level"] = _id_of(_levels(t.levels))
            if len(t.levels) > 1:
                then["required"] = ["level"]
        if not t.renews:
            then["properties"]["review"] = {"const": False}
        rules.append({"if": {"properties": {"title": _id_of([t.id])}, "required": ["title"]}, "then": then})
    titles = "; ".join(f"{t.id} {t.name}" for t in vocab.TITLES.values())
    return {
        "type": "object",
        "title": "认定/荣誉 recognition",
        "description": "公司获得的一项称号或荣誉 · a title or honour the company obtained",
        "additionalProperties": False,
        "required": ["title", "date"],
        "properties": {
            "title": {
                "title": "称号 title",
                "description": "称号 id 或中文名 (可带层级前缀, 如 省级专精特新中小企业); 全部见 zjtx titles · "
                "a title id or Chinese name (a level may lead: 省级…): " + titles,
                "anyOf": [*_id_of(vocab.TITLES)["anyOf"], _CHINESE],
            },
            "level": {
                "title": "层级 level",
                "description": "international 国际 · national 国家级 · industry 行业 · provincial 省级 · municipal 市级; "
                "称号只有一个层级时可省略 · optional when the title has only one level",
                "anyOf": [*_id_of(reversed(vocab.LEVELS))["anyOf"], _CHINESE],
            },
            "date": _date()
            | {"title": "认定日期 date", "description": "认定日期, 如 2024-07-15 · the date it was recognised"},
            "review": {
                "type": "boolean",
                "default": False,
                "title": "动态复核 / 重新认定 review",
                "description": "true: 本条是通过动态复核 (高新技术企业: 期满重新认定); false: 新认定 (含期满失效后重新获得); "
                "不写时, 同一称号、同一层级、日期在后的一条按复核/重新认定计 · true when this is passing a dynamic "
                "re-review (动态复核) or, for high_tech, the re-certification (重新认定); false: a new recognition (also "
                "one won anew after a lapse); left out, a later entry of a title and level already listed is its renewal",
            },
            "name": _NAME
            | {
                "title": "名称 name",
                "description": "可选: 哪一项 (标准号、平台名称); 名称不同的两条不算重复 · optional: which one (a standard's "
                "number, a platform's name); two recognitions that differ in name are not duplicates",
            },
            "note": {
                "type": "string",
                "title": "备注 note",
                "description": "备注, 不参与计算 · a note, not used in any calculation",
            },
        },
        "allOf": rules,
    }


def _project() -> dict:
    fields = {f for p in vocab.PROJECT_TYPES.values() for f in p.fields}
    properties: dict = {
        "type": {
            "title": "项目类型 type",
            "description": "项目类型 id 或中文名 (技改, 首台套 …); 全部见 zjtx titles · a project type id or Chinese name: "
            + "; ".join(f"{p.id} {p.name}" for p in vocab.PROJECT_TYPES.values()),
            "anyOf": [*_id_of(vocab.PROJECT_TYPES)["anyOf"], _CHINESE],
        },
        "date": _date() | {"description": "项目日期 (如列入名单、投产的日期), 如 2024-05-01 · the project's date"},
        "name": {"type": "string", "maxLength": MAX_NAME, "title": "项目名称 name", "description": "可选 · optional"},
        "note": {
            "type": "string",
            "title": "备注 note",
            "description": "备注, 不参与计算 · a note, not used in any calculation",
        },
    }
    for f in sorted(fields):
        properties[f] = {
            "title": f"{vocab.FIELD_CN[f]} {f}",
            "description": f'{vocab.FIELD_CN[f]}, 元 (可写 "500万", "1.2亿") · yuan',
        }
    rules = []
    for p in vocab.PROJECT_TYPES.values():
        then: dict = {"required": list(p.required), "properties": dict.fromkeys(sorted(fields - set(p.fields)), False)}
        for f, kind in p.fields.items():
            one = _amount(f in p.zero_ok)
            if kind == "amount_list":
                one = {"anyOf": [one, {"type": "array", "minItems": 1, "maxItems": vocab.MAX_LIST_YEARS, "items": one}]}
            then["properties"][f] = one
        names = [p.id, p.name, *p.aliases]
        rules.append({"if": {"properties": {"type": _id_of(names)}, "required": ["type"]}, "then": then})
    return {
        "type": "object",
        "title": "项目 project",
        "description": "按金额计算的项目 · a money-based measure (技改, 首台套 …)",
        "additionalProperties": False,
        "required": ["type", "date"],
        "properties": properties,
        "allOf": rules,
    }


def company_schema() -> dict:
    company = {
        "type": "object",
        "title": "公司 company",
        "additionalProperties": False,
        "required": ["name", "city"],
        "properties": {
            "name": _NAME | {"title": "公司名称 name"},
            "city": {
                "type": ["string", "integer"],
                "title": "城市 city",
                "description": "任一地级市、自治州、地区、盟、直辖市: 中文名 (潍坊 / 潍坊市)、拼音 (weifang) 或 GB/T 2260 代码 "
                '("370700"); 有政策文件的城市见 zjtx cities · any city: Chinese name, pinyin or GB/T 2260 code; '
                "`zjtx cities` lists those with documents, `zjtx cities --all` every one",
            },
            "district": {
                "type": "string",
                "maxLength": MAX_NAME,
                "title": "区县/园区 district",
                "description": "可选: 该市的县级区划 (全称) 或其政策文件列明的园区 (决定部分出资分担) · optional: a "
                "county-level division of the city (whole name) or a zone its documents name",
            },
        },
    }
    return {
        "$schema": DRAFT,
        "$id": "urn:zjtx:company-file",
        "title": "zjtx 公司文件 company file",
        "description": "zjtx check 读取的公司文件: [company], [[recognitions]], [[projects]] · the company file zjtx check reads",
        "type": "object",
        "additionalProperties": False,
        "required": ["company"],
        "properties": {
            "company": company,
            "recognitions": {
                "type": "array",
                "maxItems": 1000,
                "title": "认定/荣誉 recognitions",
                "items": {"$ref": "#/$defs/recognition"},
            },
            "projects": {
                "type": "array",
                "maxItems": 1000,
                "title": "项目 projects",
                "items": {"$ref": "#/$defs/project"},
            },
        },
        "$defs": {
            "recognition": _recognition(),
            "project": _project(),
            "amount": _amount_definition(zero_ok=False),
            "amount_or_zero": _amount_definition(zero_ok=True),
        },
    }


def dumps(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":  # python -m zjtx.company.schema [--write]
    import sys

    text = dumps(company_schema())
    if sys.argv[1:] == ["--write"]:
        SCHEMA_FILE.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
