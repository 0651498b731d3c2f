"""潍坊市人民政府《关于推进"五个优化"加快制造业高质量发展的实施意见》: every measure, with the amount
worked out by hand from its clause. Payer: 市级 where the clause names 市级财政, else unspecified (the
document's last paragraph: 其它支出按现行财政体制分担). Window: until 2025-12-31, start not printed."""

import pytest

from conftest import company_toml, funding, only_award, yuan

M, U = "municipal", "unspecified"

# (title, level, review, measure id, expected yuan, bound, payer) — each worked out from the clause named.
TITLE_CASES = [
    # 二(一)1: 国家级智能制造示范工厂和智能制造优秀场景 分别奖励50万元、20万元
    ("smart_factory", "national", False, "weifang.smart_factory.national", 500000, "exact", U),
    ("smart_scenario", "national", False, "weifang.smart_scenario.national", 200000, "exact", U),
    # 二(一)1: 省级智能工厂 30万元; 省级智能制造场景、数字化车间及解决方案供应商 10万元
    ("smart_factory", "provincial", False, "weifang.smart_factory.provincial", 300000, "exact", U),
    ("smart_scenario", "provincial", False, "weifang.smart_scenario.provincial", 100000, "exact", U),
    ("digital_workshop", "provincial", False, "weifang.digital_workshop.provincial", 100000, "exact", U),
    ("smart_solution_provider", "provincial", False, "weifang.smart_solution_provider.provincial", 100000, "exact", U),
    # 二(一)2: 国家级、省级工业互联网平台 分别给予最高300万元、20万元
    (
        "industrial_internet_platform",
        "national",
        False,
        "weifang.industrial_internet_platform.national",
        3000000,
        "up_to",
        U,
    ),
    (
        "industrial_internet_platform",
        "provincial",
        False,
        "weifang.industrial_internet_platform.provincial",
        200000,
        "up_to",
        U,
    ),
    # 二(一)2: 标识解析二级节点 一次性给予最高不超过100万元
    ("identifier_node", None, False, "weifang.identifier_node", 1000000, "up_to", U),
    # 二(二)6: 由市级财政分别给予50万元、20万元
    ("service_manufacturing", "national", False, "weifang.service_manufacturing.national", 500000, "exact", M),
    ("service_manufacturing", "provincial", False, "weifang.service_manufacturing.provincial", 200000, "exact", M),
    # 二(三)8: 国际标准、国家标准、行业标准 分别给予一次性资助50万元、30万元、20万元
    ("standard", "international", False, "weifang.standard.international", 500000, "exact", U),
    ("standard", "national", False, "weifang.standard.national", 300000, "exact", U),
    ("standard", "industry", False, "weifang.standard.industry", 200000, "exact", U),
    # 二(四)10: 国家级先进制造业集群 市级财政 最高100万元; 省特色产业集群 最高50万元
    ("cluster", "national", False, "weifang.cluster.national", 1000000, "up_to", M),
    ("cluster", "provincial", False, "weifang.cluster.provincial", 500000, "up_to", M),
    # 三(二): 单项冠军 新认定 最高80万元、50万元; 动态复核 最高20万元、10万元 (市级财政)
    ("single_champion", "national", False, "weifang.single_champion.national", 800000, "up_to", M),
    ("single_champion", "provincial", False, "weifang.single_champion.provincial", 500000, "up_to", M),
    ("single_champion", "national", True, "weifang.single_champion.national.review", 200000, "up_to", M),
    ("single_champion", "provincial", True, "weifang.single_champion.provincial.review", 100000, "up_to", M),
    # 三(二): 国家级专精特新"小巨人" 最高80万元
    ("little_giant", "national", False, "weifang.little_giant", 800000, "up_to", M),
    # 三(二): 省级"独角兽""瞪羚" 最高100万元、20万元
    ("unicorn", "provincial", False, "weifang.unicorn.provincial", 1000000, "up_to", M),
    ("gazelle", "provincial", False, "weifang.gazelle.provincial", 200000, "up_to", M),
    # 三(二): 通过国家、省动态复核的专精特新优质企业 最高20万元、10万元
    ("little_giant", "national", True, "weifang.quality_sme.national.review", 200000, "up_to", M),
    ("zjtx_sme", "provincial", True, "weifang.quality_sme.provincial.review", 100000, "up_to", M),
    # 三(二): 国家级和省级中小企业公共服务示范平台、小微企业创新创业示范基地 市级财政分别奖励30万元、15万元
    ("sme_service_platform", "national", False, "weifang.sme_service_platform.national", 300000, "exact", M),
    ("sme_service_platform", "provincial", False, "weifang.sme_service_platform.provincial", 150000, "exact", M),
    ("innovation_base", "national", False, "weifang.innovation_base.national", 300000, "exact", M),
    ("innovation_base", "provincial", False, "weifang.innovation_base.provincial", 150000, "exact", M),
]


