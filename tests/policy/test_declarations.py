"""Issue 20, part 1: a document declares the titles and project types it pays for (``titles:`` / ``projects:``),
validated like everything else, and every command sees them once the document is loaded.

The document below is fictional (湖州 has no bundled document); its amounts are its own clauses':
一(一) 国家企业技术中心 100万元; 一(二) 境内首发上市 200万元; 一(三) 研发费用增量的10%, 最高50万元."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT, funding, run, spawn, yuan

DOC = """\
# 虚构的测试文件, 非真实政策 (fictional, for tests only)
id: test-huzhou-2026
city: "330500"
title: 湖州市测试政策(虚构)
issuer: 湖州市人民政府
issued: 2026-01-10
window: {from: 2026-01-10, to: 2028-12-31}
funding: municipal
titles:
  - {id: listing, name: 境内首发上市企业, aliases: [首发上市企业], levels: []}     # levels: [] = no level
  - {id: enterprise_tech_center, name: 企业技术中心, aliases: [技术中心], levels: [national, provincial, municipal], review: false, term_years: 3}
projects:
  - {id: rd_increment, name: 研发费用增量奖励, aliases: [研发增量奖励], fields: {rd_increase: 研发费用增量}}   # amount fields in 元
measures:
  - id: hz.tech_center.national
    title: 国家企业技术中心奖励
    trigger: {title: enterprise_tech_center, level: national}
    rule: {amount: 100万}
    clause: 一(一)
    quote: 对新认定的国家企业技术中心,给予100万元奖励。
  - id: hz.listing
    title: 首发上市奖励
    trigger: {title: listing}
    rule: {amount: 200万}
    clause: 一(二)
    quote: 对境内首发上市企业,给予200万元奖励。
  - id: hz.rd_increment
    title: 研发费用增量奖励
    trigger: {project: rd_increment}
    rule: {rate: 10%, of: rd_increase, cap: 50万}
    funding: {municipal: 1/2, county: 1/2}
    clause: 一(三)
    quote: 按研发费用增量的10%给予奖励,最高50万元,市、县各承担50%。
"""

COMPANY = """\
[company]
name = "测试公司"
city = "湖州"

[[recognitions]]
title = "技术中心"
level = "国家级"
date = 2026-05-01

[[recognitions]]
title = "首发上市企业"
date = 2026-06-01

