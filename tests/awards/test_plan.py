"""`zjtx plan` (issue 10): every expected amount worked out by hand from the clause it cites."""

from __future__ import annotations

import itertools
import json

import pytest

from conftest import company_toml, run, yuan

AS_OF = "2025-06-30"


@pytest.fixture
def plan_json(write):
    def _plan(text: str, *extra: str) -> dict:
        result = run("plan", write(text), "--json", "--as-of", AS_OF, *extra)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return _plan


def option(doc: dict, kind: str, **trigger) -> dict:
    found = [
        o for o in doc["options"] if o["kind"] == kind and all(o["trigger"].get(k) == v for k, v in trigger.items())
    ]
    assert len(found) == 1, [(o["kind"], o["trigger"]) for o in doc["options"]]
    return found[0]


def levels(o: dict) -> dict:
    return {k: yuan(v) for k, v in o["by_level"].items() if v}


def certainty(o: dict) -> dict:
    return {k: yuan(v) for k, v in o["by_certainty"].items() if v}


# ------------------------------------------------------------------------------------- Xining ladder


def test_xining_ladder_from_innovative_sme_upwards(plan_json):
    # 宁政办〔2023〕32号 二、4 三是: 创新型中小企业、"专精特新"中小企业和专精特新"小巨人"企业 — 省级 "不高于20万元、50万元
    # 和100万元"; "市级专项再配套分别按每户一次性不高于10万元、20万元和50万元"; 县区同步奖励 names no amount.
    # 二、5 四是: 制造业单项冠军(示范)企业 "争取省级奖补政策,给予不高于100万元".
    doc = plan_json(company_toml("西宁市", [("innovative_sme", "provincial", "2024-03-01")]))
    assert [c["code"] for c in doc["cities"]] == ["630100"] and doc["cities"][0]["own"]
    zjtx = option(doc, "recognition", title="zjtx_sme", level="provincial")
    assert yuan(zjtx["amount"]) == 700000  # 50万 + 20万
    assert levels(zjtx) == {"provincial": 500000, "municipal": 200000}
    assert certainty(zjtx) == {"ceiling": 700000} and zjtx["bound"] == "up_to"
    assert zjtx["unquantified"] == 1  # 鼓励有条件的县区(园区)同步给予奖励
    assert zjtx["in_force"] and zjtx["requires"] == [] and zjtx["requires_met"]
    assert zjtx["due"] == AS_OF and zjtx["trigger"]["date"] == AS_OF and zjtx["trigger"]["hypothetical"]
    giant = option(doc, "recognition", title="little_giant", level="national")
    assert yuan(giant["amount"]) == 1500000  # 100万 + 50万
    assert levels(giant) == {"provincial": 1000000, "municipal": 500000}
    champion = option(doc, "recognition", title="single_champion", level="national")
    assert yuan(champion["amount"]) == 1000000 and certainty(champion) == {"contingent": 1000000}
    # the company already holds 创新型: it is not offered again; its re-review falls due 3 years on and
    # 二、4 pays nothing for a re-review.
    assert not [o for o in doc["options"] if o["kind"] == "recognition" and o["trigger"]["title"] == "innovative_sme"]
    review = option(doc, "re_review", title="innovative_sme")
    assert review["due"] == "2027-03-01" and review["trigger"]["review"] is True
    assert review["term"]["years"] == 3 and "优质中小企业梯度培育管理暂行办法" in review["term"]["source"]
    assert yuan(review["amount"]) == 0 and review["awards"] == [] and not review["lapsed"]
    # the next rung of the ladder it is on (创新型 held: 专精特新, 70万) first; then the others by amount, largest
    # first: 小巨人 150万 before 单项冠军 100万
    ranks = {o["label"]: o["rank"] for o in doc["options"]}
    assert zjtx["group"] == "next_rung" and giant["group"] == champion["group"] == "other"
    assert ranks[zjtx["label"]] == 1 and ranks[giant["label"]] < ranks[champion["label"]]
    ranked = [o for o in doc["options"] if o["rank"] is not None]
    assert [o["rank"] for o in ranked] == list(range(1, len(ranked) + 1))
    for group in ("next_rung", "other", "ranking"):
        mine = [o for o in ranked if o["group"] == group]
        assert all(yuan(a["amount"]) >= yuan(b["amount"]) for a, b in itertools.pairwise(mine))


