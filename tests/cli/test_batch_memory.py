"""A batch's memory stays flat in the number of files (issue 25, R3-18; issue 23): the folders are walked
lazily and only files another name could reach again are remembered. Measured here in Python's own
allocations (tracemalloc), which do not depend on the machine's speed or load; the peak RSS over 100,000
files is measured in benchmarks/run.py."""

import importlib.util
import os
import tracemalloc
from pathlib import Path

import pytest

from conftest import ROOT, run

_spec = importlib.util.spec_from_file_location("generate", ROOT / "benchmarks" / "generate.py")
assert _spec is not None and _spec.loader is not None
_generator = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_generator)
generate = _generator.generate  # the benchmarks' companies: every city, a mix of titles and projects


def _peak(top: Path, folders: int) -> int:
    for i in range(folders):
        generate(100, top / f"f{i:03d}", seed=i)
    args = ("check", str(top), "-r", "-f", "jsonl", "-o", os.devnull)
    assert run(*args).exit_code == 0  # the first run fills every cache; the second is measured
    tracemalloc.start()
    try:
        result = run(*args)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.exit_code == 0, result.stderr
    return peak


@pytest.mark.slow
def test_the_peak_of_a_batch_does_not_grow_with_its_files(tmp_path):
    small = _peak(tmp_path / "small", 5)  # 500 files
    large = _peak(tmp_path / "large", 20)  # 2,000 files
    per_file = (large - small) / 1500
    assert per_file < 150, f"{per_file:.0f} bytes a file"  # before: about 480 (every path and identity held)
