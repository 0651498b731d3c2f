"""Stacking rules (issue 20, part 3) that meet in chains, across levels — review of issue 20, findings 2–4.

Every document here is fictional, written in the test: a 湖州 (330500) city document, a 浙江 (330000) provincial
one and a national one, each with one measure for a national 小巨人 (or an 设备更新 project), its amount stated
in the measure's rule. The results must not depend on the documents' file names (the order they are read in)."""

from __future__ import annotations

import itertools
import json

import pytest

from conftest import company_toml, run, yuan

PLACES = (("city", '"330500"', "湖州市"), ("province", '"330000"', "浙江省"), ("nation", "national", "全国"))
GIANT = [("little_giant", "national", "2026-03-01")]


def _doc(place: int, measure: str) -> str:
    key, city, name = PLACES[place]
    return (
        f"# 虚构的测试文件, 非真实政策\nid: test-{key}\ncity: {city}\ntitle: {name}测试政策(虚构)\nissuer: 某政府\n"
        f"window: {{from: 2026-01-01, to: 2028-12-31}}\nmeasures:\n  - {measure}\n"
    )


def _measure(
    mid: str, amount: str, stacking: str = "", trigger: str = "{title: little_giant, level: national}", more: str = ""
) -> str:
    rule = amount if amount.startswith("{") else f"{{amount: {amount}}}"
    extra = (f", stacking: {stacking}" if stacking else "") + more
    return f"{{id: {mid}, title: 测试{mid}, trigger: {trigger}, clause: 一, quote: 测试(虚构), rule: {rule}{extra}}}"


def _write(tmp_path, measures: list[str], names: tuple[str, ...]):
    """The three documents (city, province, nation) in files named ``names``, in a fresh folder."""
    d = tmp_path / "-".join(n.removesuffix(".yaml") for n in names)
    d.mkdir()
    for place, (measure, name) in enumerate(zip(measures, names, strict=True)):
        (d / name).write_text(_doc(place, measure), encoding="utf-8")
    return d


