"""Benchmark: the retention sweep (every record's due date) over a store of 50,000 children.

Run by hand (not part of the test suite):

    .venv/bin/python benchmarks/retention_sweep.py [--children 50000] [--runs 3]

It reuses the subject access benchmark's store (``benchmarks/.work/sar_pack_<children>.db``,
seed 1, as if on 31 March 2026) when that exists, and otherwise generates and loads the same
authority into ``benchmarks/.work/retention_<children>.db`` once (several minutes; kept for later
runs). Each run then times, in this process, what ``safehold retention due`` does: the bulk read
of the children's record through the gate (purpose ``storage``, one audited read), the legal
holds in force, and the columnar sweep (due dates per record, following records, holds and
cascading links per row). It prints a Markdown table to paste into
``benchmarks/results/retention_sweep.md``. Aim: under 30 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import sqlalchemy as sa

from safehold.access import Gate, User
from safehold.privacy.register import load_register
from safehold.privacy.retention.facts import read_facts
from safehold.privacy.retention.holds import active_holds
from safehold.privacy.retention.sweep import sweep
from safehold.store import make_engine, upgrade

WORK = Path(__file__).parent / ".work"
TODAY = dt.date(2026, 3, 31)


def store(children: int) -> tuple[sa.Engine, Path]:
    shared = WORK / f"sar_pack_{children}.db"
    path = shared if shared.exists() else WORK / f"retention_{children}.db"
    if not path.exists():
        from safehold.synth.generate import generate

        WORK.mkdir(exist_ok=True)
        partial = path.with_suffix(".partial.db")
        partial.unlink(missing_ok=True)
        engine = make_engine(f"sqlite:///{partial}")
        upgrade(engine)
        started = time.perf_counter()
        authority = generate(children, 1, today=TODAY)
        Gate(engine, User("bench", "system"), "storage").load_rows(
            authority.rows, kind="synthetic", origin=f"benchmark {children}"
        )
        engine.dispose()
        partial.rename(path)
        print(f"built {path} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    return engine, path


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--children", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    engine, path = store(args.children)
    register = load_register()
    gate = Gate(engine, User("retention-bench", "system"), "storage")
    with engine.connect() as connection:
        people = connection.execute(sa.text("SELECT count(*) FROM person")).scalar_one()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()  # fmt: skip
    print(f"Store: {path.name}, {args.children:,} children ({people:,} people). "
          f"Commit {commit}, {platform.machine()}, Python {platform.python_version()}, "
          f"Polars {pl.__version__}, {os.cpu_count()} CPUs, "
          f"load avg {os.getloadavg()[0]:.1f} before the runs.\n")  # fmt: skip
    print("| run | read: wall / CPU s | sweep: wall / CPU s | total wall s | total CPU s | rows "
          f"| records | due by {TODAY} | no due date |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for run in range(1, args.runs + 1):
        cpu = time.process_time()
        started = time.perf_counter()
        facts = read_facts(gate)
        holds = active_holds(gate)
        read = time.perf_counter() - started
        read_cpu = time.process_time() - cpu
        swept = sweep(facts, register, holds)
        total = time.perf_counter() - started
        total_cpu = time.process_time() - cpu
        due = swept.due_records(TODAY).height
        unknown = swept.records.filter(pl.col("due").is_null()).height
        print(f"| {run} | {read:.1f} / {read_cpu:.1f} | {total - read:.1f} / "
              f"{total_cpu - read_cpu:.1f} | **{total:.1f}** | **{total_cpu:.1f}** | "
              f"{swept.rows.height:,} | {swept.records.height:,} | {due:,} | {unknown:,} |")  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak resident memory: {peak:,.0f} MiB. Load avg after: {os.getloadavg()[0]:.1f}.")


if __name__ == "__main__":
    main()
