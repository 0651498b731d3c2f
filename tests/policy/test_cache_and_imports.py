"""The validated-catalog cache, and what the JSON path imports (start-up is measured in benchmarks/)."""

import json
import os
import subprocess
import sys

from zjtx.policy.files import cache_dir, load_catalog

from conftest import EXAMPLES, ROOT, run

PROBE = """
import sys
from zjtx.cli import main
sys.argv = ["zjtx", "check", sys.argv[1], "--json"]
try:
    main()
except SystemExit:
    pass
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"rich", "yaml", "pydantic", "tomllib", "csv", "xlsxwriter", "html"})
sys.stderr.write("LOADED=" + ",".join(loaded) + "\\n")
"""


def _probe(cache, *extra_env):
    env = {**os.environ, "ZJTX_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT)}
    env.update(dict(extra_env))
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(EXAMPLES / "weifang.toml")],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert json.loads(out.stdout)["city"]["code"] == "370700"
    return out.stderr.rsplit("LOADED=", 1)[1].strip().split(",")


def test_json_path_never_imports_rich(tmp_path):
    cold = _probe(tmp_path)  # first run: reads YAML, fills the cache
    assert (
        "rich" not in cold
        and "pydantic" not in cold
        and "csv" not in cold
        and "xlsxwriter" not in cold
        and "html" not in cold
    )
    warm = _probe(tmp_path)  # later runs: neither rich nor yaml nor tomllib (plain company files)
    assert warm == [""], warm


def test_cache_is_used_and_rebuilt_when_data_changes(tmp_path):
    env = {"ZJTX_CACHE_DIR": str(tmp_path / "cache")}
    data = tmp_path / "mine"
    data.mkdir()
    doc = (ROOT / "examples" / "policies" / "weifang-successor-template.yaml").read_text(encoding="utf-8")
    (data / "a.yaml").write_text(doc, encoding="utf-8")
    first = load_catalog([data], environ=env)
    assert len(list((tmp_path / "cache").glob("catalog-*.pickle"))) == 1
    again = load_catalog([data], environ=env)
    assert [d.id for d in again.documents] == [d.id for d in first.documents]
    # an edit (new size and mtime) rebuilds: the new title shows
    (data / "a.yaml").write_text(doc.replace("short: 示例模板", "short: 改过的模板"), encoding="utf-8")
    changed = load_catalog([data], environ=env)
    assert any(d.short == "改过的模板" for d in changed.documents)
    # a broken edit is caught, never masked by the cache
    (data / "a.yaml").write_text(doc.replace("{up_to: 100万}", "{up_to: 一百万}"), encoding="utf-8")
    result = run("data", "check", str(data), env=env)
    assert result.exit_code == 1 and "rule.up_to" in result.stderr


def test_corrupt_or_foreign_cache_is_ignored(tmp_path):
    env = {"ZJTX_CACHE_DIR": str(tmp_path)}
    load_catalog(environ=env)
    (cached,) = tmp_path.glob("catalog-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert len(load_catalog(environ=env).documents) == 5
    os.chmod(cached, 0o666)  # writable by others: not trusted
    assert len(load_catalog(environ=env).documents) == 5


def test_cache_can_be_disabled(tmp_path):
    assert cache_dir({"ZJTX_CACHE": "0"}) is None
    env = {"ZJTX_CACHE": "0", "ZJTX_CACHE_DIR": str(tmp_path)}
    load_catalog(environ=env)
    assert not list(tmp_path.iterdir())
