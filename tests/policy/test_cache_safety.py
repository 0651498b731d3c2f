"""The catalog cache (issue 13, item 6): used only in a directory of the user's that nobody else can write,
its file opened without following links and without waiting on a FIFO. Each test plants what a hostile
neighbour would, in a real process (the cache is read once per process)."""

import os
import pickle
import shutil

import pytest

from conftest import EXAMPLES, spawn

XINING = str(EXAMPLES / "xining.toml")


class _Evil:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):  # unpickling this runs a command: the cache must never load a planted file
        return (os.system, (f"touch {self.marker}",))


def _cache_name(folder) -> str:
    """The file name zjtx caches the catalog under (made by one real run in a fresh folder)."""
    probe = folder.parent / "probe-cache"
    probe.mkdir(mode=0o700)
    assert spawn("check", XINING, "--json", env={"ZJTX_CACHE_DIR": str(probe)}).returncode == 0
    [name] = [p.name for p in probe.iterdir() if p.name.endswith(".pickle")]
    shutil.rmtree(probe)
    return name


@pytest.fixture
def cache(tmp_path):
    d = tmp_path / "cache"
    d.mkdir(mode=0o700)
    os.chmod(d, 0o700)
    return d


def _plant(path, marker) -> None:
    path.write_bytes(pickle.dumps(_Evil(marker)))
    os.chmod(path, 0o600)


def test_a_fifo_at_the_cache_name_never_hangs(cache):
    # A FIFO planted at the predictable cache name hung every command.
    os.mkfifo(cache / _cache_name(cache))
    proc = spawn("check", XINING, "--json", env={"ZJTX_CACHE_DIR": str(cache)}, timeout=30)
    assert proc.returncode == 0, proc.stderr


def test_a_symlink_at_the_cache_name_is_not_followed(cache, tmp_path):
    # A symlink there made zjtx unpickle any file the user owns.
    marker = tmp_path / "pwned"
    _plant(tmp_path / "mine.pickle", marker)
    (cache / _cache_name(cache)).symlink_to(tmp_path / "mine.pickle")
    proc = spawn("check", XINING, "--json", env={"ZJTX_CACHE_DIR": str(cache)})
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()


@pytest.mark.parametrize(
    "owner, mode, why",
    [
        (65534, 0o755, "it belongs to another user (uid 65534, you are 0)"),
        (0, 0o777, "others can write in it (mode 0777)"),
        (0, 0o770, "others can write in it (mode 0770)"),
    ],
)
def test_an_unsafe_cache_directory_is_not_used(cache, tmp_path, owner, mode, why):
    # The cache directory's owner and mode were never checked.
    if os.geteuid() != 0:
        pytest.skip("needs root to give the directory to another user")
    marker = tmp_path / "pwned"
    _plant(cache / _cache_name(cache), marker)  # a file of the user's, in a directory the user does not control
    os.chown(cache, owner, owner)
    os.chmod(cache, mode)
    proc = spawn("check", XINING, "--json", env={"ZJTX_CACHE_DIR": str(cache), "ZJTX_DEBUG": "1"})
    assert proc.returncode == 0, proc.stderr
    assert not marker.exists()
    note = f"zjtx: note: not using the cache directory {cache}: {why}; set ZJTX_CACHE_DIR to a directory of your own (or ZJTX_CACHE=0)\n"
    assert proc.stderr.decode().count(note) == 1, proc.stderr  # said once, though read and write both looked
    quiet = spawn("check", XINING, "--json", env={"ZJTX_CACHE_DIR": str(cache), "ZJTX_DEBUG": ""})
    assert quiet.returncode == 0 and quiet.stderr == b""


def test_a_safe_cache_directory_is_used(cache):
    assert spawn("check", XINING, "--json", env={"ZJTX_CACHE_DIR": str(cache)}).returncode == 0
    [cached] = list(cache.iterdir())
    assert cached.name.endswith(".pickle") and (os.stat(cached).st_mode & 0o777) == 0o600
