"""Scoring drafts against hand-made answers: the five bundled documents (their hand-encoded YAML) and the
answer keys of the texts in ``texts/``. Run it to print the table of the README::

    python tests/policy/draft/draft_scoring.py

An *award* is a monetary measure a company can receive (rule amount / up_to / rate, recipient company).
For each expected award, a drafted one is *found with the right numbers* when it is in the same clause (or
its quote overlaps the expected quote) and has the same amount — for a rate, the same rate and cap. It is
*also right in kind, trigger and level* when its rule form (fixed / ceiling / rate with the same base,
rate_up_to and per) and its trigger (titles or project, the levels it matches, re-review, requirements)
are the same; its *payer* when the effective payer shares are equal; its *certainty* when contingent and
selective are. Levels are compared as the events they match: a trigger without a level matches every
level the title has, so {title: little_giant} equals {title: little_giant, level: national}.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
TEXTS = HERE / "texts"
BUNDLED = (
    ("341300-suzhou/work-points-2023", "宿州"),
    ("370700-weifang/five-optimizations", "潍坊"),
    ("371100-rizhao/zjtx-action-plan-2022-2025", "日照"),
    ("421100-huanggang/tech-renovation-2021-2023", "黄冈"),
    ("630100-xining/sme-gradient-cultivation", "西宁"),
)


def _amount(value: object) -> Decimal:
    from zjtx import money

    return money.parse_amount(value)


def _fraction(value: object) -> Fraction:
    from zjtx import money

    return money.parse_fraction(value)


def _norm(text: str) -> str:
    from zjtx.policy import sourcetext

    return "".join(sourcetext.parts(text))


@dataclass
class Award:
    clause: str
    quote: str
    trigger: tuple
    kind: str  # amount | up_to | rate
    value: tuple
    payer: frozenset
    contingent: bool = False
    selective: bool = False
    id: str = ""


def _levels(title_levels: tuple[str, ...], trigger: dict) -> frozenset:
    from zjtx import vocab

    if "level" in trigger:
        given: tuple[str, ...] = (trigger["level"],)
    elif "levels" in trigger:
        given = tuple(trigger["levels"])
    elif "min_level" in trigger:
        given = tuple(lv for lv in vocab.LEVELS if vocab.level_at_least(lv, trigger["min_level"]))
    else:
        return frozenset(title_levels)
    return frozenset(lv for lv in given if lv in title_levels) if title_levels else frozenset(given)


def trigger_key(trigger: dict, declared: dict[str, dict]) -> tuple:
    """A trigger as the events it matches: titles (a declared one by its name), levels, review, requires."""
    from zjtx import vocab

    if "project" in trigger or "project_name" in trigger:
        pid = trigger.get("project")
        name = declared[pid]["name"] if pid in declared else trigger.get("project_name", pid)
        return ("project", name)
    if "general" in trigger:
        return ("general",)
    raw = trigger.get("titles") or [trigger.get("title") or trigger.get("title_name")]
    names: list[str] = []
    levels: frozenset[str] = frozenset()
    for t in raw:
        if t in declared:
            names.append(declared[t]["name"])
            levels |= _levels(tuple(declared[t].get("levels", ())), trigger)
        elif t in vocab.TITLES:
            names.append(t)
            levels |= _levels(vocab.TITLES[t].levels, trigger)
        else:  # an answer key's title_name
            names.append(t)
            levels |= _levels((), trigger)
    req = trigger.get("requires") or []
    req = [req] if isinstance(req, dict) else req
    return ("title", frozenset(names), levels, bool(trigger.get("review")), frozenset(r["title"] for r in req))


def _payer(funding: object) -> frozenset:
    if funding is None or funding == "unspecified":
        return frozenset({("unspecified", Fraction(1))})
    if isinstance(funding, str):
        return frozenset({(funding, Fraction(1))})
    assert isinstance(funding, dict), funding
    return frozenset((k, _fraction(v)) for k, v in funding.items())


def awards_of(doc: dict) -> list[Award]:
    """The monetary measures a company can receive of a policy document (hand-encoded or drafted)."""
    declared = {t["id"]: t for t in doc.get("titles") or []} | {p["id"]: p for p in doc.get("projects") or []}
    out = []
    for m in doc["measures"]:
        rule = m["rule"]
        if m.get("recipient", "company") != "company":
            continue
        if "amount" in rule or "up_to" in rule:
            kind = "amount" if "amount" in rule else "up_to"
            value: tuple = (_amount(rule[kind]),)
        elif "rate" in rule:
            kind = "rate"
            value = (
                _fraction(rule["rate"]),
                _amount(rule["cap"]) if "cap" in rule else None,
                bool(rule.get("rate_up_to")),
                rule.get("of"),
                rule.get("per", "project"),
                rule.get("cap_of"),
            )
        else:
            continue
        out.append(
            Award(
                str(m.get("clause", "")),
                str(m.get("quote", "")),
                trigger_key(m["trigger"], declared),
                kind,
                value,
                _payer(m.get("funding", doc.get("funding"))),
                bool(m.get("contingent")),
                bool(m.get("selective")),
                str(m.get("id", "")),
            )
        )
    return out


def _numbers_match(e: Award, d: Award) -> bool:
    if (e.kind == "rate") != (d.kind == "rate"):
        return False
    if e.kind == "rate":
        return e.value[:2] == d.value[:2]
    return e.value == d.value


def _same_rule(expected: tuple, drafted: tuple) -> bool:
    """The same rule; an answer key may leave out a rate's base (``of``) for a project type the draft declares."""
    if len(expected) != len(drafted):
        return False
    return all(e == d or (k == 3 and e is None) for k, (e, d) in enumerate(zip(expected, drafted, strict=True)))


