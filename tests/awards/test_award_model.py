"""The award model, part 2 (issue 9): certainty classes, projected events under a yearly cap, the
assessment year (上年度…), recognitions with a name, unmatched events, readings and --reading, and the
data corrections. Every expected amount is worked out by hand from the clause cited beside it."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from conftest import company_toml, funding, only_award, run, yuan

AS_OF = "2026-11-22"
P, M, C = "provincial", "municipal", "county"


def by_certainty(doc):
    return {k: yuan(v) for k, v in doc["totals"]["by_certainty"].items()}


# --------------------------------------------------------------------------------------------- certainty


def test_a_company_that_mixes_all_four_certainty_classes(check_json):
    # 西宁 宁政办〔2023〕32号, by hand:
    # 二、3 三是 "争取省级财政科技专项资金对新认定的高新技术企业奖励10万元"          -> 10万 contingent (provincial)
    # 二、3 三是 "对新认定的……高新技术企业……给予……30万元……市、县(区)或园区财政分别承担50%" -> 30万 fixed (15 + 15)
    # 二、4 三是 创新型中小企业: 省级 "不高于20万元" + 市级再配套 "不高于10万元"      -> 30万 ceiling (20 + 10)
    # 二、3 三是 "择优按转移转化项目研发总投入的20%,给予不高于企业三年累计缴税总额,最高200万元",
    #    500万 × 20% = 100万 < 1000万 (tax) < 200万 (cap)                           -> 100万 selective, 省:市 = 8:2
    toml = company_toml(
        "西宁市",
        [("high_tech", "national", "2024-03-01"), ("innovative_sme", "provincial", "2024-04-01")],
        [{"type": "tech_transfer", "date": "2024-09-01", "rd_investment": "500万", "tax_paid_3y": "1000万"}],
    )
    doc = check_json(toml, "--as-of", AS_OF)
    t = doc["totals"]
    assert yuan(t["amount"]) == 1_700_000
    assert by_certainty(doc) == {
        "fixed": 300_000,
        "ceiling": 300_000,
        "selective": 1_000_000,
        "contingent": 100_000,
        "estimate": 0,
    }
    assert {k: yuan(v) for k, v in t["by_level"].items()} == {
        P: 100_000 + 200_000 + 800_000,
        M: 150_000 + 100_000 + 200_000,
        C: 150_000,
        "unspecified": 0,
        "central": 0,  # no central document pays here
    }
    assert only_award(doc, "xining.high_tech.provincial_award")["certainty"] == "contingent"
    assert only_award(doc, "xining.high_tech.municipal_award")["certainty"] == "fixed"
    assert only_award(doc, "xining.innovative_sme.provincial")["certainty"] == "ceiling"
    assert only_award(doc, "xining.tech_transfer")["certainty"] == "selective"


# ------------------------------------------------------------------ projected events under a yearly cap


def test_a_yearly_cap_is_shared_between_counted_and_projected_events(check_json):
    # 日照 三(二)4: 工业设计研究院 "按照设计服务合同实际发生额的50%给予补贴,每年补贴不超过100万元".
    # 2024-03-01: 150万 × 50% = 75万; 2024-09-01: 100万 × 50% = 50万; together 125万 > the yearly 100万.
    # As of 2024-06-30 the March order counts (75万); the September one is planned: it can only take what is
    # left of the year's cap, 100万 − 75万 = 25万 — never its own full 50万 on top.
    toml = company_toml(
        "日照市",
        [("design_institute", "provincial", "2023-01-10")],
        [
            {"type": "design_outsourcing", "date": "2024-03-01", "contract_amount": "150万"},
            {"type": "design_outsourcing", "date": "2024-09-01", "contract_amount": "100万"},
        ],
    )
    doc = check_json(toml, "--as-of", "2024-06-30")
    awards = [a for a in doc["awards"] if a["policy"] == "rizhao.industrial_design"]
    assert [(a["status"], yuan(a["amount"])) for a in awards] == [
        ("eligible", Decimal(750_000)),
        ("projected", Decimal(250_000)),
    ]
    assert yuan(doc["totals"]["amount"]) == 750_000 and yuan(doc["totals"]["projected"]) == 250_000
    # At the end of the year both count, as one award for the year: 125万 capped at 100万.
    doc = check_json(toml, "--as-of", "2024-12-31")
    award = only_award(doc, "rizhao.industrial_design")
    assert award["status"] == "eligible" and yuan(award["amount"]) == 1_000_000


# ------------------------------------------------------------------------------------ the assessment year


@pytest.mark.parametrize(
    "entered,year,status,uncertain",
    [
        # 二、1 四是 "对各县区(园区)上年度培育新增的规上工业企业……争取省级按每户不高于20万元一次性奖励": the award is
        # made in the year after entry. The document is in force from 2023-06-16 (自印发之日起施行), no end.
        ("2021-12-31", 2022, "not_yet_in_force", False),  # the 2022 round is wholly before the document
        ("2022-01-01", 2023, "eligible", True),  # the 2023 round straddles 2023-06-16: counted, flagged
        ("2023-03-01", 2024, "eligible", False),  # entered before the document, rewarded in 2024 when it is in force
    ],
)
def test_xining_above_scale_is_assessed_the_following_year(check_json, entered, year, status, uncertain):
    doc = check_json(company_toml("西宁市", [("above_scale", None, entered)]), "--as-of", AS_OF)
    award = only_award(doc, "xining.above_scale")
    assert award["assessment_year"] == year
    assert award["status"] == status and award["window_uncertain"] is uncertain
    assert any(f"{year}年度评审" in s for s in award["steps"])
    counted = 200_000 if status == "eligible" else 0  # 不高于20万元, 争取省级: contingent, provincial
    assert yuan(doc["totals"]["amount"]) == counted
    assert by_certainty(doc)["contingent"] == counted
    assert funding(award) == {P: 200_000}


def test_an_assessed_award_whose_round_has_not_begun_is_projected(check_json):
    # 二、1 四是 (上年度培育新增的规上工业企业): entered 2025-03-01, the award is made in the 2026 round. On
    # 2025-06-30 that round has not begun: projected (20万 in totals.projected, nothing counted); on
    # 2026-01-01 it has: counted, 20万 contingent (争取省级, 不高于20万元).
    toml = company_toml("西宁市", [("above_scale", None, "2025-03-01")])
    doc = check_json(toml, "--as-of", "2025-06-30")
    award = only_award(doc, "xining.above_scale")
    assert award["status"] == "projected" and award["assessment_year"] == 2026
    assert yuan(doc["totals"]["amount"]) == 0 and yuan(doc["totals"]["projected"]) == 200_000
    assert any("2026年度评审晚于计算基准日 2025-06-30" in s for s in award["steps"])
    doc = check_json(toml, "--as-of", "2026-01-01")
    assert only_award(doc, "xining.above_scale")["status"] == "eligible"
    assert yuan(doc["totals"]["amount"]) == 200_000 and by_certainty(doc)["contingent"] == 200_000


def test_an_assessed_event_after_the_as_of_date_is_projected(check_json):
    doc = check_json(company_toml("西宁市", [("above_scale", None, "2027-02-01")]), "--as-of", "2027-01-31")
    award = only_award(doc, "xining.above_scale")
    assert award["status"] == "projected" and award["assessment_year"] == 2028
    assert yuan(doc["totals"]["projected"]) == 200_000 and yuan(doc["totals"]["amount"]) == 0


# --------------------------------------------------------------------------------- recognitions by name


def _standards(*names):
    lines = ["[company]", 'name = "测试公司"', 'city = "潍坊市"']
    for n in names:
        lines += ["[[recognitions]]", 'title = "standard"', 'level = "national"', "date = 2024-05-01"]
        if n is not None:
            lines.append(f"name = {json.dumps(n, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def test_two_standards_with_different_names_are_two_awards(check_json):
    # 潍坊 二(三)8: "对主导制(修)订……国家标准……的企业,分别给予一次性资助……30万元" — each standard led is paid.
    doc = check_json(_standards("GB/T 11111-2024", "GB/T 22222-2024"), "--as-of", AS_OF)
    awards = [a for a in doc["awards"] if a["policy"] == "weifang.standard.national"]
    assert [a["trigger"]["name"] for a in awards] == ["GB/T 11111-2024", "GB/T 22222-2024"]
    assert yuan(doc["totals"]["amount"]) == 600_000 and by_certainty(doc)["fixed"] == 600_000


@pytest.mark.parametrize(
    "names,needle", [((None, None), "give each a different name"), (("GB/T 1", "GB/T 1"), 'name "GB/T 1"')]
)
def test_the_same_standard_twice_is_refused(write, names, needle):
    result = run("check", write(_standards(*names)), "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert "recognitions[1]: the same new recognition as recognitions[0]" in result.stderr
    assert needle in result.stderr


@pytest.mark.parametrize(
    "value,needle",
    [
        ("42", "recognitions[0].name: expected a string, got int 42"),
        (json.dumps("x" * 201), "recognitions[0].name: 201 characters; at most 200"),
        ('"  "', "recognitions[0].name: must not be empty"),
    ],
)
def test_a_bad_recognition_name(write, value, needle):
    text = (
        '[company]\nname = "测试"\ncity = "潍坊市"\n[[recognitions]]\ntitle = "standard"\nlevel = "national"\n'
        f"date = 2024-05-01\nname = {value}\n"
    )
    result = run("check", write(text), "--json")
    assert result.exit_code == 1 and result.stdout == ""
    assert needle in result.stderr and "Traceback" not in result.stderr


# ------------------------------------------------------------------------------------------- unmatched


@pytest.mark.parametrize(
    "city,recognitions,projects,expected",
    [
        # 潍坊 三(二) pays 专精特新 only on "通过……省动态复核", not on a new provincial recognition.
        (
            "潍坊市",
            [("zjtx_sme", "provincial", "2024-05-01")],
            [],
            [("recognitions[0]", "no_measure_for_new", "weifang.quality_sme.provincial.review")],
        ),
        # 潍坊 三(二) "制造业单项冠军的企业": under the reading taken, a 单项冠军产品 is not paid; the nearest measure
        # is the national 单项冠军 one, and the other reading is named.
        (
            "潍坊市",
            [("single_champion_product", "national", "2024-05-01")],
            [],
            [("recognitions[0]", "reading", "weifang.single_champion.national")],
        ),
        (
            "潍坊市",
            [],
            [{"type": "design_outsourcing", "date": "2024-05-01", "contract_amount": "10万"}],
            [("projects[0]", "no_measure_for_project", None)],
        ),
        # 西宁 二、4 pays the provincial 专精特新中小企业 only; a municipal one is nearest to it.
        (
            "西宁市",
            [("zjtx_sme", "municipal", "2024-05-01"), ("gazelle", "provincial", "2024-05-01")],
            [],
            [
                ("recognitions[0]", "no_measure_for_level", "xining.zjtx_sme.provincial"),
                ("recognitions[1]", "no_measure_for_title", None),
            ],
        ),
        # 日照 三(一)2 pays "新获得认定" only: a re-review of a 小巨人 gets nothing.
        (
            "日照市",
            [("little_giant", "national", "2024-05-01", True)],
            [],
            [("recognitions[0]", "no_measure_for_review", "rizhao.little_giant")],
        ),
        (
            "黄冈市",
            [("little_giant", "national", "2022-05-01")],
            [],
            [("recognitions[0]", "no_measure_for_title", None)],
        ),
        (
            "宿州市",
            [("little_giant", "national", "2023-05-01")],
            [{"type": "equipment_upgrade", "date": "2023-05-01", "equipment_cost": "100万"}],
            [("recognitions[0]", "no_measure_for_title", None), ("projects[0]", "no_measure_for_project", None)],
        ),
    ],
)
def test_events_that_trigger_nothing_are_listed_with_the_reason(check_json, city, recognitions, projects, expected):
    doc = check_json(company_toml(city, recognitions, projects), "--as-of", AS_OF)
    got = [(u["entry"], u["reason"], u["nearest"]["policy"] if u["nearest"] else None) for u in doc["unmatched"]]
    assert got == expected
    for u in doc["unmatched"]:
        assert u["explanation"]
    assert doc["awards"] == [] and yuan(doc["totals"]["amount"]) == 0


def test_a_matched_event_is_not_unmatched(check_json):
    doc = check_json(company_toml("潍坊市", [("little_giant", "national", "2024-07-15")]), "--as-of", AS_OF)
    assert doc["unmatched"] == [] and len(doc["awards"]) == 1


# -------------------------------------------------------------------------------------------- readings

PRODUCT = company_toml(
    "潍坊市", [("single_champion_product", "national", "2024-05-01"), ("single_champion", "provincial", "2024-06-01")]
)


@pytest.mark.parametrize(
    "flag", ["weifang.single_champion.national=includes_products", "weifang.single_champion_scope=includes_products"]
)
def test_weifang_single_champion_products_both_readings(check_json, flag):
    # 潍坊 三(二): "对新认定为国家级、省级制造业单项冠军的企业,市级财政分别给予最高80万元、50万元奖励".
    # Reading taken (enterprises_only): the national product gets nothing; the provincial enterprise gets 最高50万
    # under either reading (so its award does not depend on the reading).
    doc = check_json(PRODUCT, "--as-of", AS_OF)
    assert [a["policy"] for a in doc["awards"]] == ["weifang.single_champion.provincial"]
    assert doc["awards"][0]["reading"] is None
    assert yuan(doc["totals"]["amount"]) == 500_000
    assert [u["reason"] for u in doc["unmatched"]] == ["reading"]
    assert "includes_products" in doc["unmatched"][0]["explanation"]
    # Alternative (includes_products): the national product also gets 最高80万元, municipal; 80 + 50 = 130万.
    doc = check_json(PRODUCT, "--as-of", AS_OF, "--reading", flag)
    award = only_award(doc, "weifang.single_champion.national")
    assert yuan(award["amount"]) == 800_000 and funding(award) == {M: 800_000} and award["bound"] == "up_to"
    assert award["reading"]["id"] == "weifang.single_champion_scope"
    assert award["reading"]["choice"] == "includes_products" and award["reading"]["taken_by_default"] is False
    assert [o["id"] for o in award["reading"]["alternatives"]] == ["enterprises_only"]
    assert yuan(doc["totals"]["amount"]) == 1_300_000 and doc["unmatched"] == []


TRANSFERS = company_toml(
    "西宁市",
    [],
    [
        {"type": "tech_transfer", "date": "2024-01-10", "rd_investment": "500万", "tax_paid_3y": "120万"},
        {"type": "tech_transfer", "date": "2025-03-01", "rd_investment": "600万", "tax_paid_3y": "150万"},
    ],
)


def test_xining_tech_transfer_cap_per_project_or_shared(check_json):
    # 二、3 三是: "择优按转移转化项目研发总投入的20%,给予不高于企业三年累计缴税总额,最高200万元的财政资金补助,
    # 所需补助资金……由省和市根据财政事权8:2比例承担".
    # Reading taken (per_project): 500万×20% = 100万 ≤ 120万 → 100万; 600万×20% = 120万 ≤ 150万 → 120万; 220万.
    doc = check_json(TRANSFERS, "--as-of", AS_OF)
    assert [yuan(a["amount"]) for a in doc["awards"]] == [1_000_000, 1_200_000]
    assert all(a["reading"]["choice"] == "per_project" for a in doc["awards"])
    assert yuan(doc["totals"]["amount"]) == 2_200_000 and by_certainty(doc)["selective"] == 2_200_000
    # Alternative (shared_3y): the second project's three years (since 2022-03-01) include the first's 100万, so
    # its cap is 150万 − 100万 = 50万 → min(120万, 50万) = 50万; 100 + 50 = 150万, split 8:2 = 40万 + 10万.
    doc = check_json(TRANSFERS, "--as-of", AS_OF, "--reading", "xining.tech_transfer=shared_3y")
    first, second = doc["awards"]
    assert yuan(first["amount"]) == 1_000_000 and yuan(second["amount"]) == 500_000
    assert funding(second) == {P: 400_000, M: 100_000}
    assert second["reading"]["choice"] == "shared_3y"
    assert yuan(doc["totals"]["amount"]) == 1_500_000


def test_a_shared_cap_forgets_projects_older_than_three_years(check_json):
    # Under shared_3y, a project of 2028-01-11 does not share with one of 2024-01-10 (more than three years before).
    toml = company_toml(
        "西宁市",
        [],
        [
            {"type": "tech_transfer", "date": "2024-01-10", "rd_investment": "500万", "tax_paid_3y": "120万"},
            {"type": "tech_transfer", "date": "2028-01-11", "rd_investment": "600万", "tax_paid_3y": "150万"},
        ],
    )
    doc = check_json(toml, "--as-of", "2028-12-31", "--reading", "xining.tax_cap_scope=shared_3y")
    assert [yuan(a["amount"]) for a in doc["awards"]] == [1_000_000, 1_200_000]


@pytest.mark.parametrize(
    "value,needle",
    [
        ("xining.tech_transfr=shared_3y", 'did you mean "xining.tech_transfer"'),
        ("xining.tech_transfer=shared", 'did you mean "shared_3y"'),
        ("xining.high_tech.municipal_award=x", "has readings"),
        ("xining.tech_transfer", "expected MEASURE=OPTION"),
    ],
)
def test_a_bad_reading_is_a_usage_error(write, value, needle):
    result = run("check", write(TRANSFERS), "--json", "--reading", value)
    assert result.exit_code == 2 and result.stdout == ""
    assert needle in result.stderr


def test_policies_show_lists_the_readings():
    result = run("policies", "show", "xining.tech_transfer", "--json")
    assert result.exit_code == 0, result.stderr
    (reading,) = json.loads(result.stdout)["readings"]
    assert reading["id"] == "xining.tax_cap_scope"
    assert [(o["id"], o["taken"]) for o in reading["options"]] == [("per_project", True), ("shared_3y", False)]
    result = run("policies", "show", "weifang.single_champion.national")
    assert result.exit_code == 0
    assert "includes_products" in result.stdout and "--reading" in result.stdout


# ------------------------------------------------------------------------------------- data corrections


def _measure(mid):
    result = run("policies", "show", mid, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_weifang_first_set_conditions():
    # 二(二)6: "对新列入省首台(套)……的企业,在享受省保险补偿政策基础上,市级财政再给予20%的配套保险补偿".
    conditions = _measure("weifang.first_set_insurance")["conditions"]
    assert "省首台(套)" in conditions and "在享受省保险补偿政策基础上" in conditions


def test_xining_revenue_milestones_are_provincial():
    # 二、2 一是: "积极争取省级奖补政策,对年营业收入首次突破10亿元……的企业,给予政策支持".
    m = _measure("xining.revenue_milestone")
    assert m["funding"] == [{"level": "provincial", "share": "100%"}] and m["contingent"] is True


@pytest.mark.parametrize(
    "title,level,synced",
    [
        # 二、4 三是: the three tiers named — 创新型中小企业, "专精特新"中小企业 (省级), 专精特新"小巨人" — then
        # "鼓励有条件的县区(园区)同步给予奖励". A municipal 专精特新 is not one of them.
        ("innovative_sme", "provincial", True),
        ("zjtx_sme", "provincial", True),
        ("little_giant", "national", True),
        ("zjtx_sme", "municipal", False),
    ],
)
def test_xining_county_sync_only_for_the_three_tiers(check_json, title, level, synced):
    doc = check_json(company_toml("西宁市", [(title, level, "2024-05-01")]), "--as-of", AS_OF)
    assert any(a["policy"] == "xining.gradient.county" for a in doc["awards"]) is synced


def test_init_asks_a_name_to_tell_two_standards_apart():
    answers = "测试公司\n潍坊\n\ny\nstandard\nnational\n2024-05-01\nGB/T 1\ny\nstandard\nnational\n2024-06-01\n\nGB/T 1\nGB/T 2\nn\nn\n"
    result = run("init", "-", input=answers)
    assert result.exit_code == 0, result.stderr
    assert (
        "已有同一称号的一项: 请写名称" in result.stderr and "已有名称为 GB/T 1 的同一称号" in result.stderr
    )  # prompts: stderr
    assert 'name = "GB/T 1"' in result.stdout and 'name = "GB/T 2"' in result.stdout


def test_why_an_event_triggers_nothing_is_its_own_in_every_company(check_json):
    # The reason is worked out once per city and kind of event (title, level, review) and reused: each company
    # still gets it under its own entries. 西宁 二、4 pays the provincial 专精特新中小企业 only (nearest for a
    # municipal one); no 西宁 measure pays a 瞪羚 (gazelle).
    first = check_json(
        company_toml("西宁市", [("zjtx_sme", "municipal", "2024-05-01"), ("gazelle", "provincial", "2024-05-01")]),
        "--as-of",
        AS_OF,
    )
    second = check_json(
        company_toml("西宁市", [("gazelle", "provincial", "2025-01-01"), ("zjtx_sme", "municipal", "2025-01-01")]),
        "--as-of",
        AS_OF,
    )
    reasons = {u["entry"]: (u["reason"], u["trigger"]["date"]) for u in second["unmatched"]}
    assert reasons == {
        "recognitions[0]": ("no_measure_for_title", "2025-01-01"),
        "recognitions[1]": ("no_measure_for_level", "2025-01-01"),
    }
    explained = {u["reason"]: u["explanation"] for u in first["unmatched"]}
    assert {u["reason"]: u["explanation"] for u in second["unmatched"]} == explained
    assert "瞪羚" in explained["no_measure_for_title"]
