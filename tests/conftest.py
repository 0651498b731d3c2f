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


@pytest.fixture(autouse=True)
def _bundled_vocabulary():
    """Each test starts with the bundled vocabulary: a command run with --data installs the titles its documents
    declare (zjtx.lexicon), which the next test must not inherit."""
    yield
    from zjtx import lexicon

    lexicon.install(lexicon.bundled())


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


def spawn(*args: str, input: bytes | None = None, env: dict | None = None, timeout: float = 60, **kw):
    """Run ``python -m zjtx ARGS`` in a real process (for terminals, umask, signals, closed descriptors,
    encodings and other users); returns subprocess.CompletedProcess with bytes stdout and stderr."""
    import os
    import subprocess
    import sys

    full = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([sys.executable, "-m", "zjtx", *args], input=input, env=full, timeout=timeout, **kw)


def spawn_as_nobody(*args: str, cwd=None, env: dict | None = None, timeout: float = 60):
    """``spawn`` as the unprivileged user ``nobody`` (root ignores file permissions, so the problems of an
    ordinary user only show as another user). Uses an interpreter ``nobody`` may run, with this
    interpreter's site-packages; skips, saying why, when the machine has neither setpriv nor such a Python."""
    import os
    import shutil
    import site
    import subprocess
    import sys

    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to run a command as the user nobody")
    drop = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    path = os.pathsep.join([str(ROOT), *site.getsitepackages()])
    for python in (sys.executable, "/usr/bin/python3.11", "/usr/bin/python3"):
        probe = subprocess.run(
            [*drop, "env", f"PYTHONPATH={path}", python, "-c", "import typer, yaml, rich"], capture_output=True, cwd="/"
        )
        if probe.returncode == 0:
            break
    else:
        pytest.skip("no Python interpreter that the user nobody may run can import zjtx's dependencies")
    full = {**os.environ, "PYTHONPATH": path, **(env or {})}
    return subprocess.run(
        [*drop, "env", python, "-m", "zjtx", *args], env=full, cwd=cwd, timeout=timeout, capture_output=True
    )


@pytest.fixture
def public_tmp():
    """A fresh folder that other users can reach (pytest's tmp_path sits under a 0700 folder of root's)."""
    import os
    import shutil
    import tempfile

    path = Path(tempfile.mkdtemp(prefix="zjtx-test-", dir="/tmp"))
    os.chmod(path, 0o755)
    yield path
    for root, dirs, _files in os.walk(path):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o755)
    shutil.rmtree(path, ignore_errors=True)