def _same_place(e: Award, d: Award) -> bool:
    if e.clause and e.clause == d.clause:
        return True
    a, b = _norm(e.quote), _norm(d.quote)
    return bool(a and b) and (a in b or b in a or any(p and p in b for p in a.split("……")))


@dataclass
class Score:
    name: str
    expected: int = 0
    numbers: int = 0
    kind_trigger_level: int = 0
    payer: int = 0
    certainty: int = 0
    extra: list[str] = field(default_factory=list)  # drafted awards matching no expected one
    missed: list[str] = field(default_factory=list)

    def row(self) -> str:
        def pct(n: int) -> str:
            return f"{n}/{self.expected} ({100 * n // self.expected}%)" if self.expected else "—"

        return (
            f"| {self.name} | {self.expected} | {pct(self.numbers)} | {pct(self.kind_trigger_level)} | "
            f"{pct(self.payer)} | {pct(self.certainty)} | {len(self.extra)} |"
        )


def score(name: str, expected: list[Award], drafted: list[Award]) -> Score:
    s = Score(name, len(expected))
    free = list(drafted)
    for e in expected:
        candidates = [d for d in free if _numbers_match(e, d) and _same_place(e, d)]
        if not candidates:
            s.missed.append(f"{e.clause} {e.id} {e.kind} {e.value[0]}")
            continue

        def goodness(d: Award, e: Award = e) -> tuple:
            return (
                d.kind == e.kind and _same_rule(e.value, d.value),
                d.trigger == e.trigger,
                d.payer == e.payer,
                (d.contingent, d.selective) == (e.contingent, e.selective),
            )

        best = max(candidates, key=goodness)
        free.remove(best)
        s.numbers += 1
        right = goodness(best)
        s.kind_trigger_level += right[0] and right[1]
        s.payer += right[2]
        s.certainty += right[3]
    s.extra = [f"{d.clause} {d.id} {d.kind} {d.value[0]}" for d in free]
    return s


def draft_of(path: Path, city: str) -> dict:
    from zjtx.places import resolve_city
    from zjtx.policy.draft import DraftError, draft

    try:
        return draft(path.read_bytes(), resolve_city(city), path.name).document
    except DraftError:
        return {"measures": []}


def bundled_scores(texts_dir: Path | None = None) -> list[Score]:
    """Each bundled document: its text (``data/`` or, with ``texts_dir``, the seeds with their page furniture)
    drafted and scored against its hand-encoded YAML."""
    from zjtx.policy import safeyaml

    out = []
    seeds = {"341300": "002", "370700": "000", "371100": "003", "421100": "004", "630100": "001"}
    for stem, city in BUNDLED:
        hand, _ = safeyaml.load((ROOT / "data" / f"{stem}.yaml").read_text(encoding="utf-8"))
        assert isinstance(hand, dict), stem
        text = ROOT / "data" / f"{stem}.txt" if texts_dir is None else next(texts_dir.glob(f"{seeds[stem[:6]]}_*.txt"))
        out.append(score(f"{city} {hand['id']}", awards_of(hand), awards_of(draft_of(text, city))))
    return out


def key_scores() -> list[Score]:
    """Each text of ``texts/`` scored against its answer key (``NAME.key.yaml``)."""
    from zjtx.policy import safeyaml

    out = []
    for key_file in sorted(TEXTS.glob("*.key.yaml")):
        key, _ = safeyaml.load(key_file.read_text(encoding="utf-8"))
        assert isinstance(key, dict), key_file
        text = key_file.with_name(key_file.name.replace(".key.yaml", ".txt"))
        expected = awards_of({"measures": key["awards"], "funding": key.get("funding")})
        out.append(score(text.name, expected, awards_of(draft_of(text, key["city"]))))
    return out


HEADER = (
    "| document | awards (hand) | found, right numbers | + right kind, trigger, level | right payer | "
    "right certainty | drafted awards not in the hand data |\n|---|---|---|---|---|---|---|"
)


def total(scores: list[Score], name: str) -> Score:
    t = Score(name)
    for s in scores:
        t.expected += s.expected
        t.numbers += s.numbers
        t.kind_trigger_level += s.kind_trigger_level
        t.payer += s.payer
        t.certainty += s.certainty
        t.extra += s.extra
        t.missed += s.missed
    return t


if __name__ == "__main__":  # pragma: no cover - prints the README's table
    sys.path.insert(0, str(ROOT))
    verbose = "-v" in sys.argv
    for title, scores in (
        ("bundled texts (data/*.txt)", bundled_scores()),
        ("bundled texts with page furniture (shared/seeds)", bundled_scores(ROOT.parent.parent / "shared" / "seeds")),
        ("test texts (tests/policy/draft/texts)", key_scores()),
    ):
        print(f"\n{title}\n\n{HEADER}")
        for s in [*scores, total(scores, "**all**")]:
            print(s.row())
            if verbose and (s.missed or s.extra):
                print("    missed:", s.missed, "\n    extra:", s.extra)