def test_xining_ladder_from_nothing_offers_innovative_sme(plan_json):
    # 二、4 三是: 创新型中小企业 省级不高于20万元 + 市级不高于10万元 = 最高30万元.
    doc = plan_json(company_toml("西宁市", []))
    o = option(doc, "recognition", title="innovative_sme", level="provincial")
    assert yuan(o["amount"]) == 300000 and levels(o) == {"provincial": 200000, "municipal": 100000}
    assert {a["policy"] for a in o["awards"]} == {
        "xining.innovative_sme.provincial",
        "xining.innovative_sme.municipal",
        "xining.gradient.county",
    }


def test_prerequisite_the_company_lacks(plan_json):
    # 二、3 三是: "对高新技术企业中认定为'省级科技小巨人'的企业,再奖励90万元" (争取省级财政科技专项资金), and
    # "小巨人企业 … 40万元 … 市、县(区)或园区财政分别承担50%". Without 高新技术企业 the 90万 needs it first.
    doc = plan_json(company_toml("西宁市", []))
    o = option(doc, "recognition", title="tech_little_giant", level="provincial")
    assert o["requires"] == [{"title": "high_tech", "min_level": None}] and o["requires_met"] is False
    assert yuan(o["amount"]) == 1300000  # 90万 + 40万, once the prerequisite is met
    assert certainty(o) == {"contingent": 900000, "fixed": 400000}
    assert levels(o) == {"provincial": 900000, "municipal": 200000, "county": 200000}
    # the prerequisite is an option of its own: 新认定高新技术企业 10万元 (争取省级) + 30万元 (市、县各50%)
    ht = option(doc, "recognition", title="high_tech")
    assert yuan(ht["amount"]) == 400000 and levels(ht) == {"provincial": 100000, "municipal": 150000, "county": 150000}


def test_prerequisite_met(plan_json):
    doc = plan_json(company_toml("西宁市", [("high_tech", None, "2024-01-10")]))
    o = option(doc, "recognition", title="tech_little_giant", level="provincial")
    assert o["requires_met"] is True and yuan(o["amount"]) == 1300000
    assert not [x for x in doc["options"] if x["kind"] == "recognition" and x["trigger"]["title"] == "high_tech"]


def test_table_is_chinese_first(write):
    result = run(
        "plan",
        write(company_toml("西宁市", [("innovative_sme", "provincial", "2024-03-01")])),
        "--as-of",
        AS_OF,
        env={"COLUMNS": "160"},
    )
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert '新认定 国家级专精特新"小巨人"企业' in out and "复核到期 2027-03-01" in out
    assert "最高 150" in out and "争取" in out and "二、4 三是" in out


# ----------------------------------------------------------------------------------- Weifang re-reviews


