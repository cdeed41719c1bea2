"""`est merge` killed with SIGKILL at random points: the archive is always exactly as before the
merge or exactly as after a complete one, never in between; the compiled workbook at its path is
always a whole file; and the next merge gives the complete result.

The child runs `est merge` (est_cli's __main__) under a small test-only wrapper that writes a
timestamped trace of the merge's phases (reading, transaction, commit, workbook, save) and makes
each store step a little slower, so that the transaction is wide enough to be hit. The parent
waits until the trace reaches a phase, then kills after a random (seeded) delay inside it; the
trace then says where the kill really landed.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

from est_cli.demo import make_demo_workspace

from helpers import ROOT

pytestmark = pytest.mark.slow  # kills child processes running est merge

WEEK = "2026-W47"
ITERATIONS = 15
STORE_PAUSE = 0.02  # seconds per stored file: the transaction lasts ~0.25 s instead of ~0.04 s

CHILD = r"""
import os, runpy, sys, time
trace = open(os.environ["EST_CRASH_TRACE"], "a", buffering=1)
def mark(what):
    trace.write(f"{time.monotonic():.6f} {what}\n")
mark("started")
pause = float(os.environ["EST_CRASH_PAUSE"])
from sqlalchemy import event
from sqlalchemy.engine import Engine
from est_cli import readers, store, workbook

real = (readers.read_file, store.start_merge, store.store_file, workbook.write_week_workbook, workbook.write_atomically)
def read_file(path):
    mark("read")
    return real[0](path)
def start_merge(*a, **k):
    mark("transaction")
    return real[1](*a, **k)
def store_file(*a, **k):
    mark("store")
    time.sleep(pause)
    return real[2](*a, **k)
def write_week_workbook(*a, **k):
    mark("workbook")
    return real[3](*a, **k)
def write_atomically(path, save):
    def traced(tmp):
        mark("save")
        save(tmp)
        mark("replace")
    real[4](path, traced)
    mark("replaced")
readers.read_file, store.start_merge, store.store_file = read_file, start_merge, store_file
workbook.write_week_workbook, workbook.write_atomically = write_week_workbook, write_atomically
event.listen(Engine, "commit", lambda conn: mark("commit"))
mark("imported")
sys.argv[0] = "est"
try:
    runpy.run_module("est_cli", run_name="__main__")
finally:
    mark("exit")
"""

# phase a kill is aimed at: (marker that opens it, marker that closes it)
PHASES = {
    "startup": ("start", "imported"),
    "reading": ("read", "transaction"),
    "transaction": ("transaction", "commit"),
    "commit": ("commit", "workbook"),  # the transaction's commit; the window is padded below
    "workbook": ("workbook", "save"),
    "save": ("save", "replaced"),
}
PLAN = ["transaction", "save", "commit", "reading", "transaction", "workbook", "startup", "transaction", "save"]


# ------------------------------------------------------------------------- helpers
def dump(db: Path) -> dict[str, list[tuple]]:
    """Every table's rows, sorted; merges.started_at and log.time (the wall clock) left out."""
    conn = sqlite3.connect(db)
    try:
        out = {}
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        for table in tables:
            cols = [
                r[1]
                for r in conn.execute(f'PRAGMA table_info("{table}")')
                if (table, r[1]) not in {("merges", "started_at"), ("log", "time")}
            ]
            select = ", ".join(f'"{c}"' for c in cols)
            out[table] = sorted(conn.execute(f'SELECT {select} FROM "{table}"'), key=repr)
        return out
    finally:
        conn.close()


def read_trace(path: Path) -> list[tuple[float, str]]:
    if not path.exists():
        return []
    lines = path.read_text().splitlines()
    return [(float(t), what) for t, what in (line.split(" ", 1) for line in lines if " " in line)]


def landed(trace: list[tuple[float, str]]) -> str:
    """Where the process was when it died, from the last marker it wrote."""
    markers = [what for _t, what in trace]
    if not markers:
        return "startup"
    last = markers[-1]
    if last == "commit":
        return "commit" if "transaction" in markers else "startup"  # the first commit is the archive's migration
    return {
        "started": "startup",
        "imported": "startup",
        "read": "reading",
        "transaction": "transaction",
        "store": "transaction",
        "workbook": "workbook",
        "save": "save",
        "replace": "save",
        "replaced": "done",
        "exit": "done",
    }[last]


def child_env(trace: Path) -> dict[str, str]:
    env = dict(os.environ, EST_CRASH_TRACE=str(trace), EST_CRASH_PAUSE=str(STORE_PAUSE), NO_COLOR="1")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    env.pop("EST_DB_URL", None)
    return env


