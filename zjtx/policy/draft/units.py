"""A sentence cut into the clauses that can each grant an award ("units"), and each unit into its object
(whom or what it is for) and the rest (what is given, how much, by whom). Pure.

- A sentence splits at ; into parts, and a part at each , followed by 对 ("……奖励10万元,对高新技术企业中
  ……再奖励90万元"). A unit before the first 对-unit of its sentence that grants nothing itself (积极争取省级
  奖补政策, 争取省级财政科技专项资金对…) is the sentence's *lead*: its payer and 争取 carry to the units after
  it that name no payer of their own, up to the end of the sentence (。).
- The object runs from 对 to the first , or the first word that starts the grant (给予, 奖励, 按, 由, 分别 …);
  without 对, it is the words before the first , when they name an award's recipient (新认定的…, …的企业,).
- Amounts in the object are conditions (总投资500万元以上的项目, 首次突破10亿元的企业), never the award.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from zjtx.policy.draft.clauses import Sentence
from zjtx.policy.draft.text import outside

#: Words that grant money or support; a unit without one grants nothing.
GRANT = re.compile(r"给予|奖励|补助|补贴|资助|奖补|激励|补偿|扶持|返还|贴息|资金支持|支持")
_GRANT_START = (
    "一次性给予",
    "给予",
    "分别",
    "再奖励",
    "再给予",
    "奖励",
    "补助",
    "补贴",
    "资助",
    "按照",
    "按",
    "由市",
    "由省",
    "由县",
    "由区",
    "市级财政",
    "省级财政",
    "市财政",
    "省财政",
    "一次性奖励",
    "择优",
)
#: What may stand before 对 in a unit that grants: nothing, a payer (争取省级财政科技专项资金对…, 市财政对…),
#: or a short subject without a verb of its own (各县区对…) — never 发挥政府投资对社会投资的引导作用.
_BEFORE_OBJECT = re.compile(
    r"|.{0,16}(?:争取|财政|专项资金).{0,6}|(?!.*(?:发挥|加大|推动|鼓励|引导|建立|加强|提升|实施|开展|推进|完善|促进)).{1,8}"
)
_RECIPIENT = re.compile(
    r"新认定|认定为|认定的|入选|列入|获评|获得|新晋|首次|通过|的企业|企业的|的项目|项目的|的单位|的$"
)


@dataclass
class Unit:
    sentence: Sentence
    start: int  # in sentence.line.norm
    end: int
    object_start: int | None = None  # the object, when there is one
    object_end: int | None = None
    lead: tuple[int, int] | None = None  # the sentence's lead, when this unit inherits it

    @property
    def norm(self) -> str:
        return self.sentence.line.norm

    @property
    def text(self) -> str:
        return self.norm[self.start : self.end]

    @property
    def object(self) -> str:
        if self.object_start is None or self.object_end is None:
            return ""
        return self.norm[self.object_start : self.object_end]

    @property
    def rest(self) -> str:
        """The unit after its object (what is given, how much, by whom)."""
        return self.norm[self.object_end if self.object_end is not None else self.start : self.end]

    @property
    def own_words(self) -> str:
        """The unit's words that are not its object: those before it (争取…对) and the rest."""
        if self.object_start is None:
            return self.text
        return self.norm[self.start : max(self.start, self.object_start - 1)] + "," + self.rest

    def object_quote(self) -> str:
        """对 and the object, in the original's words."""
        if self.object_start is None or self.object_end is None:
            return ""
        begin = (
            self.object_start - 1 if self.norm[self.object_start - 1 : self.object_start] == "对" else self.object_start
        )
        return self.sentence.line.quote(begin, self.object_end)

    @property
    def lead_text(self) -> str:
        return self.norm[self.lead[0] : self.lead[1]] if self.lead else ""

    def quote(self, with_lead: bool = True) -> str:
        """The unit in the original's words; with its lead first when it inherits one (…… between them)."""
        line = self.sentence.line
        own = line.quote(self.start, self.end).rstrip(",;")
        if self.lead is None or not with_lead:
            return own
        if self.lead[1] + 1 >= self.start:
            return line.quote(self.lead[0], self.end).rstrip(",;")
        return line.quote(*self.lead).rstrip(",;") + "……" + own


