"""`zjtx titles`, and the names a consultant types: Chinese project types, titles with a level in front."""

import json
import tomllib

import pytest

from zjtx.io.env import Environment

from conftest import ROOT, company_toml, only_award, run, yuan


def titles_json(*extra: str) -> dict:
    result = run("titles", "--json", *extra)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_titles_json_lists_every_title_with_levels_review_term_and_paying_cities():
    doc = titles_json()
    by_id = {t["id"]: t for t in doc["titles"]}
    assert len(by_id) == 30  # the README's title table: 28 rows, top500_* being three ids
    lg = by_id["little_giant"]
    assert lg["name"] == '专精特新"小巨人"企业' and lg["levels"] == ["national"] and lg["review"] is True
    # 3 years: 《优质中小企业梯度培育管理暂行办法》 (工信部企业〔2022〕63号)
    assert lg["term"]["years"] == 3 and "优质中小企业梯度培育管理暂行办法" in lg["term"]["source"]
    assert (
        by_id["high_tech"]["term"]["years"] == 3 and "高新技术企业认定管理办法" in by_id["high_tech"]["term"]["source"]
    )
    assert by_id["gazelle"]["term"] is None  # no term recorded: never guessed
    assert by_id["gazelle"]["review"] is False
    # 潍坊 三(二) "对新认定为国家级专精特新"小巨人"的企业…最高80万元"; 西宁 and 日照 pay for it too;
    # 黄冈 (技术改造) and 宿州 (work points) name it only as a target.
    cities = {c["code"]: c for c in lg["cities"]}
    assert {"370700", "630100", "371100"} <= set(cities) and not {"421100", "341300"} & set(cities)
    assert all(c["in_force"] is not None for c in cities.values())
    assert "weifang.little_giant" in cities["370700"]["measures"]
    assert cities["370700"]["name"] == "潍坊市"
    assert "科技小巨人" in by_id["tech_little_giant"]["aliases"]
    assert doc["ambiguous"]["小巨人"] == ["little_giant", "tech_little_giant"]
    assert {"id": "provincial", "name": "省级"} in doc["levels"]


def test_titles_json_lists_project_types_with_fields_and_chinese_names():
    projects = {p["id"]: p for p in titles_json()["project_types"]}
    eu = projects["equipment_upgrade"]
    assert "技改" in eu["aliases"] and "技术改造" in eu["aliases"]
    assert eu["fields"] == [
        {"name": "equipment_cost", "name_cn": "设备购置款", "kind": "amount", "required": True, "zero_ok": False}
    ]
    assert {c["code"] for c in eu["cities"]} == {"370700", "421100"}  # 潍坊 二(一)1, 黄冈 技改奖补
    assert "首台套" in projects["first_set_insurance"]["aliases"]
    assert projects["tech_renovation"]["fields"][0]["kind"] == "amount_list"
    assert [f["name"] for f in projects["tech_transfer"]["fields"]] == ["rd_investment", "tax_paid_3y"]


@pytest.mark.parametrize("width", [80, 120])
def test_titles_table(width):
    result = run("titles", obj=Environment(width=width, environ={}))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "…" not in out
    for text in (
        "industrial_internet_platform",
        "single_champion_product",
        "innovative_sme",
        "equipment_upgrade",
        "first_set_insurance",
        "tech_renovation",
        "3年",
    ):
        assert text in out  # ids whole on one line: they are copied into company files
    if width < 120:
        return  # folded cells interleave with their neighbours: the names are checked whole at 120
    flat = out.replace(" ", "").replace("\n", "")
    assert "创新型中小企业" in flat and "首台(套)保险补偿" in flat and "设备购置款" in flat


def test_unknown_title_points_to_zjtx_titles(write):
    result = run("check", write(company_toml("潍坊", [("litle_giant", "national", "2024-07-15")])))
    assert result.exit_code == 1
    assert "recognitions[0].title" in result.stderr and "`zjtx titles`" in result.stderr
    assert '"little_giant"' in result.stderr


def test_unknown_project_type_points_to_zjtx_titles(write):
    text = company_toml("潍坊", projects=[{"type": "技改造", "date": "2024-05-01", "equipment_cost": "100万"}])
    result = run("check", write(text))
    assert result.exit_code == 1 and "projects[0].type" in result.stderr and "`zjtx titles`" in result.stderr


@pytest.mark.parametrize("name", ["技改", "技术改造", "技改项目", "equipment_upgrade"])
def test_chinese_project_type_names(check_json, name):
    # 潍坊 二(一)1: "按照不高于设备购置款的10%给予补贴,单个项目补贴不超过500万元": 2380万 × 10% = 238万, a ceiling
    doc = check_json(company_toml("潍坊", projects=[{"type": name, "date": "2024-05-01", "equipment_cost": "2380万"}]))
    award = only_award(doc, "weifang.equipment_upgrade")
    assert yuan(award["amount"]) == yuan("2380000") and award["bound"] == "up_to"
    assert award["trigger"]["project"] == "equipment_upgrade"


