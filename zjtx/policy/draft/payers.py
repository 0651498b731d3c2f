"""Who pays, and how certain the money is, from the words of a clause. Pure.

- one payer: 市级财政 / 市财政 / 市本级财政 / 市级专项(资金) → municipal; 省级财政 / 省级…专项资金 → provincial;
  县(市、区)财政 / 区县财政 / 县级财政 / 由企业所在县(市、区)财政承担 → county;
- splits: a ratio after the payers named in order ("由市、区县两级财政按1:1比例分担", "由省和市根据财政事权8:2
  比例承担"), a share per payer ("其中市级财政承担40%,区县财政承担60%"), one share for each
  ("市、县(区)或园区财政分别承担50%", "各承担50%", "各半"); shares that do not add up to 1 are no split;
- 争取省级 / 争取国家 → contingent (and, for 省级, the province pays); 择优 → selective;
- a document-level default: "本办法所需资金除另有规定外,由市级财政承担" (what follows 除…外 is the rule;
  "按现行财政体制分担" names no payer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from zjtx.policy.draft import numerals

_TOKEN = re.compile(
    r"县\(市、?区\)|区\(县、?市\)|县\(区、?市\)|县\(市\)区|县\(区\)|县\(市\)|县市区|县区|区县|县级|县|"
    r"市本级|市级|市|省本级|省级|省|园区|开发区|功能区|区"
)
_PAYER_OF = {"省": "provincial", "市": "municipal"}
_FINANCE = r"(?:两级|三级|各级)?(?:财政|政府)"


def _payer(token: str) -> str:
    return _PAYER_OF.get(token[0], "county")


def _tokens(text: str) -> list[tuple[int, str]]:
    """The payer levels named in ``text``, in order, with consecutive repeats folded (县(区)或园区 → county)."""
    out: list[tuple[int, str]] = []
    for m in _TOKEN.finditer(text):
        level = _payer(m.group(0))
        if not out or out[-1][1] != level:
            out.append((m.start(), level))
    return out


@dataclass
class Payer:
    shares: tuple[tuple[str, Fraction], ...] | None  # None: no payer named
    contingent: bool = False
    selective: bool = False
    note: str | None = None


_SINGLE = re.compile(
    r"(?P<who>县\(市、?区\)|区\(县、?市\)|县\(市\)区|县市区|区县|县区|县级|市本级|市级|市|省本级|省级|省)"
    r"(?:(?:级|本级)?财政|[^,;。、]{0,12}?专项资金|级?专项)"
)
_OWN = re.compile(r"由(?:企业)?所在(?:地)?(?P<who>县\(市、?区\)|县市区|区县|县区|县|市|区)(?:级)?(?:财政|政府)")
_SUBJECT = re.compile(  # 县(市、区)再按…给予配套奖励: the level that tops up pays
    r"(?P<who>县\(市、?区\)|区\(县、?市\)|县市区|区县|县区|县级|市级|省级|市|省|县)(?:级)?(?:财政|政府)?(?:再|另|同步|配套)"
)
_PCT_EACH = re.compile(r"(?:分别|各)(?:承担|负担|分担|出资)?(?P<pct>[0-9]{1,3})%")
_PCT_PAIR = re.compile(
    r"(?P<who>县\(市、?区\)|县市区|区县|县区|县级|市本级|市级|省级|市|省|县|区)(?:级)?(?:财政)?(?:承担|负担|出资)(?P<pct>[0-9]{1,3})%"
)


def _fractions(levels: list[str], parts: list[Fraction]) -> tuple[tuple[str, Fraction], ...] | None:
    if len(levels) != len(parts) or len(set(levels)) != len(levels) or sum(parts) != 1:
        return None
    return tuple(zip(levels, parts, strict=True))


def shares_of(text: str) -> tuple[tuple[tuple[str, Fraction], ...] | None, str | None]:
    """The payer shares ``text`` states, and a note when it names payers without their shares."""
    pairs = [(_payer(m.group("who")), Fraction(int(m.group("pct")), 100)) for m in _PCT_PAIR.finditer(text)]
    if len(pairs) >= 2:
        found = _fractions([lv for lv, _ in pairs], [s for _, s in pairs])
        if found:
            return found, None
    for start, _end, parts in numerals.ratios(text):
        window = text[max(0, start - 30) : start]
        if not re.search(r"比例|分担|承担|负担|按", text[start : start + 8] + window[-6:]):
            continue
        window = window.split(",")[-1].split(";")[-1]
        levels = [lv for _, lv in _tokens(window)]
        total = sum(parts)
        found = _fractions(levels, [Fraction(p, total) for p in parts])
        if found:
            return found, None
    each = _PCT_EACH.search(text)
    if each:
        window = text[max(0, each.start() - 30) : each.start()].split(",")[-1]
        levels = [lv for _, lv in _tokens(window)]
        share = Fraction(int(each.group("pct")), 100)
        found = _fractions(levels, [share] * len(levels))
        if found:
            return found, None
    half = re.search(r"各半|各承担一半|各负担一半", text)
    if half:
        levels = [lv for _, lv in _tokens(text[max(0, half.start() - 30) : half.start()].split(",")[-1])]
        found = _fractions(levels, [Fraction(1, 2)] * 2) if len(levels) == 2 else None
        if found:
            return found, None
    own = _OWN.search(text) or _SUBJECT.match(text)
    if own:
        return ((_payer(own.group("who")), Fraction(1)),), None
    singles = list(dict.fromkeys(_payer(m.group("who")) for m in _SINGLE.finditer(text)))
    if len(singles) == 1:
        return ((singles[0], Fraction(1)),), None
    if len(singles) > 1 and re.search(_FINANCE + r"|承担|分担|负担", text):
        return None, "文中列出多级出资方但未写份额,出资记为未明确(请核对)"
    return None, None


def payer(text: str) -> Payer:
    """The payer, certainty and selectivity a clause's words (its object left out) state."""
    shares, note = shares_of(text)
    contingent = re.search(r"争取(?:省|国家|中央|上级)", text) is not None
    if contingent and shares is None and re.search(r"争取省", text):
        shares = (("provincial", Fraction(1)),)
    return Payer(shares, contingent, "择优" in text, note)


