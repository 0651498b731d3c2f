"""What the documents offer that is not a stated amount (issue 26 §6): money promised without an amount is
``unquantified`` (listed, never a number), other support is a ``benefit``; each cites its clause and quote."""

from __future__ import annotations

import json

import pytest

from conftest import company_toml, only_award, run

# (measure, kind, clause, words the rule keeps from the text)
LISTED = [
    ("huanggang.renovation_support_modes", "unquantified", "四(二)", '"先期预拨+年终结算"'),
    ("weifang.design_platforms", "unquantified", "二(二)4", "给予一定扶持"),
    ("xining.tech_pool_support", "unquantified", "二、3 二是", "更加积极的扶持政策"),
    ("weifang.policy_push", "non_monetary", "二(五)13", "免申即享"),
    ("weifang.one_to_one", "non_monetary", "二(五)14", '"一对一"包靠联系制度'),
    ("xining.one_firm_one_team", "non_monetary", "二、1 二是", '"一企一专班"'),
    ("xining.one_firm_one_policy", "non_monetary", "二、2 二是", '"一企一策""一事一议"'),
    ("rizhao.deferred_repayment", "non_monetary", "三(四)12", "无还本续贷"),
    ("rizhao.listing_pool", "non_monetary", "三(四)13", "上市后备资源库"),
    ("huanggang.filing_streamlined", "non_monetary", "四(一)", "技改备案流程"),
    ("huanggang.renovation_land", "non_monetary", "四(一)", "新增用地"),
    ("huanggang.funds_and_guarantees", "non_monetary", "四(三)", "政府性融资担保"),
]


@pytest.mark.parametrize("mid,kind,clause,words", LISTED, ids=[x[0] for x in LISTED])
def test_listed_with_its_kind_and_clause(mid, kind, clause, words):
    m = json.loads(run("policies", "show", mid, "--json").stdout)
    assert m["rule"]["bound"] == kind and m["clause"] == clause and words in m["rule"]["promise"]
    assert "amount" not in m["rule"]


@pytest.mark.parametrize(
    "city,mid",
    [("西宁市", "xining.tech_pool_support"), ("潍坊市", "weifang.policy_push"), ("日照市", "rizhao.listing_pool")],
)
def test_a_company_of_the_city_sees_them(check_json, city, mid):
    doc = check_json(company_toml(city, []), "--as-of", "2025-06-30")
    (m,) = [m for m in doc["other_measures"] if m["policy"] == mid]
    assert m["departments"] and m["source"]["clause"]


def test_huanggang_renovation_support_modes_with_a_project(check_json):
    # 四(二): "鼓励采取投资奖补、贷款贴息、'先期预拨+年终结算'等方式支持企业技改" — an equipment project inside the window gets it,
    # listed without an amount; the 县(市、区) pays (麻城市 is a county-level city).
    doc = check_json(
        company_toml(
            "黄冈市",
            projects=[{"type": "equipment_upgrade", "date": "2023-03-01", "equipment_cost": "2500万"}],
            district="麻城市",
        ),
        "--as-of",
        "2023-06-30",
    )
    award = only_award(doc, "huanggang.renovation_support_modes")
    assert award["amount"] is None and award["bound"] == "unquantified" and award["certainty"] is None
    assert [f["level"] for f in award["funding"]] == ["county"]