#: A piece after a , that grants on its own: "…,认定为国家级工业设计中心的给予100万元奖励",
#: "…,省级企业技术中心给予一次性奖励30万元" (a name and its own amount).
_OWN_START = re.compile(r"(?:国家级|省级|市级|国际|国家|行业)(?!财政|专项)")
_RECOGNISES = re.compile(r"(?:新|被|经|首次)?(?:认定为|获评|获得|入选|列入|评为|通过)")
_AMOUNT = re.compile(r"[0-9零〇一二两三四五六七八九十百千]+(?:\.[0-9]+)?(?:万|亿)?元|[0-9]+(?:\.[0-9]+)?%")


def _grant_at(text: str) -> int:
    """Where the first word that starts a grant is (len(text) when none)."""
    found = [k for k in (text.find(w, 2) for w in _GRANT_START) if k >= 0]
    return min(found, default=len(text))


def _starts_unit(piece: str) -> bool:
    if not _AMOUNT.search(piece):
        return False
    grant = GRANT.search(piece)
    if grant is None or grant.start() < 2:
        return False
    return bool(_RECOGNISES.match(piece) or _named(piece))


def _named(text: str) -> bool:
    """Whether ``text`` opens with a level and a name before its grant (省级企业技术中心给予…), not with a
    payer (省级中小企业发展专项资金分别按…) or a bare level (国家级给予100万元)."""
    m = _OWN_START.match(text)
    if m is None:
        return False
    between = text[m.end() : _grant_at(text)]
    return len(between) >= 2 and re.search(r"资金|财政|专项|按|分别|的$", between) is None


def _depth_split(text: str, offset: int, at: str) -> list[tuple[int, int]]:
    """Spans of ``text`` split at the characters ``at`` outside brackets and quotes (offsets added)."""
    out, start = [], 0
    for k in outside(text):
        if text[k] in at:
            out.append((offset + start, offset + k))
            start = k + 1
    out.append((offset + start, offset + len(text)))
    return [(a, b) for a, b in out if b > a]


def _object(norm: str, start: int, end: int) -> tuple[int, int] | None:
    """The object of the unit ``norm[start:end]``: after 对 up to the grant, or the words before the first ,."""
    text = norm[start:end]
    k = text.find("对")
    if 0 <= k <= 30 and "," not in text[:k] and _BEFORE_OBJECT.fullmatch(text[:k]):
        begin = start + k + 1
    elif _RECIPIENT.search(text.split(",")[0]) and "," in text and GRANT.search(text[text.find(",") :]):
        begin = start
    elif _named(text) and GRANT.search(text):
        begin = start  # 省级企业技术中心给予一次性奖励30万元 · 国家级、省级…分别奖励…
    elif _RECIPIENT.search(text[: _grant_at(text)]) and _grant_at(text) >= 2:
        begin = start  # 认定为国家级工业设计中心的给予100万元奖励
    else:
        return None
    for j in outside(norm, begin, end):
        if norm[j] == ",":
            return (begin, j) if j > begin else None
        if j > begin + 1 and any(norm.startswith(w, j) for w in _GRANT_START):
            return begin, j
    return None


def units(sentence: Sentence) -> list[Unit]:
    """The units of a sentence, each with its object (if any) and the sentence's lead (if it inherits one)."""
    norm = sentence.line.norm
    out: list[Unit] = []
    lead: tuple[int, int] | None = None
    for p_start, p_end in _depth_split(norm[sentence.start : sentence.end].rstrip("。!?"), sentence.start, ";"):
        pieces = _depth_split(norm[p_start:p_end], p_start, ",")
        # join the pieces back into units that start at 对 (or at the part's start)
        spans: list[list[int]] = []
        for a, b in pieces:
            if not spans or norm.startswith("对", a) or _starts_unit(norm[a:b]):
                spans.append([a, b])
            else:
                spans[-1][1] = b
        for a, b in spans:
            obj = _object(norm, a, b)
            unit = Unit(sentence, a, b, *(obj or (None, None)))
            if lead is None and not out:
                if obj is None and not re.search(r"给予|[0-9]元|万元", norm[a:b]) and len(spans) > 1:
                    lead = (a, b)  # 积极争取省级奖补政策, …: for the units after it
                    continue
                if obj is not None and obj[0] - 1 > a:
                    lead = (a, obj[0] - 1)  # 争取省级财政科技专项资金对…: this unit holds it, the next inherit it
            elif lead is not None:
                unit.lead = lead
            out.append(unit)
    return out
