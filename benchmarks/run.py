"""zjtx benchmarks: start-up, throughput and memory, side by side in one run, medians over repeats.

    python benchmarks/run.py            # the full run (about two minutes on a 2-core machine)
    python benchmarks/run.py --quick    # fewer repeats, 2,000 companies

It measures the `zjtx` installed next to this Python (or on PATH). Benchmark a non-editable install
(`pip install .`): with PYTHONDONTWRITEBYTECODE=1 an editable checkout recompiles every module each run.
Targets:
  1. start-up: `zjtx check examples/<city>.toml --json` <= 2.75x `python -c "import tomllib, json"`;
     the table <= 3.75x (issue 16; before it: 4x and 5x)
  2. throughput: `zjtx check DIR -f jsonl` on 10,000 generated companies >= 5,000 companies/s on one core
  3. memory: peak RSS for 10,000 companies <= 20 MB above that for 100
  4. `--json` on a batch <= 1.15x the CPU time of `-f jsonl` (one core; wall time printed beside it)
  5. `-j 2` <= 0.85x the wall time of `-j 1` on the same batch (both cores; only when zjtx has -j)
  6. `zjtx data draft` of a 25 KB policy text < 1 s wall, start-up included (issue 21; only when zjtx has it)
Runs are interleaved (floor, json, table, floor, …) so drift on a noisy machine hits them alike; every
figure is a ratio measured in this one run. Speed is never asserted in a test: this script is where it
is measured. The figures are also written to benchmarks/results.json (or --record PATH) so that the next
change can be compared against them.
"""

from __future__ import annotations

import argparse
import json
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


def child_usage(cmd: list[str], env: dict, cores: str = "one") -> tuple[float, float, int]:
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
    out = subprocess.run(
        [sys.executable, "-c", helper, *cmd],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=one_core if cores == "one" else None,
        check=True,
    )
    wall, cpu, rss = out.stdout.split()
    return float(wall), float(cpu), int(rss)


