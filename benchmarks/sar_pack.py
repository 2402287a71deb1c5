"""Benchmark: a full subject access pack for one child in a store of 50,000 children.

Run by hand (not part of the test suite):

    .venv/bin/python benchmarks/sar_pack.py [--children 50000] [--samples 10]

The first run generates the synthetic authority (seed 1, as if on 31 March 2026) and loads it
into ``benchmarks/.work/sar_pack_<children>.db`` (several minutes; kept for later runs). Then, in
this one process, it warms up (the first pack pays for importing Presidio's recognisers, a few
seconds, once per process), and times ``build_pack`` for ``--samples`` children who have case
notes: reading the record through the gate, proposing redactions, the Article 15 information,
the access log, and writing the JSON and the PDF, before any redaction is reviewed. It prints a
Markdown table to paste into ``benchmarks/results/sar_pack.md``. Aim: under 1 s a pack.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlalchemy as sa

from safehold.access import Gate, User
from safehold.privacy.rights.pack import build_pack
from safehold.privacy.rights.pack.holdings import collect
from safehold.privacy.rights.requests import new_request
from safehold.store import make_engine, upgrade

WORK = Path(__file__).parent / ".work"
TODAY = dt.date(2026, 3, 31)


def store(children: int) -> sa.Engine:
    path = WORK / f"sar_pack_{children}.db"
    url = f"sqlite:///{path}"
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
    engine = make_engine(url)
    upgrade(engine)
    return engine


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--children", type=int, default=50_000)
    parser.add_argument("--samples", type=int, default=10)
    args = parser.parse_args()
    engine = store(args.children)
    with engine.connect() as connection:
        people = connection.execute(sa.text("SELECT count(*) FROM person")).scalar_one()
        noted = sorted(connection.execute(
            sa.text("SELECT DISTINCT person_id FROM case_note")).scalars())  # fmt: skip
    gate = Gate(engine, User("dpo", "data_protection_officer"), "data_protection")
    chosen = random.Random(7).sample(noted, args.samples + 1)
    out = Path(tempfile.mkdtemp(prefix="sar-pack-"))
    warm_child, *children = chosen
    started = time.perf_counter()
    request = new_request(gate, type="access", subject=warm_child, received=TODAY)
    build_pack(gate, request.id, out, produced_on=TODAY)
    cold = time.perf_counter() - started
    totals, cpus, reads, rows, proposed = [], [], [], [], []
    for child in children:
        request = new_request(gate, type="access", subject=child, received=TODAY)
        t0, c0 = time.perf_counter(), time.process_time()
        result = build_pack(gate, request.id, out, produced_on=TODAY)
        totals.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
        t0 = time.perf_counter()
        collect(gate, child)
        reads.append(time.perf_counter() - t0)
        rows.append(result.rows)
        proposed.append(result.proposed)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()  # fmt: skip
    print(f"{dt.date.today()}; machine: {platform.machine()}, {os.cpu_count()} cores; "
          f"python {platform.python_version()}; commit {commit}; SQLite; "
          f"{args.children:,} children ({people:,} people); load average "
          f"{os.getloadavg()[0]:.1f}")  # fmt: skip
    print()
    print("| measure | median | max |")
    print("|---|---:|---:|")
    print(f"| full pack, JSON and PDF, before review (s) | {statistics.median(totals):.3f} "
          f"| {max(totals):.3f} |")  # fmt: skip
    print(f"| full pack, CPU seconds (fairer on a shared machine) | {statistics.median(cpus):.3f} "
          f"| {max(cpus):.3f} |")  # fmt: skip
    print(f"| reading the record through the gate, alone (s) | {statistics.median(reads):.3f} "
          f"| {max(reads):.3f} |")  # fmt: skip
    print(f"| rows in the pack | {statistics.median(rows):.0f} | {max(rows)} |")
    print(f"| redactions proposed | {statistics.median(proposed):.0f} | {max(proposed)} |")
    print()
    print(
        f"First pack in the process (imports Presidio's recognisers): {cold:.2f} s; "
        f"{len(children)} packs timed after it."
    )


if __name__ == "__main__":
    main()
