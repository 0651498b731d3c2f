"""Places a company can be in (issue 26 §5): 西宁's 经济技术开发区 (its document's addressee, "西宁国家级经济技术开发区
(青海国家高新技术产业开发区)管委会") as a zone that pays where the text says 园区, and 黄冈's 龙感湖管理区, a county-level
管理区 with no GB/T 2260 code of its own."""

from __future__ import annotations

import pytest

from conftest import company_toml, funding, only_award, run, yuan

C, M = "county", "municipal"


@pytest.mark.parametrize(
    "written", ["西宁经济技术开发区", "西宁国家级经济技术开发区", "青海国家高新技术产业开发区", "西宁经开区"]
)
def test_xining_development_zone_by_either_name(check_json, written):
    # 二、3 三是: "对新认定的市级科技型企业……给予10万元……的一次性奖励,市、县(区)或园区财政分别承担50%": 5万 市 + 5万 园区
    # (the 园区's half, recorded as the county level), the step saying the 园区 pays it.
    doc = check_json(
        company_toml("西宁市", [("tech_sme", "municipal", "2024-03-01")], district=written), "--as-of", "2025-06-30"
    )
    assert doc["company"]["district"] == "西宁经济技术开发区"
    award = only_award(doc, "xining.tech_sme.municipal")
    assert yuan(award["amount"]) == 100_000 and funding(award) == {M: 50_000, C: 50_000}
    assert any("园区部分: 西宁经济技术开发区" in s and "园区财政" in s for s in award["steps"])


def test_xining_districts_pay_as_before(check_json):
    # a company of 城东区: the 县(区) pays its half, no 园区 note
    doc = check_json(
        company_toml("西宁市", [("tech_sme", "municipal", "2024-03-01")], district="城东区"), "--as-of", "2025-06-30"
    )
    award = only_award(doc, "xining.tech_sme.municipal")
    assert funding(award) == {M: 50_000, C: 50_000} and not any("园区" in s for s in award["steps"])


def test_xining_zone_is_listed_in_the_error(write):
    result = run("check", write(company_toml("西宁市", [], district="开发区")), "--json")
    assert result.exit_code == 1 and "zones named by its documents: 西宁经济技术开发区" in result.stderr


@pytest.mark.parametrize("written", ["龙感湖管理区", "龙感湖"])
def test_longganhu_is_a_county_level_division_of_huanggang(check_json, written):
    # 黄冈 四(二): "技术改造项目投产后地方新增财力连续3年全额返还"; 末段: "县(市、区)部分由各县(市、区)政府负责". 龙感湖管理区
    # counts as county-level: 100万 + 50万 returned in full = 150万, paid by the county level, with a note saying why.
    doc = check_json(
        company_toml(
            "黄冈市",
            projects=[{"type": "tech_renovation", "date": "2022-05-01", "new_local_revenue": ["100万", "50万"]}],
            district=written,
        ),
        "--as-of",
        "2024-06-30",
    )
    assert doc["company"]["district"] == "龙感湖管理区"
    award = only_award(doc, "huanggang.new_revenue_return")
    assert yuan(award["amount"]) == 1_500_000 and funding(award) == {C: 1_500_000}
    (step,) = [s for s in award["steps"] if s.startswith("出资")]
    assert "县(市、区)部分: 龙感湖管理区" in step and "没有自己的代码" in step


def test_longganhu_is_listed_among_huanggangs_districts(write):
    result = run("check", write(company_toml("黄冈市", [], district="龙感")), "--json")
    assert result.exit_code == 1 and "龙感湖管理区" in result.stderr and "武穴市, 龙感湖管理区" in result.stderr
