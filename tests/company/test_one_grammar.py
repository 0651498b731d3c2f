"""One grammar for the company file (issue 25, R3-16 and R3-17): ``zjtx check`` and the JSON Schema an editor
validates with agree on ONE table of cases — amounts, dates, ids, names — each case run through both. The
forms docs/company-file.md documents are accepted by both, the others refused by both."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zjtx import money

from conftest import run

pytest.importorskip("jsonschema")
from test_schema import schema_errors

TEMPLATE = """\
[company]
name = {name}
city = "西宁"

[[recognitions]]
title = {title}
level = {level}
date = {date}

[[projects]]
type = {type}
date = 2024-05-01
equipment_cost = {amount}
"""
VALID = {
    "name": '"甲公司"',
    "title": '"zjtx_sme"',
    "level": '"provincial"',
    "date": "2024-06-01",
    "type": '"equipment_upgrade"',
    "amount": '"3000万"',
}
# (field, its value as TOML, accepted) — docs/company-file.md: "Amounts", the vocabulary's ids, names, dates.
CASES = [
    # amounts: digits, groups of three, a decimal part, 万 / 亿 / 万亿, 元; full-width forms; at most 1万亿
    ("amount", '"3000万"', True),
    ("amount", '"３０００万"', True),  # as a Chinese input method types it
    ("amount", '"１．５亿"', True),
    ("amount", '"３，０００万"', True),
    ("amount", '"1,234,567.89"', True),
    ("amount", '"12,000万"', True),
    ("amount", '" 500 万 元 "', True),  # spaces around and between the parts
    ("amount", '"1万亿"', True),  # the limit itself
    ("amount", "5000000", True),
    ("amount", '"0"', False),  # a project's amount must be more than zero
    ("amount", "0", False),
    ("amount", '"0.0万"', False),
    ("amount", '"3 000万"', False),  # a space inside the digits
    ("amount", '"2万亿"', False),  # above the limit of 1万亿
    ("amount", '"1.01万亿"', False),
    ("amount", '"10001亿"', False),
    ("amount", '"0,5亿"', False),  # a decimal comma is never guessed
    ("amount", '"1,2,3"', False),
    ("amount", '"500万\\n"', False),
    ("amount", '"-5万"', False),
    # ids: any case, _ - space or nothing between the words, as check folds them
    ("title", '"ZJTX_SME"', True),
    ("title", '"Zjtx Sme"', True),
    ("title", '"zjtx-sme"', True),
    ("title", '"LITTLE_GIANT"', False),  # read as little_giant, which has no provincial level: both say so
    ("title", '"little_gaint"', False),
    ("level", '"Provincial"', True),
    ("level", '"PROVINCIAL"', True),
    ("level", '"省级"', True),
    ("level", '"provincal"', False),
    ("type", '"EQUIPMENT_UPGRADE"', True),
    ("type", '"Equipment Upgrade"', True),
    ("type", '"equipment_upgrad"', False),
    # names: not empty, not only spaces, at most 200 characters
    ("name", '"甲"', True),
    ("name", '"' + "甲" * 200 + '"', True),
    ("name", '"' + "甲" * 201 + '"', False),
    ("name", '" "', False),
    ("name", '""', False),
    # dates: a TOML date, or the text 2024-07-15 — nothing else (R3-16)
    ("date", "2024-07-15", True),
    ("date", '"2024-07-15"', True),
    ("date", '"20240715"', False),  # Python 3.11's date.fromisoformat takes it
    ("date", '"2024-W29-1"', False),  # an ISO week date: silently another day
    ("date", '" 2024-07-15"', False),
    ("date", '"2024-7-15"', False),
    ("date", '"2024-02-30"', False),
    ("date", '"2024-07-15T00:00"', False),
    # F9 (review of issue 25): 0001-01-01 was taken, and the workbook wrote the serial -693594 (#####)
    ("date", "1900-01-01", True),
    ("date", '"2099-12-31"', True),
    ("date", "0001-01-01", False),
    ("date", "1899-12-31", False),
    ("date", '"2100-01-01"', False),
    ("date", "9999-12-31", False),
]


@pytest.mark.parametrize("field, value, accepted", CASES, ids=[f"{i:02}-{f}" for i, (f, _, _) in enumerate(CASES)])
def test_check_and_the_schema_agree(write, field, value, accepted):
    text = TEMPLATE.format(**{**VALID, field: value})
    result = run("check", write(text), "--json", "--as-of", "2025-06-30")
    assert result.exit_code == (0 if accepted else 1), result.stderr
    if not accepted:  # one line, naming the field (LITTLE_GIANT: the level it does not have)
        blamed = {"amount": ".equipment_cost", "title": ".level" if value == '"LITTLE_GIANT"' else ".title"}
        assert result.stderr.count("\n") == 1 and blamed.get(field, "." + field) + ":" in result.stderr
    assert (schema_errors(text) == []) is accepted, schema_errors(text)


PATTERNS = {zero_ok: re.compile(money.amount_pattern(zero_ok)) for zero_ok in (True, False)}


@settings(max_examples=400, deadline=None)
@given(st.text(st.sampled_from(list("0123456789,.，．０１５ 万亿元\t-")), max_size=14))
def test_the_schema_pattern_is_checks_grammar(text):
    # R3-17, the property: any text of the grammar's characters is accepted by the schema's pattern exactly
    # when check's parser takes it (zero only where a field allows zero).
    try:
        parsed: Decimal | None = money.parse_amount(text)
    except money.AmountError:
        parsed = None
    for zero_ok, pattern in PATTERNS.items():
        assert (pattern.search(text) is not None) is (parsed is not None and (zero_ok or parsed != 0)), text


@pytest.mark.parametrize("day", ["20240715", "2024-W29-1", " 2024-07-15", "2024-07-15 ", ""])
def test_as_of_takes_only_year_month_day(day):
    # R3-16: --as-of took 20240715 and week dates, and --as-of "" meant today.
    result = run("policies", "--as-of", day)
    assert result.exit_code == 2 and "--as-of" in result.stderr and "expected a date such as" in result.stderr


@pytest.mark.parametrize("day", ["20250715", "2025-W29-1"])
def test_add_takes_only_year_month_day(write, day):
    # R3-16: --add "little_giant national 2025-W29-1" was read as 2025-07-14. (The option's own text is
    # wrong: a usage error, as for 2025/07/15.)
    path = write(TEMPLATE.format(**VALID))
    result = run("check", path, "--add", f"little_giant national {day}", "--as-of", "2025-06-30")
    assert result.exit_code == 2 and "--add[1]: expected a date such as 2024-07-15" in result.stderr


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2100-01-01"])
def test_as_of_add_and_add_project_take_only_years_1900_to_2099(write, day):
    # F9: a year-0001 date was taken everywhere; the workbook showed it as ##### (a negative serial).
    expected = f"expected a date from 1900-01-01 to 2099-12-31, got {day}"
    result = run("policies", "--as-of", day)
    assert result.exit_code == 2 and "--as-of" in result.stderr and expected in result.stderr
    path = write(TEMPLATE.format(**VALID))
    for option, text in (
        ("--add", f"little_giant national {day}"),
        ("--add-project", f"equipment_upgrade {day} equipment_cost=3000万"),
    ):
        result = run("check", path, option, text, "--as-of", "2025-06-30")
        assert result.exit_code == 2 and f"{option}[1]: {expected}" in result.stderr, result.stderr


PROJECT_NAMED = TEMPLATE.format(**VALID) + "name = {name}\n"
DISTRICT = TEMPLATE.format(**VALID).replace('city = "西宁"\n', 'city = "西宁"\ndistrict = {district}\n')


@pytest.mark.parametrize("length, accepted", [(200, True), (201, False)])
def test_a_project_name_is_at_most_200_characters_in_check_and_the_schema(write, length, accepted):
    # F8 / F1 (review of issue 25): a project name of 201 characters: check refused it, the schema took it.
    text = PROJECT_NAMED.format(name=f'"{"甲" * length}"')
    result = run("check", write(text), "--json", "--as-of", "2025-06-30")
    assert result.exit_code == (0 if accepted else 1), result.stderr
    if not accepted:
        assert "projects[0].name: 201 characters; at most 200 are accepted" in result.stderr
    assert (schema_errors(text) == []) is accepted, schema_errors(text)


def test_a_district_is_at_most_200_characters_in_check_and_the_schema(write):
    # F8 (review of issue 25): a district had no limit, and a 20,000-character one was echoed whole.
    text = DISTRICT.format(district=f'"{"乙" * 20_000}"')
    result = run("check", write(text), "--json", "--as-of", "2025-06-30")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert "company.district: 20000 characters; at most 200 are accepted" in result.stderr
    assert len(result.stderr) < 200 and schema_errors(text) != []
    assert schema_errors(DISTRICT.format(district='"城北区"')) == []


def test_a_long_value_is_shown_cut_in_a_message(write):
    # F8: never more than 80 characters of what the user wrote in a message: the start, … and its length.
    for field, value, where in [
        ("district", f'"{"乙" * 150}"', "company.district"),
        ("title", f'"{"甲" * 300}"', "recognitions[0].title"),
        ("date", f'"{"1" * 300}"', "recognitions[0].date"),
        ("amount", f'"{"万" * 300}"', "projects[0].equipment_cost"),
    ]:
        text = (DISTRICT if field == "district" else TEMPLATE).format(**{**VALID, "district": '"城北区"', field: value})
        result = run("check", write(text), "--json", "--as-of", "2025-06-30")
        assert result.exit_code == 1 and result.stderr.count("\n") == 1, result.stderr
        length = len(value) - 2
        assert f"{where}: " in result.stderr and f"{value[1] * 80}…" in result.stderr, result.stderr
        assert value[1] * 81 not in result.stderr and f"({length} characters)" in result.stderr
