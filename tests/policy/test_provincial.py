"""Issue 20, part 2: a provincial document (``city: "370000"``) applies in every city of its province, a central
one (``city: national``) everywhere; each is shown beside the city's awards with its own document.

The documents are fictional, written for these tests; the amounts are their own clauses':
山东 (测试) 二: 国家级专精特新"小巨人"企业 50万元, 省财政 (the default payer of a provincial document);
全国 (测试) 一: 单项冠军企业 100万元, 中央财政 (the default payer of a central document).
潍坊's own 三(二) (bundled): 新认定国家级"小巨人" 市级财政 最高80万元."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, company_toml, funding, run, yuan

PROVINCE = """\
# 虚构的测试文件, 非真实政策
id: test-shandong-2024
city: "370000"
title: 山东省测试政策(虚构)
issuer: 山东省人民政府
issued: 2024-01-01
window: {from: 2024-01-01, to: 2026-12-31}
measures:
  - id: sd.little_giant
    title: 国家级专精特新"小巨人"企业省级奖励
    trigger: {title: little_giant, level: national}
    rule: {amount: 50万}
    clause: 二
    quote: 对新认定的国家级专精特新"小巨人"企业,省财政给予50万元奖励。
"""

CENTRAL = """\
# 虚构的测试文件, 非真实政策
id: test-central-2024
city: national
title: 全国测试政策(虚构)
issuer: 测试部委
window: {from: 2024-01-01, to: null}
measures:
  - id: cn.single_champion
    title: 单项冠军企业奖励(测试)
    trigger: {title: single_champion, level: national}
    rule: {amount: 100万}
    clause: 一
    quote: 对国家级制造业单项冠军企业给予100万元奖励。
