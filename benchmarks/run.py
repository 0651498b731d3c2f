"""zjtx benchmarks: the table of issue 23, each figure a ratio against its floor measured side by side in
this one run (medians over interleaved repeats), with its target and whether it is met.

    python benchmarks/run.py            # the full run (about five minutes on a 2-core machine)
    python benchmarks/run.py --quick    # a developer's loop: fewer repeats, smaller batches (a minute)
    python benchmarks/run.py --baseline /tmp/venv-main/bin/zjtx   # another zjtx beside it, in the same run
    python benchmarks/run.py --docs     # also write the table into docs/speed.md and the README

It measures the `zjtx` installed next to this Python (or on PATH). Benchmark a non-editable install
(`pip install .`): with PYTHONDONTWRITEBYTECODE=1 an editable checkout recompiles every module each run.

The figures (issue 23):
  start-up, against `python -c "import tomllib, json"` (the floor), CPU time (--wall: wall time):
    `check FILE --json` <= 2.75x · `check FILE` (table) <= 3.3x · `plan FILE --json` <= 3.5x ·
    `--version` <= 2.0x · `check FILE -o x.xlsx` <= 4.0x
  a batch, `check DIR -f jsonl` on 10,000 generated companies, one core, CPU time, <= 2.2x the batch floor:
    a Python script that reads every *.toml of the folder in name order, parses it with tomllib and
    prints one json.dumps line per file (the least any batch can do)
  `-j 2` against `-j 1` on the same batch (both cores, wall time): <= 0.85x in every pair
  peak RSS of `check DIR -f jsonl` over 100,000 files <= 48 MB, flat (10,000 files beside it)

Runs are interleaved (floor, json, table, …, floor, json, …) so drift on a noisy machine hits them alike.
Speed is never asserted in a test: this script is where it is measured. It prints the figures, then the
Markdown table of docs/speed.md, and writes them to benchmarks/results.json (or --record PATH).
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
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

#: The batch floor: read every *.toml in name order, tomllib, one json.dumps line each.
BATCH_FLOOR = """
import json, os, sys, tomllib
folder = sys.argv[1]
out = sys.stdout.write
for name in sorted(n for n in os.listdir(folder) if n.endswith(".toml")):
    with open(os.path.join(folder, name), "rb") as f:
        out(json.dumps({"file": name, "company": tomllib.load(f)}, ensure_ascii=False, default=str) + "\\n")
"""

#: Measures a command in a fresh helper process, so that RUSAGE_CHILDREN covers that command alone.
HELPER = """
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
w = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print(w, r.ru_utime + r.ru_stime, r.ru_maxrss)
"""


def zjtx_command() -> str:
    beside = Path(sys.executable).parent / "zjtx"
    found = str(beside) if beside.exists() else shutil.which("zjtx")
    if not found:
        sys.exit("zjtx is not installed: pip install . first")
    return found


def one_core() -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall s, CPU s: user + system) of one run of ``cmd``."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, rusage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, cmd)
    return wall, rusage.ru_utime + rusage.ru_stime


def usage(cmd: list[str], env: dict, cores: str = "one") -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MB) of one command (pinned to one core unless ``cores="all"``)."""
    out = subprocess.run(
        [sys.executable, "-c", HELPER, *cmd],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=one_core if cores == "one" else None,
        check=True,
    )
    wall, cpu, rss = out.stdout.split()
    return float(wall), float(cpu), int(rss) / 1024


class Figures:
    """The rows of the table, as measured, and the record written to results.json."""

    def __init__(self, record: dict):
        self.record = record
        self.rows: list[tuple[str, str, str, bool, str]] = []

    def add(self, key: str, what: str, value: float, target: float, shown: str, before: str = "", **extra) -> None:
        ok = value <= target
        self.rows.append((what, shown, f"≤ {target:g}" + (" MB" if key.endswith("_mb") else "×"), ok, before))
        self.record["figures"][key] = {"value": round(value, 4), "target": target, "ok": ok, **extra}
        print(
            f"{what:<44} {shown:<52} target {self.rows[-1][2]:<8} {'met' if ok else 'SHORT'}"
            + (f"   (baseline: {before})" if before else ""),
            flush=True,
        )

    def markdown(self) -> str:
        if any(row[4] for row in self.rows):
            lines = ["| what | measured | baseline, same run | goal | |", "|---|---|---|---|---|"]
            lines += [
                f"| {w} | {s} | {b or '—'} | {t} | {'met' if ok else '**short**'} |" for w, s, t, ok, b in self.rows
            ]
        else:
            lines = ["| what | measured | goal | |", "|---|---|---|---|"]
            lines += [f"| {w} | {s} | {t} | {'met' if ok else '**short**'} |" for w, s, t, ok, _ in self.rows]
        return "\n".join(lines)


