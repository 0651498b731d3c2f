"""The terminal and the standard streams (issue 13, item 3): nothing raw on stderr, JSON Lines stays one
record per line, encodings that cannot show Chinese, closed streams, and `| head`."""

import json
import os
import shutil
import subprocess
import sys
from typing import Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zjtx.io.textsafe import UNSAFE

from conftest import EXAMPLES, ROOT, run, spawn

XINING = str(EXAMPLES / "xining.toml")
#: The Unicode category of lone surrogates (not encodable: no file can be named with one).
SURROGATES: tuple[Literal["Cs"]] = ("Cs",)


def _raw_unsafe(text: str) -> set[str]:
    return {ch for ch in text if ord(ch) in UNSAFE and ch != "\n"}


def test_a_newline_in_a_file_name_cannot_forge_an_error_line(tmp_path):
    # A newline in a file name forged a `zjtx: error:` line.
    name = tmp_path / "x.toml\nzjtx: error: everything is fine.toml"
    name.write_text('[company]\nname = "x"\n', encoding="utf-8")  # one problem: the city is missing
    result = run("check", str(name))
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("zjtx: error: ")
    assert "x.toml\\nzjtx: error: everything is fine.toml: company.city: missing" in result.stderr


def test_escape_sequences_in_input_text_are_visible_on_stderr(write):
    # ESC, BEL, C1 and bidi overrides from a company file reached the terminal raw in error lines.
    path = write('[company]\nname = "x"\ncity = "\\u001b]0;pwned\\u0007\\u009b31m\\u202e市"\n"\\u001b[2J" = 1\n')
    result = run("check", path)
    assert result.exit_code == 1
    assert _raw_unsafe(result.stderr) == set()
    assert "\\x1b]0;pwned\\x07\\x9b31m\\u202e市" in result.stderr and 'unknown key "\\x1b[2J"' in result.stderr


def test_zero_width_characters_are_shown_in_messages(write):
    # R3-14: `unknown city "潍坊​"` (a zero-width space after 坊) looked like a 潍坊 zjtx did not know.
    result = run("check", write('[company]\nname = "x"\ncity = "潍坊\\u200b"\n'))
    assert result.exit_code == 1 and 'unknown city "潍坊\\u200b"' in result.stderr
    result = run("policies", "--city", "\ufeff潍\u2060坊")
    assert result.exit_code == 2 and "\\ufeff潍\\u2060坊" in result.stderr and "\u2060" not in result.stderr


def test_a_city_option_is_visible_on_stderr():
    result = run("policies", "--city", "\x1b[31m苏州")
    assert result.exit_code == 2 and _raw_unsafe(result.stderr) == set()


@pytest.mark.parametrize(
    "args", [["policies", "--city"], ["plan", XINING, "--city"], ["init", "--example"]], ids=lambda a: a[0]
)
def test_a_city_option_with_osc_bel_and_rlo_is_escaped(args, tmp_path):
    # R3-12: click strips only colour codes: an OSC window title, BEL and U+202E reached the terminal raw.
    result = run(*args, "潍\x1b]0;pwned\x07坊\u202e", *([str(tmp_path / "x.toml")] if args[0] == "init" else []))
    assert result.exit_code == 2 and _raw_unsafe(result.stderr) == set()
    assert "潍\\x1b]0;pwned\\x07坊\\u202e" in result.stderr


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(blacklist_categories=SURROGATES, blacklist_characters="\x00/"), min_size=1, max_size=12))
def test_no_file_name_reaches_stderr_raw(tmp_path, text):
    # Property: whatever a (missing) file is called, its error is one line with nothing unsafe in it.
    result = run("check", str(tmp_path / f"{text}.toml"))
    assert result.exit_code == 1
    assert _raw_unsafe(result.stderr) == set() and result.stderr.count("\n") == 1


def test_json_lines_stay_one_record_per_line(write):
    # U+2028 / U+2029 are legal raw in JSON but split JSON Lines and JavaScript; they are escaped.
    path = write('[company]\nname = "甲\\u2028乙\\u2029丙"\ncity = "西宁"\n')
    result = run("check", path, XINING, "-f", "jsonl")
    lines = result.stdout.split("\n")
    assert "\u2028" not in result.stdout and "\u2029" not in result.stdout
    assert len([line for line in lines if line]) == 2
    assert json.loads(lines[0])["company"]["name"] == "甲\u2028乙\u2029丙"