[[projects]]
type = "研发增量奖励"
date = 2026-03-01
rd_increase = "300万"
"""


@pytest.fixture
def policies(tmp_path) -> Path:
    d = tmp_path / "policies"
    d.mkdir()
    (d / "huzhou.yaml").write_text(DOC, encoding="utf-8")
    return d


@pytest.fixture
def company(tmp_path) -> str:
    p = tmp_path / "c.toml"
    p.write_text(COMPANY, encoding="utf-8")
    return str(p)


def _json(*args: str) -> dict:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _refused(policies: Path, text: str, name: str = "huzhou.yaml") -> str:
    (policies / name).write_text(text, encoding="utf-8")
    result = run("data", "check", str(policies))
    assert result.exit_code == 1, result.stdout + result.stderr
    return result.stderr


def test_a_document_declaring_a_title_and_a_project_passes_data_check(policies):
    result = run("data", "check", str(policies))
    assert result.exit_code == 0, result.stderr
    assert "ok: 1 document" in result.stdout or "ok:" in result.stdout


def test_a_company_naming_the_declared_title_and_project_gets_the_amounts(policies, company):
    doc = _json("check", company, "--data", str(policies), "--as-of", "2026-12-01")
    by_id = {a["policy"]: a for a in doc["awards"]}
    # 一(一): 100万元 for the national tech centre, by the document's default payer (funding: municipal).
    assert yuan(by_id["hz.tech_center.national"]["amount"]) == 1_000_000
    assert funding(by_id["hz.tech_center.national"]) == {"municipal": 1_000_000}
    # 一(二): 200万元 for the listing (a title without a level).
    assert yuan(by_id["hz.listing"]["amount"]) == 2_000_000
    # 一(三): 10% of 300万 = 30万 (under the 50万 cap), 市、县各 50%: 15万 each.
    rd = by_id["hz.rd_increment"]
    assert yuan(rd["amount"]) == 300_000 and funding(rd) == {"municipal": 150_000, "county": 150_000}
    assert any("10%" in s for s in rd["steps"])
    assert yuan(doc["totals"]["amount"]) == 3_300_000  # 100 + 200 + 30 万
    assert by_id["hz.listing"]["trigger"]["title"] == "listing"


def test_without_the_document_the_declared_title_is_refused_naming_it(company):
    result = run("check", company)
    assert result.exit_code == 1
    assert 'unknown title "技术中心"' in result.stderr and 'unknown project type "研发增量奖励"' in result.stderr
    assert "Traceback" not in result.stderr


def test_titles_and_schema_list_the_declared_ones_only_with_the_document(policies):
    listed = _json("titles", "--data", str(policies))
    ids = json.dumps(listed, ensure_ascii=False)
    assert "enterprise_tech_center" in ids and "企业技术中心" in ids and "rd_increment" in ids
    assert "enterprise_tech_center" not in json.dumps(_json("titles"), ensure_ascii=False)
    schema = json.loads(run("schema", "--data", str(policies)).stdout)
    recognition = json.dumps(schema["$defs"]["recognition"], ensure_ascii=False)
    assert "enterprise_tech_center" in recognition and "listing" in recognition
    project = schema["$defs"]["project"]
    assert "rd_increase" in project["properties"] and "rd_increment" in json.dumps(project, ensure_ascii=False)
    bundled = run("schema").stdout
    assert bundled == (ROOT / "zjtx" / "company" / "company.schema.json").read_text(encoding="utf-8")
    assert "enterprise_tech_center" not in bundled


def test_the_bundled_schema_is_unchanged_by_the_move_to_data():
    from zjtx import lexicon
    from zjtx.company.schema import SCHEMA_FILE, company_schema, dumps

    lexicon.install(lexicon.bundled())
    assert dumps(company_schema()) == SCHEMA_FILE.read_text(encoding="utf-8")


def test_init_asks_for_a_declared_title(policies, tmp_path):
    path = tmp_path / "new.toml"
    answers = "\n".join(
        ["测试公司", "湖州", "", "", "技术中心", "国家级", "2026-05-01", "n", "n", "n"]
    )  # name, city, district (none), add a recognition, the title, its level, date, not a review, no more, no project
    result = run("init", str(path), "--data", str(policies), input=answers + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["recognitions"][0]["title"] == "enterprise_tech_center"


@pytest.mark.parametrize(
    "declaration, clash",
    [
        # an id the bundled vocabulary has
        ("- {id: little_giant, name: 小巨人企业X, levels: []}", "the title little_giant"),
        # an alias a bundled title already has (专精特新小巨人 is little_giant's)
        ("- {id: my_giant, name: 我的巨人, aliases: [专精特新小巨人], levels: []}", "the title little_giant"),
        # a name that means two titles already
        ("- {id: my_giant, name: 小巨人, levels: []}", "ambiguous"),
    ],
)
def test_a_declaration_clashing_with_the_bundled_vocabulary_is_refused_naming_both(policies, declaration, clash):
    text = DOC.replace("  - {id: listing,", "  " + declaration + "\n  - {id: listing,")
    err = _refused(policies, text)
    assert clash in err and "vocabulary.yaml" in err and "clashes" in err
    assert "huzhou.yaml:10:" in err  # the line of the declaration


def test_two_documents_declaring_one_id_for_two_names_are_refused_naming_both_files(policies):
    other = DOC.replace("test-huzhou-2026", "test-huzhou-b").replace("hz.", "hzb.")
    err = _refused(policies, other.replace("name: 企业技术中心", "name: 省级企业技术中心"), "zz-second.yaml")
    assert "enterprise_tech_center" in err and "huzhou.yaml" in err and "zz-second.yaml" in err


def test_two_documents_declaring_the_same_title_declare_one_title_both_pay_for(policies, company):
    # 湖州 and a fictional 嘉兴 both pay for 企业技术中心 (same id, same name): one title, levels and aliases merged
    other = DOC.replace("test-huzhou-2026", "test-jiaxing").replace('city: "330500"', 'city: "330400"')
    other = other.replace("hz.", "jx.").replace("aliases: [技术中心]", "aliases: [企业技术研发中心]")
    (policies / "jiaxing.yaml").write_text(other, encoding="utf-8")
    assert run("data", "check", str(policies)).exit_code == 0
    doc = _json("check", company, "--data", str(policies), "--as-of", "2026-12-01")
    assert yuan(doc["totals"]["amount"]) == 3_300_000  # only 湖州's apply in 湖州: 100 + 200 + 30 万
    listed = json.dumps(_json("titles", "--data", str(policies)), ensure_ascii=False)
    assert "企业技术研发中心" in listed and "技术中心" in listed


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("levels: [national, provincial, municipal]", "levels: [national, county]", "unknown level 'county'"),
        ("fields: {rd_increase: 研发费用增量}", "fields: {RD-Increase: 研发费用增量}", "expected an id of lower-case"),
        ("fields: {rd_increase: 研发费用增量}", "fields: {date: 研发费用增量}", "date is a key of every project"),
        ("fields: {rd_increase: 研发费用增量}", "fields: {premium: 保费}", "already a field of the project type"),
        ("fields: {rd_increase: 研发费用增量}", "fields: {}", "expected the amount fields"),
        ("term_years: 3", "term_years: three", "expected a whole number of years"),
        ("{id: listing, name: 境内首发上市企业,", "{id: listing, nam: 境内首发上市企业,", "unknown key"),
    ],
)
def test_a_bad_declaration_is_one_clear_line(policies, old, new, expected):
    err = _refused(policies, DOC.replace(old, new))
    assert expected in err, err
    assert "Traceback" not in err


def test_a_measure_naming_an_undeclared_title_is_still_refused(policies):
    err = _refused(policies, DOC.replace("trigger: {title: listing}", "trigger: {title: listed_company}"))
    assert "listed_company" in err


def test_the_declarations_survive_the_cache(policies, company, tmp_path):
    env = {"ZJTX_CACHE_DIR": str(tmp_path / "cache")}
    first = run("check", company, "--data", str(policies), "--json", "--as-of", "2026-12-01", env=env)
    again = run("check", company, "--data", str(policies), "--json", "--as-of", "2026-12-01", env=env)
    assert first.exit_code == again.exit_code == 0 and first.stdout == again.stdout
    assert "enterprise_tech_center" in again.stdout


def test_through_a_real_process_with_zjtx_data(policies, company, tmp_path):
    # as a user runs it: a fresh process, the documents named by ZJTX_DATA, the catalog cached and read again
    env = {"ZJTX_DATA": str(policies), "ZJTX_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):
        done = spawn("check", company, "--json", "--as-of", "2026-12-01", env=env)
        assert done.returncode == 0, done.stderr.decode()
        assert yuan(json.loads(done.stdout)["totals"]["amount"]) == 3_300_000  # 100 + 200 + 30 万
    refused = spawn("check", company, env={"ZJTX_CACHE_DIR": str(tmp_path / "cache")})
    assert refused.returncode == 1 and 'unknown title "技术中心"' in refused.stderr.decode()


def test_one_title_declared_twice_in_one_document_is_a_clash(policies):
    twice = DOC.replace("  - {id: listing,", "  - {id: listing, name: 境内首发上市企业, levels: []}\n  - {id: listing,")
    err = _refused(policies, twice)
    assert "clashes with the title listing" in err and "huzhou.yaml" in err


def test_normalise_drops_what_its_pattern_dropped():
    """lexicon.normalise folds names with a str.translate table, not a pattern (issue 23): it drops every
    character ``[\\s"'“”‘’「」『』《》()（）\\[\\]【】·・_\\-]`` matches — every whitespace character of the
    Basic Multilingual Plane included — and keeps every other, lower-cased."""
    import re

    from zjtx.lexicon import normalise

    pattern = re.compile(r"[\s\"'“”‘’「」『』《》()（）\[\]【】·・_\-]")
    text = "".join(map(chr, range(0x10000)))  # every character of the BMP
    assert normalise(text) == pattern.sub("", text).lower()
    assert normalise("专精特新 “小巨人”企业") == "专精特新小巨人企业"
