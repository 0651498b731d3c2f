"""宿州市 (安徽, 341300) 2023 work points: targets and qualitative support, no amount anywhere."""

from conftest import EXAMPLES, company_toml, run


def test_suzhou_company_exits_0_and_says_nothing_is_quantified(check_json):
    doc = check_json((EXAMPLES / "suzhou.toml").read_text(encoding="utf-8"))
    assert doc["city"] == {"code": "341300", "name": "宿州市", "province": "安徽省", "type": "地级市"}
    assert doc["notice"] == "no quantified award in the bundled documents"
    assert doc["totals"]["amount"] == 0
    assert all(a["amount"] is None for a in doc["awards"])
    assert len(doc["other_measures"]) >= 5  # the qualitative supports it lists


def test_suzhou_table_is_not_an_empty_not_eligible_table():
    result = run("check", str(EXAMPLES / "suzhou.toml"))
    assert result.exit_code == 0
    flat = result.stdout.replace("\n", "").replace(" ", "")
    assert "没有可量化的奖励" in flat and "noquantifiedawardinthebundleddocuments" in flat
    assert "亩均英雄贷" in flat  # the supports are listed


def test_suzhou_names(check_json):
    for name in ("宿州", "宿州市", "341300", "suzhou-anhui", "Suzhou, Anhui"):
        assert check_json(company_toml(name))["city"]["code"] == "341300"
