"""zjtx compare, batches (json / jsonl / csv, -o with BOM), zjtx init, help on every command."""

import csv
import io
import json
import tomllib

import pytest

from zjtx.cli.questionnaire import to_toml
from zjtx.company.samples import SAMPLES
from zjtx.places import city as registry_city

from conftest import EXAMPLES, run, yuan


def _city_name(code: str) -> str:
    c = registry_city(code)
    assert c is not None, code
    return c.name


ORDER = ["370700", "630100", "341300", "371100", "421100"]


def compare(path):
    result = run("compare", str(path), "--json")
    assert result.exit_code == 0, result.stderr
    return {c["code"]: c for c in json.loads(result.stdout)["cities"]}, json.loads(result.stdout)


def test_compare_weifang_example_in_every_city():
    cities, doc = compare(EXAMPLES / "weifang.toml")
    assert list(cities) == sorted(ORDER) and doc["company"]["city"] == "370700"  # the cities with documents, by code
    assert [code for code, c in cities.items() if c["own"]] == ["370700"]
    # 潍坊: 466万 (see test_weifang.test_example_file_total)
    assert yuan(cities["370700"]["totals"]["amount"]) == 4_660_000
    # 西宁: the national little giant (2024-07-15) pays 省 ≤100万 + 市 ≤50万 (二、4 三是); nothing else matches.
    t = cities["630100"]["totals"]
    assert (
        yuan(t["amount"]) == 1_500_000
        and yuan(t["by_level"]["provincial"]) == 1_000_000
        and yuan(t["by_level"]["municipal"]) == 500_000
    )
    # 日照: little giant ≤100万 (三(一)2), payer unspecified.
    assert yuan(cities["371100"]["totals"]["amount"]) == 1_000_000
    # 宿州: nothing quantified; the 2025 first-set project falls after its 2023 window.
    assert cities["341300"]["quantified"] is False and cities["341300"]["totals"]["out_of_window"] == 1
    # 黄冈: both equipment projects (2024, 2026) fall after 2023-12-31: each has two unquantified awards (四(二): 各地
    # 专项奖补方案, and 投资奖补、贷款贴息等方式), four lost to the window.
    assert cities["421100"]["totals"]["amount"] == 0 and cities["421100"]["totals"]["out_of_window"] == 4
    assert cities["370700"]["top_awards"][0]["policy"] == "weifang.equipment_upgrade"


def test_compare_xining_example_in_every_city():
    cities, _ = compare(EXAMPLES / "xining.toml")
    # 西宁 310万 (test_xining.test_example_file_total); 日照: the provincial 专精特新 (2024-06-01) ≤20万 (三(一)2);
    # 潍坊 pays nothing for a new provincial 专精特新, a high-tech firm or a technology transfer; 黄冈 and 宿州: 0.
    assert {code: yuan(c["totals"]["amount"]) for code, c in cities.items()} == {
        "370700": 0,
        "630100": 3_100_000,
        "341300": 0,
        "371100": 200_000,
        "421100": 0,
    }


@pytest.mark.parametrize(
    "city,total",
    [("weifang", 4_660_000), ("xining", 3_100_000), ("rizhao", 2_300_000), ("huanggang", 4_500_000), ("suzhou", 0)],
)
def test_compare_own_city_equals_check(city, total):
    cities, doc = compare(EXAMPLES / f"{city}.toml")
    own = cities[doc["company"]["city"]]
    assert own["own"] and yuan(own["totals"]["amount"]) == total


def test_compare_table():
    result = run("compare", str(EXAMPLES / "weifang.toml"))
    assert result.exit_code == 0
    for code in ORDER:  # compare covers the cities that have documents
        assert _city_name(code) in result.stdout
    assert "★" in result.stdout


@pytest.fixture
def portfolio(tmp_path):
    d = tmp_path / "clients"
    d.mkdir()
    for name in ("weifang", "xining", "huanggang"):
        (d / f"{name}.toml").write_text((EXAMPLES / f"{name}.toml").read_text(encoding="utf-8"), encoding="utf-8")
    (d / "bad.toml").write_text('[company]\nname = "坏文件"\ncity = "suzhou"\n', encoding="utf-8")  # ambiguous
    (d / "notes.txt").write_text("not a company file", encoding="utf-8")
    return d