def test_weifang_re_reviews_before_and_after_its_end(plan_json):
    # 潍坊"五个优化"实施意见 三(二): "对通过国家、省动态复核的专精特新优质企业,市级财政分别给予最高20万元、10万元奖励";
    # "对通过国家级、省级制造业单项冠军动态复核的企业,市级财政分别给予最高20万元、10万元奖励". 有效期至2025年12月31日.
    doc = plan_json(
        company_toml(
            "潍坊市",
            [
                ("little_giant", "national", "2022-09-01"),  # due 2025-09-01: inside the window, after the as-of date
                ("zjtx_sme", "provincial", "2023-03-01"),  # due 2026-03-01: after the document ended
                (
                    "single_champion",
                    "provincial",
                    "2021-05-10",
                ),  # due 2024-05-10: before the as-of date, no re-review: lapsed
            ],
        )
    )
    giant = option(doc, "re_review", title="little_giant")
    assert giant["due"] == "2025-09-01" and giant["in_force"] and not giant["lapsed"]
    assert (
        yuan(giant["amount"]) == 200000
        and levels(giant) == {"municipal": 200000}
        and certainty(giant) == {"ceiling": 200000}
    )
    assert giant["rank"] is not None and [a["status"] for a in giant["awards"]] == ["projected"]
    sme = option(doc, "re_review", title="zjtx_sme")
    assert sme["due"] == "2026-03-01" and sme["in_force"] is False and sme["rank"] is None
    assert yuan(sme["amount"]) == 100000  # still shown, never ranked
    assert [a["status"] for a in sme["awards"]] == ["expired"]
    champion = option(doc, "re_review", title="single_champion")
    assert champion["due"] == "2024-05-10" and champion["lapsed"] is True and champion["rank"] is None
    assert yuan(champion["amount"]) == 100000
    # ended and lapsed options come after every live one
    kinds = [
        o["rank"] is None and not (o["amount"] is None and o["in_force"] and not o["lapsed"]) for o in doc["options"]
    ]
    assert kinds == sorted(kinds)


def test_a_re_review_recorded_moves_the_next_due_date(plan_json):
    # a re-review passed on 2025-03-20 starts a new 3-year term: next due 2028-03-20 (after 2025-12-31: ended).
    doc = plan_json(
        company_toml(
            "潍坊市", [("zjtx_sme", "provincial", "2022-03-20"), ("zjtx_sme", "provincial", "2025-03-20", True)]
        )
    )
    sme = option(doc, "re_review", title="zjtx_sme")
    assert sme["due"] == "2028-03-20" and sme["term"]["from"] == "2025-03-20" and not sme["lapsed"]


# ------------------------------------------------------------------------------------------- projects


def test_project_option_with_project_amount(plan_json):
    # 二(一)1: "按照不高于设备购置款的10%给予补贴,单个项目补贴不超过500万元": 6000万 × 10% = 600万 > 500万 → 最高500万.
    # 二(二)6: 首台(套) "市级财政再给予20%的配套保险补偿,最高不超过100万元": 80万 × 20% = 16万.
    doc = plan_json(
        company_toml("潍坊市", []), "--project", "equipment_upgrade=6000万", "--project", "first_set_insurance=80万"
    )
    eq = option(doc, "project", project="equipment_upgrade")
    assert (
        yuan(eq["amount"]) == 5000000
        and certainty(eq) == {"ceiling": 5000000}
        and levels(eq) == {"unspecified": 5000000}
    )
    assert yuan(eq["base"]["equipment_cost"]) == 60000000 and eq["needs"] == []
    fs = option(doc, "project", project="first_set_insurance")
    assert yuan(fs["amount"]) == 160000 and certainty(fs) == {"fixed": 160000} and levels(fs) == {"municipal": 160000}


def test_project_option_without_amount_gives_the_rule(plan_json):
    doc = plan_json(company_toml("潍坊市", []))
    eq = option(doc, "project", project="equipment_upgrade")
    assert eq["amount"] is None and eq["needs"] == ["equipment_cost"] and eq["rank"] is None
    assert eq["measures"][0]["rule_text"] == "设备购置款不高于10%,单个项目最高500万元"


def test_project_needing_two_fields(plan_json):
    # 二、3 三是: "按转移转化项目研发总投入的20%,给予不高于企业三年累计缴税总额,最高200万元": 500万 × 20% = 100万,
    # 不高于三年缴税 80万 → 80万 (择优).
    doc = plan_json(company_toml("西宁市", []), "--project", "tech_transfer=500万")
    assert option(doc, "project", project="tech_transfer")["needs"] == ["tax_paid_3y"]
    doc = plan_json(
        company_toml("西宁市", []), "--project", "tech_transfer=500万", "--project", "tech_transfer.tax_paid_3y=80万"
    )
    o = option(doc, "project", project="tech_transfer")
    assert yuan(o["amount"]) == 800000 and certainty(o) == {"selective": 800000}
    assert levels(o) == {"provincial": 640000, "municipal": 160000}  # 8:2


