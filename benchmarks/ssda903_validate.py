"""Benchmark: validating a synthetic SSDA903 return of N children (this year and last year).

Run by hand, not by the test suite:

    python benchmarks/ssda903_validate.py --children 10000 100000
    python benchmarks/ssda903_validate.py --children 10000 --peer   # also the community validator

For each N the script writes a seeded, plausible return as the DfE's CSV files under
``benchmarks/.work/`` (reused when present), then validates it in a fresh process so that the
peak memory of each run is its own, and prints a Markdown table: reading (files to the frames the
rules read), running the rules, the total, peak resident memory, and the ten slowest rules.

``--peer`` runs Data to Insight's ``csc-validator-be-903`` on the same files, from its own virtual
environment (``benchmarks/.work/d2i-venv``; create it with
``python3.11 -m venv benchmarks/.work/d2i-venv && benchmarks/.work/d2i-venv/bin/pip install
csc-validator-be-903``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import polars as pl

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
YEAR = 2026
LA = "E09000027"
PEER_PYTHON = WORK / "d2i-venv" / "bin" / "python"


# ---------------------------------------------------------------------------------------------
# The synthetic return


def _postcode_pool(rng: random.Random, size: int = 400, la: str | None = None) -> list[str]:
    """Real postcodes (from the ONS directory the rules use), so placement geography resolves;
    with ``la``, only postcodes in that authority (Richmond upon Thames: TW)."""
    import brotli  # type: ignore[import-untyped]
    import msgpack  # type: ignore[import-untyped]

    from safehold.validate.ssda903.postcodes import OnsPostcodes

    directory = OnsPostcodes().data_dir
    pool: list[str] = []
    for letter in ("T",) if la else ("B", "M", "L", "N", "S", "E"):
        data = msgpack.unpackb(
            brotli.decompress((directory / f"postcodes_{letter}.msgpack.br").read_bytes()),
            raw=False,
        )["data"]
        codes = [p for p, area in zip(data["pcd"], data["laua"], strict=True)
                 if la is None or area == la]  # fmt: skip
        pool.extend(" ".join(p.split()) for p in rng.sample(codes, min(len(codes), size // 6)))
    return pool


def _codes(name: str, year: int) -> list[str]:
    from safehold.codes import code_set

    return sorted(code_set(name, year).codes)


def _date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


#: Common, mutually consistent placements: type → (provider codes, has an Ofsted URN)
PLACEMENTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "U1": (("PR1",), False), "U3": (("PR1",), False), "U4": (("PR4", "PR2"), True),
    "U6": (("PR4",), True), "K2": (("PR4", "PR1"), True), "R1": (("PR1",), False),
}  # fmt: skip


def _journey(
    person: random.Random, dob: dt.date, away: list[str], local: list[str]
) -> list[dict[str, Any]]:
    """One child's episodes of care, from a start in the last four years to now or an end.

    The same journey gives both years' returns, so last year's open episode carries on.
    """
    first = max(dob, dt.date(YEAR - 4, 4, 1) + dt.timedelta(days=person.randint(0, 4 * 365)))
    legal = person.choice(("C2", "C2", "C2", "C1", "V2"))
    need = person.choice(("N1", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"))
    episodes: list[dict[str, Any]] = []
    begin, count = first, person.choice((1, 1, 2, 2, 3, 4))
    for n in range(count):
        place = person.choice(list(PLACEMENTS))
        providers, has_urn = PLACEMENTS[place]
        finish: dt.date | None = begin + dt.timedelta(days=person.randint(30, 500))
        last = n == count - 1
        if last and person.random() < 0.6:
            finish = None  # still looked after
        episodes.append(
            {"DECOM": begin, "DEC": finish, "RNE": "S" if n == 0 else "P", "LS": legal,
             "CIN": need, "PLACE": place, "PLACE_PROVIDER": person.choice(providers),
             "REC": None if finish is None else ("X1" if not last else person.choice(
                 ("E11", "E12", "E13", "E4A", "E41", "E45", "E8"))),
             "REASON_PLACE_CHANGE": None if last else person.choice(
                 ("CARPL", "CHILD", "LAREQ", "PLACE", "CLOSE", "STAND", "OTHER")),
             "URN": f"SC{person.randint(0, 999_999):06d}" if has_urn else "XXXXXXX",
             "PL_POST": person.choice(local if "PR1" in providers else away)}
        )  # fmt: skip
        if finish is None:
            break
        begin = finish
    return episodes


def generate(
    children: int, year: int, seed: int, ids: list[str]
) -> dict[str, list[dict[str, Any]]]:
    """One year's return for ``ids``: about five rows per child across the tables.

    Who each child is and their episodes of care depend only on the seed and the child, so this
    year's and last year's returns agree; the year picks what each return holds.
    """
    rng = random.Random(seed * 1_000_003 + year)
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    postcodes = _postcode_pool(random.Random(seed))
    local = _postcode_pool(random.Random(seed), la=LA)
    ethnic = _codes("ethnicity", year)
    sw_reason = _codes("social_worker_change_reason", year)
    tables: dict[str, list[dict[str, Any]]] = {
        name: []
        for name in ("Header", "Episodes", "Reviews", "UASC", "OC2", "OC3", "AD1",
                     "PlacedAdoption", "PrevPerm", "Missing", "SWEpisodes")
    }  # fmt: skip
    for child in ids:
        person = random.Random(f"{seed}:{child}")
        dob = dt.date(YEAR, 3, 31) - dt.timedelta(days=person.randint(465, 17 * 365))
        sex = person.choice("MF")
        ethnicity = person.choice(ethnic)
        upn = f"{person.choice('ABCDEFGHJKLMNPQRTUVWXYZ')}{person.randint(0, 10**12 - 1):012d}"
        uasc = person.random() < 0.05 and dob < end - dt.timedelta(days=13 * 365)
        home = person.choice(local)
        journey = _journey(person, dob, postcodes, local)
        held = [e for e in journey if e["DECOM"] <= end and (e["DEC"] is None or e["DEC"] >= start)]
        if not held:
            continue
        age = (end - dob).days // 365
        tables["Header"].append(
            {"CHILD": child, "SEX": sex, "DOB": _date(dob), "ETHNIC": ethnicity, "UPN": upn,
             "MOTHER": "0" if sex == "F" else "", "MC_DOB": ""}
        )  # fmt: skip
        for episode in held:
            ended = episode["DEC"] is not None and episode["DEC"] <= end
            tables["Episodes"].append(
                {"CHILD": child, "DECOM": _date(episode["DECOM"]), "RNE": episode["RNE"],
                 "LS": episode["LS"], "CIN": episode["CIN"], "PLACE": episode["PLACE"],
                 "PLACE_PROVIDER": episode["PLACE_PROVIDER"],
                 "DEC": _date(episode["DEC"]) if ended else "",
                 "REC": episode["REC"] if ended else "",
                 "REASON_PLACE_CHANGE": (episode["REASON_PLACE_CHANGE"] or "") if ended else "",
                 "HOME_POST": "" if uasc else home,
                 "PL_POST": "" if uasc else episode["PL_POST"], "URN": episode["URN"]}
            )  # fmt: skip
        looked_after_from = journey[0]["DECOM"]
        for _ in range(rng.choice((0, 1, 1, 2))):
            when = start + dt.timedelta(days=rng.randint(0, 364))
            if when < looked_after_from:
                continue
            four = (when - dob).days >= 4 * 365
            tables["Reviews"].append(
                {"CHILD": child, "DOB": _date(dob), "REVIEW": _date(when),
                 "REVIEW_CODE": rng.choice(("PN1", "PN2", "PN3", "PN4")) if four else "PN0"}
            )  # fmt: skip
        tables["SWEpisodes"].append(
            {"CHILD": child, "DOB": _date(dob), "SW_ID": f"SW{person.randint(1, 900):04d}",
             "SW_DECOM": _date(max(looked_after_from, start)), "SW_DEC": "",
             "SW_REASON": rng.choice(sw_reason)}
        )  # fmt: skip
        # previous permanence is asked of every child
        tables["PrevPerm"].append(
            {"CHILD": child, "DOB": _date(dob), "PREV_PERM": "Z1", "LA_PERM": "",
             "DATE_PERM": ""}
        )  # fmt: skip
        continuous = looked_after_from <= end - dt.timedelta(days=365) and held[-1]["DEC"] is None
        if continuous and age >= 5:
            tables["OC2"].append(
                {"CHILD": child, "DOB": _date(dob), "SDQ_SCORE": str(rng.randint(0, 40)),
                 "SDQ_REASON": "", "CONVICTED": "0" if age >= 10 else "", "HEALTH_CHECK": "",
                 "IMMUNISATIONS": "1", "TEETH_CHECK": "1", "HEALTH_ASSESSMENT": "1",
                 "SUBSTANCE_MISUSE": "0",
                 "INTERVENTION_RECEIVED": "", "INTERVENTION_OFFERED": ""}
            )  # fmt: skip
        if rng.random() < 0.08 and age >= 10:
            mis = max(start, looked_after_from) + dt.timedelta(days=rng.randint(0, 60))
            if mis < end - dt.timedelta(days=3):
                tables["Missing"].append(
                    {"CHILD": child, "DOB": _date(dob), "MISSING": rng.choice("AM"),
                     "MIS_START": _date(mis), "MIS_END": _date(mis + dt.timedelta(days=2))}
                )  # fmt: skip
        if uasc:
            tables["UASC"].append(
                {"CHILD": child, "SEX": sex, "DOB": _date(dob),
                 "DUC": _date(dob + dt.timedelta(days=18 * 365))}
            )  # fmt: skip
    return tables


def write_return(children: int, seed: int = 1) -> tuple[Path, Path]:
    """This year's and last year's files for N children (reused if already written)."""
    from safehold.returns.ssda903.write import write_csv_files
    from safehold.validate.ssda903.dataset import rows_to_frame

    base = WORK / f"ssda903-{children}-seed{seed}"
    this, last = base / "this", base / "last"
    if (base / "done").exists():
        return this, last
    rng = random.Random(seed)
    ids = [f"{i:07d}" for i in rng.sample(range(10**7), children)]
    # each year's return holds the children looked after in that year (see generate)
    for folder, year, who in ((this, YEAR, ids), (last, YEAR - 1, ids)):
        tables = generate(len(who), year, seed, who)
        write_csv_files({k: rows_to_frame(k, v) for k, v in tables.items()}, folder)
    (base / "done").write_text("ok\n")
    return this, last


def count_rows(folder: Path) -> int:
    return sum(pl.scan_csv(p, infer_schema=False).select(pl.len()).collect().item()
               for p in folder.glob("*.csv"))  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Measuring (each in a fresh process)


def measure_safehold(this: Path, last: Path) -> dict[str, Any]:
    from safehold.validate.engine import run_rules
    from safehold.validate.registry import REGISTRY
    from safehold.validate.ssda903.load import load_ssda903

    started, started_cpu = time.perf_counter(), time.process_time()
    loaded = load_ssda903(YEAR, [this], [last], local_authority=LA)
    read, read_cpu = time.perf_counter(), time.process_time()
    rules = REGISTRY.ruleset("ssda903", YEAR)
    report = run_rules(rules, loaded.dataset, loaded.reference)
    done, done_cpu = time.perf_counter(), time.process_time()
    slowest = sorted(report.timings.items(), key=lambda kv: kv[1], reverse=True)[:10]
    return {
        "read_s": read - started,
        "rules_s": done - read,
        "total_s": done - started,
        # CPU seconds of this process (Polars' threads included): fairer on a busy machine
        "read_cpu_s": read_cpu - started_cpu,
        "rules_cpu_s": done_cpu - read_cpu,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "rules": len(rules),
        "rules_run": len(report.rules_run),
        "rules_skipped": len(report.rules_skipped),
        "issues": report.issues.height,
        "slowest": slowest,
    }


PEER_SCRIPT = r"""
import json, resource, sys, time, importlib
from pathlib import Path
started = time.perf_counter()
from lac_validator import lac_validator
from lac_validator.utils import process_uploaded_files
this, last, year = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
imported, imported_cpu = time.perf_counter(), time.process_time()
files = process_uploaded_files({"This year": [str(p) for p in sorted(this.glob("*.csv"))],
                                "Prev year": [str(p) for p in sorted(last.glob("*.csv"))]})