def start_merge_child(ws_root: Path, trace: Path) -> subprocess.Popen:
    trace.unlink(missing_ok=True)
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, "merge", "--week", WEEK, "--json"],
        cwd=ws_root,
        env=child_env(trace),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for(trace: Path, marker: str, proc: subprocess.Popen, after: int = 0) -> bool:
    """Poll the trace until `marker` appears (after the first `after` lines); False if the child ended."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        lines = read_trace(trace)
        if any(what == marker for _t, what in lines[after:]):
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.002)
    raise AssertionError(f"the merge never reached {marker}")


def workbook_state(path: Path, old: bytes) -> str:
    """'old' (the previous workbook, untouched), 'new' (a whole new workbook) or a failure text."""
    if not path.exists():
        return "missing"
    data = path.read_bytes()
    if data == old:
        return "old"
    try:
        with zipfile.ZipFile(path) as zf:
            if zf.testzip() is not None:
                return "damaged"
            sheets = zf.read("xl/workbook.xml")
    except (zipfile.BadZipFile, KeyError, OSError) as err:
        return f"broken ({err})"
    return "new" if "Översikt".encode() in sheets and b"Avvisat" in sheets else "incomplete"


# ------------------------------------------------------------------------- the test
@pytest.fixture
def workspace(tmp_path):
    """A workspace whose archive already holds one report (the killed merge supersedes it) and
    whose utkast/ holds that merge's workbook (the killed merge overwrites it)."""
    from est_cli.merge import merge_paths
    from est_cli.schema import load_schema
    from est_cli.store import Archive
    from est_cli.weeks import IsoWeek
    from est_cli.workbook import write_week_workbook

    ws, _ = make_demo_workspace(tmp_path / "ws")
    earlier = tmp_path / "tidigare" / "polis.csv"
    earlier.parent.mkdir()
    earlier.write_text(
        "Vecka;2026-W47\nOmråde;Vivalla\nOrganisation;Polis\nRapportör;Områdespolis\n\nPunkt;Antal\nSkadegörelse;9\n",
        encoding="utf-8",
    )
    when = datetime(2026, 11, 16, 9, 0).timestamp()
    os.utime(earlier, (when, when))
    archive = Archive.open(ws.archive_url())
    try:
        result = merge_paths([earlier], ws, load_schema("orebro"), archive, week=IsoWeek.parse(WEEK))
    finally:
        archive.close()
    output = ws.drafts / WEEK / f"sammanstallning-{WEEK}.xlsx"
    write_week_workbook(result.views[WEEK], output)
    return ws, output


def recover(ws) -> None:
    """The next merge, as `est merge --week` runs it (in this process, to keep the test short)."""
    from est_cli.merge import merge_paths
    from est_cli.schema import load_schema
    from est_cli.store import Archive
    from est_cli.weeks import IsoWeek
    from est_cli.workbook import write_week_workbook

    archive = Archive.open(ws.archive_url())
    try:
        result = merge_paths([ws.inbox], ws, load_schema("orebro"), archive, week=IsoWeek.parse(WEEK))
    finally:
        archive.close()
    for week, view in result.views.items():
        write_week_workbook(view, ws.drafts / week / f"sammanstallning-{week}.xlsx")


def without_merges(d: dict) -> dict:
    return {table: rows for table, rows in d.items() if table != "merges"}


def test_sigkill_anywhere_leaves_before_or_after(workspace, tmp_path):
    ws, output = workspace
    db = ws.root / "arkiv" / "est.db"
    snapshot = tmp_path / "before.db"
    sqlite3.connect(db).execute("PRAGMA wal_checkpoint(TRUNCATE)").connection.close()
    shutil.copy(db, snapshot)
    old_workbook = output.read_bytes()
    before = dump(db)

    def restore() -> None:
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        shutil.copy(snapshot, db)
        output.write_bytes(old_workbook)
        for stray in output.parent.glob(".*.tmp*"):
            stray.unlink()

    # One whole merge: the result every killed merge must either reach or not have started.
    trace = tmp_path / "trace"
    proc = start_merge_child(ws.root, trace)
    assert proc.wait(timeout=120) == 0, proc.stderr.read().decode()[-2000:]
    after = dump(db)
    assert len(after["files"]) == len(before["files"]) + 11
    superseded_by = [r[1] for r in sqlite3.connect(db).execute("PRAGMA table_info(reports)")].index("superseded_by")
    assert any(row[superseded_by] is not None for row in after["reports"])  # the earlier report superseded
    assert workbook_state(output, old_workbook) == "new"
    times = {what: t for t, what in reversed(read_trace(trace))}  # first occurrence of each marker
    full = read_trace(trace)
    span = {name: max(times.get(end, 0) - times.get(start, full[0][0]), 0.005) for name, (start, end) in PHASES.items()}
    span["commit"] = 0.02

    rng = random.Random(20261118)
    where: Counter[str] = Counter()
    strays: list[str] = []
    for i in range(ITERATIONS):
        restore()
        target = PLAN[i % len(PLAN)]
        marker = PHASES[target][0]
        proc = start_merge_child(ws.root, trace)
        try:
            if marker == "commit":  # the commit after the transaction, not the archive's migration
                wait_for(trace, "transaction", proc)
                reached = wait_for(trace, "commit", proc, after=len(read_trace(trace)))
            else:
                reached = marker == "start" or wait_for(trace, marker, proc)
            if reached:
                time.sleep(rng.uniform(0, 0.8 * span[target]))
            proc.send_signal(signal.SIGKILL)
        finally:
            rc = proc.wait(timeout=120)
        spot = landed(read_trace(trace))
        where[spot] += 1
        assert rc in (0, -signal.SIGKILL), proc.stderr.read().decode()[-2000:]

        state = dump(db)
        assert state in (before, after), f"iteration {i} ({spot}): the archive is between before and after"
        wb = workbook_state(output, old_workbook)
        assert wb in ("old", "new"), f"iteration {i} ({spot}): workbook {wb}"
        if state == before:
            assert wb == "old", f"iteration {i} ({spot}): a new workbook but the merge was not stored"
        strays += [p.name for p in output.parent.glob(".*.tmp*")]

        recover(ws)
        assert without_merges(dump(db)) == without_merges(after), f"iteration {i} ({spot}): next merge incomplete"
        assert workbook_state(output, old_workbook) == "new"

    # Kills landed in every phase that can leave something half-done.
    assert where["transaction"] >= 3 and where["save"] >= 1, where
    # A kill while the workbook is being saved leaves its temporary file beside it, named as such.
    assert all(name.startswith(f".sammanstallning-{WEEK}.xlsx.") and name.endswith(".tmp") for name in strays), strays
    print(f"\nSIGKILL landed: {dict(where)}; temporary files left: {strays}")