@pytest.mark.parametrize("title,level,review,policy,expected,bound,payer", TITLE_CASES, ids=[c[3] for c in TITLE_CASES])
def test_title_measures(check_json, title, level, review, policy, expected, bound, payer):
    doc = check_json(company_toml("潍坊市", [(title, level, "2024-07-15", review)]))
    award = only_award(doc, policy)
    assert award["status"] == "eligible"
    assert yuan(award["amount"]) == expected
    assert award["bound"] == bound
    assert funding(award) == {payer: expected}
    assert yuan(doc["totals"]["amount"]) == expected
    assert yuan(doc["totals"]["by_level"][payer]) == expected


@pytest.mark.parametrize(
    "title,level,policy",
    [
        ("green_factory", "provincial", "weifang.green_manufacturing"),  # 二(一)3: 择优给予支持
        ("design_institute", "provincial", "weifang.design_institute.provincial"),  # 二(二)4: 给予一定扶持
        ("design_center", "municipal", "weifang.design_center.municipal"),  # 二(二)4
        ("above_scale", None, "weifang.above_scale"),  # 三(二): 给予一定资金奖励
    ],
)
def test_unquantified_measures_have_no_number(check_json, title, level, policy):
    doc = check_json(company_toml("潍坊", [(title, level, "2024-07-15")]))
    award = only_award(doc, policy)
    assert award["bound"] == "unquantified" and award["amount"] is None
    assert doc["totals"]["amount"] == 0 and doc["totals"]["unquantified"] == 1


def test_new_provincial_zjtx_pays_nothing_in_weifang(check_json):
    # 三(二) pays only the *re-review* of provincial 专精特新优质企业, not a new recognition.
    doc = check_json(company_toml("weifang", [("zjtx_sme", "provincial", "2024-07-15")]))
    assert doc["awards"] == [] and doc["totals"]["amount"] == 0


def test_single_champion_product_is_not_the_enterprise_award(check_json):
    # 三(二) names 制造业单项冠军的企业 — the enterprise title; a product title is not read into it.
    doc = check_json(company_toml("370700", [("single_champion_product", "national", "2024-07-15")]))
    assert doc["awards"] == []


# 二(一)1: 不高于设备购置款的10%, 单个项目补贴不超过500万元
@pytest.mark.parametrize(
    "cost,expected",
    [
        ("3000万", 3_000_000),  # 30,000,000 × 10% = 3,000,000 < 5,000,000: the cap does not bind
        (60_000_000, 5_000_000),  # 6,000,000 > 5,000,000: the per-project cap binds
        ("5000万", 5_000_000),  # exactly at the cap
        (1234567.89, 123456.79),  # 123,456.789 → rounded to the fen once: 123,456.79
    ],
)
def test_equipment_upgrade(check_json, cost, expected):
    doc = check_json(
        company_toml("潍坊市", projects=[{"type": "equipment_upgrade", "date": "2024-05-01", "equipment_cost": cost}])
    )
    award = only_award(doc, "weifang.equipment_upgrade")
    assert yuan(award["amount"]) == yuan(expected)
    assert award["bound"] == "up_to"  # "不高于…10%"
    assert funding(award) == {"unspecified": yuan(expected)}


def test_equipment_cap_is_per_project(check_json):
    # Two projects of 6000万 each: each capped at 500万 → 1000万 in all.
    projects = [
        {"type": "equipment_upgrade", "date": "2024-05-01", "equipment_cost": "6000万"},
        {"type": "equipment_upgrade", "date": "2024-09-01", "equipment_cost": "6000万"},
    ]
    doc = check_json(company_toml("潍坊市", projects=projects))
    assert yuan(doc["totals"]["amount"]) == 10_000_000


