"""The JSON Schema of the company file: shipped equal to what the vocabulary generates, valid draft 2020-12,
accepting every example and generated file, and refusing what the validator refuses for unknown keys."""

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjtx.company.model import COMPANY_KEYS, PROJECT_BASE_KEYS, RECOGNITION_KEYS
from zjtx.company.schema import SCHEMA_FILE, company_schema, dumps
from zjtx.places import city

from conftest import EXAMPLES, company_toml, run

jsonschema = pytest.importorskip("jsonschema")
VALIDATOR = jsonschema.Draft202012Validator(
    json.loads(SCHEMA_FILE.read_text(encoding="utf-8")), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def as_editor_sees(data):
    """TOML as Taplo hands it to a JSON Schema validator: dates become their ISO strings."""
    if isinstance(data, dict):
        return {k: as_editor_sees(v) for k, v in data.items()}
    if isinstance(data, list):
        return [as_editor_sees(v) for v in data]
    if isinstance(data, (dt.date, dt.datetime)):
        return data.isoformat()
    return data


def schema_errors(text: str) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(as_editor_sees(tomllib.loads(text)))]


def test_zjtx_schema_prints_the_shipped_file_which_is_the_generated_one():
    result = run("schema")
    assert result.exit_code == 0, result.stderr
    shipped = SCHEMA_FILE.read_text(encoding="utf-8")
    assert result.stdout == shipped
    assert shipped == dumps(company_schema()), "regenerate it: python -m zjtx.company.schema --write"
    schema = json.loads(shipped)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_path_is_the_installed_file():
    result = run("schema", "--path")
    assert result.exit_code == 0 and Path(result.stdout.strip()) == SCHEMA_FILE and SCHEMA_FILE.is_file()


def test_schema_lists_the_keys_the_validator_knows_and_says_it_in_chinese_and_english():
    schema = company_schema()
    assert schema["additionalProperties"] is False
    assert tuple(schema["properties"]["company"]["properties"]) == COMPANY_KEYS
    recognition, project = schema["$defs"]["recognition"], schema["$defs"]["project"]
    assert tuple(recognition["properties"]) == RECOGNITION_KEYS
    assert set(PROJECT_BASE_KEYS) <= set(project["properties"])
    assert recognition["additionalProperties"] is False and project["additionalProperties"] is False
    assert "little_giant" in recognition["properties"]["title"]["anyOf"][0]["enum"]
    assert "equipment_upgrade" in project["properties"]["type"]["anyOf"][0]["enum"]
    title = recognition["properties"]["title"]
    assert "称号" in title["title"] and "title" in title["title"] and "a title id" in title["description"]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.name)
def test_every_example_file_is_valid(path):
    assert schema_errors(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("code", ["341300", "370700", "371100", "421100", "630100"])  # the bundled cities
def test_every_init_example_is_valid_and_points_at_the_schema(tmp_path, code):
    path = tmp_path / "c.toml"
    c = city(code)
    assert c is not None
    assert run("init", "--example", c.name, str(path)).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == f"#:schema {SCHEMA_FILE.as_uri()}"  # Taplo's header directive, first line
    assert schema_errors(text) == []


def test_questionnaire_file_is_valid(tmp_path):
    path = tmp_path / "c.toml"
    answers = [
        "某公司",
        "黄冈",
        "武穴市",
        "",
        "省级专精特新中小企业",
        "2024-07-15",
        "y",
        "y",
        "高新技术企业",
        "2023-11-01",
        "n",
        "y",
        "技改",
        "二期",
        "2024-05-01",
        "2380万",
        "y",
        "tech_renovation",
        "",
        "2022-06-30",
        "100万, 120万",
        "n",
    ]
    result = run("init", str(path), input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.stdout + result.stderr
    assert schema_errors(path.read_text(encoding="utf-8")) == []


def test_chinese_names_and_amount_spellings_are_valid():
    text = company_toml(
        "潍坊",
        [("省级专精特新中小企业", None, "2024-07-15"), ("专精特新“小巨人”企业", "国家级", "2024-07-15")],
        [
            {"type": "技改", "date": "2024-05-01", "equipment_cost": "2,380万元"},
            {"type": "首台套", "date": "2025-06-01", "premium": 800000},
        ],
    )
    assert schema_errors(text) == []


BASE = company_toml(
    "潍坊",
    [("little_giant", "national", "2024-07-15")],
    [{"type": "equipment_upgrade", "date": "2024-05-01", "equipment_cost": "2380万"}],
)


def _insert(text: str, table: str, line: str) -> str:
    """Add ``line`` right after the header of ``table`` ("" = the top, before [company])."""
    if not table:
        return line + "\n" + text
    return text.replace(table + "\n", table + "\n" + line + "\n", 1)


@pytest.mark.parametrize(
    "table, line",
    [
        ("", 'companny = "x"'),
        ("[company]", 'citty = "潍坊"'),
        ("[[recognitions]]", 'titel = "little_giant"'),
        ("[[recognitions]]", "reviewed = true"),
        ("[[projects]]", 'premium = "10万"'),  # a field of another project type
        ("[[projects]]", 'equipment_costs = "10万"'),
    ],
)
def test_files_refused_for_unknown_keys_fail_the_schema(write, table, line):
    text = _insert(BASE, table, line)
    result = run("check", write(text))
    assert result.exit_code == 1 and "unknown key" in result.stderr
    assert schema_errors(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    table=st.sampled_from(["", "[company]", "[[recognitions]]", "[[projects]]"]),
    key=st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True),
)
def test_any_key_the_validator_calls_unknown_fails_the_schema(write, table, key):
    text = _insert(BASE, table, f'{key} = "1万"')
    try:
        tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return  # a repeated key: not a question of unknown keys
    result = run("check", write(text))
    if "unknown key" in result.stderr:
        assert schema_errors(text), key


@pytest.mark.parametrize(
    "change",
    [
        ('title = "little_giant"', 'title = "litle_giant"'),  # an unknown id
        ('level = "national"', 'level = "provincial"'),  # a level little_giant does not have
        ('type = "equipment_upgrade"', 'type = "equipment"'),
        ('equipment_cost = "2380万"', "equipment_cost = -5"),
        ('equipment_cost = "2380万"', 'equipment_cost = "3千万"'),
        ('equipment_cost = "2380万"', 'note = "no amount"'),  # the required field is missing
        ("date = 2024-07-15", "date = 2024-07-15\nreview = true\nreview_note = 1"),
    ],
)
def test_schema_refuses_what_zjtx_refuses(write, change):
    text = BASE.replace(*change)
    assert text != BASE
    assert run("check", write(text)).exit_code == 1
    assert schema_errors(text)
