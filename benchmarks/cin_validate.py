"""CIN census: how long reading (with schema validation) and the rules take, and peak memory.

Run by hand (it writes files of up to about a gigabyte and takes a few minutes):

    python benchmarks/cin_validate.py                     # 10k, 100k and 500k children
    python benchmarks/cin_validate.py --sizes 10000 --year 2026 --workdir /tmp/cin-bench

Each size is generated once (seeded, so the same file every time) and then measured in a fresh
process, so that one size's peak memory is not another's. The figures go in
``benchmarks/results/cin_validate.md``.
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
from typing import TextIO

UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
ETHNICITIES = ["WBRI"] * 14 + ["WOTH", "MWBC", "MOTH", "AIND", "APKN", "BAFR", "BCRB", "OOTH",
                               "REFU", "NOBT", "CHNE", "WIRI"]  # fmt: skip
DISABILITIES = ["MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA"]
SOURCES = ["1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A",
           "5B", "5C", "5D", "6", "6", "6", "7", "8", "9", "10"]  # fmt: skip
NEEDS = ["N1"] * 5 + ["N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N0"]
FACTORS = ["1A", "1B", "2B", "3A", "3B", "3C", "4A", "4B", "5A", "5B", "6A", "6B", "7A", "9A",
           "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18B", "18C", "19B", "19C",
           "20", "22A", "23A", "24A"]  # fmt: skip
CATEGORIES = ["NEG", "NEG", "EMO", "EMO", "PHY", "SAB", "MUL"]


def upn(rng: random.Random) -> str:
    digits = "201" + "".join(rng.choice("0123456789") for _ in range(9))
    total = sum(int(d) * w for d, w in zip(digits, range(2, 14), strict=True))
    return UPN_LETTERS[total % 23] + digits


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


def _child(rng: random.Random, number: int, year: int, pre_proceedings: bool) -> str:
    start, end = dt.date(year - 1, 4, 1), dt.date(year, 3, 31)
    out = ["<Child>\n<ChildIdentifiers>\n", f"<LAchildID>CH{number:07d}</LAchildID>\n"]
    unborn = rng.random() < 0.02
    if unborn:
        out.append("<UPNunknown>UN1</UPNunknown>\n")
        out.append(f"<ExpectedPersonBirthDate>{_day(rng, end, end + dt.timedelta(days=150))}"
                   "</ExpectedPersonBirthDate>\n<Sex>U</Sex>\n")  # fmt: skip
        born = end
    else:
        born = _day(rng, dt.date(year - 18, 1, 1), end - dt.timedelta(days=30))
        if (end - born).days > 5 * 365 and rng.random() < 0.85:
            out.append(f"<UPN>{upn(rng)}</UPN>\n")
        else:
            out.append("<UPNunknown>UN1</UPNunknown>\n")
        sex = "U" if rng.random() < 0.005 else rng.choice("MF")
        out.append(f"<PersonBirthDate>{born}</PersonBirthDate>\n<Sex>{sex}</Sex>\n")
    out.append("</ChildIdentifiers>\n<ChildCharacteristics>\n")
    out.append(f"<Ethnicity>{rng.choice(ETHNICITIES)}</Ethnicity>\n<Disabilities>\n")
    if rng.random() < 0.88:
        out.append("<Disability>NONE</Disability>\n")
    else:
        for code in rng.sample(DISABILITIES, rng.choice((1, 1, 2, 3))):
            out.append(f"<Disability>{code}</Disability>\n")
    out.append("</Disabilities>\n</ChildCharacteristics>\n")
    episodes = rng.choices((1, 2, 3), weights=(80, 17, 3))[0]
    # Every episode is open at some point in the census year, and nothing happens after it closes.
    referral = _day(rng, max(born, start - dt.timedelta(days=300)), end - dt.timedelta(days=20))
    for index in range(episodes):
        closed = index < episodes - 1 or rng.random() < 0.55
        closure = (
            _day(
                rng,
                max(start, referral + dt.timedelta(days=10)),
                min(end, referral + dt.timedelta(days=220)),
            )
            if closed
            else end
        )
        if closed and closure < referral + dt.timedelta(days=10):
            closed, closure = False, end
        nfa = closed and referral >= start and rng.random() < 0.08
        out.append(f"<CINdetails>\n<CINreferralDate>{referral}</CINreferralDate>\n")
        out.append(f"<ReferralSource>{rng.choice(SOURCES)}</ReferralSource>\n")
        if not nfa:
            out.append(f"<PrimaryNeedCode>{rng.choice(NEEDS)}</PrimaryNeedCode>\n")
        begun = referral + dt.timedelta(days=rng.randint(0, 3))
        conference = begun + dt.timedelta(days=rng.randint(7, 14))
        while conference.weekday() >= 5:
            conference += dt.timedelta(days=1)
        s47 = not nfa and begun >= start and conference <= closure and rng.random() < 0.25
        plan_start = referral + dt.timedelta(days=rng.randint(5, 20))
        plan = not nfa and not s47 and plan_start < closure and rng.random() < 0.3
        if closed:
            if nfa:
                reason = "RC8"
            elif s47 or plan:
                reason = rng.choice(("RC7", "RC7", "RC5", "RC3", "RC4"))
            else:
                reason = rng.choice(("RC7", "RC8", "RC9", "RC5"))
            out.append(f"<CINclosureDate>{closure}</CINclosureDate>\n")
            out.append(f"<ReasonForClosure>{reason}</ReasonForClosure>\n")
        if not nfa:
            assessed = referral + dt.timedelta(days=rng.randint(0, 5))
            out.append(f"<Assessments>\n<AssessmentActualStartDate>{assessed}"
                       "</AssessmentActualStartDate>\n")  # fmt: skip
            done = min(closure, max(start, assessed + dt.timedelta(days=rng.randint(5, 40))))
            if done >= assessed and (closed or rng.random() < 0.9):
                out.append(f"<AssessmentAuthorisationDate>{done}</AssessmentAuthorisationDate>\n")
                out.append("<FactorsIdentifiedAtAssessment>\n")
                for code in rng.sample(FACTORS, rng.choice((1, 2, 2, 3, 4))):
                    out.append(f"<AssessmentFactors>{code}</AssessmentFactors>\n")
                out.append("</FactorsIdentifiedAtAssessment>\n")
            out.append("</Assessments>\n")
        if plan:
            out.append(f"<CINPlanDates>\n<CINPlanStartDate>{plan_start}</CINPlanStartDate>\n")
            if closed:
                out.append(f"<CINPlanEndDate>{closure}</CINPlanEndDate>\n")
            out.append("</CINPlanDates>\n")
        if s47:
            out.append(f"<Section47>\n<S47ActualStartDate>{begun}</S47ActualStartDate>\n")
            out.append(f"<InitialCPCtarget>{conference}</InitialCPCtarget>\n")
            out.append(f"<DateOfInitialCPC>{conference}</DateOfInitialCPC>\n")
            out.append("<ICPCnotRequired>false</ICPCnotRequired>\n</Section47>\n")
        out.append(f"<ReferralNFA>{'true' if nfa else 'false'}</ReferralNFA>\n")
        if s47 and conference < closure and rng.random() < 0.5:
            out.append(f"<ChildProtectionPlans>\n<CPPstartDate>{conference}</CPPstartDate>\n")
            if closed:
                out.append(f"<CPPendDate>{closure}</CPPendDate>\n")
            category = rng.choice(CATEGORIES)
            out.append(f"<InitialCategoryOfAbuse>{category}</InitialCategoryOfAbuse>\n")
            out.append(f"<LatestCategoryOfAbuse>{category}</LatestCategoryOfAbuse>\n")
            out.append(f"<NumberOfPreviousCPP>{rng.choice((0, 0, 0, 1, 2))}"
                       "</NumberOfPreviousCPP>\n")  # fmt: skip
            reviews: list[str] = []
            review = conference
            for _ in range(rng.randint(1, 4)):
                review += dt.timedelta(days=rng.randint(60, 120))
                if review > closure:
                    break
                reviews.append(f"<CPPreviewDate>{review}</CPPreviewDate>\n")
            if reviews:
                out.append("<Reviews>\n" + "".join(reviews) + "</Reviews>\n")
            out.append("</ChildProtectionPlans>\n")
        if pre_proceedings and not nfa and rng.random() < 0.02:
            out.append(f"<PreProceedingsandFGDM>\n<PPStartDate>{referral}</PPStartDate>\n"
                       "<FGDMMeetingOffer>1</FGDMMeetingOffer>\n<FGDMMeetingFac>1</FGDMMeetingFac>\n"
                       "<ReviewMeetingsCount>3</ReviewMeetingsCount>\n<PPOutcome>A</PPOutcome>\n"
                       "</PreProceedingsandFGDM>\n")  # fmt: skip
        out.append("</CINdetails>\n")
        referral = closure + dt.timedelta(days=rng.randint(1, 60))
        if not closed or referral > end - dt.timedelta(days=15):
            break
    out.append("</Child>\n")
    return "".join(out)


def write_census(handle: TextIO, children: int, year: int, seed: int) -> None:
    """Stream a synthetic census of ``children`` children to ``handle``."""
    rng = random.Random(seed)
    handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n<Header>\n')
    handle.write(f"<CollectionDetails>\n<Collection>CIN</Collection>\n<Year>{year}</Year>\n"
                 f"<ReferenceDate>{year}-03-31</ReferenceDate>\n</CollectionDetails>\n"
                 "<Source>\n<SourceLevel>L</SourceLevel>\n<LEA>201</LEA>\n"
                 "<SoftwareCode>Safehold benchmark</SoftwareCode>\n<Release>1</Release>\n"
                 f"<SerialNo>001</SerialNo>\n<DateTime>{year}-04-02T09:00:00</DateTime>\n"
                 "</Source>\n</Header>\n<Children>\n")  # fmt: skip
    batch: list[str] = []
    for number in range(children):
        batch.append(_child(rng, number, year, pre_proceedings=year >= 2027))
        if len(batch) == 2000:
            handle.write("".join(batch))
            batch.clear()
    handle.write("".join(batch))
    handle.write("</Children>\n</Message>\n")


def census_file(workdir: Path, children: int, year: int, seed: int) -> Path:
    workdir.mkdir(parents=True, exist_ok=True)
    path = workdir / f"cin_{year}_{children}_{seed}.xml"
    if not path.exists():
        partial = path.with_suffix(".part")
        with partial.open("w", encoding="utf-8") as handle:
            write_census(handle, children, year, seed)
        partial.rename(path)
    return path


def _cpu() -> float:
    """CPU seconds of this process and of the reading processes it started."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def measure(path: Path, year: int, workers: int | None = None) -> dict[str, object]:
    """Read and validate one file in this process; the caller runs it in a fresh one."""
    from safehold.validate.cin_census.load import load_cin_census
    from safehold.validate.engine import run_rules
    from safehold.validate.registry import REGISTRY

    rules = REGISTRY.ruleset("cin_census", year)
    started, cpu = time.perf_counter(), _cpu()
    loaded = load_cin_census(path, year, max_bytes=8 * 1024**3, workers=workers)
    read_s, read_cpu = time.perf_counter() - started, _cpu() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    report = run_rules(rules, loaded.dataset)
    rules_s, rules_cpu = time.perf_counter() - started, time.process_time() - cpu
    slowest = sorted(report.timings.items(), key=lambda kv: -kv[1])[:5]
    return {
        "children": loaded.children,
        "bytes": path.stat().st_size,
        "rows": {name: t.height for name, t in loaded.dataset.tables.items()},
        "rules": len(rules),
        "rules_run": len(report.rules_run),
        "schema_problems": loaded.schema_problems,
        "errors": report.error_count,
        "queries": report.query_count,
        "read_s": round(read_s, 2),
        "rules_s": round(rules_s, 2),
        # CPU seconds (all threads): on a shared machine wall time also measures the neighbours
        "read_cpu_s": round(read_cpu, 2),
        "rules_cpu_s": round(rules_cpu, 2),
        "load_average": [round(x, 1) for x in os.getloadavg()],
        "slowest_rules": [[code, round(s, 3)] for code, s in slowest],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        # the largest reading process started for a parallel read (0 when there was none)
        "peak_rss_worker_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024),
    }