def test_batch_jsonl_with_an_invalid_file(portfolio):
    result = run("check", str(portfolio), "-f", "jsonl")
    assert result.exit_code == 1  # one file was invalid …
    assert f"{portfolio}/bad.toml: company.city" in result.stderr and "1 of 4 files invalid" in result.stderr
    docs = [json.loads(line) for line in result.stdout.splitlines()]  # … the others are still computed
    assert [d["company"]["city"] for d in docs] == ["421100", "370700", "630100"]  # sorted by file name
    assert [yuan(d["totals"]["amount"]) for d in docs] == [4_500_000, 4_660_000, 3_100_000]


def test_batch_json_is_one_array(portfolio):
    (portfolio / "bad.toml").unlink()
    result = run("check", str(portfolio), "--json")
    assert result.exit_code == 0
    docs = json.loads(result.stdout)
    assert [d["file"].rsplit("/", 1)[1] for d in docs] == ["huanggang.toml", "weifang.toml", "xining.toml"]


def test_batch_of_files_and_directories(portfolio):
    result = run("check", str(portfolio / "weifang.toml"), str(EXAMPLES / "rizhao.toml"), "-f", "jsonl")
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 2


def test_csv_rows_read_back(portfolio):
    result = run("check", str(portfolio), "-f", "csv")
    assert result.exit_code == 1
    assert not result.stdout.startswith("\ufeff")  # no BOM on stdout: pipes do not want one
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0]) == [
        "company",
        "file",
        "city_code",
        "city",
        "measure_id",
        "title",
        "trigger_title",
        "trigger_project",
        "trigger_level",
        "trigger_date",
        "trigger_name",
        "status",
        "counted",
        "certainty",
        "bound",
        "amount",
        "amount_wan",
        "central",
        "provincial",
        "municipal",
        "county",
        "unspecified",
        "document",
        "clause",
        "as_of",
        "hypothetical",
        "window_uncertain",
        "reading",
        "draft",
        "reading_note",
        "not_counted_reason",
    ]
    tt = next(r for r in rows if r["measure_id"] == "xining.tech_transfer")
    assert (tt["amount"], tt["provincial"], tt["municipal"]) == ("2000000.00", "1600000.00", "400000.00")
    assert tt["company"] == "西宁示例新材料科技有限公司" and tt["clause"] == "二、3 三是"
    # the reading behind it: the question, the option in effect, and what the other option gives (issue 22)
    assert tt["reading"] == "xining.tax_cap_scope=per_project"
    assert tt["reading_note"].startswith('二、3 三是"不高于企业三年累计缴税总额"是每个项目各自的上限')
    assert "采用 per_project" in tt["reading_note"] and "另一解读 shared_3y" in tt["reading_note"]
    eligible = [r for r in rows if r["city_code"] == "370700" and r["status"] == "eligible" and r["amount"]]
    assert sum(yuan(r["amount"]) for r in eligible) == 4_660_000
    for r in rows:  # payer shares add up to the amount
        if r["amount"]:
            assert sum(yuan(r[k] or 0) for k in ("provincial", "municipal", "county", "unspecified")) == yuan(
                r["amount"]
            )


