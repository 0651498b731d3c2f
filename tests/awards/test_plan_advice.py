"""`zjtx plan` as advice (issue 26 §3): every option's amount equals what `check --add` computes for the same event
on the same date; `projected` says the part paid only in a later round; options are ordered as advice — the next
rungs of the company's ladders first, rankings and lists (500强) last."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from zjtx.awards import whatif
from zjtx.awards.engine import evaluate
from zjtx.awards.plan import Option, plan
from zjtx.company.file import load_company
from zjtx.policy.files import load_catalog

from conftest import EXAMPLES, company_toml, run, yuan


def whole(x: object) -> int:
    """A JSON amount that is a whole number of yuan, as an int (to compare with hand-worked figures in tuples)."""
    d = yuan(x)
    assert d == d.to_integral_value(), d
    return int(d)


CATALOG = load_catalog()


def _plan(write, text: str, *extra: str, as_of: str = "2025-06-30") -> dict:
    result = run("plan", write(text), "--json", "--as-of", as_of, *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _option(doc: dict, **trigger) -> dict:
    found = [o for o in doc["options"] if all(o["trigger"].get(k) == v for k, v in trigger.items())]
    assert len(found) == 1, [o["trigger"] for o in doc["options"]]
    return found[0]


# ---------------------------------------------------------------------------------------------- projected


def test_above_scale_in_november_is_paid_in_next_years_round(write):
    # 西宁 二、1 四是: "对各县区(园区)上年度培育新增的规上工业企业……争取省级按每户不高于20万元一次性奖励": 升规 on 2026-11-22 is
    # assessed in the 2027 round. The option is worth 最高20万 (省级, 争取), all of it projected; check --add calls the same
    # award projected, assessment year 2027.
    path = write(company_toml("西宁市", []))
    doc = json.loads(run("plan", path, "--json", "--as-of", "2026-11-22").stdout)
    o = _option(doc, title="above_scale")
    assert yuan(o["amount"]) == 200_000 and yuan(o["projected"]) == 200_000
    assert [a["assessment_year"] for a in o["awards"]] == [2027]
    added = json.loads(run("check", path, "--json", "--as-of", "2026-11-22", "--add", "above_scale 2026-11-22").stdout)
    assert yuan(added["totals"]["amount"]) == 0 and yuan(added["totals"]["projected"]) == 200_000
    table = run("plan", path, "--as-of", "2026-11-22", env={"COLUMNS": "160"})
    assert "其中 20 于2027年度评审" in table.stdout
    # on 2027-01-01 the 2027 round has begun: the same event is counted
    later = json.loads(run("check", path, "--json", "--as-of", "2027-01-01", "--add", "above_scale 2026-11-22").stdout)
    assert yuan(later["totals"]["amount"]) == 200_000 and yuan(later["totals"]["projected"]) == 0
    # while a 升规 option dated that day is itself assessed in 2028: projected again
    doc = json.loads(run("plan", path, "--json", "--as-of", "2027-01-01").stdout)
    o = _option(doc, title="above_scale")
    assert yuan(o["projected"]) == 200_000 and [a["assessment_year"] for a in o["awards"]] == [2028]


def test_a_re_review_due_later_is_projected(write):
    # 潍坊 三(二): "对通过国家、省动态复核的专精特新优质企业,市级财政分别给予最高20万元、10万元奖励". A 小巨人 of 2022-09-01 is due
    # for re-review on 2025-09-01, after the as-of date (2025-06-30): 最高20万, all projected; a new 小巨人 option does not exist.
    doc = _plan(write, company_toml("潍坊市", [("little_giant", "national", "2022-09-01")]))
    o = _option(doc, title="little_giant", review=True)
    assert yuan(o["amount"]) == 200_000 and yuan(o["projected"]) == 200_000
    # a recognition dated on the as-of date is counted at once: nothing projected (新认定省级瞪羚 最高20万元)
    o = _option(doc, title="gazelle", level="provincial")
    assert yuan(o["amount"]) == 200_000 and yuan(o["projected"]) == 0


# --------------------------------------------------------------------------------- plan = check --add


def _event_text(o: Option) -> tuple[list[str], list[str]]:
    t = o.trigger
    if o.kind == "project":
        base: dict[str, object] = dict(o.base)  # an amount, or a tuple of yearly amounts
        fields = " ".join(f"{k}={x}" for k, v in base.items() for x in (v if isinstance(v, tuple) else (v,)))
        return [], [f"{t['project']} {t['date']} {fields}"]
    words = [t["title"], *([t["level"]] if t["level"] else []), t["date"]]
    words += ["review"] if t["review"] else ["new"]
    return [" ".join(words) + (f" name={t['name']}" if t.get("name") else "")], []


def _totals(report) -> tuple:
    return report.totals.amount + report.totals.projected, report.totals.projected


COMPANIES = [EXAMPLES / f"{city}.toml" for city in ("weifang", "xining", "rizhao", "huanggang", "suzhou")]
PROJECTS: dict[str, dict[str, int | tuple[int, ...]]] = {
    "equipment_upgrade": {"equipment_cost": 30_000_000},
    "first_set_insurance": {"premium": 800_000},
    "tech_transfer": {"rd_investment": 5_000_000, "tax_paid_3y": 800_000},
    "design_outsourcing": {"contract_amount": 1_500_000},
    "tech_renovation": {"new_local_revenue": (1_000_000, 2_000_000)},
}


@pytest.mark.parametrize("path", COMPANIES, ids=[p.stem for p in COMPANIES])
@pytest.mark.parametrize("as_of", [dt.date(2023, 6, 30), dt.date(2025, 6, 30), dt.date(2026, 11, 22)])
def test_every_option_equals_check_add(path, as_of):
    from decimal import Decimal

    _shown, company = load_company(str(path), None, CATALOG.zones)
    amounts = {
        k: {f: (tuple(map(Decimal, v)) if isinstance(v, tuple) else Decimal(v)) for f, v in fields.items()}
        for k, fields in PROJECTS.items()
    }
    for city in {d.city for d in CATALOG.documents}:
        from zjtx.places import city as city_of

        place = city_of(city)
        before = _totals(evaluate(company, CATALOG.documents, city=place, as_of=as_of))
        for o in plan(company, CATALOG.documents, city=place, as_of=as_of, projects=amounts):
            if o.amount is None or not o.requires_met or not o.live:
                continue
            adds, add_projects = _event_text(o)
            after = evaluate(whatif.add_events(company, adds, add_projects), CATALOG.documents, city=place, as_of=as_of)
            total, projected = _totals(after)
            assert (total - before[0], projected - before[1]) == (o.amount, o.projected), (city, o.label, as_of)


# ---------------------------------------------------------------------------------------------- order


def test_the_next_rungs_come_first_and_rankings_last(write):
    # A 西宁 company that became 规上 in 2025, 高企 (2024-03-01) and 省级专精特新中小企业 (2024-06-01). Before, plan ranked the
    # 500强 (500万, 400万, 300万) first. Now the next rungs of its ladders come first, by amount:
    #   专精特新"小巨人" (二、4 三是: 省级不高于100万元 + 市级再配套不高于50万元 = 最高150万),
    #   省级科技小巨人 (二、3 三是: 40万 市县各半 + 高企中认定的 再奖励90万元 = 130万);
    # then the other recognitions (单项冠军 最高100万 first); the 500强 last, labelled 榜单.
    text = company_toml(
        "西宁市",
        [
            ("above_scale", None, "2025-03-01"),
            ("high_tech", None, "2024-03-01"),
            ("zjtx_sme", "provincial", "2024-06-01"),
        ],
    )
    doc = _plan(write, text)
    ranked = [o for o in doc["options"] if o["rank"] is not None]
    firsts = [(o["trigger"]["title"], whole(o["amount"]), o["group"]) for o in ranked[:2]]
    assert firsts == [("little_giant", 1_500_000, "next_rung"), ("tech_little_giant", 1_300_000, "next_rung")]
    assert ranked[2]["trigger"]["title"] == "single_champion" and ranked[2]["group"] == "other"
    assert [(o["trigger"]["title"], whole(o["amount"])) for o in ranked[-3:]] == [
        ("top500_world", 5_000_000),
        ("top500_china", 4_000_000),
        ("top500_private", 3_000_000),
    ]
    assert {o["group"] for o in ranked[-3:]} == {"ranking"}
    assert [o["rank"] for o in ranked] == list(range(1, len(ranked) + 1))
    table = run("plan", write(text), "--as-of", "2025-06-30", env={"COLUMNS": "160"})
    assert "阶梯下一级" in table.stdout and "榜单" in table.stdout


def test_a_prerequisite_not_met_is_not_a_next_rung(write):
    # 省级科技小巨人 without 高企: the 90万 "对高新技术企业中认定为'省级科技小巨人'的企业" needs 高企 first — not a rung it can
    # reach; a company with nothing is on no ladder: no option is a next rung.
    doc = _plan(write, company_toml("西宁市", [("tech_sme", "municipal", "2024-03-01")]))
    assert _option(doc, title="high_tech")["group"] == "next_rung"  # 科技型 → 高新技术企业
    assert _option(doc, title="tech_little_giant", level="provincial")["group"] == "other"
    doc = _plan(write, company_toml("西宁市", []))
    assert {o["group"] for o in doc["options"]} <= {"other", "ranking"}