def test_first_set_insurance_in_chinese(check_json):
    # 潍坊 二(二)?: "市级财政再给予20%的配套保险补偿,最高不超过100万元": 80万 × 20% = 16万
    doc = check_json(company_toml("潍坊", projects=[{"type": "首台套", "date": "2025-06-01", "premium": "80万"}]))
    award = only_award(doc, "weifang.first_set_insurance")
    assert yuan(award["amount"]) == yuan("160000")


def test_level_prefixed_title(check_json):
    # 西宁: 被认定为"专精特新"中小企业的, 省级专项资金按每户一次性不高于50万元下达奖励资金
    doc = check_json(company_toml("西宁", [("省级专精特新中小企业", None, "2024-06-01")]))
    award = only_award(doc, "xining.zjtx_sme.provincial")
    assert yuan(award["amount"]) == yuan("500000") and award["bound"] == "up_to"
    assert award["trigger"]["title"] == "zjtx_sme" and award["trigger"]["level"] == "provincial"


@pytest.mark.parametrize(
    "written, title, level",
    [
        ("国家级小巨人", "little_giant", "national"),  # only 专精特新"小巨人" has a national level
        ("国家级专精特新“小巨人”企业", "little_giant", "national"),
        ("省级小巨人", "tech_little_giant", "provincial"),  # only 科技小巨人 has a provincial level
        ("市级专精特新企业", "zjtx_sme", "municipal"),
        ("省专精特新", "zjtx_sme", "provincial"),
        ("国家高新技术企业", "high_tech", "national"),  # an alias of its own: 国家 is part of the name
    ],
)
def test_level_prefixes_resolve(check_json, written, title, level):
    doc = check_json(company_toml("潍坊", [(written, None, "2024-07-15")]))
    for a in doc["awards"] + doc["unmet"] + doc["benefits"]:
        assert a["trigger"]["title"] == title and a["trigger"]["level"] == level


def test_level_prefixed_title_init(tmp_path):
    path = tmp_path / "new.toml"
    answers = (
        "\n".join(
            [
                "某公司",
                "潍坊",
                "",
                "",
                "国家级小巨人",
                "2024-07-15",
                "n",
                "n",
                "y",
                "技改",
                "",
                "2024-05-01",
                "2380万",
                "n",
            ]
        )
        + "\n"
    )
    result = run("init", str(path), input=answers)
    assert result.exit_code == 0, result.stdout + result.stderr
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["recognitions"] == [
        {"title": "little_giant", "level": "national", "date": tomllib.loads("d = 2024-07-15")["d"]}
    ]
    assert data["projects"][0]["type"] == "equipment_upgrade"


def test_same_explicit_level_is_fine(check_json):
    doc = check_json(company_toml("西宁", [("省级专精特新中小企业", "provincial", "2024-06-01")]))
    assert only_award(doc, "xining.zjtx_sme.provincial")


@pytest.mark.parametrize(
    "written, level, field, expected",
    [
        ("省级专精特新中小企业", "municipal", "recognitions[0].level", "conflicts with the level in the title"),
        ("省级专精特新中小企业", "市级", "recognitions[0].level", "conflicts with the level in the title"),
        ("国家级专精特新中小企业", None, "recognitions[0].title", "zjtx_sme (专精特新中小企业) has no national level"),
        ("小巨人", None, "recognitions[0].title", "ambiguous"),
        ("国际级小巨人", None, "recognitions[0].title", "no title named 小巨人 has the international level"),
    ],
)
def test_level_prefix_errors(write, written, level, field, expected):
    result = run("check", write(company_toml("潍坊", [(written, level, "2024-07-15")])))
    assert result.exit_code == 1 and result.stdout == ""
    assert f"{field}: " in result.stderr and expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_policy_data_error_on_a_title_id_points_to_zjtx_titles(tmp_path):
    doc = (ROOT / "examples" / "policies" / "weifang-successor-template.yaml").read_text(encoding="utf-8")
    assert "title: little_giant" in doc
    (tmp_path / "a.yaml").write_text(doc.replace("title: little_giant", "title: litle_giant", 1), encoding="utf-8")
    result = run("data", "check", str(tmp_path))
    assert result.exit_code == 1
    assert "unknown title id 'litle_giant'" in result.stderr and "`zjtx titles` lists them" in result.stderr


def test_paying_cities_say_whether_their_document_is_in_force():
    # 黄冈 技术改造三年行动方案 (2021—2023年) pays for equipment upgrades; 潍坊's 实施意见 runs to 2025-12-31
    def equipment(as_of):
        doc = titles_json("--as-of", as_of)
        assert doc["as_of"] == as_of
        eu = next(p for p in doc["project_types"] if p["id"] == "equipment_upgrade")
        return {c["code"]: c["in_force"] for c in eu["cities"]}

    assert equipment("2023-06-30") == {"370700": True, "421100": True}
    assert equipment("2025-06-30") == {"370700": True, "421100": False}
    assert equipment("2026-01-01") == {"370700": False, "421100": False}
    out = run("titles", "--as-of", "2025-06-30", obj=Environment(width=120, environ={})).stdout
    assert "黄冈市 非现行" in out and "潍坊市 非现行" not in out
