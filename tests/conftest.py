"""Shared helpers: run the real CLI (typer's CliRunner) on company files written for each test."""

from __future__ import annotations

import json
import textwrap
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zjtx.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory):
    """The suite never reads or writes the user's own catalog cache."""
    import os

    os.environ["ZJTX_CACHE_DIR"] = str(tmp_path_factory.mktemp("zjtx-cache"))
    os.environ.pop("ZJTX_DATA", None)
    yield


def run(*args: str, input: str | bytes | None = None, env: dict | None = None, obj=None):
    """Invoke ``zjtx ARGS`` as a user would; returns click's Result (stdout, stderr, exit_code)."""
    runner = CliRunner()
    extra = {"obj": obj} if obj is not None else {}
    return runner.invoke(app, list(args), input=input, env=env, **extra)


def company_toml(city: str, recognitions=(), projects=(), name: str = "测试公司", district: str | None = None) -> str:
    """A company file: recognitions as (title, level, date[, review]) tuples, projects as dicts."""
    lines = ["[company]", f'name = "{name}"', f'city = "{city}"']
    if district:
        lines.append(f'district = "{district}"')
    for r in recognitions:
        title, level, date, *rest = r
        lines += ["", "[[recognitions]]", f'title = "{title}"']
        if level:
            lines.append(f'level = "{level}"')
        lines.append(f"date = {date}")
        if rest and rest[0]:
            lines.append("review = true")
    for p in projects:
        lines += ["", "[[projects]]"]
        for k, v in p.items():
            if isinstance(v, str) and k != "date":
                lines.append(f'{k} = "{v}"')
            elif isinstance(v, list):
                lines.append(f"{k} = {json.dumps(v, ensure_ascii=False)}")
            else:
                lines.append(f"{k} = {v}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def write(tmp_path):
    """write(text, name="c.toml") -> path of a file in a fresh directory."""

    def _write(text: str | bytes, name: str = "c.toml") -> str:
        p = tmp_path / name
        if isinstance(text, bytes):
            p.write_bytes(text)
        else:
            p.write_text(textwrap.dedent(text), encoding="utf-8")
        return str(p)

    return _write


@pytest.fixture
def check_json(write):
    """check_json(toml text) -> the parsed `zjtx check --json` document (asserting exit 0)."""

    def _check(text: str, *extra: str) -> dict:
        result = run("check", write(text), "--json", *extra)
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)

    return _check


def yuan(x) -> Decimal:
    """JSON amount -> Decimal, for exact comparisons."""
    return Decimal(str(x))


def only_award(doc: dict, policy: str) -> dict:
    found = [a for a in doc["awards"] if a["policy"] == policy]
    assert len(found) == 1, [a["policy"] for a in doc["awards"]]
    return found[0]


def funding(award: dict) -> dict:
    return {f["level"]: (None if f["amount"] is None else yuan(f["amount"])) for f in award["funding"]}
