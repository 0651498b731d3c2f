"""Reading inputs (issue 13, item 2; issue 15, item 5): every way a file of a batch can be wrong is one
line for that file, the others are still computed, exit 1 at the end — never an internal error or a hang."""

import json
import os
import shutil

import pytest

from zjtx.company.file import read_bytes
from zjtx.errors import InputError

from conftest import EXAMPLES, run, spawn, spawn_as_nobody


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "clients"
    d.mkdir()
    shutil.copy(EXAMPLES / "weifang.toml", d / "a.toml")
    shutil.copy(EXAMPLES / "xining.toml", d / "b.toml")
    return d


def _files(stdout: str) -> list[str]:
    return [json.loads(line)["file"] for line in stdout.splitlines()]


def test_symlink_loop_in_a_folder_is_one_line(folder):
    # A symlink loop in a batch folder was an internal error (exit 3).
    (folder / "loop.toml").symlink_to(folder / "loop.toml")
    result = run("check", str(folder), "-f", "jsonl")
    assert result.exit_code == 1, result.stderr
    assert f"zjtx: error: {folder}/loop.toml: symbolic link loop (too many levels of symbolic links)\n" in result.stderr
    assert _files(result.stdout) == [f"{folder}/a.toml", f"{folder}/b.toml"]


def test_broken_symlink_is_one_line(folder):
    (folder / "gone.toml").symlink_to(folder / "nowhere.toml")
    result = run("check", str(folder), "-f", "jsonl")
    assert result.exit_code == 1 and "gone.toml: is a broken symbolic link" in result.stderr
    assert len(_files(result.stdout)) == 2


def test_unreadable_file_and_folder_as_another_user(public_tmp):
    # An unreadable file or subfolder was an internal error; root reads everything, so run as nobody.
    folder = public_tmp / "clients"
    folder.mkdir()
    shutil.copy(EXAMPLES / "weifang.toml", folder / "a.toml")
    shutil.copy(EXAMPLES / "xining.toml", folder / "b.toml")
    (folder / "sub").mkdir()
    shutil.copy(EXAMPLES / "rizhao.toml", folder / "sub" / "c.toml")
    os.chmod(folder / "a.toml", 0o000)
    os.chmod(folder / "sub", 0o000)
    proc = spawn_as_nobody("check", "-r", str(folder), "-f", "jsonl", cwd="/", env={"ZJTX_CACHE": "0"})
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert f"zjtx: error: {folder}/a.toml: permission denied\n" in err
    assert f"zjtx: error: {folder}/sub: cannot list this folder: permission denied\n" in err
    assert "internal error" not in err
    assert _files(proc.stdout.decode()) == [f"{folder}/b.toml"]


def test_fifo_in_a_folder_never_hangs(folder):
    # A FIFO named *.toml in a batch folder: opened without blocking, then refused as not a regular file.
    os.mkfifo(folder / "pipe.toml")
    proc = spawn("check", str(folder), "-f", "jsonl", timeout=30, env={"ZJTX_CACHE": "0"})
    assert proc.returncode == 1
    assert f"{folder}/pipe.toml: is a FIFO (named pipe), not a regular file".encode() in proc.stderr
    assert len(proc.stdout.splitlines()) == 2


def test_fifo_named_on_the_command_line_never_hangs(tmp_path):
    os.mkfifo(tmp_path / "c.toml")
    proc = spawn("check", str(tmp_path / "c.toml"), timeout=30, env={"ZJTX_CACHE": "0"})
    assert proc.returncode == 1 and b"is a FIFO (named pipe)" in proc.stderr and b"zjtx check -" in proc.stderr


def test_500_levels_of_nesting_is_a_per_file_error(folder):
    # tomllib recurses once per level: a 500-level nested array raised RecursionError and aborted the batch.
    (folder / "deep.toml").write_text(
        '[company]\nname = "x"\ncity = "潍坊"\nz = ' + "[" * 500 + "]" * 500 + "\n", encoding="utf-8"
    )
    (folder / "deeper.toml").write_text("a = " + "{b = " * 800 + "1" + "}" * 800 + "\n", encoding="utf-8")
    result = run("check", str(folder), "-f", "jsonl")
    assert result.exit_code == 1, result.stderr
    assert f"{folder}/deep.toml: nested too deeply" in result.stderr
    assert f"{folder}/deeper.toml: nested too deeply" in result.stderr
    assert len(_files(result.stdout)) == 2 and "internal error" not in result.stderr


