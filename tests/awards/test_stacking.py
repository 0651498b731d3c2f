"""Issue 20, part 3: stacking rules on a measure (``stacking: {rule: highest | top_up, with: [...]}``), meeting
another level's measure for the same event.

The provincial documents are fictional, written here; the city's measure is the bundled 潍坊 三(二): "对新认定为
国家级专精特新"小巨人"的企业,市级财政给予最高80万元奖励" (up to 80万元, 市级)."""

from __future__ import annotations

import json

import pytest

from conftest import company_toml, funding, run, yuan

PROVINCE = """\
# 虚构的测试文件, 非真实政策
id: test-shandong-stacking
city: "370000"
title: 山东省测试政策(虚构)
issuer: 山东省人民政府
window: {{from: 2024-01-01, to: 2026-12-31}}
measures:
  - id: sd.little_giant
    title: 国家级"小巨人"省级奖励(测试)
    trigger: {{title: {title}, level: national}}
    rule: {{amount: {amount}}}
    clause: 二
    quote: 对新认定的国家级专精特新"小巨人"企业,省财政给予奖励(测试)。
    stacking: {{rule: {rule}, with: [{with_}]}}
"""
GIANT = [("little_giant", "national", "2024-07-15")]


def _check(
    tmp_path,
    amount: str,
    rule: str,
    with_: str = "weifang.little_giant",
    title: str = "little_giant",
    recognitions=GIANT,
    *extra: str,
):
    d = tmp_path / "p"
    d.mkdir(exist_ok=True)
    (d / "sd.yaml").write_text(PROVINCE.format(amount=amount, rule=rule, with_=with_, title=title), encoding="utf-8")
    company = tmp_path / "c.toml"
    company.write_text(company_toml("潍坊", recognitions), encoding="utf-8")
    return run("check", str(company), "--data", str(d), "--as-of", "2025-06-30", *extra)


def _awards(result) -> tuple[dict, dict]:
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    return {a["policy"]: a for a in doc["awards"]}, doc["totals"]


def test_highest_counts_only_the_higher_and_lists_the_other_with_its_reason(tmp_path):
    awards, totals = _awards(
        _check(tmp_path, "50万", "highest", "weifang.little_giant", "little_giant", GIANT, "--json")
    )
    city, province = awards["weifang.little_giant"], awards["sd.little_giant"]
    # 80万 (潍坊, up to) > 50万 (山东): the city's is counted, the province's listed, not counted, naming it
    assert city["counted"] and yuan(city["amount"]) == 800_000
    assert province["status"] == "stacked" and not province["counted"] and yuan(province["amount"]) == 500_000
    assert "就高不重复" in province["steps"][-1] and "weifang.little_giant" in province["steps"][-1]
    assert "sd.little_giant" in city["steps"][-1]
    assert yuan(totals["amount"]) == 800_000 and totals["stacked"] == 1  # not 130万
    assert yuan(totals["by_level"]["provincial"]) == 0


def test_highest_the_other_way_round(tmp_path):
    awards, totals = _awards(
        _check(tmp_path, "100万", "highest", "weifang.little_giant", "little_giant", GIANT, "--json")
    )
    # 100万 (山东) > 80万 (潍坊): the province's is counted, the city's is not
    assert awards["sd.little_giant"]["counted"] and awards["weifang.little_giant"]["status"] == "stacked"
    assert yuan(totals["amount"]) == 1_000_000 and funding(awards["sd.little_giant"]) == {"provincial": 1_000_000}


def test_top_up_pays_the_difference(tmp_path):
    awards, totals = _awards(
        _check(tmp_path, "100万", "top_up", "weifang.little_giant", "little_giant", GIANT, "--json")
    )
    province = awards["sd.little_giant"]
    # 差额: 100万 - 80万 (the city's, for the same event) = 20万, paid by the province
    assert yuan(province["amount"]) == 200_000 and funding(province) == {"provincial": 200_000}
    step = next(s for s in province["steps"] if s.startswith("差额 (stacking: top_up)"))
    assert "weifang.little_giant" in step and province["steps"][-1] == "差额后出资: 省级 100%"
    assert yuan(totals["amount"]) == 1_000_000  # 80万 + 20万