def measure_read_only(path: Path, year: int, validate: bool) -> dict[str, object]:
    """Read alone in one process, with or without the schema, to show what validation costs."""
    from safehold.returns.cin_census.read import read_census

    started, cpu = time.perf_counter(), _cpu()
    read_census(path, year, max_bytes=8 * 1024**3, validate=validate, workers=1)
    return {
        "read_s": round(time.perf_counter() - started, 2),
        "read_cpu_s": round(_cpu() - cpu, 2),
    }


def _fresh(args: list[str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 500_000])
    parser.add_argument("--year", type=int, default=2026)
    parser.add_argument("--seed", type=int, default=20260331)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/safehold-cin-bench"))
    parser.add_argument("--no-split", action="store_true", help="skip the read-only runs")
    parser.add_argument("--workers", type=int, help="reading processes (default: automatic)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--read-only", choices=["schema", "no-schema"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure is not None:
        if args.read_only:
            print(json.dumps(measure_read_only(args.measure, args.year,
                                               args.read_only == "schema")))  # fmt: skip
        else:
            print(json.dumps(measure(args.measure, args.year, args.workers)))
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                            text=True, check=False).stdout.strip()  # fmt: skip
    print(f"# {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, commit {commit}, "
          f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}")  # fmt: skip
    for size in args.sizes:
        started = time.perf_counter()
        path = census_file(args.workdir, size, args.year, args.seed)
        generated = time.perf_counter() - started
        workers = ["--workers", str(args.workers)] if args.workers else []
        result = _fresh(["--measure", str(path), "--year", str(args.year), *workers])
        result["workers"] = args.workers or "auto"
        result["generate_s"] = round(generated, 1)
        if not args.no_split:
            for mode in ("schema", "no-schema"):
                timing = _fresh(["--measure", str(path), "--year", str(args.year),
                                 "--read-only", mode])  # fmt: skip
                key = mode.replace("-", "_")
                result[f"read_only_{key}_s"] = timing["read_s"]
                result[f"read_only_{key}_cpu_s"] = timing["read_cpu_s"]
        print(json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
