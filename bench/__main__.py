"""`python -m bench`: est's main commands against their floors, side by side (issue 6).

Every measurement runs as a subprocess; candidate and floor alternate, RUNS times each; the
figures are wall-clock seconds (min/median/max) and peak RSS of the child (os.wait4 → ru_maxrss).
Every est call gets a fresh copy of its workspace (merge starts from an empty archive; render
must not find last run's draft), copied before the clock starts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.generate import CACHE, WORKSPACES

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
EST = [PY, "-m", "est_cli"]
# An installed est has compiled bytecode (pip writes it); a checkout run with
# PYTHONDONTWRITEBYTECODE=1 would compile every est module on every call. Children may write and
# use __pycache__ like an installation, and main() compiles est_cli once before the clock starts.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_once(cmd: list[str], prepare=None) -> tuple[float, float]:
    """(seconds, peak MB) of one child process; `prepare()` returns extra args and runs untimed."""
    with tempfile.TemporaryDirectory(prefix="estbench-") as tmp:
        extra = prepare(Path(tmp)) if prepare else []
        started = time.perf_counter()
        proc = subprocess.Popen(
            cmd + extra, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, env=CHILD_ENV
        )
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):  # merge exits 1 when a file is rejected; that still measures
            raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd + extra)}")
    return elapsed, usage.ru_maxrss / 1024  # Linux: kB


def copy_of(workspace: Path, *args: str):
    def prepare(tmp: Path) -> list[str]:
        target = tmp / "ws"
        shutil.copytree(workspace, target)
        return ["--workspace", str(target), *args]

    return prepare


def floor_args(inbox: Path):
    return lambda tmp: [str(inbox), str(tmp / "floor.xlsx")]


def stats(values: list[float]) -> tuple[float, float, float]:
    return min(values), statistics.median(values), max(values)


def fmt(values: list[float], unit: str = "s") -> str:
    lo, med, hi = stats(values)
    if unit == "MB":
        return f"{med:6.0f} MB (min {lo:.0f}, max {hi:.0f})"
    return f"{med:6.3f} s (min {lo:.3f}, max {hi:.3f})"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--regional", action="store_true", help="also the 50-municipality archive (~1.6 GB, built once, ~1–2 min)"
    )
    options = parser.parse_args()
    runs = options.runs
    print(f"Python {sys.version.split()[0]} · {os.cpu_count()} cores · {runs} alternating runs each", flush=True)
    # Generating and migrating the workspaces happens in a child process: on Linux a child's ru_maxrss
    # starts from its parent's resident size at fork, so a bench grown to 170 MB by building archives
    # would report 170 MB for every command it measures.
    subprocess.run([sys.executable, "-m", "bench.generate"], check=True, cwd=ROOT)
    ws = {name: CACHE / name for name in WORKSPACES}
    import compileall

    compileall.compile_dir(ROOT / "est_cli", quiet=1)
    compileall.compile_dir(ROOT / "bench", quiet=1)

    # name → (candidate cmd, prepare), (floor cmd, prepare)
    pairs = {
        "merge 70 xlsx": (
            (EST + ["merge"], copy_of(ws["week-xlsx"])),
            ([PY, "-m", "bench.floors", "xlsx"], floor_args(ws["week-xlsx"] / "inkorg")),
        ),
        "merge 70 docx": (
            (EST + ["merge"], copy_of(ws["week-docx"])),
            ([PY, "-m", "bench.floors", "docx"], floor_args(ws["week-docx"] / "inkorg")),
        ),
        "est --help": ((EST + ["--help"], None), ([PY, "-m", "bench.floors", "typer", "--help"], None)),
        "trend --year 2026 (5 y)": (
            (EST + ["trend", "--year", "2026"], copy_of(ws["archive-5y"])),
            ([PY, "-c", "import pandas"], None),
        ),
        "render W47 (5 y)": (
            (EST + ["render", "--week", "2026-W47"], copy_of(ws["archive-5y"])),
            ([PY, "-c", "import docxtpl, matplotlib.pyplot"], None),
        ),
    }
    growth = {
        f"{cmd} ({y} y)": (EST + args, copy_of(ws[f"archive-{y}y"]))
        for cmd, args in (("trend", ["trend", "--year", "2026"]), ("render", ["render", "--week", "2026-W47"]))
        for y in (1, 2, 5)
    }
    growth["render (1 w)"] = (EST + ["render", "--week", "2026-W47"], copy_of(ws["archive-1w"]))
    targets = {
        "merge 70 xlsx": 2.0,
        "merge 70 docx": 2.0,
        "est --help": 1.3,
        "trend --year 2026 (5 y)": 2.0,
        "render W47 (5 y)": 3.0,
    }

    results: dict[str, dict[str, list[float]]] = {}
    for name, (cand, floor) in pairs.items():
        r = results[name] = {"t": [], "m": [], "ft": [], "fm": []}
        for _ in range(runs):
            t, m = run_once(*cand)
            r["t"].append(t), r["m"].append(m)
            t, m = run_once(*floor)
            r["ft"].append(t), r["fm"].append(m)
        print(f"  measured {name}", flush=True)
    gres: dict[str, dict[str, list[float]]] = {k: {"t": [], "m": []} for k in growth}
    for _ in range(runs):  # interleave the archive sizes too
        for name, (cmd, prep) in growth.items():
            t, m = run_once(cmd, prep)
            gres[name]["t"].append(t), gres[name]["m"].append(m)
    print("  measured growth\n", flush=True)

    print("## Ratios (medians of alternating runs)\n")
    print("| measurement | est | floor | ratio | target | met |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, r in results.items():
        ratio = statistics.median(r["t"]) / statistics.median(r["ft"])
        ok = "yes" if ratio <= targets[name] else "**no**"
        print(f"| {name} | {fmt(r['t'])} | {fmt(r['ft'])} | {ratio:.2f} × | ≤ {targets[name]} × | {ok} |")
    one, five = statistics.median(gres["render (1 w)"]["t"]), statistics.median(gres["render (5 y)"]["t"])
    print(
        f"| render 5 y / 1 week | {five:.3f} s | {one:.3f} s | {five / one:.2f} × | ≤ 1.5 × | "
        f"{'yes' if five / one <= 1.5 else '**no**'} |"
    )

    print("\n## Peak memory (ru_maxrss of the child)\n")
    print("| measurement | est | floor | target | met |")
    print("| --- | --- | --- | --- | --- |")
    for name, limit in (("merge 70 xlsx", 300), ("merge 70 docx", 300), ("trend --year 2026 (5 y)", 400)):
        r = results[name]
        peak = statistics.median(r["m"])
        print(
            f"| {name} | {fmt(r['m'], 'MB')} | {fmt(r['fm'], 'MB')} | ≤ {limit} MB | {'yes' if peak <= limit else '**no**'} |"
        )
    for name in ("est --help", "render W47 (5 y)"):
        r = results[name]
        print(f"| {name} | {fmt(r['m'], 'MB')} | {fmt(r['fm'], 'MB')} | – | – |")

    print("\n## Growth with the archive (1 → 2 → 5 years)\n")
    print("| command | 1 week | 1 y | 2 y | 5 y | 5 y / 1 y | peak 5 y |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for cmd in ("trend", "render"):
        med = [statistics.median(gres[f"{cmd} ({y} y)"]["t"]) for y in (1, 2, 5)]
        week = f"{statistics.median(gres[f'{cmd} (1 w)']['t']):.3f} s" if f"{cmd} (1 w)" in gres else "–"
        peak = statistics.median(gres[f"{cmd} (5 y)"]["m"])
        print(
            f"| {cmd} | {week} | {med[0]:.3f} s | {med[1]:.3f} s | {med[2]:.3f} s | {med[2] / med[0]:.2f} × | {peak:.0f} MB |"
        )

    if options.regional:
        regional(ws, runs)


def regional(ws: dict[str, Path], runs: int) -> None:
    """Trend on 50 municipalities × 5 years against the same on one municipality's 5 years.

    Read-only commands, run in place (copying 1.6 GB per run would measure the copy).
    """
    from bench.generate import regional_workspace

    big = regional_workspace()
    cases = {
        "trend --year 2026 --area (1 area)": (
            EST + ["trend", "--year", "2026", "--area", "Vivalla", "--workspace", str(ws["archive-5y"])],
            EST + ["trend", "--year", "2026", "--area", "K07 Vivalla", "--workspace", str(big)],
        ),
        "trend --year 2026, every area (json)": (
            EST + ["trend", "--year", "2026", "--format", "json", "--workspace", str(ws["archive-5y"])],
            EST + ["trend", "--year", "2026", "--format", "json", "--workspace", str(big)],
        ),
    }
    print("\n## Regional scale: 50 municipalities × 5 years in one SQLite archive\n")
    print("| command | one municipality (5 y) | 50 municipalities | ratio | peak (50) |")
    print("| --- | --- | --- | --- | --- |")
    for name, (small_cmd, big_cmd) in cases.items():
        small, large, peak = [], [], []
        for _ in range(runs):
            small.append(run_once(small_cmd)[0])
            t, m = run_once(big_cmd)
            large.append(t), peak.append(m)
        ratio = statistics.median(large) / statistics.median(small)
        print(f"| {name} | {fmt(small)} | {fmt(large)} | {ratio:.2f} × | {statistics.median(peak):.0f} MB |")


if __name__ == "__main__":
    main()