def test_top_up_is_never_below_zero(tmp_path):
    awards, totals = _awards(
        _check(tmp_path, "50万", "top_up", "weifang.little_giant", "little_giant", GIANT, "--json")
    )
    assert yuan(awards["sd.little_giant"]["amount"]) == 0  # 50万 - 80万 < 0 → 0
    assert yuan(totals["amount"]) == 800_000


def test_a_rule_applies_only_to_the_same_event(tmp_path):
    recognitions = [*GIANT, ("single_champion", "national", "2025-03-01")]
    # the province's measure pays for 单项冠军: another event than the city's 小巨人 award, so both count
    awards, _totals = _awards(
        _check(tmp_path, "50万", "highest", "weifang.little_giant", "single_champion", recognitions, "--json")
    )
    assert awards["sd.little_giant"]["counted"] and awards["weifang.little_giant"]["counted"]


def test_the_table_says_what_was_not_counted_and_why(tmp_path):
    result = _check(tmp_path, "50万", "highest")
    assert result.exit_code == 0, result.stderr
    assert "就高不重复" in result.stdout and "1 项因就高不重复" in result.stdout


@pytest.mark.parametrize(
    "rule, with_, expected",
    [
        ("highest", "weifang.little_gaint", "unknown measure id 'weifang.little_gaint'"),
        ("highest", "sd.little_giant", "cannot stack with itself"),
        ("most", "weifang.little_giant", "expected highest (就高不重复) or top_up (差额)"),
    ],
)
def test_data_check_refuses_a_bad_rule(tmp_path, rule, with_, expected):
    d = tmp_path / "p"
    d.mkdir()
    (d / "sd.yaml").write_text(
        PROVINCE.format(amount="50万", rule=rule, with_=with_, title="little_giant"), encoding="utf-8"
    )
    result = run("data", "check", str(d))
    assert result.exit_code == 1 and expected in result.stderr, result.stderr
    if "unknown" in expected:
        assert "sd.yaml:14:" in result.stderr and "did you mean" in result.stderr


@pytest.mark.parametrize("rule", ["highest", "top_up"])
@pytest.mark.parametrize("wan", [1, 79, 80, 81, 500])
def test_the_engine_counts_for_one_event_what_the_rule_says(tmp_path, rule, wan):
    """For one event, with 潍坊 三(二)'s 最高80万: highest counts max(X, 80万) once; top_up pays 80万 + max(X - 80万, 0)
    = max(X, 80万) too — and never pays the event twice, whatever X."""
    import datetime as dt
    from decimal import Decimal

    from zjtx.awards.engine import evaluate
    from zjtx.company.file import load_company
    from zjtx.policy.files import load_catalog

    d = tmp_path / "p"
    d.mkdir()
    text = PROVINCE.format(amount=f"{wan}万", rule=rule, with_="weifang.little_giant", title="little_giant")
    (d / "sd.yaml").write_text(text, encoding="utf-8")
    company_file = tmp_path / "c.toml"
    company_file.write_text(company_toml("潍坊", GIANT), encoding="utf-8")
    catalog = load_catalog([d])
    _, company = load_company(str(company_file))
    report = evaluate(company, catalog.documents, as_of=dt.date(2025, 6, 30))
    counted = [a for a in report.awards if a.counted]
    expected = max(Decimal(wan * 10_000), Decimal(800_000))
    assert report.totals.amount == expected
    assert sum((a.amount or Decimal(0) for a in counted), Decimal(0)) == expected
    listed = {a.measure.id for a in report.awards}
    assert listed == {"weifang.little_giant", "sd.little_giant"}  # nothing dropped


def test_policies_show_says_how_the_measure_stacks(tmp_path):
    d = tmp_path / "p"
    d.mkdir()
    text = PROVINCE.format(amount="50万", rule="highest", with_="weifang.little_giant", title="little_giant")
    (d / "sd.yaml").write_text(text, encoding="utf-8")
    shown = run("policies", "show", "sd.little_giant", "--data", str(d))
    assert shown.exit_code == 0 and "就高不重复: weifang.little_giant" in shown.stdout, shown.stderr
    as_json = json.loads(run("policies", "show", "sd.little_giant", "--data", str(d), "--json").stdout)
    assert as_json["stacking"] == {"rule": "highest", "with": ["weifang.little_giant"]}
