"""A title renewed after its term (issue 26 §1): 高新技术企业 is re-certified (重新认定, written review = true), other
titles re-reviewed (动态复核); a later entry of a title and level already held is read as its renewal unless it says
review = false. A measure for 新认定 never pays a renewal; check, compare and plan agree on it."""

from __future__ import annotations

import json

import pytest

from conftest import company_toml, only_award, run, yuan

AS_OF = "2026-12-31"


def _doc(result) -> dict:
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def high_tech(second: str = "") -> str:
    """A 西宁 company certified 高新技术企业 on 2023-07-01 and again on 2026-07-01 (``second``: its review line)."""
    return (
        '[company]\nname = "西宁高企"\ncity = "西宁市"\n\n'
        '[[recognitions]]\ntitle = "high_tech"\ndate = 2023-07-01\n\n'
        f'[[recognitions]]\ntitle = "high_tech"\ndate = 2026-07-01\n{second}'
    )


@pytest.mark.parametrize("second", ["", "review = true\n"])
def test_a_re_certification_is_not_paid_as_a_new_one(write, second):
    # 宁政办〔2023〕32号 二、3 三是 pays "新认定的高新技术企业": 争取省级 10万元 + 30万元 (市、县各50%) = 40万元, once — the
    # 2026 entry is the 重新认定 after the three-year term (国科发火〔2016〕32号: 资格有效期三年,期满重新认定), not 新认定:
    # 40万, never 80万 (nor 90万 with the 2026 entry paid again).
    doc = _doc(run("check", write(high_tech(second)), "--json", "--as-of", AS_OF))
    assert yuan(doc["totals"]["amount"]) == 400_000
    assert [(a["policy"], a["trigger"]["entry"]) for a in doc["awards"]] == [
        ("xining.high_tech.provincial_award", "recognitions[0]"),
        ("xining.high_tech.municipal_award", "recognitions[0]"),
    ]
    (u,) = doc["unmatched"]
    assert u["entry"] == "recognitions[1]" and u["reason"] == "no_measure_for_review"
    assert u["trigger"]["review"] is True and "重新认定" in u["explanation"] and "复核" not in u["explanation"]
    if second:  # said so: no note
        assert "renews" not in u["trigger"] and "review = false" not in u["explanation"]
    else:  # read from the file: the note says why, and how to say otherwise
        assert u["trigger"]["renews"] == "recognitions[0]"
        assert "未写 review" in u["explanation"] and "review = false" in u["explanation"]


def test_review_false_is_a_title_won_anew(write):
    # review = false: the title lapsed and was won again — a new recognition, paid again: 40万 + 40万 = 80万.
    doc = _doc(run("check", write(high_tech("review = false\n")), "--json", "--as-of", AS_OF))
    assert yuan(doc["totals"]["amount"]) == 800_000 and doc["unmatched"] == []
    assert {a["trigger"]["entry"] for a in doc["awards"]} == {"recognitions[0]", "recognitions[1]"}


def test_the_table_says_re_certification(write):
    result = run("check", write(high_tech()), "--as-of", AS_OF, env={"COLUMNS": "160"})
    assert result.exit_code == 0
    assert "高新技术企业重新认定 2026-07-01" in result.stdout and "高新技术企业复核" not in result.stdout


def test_a_later_entry_of_a_re_reviewed_title_is_its_re_review(write):
    # 潍坊 三(二): "对新认定为国家级专精特新'小巨人'的企业,市级财政给予最高80万元奖励"; "对通过国家、省动态复核的专精特新优质
    # 企业,市级财政分别给予最高20万元、10万元奖励". 小巨人 2022-09-01 and again 2025-09-01 without review: the second is its
    # 复核 — 最高80万 + 最高20万 = 100万, not 160万.
    text = company_toml(
        "潍坊市", [("little_giant", "national", "2022-09-01"), ("little_giant", "national", "2025-09-01")]
    )
    doc = _doc(run("check", write(text), "--json", "--as-of", "2025-12-31"))
    assert {a["policy"]: yuan(a["amount"]) for a in doc["awards"]} == {
        "weifang.little_giant": 800_000,
        "weifang.quality_sme.national.review": 200_000,
    }
    review = only_award(doc, "weifang.quality_sme.national.review")
    assert review["trigger"]["renews"] == "recognitions[0]" and "未写 review" in review["steps"][1]
    assert review["steps"][0].startswith('国家级专精特新"小巨人"企业通过动态复核')


