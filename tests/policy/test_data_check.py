"""zjtx data check, and users' own policy documents through --data / ZJTX_DATA."""

import json
import os

import pytest

from conftest import EXAMPLES, ROOT, company_toml, run

BASE = """\
id: test-doc
city: "370700"
title: 测试文件
issuer: 测试机关
window: {from: 2026-01-01, to: 2027-12-31}
measures:
  - id: test.one
    title: 测试措施
    trigger: {title: little_giant, level: national}
    rule: {up_to: 50万}
    funding: municipal
    clause: 一(一)
    quote: 对新认定的小巨人企业给予最高50万元奖励。
"""

# (class of problem, replace this, with this, expected text in the message)
BROKEN = [
    ("YAML syntax", "title: 测试措施", "title: 测试: 措施", "YAML syntax error"),
    ("not a mapping", BASE, "- just\n- a list\n", "expected a mapping"),
    ("amount of the wrong type", "{up_to: 50万}", "{up_to: 五十万}", "rule.up_to"),
    ("unknown key", "    clause: 一(一)", "    clause: 一(一)\n    clase: x", 'unknown key (did you mean "clause"'),
    (
        "duplicate measure id",
        "measures:\n",
        "measures:\n  - {id: test.one, title: t, trigger: {general: true}, rule: {unquantified: x}, clause: c, quote: q}\n",
        "duplicate id",
    ),
    ("shares do not sum to 1", "funding: municipal", "funding: {municipal: 1/2, county: 1/3}", "shares sum to 5/6"),
    ("unknown payer", "funding: municipal", "funding: city", "funding"),
    ("window from after to", "{from: 2026-01-01, to: 2027-12-31}", "{from: 2028-01-01, to: 2027-12-31}", "is after to"),
    ("missing clause", "    clause: 一(一)\n", "", "clause: missing"),
    ("missing quote", "    quote: 对新认定的小巨人企业给予最高50万元奖励。\n", "", "quote: missing"),
    (
        "unknown title",
        "title: little_giant,",
        "title: little_gaint,",
        "unknown title id 'little_gaint' (did you mean \"little_giant\"",
    ),
    (
        "level the title does not have",
        "level: national}",
        "level: provincial}",
        "little_giant has none of the levels provincial",
    ),
    ("unknown level", "level: national}", "level: nation}", "unknown level"),
    ("unknown project type", "{title: little_giant, level: national}", "{project: equipment}", "unknown project type"),
    ("rate without a base", "{up_to: 50万}", "{rate: 10%}", "a rate needs a base"),
    (
        "rate base not a project field",
        "{title: little_giant, level: national}\n    rule: {up_to: 50万}",
        "{project: first_set_insurance}\n    rule: {rate: 10%, of: equipment_cost}",
        "is not an amount of a first_set_insurance project",
    ),
    ("up to without a bound", "{up_to: 50万}", "{up_to: null}", "rule.up_to"),
    ("zero bound", "{up_to: 50万}", "{up_to: 0}", "must be greater than 0"),
    ("no rule form", "{up_to: 50万}", "{cap: 50万}", "expected exactly one of"),
    ("not a city code", 'city: "370700"', 'city: "370783"', "寿光市 (县级市) of 潍坊市"),
    ("a city name, not a code", 'city: "370700"', "city: 杭州", 'write city: "330100"'),
    (
        "bound without dates",
        "{from: 2026-01-01, to: 2027-12-31}",
        "{from: {reason: 印发日期未载明}, to: 2027-12-31}",
        "window.from: a bound needs not_before and/or not_after",
    ),
    (
        "bound without a reason",
        "{from: 2026-01-01, to: 2027-12-31}",
        "{from: {not_before: 2026-01-01}, to: 2027-12-31}",
        "window.from.reason: missing",
    ),
    (
        "bound the wrong way round",
        "{from: 2026-01-01, to: 2027-12-31}",
        "{from: {not_before: 2026-05-01, not_after: 2026-01-01, reason: r}, to: 2027-12-31}",
        "not_before 2026-05-01 is after not_after",
    ),
    (
        "bound with an unknown key",
        "{from: 2026-01-01, to: 2027-12-31}",
        "{from: {not_before: 2026-01-01, reason: r, not_befor: 2026-01-01}, to: 2027-12-31}",
        'did you mean "not_before"',
    ),
    (
        "unknown assessment",
        "    clause: 一(一)",
        "    assessment: next_year\n    clause: 一(一)",
        "assessment: expected following_year",
    ),
    (
        "assessment on a general measure",
        "{title: little_giant, level: national}\n    rule: {up_to: 50万}",
        "{general: true}\n    rule: {unquantified: 给予支持}\n    assessment: following_year",
        "goes with a title or project trigger",
    ),
    (
        "unknown reading",
        "    clause: 一(一)",
        "    reading: nope\n    variants: {b: null}\n    clause: 一(一)",
        "no reading 'nope'",
    ),
    (
        "reading used by no measure",
        "measures:\n",
        "readings:\n  - {id: r1, question: q, clause: c, taken: a, options: [{id: a, text: A}, {id: b, text: B}]}\nmeasures:\n",
        "reading r1 is used by no measure",
    ),
    (
        "variant for an unknown option",
        "measures:\n",
        "readings:\n  - {id: r1, question: q, clause: c, taken: a, options: [{id: a, text: A}, {id: b, text: B}]}\n"
        "measures:\n  - {id: t.two, title: t, trigger: {title: gazelle, level: provincial}, rule: {up_to: 1万}, clause: c, quote: q,"
        " reading: r1, variants: {bb: null}}\n",
        'variants.bb: not another option of r1 (did you mean "b"',
    ),
    (
        "reading taken not an option",
        "measures:\n",
        "readings:\n  - {id: r1, question: q, clause: c, taken: z, options: [{id: a, text: A}, {id: b, text: B}]}\nmeasures:\n",
        "readings[0].taken: expected the id of one of the options",
    ),
    (
        "review on a title without re-review",
        "{title: little_giant, level: national}",
        "{title: gazelle, level: provincial, review: true}",
        "gazelle has no dynamic re-review",
    ),
]


