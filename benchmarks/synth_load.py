"""Benchmark: generate a synthetic authority and load it into SQLite and PostgreSQL.

Run by hand (not part of the test suite):

    .venv/bin/python benchmarks/synth_load.py --children 50000 [--postgres URL]

Each measurement runs ``safehold synth`` in a fresh process against an empty database, so wall
time and peak memory (the child process's maximum resident set size) cover everything a user
waits for: generation, migration and the all-or-nothing load. Results are printed as a Markdown
table to paste into ``benchmarks/results/synth_load.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

SAFEHOLD = Path(sys.executable).with_name("safehold")


def run(children: int, url: str) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one ``safehold synth`` run."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [str(SAFEHOLD), "synth", "--children", str(children), "--seed", "1",
         "--today", "2026-03-31", "--db", url],
        stdout=subprocess.DEVNULL, env=os.environ | {"COLUMNS": "120"},
    )  # fmt: skip
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"safehold synth failed for {children} children on {url}")
    return wall, usage.ru_maxrss / 1024


def postgres_database(server: str) -> tuple[str, sa.Engine, str]:
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    return url, admin, name


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--children", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()  # fmt: skip
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; python {platform.python_version()}; "
          f"commit {commit}")  # fmt: skip
    print("| children | database | wall (s) | peak memory (MiB) |")
    print("|---:|---|---:|---:|")
    for children in args.children:
        with tempfile.TemporaryDirectory() as folder:
            wall, peak = run(children, f"sqlite:///{Path(folder) / 'bench.db'}")
        print(f"| {children:,} | SQLite | {wall:.1f} | {peak:.0f} |", flush=True)
        url, admin, name = postgres_database(args.postgres)
        try:
            wall, peak = run(children, url)
            print(f"| {children:,} | PostgreSQL | {wall:.1f} | {peak:.0f} |", flush=True)
        finally:
            with admin.connect() as connection:
                connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


if __name__ == "__main__":
    main()
