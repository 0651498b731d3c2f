"""The lazy walk of a batch (issue 23, issue 25 R3-18): the files come in the order of their sorted paths,
as when every path was collected and sorted, and a file reached by two names is computed once whatever
the names — a link, a hard link, a folder given twice or inside another, the file also named alone —
though only the files that can be reached again are remembered."""

import os
import shutil
from pathlib import Path

import pytest

from zjtx.company.batch import Batch

from conftest import EXAMPLES, run

WEIFANG = (EXAMPLES / "weifang.toml").read_text(encoding="utf-8")


def _tree(top: Path, names: list[str]) -> None:
    for name in names:
        path = top / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(WEIFANG, encoding="utf-8")


def test_the_walk_yields_the_sorted_paths(tmp_path):
    names = ["b.toml", "b/x.toml", "b/a/z.toml", "b-c.toml", "a.toml", "ab/y.toml", "B.toml", "b/.hidden.toml", "c.txt"]
    _tree(tmp_path, names)
    top = str(tmp_path)
    expected = sorted(
        (os.path.join(top, n) for n in names if n.endswith(".toml") and ".hidden" not in n),
        key=lambda p: p.split(os.sep),
    )
    batch = Batch([top], recursive=True)
    assert [s.path for s in batch] == expected and batch.count == len(expected)
    flat = Batch([top])
    assert [s.path for s in flat] == [p for p in expected if os.path.dirname(p) == top]
    assert sorted(flat.skipped) == sorted(os.path.join(top, d) for d in ("b", "ab"))


def _lines(*args):
    results = {jobs: run("check", *args, "-f", "jsonl", "--as-of", "2025-06-30", "-j", jobs) for jobs in ("1", "2")}
    one = results["1"]
    assert (results["2"].stdout_bytes, results["2"].stderr, results["2"].exit_code) == (
        one.stdout_bytes,
        one.stderr,
        one.exit_code,
    )
    assert one.exit_code == 0, one.stderr
    return [line.split('"file":"', 1)[1].split('"', 1)[0] for line in one.stdout.splitlines()], one.stderr


@pytest.fixture
def folder(tmp_path):
    top = tmp_path / "a"
    _tree(top, ["m.toml", "x.toml", "sub/s.toml"])
    return top


def test_a_file_named_alone_before_or_after_its_folder_is_computed_once(folder):
    files, err = _lines(str(folder / "x.toml"), str(folder))
    assert files == [str(folder / "x.toml"), str(folder / "m.toml")]
    assert err.count("is the same file as") == 1
    files, err = _lines(str(folder), str(folder / "x.toml"))
    assert files == [str(folder / "m.toml"), str(folder / "x.toml")]
    assert f"x.toml is the same file as {folder / 'x.toml'}; computed once" in err


@pytest.mark.parametrize("link", ["a_link.toml", "z_link.toml"])  # before and after the file it points at
def test_a_link_in_the_folder_to_one_of_its_files_is_computed_once(folder, link):
    (folder / link).symlink_to(folder / "x.toml")
    files, err = _lines(str(folder))
    assert len(files) == 2 and err.count("is the same file as") == 1


def test_a_link_in_a_later_folder_to_a_file_of_an_earlier_one(folder, tmp_path):
    other = tmp_path / "b"
    other.mkdir()
    (other / "l.toml").symlink_to(folder / "m.toml")
    files, err = _lines(str(folder), str(other))
    assert files == [str(folder / "m.toml"), str(folder / "x.toml")]
    assert f"l.toml is the same file as {folder / 'm.toml'}; computed once" in err


def test_a_folder_twice_or_inside_another_is_computed_once(folder):
    files, err = _lines(str(folder), str(folder))
    assert len(files) == 2 and err.count("is the same file as") == 2
    files, err = _lines(str(folder), "-r", str(folder / "sub"))
    assert files == [str(folder / "m.toml"), str(folder / "sub" / "s.toml"), str(folder / "x.toml")]
    assert err.count("is the same file as") == 1
    files, err = _lines(str(folder / "sub"), "-r", str(folder))
    assert files[0] == str(folder / "sub" / "s.toml") and len(files) == 3


def test_a_hard_link_between_two_folders_is_computed_once(folder, tmp_path):
    other = tmp_path / "b"
    other.mkdir()
    (other / "h.toml").hardlink_to(folder / "x.toml")
    shutil.copy(folder / "m.toml", other / "copy.toml")  # the same bytes, another file: computed
    files, err = _lines(str(folder), str(other))
    assert len(files) == 3 and err.count("is the same file as") == 1
