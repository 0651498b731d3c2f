"""The fast path (issue 23, zjtx/cli/fast.py) is the same behaviour as typer's: the same command line, run
once by the installed entry point (fast path first) and once with typer for everything (``main(...,
fast=False)``), gives the same exit code, the same bytes on stdout and stderr, and the same files written.
Each line also says which path ran it: the fast lines never import typer, the others are typer's (so this
test cannot compare typer with itself)."""

import os
import shutil
import subprocess
import sys

import pytest

from zjtx.cli import fast

from conftest import EXAMPLES, ROOT, company_toml

PROBE = """
import atexit, sys
mode, record = sys.argv.pop(1), sys.argv.pop(1)

def _record():
    with open(record, "w") as f:
        f.write("typer" if "zjtx.cli.app" in sys.modules else "fast")

atexit.register(_record)
from zjtx.cli import main
main(sys.argv[1:], fast=(mode == "fast"))
"""

WEIFANG = str(EXAMPLES / "weifang.toml")
XINING = str(EXAMPLES / "xining.toml")
AS_OF = "--as-of=2025-06-30"

#: (command line, the path that runs it). FILES, DIR, BAD, DATA are put in place by the test.
LINES = [
    # check, one company: every format that goes to stdout, the options that change it
    (["check", WEIFANG, "--json", AS_OF], "fast"),
    (["check", WEIFANG, "--as-of", "2025-06-30"], "fast"),
    (["check", WEIFANG, "--explain", "--color", "always", AS_OF], "fast"),
    # 10% of 3333.33万 is 333.333万: two decimals unless --exact (潍坊 二(一)1)
    (
        ["check", WEIFANG, "--add-project", "equipment_upgrade 2025-05-01 equipment_cost=3333.33万", "--exact", AS_OF],
        "fast",
    ),
    (["plan", WEIFANG, "--project", "equipment_upgrade=33333333", "--exact", AS_OF], "fast"),
    (["check", XINING, "-f", "csv", "--format=jsonl", AS_OF], "fast"),
    (["check", XINING, "--reading", "xining.tech_transfer=shared_3y", "--json", AS_OF], "fast"),
    (["check", WEIFANG, "--reading", "xining.tech_transfer=shared_3y", AS_OF], "fast"),  # a note: another city's
    (["check", WEIFANG, "--add", "little_giant national 2025-07-01", "--json", "--as-of", "2026-01-01"], "fast"),
    (["check", WEIFANG, "--add-project", "equipment_upgrade 2025-05-01 equipment_cost=3000万", AS_OF], "fast"),
    (["check", WEIFANG, "-o", "out.csv", "--no-bom", AS_OF], "fast"),
    (["check", WEIFANG, "--output=out.json", AS_OF], "fast"),
    (["check", WEIFANG, "-o", "-", "--json", AS_OF], "fast"),
    (["check", WEIFANG, "--data", "DATA", "--json", AS_OF], "fast"),
    (["check", "-", "--json", AS_OF], "fast"),  # standard input
    # batches
    (["check", "DIR", "-f", "jsonl", AS_OF], "fast"),
    (["check", "DIR", "-r", "--json", "-j", "2", AS_OF], "fast"),
    (["check", "DIR", "--recursive", "-f", "csv", "--jobs", "0", AS_OF], "fast"),
    (["check", WEIFANG, XINING, "BAD", AS_OF], "fast"),  # one invalid among them: exit 1, the others computed
    # failures the command itself reports
    (["check", "BAD", "--json"], "fast"),
    (["check", "no-such-file.toml"], "fast"),
    (["check", WEIFANG, "--add", "bogus"], "fast"),  # its own usage lines (exit 2)
    (["check", WEIFANG, "--prepared-by", "张三 138-0000-0000", "-o", "r.csv", AS_OF], "fast"),
    # usage errors found while the command runs: handed to typer, which says them as click does
    (["check", WEIFANG, "--as-of", "2025-13-01"], "typer"),
    (["check", WEIFANG, "--as-of", ""], "typer"),
    (["check", WEIFANG, "--reading", "nosuch.measure=x"], "typer"),
    (["check", WEIFANG, "--reading", "bare"], "typer"),
    (["check", WEIFANG, "--json", "-f", "csv"], "typer"),
    (["check", WEIFANG, "-o", "report.unknown"], "typer"),
    # command lines the fast path does not read: typer's
    (["check", WEIFANG, "-f", "pdf"], "typer"),
    (["check", WEIFANG, "-fjson"], "typer"),
    (["check", WEIFANG, "--json=1"], "typer"),
    (["check", WEIFANG, "-j", "-1"], "typer"),
    (["check", WEIFANG, "-j", "two"], "typer"),
    (["check", WEIFANG, "--color", "Never"], "typer"),
    (["check", WEIFANG, "--prepared-by", "a\nb"], "typer"),
    (["check", WEIFANG, "--prepared-by", "\udcff\udcfe", "-o", "r.csv"], "typer"),  # bytes that are not UTF-8
    (["check", WEIFANG, "--city", "日照"], "typer"),  # plan's option, not check's
    (["check", WEIFANG, "--as-of"], "typer"),  # its value missing
    (["check"], "typer"),
    (["check", "--help"], "typer"),
    (["check", "--", WEIFANG], "typer"),
    (["--color", "never", "check", WEIFANG, AS_OF], "typer"),
    # plan
    (["plan", WEIFANG, "--json", AS_OF], "fast"),
    (["plan", WEIFANG, AS_OF], "fast"),
    (["plan", XINING, "--city", "日照", "-f", "jsonl", AS_OF], "fast"),
    (["plan", WEIFANG, "--all-cities", "--json", AS_OF], "fast"),
    (["plan", WEIFANG, "--project", "equipment_upgrade=3000万", "--json", AS_OF], "fast"),
    (["plan", WEIFANG, "--project", "nonsense"], "fast"),  # its own usage lines (exit 2)
    (["plan", WEIFANG, "--city", "北京", AS_OF], "typer"),  # a city without documents: a usage error
    (["plan", WEIFANG, "--city", "日照", "--all-cities"], "typer"),
    (["plan", WEIFANG, "--city", "no such city"], "typer"),
    (["plan", WEIFANG, XINING], "typer"),  # one FILE only
    (["plan", WEIFANG, "--explain"], "typer"),  # check's option, not plan's
    # compare
    (["compare", XINING, "--json", AS_OF], "fast"),
    (["compare", XINING, AS_OF], "fast"),
    (["compare", XINING, "-f", "csv"], "typer"),  # not one of compare's formats
]