def startup(
    zjtx: str,
    example: str,
    work: Path,
    env: dict,
    reps: int,
    figures: Figures,
    wall_clock: bool,
    baseline: tuple[str, dict] | None,
) -> None:
    """The five start-up figures: every command once per round, the floor first, rounds repeated. The
    ratio is of CPU time (user + system: on a machine shared with other work, what the process did, not
    its waits for a core) unless ``wall_clock``; the other is shown beside it. ``baseline``: another zjtx
    (and its environment) measured in the same rounds."""
    xlsx = str(work / "x.xlsx")

    def of(exe: str) -> dict[str, list[str]]:
        return {
            "json": [exe, "check", example, "--json"],
            "table": [exe, "check", example],
            "plan": [exe, "plan", example, "--json"],
            "version": [exe, "--version"],
            "xlsx": [exe, "check", example, "-o", xlsx],
        }

    commands = {"floor": ([sys.executable, "-c", "import tomllib, json"], env)}
    commands |= {key: (cmd, env) for key, cmd in of(zjtx).items()}
    if baseline is not None:
        commands |= {f"base_{key}": (cmd, baseline[1]) for key, cmd in of(baseline[0]).items()}
    for cmd, cmd_env in commands.values():  # the first run fills the catalog cache, as any first run does
        timed(cmd, cmd_env)
    samples: dict[str, list[tuple[float, float]]] = {k: [] for k in commands}
    for _ in range(reps):
        for key, (cmd, cmd_env) in commands.items():
            samples[key].append(timed(cmd, cmd_env))
    clock = 0 if wall_clock else 1
    med = {k: statistics.median(s[clock] for s in v) * 1000 for k, v in samples.items()}
    walls = {k: statistics.median(s[0] for s in v) * 1000 for k, v in samples.items()}
    floor = med["floor"]
    figures.record["figures"]["floor_ms"] = {
        "value": round(floor, 2),
        "unit": "ms",
        "wall_ms": round(walls["floor"], 2),
    }
    label = 'start-up floor: python -c "import tomllib, json"'
    print(
        f"{label:<44} {floor:.1f} ms {'wall' if wall_clock else 'CPU'} (median of {reps}; wall {walls['floor']:.1f} ms)"
    )
    name = Path(example).name
    for key, what, target in (
        ("json", f"`check {name} --json`", 2.75),
        ("table", f"`check {name}` (table)", 3.3),
        ("plan", f"`plan {name} --json`", 3.5),
        ("version", "`--version`", 2.0),
        ("xlsx", f"`check {name} -o x.xlsx`", 4.0),
    ):
        ratio = med[key] / floor
        base = med.get(f"base_{key}")
        figures.add(
            f"startup_{key}_ratio",
            what,
            ratio,
            target,
            f"{ratio:.2f}× floor ({med[key]:.1f} ms; wall {walls[key] / walls['floor']:.2f}×)",
            before=f"{base / floor:.2f}×" if base else "",
            ms=round(med[key], 2),
            wall_ms=round(walls[key], 2),
            **({"baseline_ratio": round(base / floor, 4)} if base else {}),
        )


def batch(
    zjtx: str, big: Path, n: int, env: dict, pairs: int, figures: Figures, baseline: tuple[str, dict] | None
) -> None:
    """``check DIR -f jsonl`` against the batch floor, one core, CPU time; interleaved (with the baseline)."""
    runs = []
    for _ in range(pairs):
        floor_run = usage([sys.executable, "-c", BATCH_FLOOR, str(big)], env)
        run = usage([zjtx, "check", str(big), "-f", "jsonl"], env)
        base = usage([baseline[0], "check", str(big), "-f", "jsonl"], baseline[1]) if baseline else None
        runs.append((floor_run, run, base))
    floor_cpu = statistics.median(f[1] for f, _, _ in runs)
    cpu = statistics.median(z[1] for _, z, _ in runs)
    wall = statistics.median(z[0] for _, z, _ in runs)
    base_cpu = statistics.median(b[1] for _, _, b in runs if b) if baseline else None
    ratio = cpu / floor_cpu
    figures.add(
        "batch_vs_floor",
        f"`check DIR -f jsonl`, {n:,} companies, one core",
        ratio,
        2.2,
        f"{ratio:.2f}× the batch floor ({cpu:.2f} s CPU against {floor_cpu:.2f} s; {n / cpu:,.0f} companies/s)",
        before=f"{base_cpu / floor_cpu:.2f}×" if base_cpu else "",
        cpu_s=round(cpu, 3),
        wall_s=round(wall, 3),
        floor_cpu_s=round(floor_cpu, 3),
        per_company_us=round(cpu / n * 1e6, 1),
    )