def _write_doc(tmp_path, text, name="doc.yaml"):
    d = tmp_path / "policies"
    d.mkdir(exist_ok=True)
    (d / name).write_text(text, encoding="utf-8")
    return str(d)


def test_bundled_data_is_clean():
    result = run("data", "check", "--as-of", "2025-01-01")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("ok: 5 documents, 123 measures")
    assert "warning" in result.stderr  # 黄冈 (2023) and 宿州 (2023) had ended by 2025-01-01
    assert "huanggang-tech-renovation-2021-2023: window ended 2023-12-31" in result.stderr
    assert "weifang" not in result.stderr


def test_a_user_document_with_a_bound_a_reading_and_an_assessment_year(tmp_path, write):
    text = BASE.replace(
        "window: {from: 2026-01-01, to: 2027-12-31}",
        "window:\n  from: {not_before: 2026-01-01, not_after: 2026-03-31, reason: 副本未载印发日期}\n  to: 2027-12-31",
    )
    text = text.replace(
        "measures:\n",
        "readings:\n  - {id: r1, question: 是否含复核?, clause: 一(一), taken: a,"
        " options: [{id: a, text: 只奖新认定}, {id: b, text: 不奖励}]}\nmeasures:\n",
    )
    text += "    assessment: following_year\n    reading: r1\n    variants: {b: null}\n"
    path = _write_doc(tmp_path, text)
    assert run("data", "check", path).exit_code == 0
    # Recognised 2025-06-01, assessed in 2026: the year straddles the uncertain start (2026-01-01 … 2026-03-31).
    company = write(company_toml("潍坊市", [("little_giant", "national", "2025-06-01")]))
    result = run("check", company, "--json", "--data", path, "--as-of", "2026-11-22")
    award = next(a for a in json.loads(result.stdout)["awards"] if a["policy"] == "test.one")
    assert award["assessment_year"] == 2026 and award["window_uncertain"] is True and award["status"] == "eligible"
    result = run("check", company, "--json", "--data", path, "--as-of", "2026-11-22", "--reading", "test.one=b")
    assert not any(a["policy"] == "test.one" for a in json.loads(result.stdout)["awards"])