#: Files compared byte for byte after both runs (a workbook or a page carries the time it was made).
WRITTEN = ("out.csv", "out.json", "r.csv")


@pytest.fixture(scope="module")
def place(tmp_path_factory):
    top = tmp_path_factory.mktemp("fast")
    clients = top / "clients"
    (clients / "sub").mkdir(parents=True)
    for i, name in enumerate(("weifang", "xining", "rizhao", "suzhou")):
        shutil.copy(EXAMPLES / f"{name}.toml", clients / f"c{i}_{name}.toml")
    shutil.copy(EXAMPLES / "huanggang.toml", clients / "sub" / "huanggang.toml")
    (top / "bad.toml").write_text(company_toml("潍坊市", [("little_giant", "national", "2025-13-40")]), "utf-8")
    data = top / "data"
    data.mkdir()
    shutil.copy(EXAMPLES / "policies" / "weifang-successor-template.yaml", data)
    return top


def _run(mode, args, place, workdir):
    record = workdir / "path-taken"
    replaced = [
        {"DIR": str(place / "clients"), "BAD": str(place / "bad.toml"), "DATA": str(place / "data")}.get(a, a)
        for a in args
    ]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZJTX_CACHE_DIR": str(place / "cache"), "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode, str(record), *replaced],
        input=(EXAMPLES / "rizhao.toml").read_bytes(),
        capture_output=True,
        cwd=workdir,
        env=env,
        timeout=120,
    )
    written = {name: (workdir / name).read_bytes() for name in WRITTEN if (workdir / name).exists()}
    return (done.returncode, done.stdout, done.stderr, written), record.read_text()


@pytest.mark.parametrize(("args", "path"), LINES, ids=[" ".join(a)[:60] for a, _ in LINES])
def test_the_fast_path_is_typer_s_behaviour(args, path, place, tmp_path):
    (tmp_path / "fast").mkdir()
    (tmp_path / "typer").mkdir()
    quick, taken = _run("fast", args, place, tmp_path / "fast")
    slow, by_typer = _run("typer", args, place, tmp_path / "typer")
    assert by_typer == "typer"
    assert taken == path
    assert quick[0] == slow[0], (quick[2], slow[2])
    assert quick[2].decode() == slow[2].decode()
    assert quick[1] == slow[1]
    assert quick[3] == slow[3]
    assert quick[0] in (0, 1, 2)  # never an internal error


def test_what_the_fast_path_reads():
    # the values as click would hand them to the command (typer's list options: every value, in order)
    assert fast.parse(["check", "a.toml", "-o", "-", "--data", "x", "--data=y", "-j", "2", "b.toml"]) == (
        "check",
        ["a.toml", "b.toml"],
        {"output": "-", "data": ["x", "y"], "jobs": "2"},
    )
    assert fast.parse(["plan", "a.toml", "--format", "json", "--format", "table"]) == (
        "plan",
        ["a.toml"],
        {"fmt": "table"},  # a single-valued option given twice: the last, as click does
    )
    assert fast.parse(["check", "-", "--as-of", "-x"]) == ("check", ["-"], {"as_of": "-x"})  # click takes it too
    for typer_s in (["policies"], ["init", "x.toml"], ["check", "a.toml", "-h"], ["plan"], ["compare", "a", "b"]):
        assert fast.parse(typer_s) is None


def test_shell_completion_is_typer_s(monkeypatch):
    monkeypatch.setenv("_ZJTX_COMPLETE", "complete_bash")
    assert fast.run(["check", WEIFANG, "--json"]) is None


def test_an_unreadable_data_path_is_typer_s_to_refuse(monkeypatch, tmp_path):
    # typer's Path options are readable=True: a --data path that exists and cannot be read is click's usage
    # error (exit 2), so the fast path hands such a line over (as root every path is readable: simulated)
    assert fast.parse(["check", "a.toml", "--data", str(tmp_path)]) is not None
    monkeypatch.setattr(os, "access", lambda path, mode: False)
    assert fast.parse(["check", "a.toml", "--data", str(tmp_path)]) is None
    assert fast.parse(["check", "a.toml", "--data", str(tmp_path / "no-such-dir")]) is not None  # not there: fine


def test_a_preparer_that_is_not_utf8_is_a_usage_error_not_a_crash(tmp_path):
    # ZJTX_PREPARED_BY from a non-UTF-8 environment (bytes kept as surrogate escapes) was an internal error
    # when the HTML was written; it is refused up front, as a --prepared-by with a line break is
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZJTX_CACHE_DIR": str(tmp_path), "ZJTX_PREPARED_BY": "\udcff"}
    done = subprocess.run(
        [sys.executable, "-m", "zjtx", "check", WEIFANG, "-o", str(tmp_path / "r.html")],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        'zjtx: error: ZJTX_PREPARED_BY: not UTF-8 text; write the name and contact in UTF-8 (e.g. "张三 138-0000-0000")\n'
    )
    assert not (tmp_path / "r.html").exists()