# 二(二)6: 市级财政再给予20%的配套保险补偿,最高不超过100万元
@pytest.mark.parametrize(
    "premium,expected",
    [
        ("80万", 160_000),  # 800,000 × 20% = 160,000
        ("600万", 1_000_000),  # 1,200,000 > 1,000,000: capped
        ("500万", 1_000_000),  # exactly the cap
    ],
)
def test_first_set_insurance(check_json, premium, expected):
    doc = check_json(
        company_toml("潍坊市", projects=[{"type": "first_set_insurance", "date": "2025-06-01", "premium": premium}])
    )
    award = only_award(doc, "weifang.first_set_insurance")
    assert yuan(award["amount"]) == expected
    assert award["bound"] == "exact"
    assert funding(award) == {"municipal": expected}


@pytest.mark.parametrize(
    "date,status,uncertain",
    [
        ("2025-12-31", "eligible", False),  # last day of the window (有效期至2025年12月31日)
        ("2026-01-01", "expired", False),  # one day after
        # The copy prints no issue date ("自印发之日起实施"). 二(五)13 cites 国家稳经济一揽子政策和接续政策: the 接续政策
        # were deployed by the State Council executive meeting of 2022-08-24, so the document cannot be older.
        ("2015-01-01", "not_yet_in_force", False),
        ("2022-08-23", "not_yet_in_force", False),  # the day before that meeting: never counted
        ("2022-08-24", "eligible", True),  # from the meeting on: counted, but the real issue date is unknown
        # The hosting page posted the text on 2024-07-18, so the document was issued by then at the latest.
        ("2024-07-17", "eligible", True),
        ("2024-07-18", "eligible", False),  # certainly in force from that day on
    ],
)
def test_window_edges(check_json, date, status, uncertain):
    doc = check_json(company_toml("潍坊市", [("little_giant", "national", date)]), "--as-of", "2026-11-22")
    award = only_award(doc, "weifang.little_giant")
    assert award["status"] == status
    assert award["window_uncertain"] is uncertain
    assert any("有效期不确定" in s and "2022-08-24" in s for s in award["steps"]) is uncertain
    counted = 800_000 if status == "eligible" else 0  # 三(二): 国家级专精特新"小巨人" 最高80万元
    assert yuan(doc["totals"]["amount"]) == counted
    assert yuan(doc["totals"]["window_uncertain"]) == (counted if uncertain else 0)
    assert doc["totals"]["window_uncertain_count"] == (1 if uncertain else 0)
    assert doc["totals"]["out_of_window"] == (0 if status == "eligible" else 1)


def test_the_document_start_is_a_bound_in_the_documents_list(check_json):
    doc = check_json(company_toml("潍坊市", []), "--as-of", "2023-05-01")
    (d,) = doc["documents"]
    assert d["window"]["from"] == "2022-08-24" and d["window"]["to"] == "2025-12-31"
    assert d["window"]["from_bound"]["not_before"] == "2022-08-24"
    assert d["window"]["from_bound"]["not_after"] == "2024-07-18"
    assert "接续政策" in d["window"]["from_bound"]["reason"]
    assert d["in_force"] is True and d["in_force_uncertain"] is True
    doc = check_json(company_toml("潍坊市", []), "--as-of", "2025-01-01")
    assert doc["documents"][0]["in_force_uncertain"] is False


def test_example_file_total(check_json):
    # examples/weifang.toml by hand: 300万 (3000万×10%) + 30万 (省级智能工厂) + 16万 (80万×20%) + 30万 (国家标准)
    # + 80万 (小巨人) + 10万 (省级复核) = 466万; the 2026 equipment project is expired and not counted.
    from conftest import EXAMPLES

    doc = check_json((EXAMPLES / "weifang.toml").read_text(encoding="utf-8"))
    t = doc["totals"]
    assert yuan(t["amount"]) == 4_660_000
    assert yuan(t["by_level"]["municipal"]) == 160_000 + 800_000 + 100_000
    assert yuan(t["by_level"]["unspecified"]) == 3_000_000 + 300_000 + 300_000
    assert t["out_of_window"] == 1 and t["unquantified"] == 1 and t["bound"] == "up_to"