def jobs(zjtx: str, big: Path, n: int, env: dict, pairs: int, figures: Figures) -> None:
    """``-j 2`` against ``-j 1``, both cores, wall time; every pair must be under the target."""
    ratios = []
    for _ in range(pairs):
        two = usage([zjtx, "check", str(big), "-f", "jsonl", "-j", "2"], env, cores="all")[0]
        one = usage([zjtx, "check", str(big), "-f", "jsonl", "-j", "1"], env, cores="all")[0]
        ratios.append(two / one)
    worst = max(ratios)
    figures.add(
        "jobs2_vs_jobs1",
        f"`-j 2` against `-j 1`, {n:,} companies",
        worst,
        0.85,
        f"{worst:.2f}× at worst ({', '.join(f'{r:.2f}' for r in ratios)})",
        pairs=[round(r, 4) for r in ratios],
    )


def memory(
    zjtx: str, work: Path, sizes: tuple[int, int], env: dict, figures: Figures, baseline: tuple[str, dict] | None
) -> None:
    """Peak RSS of ``check DIR -f jsonl`` over the smaller and the larger batch (flat: about the same)."""
    rss = {}
    base = None
    for size in sizes:
        folder = generate(size, work / f"mem{size}")
        rss[size] = usage([zjtx, "check", str(folder), "-f", "jsonl"], env)[2]
        if baseline and size == sizes[1]:
            base = usage([baseline[0], "check", str(folder), "-f", "jsonl"], baseline[1])[2]
        shutil.rmtree(folder, ignore_errors=True)
    small, large = sizes
    per_file = (rss[large] - rss[small]) * 1024 * 1024 / (large - small)
    figures.add(
        "peak_rss_mb",
        f"peak RSS, `check DIR -f jsonl`, {large:,} files",
        rss[large],
        48,
        f"{rss[large]:.1f} MB ({rss[small]:.1f} MB at {small:,}: {per_file:+.0f} bytes a file)",
        before=f"{base:.1f} MB" if base else "",
        small_mb=round(rss[small], 2),
        small_files=small,
        files=large,
        bytes_per_file=round(per_file, 1),
    )


