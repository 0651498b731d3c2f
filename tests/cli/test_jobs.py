"""``zjtx check -j N``: worker processes compute and encode, the parent writes in input order — so every
format is the same bytes as with ``-j 1``, the problems of invalid files come in the same order, and the
exit code is the same. (Speed is measured in benchmarks/run.py, never here.)"""

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, company_toml, run

INVALID = {
    "b_missing_city.toml": '[company]\nname = "无城市"\n',
    "d_malformed.toml": "[company\nname = 1\n",
    "f_unknown_title.toml": company_toml("西宁", [("litle_giant", "national", "2024-07-15")]),
    "h_empty.toml": "",
}


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "clients"
    folder.mkdir()
    for i, example in enumerate(sorted(EXAMPLES.glob("*.toml"))):
        shutil.copy(example, folder / f"{'acegi'[i % 5]}{i}_{example.name}")
    for name, text in INVALID.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "j_gbk.toml").write_bytes('[company]\nname = "潍坊"\n'.encode("gbk"))
    return str(folder)


def _all(*args, input=None):
    """The run with -j 1, 2, 3 and 0; a streamed batch at -j 3 on fewer cores says it was capped (issue 25,
    R3-5): that note is taken out of its stderr, which is otherwise the same as with one process."""
    from zjtx.cli.jobs import cores

    results = {
        jobs: run("check", *args, "--as-of", "2025-06-30", "-j", jobs, input=input) for jobs in ("1", "2", "3", "0")
    }
    note = f"zjtx: note: -j 3 capped at {cores()}, the cores this process may use\n"
    if results["3"].stderr.startswith(note):
        results["3"].stderr_bytes = results["3"].stderr_bytes.replace(note.encode(), b"", 1)
    return results


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "table", "html"])
def test_every_format_is_byte_identical_with_invalid_files_mixed_in(batch, fmt):
    results = _all(batch, "-f", fmt)
    one = results["1"]
    assert one.exit_code == 1
    assert one.stdout_bytes.count("潍坊".encode()) >= 1  # the valid companies were computed
    errors = [line for line in one.stderr.splitlines() if line.startswith("zjtx: error:")]
    assert [line.split(": ")[2].rsplit("/", 1)[1] for line in errors] == [
        "b_missing_city.toml",
        "d_malformed.toml",
        "f_unknown_title.toml",
        "h_empty.toml",
        "j_gbk.toml",
    ]
    assert one.stderr.endswith("5 of 10 files invalid; the others were computed\n")
    for jobs, result in results.items():
        assert (result.exit_code, result.stdout_bytes, result.stderr) == (
            one.exit_code,
            one.stdout_bytes,
            one.stderr,
        ), jobs


def test_standard_input_in_a_batch_is_read_once_in_its_place(batch):
    text = (EXAMPLES / "xining.toml").read_text(encoding="utf-8")
    files = sorted(str(p) for p in Path(batch).iterdir())
    results = _all(*files[:4], "-", *files[4:], "-f", "jsonl", input=text)
    one = results["1"]
    lines = one.stdout.splitlines()
    assert len(lines) == 6 and '"file":"<stdin>"' in lines[2]  # a0, c1 (b, d invalid), stdin, e2, …
    for result in results.values():
        assert (result.exit_code, result.stdout_bytes, result.stderr) == (one.exit_code, one.stdout_bytes, one.stderr)


def test_jobs_is_not_negative(batch):
    result = run("check", batch, "-j", "-1")
    assert result.exit_code == 2 and "-1" in result.stderr


def test_batch_json_is_one_document_with_the_jsonl_content_and_a_line_per_item(batch):
    as_json = run("check", batch, "--json", "--as-of", "2025-06-30")
    as_jsonl = run("check", batch, "-f", "jsonl", "--as-of", "2025-06-30")
    import json

    documents = json.loads(as_json.stdout)
    assert documents == [json.loads(line) for line in as_jsonl.stdout.splitlines()]
    lines = as_json.stdout.splitlines()
    assert lines[0] == "[" and lines[1] == "{" and lines[2].startswith('  "file": ') and lines[-1] == "]"
    first_award = lines.index('  "awards": [') + 1  # each award on its own line, compact
    assert json.loads(lines[first_award].strip().rstrip(",")) == documents[0]["awards"][0]


def test_single_file_json_stays_indented(batch):
    text = run("check", str(EXAMPLES / "weifang.toml"), "--json").stdout
    assert text.startswith(('{\n  "file"', '{\n  "company"'))
    assert '\n  "awards": [\n    {\n      "policy": ' in text


def test_batch_json_lines_escape_the_unicode_line_separators():
    import json

    from zjtx.awards.report import dumps_lines

    doc = {"company": {"name": "甲\u2028乙\u2029丙"}, "awards": [{"quote": "\u2028"}], "benefits": []}
    text = dumps_lines(doc)
    assert "\u2028" not in text and "\u2029" not in text and json.loads(text) == doc


def test_a_file_given_twice_is_computed_once_in_its_first_place(batch, tmp_path):
    first = sorted(Path(batch).iterdir())[0]
    linked = tmp_path / "same.toml"
    linked.hardlink_to(first)
    results = _all(str(linked), batch, str(Path(batch) / "d_malformed.toml"), "-f", "jsonl")
    one = results["1"]
    assert len(one.stdout.splitlines()) == 5  # same.toml (= a0) first, then the batch's other valid files
    assert one.stderr.count("is the same file as") == 2 and "d_malformed.toml: " in one.stderr
    for result in results.values():
        assert (result.exit_code, result.stdout_bytes, result.stderr) == (one.exit_code, one.stdout_bytes, one.stderr)


@pytest.mark.skipif(not hasattr(__import__("os"), "openpty"), reason="needs a pseudo-terminal")
def test_a_batch_table_at_a_terminal_takes_its_width_with_any_number_of_jobs(batch):
    import fcntl
    import os
    import struct
    import subprocess
    import sys
    import termios

    def at_terminal(jobs):
        main, side = os.openpty()
        fcntl.ioctl(side, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 130, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR")} | {"NO_COLOR": "1"}
        proc = subprocess.Popen(
            [sys.executable, "-m", "zjtx", "check", batch, "--as-of", "2025-06-30", "-j", jobs],
            stdout=side,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        os.close(side)
        out = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the other end closed
                break
            if not chunk:
                break
            out += chunk
        proc.wait(timeout=60)
        os.close(main)
        return out.decode()

    one = at_terminal("1")
    assert max(len(line) for line in one.splitlines()) > 100  # laid out at 130 columns, not a pipe's 100 or 80
    assert at_terminal("2") == one