def verdict(ok: bool) -> str:
    return "OK" if ok else "SHORT"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repeats and 2,000 companies")
    ap.add_argument("--city", default="weifang", help="example file for start-up (default weifang)")
    ap.add_argument("--record", default=str(HERE / "results.json"), help="where to write the figures as JSON")
    args = ap.parse_args()
    reps = 9 if args.quick else 31
    n_big = 2_000 if args.quick else 10_000
    zjtx = zjtx_command()
    example = str(ROOT / "examples" / f"{args.city}.toml")
    work = Path(tempfile.mkdtemp(prefix="zjtx-bench-"))
    env = {**os.environ, "ZJTX_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
    env.pop("ZJTX_DATA", None)
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    load = os.getloadavg() if hasattr(os, "getloadavg") else None  # other work on the machine skews every figure
    print(
        f"machine: {machine}; zjtx = {zjtx}"
        + (f"; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}" if load else "")
    )
    record: dict = {
        "machine": machine,
        "date": time.strftime("%Y-%m-%d"),
        "quick": args.quick,
        "load_average": [round(x, 2) for x in load] if load else None,
        "figures": {},
    }

    def note(name: str, value: float, target: float, ok: bool, unit: str) -> None:
        record["figures"][name] = {"value": round(value, 4), "unit": unit, "target": target, "ok": ok}

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
    print(
        f"start-up json   zjtx check {args.city}.toml --json  {med['json']:6.1f} ms = {r_json:.2f}x floor   target <= 2.75x   {verdict(r_json <= 2.75)}"
    )
    print(
        f"start-up table  zjtx check {args.city}.toml         {med['table']:6.1f} ms = {r_table:.2f}x floor   target <= 3.75x   {verdict(r_table <= 3.75)}"
    )
    record["figures"]["floor_ms"] = {"value": round(med["floor"], 2), "unit": "ms"}
    record["figures"]["startup_json_ms"] = {"value": round(med["json"], 2), "unit": "ms"}
    record["figures"]["startup_table_ms"] = {"value": round(med["table"], 2), "unit": "ms"}
    note("startup_json_ratio", r_json, 2.75, r_json <= 2.75, "x floor")
    note("startup_table_ratio", r_table, 3.75, r_table <= 3.75, "x floor")

    # 2. throughput, one core
    big = generate(n_big, work / "big")
    small = generate(100, work / "small")
    runs = [child_usage([zjtx, "check", str(big), "-f", "jsonl"], env) for _ in range(3)]
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    rate_cpu, rate_wall = n_big / cpu, n_big / wall
    print(
        f"throughput      {n_big:,} companies -f jsonl, one core: {rate_cpu:,.0f}/s CPU ({cpu:.2f} s), "
        f"{rate_wall:,.0f}/s wall ({wall:.2f} s)   target >= 5,000/s   {verdict(rate_cpu >= 5000)}"
    )
    note("throughput_per_s_cpu", rate_cpu, 5000, rate_cpu >= 5000, "companies/s")

    # 3. memory
    rss_big = statistics.median(r[2] for r in runs) / 1024
    rss_small = (
        statistics.median(child_usage([zjtx, "check", str(small), "-f", "jsonl"], env)[2] for _ in range(3)) / 1024
    )
    grow = rss_big - rss_small
    print(
        f"memory          peak RSS {n_big:,}: {rss_big:.1f} MB, 100: {rss_small:.1f} MB, difference {grow:+.1f} MB"
        f"   target <= 20 MB   {verdict(grow <= 20)}"
    )
    note("memory_growth_mb", grow, 20, grow <= 20, "MB")

    # 4. --json on a batch against -f jsonl, interleaved, one core: CPU time (on one pinned core it is the
    #    work done; wall time also counts the waits for a core when the machine is busy), wall alongside
    pairs = [
        (
            child_usage([zjtx, "check", str(big), "--json"], env),
            child_usage([zjtx, "check", str(big), "-f", "jsonl"], env),
        )
        for _ in range(3)
    ]
    r_pretty = statistics.median(j[1] for j, _ in pairs) / statistics.median(k[1] for _, k in pairs)
    r_wall = statistics.median(j[0] for j, _ in pairs) / statistics.median(k[0] for _, k in pairs)
    print(
        f"batch --json    {n_big:,} companies, CPU --json / -f jsonl = {r_pretty:.2f}x (wall {r_wall:.2f}x)   "
        f"target <= 1.15x   {verdict(r_pretty <= 1.15)}"
    )
    record["figures"]["batch_json_vs_jsonl_wall"] = {"value": round(r_wall, 4), "unit": "x"}
    note("batch_json_vs_jsonl", r_pretty, 1.15, r_pretty <= 1.15, "x")

    # 5. -j 2 against -j 1 (both cores), when zjtx has it
    help_text = subprocess.run([zjtx, "check", "--help"], capture_output=True, text=True, env=env).stdout
    if "--jobs" in help_text:
        pairs = [
            (
                child_usage([zjtx, "check", str(big), "-f", "jsonl", "-j", "2"], env, cores="all")[0],
                child_usage([zjtx, "check", str(big), "-f", "jsonl", "-j", "1"], env, cores="all")[0],
            )
            for _ in range(3)
        ]
        r_jobs = statistics.median(a for a, _ in pairs) / statistics.median(b for _, b in pairs)
        print(
            f"-j 2 vs -j 1    {n_big:,} companies -f jsonl, wall ratio {r_jobs:.2f}x   target <= 0.85x   {verdict(r_jobs <= 0.85)}"
        )
        note("jobs2_vs_jobs1", r_jobs, 0.85, r_jobs <= 0.85, "x")
    else:
        print("-j 2 vs -j 1    not measured: this zjtx has no -j/--jobs")
    # 6. drafting a 25 KB text (the bundled 潍坊 text, 23 KB, and 西宁's first paragraphs after it)
    data_help = subprocess.run([zjtx, "data", "--help"], capture_output=True, text=True, env=env).stdout
    if "draft" in data_help:
        text = (ROOT / "data" / "370700-weifang" / "five-optimizations.txt").read_bytes()
        text += b"\n" + (ROOT / "data" / "630100-xining" / "sme-gradient-cultivation.txt").read_bytes()
        text = text[: 25 * 1024].decode("utf-8", "ignore").encode("utf-8")
        source = work / "policy-25k.txt"
        source.write_bytes(text)
        draft_cmd = [zjtx, "data", "draft", str(source), "--city", "潍坊"]
        timed(draft_cmd, env)
        draft_s = statistics.median(timed(draft_cmd, env) for _ in range(max(5, reps // 3)))
        print(
            f"data draft      a {len(text) / 1024:.0f} KB text: {draft_s * 1000:.0f} ms wall (start-up included)"
            f"   target < 1000 ms   {verdict(draft_s < 1.0)}"
        )
        note("draft_25kb_ms", draft_s * 1000, 1000, draft_s < 1.0, "ms")
    else:
        print("data draft      not measured: this zjtx has no data draft")
    shutil.rmtree(work, ignore_errors=True)
    if load:
        end = os.getloadavg()
        record["load_average_end"] = [round(x, 2) for x in end]
        print(f"load average at the end {end[0]:.1f} {end[1]:.1f} {end[2]:.1f} on {os.cpu_count()} cores")
    Path(args.record).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {args.record}")


if __name__ == "__main__":
    main()