def test_undecodable_file_name_is_escaped_in_json_and_on_stderr(folder):
    # A file name that is not UTF-8 put invalid UTF-8 into the JSON (or crashed the run).
    raw = os.path.join(os.fsencode(folder), b"\xff\xfe-co.toml")
    with open(raw, "wb") as f:
        f.write((EXAMPLES / "rizhao.toml").read_bytes())
    with open(os.path.join(os.fsencode(folder), b"bad-\xff.toml"), "wb") as f:
        f.write(b"[company]\n")
    proc = spawn("check", str(folder), "-f", "jsonl", env={"ZJTX_CACHE": "0"})
    assert proc.returncode == 1
    out = proc.stdout.decode("utf-8")  # strict: valid UTF-8
    assert f"{folder}/\\xff\\xfe-co.toml" in _files(out)
    assert f"zjtx: error: {folder}/bad-\\xff.toml: company.name: missing".encode() in proc.stderr
    proc.stderr.decode("utf-8")


def test_subfolders_are_mentioned_once_without_recursive(folder):
    # A folder's subfolders were skipped silently.
    for sub in ("2024", "2025"):
        (folder / sub).mkdir()
        shutil.copy(EXAMPLES / "rizhao.toml", folder / sub / f"r{sub}.toml")
    result = run("check", str(folder), "-f", "jsonl")
    assert result.exit_code == 0
    assert result.stderr == (
        f"zjtx: note: 2 subfolder(s): {folder}/2024, {folder}/2025 skipped; "
        "-r/--recursive reads the *.toml files in subfolders\n"
    )
    assert len(_files(result.stdout)) == 2


def test_recursive_reads_subfolders_in_order(folder):
    (folder / "2024").mkdir()
    (folder / "2024" / "deeper").mkdir()
    shutil.copy(EXAMPLES / "rizhao.toml", folder / "2024" / "r.toml")
    shutil.copy(EXAMPLES / "huanggang.toml", folder / "2024" / "deeper" / "h.toml")
    (folder / "2024" / "notes.txt").write_text("not a company", encoding="utf-8")
    (folder / "linked").symlink_to(folder / "2024")  # never entered: no loops, no double counting
    result = run("check", "-r", str(folder), "-f", "jsonl")
    assert result.exit_code == 0, result.stderr
    assert _files(result.stdout) == [
        f"{folder}/2024/deeper/h.toml",
        f"{folder}/2024/r.toml",
        f"{folder}/a.toml",
        f"{folder}/b.toml",
    ]
    assert "linked not followed (symbolic links to folders)" in result.stderr


def test_hidden_files_are_not_read(folder):
    (folder / ".#a.toml").symlink_to("nobody@host.1234")  # an editor's lock file
    result = run("check", str(folder), "-f", "jsonl")
    assert result.exit_code == 0 and result.stderr == ""


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_the_same_file_twice_is_computed_once(folder, tmp_path, jobs):
    # The same file given twice (also by a hard link, or inside a folder given too) was computed twice.
    os.link(folder / "a.toml", tmp_path / "alias.toml")
    result = run("check", str(folder / "a.toml"), str(folder), str(tmp_path / "alias.toml"), "-f", "jsonl", "-j", jobs)
    assert result.exit_code == 0, result.stderr
    assert _files(result.stdout) == [f"{folder}/a.toml", f"{folder}/b.toml"]
    assert result.stderr == (
        f"zjtx: note: {folder}/a.toml is the same file as {folder}/a.toml; computed once\n"
        f"zjtx: note: {tmp_path}/alias.toml is the same file as {folder}/a.toml; computed once\n"
    )


def test_a_listed_file_swapped_for_a_symlink_is_not_followed(tmp_path):
    # A file seen as a plain file when its folder was listed is opened with O_NOFOLLOW: a symbolic link
    # put there in the meantime (by another user of a shared folder) is not followed.
    secret = tmp_path / "secret.toml"
    secret.write_text("[company]\n", encoding="utf-8")
    (tmp_path / "c.toml").symlink_to(secret)
    with pytest.raises(InputError) as e:
        read_bytes(str(tmp_path / "c.toml"), nofollow=True)
    assert "became a symbolic link after the folder was listed; not followed" in str(e.value)
    assert read_bytes(str(tmp_path / "c.toml"))[1] == b"[company]\n"  # a link named by the user is followed


def test_closed_stdin_is_exit_1(tmp_path):
    # `zjtx check - <&-` was an internal error.
    proc = spawn("check", "-", preexec_fn=lambda: os.close(0), env={"ZJTX_CACHE_DIR": str(tmp_path)})
    assert proc.returncode == 1
    assert proc.stderr == b"zjtx: error: <stdin>: standard input is closed; nothing to read\n"
    proc = spawn(
        "init", str(tmp_path / "c.toml"), preexec_fn=lambda: os.close(0), env={"ZJTX_CACHE_DIR": str(tmp_path)}
    )
    assert proc.returncode == 1 and proc.stderr.endswith(b"zjtx: error: standard input is closed\n")
    assert not (tmp_path / "c.toml").exists()
