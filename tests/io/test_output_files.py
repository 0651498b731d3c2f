"""Writing files (issue 13, item 1; issue 15, item 6): `check -o` and `init` lose nothing and write
nowhere they must not. Each test is one finding of the red-team pass."""

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
import tomllib

import pytest

from conftest import EXAMPLES, ROOT, run, spawn, spawn_as_nobody

XINING = str(EXAMPLES / "xining.toml")


@pytest.fixture
def pair(tmp_path):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    shutil.copy(EXAMPLES / "weifang.toml", a)
    shutil.copy(EXAMPLES / "xining.toml", b)
    return a, b


def _no_temp_left(folder) -> None:
    assert [p.name for p in folder.iterdir() if "zjtx-tmp" in p.name] == []


# ------------------------------------------------------------------------------------ data loss


def test_output_onto_an_input_is_refused(pair):
    # `check a.toml b.toml -f csv -o a.toml` used to replace the company file a.toml with the CSV.
    a, b = pair
    before = a.read_bytes()
    result = run("check", str(a), str(b), "-f", "csv", "-o", str(a))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"zjtx: error: cannot write {a}: it is one of the input files")
    assert a.read_bytes() == before
    _no_temp_left(a.parent)


def test_output_onto_an_input_through_a_hard_link_or_a_folder_is_refused(pair, tmp_path):
    a, b = pair
    os.link(a, tmp_path / "alias.csv")  # the same inode under another name
    before = a.read_bytes()
    assert run("check", str(a), "-f", "csv", "-o", str(tmp_path / "alias.csv")).exit_code == 1
    result = run("check", str(tmp_path), "--json", "-o", str(b))  # b.toml is inside the batch folder
    assert result.exit_code == 1 and "it is one of the input files" in result.stderr
    assert a.read_bytes() == before and b.read_bytes() == (EXAMPLES / "xining.toml").read_bytes()


def test_all_invalid_batch_keeps_the_previous_report(tmp_path):
    # When every input of a batch was invalid, -o r.csv replaced the last good report with a header.
    (tmp_path / "bad1.toml").write_text("[company]\nname = 1\n", encoding="utf-8")
    (tmp_path / "bad2.toml").write_text("not toml at all", encoding="utf-8")
    report = tmp_path / "out" / "r.csv"
    report.parent.mkdir()
    report.write_text("the report of last week\n", encoding="utf-8")
    result = run("check", str(tmp_path / "bad1.toml"), str(tmp_path / "bad2.toml"), "-f", "csv", "-o", str(report))
    assert result.exit_code == 1
    assert report.read_text(encoding="utf-8") == "the report of last week\n"
    assert "not written: no company was computed" in result.stderr
    _no_temp_left(report.parent)


def test_a_fifo_target_is_refused_not_replaced(tmp_path):
    # `init --force` onto a FIFO replaced it with a regular file; a FIFO is never written either.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args in (["init", "--example", "西宁", str(fifo), "--force"], ["check", XINING, "--json", "-o", str(fifo)]):
        result = run(*args)
        assert result.exit_code == 1, result.stderr
        assert (
            result.stderr
            == f"zjtx: error: cannot write {fifo}: is a FIFO (named pipe); expected a regular file (or - for standard output)\n"
        )
        assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    _no_temp_left(tmp_path)


def test_a_block_device_target_is_refused(tmp_path):
    dev = tmp_path / "blk"
    try:
        os.mknod(dev, stat.S_IFBLK | 0o600, os.makedev(7, 0))
    except (PermissionError, OSError) as e:
        pytest.skip(f"cannot create a block device node here: {e}")
    result = run("init", "--example", "西宁", str(dev), "--force")
    assert result.exit_code == 1 and "is a block device" in result.stderr
    assert stat.S_ISBLK(os.stat(dev).st_mode)