def test_csv_output_file_has_a_bom_for_excel(portfolio, tmp_path):
    (portfolio / "bad.toml").unlink()
    out = tmp_path / "report.csv"
    result = run("check", str(portfolio), "-f", "csv", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "黄冈示例纺织有限公司" in raw.decode("utf-8-sig")
    run("check", str(portfolio), "-f", "csv", "-o", str(out), "--no-bom")
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_output_file_is_not_half_written_on_invalid_input(tmp_path, write):
    out = tmp_path / "r.json"
    result = run("check", write('[company]\nname = "x"\n'), "--json", "-o", str(out))
    assert result.exit_code == 1 and not out.exists()


@pytest.mark.parametrize("code", ORDER)
def test_init_example_for_every_city_passes_check(tmp_path, code):
    path = tmp_path / "c.toml"
    result = run("init", "--example", _city_name(code), str(path))
    assert result.exit_code == 0, result.stderr
    checked = run("check", str(path), "--json")
    assert checked.exit_code == 0 and json.loads(checked.stdout)["city"]["code"] == code


@pytest.mark.parametrize(
    "code,name",
    [("370700", "weifang"), ("630100", "xining"), ("371100", "rizhao"), ("421100", "huanggang"), ("341300", "suzhou")],
)
def test_samples_match_the_example_files(code, name):
    written = tomllib.loads(to_toml(SAMPLES[code]))
    assert written == tomllib.loads((EXAMPLES / f"{name}.toml").read_text(encoding="utf-8"))


def test_init_never_overwrites_without_force(tmp_path):
    path = tmp_path / "c.toml"
    path.write_text("keep me", encoding="utf-8")
    result = run("init", "--example", "西宁", str(path))
    assert result.exit_code == 1 and "already exists" in result.stderr and "--force" in result.stderr
    assert path.read_text(encoding="utf-8") == "keep me"
    assert run("init", "--example", "西宁", str(path), "--force").exit_code == 0
    assert "西宁示例" in path.read_text(encoding="utf-8")


def test_init_interactive_with_scripted_answers(tmp_path):
    path = tmp_path / "new.toml"
    answers = (
        "\n".join(
            [
                "黄冈测试纺织有限公司",  # name
                "suzhou",  # refused: ambiguous, 苏州 or 宿州 (re-asked)
                "黄冈",  # city
                "武穴市",  # district
                "",  # add a recognition? default yes
                "小巨人",  # refused: ambiguous
                "专精特新小巨人",  # → little_giant (single level: not asked)
                "2024-13-01",  # refused
                "2023-08-01",
                "n",  # not a re-review
                "n",  # no more recognitions
                "y",  # add a project
                "tech_renovation",
                "纺纱车间改造",
                "2022-06-30",
                "100万, 120万, 150万, 1",  # refused: four years
                "100万, 120万, 150万",
                "n",  # no more projects
            ]
        )
        + "\n"
    )
    result = run("init", str(path), input=answers)
    assert result.exit_code == 0, result.stdout + result.stderr
    assert "ambiguous" in result.stdout and "宿州市 (安徽, 341300)" in result.stdout
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["company"] == {"name": "黄冈测试纺织有限公司", "city": "黄冈市", "district": "武穴市"}
    assert data["recognitions"][0]["title"] == "little_giant" and str(data["recognitions"][0]["date"]) == "2023-08-01"
    checked = json.loads(run("check", str(path), "--json").stdout)
    # 四(二): 100 + 120 + 150 = 370万, 武穴市 is a county: paid by the county.
    award = next(a for a in checked["awards"] if a["policy"] == "huanggang.new_revenue_return")
    assert yuan(award["amount"]) == 3_700_000 and award["funding"] == [{"level": "county", "amount": 3700000}]


def test_init_interrupted_input_writes_nothing(tmp_path):
    path = tmp_path / "new.toml"
    result = run("init", str(path), input="只写了名字\n")
    assert result.exit_code == 1 and not path.exists()
    assert "nothing was written" in result.stderr


@pytest.mark.parametrize(
    "args",
    [[], ["check"], ["compare"], ["policies"], ["policies", "show"], ["cities"], ["data"], ["data", "check"], ["init"]],
)
def test_every_command_has_help_with_an_example(args):
    result = run(*args, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and "zjtx " in result.stdout


def test_init_example_for_a_city_without_one_names_the_cities_that_have(tmp_path):
    # 湖州 (330500) is a city of the registry without a bundled sample: a usage error, nothing written
    path = tmp_path / "c.toml"
    result = run("init", "--example", "湖州", str(path))
    assert result.exit_code == 2 and not path.exists()
    assert "no example for 湖州市" in result.stderr and "潍坊市" in result.stderr and "西宁市" in result.stderr
    assert "internal error" not in result.stderr