# ---------------------------------------------------------------------------------------- expired city


def test_expired_city(plan_json):
    # 黄冈市新一轮技术改造三年行动方案(2021—2023年) 四(二): "技术改造项目投产后地方新增财力连续3年全额返还" — 100% of
    # 500万 = 500万, but the document ended 2023-12-31: shown, marked, never ranked.
    doc = plan_json(company_toml("黄冈市", [], district="麻城市"), "--project", "tech_renovation=500万")
    o = option(doc, "project", project="tech_renovation")
    assert o["in_force"] is False and o["rank"] is None and yuan(o["amount"]) == 5000000
    assert levels(o) == {"county": 5000000}  # 麻城市: 由所在县(市、区)政府负责兑现
    assert all(x["rank"] is None for x in doc["options"])
    assert doc["cities"][0]["documents"][0]["in_force"] is False


def test_expired_city_table_says_so(write):
    result = run("plan", write(company_toml("黄冈市", [])), "--as-of", AS_OF, "--project", "tech_renovation=500万")
    assert result.exit_code == 0, result.stderr
    assert "文件已失效" in result.stdout and "已失效" in result.stdout


# ------------------------------------------------------------------------------------- cities, formats


def test_all_cities_own_first(plan_json):
    doc = plan_json(company_toml("日照市", []), "--all-cities")
    codes = [c["code"] for c in doc["cities"]]
    assert codes[0] == "371100" and sorted(codes) == sorted(["370700", "630100", "341300", "371100", "421100"])
    seen = list(dict.fromkeys(o["city"] for o in doc["options"]))
    assert seen == [c for c in codes if c in seen]  # grouped by city, in the same order


def test_city_option(plan_json):
    doc = plan_json(company_toml("日照市", []), "--city", "西宁")
    assert [c["code"] for c in doc["cities"]] == ["630100"] and not doc["cities"][0]["own"]
    assert {o["city"] for o in doc["options"]} == {"630100"}


