"""What-if (issue 10): --add / --add-project on check and compare. Adding an event on the command line is
the same as writing it into the file, apart from the marks that say it was added."""

from __future__ import annotations

import json

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from test_properties import SETTINGS, company_data, projects, recognitions

from conftest import company_toml, only_award, run, yuan

AS_OF = "2026-11-22"


def _strip(value):
    """The output without the hypothetical marks."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k != "hypothetical"}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _add_text(rec: dict) -> str:
    return " ".join(
        [
            rec["title"],
            *([rec["level"]] if "level" in rec else []),
            rec["date"].isoformat(),
            *(["review"] if rec.get("review") else []),
            *([f"name={rec['name']}"] if "name" in rec else []),
        ]
    )


def _add_project_text(proj: dict) -> str:
    words = [proj["type"], proj["date"].isoformat()]
    for k, v in proj.items():
        if k not in ("type", "date", "name"):
            words += [f"{k}={x}" for x in (v if isinstance(v, list) else [v])]
    return " ".join(words + ([f"name={proj['name']}"] if "name" in proj else []))


@pytest.mark.slow
@SETTINGS.__class__(SETTINGS, max_examples=40)
@given(company_data(), st.one_of(recognitions().map(lambda r: ("rec", r)), projects().map(lambda p: ("proj", p))))
def test_add_equals_editing_the_file(tmp_path_factory, data, extra):
    kind, event = extra
    d = tmp_path_factory.mktemp("whatif")
    plain, edited = d / "plain.toml", d / "edited.toml"
    plain.write_text(tomli_w.dumps(data), encoding="utf-8")
    key = "recognitions" if kind == "rec" else "projects"
    edited.write_text(tomli_w.dumps(data | {key: data[key] + [event]}), encoding="utf-8")
    option = ["--add", _add_text(event)] if kind == "rec" else ["--add-project", _add_project_text(event)]
    for command in ("check", "compare"):
        by_hand = run(command, str(edited), "--json", "--as-of", AS_OF)
        what_if = run(command, str(plain), "--json", "--as-of", AS_OF, *option)
        assert what_if.exit_code == by_hand.exit_code, (what_if.stderr, by_hand.stderr)
        if by_hand.exit_code:  # the same new recognition twice: refused both ways
            assert "the same new recognition" in by_hand.stderr and "the same new recognition" in what_if.stderr
            continue
        added, expected = json.loads(what_if.stdout), json.loads(by_hand.stdout)
        added.pop("file", None), expected.pop("file", None)  # the two files' names
        assert _strip(added) == expected
        assert added["hypothetical"] and added["hypothetical"][0]["date"] == event["date"].isoformat()


def test_add_marks_the_awards_it_triggers(write):
    # 潍坊"五个优化" 三(二): "对新认定为国家级、省级制造业单项冠军的企业,市级财政分别给予最高80万元、50万元奖励".
    path = write(company_toml("潍坊市", [("little_giant", "national", "2024-07-15")]))
    result = run("check", path, "--json", "--as-of", "2025-06-30", "--add", "制造业单项冠军 国家级 2025-05-01")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    award = only_award(doc, "weifang.single_champion.national")
    assert yuan(award["amount"]) == 800000 and award["trigger"]["hypothetical"] is True
    assert award["trigger"]["entry"] == "recognitions[1]"
    assert "hypothetical" not in only_award(doc, "weifang.little_giant")["trigger"]
    assert doc["hypothetical"] == [
        {
            "entry": "recognitions[1]",
            "title": "single_champion",
            "level": "national",
            "date": "2025-05-01",
            "review": False,
        }
    ]
    table = run(
        "check", path, "--as-of", "2025-06-30", "--add", "single_champion national 2025-05-01", env={"COLUMNS": "160"}
    )
    assert table.exit_code == 0 and "(假设)" in table.stdout and "假设: 含 --add" in table.stdout


def test_add_project_on_compare(write):
    # 二(一)1 (潍坊): 不高于设备购置款的10%, 单个项目不超过500万元: 2000万 → 最高200万.
    path = write(company_toml("潍坊市", []))
    result = run(
        "compare",
        path,
        "--json",
        "--as-of",
        "2025-06-30",
        "--add-project",
        "equipment_upgrade 2025-05-01 equipment_cost=2000万",
    )
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    weifang = next(c for c in doc["cities"] if c["code"] == "370700")
    assert yuan(weifang["totals"]["amount"]) == 2000000
    assert doc["hypothetical"] == [{"entry": "projects[0]", "project": "equipment_upgrade", "date": "2025-05-01"}]
    table = run(
        "compare", path, "--as-of", "2025-06-30", "--add-project", "equipment_upgrade 2025-05-01 equipment_cost=2000万"
    )
    assert table.exit_code == 0 and "假设" in table.stdout


def test_bad_add(write):
    path = write(company_toml("潍坊市", [("little_giant", "national", "2024-07-15")]))
    cases = [
        (
            ["--add", "litle_giant national 2025-01-01"],
            '--add[1]: unknown title "litle_giant" (did you mean "little_giant" or "tech_little_giant"?)',
            2,
        ),
        (
            ["--add", "little_giant national 2025-01-01", "--add", "little_giant provincial 2025-01-01"],
            "--add[2]: little_giant has no provincial level; expected one of: national",
            2,
        ),
        (
            ["--add", "gazelle provincial 2025/01/01"],
            # the hint speaks of the option, not of the company file's TOML (issue 22)
            '--add[1]: expected a date such as 2024-07-15, got "2025/01/01"; write it with hyphens: '
            '--add "gazelle provincial 2025-01-01"',
            2,
        ),
        (["--add", "gazelle"], '--add[1]: expected "TITLE [LEVEL] DATE [review] [name=NAME]"', 2),
        (["--add", "小巨人 2025-01-01"], '--add[1]: "小巨人" is ambiguous', 2),
        (["--add", "gazelle provincial 2025-01-01 review"], "--add[1]: gazelle has no dynamic re-review", 2),
        (
            ["--add-project", "equipment_upgrade 2025-01-01"],
            "--add-project[1]: equipment_cost: missing; equipment_upgrade projects need equipment_cost",
            2,
        ),
        (
            ["--add-project", "equipment_upgrade 2025-01-01 equipment_cost=3千万"],
            "--add-project[1]: equipment_cost: expected an amount",
            2,
        ),
        (
            ["--add-project", "equipment_upgrade 2025-01-01 cost=3000万"],
            '--add-project[1]: cost: unknown key "cost"',
            2,
        ),
        # the same recognition as the file's own (same date; a later one is its re-review): the file and the option
        # are named, as the file itself would be
        (["--add", "little_giant 2024-07-15"], "c.toml: --add[1]: the same new recognition as recognitions[0]", 1),
        # R3-19: two options alike were exit 2 and named recognitions[0] (the file had one, not that one): the
        # same mistake is the same exit, and each entry is named where it was given
        (
            ["--add", "gazelle provincial 2025-01-01", "--add", "gazelle provincial 2025-01-01"],
            "c.toml: --add[2]: the same new recognition as --add[1] (gazelle, provincial)",
            1,
        ),
    ]
    for args, message, code in cases:
        result = run("check", path, *args)
        assert result.exit_code == code and message in result.stderr and result.stdout == "", (args, result.stderr)


def test_two_adds_alike_on_a_file_with_no_recognitions(write):
    # R3-19 as found: exit 2 and "the same new recognition as recognitions[0]" for a file with none at all.
    path = write('[company]\nname = "甲"\ncity = "西宁"\n')
    twice = ["--add", "little_giant national 2025-03-01"] * 2
    result = run("check", path, *twice, "--as-of", "2025-06-30")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1 and "recognitions[" not in result.stderr
    assert f"{path}: --add[2]: the same new recognition as --add[1] (little_giant, national)" in result.stderr
