"""黄冈市人民政府办公室《黄冈市新一轮技术改造三年行动方案(2021—2023年)》 (2021-01-01 to 2023-12-31)."""

import pytest

from conftest import company_toml, funding, only_award, yuan


def renovation(revenue, date="2022-06-30"):
    return {"type": "tech_renovation", "date": date, "new_local_revenue": revenue}


@pytest.mark.parametrize("revenue,expected", [
    (["120万", "150万", "180万"], 4_500_000),  # 四(二): 地方新增财力连续3年全额返还 = 120 + 150 + 180 万
    (["120万", "150万"], 2_700_000),  # fewer than three years given: the years given are summed
    (["88.5万"], 885_000),  # one year
    ([0, "10万", 0], 100_000),  # a year with no new revenue is 0, not an error
])
def test_three_year_return(check_json, revenue, expected):
    doc = check_json(company_toml("黄冈市", projects=[renovation(revenue)], district="麻城市"))
    award = only_award(doc, "huanggang.new_revenue_return")
    assert yuan(award["amount"]) == expected and award["bound"] == "exact"
    assert funding(award) == {"county": expected}  # 谁受益、谁兑现: 县(市、区)部分由各县(市、区)政府负责


@pytest.mark.parametrize("district,payer", [
    ("武穴市", "county"),
    ("团风县", "county"),
    ("黄州区", "unspecified"),  # 市区部分: 市级财政、黄州区政府、黄冈高新区管委会 — shares not stated
    ("黄冈高新区", "unspecified"),
    (None, "unspecified"),  # the company file does not say where
])
def test_who_pays_depends_on_the_district(check_json, district, payer):
    doc = check_json(company_toml("黄冈市", projects=[renovation(["100万"])], district=district))
    award = only_award(doc, "huanggang.new_revenue_return")
    assert funding(award) == {payer: 1_000_000}


@pytest.mark.parametrize("date,status", [("2020-12-31", "not_yet_in_force"), ("2021-01-01", "eligible"),
                                         ("2023-12-31", "eligible"), ("2024-01-01", "expired")])
def test_window_edges(check_json, date, status):
    doc = check_json(company_toml("黄冈市", projects=[renovation(["100万"], date)], district="麻城市"))
    assert only_award(doc, "huanggang.new_revenue_return")["status"] == status
    assert yuan(doc["totals"]["amount"]) == (1_000_000 if status == "eligible" else 0)


def test_local_renovation_awards_are_unquantified(check_json):
    # 四(二): 各地分年度制定专项奖补方案 — no amount in this document.
    doc = check_json(company_toml("黄冈市", projects=[{"type": "equipment_upgrade", "date": "2023-03-01", "equipment_cost": "2500万"}]))
    award = only_award(doc, "huanggang.local_renovation_awards")
    assert award["amount"] is None and award["bound"] == "unquantified"
    assert doc["totals"]["amount"] == 0 and doc["totals"]["unquantified"] == 1
