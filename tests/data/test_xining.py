"""西宁市人民政府办公室 宁政办〔2023〕32号 (in force from 2023-06-16, no end): every measure, amounts by hand."""

import pytest

from conftest import company_toml, funding, only_award, yuan

P, M, C = "provincial", "municipal", "county"


# (title, level, measure id, expected yuan, bound, {payer: yuan}, contingent)
CASES = [
    # 二、1 四是: 争取省级按每户不高于20万元一次性奖励 (read as paid to the new above-scale enterprise)
    ("above_scale", None, "xining.above_scale", 200000, "up_to", {P: 200000}, True),
    # 二、2 一是: 积极争取省级奖补政策 … 一次性500万元 / 400万元 / 300万元激励
    ("top500_world", None, "xining.top500_world", 5000000, "exact", {P: 5000000}, True),
    ("top500_china", None, "xining.top500_china", 4000000, "exact", {P: 4000000}, True),
    ("top500_private", None, "xining.top500_private", 3000000, "exact", {P: 3000000}, True),
    # 二、3 三是: 市级科技型企业 10万元, 市、县(区)或园区财政分别承担50% → 5万 + 5万
    ("tech_sme", "municipal", "xining.tech_sme.municipal", 100000, "exact", {M: 50000, C: 50000}, False),
    # 二、3 三是: 市级农业科技园 20万元, 市级研发中心 20万元, 50% / 50%
    ("agri_tech_park", "municipal", "xining.agri_tech_park.municipal", 200000, "exact", {M: 100000, C: 100000}, False),
    ("rd_center", "municipal", "xining.rd_center.municipal", 200000, "exact", {M: 100000, C: 100000}, False),
    # 二、4 三是: 省级专项资金 不高于20万元、50万元、100万元; 市级再配套 不高于10万元、20万元、50万元
    ("innovative_sme", "provincial", "xining.innovative_sme.provincial", 200000, "up_to", {P: 200000}, False),
    ("innovative_sme", "provincial", "xining.innovative_sme.municipal", 100000, "up_to", {M: 100000}, False),
    ("zjtx_sme", "provincial", "xining.zjtx_sme.provincial", 500000, "up_to", {P: 500000}, False),
    ("zjtx_sme", "provincial", "xining.zjtx_sme.municipal", 200000, "up_to", {M: 200000}, False),
    ("little_giant", "national", "xining.little_giant.provincial", 1000000, "up_to", {P: 1000000}, False),
    ("little_giant", "national", "xining.little_giant.municipal", 500000, "up_to", {M: 500000}, False),
    # 二、5 四是: 单项冠军(示范)企业 争取省级奖补政策,给予不高于100万元
    ("single_champion", "national", "xining.single_champion", 1000000, "up_to", {P: 1000000}, True),
]


@pytest.mark.parametrize("title,level,policy,expected,bound,payers,contingent", CASES, ids=[c[2] for c in CASES])
def test_title_measures(check_json, title, level, policy, expected, bound, payers, contingent):
    doc = check_json(company_toml("西宁市", [(title, level, "2024-03-01")]))
    award = only_award(doc, policy)
    assert yuan(award["amount"]) == expected and award["bound"] == bound
    assert funding(award) == {k: yuan(v) for k, v in payers.items()}
    assert award["contingent"] is contingent
    assert award["status"] == "eligible"


def test_new_high_tech_gets_provincial_and_city_county_awards(check_json):
    # 二、3 三是: 争取省级…对新认定的高新技术企业奖励10万元 (contingent), and 高新技术企业 30万元 split 50/50.
    doc = check_json(company_toml("xining", [("high_tech", None, "2024-03-01")]))
    prov = only_award(doc, "xining.high_tech.provincial_award")
    city = only_award(doc, "xining.high_tech.municipal_award")
    assert yuan(prov["amount"]) == 100000 and funding(prov) == {P: 100000} and prov["contingent"]
    assert yuan(city["amount"]) == 300000 and funding(city) == {M: 150000, C: 150000}
    assert yuan(doc["totals"]["amount"]) == 400000
    assert yuan(doc["totals"]["contingent"]) == 100000


def test_tech_little_giant_is_qinghais_not_miit(check_json):
    # 二、3 三是: the 小巨人企业 of the 科技 list is 科技小巨人 — 40万元 (20万 city + 20万 county);
    # held together with high_tech, the provincial 再奖励90万元 applies too.
    doc = check_json(
        company_toml("630100", [("high_tech", None, "2023-07-01"), ("tech_little_giant", "provincial", "2024-03-01")])
    )
    assert yuan(only_award(doc, "xining.tech_little_giant.municipal_award")["amount"]) == 400000
    extra = only_award(doc, "xining.tech_little_giant.provincial_award")
    assert yuan(extra["amount"]) == 900000 and funding(extra) == {P: 900000}
    # The MIIT little giant does not trigger the 科技 award.
    doc = check_json(company_toml("630100", [("little_giant", "national", "2024-03-01")]))
    assert not [a for a in doc["awards"] if a["policy"].startswith("xining.tech_little_giant")]


def test_tech_little_giant_90wan_needs_high_tech(check_json):
    # 对高新技术企业中认定为"省级科技小巨人"的企业,再奖励90万元: without high_tech it is listed as unmet.
    doc = check_json(company_toml("西宁", [("tech_little_giant", "provincial", "2024-03-01")]))
    assert not [a for a in doc["awards"] if a["policy"] == "xining.tech_little_giant.provincial_award"]
    assert [u["policy"] for u in doc["unmet"]] == ["xining.tech_little_giant.provincial_award"]
    # high_tech obtained *after* the 科技小巨人 date does not count either
    doc = check_json(
        company_toml("西宁", [("tech_little_giant", "provincial", "2024-03-01"), ("high_tech", None, "2024-05-01")])
    )
    assert [u["policy"] for u in doc["unmet"]] == ["xining.tech_little_giant.provincial_award"]


