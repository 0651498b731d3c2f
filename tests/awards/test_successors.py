"""Users' documents for any city, successor documents (supersedes) and overlapping documents."""

import json
from decimal import Decimal

import pytest

from conftest import EXAMPLES, company_toml, funding, only_award, run, yuan

# A successor of 潍坊's bundled document (window … to 2025-12-31) that starts before the old one ends.
SUCCESSOR = """\
id: weifang-successor-test
city: "370700"
title: 潍坊测试后续文件
issuer: 测试机关
window: {{from: 2025-07-01, to: 2027-12-31}}
{supersedes}
measures:
  - id: successor.little_giant
    title: 新认定国家级专精特新"小巨人"企业奖励
    trigger: {{title: little_giant, level: national}}
    rule: {{amount: 100万}}
    funding: municipal
    clause: 二(一)
    quote: 对新认定的国家级专精特新"小巨人"企业,市级财政给予100万元奖励。
"""

HANGZHOU = """\
id: hangzhou-test
city: "330100"
title: 杭州测试文件
issuer: 测试机关
window: {from: 2025-01-01, to: 2027-12-31}
zones:
  - name: 杭州未来科技城
    aliases: [未来科技城]
    counts_as: urban_district
measures:
  - id: hangzhou.little_giant
    title: 小巨人奖励
    trigger: {title: little_giant, level: national}
    rule: {amount: 50万}
    funding_by_district:
      - {label: 区县(市)部分, types: [county_level], funding: county}
      - {label: 其他市区, types: [urban_district], funding: municipal}
      - {label: 余杭区, districts: [余杭区], funding: {municipal: 1/2, county: 1/2}}  # a name wins over its type
    clause: 一
    quote: 对新认定的国家级专精特新"小巨人"企业给予50万元奖励。
"""


def policies(tmp_path, name, text):
    d = tmp_path / name
    d.mkdir()
    (d / "doc.yaml").write_text(text, encoding="utf-8")
    return str(d)