"""


@pytest.fixture
def policies(tmp_path) -> Path:
    d = tmp_path / "policies"
    d.mkdir()
    (d / "shandong.yaml").write_text(PROVINCE, encoding="utf-8")
    (d / "central.yaml").write_text(CENTRAL, encoding="utf-8")
    return d


def _check(tmp_path, policies, city: str, *recognitions, args=("--as-of", "2025-06-30")) -> dict:
    path = tmp_path / "c.toml"
    path.write_text(company_toml(city, recognitions), encoding="utf-8")
    result = run("check", str(path), "--data", str(policies), "--json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


GIANT = ("little_giant", "national", "2024-07-15")


def test_beside_the_city_s_own_document_each_with_its_document(tmp_path, policies):
    doc = _check(tmp_path, policies, "潍坊", GIANT)
    by_id = {a["policy"]: a for a in doc["awards"]}
    assert yuan(by_id["sd.little_giant"]["amount"]) == 500_000  # 山东 二: 50万元
    assert funding(by_id["sd.little_giant"]) == {"provincial": 500_000}  # a provincial document's default payer
    assert yuan(by_id["weifang.little_giant"]["amount"]) == 800_000  # 潍坊 三(二): 最高80万元, 市级
    assert by_id["sd.little_giant"]["source"]["document_id"] == "test-shandong-2024"
    assert by_id["weifang.little_giant"]["source"]["document_id"] == "weifang-five-optimizations"
    # two levels each paying their own: never flagged as one event paid twice
    assert by_id["sd.little_giant"]["also_covered_by"] == [] and by_id["weifang.little_giant"]["also_covered_by"] == []
    assert yuan(doc["totals"]["by_level"]["provincial"]) == 500_000
    assert {d["id"] for d in doc["documents"]} >= {"test-shandong-2024", "weifang-five-optimizations"}


def test_alone_in_a_city_of_the_province_without_a_document(tmp_path, policies):
    doc = _check(tmp_path, policies, "青岛", GIANT)
    assert [a["policy"] for a in doc["awards"]] == ["sd.little_giant"]
    assert yuan(doc["totals"]["amount"]) == 500_000


def test_a_company_elsewhere_gets_none_of_the_province_s_awards(tmp_path, policies):
    doc = _check(tmp_path, policies, "湖州", GIANT)
    assert doc["awards"] == [] and "test-shandong-2024" not in json.dumps(doc)


def test_a_central_document_applies_everywhere_paid_by_the_centre(tmp_path, policies):
    for city in ("西宁", "湖州", "潍坊"):
        doc = _check(tmp_path, policies, city, ("single_champion", "national", "2025-03-01"))
        award = next(a for a in doc["awards"] if a["policy"] == "cn.single_champion")
        assert yuan(award["amount"]) == 1_000_000 and funding(award) == {"central": 1_000_000}, city
        assert yuan(doc["totals"]["by_level"]["central"]) == 1_000_000


def test_cities_lists_every_city_of_the_province(policies):
    result = run("cities", "--data", str(policies), "--json")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "370200" in text and "test-shandong-2024" in text  # 青岛 has no document of its own


def test_compare_plan_and_the_deliverables_show_the_province_s_document(tmp_path, policies):
    path = tmp_path / "c.toml"
    path.write_text(company_toml("潍坊", [GIANT]), encoding="utf-8")
    compared = run("compare", str(path), "--data", str(policies), "--json", "--as-of", "2025-06-30")
    assert compared.exit_code == 0 and "sd.little_giant" in compared.stdout, compared.stderr
    planned = run("plan", str(EXAMPLES / "weifang.toml"), "--data", str(policies), "--json", "--as-of", "2024-01-10")
    assert planned.exit_code == 0 and "test-shandong-2024" in planned.stdout, planned.stderr
    html = tmp_path / "r.html"
    made = run("check", str(path), "--data", str(policies), "--as-of", "2025-06-30", "-o", str(html))
    assert made.exit_code == 0, made.stderr
    assert "山东省测试政策(虚构)" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "city, expected",
    [
        ("山东", 'write city: "370000"'),  # a province by name: its code
        ("370001", "expected the GB/T 2260 code of a city"),
        ("nationwide", "or national"),
    ],
)
def test_a_bad_city_names_what_to_write(tmp_path, city, expected):
    d = tmp_path / "p"
    d.mkdir()
    (d / "x.yaml").write_text(PROVINCE.replace('city: "370000"', f'city: "{city}"'), encoding="utf-8")
    result = run("data", "check", str(d))
    assert result.exit_code == 1 and expected in result.stderr, result.stderr


def test_a_provincial_document_names_no_zones(tmp_path):
    d = tmp_path / "p"
    d.mkdir()
    text = PROVINCE.replace("measures:", "zones:\n  - {name: 某园区, counts_as: county_level}\nmeasures:")
    (d / "x.yaml").write_text(text, encoding="utf-8")
    result = run("data", "check", str(d))
    assert result.exit_code == 1 and "names no zones" in result.stderr


def test_compare_lists_the_province_s_cities_but_not_every_city_for_a_central_document(tmp_path, policies):
    path = tmp_path / "c.toml"
    path.write_text(company_toml("湖州", [("single_champion", "national", "2025-03-01")]), encoding="utf-8")
    result = run("compare", str(path), "--data", str(policies), "--json", "--as-of", "2025-06-30")
    assert result.exit_code == 0, result.stderr
    codes = {c["code"] for c in json.loads(result.stdout)["cities"]}
    assert "330500" in codes and "370200" in codes  # the company's own city, and 青岛 through 山东's document
    assert "110000" not in codes  # 北京 has only the central document, the same everywhere
    planned = run("plan", str(path), "--data", str(policies), "--city", "北京", "--json", "--as-of", "2025-06-30")
    assert planned.exit_code == 0, planned.stderr  # a city with only the central document has documents


def _table_header(tmp_path, policies, *recognitions) -> str:
    path = tmp_path / "t.toml"
    path.write_text(company_toml("潍坊", recognitions), encoding="utf-8")
    result = run("check", str(path), "--data", str(policies), "--as-of", "2025-06-30", env={"COLUMNS": "140"})
    assert result.exit_code == 0, result.stderr
    return next(line for line in result.stdout.splitlines() if line.startswith("措施"))


def test_the_table_has_a_central_column_only_where_the_centre_pays(tmp_path, policies):
    # 全国 (测试) 一 pays a national 单项冠军 100万 from 中央财政: the table gets a 中央 column; a company the
    # central document pays nothing (a 小巨人 only: 山东 50万 + 潍坊 最高80万) gets none — an empty column
    # would only take the measure's room.
    assert "中央" in _table_header(tmp_path, policies, ("single_champion", "national", "2025-03-01"))
    header = _table_header(tmp_path, policies, GIANT)
    assert "中央" not in header and "省级" in header and "市级" in header


# funding_by_district in a provincial or national document (review of issue 20, finding 7): the names are
# checked against every county-level division of the province's cities (of every city), as a city's are.
BY_DISTRICT = """    funding_by_district:
      - {label: 寿光, districts: [NAME], funding: county}
      - {label: 其他县, types: [county_level], funding: {provincial: 1/2, county: 1/2}}
