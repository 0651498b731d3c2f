"""zjtx policies / policies show / cities, in both formats."""

import json

from conftest import run


def test_policies_json_lists_every_measure_with_the_required_keys():
    result = run("policies", "--json")
    assert result.exit_code == 0
    rows = json.loads(result.stdout)
    assert len(rows) == 123  # 43 潍坊 + 31 西宁 + 28 日照 + 12 黄冈 + 9 宿州
    for row in rows:
        for key in ("id", "city", "document", "title", "trigger", "rule", "funding", "window", "clause"):
            assert key in row, key
        assert {"from", "to"} <= set(row["window"]) <= {"from", "to", "from_bound", "to_bound"}
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["city"] for r in rows} == {"370700", "630100", "341300", "371100", "421100"}


def test_policies_rule_in_words():
    rows = {r["id"]: r for r in json.loads(run("policies", "--json", "--city", "潍坊").stdout)}
    assert rows["weifang.equipment_upgrade"]["rule"]["text"] == "设备购置款不高于10%,单个项目最高500万元"
    assert rows["weifang.first_set_insurance"]["funding_text"] == "市级全额"
    assert {r["city"] for r in rows.values()} == {"370700"}


def test_policies_table_filters_by_city_and_marks_ended_documents():
    result = run("policies", "--city", "huanggang", "--as-of", "2024-06-01")
    assert result.exit_code == 0
    assert "黄冈" in result.stdout and "潍坊" not in result.stdout
    assert "已失效" in result.stdout
    assert "已失效" not in run("policies", "--city", "西宁", "--as-of", "2024-06-01").stdout


def test_policies_unknown_city_is_a_usage_error():
    result = run("policies", "--city", "suzhou")
    assert result.exit_code == 2 and "宿州" in result.stderr


def test_show_table_and_json():
    table = run("policies", "show", "xining.tech_transfer")
    assert table.exit_code == 0
    flat = table.stdout.replace("\n", "").replace(" ", "")
    assert "不高于企业三年累计缴税总额" in flat and "省级80%" in flat and "二、3三是" in flat
    assert "按转移转化项目研发总投入的20%" in flat  # the quote
    doc = json.loads(run("policies", "show", "xining.tech_transfer", "--json").stdout)
    assert doc["funding"] == [{"level": "provincial", "share": "80%"}, {"level": "municipal", "share": "20%"}]
    assert doc["notes"]


def test_show_unknown_id_suggests():
    result = run("policies", "show", "weifang.little_gaint")
    assert result.exit_code == 1 and result.stdout == ""
    assert '"weifang.little_giant"' in result.stderr


def test_cities_json_in_force_as_of():
    doc = json.loads(run("cities", "--json", "--as-of", "2025-06-30").stdout)
    by = {c["code"]: c for c in doc["cities"]}
    assert [c["code"] for c in doc["cities"]] == [
        "341300",
        "370700",
        "371100",
        "421100",
        "630100",
    ]  # with documents, by code
    assert by["370700"]["in_force"] and by["630100"]["in_force"] and by["371100"]["in_force"]
    assert not by["421100"]["in_force"] and not by["341300"]["in_force"]
    doc = json.loads(run("cities", "--json", "--as-of", "2026-01-01").stdout)
    assert [c["code"] for c in doc["cities"] if c["in_force"]] == ["630100"]


def test_cities_table():
    result = run("cities", "--as-of", "2026-01-01")
    assert result.exit_code == 0
    for name in ("潍坊市", "西宁市", "宿州市", "日照市", "黄冈市"):
        assert name in result.stdout