def check(write, data, toml, *extra):
    result = run("check", write(toml), "--json", "--data", data, *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def little_giant(date, city="潍坊市"):
    return company_toml(city, [("little_giant", "national", date)])


# ------------------------------------------------------------------------------------------ any city


@pytest.mark.parametrize(
    "district,expected",
    [
        ("临安区", {"municipal": 500_000}),  # a 市辖区: 其他市区, municipal
        ("余杭区", {"municipal": 250_000, "county": 250_000}),  # named: 1/2 each of 50万
        ("余杭", {"municipal": 250_000, "county": 250_000}),  # the registry short name of 余杭区
        ("建德市", {"county": 500_000}),  # a county-level city: county_level
        ("桐庐县", {"county": 500_000}),
        ("未来科技城", {"municipal": 500_000}),  # a zone the document declares, counted as urban_district
    ],
)
def test_a_users_document_for_a_city_outside_the_bundled_five(tmp_path, write, district, expected):
    data = policies(tmp_path, "hz", HANGZHOU)
    doc = check(write, data, company_toml("杭州", [("little_giant", "national", "2025-03-01")], district=district))
    award = only_award(doc, "hangzhou.little_giant")
    assert award["status"] == "eligible" and yuan(award["amount"]) == 500_000 and funding(award) == expected
    assert doc["city"]["code"] == "330100" and "notice" not in doc
    assert [c["code"] for c in json.loads(run("cities", "--json", "--data", data).stdout)["cities"]] == [
        "330100",
        "341300",
        "370700",
        "371100",
        "421100",
        "630100",
    ]


def test_district_names_in_a_users_document_are_checked(tmp_path):
    bad = HANGZHOU.replace("districts: [余杭区]", "districts: [余杭]")
    result = run("data", "check", policies(tmp_path, "hz", bad))
    assert result.exit_code == 1
    assert (
        "funding_by_district[2].districts[0]: '余杭' is not the whole name of a county-level division" in result.stderr
    )
    assert 'did you mean "余杭区"' in result.stderr
    clash = HANGZHOU.replace("name: 杭州未来科技城", "name: 西湖区")
    result = run("data", "check", policies(tmp_path, "hz2", clash))
    assert result.exit_code == 1 and "zones[0].name: '西湖区' is already the name of 西湖区" in result.stderr


def test_a_district_of_another_city_in_a_users_city(tmp_path, write):
    data = policies(tmp_path, "hz", HANGZHOU)
    result = run("check", write(company_toml("杭州", district="黄冈高新区")), "--data", data)
    assert result.exit_code == 1
    assert '"黄冈高新区" is not a district of 杭州市' in result.stderr and "杭州未来科技城" in result.stderr


# ------------------------------------------------------------------------------------------ supersedes


@pytest.fixture
def successor(tmp_path):
    return policies(tmp_path, "succ", SUCCESSOR.format(supersedes="supersedes: [weifang-five-optimizations]"))


def test_before_the_new_window_the_old_document_still_pays(write, successor):
    doc = check(write, successor, little_giant("2025-06-30"))
    old = only_award(doc, "weifang.little_giant")
    new = only_award(doc, "successor.little_giant")
    # 三(二) of the old document: 最高80万; the new window starts 2025-07-01.
    assert (old["status"], yuan(old["amount"])) == ("eligible", Decimal(800_000))
    assert new["status"] == "not_yet_in_force"
    assert yuan(doc["totals"]["amount"]) == 800_000 and old["also_covered_by"] == []


def test_inside_the_new_window_the_superseded_document_does_not_apply(write, successor):
    doc = check(write, successor, little_giant("2025-07-01"))
    old = only_award(doc, "weifang.little_giant")
    new = only_award(doc, "successor.little_giant")
    # 2025-07-01 is inside both windows; the new document supersedes the old: only its 100万 counts.
    assert old["status"] == "superseded" and "已被其取代" in old["steps"][-1]
    assert (new["status"], yuan(new["amount"])) == ("eligible", Decimal(1_000_000))
    assert yuan(doc["totals"]["amount"]) == 1_000_000 and doc["totals"]["out_of_window"] == 1
    assert new["also_covered_by"] == []


def test_after_the_old_window_only_the_new_document_pays(write, successor):
    doc = check(write, successor, little_giant("2026-03-01"))
    assert only_award(doc, "weifang.little_giant")["status"] in ("expired", "superseded")
    assert yuan(doc["totals"]["amount"]) == 1_000_000


def test_supersedes_with_no_overlap_warning(successor):
    result = run("data", "check", successor, "--as-of", "2026-06-30")
    assert result.exit_code == 0 and "overlaps" not in result.stderr
    assert "weifang-five-optimizations: window ended" not in result.stderr  # its successor is given


def test_supersedes_an_unknown_document_is_an_error(tmp_path, write):
    data = policies(tmp_path, "bad", SUCCESSOR.format(supersedes="supersedes: [weifang-five-optimisations]"))
    result = run("data", "check", data)
    assert result.exit_code == 1
    assert "weifang-successor-test: supersedes[0]: no document with id 'weifang-five-optimisations'" in result.stderr
    assert 'did you mean "weifang-five-optimizations"' in result.stderr
    assert run("check", write(little_giant("2025-07-01")), "--data", data).exit_code == 1


def test_supersedes_a_document_of_another_city_is_an_error(tmp_path):
    data = policies(tmp_path, "bad", SUCCESSOR.format(supersedes="supersedes: [xining-2023-32]"))
    result = run("data", "check", data)
    assert result.exit_code == 1 and "supersedes[0]" in result.stderr


# ------------------------------------------------------------------------------------------ overlap


@pytest.fixture
def overlapping(tmp_path):
    return policies(tmp_path, "overlap", SUCCESSOR.format(supersedes=""))


def test_data_check_warns_about_overlapping_documents(overlapping):
    result = run("data", "check", overlapping)
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "overlaps" in line]
    assert len(warnings) == 1
    w = warnings[0]
    assert w.startswith("zjtx: warning: ") and "weifang-successor-test: overlaps weifang-five-optimizations" in w
    assert "from 2025-07-01 to 2025-12-31" in w and "little_giant (national)" in w
    assert "supersedes: [weifang-five-optimizations]" in w


def test_check_marks_an_award_both_documents_pay(write, overlapping):
    doc = check(write, overlapping, little_giant("2025-09-01"))
    old = only_award(doc, "weifang.little_giant")
    new = only_award(doc, "successor.little_giant")
    assert old["status"] == new["status"] == "eligible"
    assert old["also_covered_by"] == [{"document_id": "weifang-successor-test", "policy": "successor.little_giant"}]
    assert new["also_covered_by"] == [{"document_id": "weifang-five-optimizations", "policy": "weifang.little_giant"}]
    assert any("两份文件均覆盖此认定" in s for s in old["steps"]) and any(
        "两份文件均覆盖此认定" in s for s in new["steps"]
    )
    table = run("check", write(little_giant("2025-09-01")), "--data", overlapping)
    assert table.stdout.count("两份文件均覆盖此认定") == 2


def test_a_planned_event_in_the_new_window_is_superseded_too(write, successor):
    doc = check(write, successor, little_giant("2025-09-01"), "--as-of", "2025-06-30")  # planned, in both windows
    assert only_award(doc, "weifang.little_giant")["status"] == "superseded"
    new = only_award(doc, "successor.little_giant")
    assert new["status"] == "projected" and yuan(doc["totals"]["projected"]) == 1_000_000


def test_no_mark_when_only_one_document_is_in_force(write, overlapping):
    doc = check(write, overlapping, little_giant("2025-03-01"))  # before the successor's window
    assert all(a["also_covered_by"] == [] for a in doc["awards"])


def test_the_bundled_data_has_no_overlaps():
    result = run("data", "check")
    assert result.exit_code == 0 and "overlaps" not in result.stderr


def test_the_successor_template_supersedes_and_checks(tmp_path):
    result = run("data", "check", str(EXAMPLES / "policies"))
    assert result.exit_code == 0, result.stderr
    assert "overlaps" not in result.stderr
