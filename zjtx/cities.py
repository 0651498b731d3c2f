"""The supported cities and how a user may name them: Chinese name (潍坊 / 潍坊市), pinyin (weifang)
or GB/T 2260 code ("370700"). A name that is unsupported or ambiguous is refused with the list of
supported cities — never guessed. 宿州 (Anhui, 341300) is not 苏州 (Jiangsu, 320500).
"""

from __future__ import annotations

from dataclasses import dataclass
from zjtx.vocab import closest, normalise, text_cache


@dataclass(frozen=True)
class City:
    code: str
    name: str
    province: str
    pinyin: str
    aliases: tuple[str, ...] = ()


CITIES: dict[str, City] = {
    c.code: c
    for c in (
        City("370700", "潍坊市", "山东省", "weifang"),
        City("630100", "西宁市", "青海省", "xining"),
        City("341300", "宿州市", "安徽省", "suzhou-anhui", ("suzhou,anhui", "anhuisuzhou", "suzhouah", "宿州市安徽", "安徽宿州", "安徽省宿州市")),
        City("371100", "日照市", "山东省", "rizhao"),
        City("421100", "黄冈市", "湖北省", "huanggang"),
    )
}

#: Names that look like a supported city but are not one of them.
_NOT_SUPPORTED = {
    "苏州": "苏州市 (江苏, 320500) is not supported — did you mean 宿州市 (安徽, 341300)?",
    "苏州市": "苏州市 (江苏, 320500) is not supported — did you mean 宿州市 (安徽, 341300)?",
    "320500": "320500 is 苏州市 (江苏), which is not supported — did you mean 341300 宿州市 (安徽)?",
    "suzhou": '"suzhou" is ambiguous: 宿州市 (安徽, 341300) or 苏州市 (江苏, 320500, not supported); write 宿州, 341300 or suzhou-anhui',
    "suzhoushi": '"suzhoushi" is ambiguous: 宿州市 (安徽, 341300) or 苏州市 (江苏, 320500, not supported); write 宿州, 341300 or suzhou-anhui',
    "suzhoujiangsu": "苏州市 (江苏, 320500) is not supported",
    "jiangsusuzhou": "苏州市 (江苏, 320500) is not supported",
}

_INDEX: dict[str, str] = {}
for _c in CITIES.values():
    for _n in (_c.code, _c.name, _c.name.removesuffix("市"), _c.pinyin, _c.pinyin + "shi", *_c.aliases):
        _INDEX[normalise(_n).replace(",", "")] = _c.code


class CityError(ValueError):
    pass


def supported_list() -> str:
    return ", ".join(f"{c.name} {c.code} ({c.pinyin})" for c in CITIES.values())


def resolve_city(value: object) -> City:
    """The supported city named by ``value``, or :class:`CityError` naming the supported ones."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise CityError(f"expected a city name or code as a string, got {type(value).__name__}")
    return _resolve_city_text(str(value).strip())


@text_cache(256)
def _resolve_city_text(text: str) -> City:
    key = normalise(text).replace(",", "").replace("，", "")
    if key in _NOT_SUPPORTED:
        raise CityError(_NOT_SUPPORTED[key] + "; supported: " + supported_list())
    code = _INDEX.get(key)
    if code is not None:
        return CITIES[code]
    hint = closest(key, _INDEX, n=2)
    names = list(dict.fromkeys(CITIES[_INDEX[h]].name for h in hint))
    suggestion = f" (did you mean {' or '.join(names)}?)" if names else ""
    raise CityError(f'unsupported city "{text}"{suggestion}; supported: ' + supported_list())