def test_entries_that_differ_in_name_or_level_are_not_renewals(write):
    # two 单项冠军产品 with different names are two products; 省级 and 国家级 单项冠军 are two titles.
    text = company_toml(
        "潍坊市", [("single_champion", "provincial", "2022-09-01"), ("single_champion", "national", "2024-09-01")]
    )
    doc = _doc(run("check", write(text), "--json", "--as-of", "2025-06-30"))
    # 三(二): "对新认定为国家级、省级制造业单项冠军的企业,市级财政分别给予最高80万元、50万元奖励": 50万 + 80万.
    assert yuan(doc["totals"]["amount"]) == 1_300_000 and all(not a["trigger"]["review"] for a in doc["awards"])


def test_review_true_for_high_tech_is_accepted_and_other_titles_still_refuse_it(write):
    ok = run("check", write(company_toml("西宁市", [("high_tech", None, "2024-03-01", True)])), "--json")
    assert ok.exit_code == 0, ok.stderr
    bad = run("check", write(company_toml("西宁市", [("gazelle", "provincial", "2024-03-01", True)])), "--json")
    assert bad.exit_code == 1 and "gazelle has no dynamic re-review" in bad.stderr and "high_tech" in bad.stderr


def test_check_add_compare_and_plan_agree(write):
    # One 高企 (2023-07-01): plan's 重新认定 option falls due 2026-07-01 and 二、3 pays nothing for it; check --add of the
    # same event (read as the renewal), compare, and the file with it all say the same: 40万, nothing more.
    path = write(company_toml("西宁市", [("high_tech", None, "2023-07-01")]))
    plan = _doc(run("plan", path, "--json", "--as-of", "2026-06-30"))
    (o,) = [o for o in plan["options"] if o["kind"] == "re_review" and o["trigger"]["title"] == "high_tech"]
    assert o["due"] == "2026-07-01" and yuan(o["amount"]) == 0 and o["label"].startswith("重新认定到期")
    assert not [o for o in plan["options"] if o["kind"] == "recognition" and o["trigger"]["title"] == "high_tech"]
    added = _doc(run("check", path, "--json", "--as-of", AS_OF, "--add", "high_tech 2026-07-01"))
    assert yuan(added["totals"]["amount"]) == 400_000 and yuan(added["totals"]["projected"]) == 0
    said = _doc(run("check", path, "--json", "--as-of", AS_OF, "--add", "高新技术企业 2026-07-01 重新认定"))
    assert said["awards"] == added["awards"]
    compare = _doc(run("compare", path, "--json", "--as-of", AS_OF, "--add", "high_tech 2026-07-01"))
    (xining,) = [c for c in compare["cities"] if c["code"] == "630100"]
    assert yuan(xining["totals"]["amount"]) == 400_000
    # --add … new: won anew after a lapse, paid again (40万 + 40万)
    anew = _doc(run("check", path, "--json", "--as-of", AS_OF, "--add", "high_tech 2026-07-01 new"))
    assert yuan(anew["totals"]["amount"]) == 800_000


def test_a_policy_may_pay_a_re_certification(tmp_path, write):
    # A document of one's own may pay 重新认定 (trigger review: true on high_tech); 新认定 measures still do not.
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "renewal.yaml").write_text(
        """id: renewal-example
city: "630100"
title: 重新认定示例
issuer: 示例
number: null
issued: 2026-01-01
window: {from: 2026-01-01, to: 2028-12-31}
measures:
  - id: example.high_tech.renewal
    title: 高新技术企业重新认定奖励
    trigger: {title: high_tech, review: true}
    rule: {amount: 5万}
    clause: 一
    quote: 对重新认定的高新技术企业奖励5万元
""",
        encoding="utf-8",
    )
    check = run("data", "check", str(policies))
    assert check.exit_code == 0, check.stderr
    doc = _doc(run("check", write(high_tech()), "--json", "--as-of", AS_OF, "--data", str(policies)))
    award = only_award(doc, "example.high_tech.renewal")
    assert yuan(award["amount"]) == 50_000 and award["trigger"]["entry"] == "recognitions[1]"
    assert yuan(doc["totals"]["amount"]) == 450_000  # 40万 (新认定, 2023) + 5万 (重新认定, 2026)
    shown = _doc(run("policies", "show", "example.high_tech.renewal", "--json", "--data", str(policies)))
    assert shown["trigger_text"] == "高新技术企业重新认定"


def test_titles_say_how_a_title_is_renewed():
    doc = _doc(run("titles", "--json"))
    titles = {t["id"]: t for t in doc["titles"]}
    assert titles["high_tech"]["re_certification"] is True and titles["high_tech"]["review"] is False
    assert titles["little_giant"]["re_certification"] is False and titles["little_giant"]["review"] is True
