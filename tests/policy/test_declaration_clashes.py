"""Declarations that would change what a name already means (review of issue 20, findings 5, 6 and 11): a name
a company file reads as a bundled title at a level, the same title declared twice with different terms, a title
named like a project type. Each is refused by `data check`, naming what it clashes with."""

from __future__ import annotations

import pytest
from test_declarations import DOC

from conftest import run


def _check(policies, text: str, name: str = "huzhou.yaml"):
    (policies / name).write_text(text, encoding="utf-8")
    return run("data", "check", str(policies))


@pytest.fixture
def policies(tmp_path):
    d = tmp_path / "policies"
    d.mkdir()
    (d / "huzhou.yaml").write_text(DOC, encoding="utf-8")
    return d


def _with_title(declaration: str) -> str:
    return DOC.replace("  - {id: listing,", "  " + declaration + "\n  - {id: listing,")


@pytest.mark.parametrize(
    "declaration, title, level",
    [
        # a company file's 省级专精特新中小企业 is zjtx_sme at the provincial level (vocab.resolve_title_level)
        ("- {id: t1, name: 省级专精特新中小企业, levels: [provincial]}", "zjtx_sme", "provincial"),
        # 国家级小巨人: the ambiguous 小巨人 read at the national level
        ("- {id: t1, name: 国家级小巨人, levels: [national]}", "ambiguous", "national"),
        # as an alias, a bundled alias (专精特新小巨人) after a level word, full-width quotes folded
        ("- {id: t1, name: 我的称号, aliases: [国家级专精特新“小巨人”], levels: []}", "little_giant", "national"),
        # a level word the bundled title does not have is refused too (省 + 高新技术企业)
        ("- {id: t1, name: 省高新技术企业, levels: []}", "high_tech", "provincial"),
    ],
)
def test_a_declared_name_a_company_file_reads_as_a_bundled_title_at_a_level_is_refused(
    policies, declaration, title, level
):
    result = _check(policies, _with_title(declaration))
    assert result.exit_code == 1, result.stdout
    assert title in result.stderr and f"at the {level} level" in result.stderr
    assert "huzhou.yaml:10:" in result.stderr  # the declaration's line


def test_a_level_word_before_another_documents_declared_name_is_refused(policies):
    other = DOC.replace("test-huzhou-2026", "test-b").replace("hz.", "b.")
    other = other.replace("  - {id: listing,", "  - {id: t2, name: 省级技术中心, levels: []}\n  - {id: listing,")
    result = _check(policies, other, "zz.yaml")
    assert result.exit_code == 1 and "enterprise_tech_center" in result.stderr and "huzhou.yaml" in result.stderr


@pytest.mark.parametrize(
    "declaration, project",
    [
        ("- {id: equipment_upgrade, name: 设备更新企业, levels: []}", "equipment_upgrade"),  # a project type's id
        ("- {id: t1, name: 技改, levels: []}", "equipment_upgrade"),  # a project type's alias as a title name
    ],
)
def test_a_title_named_like_a_project_type_is_refused(policies, declaration, project):
    result = _check(policies, _with_title(declaration))
    assert result.exit_code == 1, result.stdout
    assert f"project type {project}" in result.stderr and "huzhou.yaml:10:" in result.stderr


def test_a_project_type_named_like_a_title_is_refused(policies):
    text = DOC.replace("aliases: [研发增量奖励]", "aliases: [研发增量奖励, 高新技术企业]")
    result = _check(policies, text)
    assert result.exit_code == 1, result.stdout
    assert "title high_tech" in result.stderr


def _second(text: str) -> str:
    """The document as a second city's (嘉兴 330400), declaring the same titles and project type."""
    other = text.replace("test-huzhou-2026", "test-jiaxing").replace('city: "330500"', 'city: "330400"')
    return other.replace("hz.", "jx.")


@pytest.mark.parametrize(
    "old, new, field",
    [
        # the first declares term_years: 3 (review: false): a 5-year term changes re-review dates
        ("review: false, term_years: 3", "review: false, term_years: 5", "term_years"),
        ("review: false, term_years: 3", "review: true, term_years: 3", "review"),
        ("review: false, term_years: 3", "review: false, term_years: 3, recertified: true", "recertified"),
        ("review: false, term_years: 3", "review: false", "term_years"),
        # the project type: another field's Chinese name, a field as a list of yearly amounts, required
        ("fields: {rd_increase: 研发费用增量}", "fields: {rd_increase: 研发投入增量}", "fields"),
        (
            "fields: {rd_increase: 研发费用增量}}",
            "fields: {rd_increase: 研发费用增量}, lists: [rd_increase]}",
            "fields",
        ),
        ("fields: {rd_increase: 研发费用增量}}", "fields: {rd_increase: 研发费用增量}, required: []}", "required"),
    ],
)
def test_one_title_declared_by_two_documents_with_a_different_field_is_a_clash_naming_both_files(
    policies, old, new, field
):
    assert old in DOC
    second = _second(DOC.replace(old, new))
    for name in ("a-jiaxing.yaml", "z-jiaxing.yaml"):  # whichever file is read first
        for stale in policies.glob("*-jiaxing.yaml"):
            stale.unlink()
        result = _check(policies, second, name)
        assert result.exit_code == 1, result.stdout
        err = result.stderr
        assert "huzhou.yaml" in err and name in err and f"{field}:" in err, err


def test_the_same_title_and_project_type_declared_alike_by_two_documents_take_both_aliases(policies):
    second = _second(DOC).replace("aliases: [技术中心]", "aliases: [企业研发技术中心]")
    second = second.replace("aliases: [研发增量奖励]", "aliases: [研发奖励]")
    assert _check(policies, second, "jiaxing.yaml").exit_code == 0
    listed = run("titles", "--data", str(policies), "--json")
    assert listed.exit_code == 0 and "企业研发技术中心" in listed.stdout and "研发奖励" in listed.stdout


def test_init_with_declarations_points_at_no_schema_that_lacks_them(policies, tmp_path):
    # the installed schema knows only the bundled titles: an editor would mark enterprise_tech_center invalid
    path = tmp_path / "c.toml"
    assert run("init", "--example", "潍坊", "--data", str(policies), str(path)).exit_code == 0
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert not first.startswith("#:schema") and f"zjtx schema --data {policies} > company.schema.json" in first
    schema = run("schema", "--data", str(policies))  # what the comment says to run has the declared title
    assert schema.exit_code == 0 and "enterprise_tech_center" in schema.stdout
    bundled = tmp_path / "b.toml"
    assert run("init", "--example", "潍坊", str(bundled)).exit_code == 0
    assert bundled.read_text(encoding="utf-8").startswith("#:schema file:")