def test_a_valid_user_document(tmp_path):
    result = run("data", "check", _write_doc(tmp_path, BASE))
    assert result.exit_code == 0 and result.stdout.startswith("ok: 6 documents, 124 measures")


@pytest.mark.parametrize("name,old,new,needle", BROKEN, ids=[b[0] for b in BROKEN])
def test_each_class_of_problem(tmp_path, name, old, new, needle):
    assert old in BASE
    path = _write_doc(tmp_path, BASE.replace(old, new, 1))
    result = run("data", "check", path)
    assert result.exit_code == 1, result.stdout
    assert result.stdout == ""
    assert needle in result.stderr, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"zjtx: error: {path}/doc.yaml:")  # file:line
    assert "Traceback" not in result.stderr


def test_problem_points_at_the_line(tmp_path):
    path = _write_doc(tmp_path, BASE.replace("funding: municipal", "funding: {municipal: 1/2, county: 1/3}"))
    result = run("data", "check", path)
    line = BASE.splitlines().index("    funding: municipal") + 1
    assert f"doc.yaml:{line}: test.one: funding: shares sum to 5/6" in result.stderr


def test_id_clash_with_a_bundled_document_names_both_files(tmp_path):
    clash = (ROOT / "data" / "630100-xining" / "sme-gradient-cultivation.yaml").read_text(encoding="utf-8")
    path = _write_doc(tmp_path, clash, "copy.yaml")
    result = run("check", str(EXAMPLES / "xining.toml"), "--data", path)
    assert result.exit_code == 1 and result.stdout == ""
    assert "copy.yaml" in result.stderr and "sme-gradient-cultivation.yaml" in result.stderr


def test_user_document_through_data_option(tmp_path, write):
    company = write(company_toml("潍坊市", [("little_giant", "national", "2026-03-01")]))
    result = run("check", company, "--json", "--data", _write_doc(tmp_path, BASE))
    doc = json.loads(result.stdout)
    # The bundled 潍坊 document ended 2025-12-31 (listed, expired); the user's document pays 最高50万.
    assert {a["policy"]: a["status"] for a in doc["awards"]} == {
        "weifang.little_giant": "expired",
        "test.one": "eligible",
    }
    assert doc["totals"]["amount"] == 500000


def test_user_documents_through_the_environment(tmp_path, write):
    one = _write_doc(tmp_path, BASE)
    other = tmp_path / "more"
    other.mkdir()
    (other / "b.yaml").write_text(
        BASE.replace("test-doc", "test-doc-2").replace("test.one", "test.two"), encoding="utf-8"
    )
    company = write(company_toml("潍坊市", [("little_giant", "national", "2026-03-01")]))
    result = run("check", company, "--json", env={"ZJTX_DATA": os.pathsep.join([one, str(other)])})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["totals"]["amount"] == 1_000_000  # 50万 from each document
    assert run("policies", "show", "test.two", env={"ZJTX_DATA": str(other)}).exit_code == 0


def test_broken_user_document_stops_check_before_anything_is_computed(tmp_path, write):
    path = _write_doc(tmp_path, BASE.replace("{up_to: 50万}", "{up_to: 五十万}"))
    result = run("check", str(EXAMPLES / "weifang.toml"), "--json", "--data", path)
    assert result.exit_code == 1 and result.stdout == ""
    assert "rule.up_to" in result.stderr


def test_missing_data_directory(tmp_path):
    result = run("policies", "--data", str(tmp_path / "nope"))
    assert result.exit_code == 1 and "no such directory" in result.stderr


def test_example_template_is_valid():
    result = run("data", "check", str(EXAMPLES / "policies"))
    assert result.exit_code == 0, result.stderr