def test_jsonl_one_option_per_line(write):
    result = run("plan", write(company_toml("西宁市", [])), "-f", "jsonl", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and all(line["city"] == "630100" and "kind" in line for line in lines)


@pytest.mark.parametrize(
    "args,message",
    [
        (["--project", "equipment=100万"], '--project[1]: unknown project type "equipment"'),
        (["--project", "equipment_upgrade"], "--project[1]: expected TYPE=AMOUNT"),
        (["--project", "equipment_upgrade=lots"], "--project[1]: equipment_cost: expected an amount"),
        (["--project", "equipment_upgrade.cost=5"], '--project[1]: equipment_upgrade has no field "cost"'),
        (["--city", "苏州"], "苏州市 (320500) has no policy documents; cities with documents: 宿州市 341300"),
        (["--as-of", "2025/06/30"], "expected a date such as 2025-06-30"),
        (["--city", "西宁", "--all-cities"], "not both"),
    ],
)
def test_bad_options(write, args, message):
    result = run("plan", write(company_toml("西宁市", [])), *args)
    assert result.exit_code == 2 and message in result.stderr and result.stdout == ""


def test_plan_json_path_never_imports_rich(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import EXAMPLES, ROOT

    probe = (
        "import sys\nfrom zjtx.cli import main\nsys.argv = ['zjtx', 'plan', sys.argv[1], '--json']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\nsys.stderr.write('RICH=%s' % ('rich' in sys.modules))\n"
    )
    env = {**os.environ, "ZJTX_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", probe, str(EXAMPLES / "xining.toml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert json.loads(out.stdout)["options"] and out.stderr.endswith("RICH=False")


def test_plan_reads_stdin_and_refuses_a_missing_file(tmp_path):
    result = run("plan", "-", "--json", "--as-of", AS_OF, input=company_toml("西宁市", []))
    assert result.exit_code == 0 and json.loads(result.stdout)["company"]["city"] == "630100"
    missing = run("plan", str(tmp_path / "missing.toml"), "--json")
    assert missing.exit_code == 1 and "no such file" in missing.stderr and missing.stdout == ""


def test_a_date_past_2099_is_refused_never_a_crash(write):
    # a recognition dated 9999-01-01 would fall due in 10002 (not representable): it crashed once, then was
    # not offered; since F9 (review of issue 25) a company's dates lie in 1900..2099 and it is refused.
    path = write(company_toml("潍坊市", [("little_giant", "national", "9999-01-01")]))
    result = run("plan", path, "--json", "--as-of", "2099-12-31")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.endswith(
        "recognitions[0].date: expected a date from 1900-01-01 to 2099-12-31, got 9999-01-01\n"
    )
    last = write(company_toml("潍坊市", [("little_giant", "national", "2099-12-31")]))
    assert run("plan", last, "--json", "--as-of", "2099-12-31").exit_code == 0  # re-reviewed in 2102: fine


def test_city_without_documents_says_so(write, monkeypatch):
    # a catalog in which 宿州 has no document (bundled data always has one: simulate a registry city without any)
    import types

    from zjtx.cli.run import setup

    real = setup.catalog

    def without_suzhou(data, env):
        catalog = real(data, env)
        return types.SimpleNamespace(documents=tuple(d for d in catalog.documents if d.city != "341300"))

    monkeypatch.setattr(setup, "catalog", without_suzhou)
    result = run("plan", write(company_toml("西宁市", [])), "--city", "宿州")
    assert result.exit_code == 2 and result.stdout == ""
    assert "宿州市 (341300) has no policy documents; cities with documents: 潍坊市 370700" in result.stderr
    assert "宿州市 341300" not in result.stderr.split("cities with documents:")[1]


def test_registry_city_without_documents(write):
    # 北京市 is a city of the registry, with no bundled document: said so, with the cities that have some
    result = run("plan", write(company_toml("西宁市", [])), "--city", "北京")
    assert result.exit_code == 2 and result.stdout == ""
    assert "has no policy documents; cities with documents:" in result.stderr and "西宁市 630100" in result.stderr


def test_reading_changes_a_project_option(write):
    # 二、3 三是 (西宁): "按转移转化项目研发总投入的20%,给予不高于企业三年累计缴税总额,最高200万元". A project of 2024-09-01
    # (研发 500万, 缴税 80万) was paid min(100万, 80万) = 80万. A second one now (研发 500万, 缴税 80万):
    # per_project (the reading taken): its own cap, 80万; shared_3y: the 80万 cap is shared within three years
    # and already used: 0.
    path = write(
        company_toml(
            "西宁市",
            projects=[{"type": "tech_transfer", "date": "2024-09-01", "rd_investment": "500万", "tax_paid_3y": "80万"}],
        )
    )
    args = (
        "plan",
        path,
        "--json",
        "--as-of",
        AS_OF,
        "--project",
        "tech_transfer=500万",
        "--project",
        "tech_transfer.tax_paid_3y=80万",
    )
    taken = json.loads(run(*args).stdout)
    shared = run(*args, "--reading", "xining.tech_transfer=shared_3y")
    assert shared.exit_code == 0, shared.stderr
    o1, o2 = (
        option(taken, "project", project="tech_transfer"),
        option(json.loads(shared.stdout), "project", project="tech_transfer"),
    )
    assert yuan(o1["amount"]) == 800000 and yuan(o2["amount"]) == 0
    assert o1["readings"] == o2["readings"] == ["xining.tax_cap_scope"]
    bad = run(*args, "--reading", "xining.tech_transfer=shared")
    assert bad.exit_code == 2 and "shared_3y" in bad.stderr


def test_uncertain_window_and_before_it(write):
    # 潍坊"五个优化"实施意见: no issue date printed; not before 2022-08-24 (it cites the 接续政策), not after 2024-07-18.
    # 二(一)1: "对新入选国家级智能制造示范工厂 … 分别奖励50万元".
    path = write(company_toml("潍坊市", []))
    doc = json.loads(run("plan", path, "--json", "--as-of", "2023-06-30").stdout)
    o = option(doc, "recognition", title="smart_factory", level="national")
    assert yuan(o["amount"]) == 500000 and o["window_uncertain"] is True and o["in_force"] and o["rank"]
    doc = json.loads(run("plan", path, "--json", "--as-of", "2022-06-30").stdout)
    o = option(doc, "recognition", title="smart_factory", level="national")
    assert o["in_force"] is False and o["rank"] is None and yuan(o["amount"]) == 500000
    assert [a["status"] for a in o["awards"]] == ["not_yet_in_force"]


def test_another_standard_is_an_option(plan_json):
    # 潍坊 二(三)8: "对主导制(修)订国际标准、国家标准、行业标准的企业,分别给予一次性资助50万元、30万元、20万元" — each
    # standard led is paid, so holding a national one still leaves another national one (30万) open, and the
    # industry level (20万) is not "below" a standard already held.
    doc = plan_json(company_toml("潍坊市", [("standard", "national", "2024-09-01")]))
    national = option(doc, "recognition", title="standard", level="national")
    assert yuan(national["amount"]) == 300000 and national["label"].endswith("(另一项)")
    industry = option(doc, "recognition", title="standard", level="industry")
    assert yuan(industry["amount"]) == 200000 and "另一项" not in industry["label"]
    # a title held is not offered again at its level or below (专精特新"小巨人" held: no new 小巨人 option)
    doc = plan_json(company_toml("潍坊市", [("little_giant", "national", "2024-07-15")]))
    assert not [o for o in doc["options"] if o["kind"] == "recognition" and o["trigger"]["title"] == "little_giant"]


def test_add_with_a_name(write):
    # 二(三)8: a second national standard, told apart by its name, is paid 30万 again.
    path = write(company_toml("潍坊市", [("standard", "national", "2024-09-01")]))
    result = run(
        "check", path, "--json", "--as-of", AS_OF, "--add", "standard national 2025-05-01 name=GB/T 12345-2025"
    )
    assert result.exit_code == 0, result.stderr
    awards = [a for a in json.loads(result.stdout)["awards"] if a["policy"] == "weifang.standard.national"]
    assert [yuan(a["amount"]) for a in awards] == [300000, 300000]
    assert awards[1]["trigger"]["name"] == "GB/T 12345-2025" and awards[1]["trigger"]["hypothetical"]


def test_a_re_review_passed_means_the_title_is_held(plan_json):
    # only a re-review of 省级专精特新中小企业 is recorded: the company holds the title, so 二、4 三是's new-recognition
    # award (50万 + 20万) is not offered to it; its next re-review is due three years after that one.
    doc = plan_json(company_toml("西宁市", [("zjtx_sme", "provincial", "2024-05-01", True)]))
    assert not [o for o in doc["options"] if o["kind"] == "recognition" and o["trigger"]["title"] == "zjtx_sme"]
    assert option(doc, "re_review", title="zjtx_sme")["due"] == "2027-05-01"


def test_no_step_down_the_ladder(plan_json):
    # holding 专精特新"小巨人", the lower rungs (创新型 二、4: 20万 + 10万; 专精特新 50万 + 20万) are no step up
    doc = plan_json(company_toml("西宁市", [("little_giant", "national", "2024-05-01")]))
    titles = {o["trigger"]["title"] for o in doc["options"] if o["kind"] == "recognition"}
    assert not titles & {"innovative_sme", "zjtx_sme", "little_giant"} and "single_champion" in titles
