"""Start-up imports what the command line needs (issue 23): ``zjtx --version`` is answered before typer is
imported, and a command imports its own module, not every other command's. (The time is measured in
benchmarks/run.py, never here.)"""

import os
import subprocess
import sys

from zjtx import __version__

from conftest import EXAMPLES, ROOT

PROBE = """
import sys
import zjtx.cli
try:
    zjtx.cli.main(sys.argv[1:])
except SystemExit:
    pass
sys.stderr.write("MODULES=" + ",".join(sorted(sys.modules)) + "\\n")
"""
OTHER_COMMANDS = {"zjtx.cli.catalog", "zjtx.cli.compare", "zjtx.cli.init", "zjtx.cli.plan", "zjtx.cli.questionnaire"}


def _run(tmp_path, *args):
    env = {**os.environ, "ZJTX_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=60)
    return out.stdout, set(out.stderr.rsplit("MODULES=", 1)[1].strip().split(","))


def test_version_is_answered_before_typer_is_imported(tmp_path):
    for flag in ("--version", "-V"):
        stdout, modules = _run(tmp_path, flag)
        assert stdout == f"zjtx {__version__}\n"
        assert not {m for m in modules if m.split(".")[0] in ("typer", "click")}
        assert not {m for m in modules if m.startswith("zjtx.cli.")}  # no command's module either


def test_version_after_a_root_option_still_answers(tmp_path):
    stdout, _ = _run(tmp_path, "--color", "never", "--version")
    assert stdout.startswith("zjtx ")


def test_a_check_imports_no_other_command_s_module(tmp_path):
    stdout, modules = _run(tmp_path, "check", str(EXAMPLES / "weifang.toml"), "--json")
    assert '"awards"' in stdout  # it did run
    assert not OTHER_COMMANDS & modules


def test_a_plan_imports_no_check_or_catalog_module(tmp_path):
    stdout, modules = _run(tmp_path, "plan", str(EXAMPLES / "weifang.toml"), "--json")
    assert stdout.startswith("{")
    assert not {"zjtx.cli.check", "zjtx.cli.catalog", "zjtx.cli.init"} & modules


def test_help_lists_every_command(tmp_path):
    stdout, modules = _run(tmp_path, "--help")
    for command in ("cities", "titles", "check", "compare", "init", "schema", "plan", "policies", "data"):
        assert f"  {command} " in stdout
    assert OTHER_COMMANDS - {"zjtx.cli.questionnaire"} <= modules


def test_the_common_command_lines_import_no_typer(tmp_path):
    # the fast path (zjtx/cli/fast.py): check, plan and compare as typed every day, before typer is imported
    for args in (
        ("check", str(EXAMPLES / "weifang.toml"), "--json"),
        ("check", str(EXAMPLES / "weifang.toml")),
        ("plan", str(EXAMPLES / "weifang.toml"), "--json"),
        ("compare", str(EXAMPLES / "xining.toml"), "--json"),
    ):
        stdout, modules = _run(tmp_path, *args)
        assert stdout.startswith(("{", "潍坊"))  # it did run
        assert not {m for m in modules if m.split(".")[0] in ("typer", "click", "rich", "shellingham")}, args


def test_a_usage_error_is_typer_s_to_say(tmp_path):
    stdout, modules = _run(tmp_path, "check", str(EXAMPLES / "weifang.toml"), "--as-of", "2025-13-01")
    assert stdout == "" and "typer" in modules