def _awards(tmp_path, d, recognitions=GIANT, projects=()) -> tuple[dict, dict]:
    company = tmp_path / "c.toml"
    company.write_text(company_toml("湖州", recognitions, projects), encoding="utf-8")
    result = run("check", str(company), "--data", str(d), "--as-of", "2026-06-30", "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    return {a["policy"]: a for a in doc["awards"]}, doc["totals"]


NAMES = list(itertools.permutations(("a.yaml", "b.yaml", "c.yaml")))


@pytest.mark.parametrize("names", NAMES)
@pytest.mark.parametrize(
    "amounts, counted", [(("100万", "80万", "60万"), "city.x"), (("60万", "80万", "100万"), "nation.x")]
)
def test_a_chain_of_highest_rules_is_one_group_whatever_the_file_names(tmp_path, names, amounts, counted):
    # city.x highest with province.x; province.x highest with nation.x: one group of three for the event.
    # By hand: only the highest of 100万, 80万 and 60万 is counted = 100万 (not 100 + 60 = 160万).
    measures = [
        _measure("city.x", amounts[0], "{rule: highest, with: [province.x]}"),
        _measure("province.x", amounts[1], "{rule: highest, with: [nation.x]}"),
        _measure("nation.x", amounts[2]),
    ]
    awards, totals = _awards(tmp_path, _write(tmp_path, measures, names))
    assert yuan(totals["amount"]) == 1_000_000 and totals["stacked"] == 2
    assert [p for p, a in awards.items() if a["counted"]] == [counted]
    for p, a in awards.items():
        if p != counted:
            assert a["status"] == "stacked" and counted in a["steps"][-1]


@pytest.mark.parametrize("names", NAMES[:2])
def test_a_tie_counts_the_more_certain_award_then_the_smaller_measure_id(tmp_path, names):
    # province.x (fixed 80万) highest with city.x (最高80万, a ceiling) and nation.x (fixed 80万). All state 80万:
    # the fixed ones are more certain than the ceiling; of nation.x and province.x, "nation.x" < "province.x".
    measures = [
        _measure("city.x", "{up_to: 80万}"),
        _measure("province.x", "80万", "{rule: highest, with: [city.x, nation.x]}"),
        _measure("nation.x", "80万"),
    ]
    awards, totals = _awards(tmp_path, _write(tmp_path, measures, names))
    assert [p for p, a in awards.items() if a["counted"]] == ["nation.x"]
    assert yuan(totals["amount"]) == 800_000 and totals["by_certainty"]["ceiling"] == 0


@pytest.mark.parametrize("names", NAMES)
def test_a_chain_of_top_ups_reads_what_each_named_award_paid_after_its_own_rule(tmp_path, names):
    # nation.x 100万 top_up province.x; province.x 80万 top_up city.x; city.x 60万.
    # By hand: city.x 60万; province.x 80 - 60 = 20万; nation.x 100 - 20 = 80万; total 160万, whatever the order.
    measures = [
        _measure("city.x", "60万"),
        _measure("province.x", "80万", "{rule: top_up, with: [city.x]}"),
        _measure("nation.x", "100万", "{rule: top_up, with: [province.x]}"),
    ]
    awards, totals = _awards(tmp_path, _write(tmp_path, measures, names))
    assert {p: yuan(a["amount"]) for p, a in awards.items()} == {
        "city.x": 600_000,
        "province.x": 200_000,
        "nation.x": 800_000,
    }
    assert yuan(totals["amount"]) == 1_600_000
    assert yuan(totals["by_level"]["central"]) == 800_000 and yuan(totals["by_level"]["provincial"]) == 200_000


@pytest.mark.parametrize(
    "rules, expected",
    [
        # a top_up b, b top_up a: each would wait for the other
        (("{rule: top_up, with: [province.x]}", "{rule: top_up, with: [city.x]}", ""), "city.x → province.x → city.x"),
        # a top_up b while b is in one highest group with a: a mix
        (("{rule: top_up, with: [province.x]}", "{rule: highest, with: [city.x]}", ""), "city.x → province.x → city.x"),
        # through the nation: city top_up province, province highest with nation, nation top_up city
        (
            (
                "{rule: top_up, with: [province.x]}",
                "{rule: highest, with: [nation.x]}",
                "{rule: top_up, with: [city.x]}",
            ),
            "city.x → province.x → nation.x → city.x",
        ),
    ],
)
def test_data_check_refuses_a_cycle_of_stacking_rules(tmp_path, rules, expected):
    measures = [_measure(f"{PLACES[k][0]}.x", "10万", rules[k]) for k in range(3)]
    result = run("data", "check", str(_write(tmp_path, measures, ("a.yaml", "b.yaml", "c.yaml"))))
    assert result.exit_code == 1, result.stdout
    assert "cycle" in result.stderr and expected in result.stderr, result.stderr
    assert "a.yaml" in result.stderr  # the first measure's file


def test_two_highest_rules_naming_each_other_are_no_cycle(tmp_path):
    measures = [
        _measure("city.x", "10万", "{rule: highest, with: [province.x]}"),
        _measure("province.x", "20万", "{rule: highest, with: [city.x]}"),
        _measure("nation.x", "30万", "{rule: top_up, with: [city.x, province.x]}"),
    ]
    d = _write(tmp_path, measures, ("a.yaml", "b.yaml", "c.yaml"))
    assert run("data", "check", str(d)).exit_code == 0
    # By hand: province.x 20万 counted (city.x 10万 stacked, paid nothing); nation.x 30 - 20 = 10万. Total 30万.
    awards, totals = _awards(tmp_path, d)
    assert yuan(awards["nation.x"]["amount"]) == 100_000 and yuan(totals["amount"]) == 300_000


PROJECT = "{project: equipment_upgrade}"
#: city.x: 设备购置款 × 8%, 每年最高50万 (per: year); province.x: × 10%, 最高100万 (per project), highest with city.x.
YEARLY_AND_PER_PROJECT = [
    _measure("city.x", "{rate: 8%, of: equipment_cost, cap: 50万, per: year}", trigger=PROJECT),
    _measure("province.x", "{rate: 10%, of: equipment_cost, cap: 100万}", "{rule: highest, with: [city.x]}", PROJECT),
    _measure("nation.x", "1万"),
]


def test_a_yearly_capped_measure_stacks_with_a_per_project_one_for_the_same_project(tmp_path):
    # city.x: 设备购置款 × 8%, 每年最高50万 (per: year); province.x: × 10%, 最高100万 (per project), highest with
    # city.x. One project, 设备购置款 300万: 8% = 24万, 10% = 30万 → 30万 counted, 24万 stacked.
    measures = YEARLY_AND_PER_PROJECT
    projects = [{"type": "equipment_upgrade", "date": "2026-03-01", "equipment_cost": "300万"}]
    awards, totals = _awards(tmp_path, _write(tmp_path, measures, ("a.yaml", "b.yaml", "c.yaml")), [], projects)
    assert awards["province.x"]["counted"] and yuan(awards["province.x"]["amount"]) == 300_000
    assert awards["city.x"]["status"] == "stacked" and yuan(awards["city.x"]["amount"]) == 240_000
    assert yuan(totals["amount"]) == 300_000 and totals["stacked"] == 1


def test_plan_adds_what_check_add_counts_never_a_stacked_award(tmp_path):
    # city.x 100万 highest with province.x 80万; nation.x 150万 top_up city.x. A 湖州 company holding nothing,
    # planning a new national 小巨人. By hand: city.x 100万 counted, province.x 80万 stacked (就高不重复, adds
    # nothing), nation.x 150 - 100 = 50万 → the option adds 150万, not 230万: 100万 from the city's document,
    # which names no payer (unspecified), 50万 中央 (a national document's default payer), 省级 0.
    measures = [
        _measure("city.x", "100万", "{rule: highest, with: [province.x]}"),
        _measure("province.x", "80万"),
        _measure("nation.x", "150万", "{rule: top_up, with: [city.x]}"),
    ]
    d = _write(tmp_path, measures, ("a.yaml", "b.yaml", "c.yaml"))
    company = tmp_path / "empty.toml"
    company.write_text(company_toml("湖州"), encoding="utf-8")
    result = run("plan", str(company), "--data", str(d), "--as-of", "2026-06-30", "--json")
    assert result.exit_code == 0, result.stderr
    option = next(o for o in json.loads(result.stdout)["options"] if o["trigger"].get("title") == "little_giant")
    assert yuan(option["amount"]) == 1_500_000
    assert {k: yuan(v) for k, v in option["by_level"].items() if v} == {"unspecified": 1_000_000, "central": 500_000}
    assert yuan(option["by_certainty"]["fixed"]) == 1_500_000
    # the same event through check --add: the same 150万
    checked = run(
        "check", str(company), "--data", str(d), "--as-of", "2026-06-30", "--json",
        "--add", "little_giant national 2026-06-30",
    )  # fmt: skip
    assert checked.exit_code == 0, checked.stderr
    assert yuan(json.loads(checked.stdout)["totals"]["amount"]) == 1_500_000


def test_a_top_up_shows_the_payer_and_year_split_of_what_it_pays(tmp_path):
    # One 设备更新 project, 设备购置款 30万. city.x: 30% of 设备购置款; province.x: 50%, top_up city.x, paid 1/3 省级 and 2/3 中央.
    # By hand: 设备购置款 300,000.00: city.x 90,000.00; province.x 150,000.00 - 90,000.00 = 60,000.00, of which
    # 省级 1/3 = 20,000.00 and 中央 2/3 = 40,000.00 (the steps had said 50,000.00 / 100,000.00).
    project = "{project: equipment_upgrade}"
    measures = [
        _measure("city.x", "{rate: 30%, of: equipment_cost}", trigger=project),
        _measure(
            "province.x",
            "{rate: 50%, of: equipment_cost}",
            "{rule: top_up, with: [city.x]}",
            project,
            ", funding: {provincial: 1/3, central: 2/3}",
        ),
        _measure("nation.x", "1万"),
    ]
    projects = [{"type": "equipment_upgrade", "date": "2026-03-01", "equipment_cost": "30万"}]
    d = _write(tmp_path, measures, ("a.yaml", "b.yaml", "c.yaml"))
    awards, _totals = _awards(tmp_path, d, [], projects)
    province = awards["province.x"]
    assert yuan(province["amount"]) == 60_000
    assert {f["level"]: yuan(f["amount"]) for f in province["funding"]} == {"provincial": 20_000, "central": 40_000}
    assert province["steps"][-1] == "差额后出资: 省级 1/3 = 20,000.00元, 中央 2/3 = 40,000.00元"


def test_a_stacked_csv_row_says_which_award_was_counted(tmp_path):
    # city.x 100万 highest with province.x 80万: province.x is stacked; its CSV row names city.x.
    measures = [_measure("city.x", "100万", "{rule: highest, with: [province.x]}"), _measure("province.x", "80万")]
    measures.append(_measure("nation.x", "1万", trigger="{title: single_champion, level: national}"))
    d = _write(tmp_path, measures, ("a.yaml", "b.yaml", "c.yaml"))
    company = tmp_path / "c.toml"
    company.write_text(company_toml("湖州", GIANT), encoding="utf-8")
    result = run("check", str(company), "--data", str(d), "--as-of", "2026-06-30", "-f", "csv")
    assert result.exit_code == 0, result.stderr
    import csv
    import io

    rows = {r["measure_id"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["city.x"]["not_counted_reason"] == ""
    reason = rows["province.x"]["not_counted_reason"]
    assert reason.startswith("就高不重复") and "city.x" in reason and "1,000,000.00元" in reason


def test_a_stacking_rule_without_with_says_what_is_expected_in_yaml_words(tmp_path):
    measures = [
        _measure("city.x", "10万", "{rule: highest}"),
        _measure("province.x", "10万"),
        _measure("nation.x", "1万"),
    ]
    result = run("data", "check", str(_write(tmp_path, measures, ("a.yaml", "b.yaml", "c.yaml"))))
    assert result.exit_code == 1
    assert "city.x: stacking.with: expected a list of measure ids, e.g. [huzhou.little_giant], got nothing" in (
        result.stderr
    ), result.stderr
    assert "None" not in result.stderr


def test_a_rule_between_two_measures_of_the_only_document_applies(tmp_path):
    # 湖州's own document (here the only one for the city besides none): 甲 100万 highest with 乙 80万, the same
    # national 小巨人. By hand: 100万 counted, 80万 stacked — not 180万.
    d = tmp_path / "p"
    d.mkdir()
    both = _measure("city.x", "100万", "{rule: highest, with: [city.y]}") + "\n  - " + _measure("city.y", "80万")
    (d / "a.yaml").write_text(_doc(0, both), encoding="utf-8")
    awards, totals = _awards(tmp_path, d)
    assert yuan(totals["amount"]) == 1_000_000 and awards["city.y"]["status"] == "stacked"


def test_a_rule_against_a_yearly_award_of_several_projects_says_it_did_not_apply(tmp_path):
    # city.x: 设备购置款 × 8%, 每年最高50万 (per: year); province.x: × 10% per project, highest with city.x. Two projects
    # in 2026 (300万, 100万): city.x pays one yearly award for both, 400万 × 8% = 32万; province.x 30万 and 10万.
    # Neither of province.x's awards is the same event as the yearly one: all three count (72万), and each
    # province.x award says the rule was not applied.
    measures = YEARLY_AND_PER_PROJECT
    projects = [
        {"type": "equipment_upgrade", "date": "2026-03-01", "equipment_cost": "300万"},
        {"type": "equipment_upgrade", "date": "2026-04-01", "equipment_cost": "100万"},
    ]
    company = tmp_path / "c.toml"
    company.write_text(company_toml("湖州", [], projects), encoding="utf-8")
    d = _write(tmp_path, measures, ("a.yaml", "b.yaml", "c.yaml"))
    result = run("check", str(company), "--data", str(d), "--as-of", "2026-06-30", "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert yuan(doc["totals"]["amount"]) == 720_000 and doc["totals"]["stacked"] == 0
    provincial = [a for a in doc["awards"] if a["policy"] == "province.x"]
    assert sorted(yuan(a["amount"]) for a in provincial) == [100_000, 300_000]
    for a in provincial:
        assert "未适用" in a["steps"][-1] and "city.x" in a["steps"][-1], a["steps"]