"""


def _by_district(text: str, name: str) -> str:
    return text.replace("    clause: ", BY_DISTRICT.replace("NAME", name) + "    clause: ", 1)


@pytest.mark.parametrize(
    "doc, name, expected",
    [
        (PROVINCE, "寿光", 'did you mean "寿光市"'),  # a short name, as a city document refuses it
        (PROVINCE, "不存在区", "any city of 山东省"),
        (PROVINCE, "德清县", "any city of 山东省"),  # 湖州's, not a division of 山东
        (PROVINCE, "市中区", "济南市、枣庄市"),  # two cities' 市中区: matched by name, it cannot say which
        (CENTRAL, "不存在区", "division of any city"),
        (CENTRAL, "朝阳区", "北京市、长春市"),
    ],
)
def test_a_district_a_provincial_or_national_document_names_is_checked(tmp_path, doc, name, expected):
    d = tmp_path / "p"
    d.mkdir()
    (d / "x.yaml").write_text(_by_district(doc, name), encoding="utf-8")
    result = run("data", "check", str(d))
    assert result.exit_code == 1, result.stdout
    assert "funding_by_district[0].districts[0]" in result.stderr and expected in result.stderr, result.stderr


def test_a_district_a_provincial_document_names_decides_its_payer(tmp_path):
    # 山东 (测试) 二, 50万, paid as funding_by_district says: 寿光市 (named) by the county; another county-level
    # division (青州市) half by the province, half by the county: 25万 + 25万
    d = tmp_path / "p"
    d.mkdir()
    (d / "x.yaml").write_text(_by_district(PROVINCE, "寿光市"), encoding="utf-8")
    assert run("data", "check", str(d)).exit_code == 0
    for district, payers in (("寿光市", {"county": 500_000}), ("青州市", {"provincial": 250_000, "county": 250_000})):
        path = tmp_path / "c.toml"
        path.write_text(company_toml("潍坊", [GIANT], district=district), encoding="utf-8")
        result = run("check", str(path), "--data", str(d), "--json", "--as-of", "2025-06-30")
        assert result.exit_code == 0, result.stderr
        award = next(a for a in json.loads(result.stdout)["awards"] if a["policy"] == "sd.little_giant")
        assert funding(award) == payers


def test_a_municipality_is_named_once_in_the_headers(tmp_path, policies):
    # 北京市 is its own province: the plan's header (and the workbook's, the html's) said 北京市北京市
    path = tmp_path / "c.toml"
    path.write_text(company_toml("北京", [("single_champion", "national", "2025-03-01")]), encoding="utf-8")
    plan = run("plan", str(path), "--data", str(policies))
    assert plan.exit_code == 0, plan.stderr
    assert "北京市 110000" in plan.stdout and "北京市北京市" not in plan.stdout
    html = tmp_path / "r.html"
    assert run("check", str(path), "--data", str(policies), "-o", str(html)).exit_code == 0
    page = html.read_text(encoding="utf-8")
    assert "北京市 (110000)" in page and "北京市北京市" not in page