# 二、3 三是: 按研发总投入的20%,不高于企业三年累计缴税总额,最高200万元; 省:市 = 8:2
@pytest.mark.parametrize(
    "rd,tax,expected,why",
    [
        ("500万", "300万", 1_000_000, "5,000,000 × 20% = 1,000,000: no cap binds"),
        ("1500万", "260万", 2_000_000, "3,000,000 → tax cap 2,600,000 → 200万 cap binds"),
        ("1500万", "120万", 1_200_000, "3,000,000 → the three-year tax total 1,200,000 binds"),
        ("1000万", "500万", 2_000_000, "exactly 2,000,000 = the 200万 cap"),
        ("500万", 0, 0, "no tax paid: the tax cap makes it 0"),
    ],
)
def test_tech_transfer_caps(check_json, rd, tax, expected, why):
    doc = check_json(
        company_toml(
            "西宁市",
            projects=[{"type": "tech_transfer", "date": "2024-09-01", "rd_investment": rd, "tax_paid_3y": tax}],
        )
    )
    award = only_award(doc, "xining.tech_transfer")
    assert yuan(award["amount"]) == expected, why
    assert funding(award) == {P: yuan(expected) * 8 / 10, M: yuan(expected) * 2 / 10}
    assert award["selective"] is True  # 择优


def test_tech_transfer_split_to_the_fen(check_json):
    # 123,456.78 × 20% = 24,691.356 → 24,691.36 (rounded once). 8:2 of 2,469,136 fen = 1,975,308.8 + 493,827.2:
    # floors 1,975,308 + 493,827 leave 1 fen, which goes to the larger remainder (provincial): 19,753.09 + 4,938.27.
    doc = check_json(
        company_toml(
            "西宁市",
            projects=[
                {"type": "tech_transfer", "date": "2024-09-01", "rd_investment": 123456.78, "tax_paid_3y": "100万"}
            ],
        )
    )
    award = only_award(doc, "xining.tech_transfer")
    assert yuan(award["amount"]) == yuan("24691.36")
    assert funding(award) == {P: yuan("19753.09"), M: yuan("4938.27")}


@pytest.mark.parametrize(
    "date,status",
    [
        ("2023-06-15", "not_yet_in_force"),  # the day before 印发 (2023-06-16)
        ("2023-06-16", "eligible"),  # 自印发之日起施行
        ("2035-01-01", "eligible"),  # no end date stated (counted once the as-of date reaches it)
    ],
)
def test_window_edges(check_json, date, status):
    doc = check_json(company_toml("西宁市", [("zjtx_sme", "provincial", date)]), "--as-of", "2035-01-01")
    assert only_award(doc, "xining.zjtx_sme.provincial")["status"] == status
    assert yuan(doc["totals"]["amount"]) == (700_000 if status == "eligible" else 0)


def test_county_matching_award_is_unquantified(check_json):
    # 二、4 三是: 鼓励有条件的县区(园区)同步给予奖励 — no amount: listed, never a number.
    doc = check_json(company_toml("西宁市", [("innovative_sme", None, "2024-03-01")]))
    award = only_award(doc, "xining.gradient.county")
    assert award["amount"] is None and award["bound"] == "unquantified"
    assert doc["totals"]["unquantified"] == 1


def test_example_file_total(check_json):
    # examples/xining.toml by hand: high_tech 10万 (省) + 30万 (15 市 + 15 县); zjtx_sme 50万 (省) + 20万 (市);
    # tech transfer 1500万 × 20% = 300万 → 260万 (tax) → 200万 (cap): 160万 省 + 40万 市. The 2023-05-10 tech_sme
    # is before 2023-06-16: not_yet_in_force. Total 310万: 省 220万, 市 75万, 县 15万.
    from conftest import EXAMPLES

    doc = check_json((EXAMPLES / "xining.toml").read_text(encoding="utf-8"))
    t = doc["totals"]
    assert yuan(t["amount"]) == 3_100_000
    assert {k: yuan(v) for k, v in t["by_level"].items()} == {
        P: 2_200_000,
        M: 750_000,
        C: 150_000,
        "unspecified": 0,
        "central": 0,
    }
    assert t["out_of_window"] == 1


def test_a_planned_event_is_projected_not_counted(check_json):
    # 二、4 三是: a provincial 专精特新中小企业 gets 省级 不高于50万 + 市级再配套 不高于20万 = 70万 (ceilings).
    # Dated after the as-of date it is a plan: listed as projected, its 70万 in totals.projected, nothing in
    # totals.amount; on its own day it counts, 70万 as ceilings (both 不高于).
    toml = company_toml("西宁市", [("zjtx_sme", "provincial", "2027-03-01")])
    doc = check_json(toml, "--as-of", "2027-02-28")
    award = only_award(doc, "xining.zjtx_sme.provincial")
    assert award["status"] == "projected" and award["counted"] is False
    assert yuan(doc["totals"]["amount"]) == 0 and yuan(doc["totals"]["projected"]) == 700_000
    doc = check_json(toml, "--as-of", "2027-03-01")
    assert only_award(doc, "xining.zjtx_sme.provincial")["status"] == "eligible"
    assert yuan(doc["totals"]["amount"]) == 700_000 and yuan(doc["totals"]["projected"]) == 0
    assert {k: yuan(v) for k, v in doc["totals"]["by_certainty"].items()} == {
        "fixed": 0,
        "ceiling": 700_000,
        "selective": 0,
        "contingent": 0,
        "estimate": 0,
    }
