"""zjtx benchmarks: start-up, throughput and memory, side by side in one run, medians over repeats.

    python benchmarks/run.py            # the full run (about two minutes on a 2-core machine)
    python benchmarks/run.py --quick    # fewer repeats, 2,000 companies

It measures the `zjtx` installed next to this Python (or on PATH). Targets (issue 5):
  1. start-up: `zjtx check examples/<city>.toml --json` <= 4x `python -c "import tomllib, json"`; table <= 5x
  2. throughput: `zjtx check DIR -f jsonl` on 10,000 generated companies >= 5,000 companies/s on one core
  3. memory: peak RSS for 10,000 companies <= 20 MB above that for 100
Runs are interleaved (floor, json, table, floor, …) so drift on a noisy machine hits all three alike.
Speed is never asserted in a test: this script is where it is measured.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402


def zjtx_command() -> str:
    beside = Path(sys.executable).parent / "zjtx"
    found = str(beside) if beside.exists() else shutil.which("zjtx")
    if not found:
        sys.exit("zjtx is not installed: pip install . first")
    return found


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def timed(cmd: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def child_usage(cmd: list[str], env: dict) -> tuple[float, float, int]:
    """(wall s, CPU s, peak RSS KiB) of one command, measured in a fresh helper process so that
    RUSAGE_CHILDREN covers that command alone."""
    helper = (
        "import resource, subprocess, sys, time, os\n"
        "t = time.perf_counter()\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "w = time.perf_counter() - t\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(w, r.ru_utime + r.ru_stime, r.ru_maxrss)\n"
    )
    out = subprocess.run([sys.executable, "-c", helper, *cmd], capture_output=True, text=True, env=env,
                         preexec_fn=one_core, check=True)
    wall, cpu, rss = out.stdout.split()
    return float(wall), float(cpu), int(rss)


def verdict(ok: bool) -> str:
    return "OK" if ok else "SHORT"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repeats and 2,000 companies")
    ap.add_argument("--city", default="weifang", help="example file for start-up (default weifang)")
    args = ap.parse_args()
    reps = 9 if args.quick else 31
    n_big = 2_000 if args.quick else 10_000
    zjtx = zjtx_command()
    example = str(ROOT / "examples" / f"{args.city}.toml")
    work = Path(tempfile.mkdtemp(prefix="zjtx-bench-"))
    env = {**os.environ, "ZJTX_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
    env.pop("ZJTX_DATA", None)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{platform.system()} {platform.release()}; zjtx = {zjtx}")

    # 1. start-up (the first run fills the catalog cache, as any first run on a machine does)
    floor_cmd = [sys.executable, "-c", "import tomllib, json"]
    json_cmd = [zjtx, "check", example, "--json"]
    table_cmd = [zjtx, "check", example]
    for cmd in (json_cmd, table_cmd):
        timed(cmd, env)
    samples: dict[str, list[float]] = {"floor": [], "json": [], "table": []}
    for _ in range(reps):
        samples["floor"].append(timed(floor_cmd, env))
        samples["json"].append(timed(json_cmd, env))
        samples["table"].append(timed(table_cmd, env))
    med = {k: statistics.median(v) * 1000 for k, v in samples.items()}
    print(f"start-up floor  python -c 'import tomllib, json'   {med['floor']:6.1f} ms (median of {reps})")
    r_json = med["json"] / med["floor"]
    r_table = med["table"] / med["floor"]
    print(f"start-up json   zjtx check {args.city}.toml --json  {med['json']:6.1f} ms = {r_json:.2f}x floor   target <= 4x   {verdict(r_json <= 4)}")
    print(f"start-up table  zjtx check {args.city}.toml         {med['table']:6.1f} ms = {r_table:.2f}x floor   target <= 5x   {verdict(r_table <= 5)}")

    # 2. throughput, one core
    big = generate(n_big, work / "big")
    small = generate(100, work / "small")
    runs = [child_usage([zjtx, "check", str(big), "-f", "jsonl"], env) for _ in range(3)]
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    rate_cpu, rate_wall = n_big / cpu, n_big / wall
    print(f"throughput      {n_big:,} companies -f jsonl, one core: {rate_cpu:,.0f}/s CPU ({cpu:.2f} s), "
          f"{rate_wall:,.0f}/s wall ({wall:.2f} s)   target >= 5,000/s   {verdict(rate_cpu >= 5000)}")

    # 3. memory
    rss_big = statistics.median(r[2] for r in runs) / 1024
    rss_small = statistics.median(child_usage([zjtx, "check", str(small), "-f", "jsonl"], env)[2] for _ in range(3)) / 1024
    grow = rss_big - rss_small
    print(f"memory          peak RSS {n_big:,}: {rss_big:.1f} MB, 100: {rss_small:.1f} MB, difference {grow:+.1f} MB"
          f"   target <= 20 MB   {verdict(grow <= 20)}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
