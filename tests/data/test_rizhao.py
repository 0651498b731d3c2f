"""日照市人民政府办公室 日政办字〔2022〕10号 (2022-03-23 to 2025-12-31; our copy stops in measure 15)."""

from decimal import Decimal

import pytest

from conftest import EXAMPLES, company_toml, funding, only_award, run, yuan

CASES = [
    # 三(一)2: 独角兽企业 最高300万元 (no level named: any level)
    ("unicorn", "provincial", "rizhao.unicorn", 3_000_000),
    ("unicorn", "municipal", "rizhao.unicorn", 3_000_000),
    # 三(一)2: 国家级单项冠军企业、产品和专精特新"小巨人" 分别最高200万元、100万元和100万元
    ("single_champion", "national", "rizhao.single_champion.national", 2_000_000),
    ("single_champion_product", "national", "rizhao.single_champion_product.national", 1_000_000),
    ("little_giant", "national", "rizhao.little_giant", 1_000_000),
    # 三(一)2: 山东省单项冠军企业、省级瞪羚、省级专精特新 分别最高50万元、30万元和20万元
    ("single_champion", "provincial", "rizhao.single_champion.provincial", 500_000),
    ("gazelle", "provincial", "rizhao.gazelle.provincial", 300_000),
    ("zjtx_sme", "provincial", "rizhao.zjtx_sme.provincial", 200_000),
    # 三(二)7: 省级特色产业集群、小微企业创业创新示范基地、中小企业公共服务示范平台 最高50万元、20万元和20万元
    ("cluster", "provincial", "rizhao.cluster.provincial", 500_000),
    ("innovation_base", "provincial", "rizhao.innovation_base.provincial", 200_000),
    ("sme_service_platform", "provincial", "rizhao.sme_service_platform.provincial", 200_000),
    # 三(二)7: 国家级示范基地、示范平台 分别给予最高50万元
    ("innovation_base", "national", "rizhao.innovation_base.national", 500_000),
    ("sme_service_platform", "national", "rizhao.sme_service_platform.national", 500_000),
]


@pytest.mark.parametrize("title,level,policy,expected", CASES, ids=[f"{c[2]}-{c[1]}" for c in CASES])
def test_title_measures(check_json, title, level, policy, expected):
    doc = check_json(company_toml("日照市", [(title, level, "2023-05-01")]))
    award = only_award(doc, policy)
    assert yuan(award["amount"]) == expected and award["bound"] == "up_to"
    assert funding(award) == {"unspecified": expected}  # no payer named in 三(一)2 / 三(二)7
    assert award["source"]["partial_copy"] is True


def test_mucan_a_class_is_a_benefit_not_money(check_json):
    # 三(一)2: 省级及以上"专精特新"等荣誉 → 当年度按"亩产效益"A类落实资源要素配置政策 (non-monetary)
    doc = check_json(
        company_toml("rizhao", [("zjtx_sme", "provincial", "2023-05-01"), ("zjtx_sme", "municipal", "2022-05-01")])
    )
    benefits = [b for b in doc["benefits"] if b["policy"] == "rizhao.mucan_a_class"]
    assert len(benefits) == 1  # the municipal one is below 省级
    assert benefits[0]["bound"] == "non_monetary" and benefits[0]["amount"] is None
    assert yuan(doc["totals"]["amount"]) == 200_000  # only the 20万 award counts


def test_district_target_award_never_counts_for_a_company(check_json):
    # 三(一)2: 对达到考核基础目标的区县、功能区 … 市财政给予最高300万元 — pays districts.
    doc = check_json(company_toml("日照市", [("little_giant", "national", "2023-05-01")]))
    listed = [a["policy"] for a in doc["awards"] + doc["benefits"]] + [g["policy"] for g in doc["other_measures"]]
    assert "rizhao.district_targets" not in listed
    assert yuan(doc["totals"]["amount"]) == 1_000_000


def design(date, amount):
    return {"type": "design_outsourcing", "date": date, "contract_amount": amount}


def test_design_subsidy_with_the_institute_held(check_json):
    # 三(二)4: 设计服务合同实际发生额的50%,每年不超过100万元. 2023: 30万 + 50万 = 80万 × 50% = 40万;
    # 2024: 300万 × 50% = 150万 → capped at 100万. Total 140万.
    doc = check_json(
        company_toml(
            "日照市",
            [("design_institute", "provincial", "2022-06-01")],
            [design("2023-03-01", "30万"), design("2023-10-01", "50万"), design("2024-05-01", "300万")],
        )
    )
    awards = [a for a in doc["awards"] if a["policy"] == "rizhao.industrial_design"]
    assert [(a["trigger"]["year"], yuan(a["amount"])) for a in awards] == [
        (2023, Decimal(400_000)),
        (2024, Decimal(1_000_000)),
    ]
    assert yuan(doc["totals"]["amount"]) == 1_400_000


def test_design_subsidy_needs_the_institute(check_json):
    # Only a provincial-or-higher 工业设计研究院 qualifies: none, a municipal design center, or one obtained after the
    # contract date → listed under unmet, never counted.
    for recs in (
        [],
        [("design_center", "municipal", "2022-01-01")],
        [("design_institute", "provincial", "2024-01-01")],
    ):
        doc = check_json(company_toml("日照市", recs, [design("2023-03-01", "30万")]))
        assert not [a for a in doc["awards"] if a["policy"] == "rizhao.industrial_design"]
        assert [u["policy"] for u in doc["unmet"]] == ["rizhao.industrial_design"]
        assert doc["totals"]["amount"] == 0
    # A national institute is "省级及以上" too.
    doc = check_json(
        company_toml("日照市", [("design_institute", "national", "2022-01-01")], [design("2023-03-01", "30万")])
    )
    assert yuan(only_award(doc, "rizhao.industrial_design")["amount"]) == 150_000


@pytest.mark.parametrize(
    "date,status",
    [
        ("2022-03-22", "not_yet_in_force"),
        ("2022-03-23", "eligible"),
        ("2025-12-31", "eligible"),
        ("2026-01-01", "expired"),
    ],
)
def test_window_edges(check_json, date, status):
    doc = check_json(company_toml("日照市", [("gazelle", "provincial", date)]))
    assert only_award(doc, "rizhao.gazelle.provincial")["status"] == status


def test_partial_copy_is_marked_in_every_output(check_json):
    doc = check_json((EXAMPLES / "rizhao.toml").read_text(encoding="utf-8"))
    assert next(d["partial"] for d in doc["documents"]).startswith("本副本在第15条")
    table = run("check", str(EXAMPLES / "rizhao.toml"))
    assert "副本不完整" in table.stdout
    # by hand: 小巨人 100万 + 省级瞪羚 30万 + 设计补贴 (80万 + 150万) × 50% = 115万 → 每年100万 = 230万
    assert yuan(doc["totals"]["amount"]) == 2_300_000