# ------------------------------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "args",
    [
        ["check", XINING, "--json"],
        ["check", XINING, "-f", "jsonl"],
        ["policies", "--json"],
        ["cities", "--json"],
        ["compare", XINING, "--json"],
    ],
)
def test_ascii_stdout_gets_ascii_json(tmp_path, args):
    # PYTHONIOENCODING=ascii was an internal error (UnicodeEncodeError); JSON is now written as with
    # ensure_ascii: pure ASCII, and the same data.
    proc = spawn(*args, env={"PYTHONIOENCODING": "ascii", "ZJTX_CACHE_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.isascii()
    utf8 = spawn(*args, env={"PYTHONIOENCODING": "utf-8", "ZJTX_CACHE_DIR": str(tmp_path)})
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if args[-1] == "jsonl":
        assert [json.loads(x) for x in lines] == [json.loads(x) for x in utf8.stdout.splitlines()]
    else:
        assert json.loads(proc.stdout) == json.loads(utf8.stdout)
    assert b"written as \\uXXXX escapes" in proc.stderr


@pytest.mark.parametrize("encoding", ["ascii", "gbk"])
@pytest.mark.parametrize(
    "args",
    [
        ["check", XINING],
        ["check", XINING, "--explain"],
        ["policies"],
        ["cities"],
        ["compare", XINING],
        ["check", XINING, "-f", "csv"],
    ],
)
def test_tables_on_a_narrow_encoding_never_fail(tmp_path, encoding, args):
    # PYTHONIOENCODING=gbk (a Chinese Windows redirect) failed on "•"; ascii failed on every character.
    proc = spawn(*args, env={"PYTHONIOENCODING": encoding, "ZJTX_CACHE_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    proc.stdout.decode(encoding)  # it is text in that encoding
    if encoding == "gbk":
        assert "西宁".encode("gbk") in proc.stdout  # what GBK can show is shown


# ------------------------------------------------------------------------------------ closed streams


@pytest.mark.parametrize(
    "args",
    [["check", XINING], ["check", XINING, "--json"], ["policies"], ["--version"], ["init", "--example", "西宁", "-"]],
)
def test_closed_stdout_is_a_quiet_exit_1(tmp_path, args):
    # `zjtx check c.toml >&-` was an internal error.
    proc = spawn(*args, preexec_fn=lambda: os.close(1), stdout=None, env={"ZJTX_CACHE_DIR": str(tmp_path)})
    assert proc.returncode == 1
    assert proc.stderr == b"zjtx: error: cannot write standard output: it is closed\n"


def test_closed_stdout_does_not_capture_an_output_file(tmp_path):
    # With descriptor 1 closed, the -o file must not be opened as descriptor 1 (and receive stray output).
    out = tmp_path / "r.json"
    proc = spawn(
        "check",
        XINING,
        "--json",
        "-o",
        str(out),
        preexec_fn=lambda: os.close(1),
        stdout=None,
        env={"ZJTX_CACHE_DIR": str(tmp_path)},
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["city"]["code"] == "630100"


def test_closed_stderr_still_gives_the_exit_code(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[company]\n", encoding="utf-8")
    proc = spawn("check", str(bad), preexec_fn=lambda: os.close(2), stderr=None, env={"ZJTX_CACHE_DIR": str(tmp_path)})
    assert proc.returncode == 1 and proc.stdout == b""


# ------------------------------------------------------------------------------------------- | head


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    d = tmp_path_factory.mktemp("many")
    for i in range(40):
        shutil.copy(EXAMPLES / "weifang.toml", d / f"c{i:02}.toml")
    return d


@pytest.mark.parametrize(
    "args",
    [
        ["policies"],
        ["policies", "--json"],
        ["policies", "-f", "jsonl"],
        ["cities"],
        ["cities", "--json"],
        ["policies", "show", "weifang.first_set_insurance"],
        ["data", "check"],
        ["check", XINING],
        ["check", XINING, "--explain"],
        ["check", "{many}", "-f", "jsonl"],
        ["check", "{many}", "--json"],
        ["check", "{many}", "-f", "csv"],
        ["check", "{many}"],
        ["compare", XINING],
        ["compare", XINING, "--json"],
        ["init", "--example", "潍坊", "-"],
        ["--help"],
        ["check", "--help"],
        ["titles"],
        ["schema"],
        ["plan", XINING],
    ],
)
def test_head_exits_0_on_every_command(tmp_path, many, args):
    # `zjtx policies | head -1` exited 1 (rich's broken-pipe handler).
    args = [a.format(many=many) for a in args]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZJTX_CACHE_DIR": str(tmp_path), "COLUMNS": "100"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zjtx", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    assert proc.stdout is not None and proc.stderr is not None  # both piped
    proc.stdout.readline()
    proc.stdout.close()  # `| head -1`: the reader goes away after one line
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 0, err
    assert b"Traceback" not in err and b"Broken pipe" not in err and b"error" not in err


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """300 companies: their workbook (about 190 KB) is far bigger than a pipe's buffer (64 KB)."""
    d = tmp_path_factory.mktemp("big")
    subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "generate.py"), "300", str(d)], check=True, capture_output=True
    )
    return d


@pytest.mark.parametrize(
    "args", [["-f", "xlsx"], ["-f", "xlsx", "-o", "-"], ["-f", "xlsx", "-o", "/dev/stdout"], ["-f", "xlsx", "-j", "2"]]
)
def test_head_on_a_big_workbook_exits_0_quietly(tmp_path, big, args):
    # `zjtx check BIG -f xlsx | head -c 10` exited 1, "cannot write standard output: Broken pipe": the
    # failed write was recorded under the binary stream and reported before the quiet `| head` handling.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZJTX_CACHE_DIR": str(tmp_path)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zjtx", "check", str(big), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stdout is not None and proc.stderr is not None  # both piped
    assert proc.stdout.read(10).startswith(b"PK\x03\x04")  # a zip (the workbook) had begun
    proc.stdout.close()  # `| head -c 10`: the reader goes away
    err = proc.stderr.read()
    assert proc.wait(timeout=120) == 0, err
    assert err == b""


def test_control_characters_in_company_text_never_reach_a_table_raw(write):
    # Company names and titles with ESC, BEL, C1 or bidi characters reached the terminal raw in tables.
    path = write(
        '[company]\nname = "A\\u001b[31mB\\u0007C\\u009bD\\u202eE"\ncity = "西宁"\n\n[[projects]]\n'
        'type = "tech_transfer"\nname = "X\\u001b]0;pwn\\u0007Y"\ndate = 2024-09-01\n'
        'rd_investment = "1500万"\ntax_paid_3y = "260万"\n'
    )
    for args in ([path], [path, "--explain"], [path, path]):
        result = run("check", *args, env={"COLUMNS": "120"})
        assert result.exit_code == 0, result.stderr
        assert _raw_unsafe(result.stdout) == set()
        assert "\\x1b" in result.stdout and "\\u202e" in result.stdout


HOSTILE_NAME = "\x1b]0;pwned\x07甲\u202e乙\u2028丙"


def _first_name(text: str) -> str:
    """The company of a CSV's first row (lines end at CR LF only: U+2028 is inside a cell)."""
    import csv
    import io

    return list(csv.reader(io.StringIO(text, newline="")))[1][0]


@pytest.mark.parametrize("tty", [True, False], ids=["terminal", "pipe"])
def test_csv_escapes_control_characters_on_a_terminal_only(write, tty):
    # R3-13: CSV on a terminal passed ESC, BEL, RLO and LS raw; to a file or a pipe it keeps every byte.
    from zjtx.io.env import Environment

    path = write('[company]\nname = "\\u001b]0;pwned\\u0007甲\\u202e乙\\u2028丙"\ncity = "西宁"\n')
    result = run("check", path, "-f", "csv", obj=Environment(stdout_isatty=tty))
    assert result.exit_code == 0, result.stderr
    name = _first_name(result.stdout)
    if tty:
        assert _raw_unsafe(result.stdout) == set() and "\u2028" not in result.stdout
        assert name == "\\x1b]0;pwned\\x07甲\\u202e乙\\u2028丙"
    else:
        assert name == HOSTILE_NAME


def test_csv_to_a_file_keeps_its_bytes_even_from_a_terminal(write, tmp_path):
    # R3-13: -o names a file: the CSV is the data, not what a terminal shows.
    from zjtx.io.env import Environment

    path = write('[company]\nname = "\\u001b]0;pwned\\u0007甲\\u202e乙\\u2028丙"\ncity = "西宁"\n')
    out = tmp_path / "r.csv"
    assert run("check", path, "-o", str(out), obj=Environment(stdout_isatty=True)).exit_code == 0
    assert _first_name(out.read_text(encoding="utf-8-sig")) == HOSTILE_NAME


def _read_all(fd: int) -> bytes:
    data = b""
    while True:
        try:
            chunk = os.read(fd, 1 << 16)
        except OSError:  # EIO: the other side of the terminal is closed and drained
            return data
        if not chunk:
            return data
        data += chunk


@pytest.mark.parametrize(
    "stdout_is, target",
    [("terminal", "/dev/stdout"), ("terminal", "the terminal's name"), ("pipe", "the terminal's name")],
)
def test_csv_to_a_named_terminal_is_escaped(write, stdout_is, target):
    # F3 (review of issue 25): `-o /dev/tty` and `-o /dev/stdout` on a terminal wrote the CSV raw: any -o was
    # taken for a file. What decides is whether the destination opened is a terminal.
    import pty

    path = write('[company]\nname = "\\u001b]0;pwned\\u0007甲\\u202e乙\\u2028丙"\ncity = "西宁"\n')
    main, terminal = pty.openpty()
    where = os.ttyname(terminal) if target != "/dev/stdout" else target
    proc = subprocess.Popen(
        [sys.executable, "-m", "zjtx", "check", path, "-f", "csv", "-o", where],
        stdout=terminal if stdout_is == "terminal" else subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    _out, err = proc.communicate(timeout=60)
    os.close(terminal)
    shown = _read_all(main).decode("utf-8")
    os.close(main)
    assert proc.returncode == 0, err
    assert "\\x1b]0;pwned\\x07甲\\u202e乙\\u2028丙" in shown, shown
    assert _raw_unsafe(shown.replace("\r", "")) == set()  # CR: the CSV line ends (CR LF; the terminal adds a CR)
