"""Every reading of a policy text that changes money (issue 26 §2): a named reading of its document, the measure
pointing at it, switched with --reading, and the amount worked out by hand from the clause under each option."""

from __future__ import annotations

import json

import pytest

from conftest import ROOT, company_toml, funding, only_award, run, yuan


def whole(x: object) -> int:
    """A JSON amount that is a whole number of yuan, as an int (to compare with hand-worked figures in tuples)."""
    d = yuan(x)
    assert d == d.to_integral_value(), d
    return int(d)


P, M, C, U = "provincial", "municipal", "county", "unspecified"

#: The eight readings the audit found (and the one named before), by document.
READINGS = {
    "xining.tax_cap_scope": ("xining.tech_transfer", ("per_project", "shared_3y")),
    "xining.little_giant_scope": (
        "xining.tech_little_giant.municipal_award",
        ("provincial_tech", "any_tech", "with_miit"),
    ),
    "xining.above_scale_recipient": ("xining.above_scale", ("company", "district")),
    "xining.top500_lists": ("xining.top500_china", ("each", "highest")),
    "weifang.single_champion_scope": ("weifang.single_champion.national", ("enterprises_only", "includes_products")),
    "weifang.smart_manufacturing_groups": ("weifang.smart_scenario.provincial", ("factory_30", "pairs")),
    "weifang.platform_base_amounts": ("weifang.sme_service_platform.provincial", ("by_level", "by_type")),
    "weifang.first_set_base": ("weifang.first_set_insurance", ("premium", "province_compensation")),
    "rizhao.unicorn_level": ("rizhao.unicorn", ("any_level", "provincial_and_above")),
    "rizhao.design_outsourcing_timing": ("rizhao.industrial_design", ("contract_year", "payment_year")),
}