def attempt(part: str, measure: Callable[[], None]) -> None:
    """Measure one part; a command that fails is reported (and the other parts still measured)."""
    try:
        measure()
    except subprocess.CalledProcessError as e:
        print(f"{part}: not measured — `{' '.join(map(str, e.cmd))[:200]}` exited {e.returncode}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="fewer repeats, 2,000 companies, memory at 20,000 files")
    ap.add_argument("--city", default="weifang", help="example file for start-up (default weifang)")
    ap.add_argument("--record", default=str(HERE / "results.json"), help="where to write the figures as JSON")
    ap.add_argument("--baseline", metavar="ZJTX", help="another installed zjtx measured in the same run (e.g. main's)")
    ap.add_argument(
        "--docs",
        action="store_true",
        help="also put the table into docs/speed.md and README.md (between their markers)",
    )
    ap.add_argument("--wall", action="store_true", help="start-up ratios of wall time (default: CPU time)")
    ap.add_argument("--only", choices=["startup", "batch", "jobs", "memory"], action="append", help="some parts")
    args = ap.parse_args()
    reps, pairs = (9, 3) if args.quick else (31, 5)
    n_big = 2_000 if args.quick else 10_000
    mem_sizes = (2_000, 20_000) if args.quick else (10_000, 100_000)
    parts = set(args.only or ["startup", "batch", "jobs", "memory"])
    zjtx = zjtx_command()
    example = str(ROOT / "examples" / f"{args.city}.toml")
    work = Path(tempfile.mkdtemp(prefix="zjtx-bench-"))
    env = {**os.environ, "ZJTX_CACHE_DIR": str(work / "cache"), "NO_COLOR": "1"}
    env.pop("ZJTX_DATA", None)
    version = subprocess.run([zjtx, "--version"], capture_output=True, text=True, env=env).stdout.strip()
    machine = (
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    load = os.getloadavg() if hasattr(os, "getloadavg") else None  # other work on the machine skews every figure
    print(
        f"{version} ({zjtx}); {machine}" + (f"; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}" if load else "")
    )
    record: dict = {
        "zjtx": version,
        "machine": machine,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "quick": args.quick,
        "command": " ".join(["python benchmarks/run.py", *sys.argv[1:]]),
        "load_average": [round(x, 2) for x in load] if load else None,
        "figures": {},
    }
    figures = Figures(record)
    baseline = None
    if args.baseline:
        baseline = (args.baseline, {**env, "ZJTX_CACHE_DIR": str(work / "cache-baseline")})  # its own cache
        version_of = subprocess.run([args.baseline, "--version"], capture_output=True, text=True).stdout.strip()
        record["baseline"] = f"{version_of} ({args.baseline})"
    try:
        if "startup" in parts:
            attempt("start-up", lambda: startup(zjtx, example, work, env, reps, figures, args.wall, baseline))
        if parts & {"batch", "jobs"}:
            big = generate(n_big, work / "big")
            usage([zjtx, "check", str(big), "-f", "jsonl"], env)  # warm the page cache for both sides
            if "batch" in parts:
                attempt("batch", lambda: batch(zjtx, big, n_big, env, pairs, figures, baseline))
            if "jobs" in parts:
                attempt("-j", lambda: jobs(zjtx, big, n_big, env, pairs, figures))
        if "memory" in parts:
            attempt("memory", lambda: memory(zjtx, work, mem_sizes, env, figures, baseline))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if load:
        end = os.getloadavg()
        record["load_average_end"] = [round(x, 2) for x in end]
        print(f"load average at the end {end[0]:.1f} {end[1]:.1f} {end[2]:.1f} on {os.cpu_count()} cores")
    record["markdown"] = figures.markdown()
    print("\n" + record["markdown"] + "\n")
    Path(args.record).write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {args.record}")
    if args.docs:
        write_docs(record)


BEGIN, END = "<!-- measurements: benchmarks/run.py --docs -->", "<!-- /measurements -->"


#: The number of company files the README's estimate is for (专精特新 candidates of a national portfolio).
PORTFOLIO = 1_200_000


def estimate(figures: dict) -> str:
    """What one machine does with :data:`PORTFOLIO` company files, from this run's batch, -j and memory
    figures (each part only when it was measured)."""
    batch, jobs2, rss = (figures.get(k) for k in ("batch_vs_floor", "jobs2_vs_jobs1", "peak_rss_mb"))
    if not batch or "per_company_us" not in batch:
        return ""
    seconds = PORTFOLIO * batch["per_company_us"] / 1e6
    text = (
        f"{PORTFOLIO:,} company files: about {seconds / 60:.1f} minutes of one core "
        f"({PORTFOLIO:,} × {batch['per_company_us']:.0f} µs a company ≈ {seconds:.0f} s)"
    )
    if jobs2 and jobs2.get("pairs"):
        most = seconds * max(jobs2["pairs"])
        text += f"; with `-j 2` at most {most / 60:.1f} minutes ({max(jobs2['pairs']):.2f}× of that)"
    if rss:
        text += (
            f"; peak memory about {rss['value']:.0f} MB whatever the number of files, plus "
            f"{rss['bytes_per_file']:.0f} bytes a file of the largest single folder"
        )
    return text + "."


def write_docs(record: dict) -> None:
    """The table, with the run's command, machine, load and date, between the markers of docs/speed.md and
    of the README's speed section (with the estimate for :data:`PORTFOLIO` files)."""
    load = record.get("load_average")
    about = (
        f"`{record['command']}`, {record['date']}, {record['zjtx']} on {record['machine']}"
        + (f", load average {load[0]:.1f} at the start" if load else "")
        + (f"; baseline {record['baseline']}" if record.get("baseline") else "")
        + ":"
    )
    guess = estimate(record["figures"])
    for path in (ROOT / "docs" / "speed.md", ROOT / "README.md"):
        text = path.read_text(encoding="utf-8")
        if BEGIN not in text or END not in text:
            sys.exit(f"{path}: no {BEGIN} … {END} markers; paste the table by hand")
        head, rest = text.split(BEGIN, 1)
        tail = rest.split(END, 1)[1]
        extra = f"\n{guess}\n" if guess and path.name == "README.md" else ""
        path.write_text(f"{head}{BEGIN}\n{about}\n\n{record['markdown']}\n{extra}{END}{tail}", encoding="utf-8")
        print(f"table written to {path}")


if __name__ == "__main__":
    main()
