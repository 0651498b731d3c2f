"""Issue 20, part 4: the example templates in examples/policies/ (a city's and a province's) pass data check
and compute. Their amounts are the templates' own (examples of the format, not a real document):
省级模板 一(一) 小巨人 50万元 (就高不重复 with the city template's 二(一) "最高100万元"); 一(二) 国家企业技术中心 100万元;
一(三) 研发费用增量的10%, 最高200万元; a provincial document's measures are paid by the province."""

from __future__ import annotations

import json

from conftest import EXAMPLES, company_toml, funding, run, yuan

POLICIES = EXAMPLES / "policies"
RECOGNITIONS = [("little_giant", "national", "2026-03-01"), ("技术中心", "national", "2026-04-01")]
PROJECTS = [{"type": "研发增量奖励", "date": "2026-05-01", "rd_increase": "500万"}]


def _check(tmp_path, city: str) -> tuple[dict, dict]:
    path = tmp_path / "c.toml"
    path.write_text(company_toml(city, RECOGNITIONS, PROJECTS), encoding="utf-8")
    result = run("check", str(path), "--data", str(POLICIES), "--json", "--as-of", "2026-12-31")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    return {a["policy"]: a for a in doc["awards"]}, doc["totals"]


def test_the_templates_pass_data_check():
    result = run("data", "check", str(POLICIES))
    assert result.exit_code == 0, result.stderr


def test_the_provincial_template_beside_the_city_template(tmp_path):
    awards, totals = _check(tmp_path, "潍坊")
    # 就高不重复: the city's 最高100万 is higher than the province's 50万 for the same 小巨人 event
    assert awards["example.little_giant"]["counted"] and yuan(awards["example.little_giant"]["amount"]) == 1_000_000
    assert awards["example_sd.little_giant"]["status"] == "stacked"
    assert "example.little_giant" in awards["example_sd.little_giant"]["steps"][-1]
    # the declared title and project type: 100万; 10% × 500万 = 50万 (under the 200万 cap), both provincial
    assert funding(awards["example_sd.tech_center.national"]) == {"provincial": 1_000_000}
    assert funding(awards["example_sd.rd_increment"]) == {"provincial": 500_000}
    assert yuan(totals["amount"]) == 2_500_000  # 100 + 100 + 50 万


def test_the_provincial_template_alone_in_another_city_of_the_province(tmp_path):
    awards, totals = _check(tmp_path, "青岛")  # no city document: no 就高 partner, the province's 50万 counts
    assert set(awards) == {"example_sd.little_giant", "example_sd.tech_center.national", "example_sd.rd_increment"}
    assert yuan(totals["amount"]) == 2_000_000  # 50 + 100 + 50 万


def test_the_provincial_template_pays_nothing_outside_its_province(tmp_path):
    awards, _totals = _check(tmp_path, "湖州")
    assert not any(k.startswith("example_sd.") for k in awards)
