"""What start-up imports (issue 16): importing the CLI, and a cached `check FILE --json`, import nothing the
JSON path does not use. The time it takes is measured in benchmarks/run.py, never here."""

import os
import subprocess
import sys

from conftest import EXAMPLES, ROOT

#: Never needed to print a check document as JSON once the catalog is cached.
NOT_ON_THE_JSON_PATH = {
    "rich",
    "yaml",
    "pydantic",
    "xlsxwriter",
    "csv",
    "html",
    "tomli_w",  # tables, policy YAML, deliverables, init
    "zjtx.policy.check",
    "zjtx.policy.rules",
    "zjtx.policy.safeyaml",
    "zjtx.render",
    "zjtx.awards.plan",
    "zjtx.awards.whatif",
    "zjtx.cli.questionnaire",
    "zjtx.company.schema",
    "zjtx.cli.jobs",
    "multiprocessing",  # -j only
    "pickle",
    "secrets",
    "hashlib",
    "hmac",
    "random",
    "tempfile",  # the cache is read with _pickle; -o names its own temporary file
    "dataclasses",  # the model is built with zjtx.record (@dataclass costs ~0.3 ms a class at every start)
}
#: Of zjtx.render, only the registry of formats (the -f choices) and the writers' dispatch, both light.
ALLOWED = {"zjtx.render", "zjtx.render.formats", "zjtx.render.writers"}
PROBE = """
import sys
before = set(sys.modules)
import zjtx.cli
on_import = set(sys.modules) - before
if len(sys.argv) > 1:
    sys.argv = ["zjtx", "check", sys.argv[1], "--json"]
    try:
        zjtx.cli.main()
    except SystemExit:
        pass
sys.stderr.write("MODULES=" + ",".join(sorted(on_import)) + "|" + ",".join(sorted(set(sys.modules) - before)) + "\\n")
"""


def _modules(cache, *args):
    env = {**os.environ, "ZJTX_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=60)
    on_import, after_run = out.stderr.rsplit("MODULES=", 1)[1].strip().split("|")
    return set(on_import.split(",")), set(after_run.split(","))


def _unneeded(modules):
    return sorted(
        m
        for m in modules - ALLOWED
        if m in NOT_ON_THE_JSON_PATH
        or m.split(".")[0] in NOT_ON_THE_JSON_PATH
        or any(m.startswith(p + ".") for p in NOT_ON_THE_JSON_PATH)
    )


def test_importing_the_cli_imports_no_command_s_machinery(tmp_path):
    on_import, _ = _modules(tmp_path)
    assert _unneeded(on_import) == []
    assert (
        not {"zjtx.awards.engine", "zjtx.awards.report", "zjtx.policy.files", "zjtx.company.file"} & on_import
    )  # imported by the command that runs


def test_a_cached_json_check_imports_only_what_it_uses(tmp_path):
    _modules(tmp_path, str(EXAMPLES / "weifang.toml"))  # fills the cache
    _, after_run = _modules(tmp_path, str(EXAMPLES / "weifang.toml"))
    assert "zjtx.awards.engine" in after_run and "zjtx.awards.report" in after_run  # the probe did run the check
    assert _unneeded(after_run) == []


TABLE_PROBE = """
import sys
import zjtx.cli
sys.argv = ["zjtx", "check", sys.argv[1]]
try:
    zjtx.cli.main()
except SystemExit:
    pass
sys.stderr.write("MODULES=" + ",".join(sorted(sys.modules)) + "\\n")
"""


def test_the_table_imports_no_dataclasses(tmp_path):
    """The terminal table's layout is built of records (issue 23): building a dataclass costs ~1 ms a start."""
    env = {**os.environ, "ZJTX_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    for _ in range(2):  # the second run reads the cached catalog
        out = subprocess.run(
            [sys.executable, "-c", TABLE_PROBE, str(EXAMPLES / "weifang.toml")],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    modules = set(out.stderr.rsplit("MODULES=", 1)[1].strip().split(","))
    assert "zjtx.render.layout" in modules  # the table was drawn
    assert "dataclasses" not in modules
