"""Internal errors, interruption, and the safety of policy data."""

import os
import subprocess
import sys

import pytest

from zjtx.awards import engine

from conftest import EXAMPLES, ROOT, run


def test_unexpected_exception_is_one_line_and_exit_3(monkeypatch):
    def boom(*args, **kwargs):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(engine, "evaluate", boom)
    result = run("check", str(EXAMPLES / "weifang.toml"), "--json")
    assert result.exit_code == 3 and result.stdout == ""
    assert (
        result.stderr == "zjtx: internal error: ZeroDivisionError: simulated bug (set ZJTX_DEBUG=1 for the traceback)\n"
    )


def test_debug_shows_the_traceback(monkeypatch):
    monkeypatch.setattr(engine, "evaluate", lambda *a, **k: 1 / 0)
    result = run("check", str(EXAMPLES / "weifang.toml"), env={"ZJTX_DEBUG": "1"})
    assert result.exit_code == 3
    assert "Traceback" in result.stderr and "zjtx: internal error: ZeroDivisionError" in result.stderr


def test_ctrl_c_exits_130_quietly(monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(engine, "evaluate", interrupted)
    result = run("check", str(EXAMPLES / "weifang.toml"))
    assert result.exit_code == 130 and result.stderr == ""


@pytest.mark.slow
def test_real_sigint_exits_130(tmp_path):
    # A real process, interrupted while it waits on standard input.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZJTX_CACHE_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zjtx", "check", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    import signal
    import time

    time.sleep(1.5)
    proc.send_signal(signal.SIGINT)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert b"Traceback" not in err


def test_yaml_is_only_safe_loaded(tmp_path):
    # A python-object tag must be refused as data, never executed.
    marker = tmp_path / "pwned"
    (tmp_path / "evil.yaml").write_text(
        f"id: !!python/object/apply:os.system ['touch {marker}']\ncity: '370700'\n", encoding="utf-8"
    )
    result = run("data", "check", str(tmp_path))
    assert result.exit_code == 1 and not marker.exists()
    assert "YAML" in result.stderr and "Traceback" not in result.stderr


def test_company_file_cannot_name_other_paths(write):
    # There is no key through which a company file could make zjtx read or write another path.
    path = write('[company]\nname = "x"\ncity = "潍坊"\ndata = "/etc"\ninclude = "/etc/passwd"\n')
    result = run("check", path, "--json")
    assert result.exit_code == 1
    assert "company.data: unknown key" in result.stderr and "company.include: unknown key" in result.stderr


@pytest.mark.parametrize("args", [["check", "--nope"], ["frobnicate"], ["check", "x.toml", "--as-of", "tomorrow"]])
def test_usage_errors_exit_2(args):
    result = run(*args)
    assert result.exit_code == 2 and result.stdout == ""
