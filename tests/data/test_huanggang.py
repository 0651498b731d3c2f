"""黄冈市人民政府办公室《黄冈市新一轮技术改造三年行动方案(2021—2023年)》 (2021-01-01 to 2023-12-31)."""

import pytest

from conftest import company_toml, funding, only_award, run, yuan


def renovation(revenue, date="2022-06-30"):
    return {"type": "tech_renovation", "date": date, "new_local_revenue": revenue}


@pytest.mark.parametrize(
    "revenue,expected",
    [
        (["120万", "150万", "180万"], 4_500_000),  # 四(二): 地方新增财力连续3年全额返还 = 120 + 150 + 180 万
        (["120万", "150万"], 2_700_000),  # fewer than three years given: the years given are summed
        (["88.5万"], 885_000),  # one year
        ([0, "10万", 0], 100_000),  # a year with no new revenue is 0, not an error
    ],
)
def test_three_year_return(check_json, revenue, expected):
    doc = check_json(company_toml("黄冈市", projects=[renovation(revenue)], district="麻城市"))
    award = only_award(doc, "huanggang.new_revenue_return")
    assert yuan(award["amount"]) == expected and award["bound"] == "exact"
    assert funding(award) == {"county": expected}  # 谁受益、谁兑现: 县(市、区)部分由各县(市、区)政府负责


# The closing paragraph: 各项支持政策按照"谁受益、谁兑现"原则确定承担主体,县(市、区)部分由各县(市、区)政府负责;
# 市区部分按市区一体财政体制分别由市级财政、黄州区政府、黄冈高新区管委会(市区各园区管委会)承担。
# 黄州区 (黄冈's only 市辖区) is named among the 市区 payers, so it is the 市区 part; the seven counties and the
# county-level cities 麻城市, 武穴市 are the 县(市、区) part, paid by their own government. The 市区 shares between
# 市级财政 and 黄州区政府 / the park's committee are not stated: unspecified.
EVERY_DISTRICT = [
    ("团风县", "county"),
    ("红安县", "county"),
    ("罗田县", "county"),
    ("英山县", "county"),
    ("浠水县", "county"),
    ("蕲春县", "county"),
    ("黄梅县", "county"),
    ("麻城市", "county"),
    ("武穴市", "county"),
    ("黄州区", "unspecified"),
    ("黄冈高新区", "unspecified"),  # 黄冈高新区管委会: named among the 市区 payers
    ("白潭湖片区", "unspecified"),
    ("临空经济区", "unspecified"),  # 市区各园区
    (None, "unspecified"),  # the company file does not say where
]


@pytest.mark.parametrize("district,payer", EVERY_DISTRICT)
def test_who_pays_depends_on_the_district(check_json, district, payer):
    doc = check_json(company_toml("黄冈市", projects=[renovation(["100万"])], district=district))
    award = only_award(doc, "huanggang.new_revenue_return")
    assert funding(award) == {payer: 1_000_000}
    part = {"county": "县(市、区)部分", "unspecified": "市区部分"}[payer] if district else "未写 district"
    assert any(part in step for step in award["steps"])


@pytest.mark.parametrize("district,payer", EVERY_DISTRICT)
def test_local_renovation_awards_are_paid_by_the_same_parts(check_json, district, payer):
    # 四(二) 各地分年度制定专项奖补方案: unquantified; who pays follows the same closing paragraph.
    doc = check_json(
        company_toml(
            "黄冈市",
            projects=[{"type": "equipment_upgrade", "date": "2023-03-01", "equipment_cost": "2500万"}],
            district=district,
        )
    )
    award = only_award(doc, "huanggang.local_renovation_awards")
    assert award["funding"] == [{"level": payer, "amount": None}]


@pytest.mark.parametrize(
    "written,name",
    [
        ("麻城", "麻城市"),
        ("黄州", "黄州区"),
        ("高新区", "黄冈高新区"),
        ("黄冈高新技术产业开发区", "黄冈高新区"),
        ("白潭湖", "白潭湖片区"),
        ("黄冈临空经济区", "临空经济区"),
        (" 武穴市 ", "武穴市"),
    ],
)
def test_short_names_and_declared_aliases_name_the_whole_district(check_json, written, name):
    doc = check_json(company_toml("黄冈市", projects=[renovation(["100万"])], district=written))
    assert doc["company"]["district"] == name
    payer = dict(EVERY_DISTRICT)[name]
    assert funding(only_award(doc, "huanggang.new_revenue_return")) == {payer: 1_000_000}


@pytest.mark.parametrize(
    "written,expected",
    [
        (
            "潍坊高新区",
            [
                '"潍坊高新区" is not a district of 黄冈市',
                "its districts are 黄州区, 团风县, 红安县",
                "zones named by its documents: 黄冈高新区, 白潭湖片区, 临空经济区",
            ],
        ),
        ("县", ['"县" is not a district of 黄冈市']),  # a part of a name is never a match
        ("区", ['"区" is not a district of 黄冈市']),
        ("高新", ['"高新" is not a district of 黄冈市', "did you mean"]),
        ("黄州区高新区", ['"黄州区高新区" is not a district of 黄冈市']),
        ("寿光市", ['"寿光市" is not a district of 黄冈市 (it is 寿光市 of 潍坊市 (山东, 370700))']),
        ("黄冈市", ['"黄冈市" is not a district of 黄冈市']),
    ],
)
def test_foreign_districts_and_substrings_are_refused(write, written, expected):
    result = run("check", write(company_toml("黄冈市", projects=[renovation(["100万"])], district=written)), "--json")
    assert result.exit_code == 1 and result.stdout == ""
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "company.district" in line
    for text in expected:
        assert text in line


@pytest.mark.parametrize(
    "date,status",
    [
        ("2020-12-31", "not_yet_in_force"),
        ("2021-01-01", "eligible"),
        ("2023-12-31", "eligible"),
        ("2024-01-01", "expired"),
    ],
)
def test_window_edges(check_json, date, status):
    doc = check_json(company_toml("黄冈市", projects=[renovation(["100万"], date)], district="麻城市"))
    assert only_award(doc, "huanggang.new_revenue_return")["status"] == status
    assert yuan(doc["totals"]["amount"]) == (1_000_000 if status == "eligible" else 0)


def test_local_renovation_awards_are_unquantified(check_json):
    # 四(二): 各地分年度制定专项奖补方案 — no amount in this document.
    doc = check_json(
        company_toml(
            "黄冈市", projects=[{"type": "equipment_upgrade", "date": "2023-03-01", "equipment_cost": "2500万"}]
        )
    )
    award = only_award(doc, "huanggang.local_renovation_awards")
    assert award["amount"] is None and award["bound"] == "unquantified"
    # 四(二): "鼓励采取投资奖补、贷款贴息、'先期预拨+年终结算'等方式支持企业技改" — no amount either.
    modes = only_award(doc, "huanggang.renovation_support_modes")
    assert modes["amount"] is None and modes["bound"] == "unquantified"
    assert doc["totals"]["amount"] == 0 and doc["totals"]["unquantified"] == 2
