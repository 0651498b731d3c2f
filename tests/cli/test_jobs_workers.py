"""``-j N`` when things go wrong (issue 25): a worker killed as the out-of-memory killer would (R3-1) is
noticed — a message naming what was not computed, a non-zero exit, the old ``-o`` file kept, no worker left
behind — and ``-j`` larger than the cores starts no more workers than there are cores (R3-5). The timeouts
below only keep a regression from hanging the suite; nothing here asserts a speed."""

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT, run

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="-j forks its workers")


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.fixture
def big_batch(tmp_path):
    folder = tmp_path / "big"
    folder.mkdir()
    examples = sorted(EXAMPLES.glob("*.toml"))
    for i in range(3000):
        shutil.copy(examples[i % len(examples)], folder / f"c{i:05d}.toml")
    return folder


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers in /proc")
def test_a_killed_worker_stops_the_run_with_a_message_and_keeps_the_old_output(big_batch, tmp_path):
    out = tmp_path / "report.jsonl"
    out.write_text("the old report\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zjtx", "check", str(big_batch), "-f", "jsonl", "-j", "2", "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    try:
        workers: list[int] = []
        while len(workers) < 2 and proc.poll() is None:  # the pool forks its two workers
            workers = _children(proc.pid)
        assert len(workers) == 2, "the run ended before its workers could be seen"
        os.kill(workers[0], signal.SIGKILL)
        _, err = proc.communicate(timeout=120)  # before the fix: waits forever
    finally:
        if proc.poll() is None:  # a hang: stop the run and whatever it forked
            for child in _children(proc.pid):
                os.kill(child, signal.SIGKILL)
            proc.kill()
            proc.wait()
    message = err.decode()
    assert proc.returncode == 3, message
    # how it ended, when the pool could tell before it dropped the process (a kill within microseconds of
    # the fork may not be): "was killed by signal 9 (SIGKILL)", else "ended abruptly"
    assert re.search(
        r"^zjtx: error: a worker process \(-j\) (was killed by signal 9 \(SIGKILL\)|ended abruptly), ", message
    )
    assert ".toml and the files after it were not computed" in message
    assert "report.jsonl not written, an existing file is left as it was" in message
    assert "Traceback" not in message
    assert out.read_text(encoding="utf-8") == "the old report\n"
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".zjtx-tmp")]
    for _ in range(100):  # the other worker is stopped with the run, never left behind
        if not _alive(workers[1]):
            break
        time.sleep(0.05)
    assert not _alive(workers[1])


def test_more_jobs_than_cores_is_capped_at_the_cores_and_says_so(tmp_path, monkeypatch):
    from zjtx.cli import jobs

    folder = tmp_path / "clients"
    folder.mkdir()
    for i, example in enumerate(sorted(EXAMPLES.glob("*.toml")) * 3):
        shutil.copy(example, folder / f"c{i:02d}.toml")
    started: list[int] = []
    import concurrent.futures

    original = concurrent.futures.ProcessPoolExecutor

    class Counting(original):  # type: ignore[misc, valid-type]  # a subclass of the class read at run time, to count workers
        def __init__(self, workers, *args, **kwargs):
            started.append(workers)
            super().__init__(workers, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Counting)
    one = run("check", str(folder), "-f", "jsonl", "--as-of", "2025-06-30", "-j", "1")
    many = run("check", str(folder), "-f", "jsonl", "--as-of", "2025-06-30", "-j", "10000")
    assert many.exit_code == one.exit_code == 0
    assert many.stdout_bytes == one.stdout_bytes
    cores = jobs.cores()
    assert f"zjtx: note: -j 10000 capped at {cores}, the cores this process may use\n" in many.stderr
    assert started == ([cores] if cores > 1 else [])  # never one worker per file


def test_a_pool_broken_before_a_chunk_is_handed_out_is_a_lost_worker_too(monkeypatch):
    # A worker killed between two hand-outs: the pool then refuses the next chunk (BrokenProcessPool from
    # submit, not from a result). Seen once the fast path made start-up quick enough to race the kill above.
    import concurrent.futures
    from concurrent.futures.process import BrokenProcessPool

    from zjtx.cli import jobs

    class Breaks(concurrent.futures.ProcessPoolExecutor):
        handed = 0

        def submit(self, *args, **kwargs):
            Breaks.handed += 1
            if Breaks.handed > 2:
                raise BrokenProcessPool("A child process terminated abruptly")
            return super().submit(*args, **kwargs)

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Breaks)
    got = []
    with pytest.raises(jobs.WorkerLost) as lost:
        for value in jobs.ordered(abs, range(-400, 0), 2, total=400):
            got.append(value)
    size = jobs.chunk_size(400, 2)
    assert got == list(range(400, 400 - 2 * size, -1))  # the two chunks handed out, in order
    assert lost.value.first == -400 + 2 * size  # the first item of the chunk refused
