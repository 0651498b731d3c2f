"""Issue 21's part that waited for issue 20: drafts that declare titles and project types validate and compute,
two places' drafts load together, and ``--city`` takes a province or ``national``.

01-huzhou-articles.txt (a test text) 第四条: "对新认定的国家级、省级企业技术中心,分别给予50万元、20万元奖励";
第八条: the city pays."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from conftest import run

TEXTS = Path(__file__).parent / "texts"
TEXT = TEXTS / "01-huzhou-articles.txt"


def _draft(tmp_path: Path, place: str, name: str) -> dict:
    out = tmp_path / name
    result = run("data", "draft", str(TEXT), "--city", place, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return yaml.safe_load(out.read_text(encoding="utf-8"))


def test_two_places_drafts_of_one_title_load_together_and_each_computes(tmp_path):
    shutil.copy(TEXT, tmp_path / TEXT.name)
    huzhou = _draft(tmp_path, "湖州", "huzhou.yaml")
    jiaxing = _draft(tmp_path, "嘉兴", "jiaxing.yaml")
    assert huzhou["id"] != jiaxing["id"] and huzhou["city"] == "330500" and jiaxing["city"] == "330400"
    # the same name gives the same id: one title both documents pay for, never a clash
    assert {t["id"] for t in huzhou["titles"]} & {t["id"] for t in jiaxing["titles"]} >= {"enterprise_tech_center"}
    checked = run("data", "check", str(tmp_path))
    assert checked.exit_code == 0, checked.stderr
    for city in ("湖州", "嘉兴"):
        company = tmp_path / "c.toml"
        company.write_text(
            f'[company]\nname = "测试"\ncity = "{city}"\n\n[[recognitions]]\ntitle = "企业技术中心"\n'
            'level = "national"\ndate = 2026-06-01\n',
            encoding="utf-8",
        )
        result = run("check", str(company), "--data", str(tmp_path), "--as-of", "2026-12-31", "--json")
        assert result.exit_code == 0, result.stderr
        (award,) = [a for a in json.loads(result.stdout)["awards"] if "enterprise_tech_center" in a["policy"]]
        assert award["amount"] == 500000 and award["draft"] is True, city  # 第四条: 国家级 50万元


def test_a_made_up_id_carries_the_place_s_pinyin():
    from zjtx.policy.draft.names import Ids

    assert Ids(set(), prefix="huzhou").new(None, "title") == "huzhou_title_1"
    assert Ids(set(), prefix="shandong").new(None, "title") == "shandong_title_1"


def test_city_takes_a_province_or_national(tmp_path):
    province = _draft(tmp_path, "山东", "sd.yaml")
    assert province["city"] == "370000" and province["id"].startswith("shandong-")
    by_code = _draft(tmp_path, "370000", "sd2.yaml")
    assert by_code["city"] == "370000"
    central = _draft(tmp_path, "national", "cn.yaml")
    assert central["city"] == "national" and central["id"].startswith("national-")
    refused = run("data", "draft", str(TEXT), "--city", "火星")
    assert refused.exit_code == 2 and "national" in refused.stderr