def check(write, text: str, *extra: str, as_of: str = "2025-06-30") -> dict:
    result = run("check", write(text), "--json", "--as-of", as_of, *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def policies(doc: dict) -> list[str]:
    return [a["policy"] for a in doc["awards"]]


@pytest.mark.parametrize("reading_id", READINGS)
def test_each_reading_is_named_with_its_options_and_why(reading_id):
    measure, options = READINGS[reading_id]
    result = run("policies", "show", measure, "--json")
    assert result.exit_code == 0, result.stderr
    (reading,) = json.loads(result.stdout)["readings"]
    assert reading["id"] == reading_id and reading["question"] and reading["clause"]
    assert tuple(o["id"] for o in reading["options"]) == options
    assert reading["taken"] == options[0] and reading["options"][0]["taken"] is True
    assert reading["why"], "the reading taken says why"
    assert reading["usage"] == f"--reading {reading_id}=OPTION"
    table = run("policies", "show", measure)
    assert (
        table.exit_code == 0 and "采用理由" in table.stdout and f"--reading {reading_id}={options[1]}" in table.stdout
    )


def test_the_data_guide_lists_every_named_reading():
    readme = (ROOT / "docs" / "policy-format.md").read_text(encoding="utf-8")
    every = set()
    for path in (ROOT / "data").glob("*/*.yaml"):
        from zjtx.policy.safeyaml import load

        doc, _lines = load(path.read_text(encoding="utf-8"))
        assert isinstance(doc, dict)
        every |= {r["id"] for r in doc.get("readings") or []}
    assert every == set(READINGS)
    for reading_id, (_measure, options) in READINGS.items():
        assert f"`{reading_id}`" in readme, reading_id
        for option in options:
            assert f"`{option}`" in readme, (reading_id, option)


# ------------------------------------------------------------------ 西宁 宁政办〔2023〕32号 二、3 三是: 小巨人企业


def test_xining_which_little_giant_pays_40wan(write):
    # 二、3 三是: "对新认定的市级科技型企业、高新技术企业、小巨人企业、市级农业科技园、市级研发中心分别给予10万元、30万元、
    # 40万元、20万元、20万元的一次性奖励,市、县(区)或园区财政分别承担50%". A 市级科技小巨人 (2024-03-01):
    #   provincial_tech (taken): only the 省级科技小巨人 of the sentence before — nothing; any_tech: 40万 = 市 20万 + 县 20万;
    #   with_miit: 省级科技小巨人 or 专精特新"小巨人" — nothing.
    municipal = company_toml("西宁市", [("tech_little_giant", "municipal", "2024-03-01")])
    doc = check(write, municipal)
    assert doc["awards"] == [] and yuan(doc["totals"]["amount"]) == 0
    (u,) = doc["unmatched"]
    assert u["reason"] == "reading" and "xining.little_giant_scope=any_tech" in u["explanation"]
    doc = check(write, municipal, "--reading", "xining.little_giant_scope=any_tech")
    award = only_award(doc, "xining.tech_little_giant.municipal_award")
    assert yuan(award["amount"]) == 400_000 and funding(award) == {M: 200_000, C: 200_000}
    assert award["reading"]["choice"] == "any_tech" and award["reading"]["taken_by_default"] is False
    doc = check(write, municipal, "--reading", "xining.tech_little_giant.municipal_award=with_miit")
    assert doc["awards"] == []


def test_xining_miit_little_giant_and_the_40wan(write):
    # A 专精特新"小巨人" (2024-03-01): 二、4 三是 pays 省级 不高于100万元 + 市级再配套 不高于50万元 = 150万 under every option;
    # with_miit adds the 40万 of 二、3 三是 (市 20万 + 县 20万): 190万 (省 100万, 市 70万, 县 20万).
    giant = company_toml("西宁市", [("little_giant", "national", "2024-03-01")])
    for option in ("provincial_tech", "any_tech"):
        doc = check(write, giant, "--reading", f"xining.little_giant_scope={option}")
        assert yuan(doc["totals"]["amount"]) == 1_500_000, option
        assert "xining.tech_little_giant.municipal_award" not in policies(doc)
    doc = check(write, giant, "--reading", "xining.little_giant_scope=with_miit")
    assert yuan(doc["totals"]["amount"]) == 1_900_000
    by_level = {k: yuan(v) for k, v in doc["totals"]["by_level"].items()}
    assert by_level == {P: 1_000_000, M: 700_000, C: 200_000, U: 0, "central": 0}


def test_xining_provincial_tech_little_giant_is_paid_under_every_reading(write):
    # 高企 2023-07-01: 二、3 三是 省级 10万 (争取) + 30万 (市县各半). 省级科技小巨人 2024-03-01: 40万 (市县各半), and
    # "对高新技术企业中认定为'省级科技小巨人'的企业,再奖励90万元" (争取省级). 10 + 30 + 40 + 90 = 170万 every way; the 40万
    # does not depend on the reading (no ⚖).
    text = company_toml(
        "西宁市", [("high_tech", None, "2023-07-01"), ("tech_little_giant", "provincial", "2024-03-01")]
    )
    for option in READINGS["xining.little_giant_scope"][1]:
        doc = check(write, text, "--reading", f"xining.little_giant_scope={option}")
        assert yuan(doc["totals"]["amount"]) == 1_700_000, option
    doc = check(write, text)
    assert only_award(doc, "xining.tech_little_giant.municipal_award")["reading"] is None


def test_xining_plan_no_longer_offers_a_municipal_tech_little_giant(write):
    # under the reading taken, only the 省级科技小巨人 is paid the 40万: plan offers it (40万 + 90万 with 高企), and no
    # 市级科技小巨人; under any_tech, the 市级 one is offered at 40万 (市 20万 + 县 20万).
    path = write(company_toml("西宁市", [("high_tech", None, "2024-03-01")]))
    doc = json.loads(run("plan", path, "--json", "--as-of", "2025-06-30").stdout)
    offered = {(o["trigger"]["title"], o["trigger"]["level"]) for o in doc["options"] if o["kind"] == "recognition"}
    assert ("tech_little_giant", "provincial") in offered and ("tech_little_giant", "municipal") not in offered
    doc = json.loads(
        run("plan", path, "--json", "--as-of", "2025-06-30", "--reading", "xining.little_giant_scope=any_tech").stdout
    )
    (o,) = [
        o for o in doc["options"] if o["trigger"].get("title") == "tech_little_giant" and o["trigger"]["level"] == M
    ]
    assert yuan(o["amount"]) == 400_000 and o["readings"] == ["xining.little_giant_scope"]


# --------------------------------------------------------------------- 西宁 二、1 四是: who is paid for 升规


def test_xining_above_scale_paid_to_the_company_or_the_district(write):
    # 二、1 四是: "对各县区(园区)上年度培育新增的规上工业企业(不包含已退库再次入库企业),争取省级按每户不高于20万元一次性
    # 奖励". 升规 2024-03-01, assessed in the 2025 round (上年度), as of 2025-06-30:
    #   company (taken): 最高20万元, 省级, 争取; district: paid to the 县区(园区) — nothing for the company.
    text = company_toml("西宁市", [("above_scale", None, "2024-03-01")])
    doc = check(write, text)
    award = only_award(doc, "xining.above_scale")
    assert yuan(award["amount"]) == 200_000 and funding(award) == {P: 200_000} and award["bound"] == "up_to"
    assert award["certainty"] == "contingent" and award["assessment_year"] == 2025
    assert award["reading"]["id"] == "xining.above_scale_recipient" and award["reading"]["choice"] == "company"
    doc = check(write, text, "--reading", "xining.above_scale_recipient=district")
    assert doc["awards"] == [] and yuan(doc["totals"]["amount"]) == 0
    (u,) = doc["unmatched"]
    assert u["reason"] == "reading" and "xining.above_scale_recipient=company" in u["explanation"]
    # plan under that reading offers no 升规 to the company
    plan = json.loads(
        run(
            "plan", write(company_toml("西宁市", [])), "--json", "--reading", "xining.above_scale_recipient=district"
        ).stdout
    )
    assert not [o for o in plan["options"] if o["trigger"].get("title") == "above_scale"]


# ---------------------------------------------------------------------- 西宁 二、2 一是: two 500强 lists in a year


def test_xining_two_top500_lists_in_one_year(write):
    # 二、2 一是: "对新晋'中国企业500强'工业领域企业(集团)给予一次性400万元激励;对新晋'中国民营企业500强'……给予一次性
    # 300万元激励" (争取省级). Both in 2024:
    #   each (taken): 400万 + 300万 = 700万; highest: only the higher, 400万 (the 300万 is not paid).
    text = company_toml("西宁市", [("top500_china", None, "2024-08-01"), ("top500_private", None, "2024-09-01")])
    doc = check(write, text)
    assert yuan(doc["totals"]["amount"]) == 7_000_000
    assert {a["reading"]["choice"] for a in doc["awards"]} == {"each"}  # both depend on the reading (⚖)
    doc = check(write, text, "--reading", "xining.top500_lists=highest")
    assert yuan(doc["totals"]["amount"]) == 4_000_000
    assert yuan(only_award(doc, "xining.top500_china")["amount"]) == 4_000_000
    private = only_award(doc, "xining.top500_private")
    assert yuan(private["amount"]) == 0 and funding(private) == {P: 0}
    assert "就高" in private["steps"][-1]


def test_xining_top500_lists_in_different_years_and_a_later_higher_one(write):
    # Lists of different years are paid each way: 世界500强 2024 (500万) + 中国企业500强 2025 (400万) = 900万, and one
    # list alone does not depend on the reading (no ⚖).
    text = company_toml("西宁市", [("top500_world", None, "2024-08-01"), ("top500_china", None, "2025-03-01")])
    for option in ("each", "highest"):
        doc = check(write, text, "--reading", f"xining.top500_lists={option}")
        assert yuan(doc["totals"]["amount"]) == 9_000_000, option
    assert all(a["reading"] is None for a in check(write, text)["awards"])
    # 民营500强 counted on 2024-03-01 (300万), 中国企业500强 planned for 2024-09-01 (as of 2024-06-30):
    #   each: 300万 counted, 400万 projected; highest: 300万 counted, the 400万 only tops it up — 100万 projected.
    text = company_toml("西宁市", [("top500_private", None, "2024-03-01"), ("top500_china", None, "2024-09-01")])
    doc = check(write, text, as_of="2024-06-30")
    assert (whole(doc["totals"]["amount"]), whole(doc["totals"]["projected"])) == (3_000_000, 4_000_000)
    doc = check(write, text, "--reading", "xining.top500_lists=highest", as_of="2024-06-30")
    assert (whole(doc["totals"]["amount"]), whole(doc["totals"]["projected"])) == (3_000_000, 1_000_000)


# ------------------------------------------------------------------------ 潍坊 二(一)1: 省级智能制造 groups


@pytest.mark.parametrize(
    "title,factory_30,pairs",
    [
        ("smart_factory", 300_000, 300_000),
        ("smart_scenario", 100_000, 300_000),
        ("digital_workshop", 100_000, 100_000),
        ("smart_solution_provider", 100_000, 100_000),
    ],
)
def test_weifang_provincial_smart_manufacturing(write, title, factory_30, pairs):
    # 二(一)1: "对新入选省级智能工厂和智能制造场景、数字化车间及智能制造系统解决方案供应商的企业,分别奖励30万元、10万元".
    #   factory_30 (taken): 工厂 30万, 场景/车间/供应商 10万; pairs: (工厂 + 场景) 30万, (车间 + 供应商) 10万.
    # Dated 2024-09-01, after the latest possible issue date (2024-07-18): the window is certain.
    text = company_toml("潍坊市", [(title, "provincial", "2024-09-01")])
    doc = check(write, text)
    assert yuan(doc["totals"]["amount"]) == factory_30 and doc["totals"]["window_uncertain_count"] == 0
    doc = check(write, text, "--reading", "weifang.smart_manufacturing_groups=pairs")
    assert yuan(doc["totals"]["amount"]) == pairs
    depends = [a["reading"] for a in check(write, text)["awards"]]
    assert (depends != [None]) == (factory_30 != pairs)  # ⚖ only where the reading changes the amount


# ------------------------------------------------------------------- 潍坊 三(二): 平台/基地 30万元、15万元


@pytest.mark.parametrize(
    "title,level,by_level,by_type",
    [
        ("sme_service_platform", "national", 300_000, 300_000),
        ("sme_service_platform", "provincial", 150_000, 300_000),
        ("innovation_base", "national", 300_000, 150_000),
        ("innovation_base", "provincial", 150_000, 150_000),
    ],
)
def test_weifang_platforms_and_bases(write, title, level, by_level, by_type):
    # 三(二): "对新认定为国家级和省级中小企业公共服务示范平台、小型微型企业创新创业示范基地的,市级财政分别奖励30万元、15万元".
    #   by_level (taken): 国家级 30万, 省级 15万; by_type: 平台 30万, 基地 15万. Paid by the city (市级财政).
    text = company_toml("潍坊市", [(title, level, "2024-09-01")])
    doc = check(write, text)
    assert yuan(doc["totals"]["amount"]) == by_level and yuan(doc["totals"]["by_level"]["municipal"]) == by_level
    doc = check(write, text, "--reading", "weifang.platform_base_amounts=by_type")
    assert yuan(doc["totals"]["amount"]) == by_type


# ----------------------------------------------------------------------------- 潍坊 二(二)6: 首台套 20% of what


def test_weifang_first_set_twenty_percent_of_what(write):
    # 二(二)6: "在享受省保险补偿政策基础上,市级财政再给予20%的配套保险补偿,最高不超过100万元".
    #   premium (taken): 20% × 保费 80万 = 16万; 保费 600万: 120万 → 最高 100万.
    #   province_compensation: 20% × 省级补偿 64万 = 12.8万; a project that gives no provincial_compensation cannot be
    #   computed that way: listed as unmet, never given a number.
    text = company_toml(
        "潍坊市",
        projects=[
            {"type": "first_set_insurance", "date": "2024-09-01", "premium": "80万", "provincial_compensation": "64万"},
            {"type": "first_set_insurance", "date": "2024-10-01", "premium": "600万"},
        ],
    )
    doc = check(write, text)
    assert [yuan(a["amount"]) for a in doc["awards"]] == [160_000, 1_000_000]
    assert all(a["reading"]["choice"] == "premium" for a in doc["awards"])
    doc = check(write, text, "--reading", "weifang.first_set_base=province_compensation")
    assert [yuan(a["amount"]) for a in doc["awards"]] == [128_000]
    assert yuan(doc["totals"]["amount"]) == 128_000 and funding(doc["awards"][0]) == {M: 128_000}
    (u,) = doc["unmet"]
    assert u["trigger"]["entry"] == "projects[1]" and "provincial_compensation" in u["reason"]


def test_weifang_first_set_plan_needs_the_provincial_compensation(write):
    # plan under province_compensation asks for the base the rate needs
    path = write(company_toml("潍坊市", []))
    doc = json.loads(
        run(
            "plan", path, "--json", "--as-of", "2025-06-30", "--reading", "weifang.first_set_base=province_compensation"
        ).stdout
    )
    (o,) = [o for o in doc["options"] if o["trigger"].get("project") == "first_set_insurance"]
    assert o["needs"] == ["provincial_compensation"] and o["amount"] is None
    doc = json.loads(
        run(
            "plan",
            path,
            "--json",
            "--as-of",
            "2025-06-30",
            "--reading",
            "weifang.first_set_base=province_compensation",
            "--project",
            "first_set_insurance.provincial_compensation=64万",
        ).stdout
    )
    (o,) = [o for o in doc["options"] if o["trigger"].get("project") == "first_set_insurance"]
    assert yuan(o["amount"]) == 128_000  # 64万 × 20%


# ------------------------------------------------------------------------------ 日照 三(一)2: 独角兽 of any level


@pytest.mark.parametrize(
    "level,any_level,provincial_and_above", [("municipal", 3_000_000, 0), ("provincial", 3_000_000, 3_000_000)]
)
def test_rizhao_unicorn_level(write, level, any_level, provincial_and_above):
    # 三(一)2: "对新获得认定的独角兽企业给予最高300万元一次性奖励" — no level written.
    #   any_level (taken): 最高300万 for any level; provincial_and_above: only 省级及以上.
    text = company_toml("日照市", [("unicorn", level, "2023-05-01")])
    doc = check(write, text)
    assert yuan(doc["totals"]["amount"]) == any_level
    doc = check(write, text, "--reading", "rizhao.unicorn=provincial_and_above")
    assert yuan(doc["totals"]["amount"]) == provincial_and_above
    if not provincial_and_above:
        assert [u["reason"] for u in doc["unmatched"]] == ["reading"]


# --------------------------------------------------------------------- 日照 三(二)4: 工业设计服务外包, which year


DESIGN = company_toml(
    "日照市",
    [("design_institute", "provincial", "2023-06-01")],
    [
        {"type": "design_outsourcing", "date": "2023-03-01", "contract_amount": "80万"},
        {"type": "design_outsourcing", "date": "2023-09-01", "contract_amount": "120万"},
        {"type": "design_outsourcing", "date": "2024-05-01", "contract_amount": "300万"},
        {"type": "design_outsourcing", "date": "2025-05-01", "contract_amount": "100万"},
    ],
)


def test_rizhao_design_outsourcing_contract_year(write):
    # 三(二)4: "对承接市内工业设计服务外包订单的省级及以上工业设计研究院,按照设计服务合同实际发生额的50%给予补贴,每年补贴
    # 不超过100万元" (方案期 2022-03-23 至 2025-12-31). The 研究院 is 省级 from 2023-06-01.
    # contract_year (taken): the title on the contract date, the cap per contract year:
    #   2023-03-01 (80万): not yet a 研究院 — unmet; 2023: 120万 × 50% = 60万; 2024: 300万 × 50% = 150万 → 100万;
    #   2025: 100万 × 50% = 50万. Total 210万.
    doc = check(write, DESIGN, as_of="2026-06-30")
    assert [(a["trigger"]["year"], whole(a["amount"]), a["status"]) for a in doc["awards"]] == [
        (2023, 600_000, "eligible"),
        (2024, 1_000_000, "eligible"),
        (2025, 500_000, "eligible"),
    ]
    assert yuan(doc["totals"]["amount"]) == 2_100_000
    (u,) = doc["unmet"]
    assert u["trigger"]["entry"] == "projects[0]" and "2023-03-01" in u["reason"]


def test_rizhao_design_outsourcing_payment_year(write):
    # payment_year: paid in the round after the contract's year, the title held by the end of that year, the cap per
    # payment year, the window tested on it:
    #   2023 contracts (80万 + 120万, title held by 2023-12-31) → 2024 round: 200万 × 50% = 100万 (cap 100万);
    #   2024 → 2025 round: 150万 → 100万; 2025 → 2026 round, after 2025-12-31: expired. Total 200万.
    flag = ("--reading", "rizhao.design_outsourcing_timing=payment_year")
    doc = check(write, DESIGN, *flag, as_of="2026-06-30")
    assert [(a["trigger"]["year"], a["assessment_year"], whole(a["amount"]), a["status"]) for a in doc["awards"]] == [
        (2023, 2024, 1_000_000, "eligible"),
        (2024, 2025, 1_000_000, "eligible"),
        (2025, 2026, 500_000, "expired"),
    ]
    assert yuan(doc["totals"]["amount"]) == 2_000_000 and doc["unmet"] == []
    # as of 2024-06-30: the 2024 round has begun (2023 contracts counted); the 2024 contract waits for 2025; the
    # planned 2025 one would be paid in 2026, after the document ended
    doc = check(write, DESIGN, *flag, as_of="2024-06-30")
    assert [(a["trigger"]["year"], a["status"]) for a in doc["awards"]] == [
        (2023, "eligible"),
        (2024, "projected"),
        (2025, "expired"),
    ]


# ------------------------------------------------------------------------------- --reading of another city


def test_a_reading_of_another_citys_document_is_noted(write):
    # A 西宁 company and a 潍坊 reading: computed as without it, and stderr says it changes nothing.
    path = write(company_toml("西宁市", [("zjtx_sme", "provincial", "2024-03-01")]))
    plain = run("check", path, "--json", "--as-of", "2025-06-30")
    other = run(
        "check", path, "--json", "--as-of", "2025-06-30", "--reading", "weifang.single_champion_scope=includes_products"
    )
    assert other.exit_code == 0 and other.stdout == plain.stdout
    assert "zjtx: note: --reading weifang.single_champion_scope=includes_products" in other.stderr
    assert "潍坊市" in other.stderr and "西宁市" in other.stderr and "changes nothing" in other.stderr
    # its own city's reading: no note
    own = run("check", path, "--json", "--reading", "xining.top500_lists=highest")
    assert own.exit_code == 0 and own.stderr == ""
    # plan says so too
    result = run("plan", path, "--json", "--reading", "rizhao.unicorn=provincial_and_above")
    assert result.exit_code == 0 and "rizhao.unicorn_level is a reading of 日照市" in result.stderr


def test_a_batch_notes_a_reading_no_company_of_it_is_in(write, tmp_path):
    write(company_toml("西宁市", [], name="甲"), "a.toml")
    write(company_toml("西宁市", [], name="乙"), "b.toml")
    for jobs in ("1", "2"):
        result = run("check", str(tmp_path), "-f", "jsonl", "-j", jobs, "--reading", "weifang.first_set_base=premium")
        assert result.exit_code == 0, result.stderr
        assert result.stderr.count("zjtx: note: --reading weifang.first_set_base=premium") == 1, jobs
    write(company_toml("潍坊市", [], name="丙"), "c.toml")
    result = run("check", str(tmp_path), "-f", "jsonl", "--reading", "weifang.first_set_base=premium")
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize(
    "value,needle",
    [
        ("xining.top500_list=highest", "did you mean"),
        ("xining.top500_lists=high", '"highest"'),
        ("rizhao.unicorn=any", "expected one of: any_level, provincial_and_above"),
    ],
)
def test_an_unknown_reading_or_option_is_still_refused(write, value, needle):
    result = run("check", write(company_toml("西宁市", [])), "--json", "--reading", value)
    assert result.exit_code == 2 and result.stdout == "" and needle in result.stderr


def test_the_table_marks_an_amount_that_depends_on_a_reading(write):
    text = company_toml("西宁市", [("top500_china", None, "2024-08-01"), ("top500_private", None, "2024-09-01")])
    result = run("check", write(text), "--as-of", "2025-06-30", env={"COLUMNS": "160"})
    assert result.exit_code == 0 and "⚖ 解读: each" in result.stdout


def test_xining_plan_under_highest_is_what_the_list_adds(write):
    # 中国民营企业500强 on 2025-03-01 (300万). Planned on 2025-06-30, the same year:
    #   each: 中国企业500强 400万, 世界500强 500万; highest: only what each adds above the 300万 — 100万 and 200万;
    # check --add of the same event says the same.
    path = write(company_toml("西宁市", [("top500_private", None, "2025-03-01")]))
    for option, china, world in (("each", 4_000_000, 5_000_000), ("highest", 1_000_000, 2_000_000)):
        flag = ("--reading", f"xining.top500_lists={option}")
        doc = json.loads(run("plan", path, "--json", "--as-of", "2025-06-30", *flag).stdout)
        amounts = {o["trigger"]["title"]: whole(o["amount"]) for o in doc["options"] if o["group"] == "ranking"}
        assert amounts == {"top500_china": china, "top500_world": world}, option
        added = check(
            write,
            company_toml("西宁市", [("top500_private", None, "2025-03-01")]),
            "--add",
            "top500_china 2025-06-30",
            *flag,
        )
        assert whole(added["totals"]["amount"]) == 3_000_000 + china, option
