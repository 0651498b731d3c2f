"""The installed command, run from another directory, finds its bundled data. In CI (`.ci/run`) zjtx is a
real non-editable install, so this exercises the data shipped inside the wheel."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import zjtx
from zjtx.places import bundled_data_dir

from conftest import EXAMPLES

EXE = Path(sys.executable).parent / "zjtx"


@pytest.mark.skipif(not EXE.exists(), reason="zjtx is not installed in this environment (pip install .)")
def test_installed_command_from_another_directory(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "ZJTX_DATA"}
    out = subprocess.run(
        [str(EXE), "check", str(EXAMPLES / "weifang.toml"), "--json"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["city"]["code"] == "370700" and doc["awards"]
    version = subprocess.run([str(EXE), "--version"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert version.stdout.strip() == f"zjtx {zjtx.__version__}"


def test_bundled_data_dir_has_every_city():
    cities = {p.name.split("-")[0] for p in bundled_data_dir().iterdir() if p.is_dir()}
    assert {"370700", "630100"} <= cities


def test_installed_package_finds_its_data(tmp_path):
    """Imported from another directory (so the installed copy, not the checkout, is found): a non-editable
    install must read the data inside the package; an editable one reads the checkout's live data/."""
    code = "import zjtx, zjtx.places as d; print(zjtx.__file__); print(d.bundled_data_dir())"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    )
    assert out.returncode == 0, out.stderr
    module, data = (Path(line) for line in out.stdout.splitlines())
    pkg = module.parent
    if pkg == Path(zjtx.__file__).resolve().parent and (pkg.parent / "pyproject.toml").exists():
        assert data == pkg.parent / "data"  # editable install: the live checkout data
    else:
        assert data == pkg / "data"  # wheel: data shipped inside the package
    assert (data / "370700-weifang").is_dir()