_DEFAULT = re.compile(
    r"(?:本办法|本意见|本实施意见|本措施|本政策|本细则|本方案|本通知|本规定|上述|以上|各项|所需)[^。]{0,16}?"
    r"(?:资金|经费|支出|奖励|政策)|(?:奖励|补助|奖补|扶持)资金"
)


def document_default(sentence: str) -> tuple[tuple[tuple[str, Fraction], ...] | None, bool]:
    """A document-level payer rule in ``sentence``: (shares or None for 未明确, True when it is such a rule)."""
    if not _DEFAULT.match(sentence) or not re.search(r"承担|分担|负担|列支|兑现|解决", sentence):
        return None, False
    if numerals.money(sentence):
        return None, False
    rule = re.split(r"外[,,]", sentence, maxsplit=1)[-1] if "除" in sentence else sentence
    if re.search(r"现行财政体制|按规定|分级负担", rule) and not numerals.ratios(rule):
        return None, True
    shares, _ = shares_of(rule)
    if shares is not None and len(shares) == 1 and len({lv for _, lv in _tokens(rule)}) > 1:
        return None, True  # 县(市、区)部分由…;市区部分由市级财政、…承担: by district, no one payer
    return shares, shares is not None


def funding_yaml(shares: tuple[tuple[str, Fraction], ...]) -> object:
    """``municipal`` or ``{municipal: 1/2, county: 1/2}`` (shares as the text's proportions)."""
    if len(shares) == 1:
        return shares[0][0]
    return {lv: f"{s.numerator}/{s.denominator}" for lv, s in shares}