def test_a_character_device_is_written_in_place():
    result = run("check", XINING, "--json", "-o", "/dev/null")
    assert result.exit_code == 0 and result.stdout == "" and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert run("init", "--example", "西宁", "/dev/null", "--force").exit_code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_output_to_dev_stdout_goes_to_standard_output(tmp_path):
    # /dev/stdout is a pipe here: written as stdout, never refused as a FIFO nor replaced.
    proc = spawn("check", XINING, "--json", "-o", "/dev/stdout", env={"ZJTX_CACHE_DIR": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["city"]["code"] == "630100"


def test_dash_is_standard_output():
    result = run("check", XINING, "--json", "-o", "-")
    assert result.exit_code == 0 and json.loads(result.stdout)["city"]["code"] == "630100"


def test_init_dash_writes_to_stdout(tmp_path, monkeypatch):
    # Issue 15 item 6: `init --example 潍坊 -` wrote a file named "-".
    monkeypatch.chdir(tmp_path)
    result = run("init", "--example", "潍坊", "-")
    assert result.exit_code == 0, result.stderr
    assert not (tmp_path / "-").exists()
    data = tomllib.loads(result.stdout)
    assert data == tomllib.loads((EXAMPLES / "weifang.toml").read_text(encoding="utf-8"))
    assert run("check", "-", "--json", input=result.stdout).exit_code == 0


def test_init_dash_questionnaire_asks_on_stderr(tmp_path):
    answers = "\n".join(["西宁问答公司", "西宁", "", "n", "n"]) + "\n"
    result = run("init", "-", input=answers)
    assert result.exit_code == 0, result.stderr
    assert "公司名称" in result.stderr and "公司名称" not in result.stdout
    assert tomllib.loads(result.stdout)["company"] == {"name": "西宁问答公司", "city": "西宁市"}


# ------------------------------------------------------------------------------------- security


def test_init_temporary_name_cannot_be_planted(tmp_path):
    # init wrote through the fixed name .NAME.zjtx-tmp: another user's symlink there made it overwrite
    # the symlink's target. The temporary name is now random and created with O_EXCL, never followed.
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    planted = tmp_path / ".c.toml.zjtx-tmp"
    planted.symlink_to(victim)
    result = run("init", "--example", "西宁", str(tmp_path / "c.toml"))
    assert result.exit_code == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "precious" and planted.is_symlink()
    assert "西宁示例" in (tmp_path / "c.toml").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------ internal errors


@pytest.mark.parametrize(
    "target, reason",
    [
        ("", "the file name is empty"),
        ("{tmp}/missing/r.json", "no such directory: {tmp}/missing"),
        ("{tmp}", "is a directory; expected a regular file (or - for standard output)"),
    ],
)
def test_unwritable_targets_are_one_line_exit_1(tmp_path, target, reason):
    target, reason = target.format(tmp=tmp_path), reason.format(tmp=tmp_path)
    result = run("check", XINING, "--json", "-o", target)
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == f"zjtx: error: cannot write {target}: {reason}\n"


def test_read_only_folder_as_another_user(public_tmp):
    # Root writes anywhere: the ordinary user's "permission denied" only shows as another user.
    folder = public_tmp / "ro"
    folder.mkdir()
    os.chmod(folder, 0o555)
    proc = spawn_as_nobody("check", XINING, "--json", "-o", str(folder / "r.json"), cwd="/")
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.decode() == f"zjtx: error: cannot write {folder}/r.json: permission denied\n"
    proc = spawn_as_nobody("init", "--example", "西宁", str(folder / "c.toml"), cwd="/")
    assert proc.returncode == 1 and b"Traceback" not in proc.stderr
    assert proc.stderr.decode() == f"zjtx: error: cannot write {folder}/c.toml: permission denied\n"
    # and a file the user may not write, in a folder the user may write: not replaced behind its back
    os.chmod(folder, 0o777)
    theirs = folder / "theirs.json"
    theirs.write_text("root's", encoding="utf-8")
    os.chmod(theirs, 0o644)
    proc = spawn_as_nobody("check", XINING, "--json", "-o", str(theirs), cwd="/")
    assert proc.returncode == 1 and proc.stderr.decode() == f"zjtx: error: cannot write {theirs}: permission denied\n"
    assert theirs.read_text(encoding="utf-8") == "root's" and os.stat(theirs).st_uid == 0
    assert [p.name for p in folder.iterdir()] == ["theirs.json"]


# --------------------------------------------------------------------------- modes and links


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_new_files_follow_the_umask(tmp_path, umask, mode):
    # -o files were always 0600 whatever the umask.
    for args in (
        ["check", XINING, "--json", "-o", str(tmp_path / "r.json")],
        ["init", "--example", "西宁", str(tmp_path / "c.toml")],
    ):
        proc = spawn(*args, env={"ZJTX_CACHE_DIR": str(tmp_path / "cache")}, preexec_fn=lambda: os.umask(umask))
        assert proc.returncode == 0, proc.stderr
    assert stat.S_IMODE(os.stat(tmp_path / "r.json").st_mode) == mode
    assert stat.S_IMODE(os.stat(tmp_path / "c.toml").st_mode) == mode


def test_existing_file_keeps_its_mode_owner_and_group(tmp_path):
    report = tmp_path / "r.json"
    report.write_text("old", encoding="utf-8")
    os.chmod(report, 0o640)
    if os.geteuid() == 0:
        os.chown(report, 65534, 65534)  # nobody:nogroup, as a colleague's file would be
    before = os.stat(report)
    assert run("check", XINING, "--json", "-o", str(report)).exit_code == 0
    after = os.stat(report)
    assert stat.S_IMODE(after.st_mode) == 0o640 and (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert json.loads(report.read_text(encoding="utf-8"))["city"]["code"] == "630100"


def test_hard_links_are_not_broken(tmp_path):
    report, link = tmp_path / "r.json", tmp_path / "shared" / "r.json"
    link.parent.mkdir()
    report.write_text("old", encoding="utf-8")
    os.link(report, link)
    assert run("check", XINING, "--json", "-o", str(report)).exit_code == 0
    assert os.stat(report).st_ino == os.stat(link).st_ino and os.stat(report).st_nlink == 2
    assert json.loads(link.read_text(encoding="utf-8"))["city"]["code"] == "630100"
    _no_temp_left(tmp_path)


def test_a_symlink_is_written_through(tmp_path):
    real = tmp_path / "reports" / "r.json"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    assert run("check", XINING, "--json", "-o", str(link)).exit_code == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert json.loads(real.read_text(encoding="utf-8"))["city"]["code"] == "630100"
    _no_temp_left(real.parent)


# ---------------------------------------------------------------------------------------- signals


@pytest.mark.parametrize(
    "sig, code", [(signal.SIGTERM, 128 + signal.SIGTERM), (signal.SIGHUP, 128 + signal.SIGHUP), (signal.SIGINT, 130)]
)
def test_signal_during_output_removes_the_temporary_file(tmp_path, sig, code):
    # SIGTERM during -o left the temporary file behind. Here the batch waits on standard input (the
    # second input, "-") while the temporary file exists; the old report must survive untouched.
    report = tmp_path / "r.jsonl"
    report.write_text("old\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZJTX_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zjtx", "check", XINING, "-", "-f", "jsonl", "-o", str(report)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert proc.stderr is not None  # piped
    deadline = time.monotonic() + 30
    while not any("zjtx-tmp" in p.name for p in tmp_path.iterdir()):
        assert time.monotonic() < deadline and proc.poll() is None, (
            proc.stderr.read() if proc.poll() is not None else ""
        )
        time.sleep(0.05)
    time.sleep(0.3)  # let it reach the read of standard input
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == code, err
    assert b"Traceback" not in err
    assert report.read_text(encoding="utf-8") == "old\n"
    _no_temp_left(tmp_path)


def test_jobs_with_output_file_keep_the_temporary_file(tmp_path):
    # -j 2 -o: the pool stops its forked workers with SIGTERM; they inherited the writer's signal handler
    # and removed the parent's temporary file, so the final rename failed ("no such directory"). In
    # process (CliRunner), as a script calling zjtx would; the report must be whole and equal to -j 1's.
    out1, out2 = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    for _ in range(3):  # the race is timing-dependent: a few rounds
        r1 = run("check", str(EXAMPLES), "-f", "jsonl", "-o", str(out1), "-j", "1")
        r2 = run("check", str(EXAMPLES), "-f", "jsonl", "-o", str(out2), "-j", "2")
        assert r1.exit_code == 0 and r2.exit_code == 0, r2.stderr
        assert out2.read_bytes() == out1.read_bytes() and out1.stat().st_size > 0
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".zjtx-tmp")]


# ------------------------------------------------------------------- issue 25: the file behind stdin


@pytest.mark.parametrize(
    "args, alias",
    [
        (["check", "-", "-f", "csv"], "same"),
        (["check", "-", "--json"], "hard link"),
        (["plan", "-", "--json"], "symlink"),
        (["compare", "-", "--json"], "same"),
        (["data", "draft", "-", "--city", "潍坊", "--force"], "hard link"),
    ],
    ids=["check-csv", "check-json-hard-link", "plan-symlink", "compare", "draft-hard-link"],
)
def test_output_onto_the_file_behind_standard_input_is_refused(tmp_path, args, alias):
    # R3-2: `zjtx check - -f csv -o a.toml < a.toml` exited 0 and replaced the company file with the CSV;
    # named inputs were refused, the file behind descriptor 0 was not compared.
    a = tmp_path / "a.toml"
    source = "data/370700-weifang/five-optimizations.txt" if args[0] == "data" else "examples/weifang.toml"
    shutil.copy(ROOT / source, a)
    target = a
    if alias == "hard link":
        target = tmp_path / "alias.out"
        os.link(a, target)
    elif alias == "symlink":
        target = tmp_path / "latest.out"
        target.symlink_to(a)
    before = a.read_bytes()
    with open(a, "rb") as stdin:
        proc = spawn(*args, "-o", str(target), stdin=stdin, env={"ZJTX_CACHE_DIR": str(tmp_path / "cache")})
    assert proc.returncode == 1 and proc.stdout == b"", proc.stderr
    assert proc.stderr.decode() == (
        f"zjtx: error: cannot write {target}: it is one of the input files (standard input); choose another output file\n"
    )
    assert a.read_bytes() == before
    _no_temp_left(tmp_path)


def test_standard_input_from_a_device_or_pipe_does_not_block_output(tmp_path):
    # Only a regular file behind descriptor 0 is an input file: /dev/null in and -o /dev/null out is fine,
    # and so is a pipe with a new report file.
    with open(os.devnull, "rb") as null:
        proc = spawn("check", XINING, "-", "-f", "jsonl", "-o", os.devnull, stdin=null)
    assert b"one of the input files" not in proc.stderr
    proc = spawn("check", "-", "--json", "-o", str(tmp_path / "r.json"), input=(EXAMPLES / "xining.toml").read_bytes())
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["city"]["code"] == "630100"


@pytest.mark.parametrize("command", ["check", "compare", "plan"])
def test_output_onto_a_policy_document_is_refused(tmp_path, command):
    # The guide: "-o never writes onto one of its input files". A policy document read with --data (or a
    # bundled one) is an input too, but `check c.toml --data d --json -o d/doc.yaml` replaced it with the
    # report.
    d = tmp_path / "policies"
    d.mkdir()
    doc = d / "successor.yaml"
    shutil.copy(EXAMPLES / "policies" / "weifang-successor-template.yaml", doc)
    before = doc.read_bytes()
    result = run(command, str(EXAMPLES / "weifang.toml"), "--data", str(d), "--json", "-o", str(doc))
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (
        f"zjtx: error: cannot write {doc}: it is one of the input files ({doc}); choose another output file\n"
    )
    assert doc.read_bytes() == before
    bundled = ROOT / "data" / "370700-weifang" / "five-optimizations.yaml"
    kept = bundled.read_bytes()
    result = run(command, str(EXAMPLES / "weifang.toml"), "--json", "-o", str(bundled))
    assert result.exit_code == 1 and "it is one of the input files" in result.stderr
    assert bundled.read_bytes() == kept
    _no_temp_left(d)