registry = importlib.import_module(f"lac_validator.rules.lac{int(year) - 1}_{year[2:]}").registry
validator = lac_validator.LacValidator(
    metadata={"collectionYear": year, "localAuthority": "E09000027"},
    files=files, registry=registry, selected_rules=None)
results = validator.ds_results
done = time.perf_counter()
print(json.dumps({"total_s": done - imported, "import_s": imported - started,
                  "cpu_s": time.process_time() - imported_cpu,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "rules": len(list(registry)),
                  "done": len(getattr(validator, "dones", []) or []),
                  "skipped": len(getattr(validator, "skips", []) or [])}))
"""


def _child(args: list[str], python: str = sys.executable) -> dict[str, Any]:
    out = subprocess.run([python, *args], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def run(children_list: list[int], peer: bool, seed: int) -> None:
    """Print the results as a Markdown table, a row as soon as each size is measured."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, cwd=HERE).stdout.strip()  # fmt: skip
    print(
        f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; commit {commit}; "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, Polars {pl.__version__}\n\n"
        "| children | rows (this + last year) | read s | rules s | total s | CPU s | peak MB | "
        "rules (run/skipped) | issues | peer total s | peer peak MB | speed-up |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|",
        flush=True,
    )
    notes: list[str] = []
    for children in children_list:
        this, last = write_return(children, seed)
        rows = count_rows(this) + count_rows(last)
        ours = _child([__file__, "_measure", str(this), str(last)])
        theirs: dict[str, Any] | None = None
        if peer:
            script = WORK / "peer_run.py"
            script.write_text(PEER_SCRIPT)
            theirs = _child([str(script), str(this), str(last), str(YEAR)], str(PEER_PYTHON))
        peer_cells = (
            f"{theirs['total_s']:.1f} | {theirs['peak_mb']:.0f} | "
            f"{theirs['total_s'] / ours['total_s']:.1f}×"
            if theirs
            else "– | – | –"
        )
        print(
            f"| {children:,} | {rows:,} | {ours['read_s']:.2f} | {ours['rules_s']:.2f} | "
            f"{ours['total_s']:.2f} | {ours['read_cpu_s'] + ours['rules_cpu_s']:.2f} | "
            f"{ours['peak_mb']:.0f} | {ours['rules']} "
            f"({ours['rules_run']}/{ours['rules_skipped']}) | {ours['issues']:,} | {peer_cells} |",
            flush=True,
        )
        slow = ", ".join(f"{code} {seconds:.2f}s" for code, seconds in ours["slowest"])
        notes.append(f"* {children:,} children, ten slowest rules: {slow}")
        if theirs:
            notes.append(
                f"* {children:,} children, peer: {theirs['rules']} rules in its "
                f"{YEAR - 1}/{str(YEAR)[2:]} ruleset, {theirs['cpu_s']:.1f} CPU s; importing it "
                f"took {theirs['import_s']:.1f} s (not counted)"
            )
    print("\n" + "\n".join(notes), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command")
    measure = sub.add_parser("_measure", help="(internal) validate one return, print JSON")
    measure.add_argument("this", type=Path)
    measure.add_argument("last", type=Path)
    parser.add_argument("--children", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--peer", action="store_true", help="also run csc-validator-be-903")
    args = parser.parse_args()
    if args.command == "_measure":
        print(json.dumps(measure_safehold(args.this, args.last)))
        return
    run(args.children, args.peer, args.seed)


if __name__ == "__main__":
    main()
