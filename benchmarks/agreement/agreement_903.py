"""Agreement between Safehold and Data to Insight's SSDA903 validator on the same files.

Run by hand (minutes; CI does not run it):

    python benchmarks/agreement/agreement_903.py                 # every input, results file
    python benchmarks/agreement/agreement_903.py --years 2026 --no-synthetic

Inputs, none of them made for Safehold's tests:

* the peer's own fake return (``tests/fake_data/*.csv`` in ``data-to-insight/csc-validator-be-903``),
  validated as each collection year both validators support (tables the year does not have are
  left out);
* a seeded synthetic return from ``benchmarks/ssda903_validate.py`` (this year and last year),
  with a handful of deliberate faults per rule family (``FAULTS``) so that many rules fire.

Each input goes through ``safehold validate ssda903 ... --format json`` and through the peer
(``peer_903.py`` in the peer's own virtual environment). Per rule code the script compares the
children flagged (and the rows, where both report rows of a table), and classifies every
disagreement from ``CLASSIFIED`` below. It writes ``benchmarks/results/agreement_903.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars as pl

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from compare import (  # noqa: E402
    Finding,
    RunResult,
    compare,
    git_commit,
    machine,
    sample,
)

WORK = ROOT / "benchmarks" / ".work" / "agreement"
PEER_PYTHON = ROOT / "benchmarks" / ".work" / "peer" / "bin" / "python"
PEER_REPO_URL = "https://github.com/data-to-insight/csc-validator-be-903"
LA = "E09000027"
#: the peer's fake data: file name -> the first year the table is in the return
PEER_FILES = {
    "header.csv": 2023, "episodes.csv": 2023, "reviews.csv": 2023, "uasc.csv": 2023,
    "oc2.csv": 2023, "oc3.csv": 2023, "ad1.csv": 2023, "placed_for_adoption.csv": 2023,
    "previous_permanence.csv": 2023, "missing.csv": 2023, "sw_episodes.csv": 2024,
    "DoLo.csv": 2027,
}  # fmt: skip

# ---------------------------------------------------------------------------------------------
# Classification of every disagreement (filled in from reading both sides and the DfE rule).
# key: rule code, or "code@input" for one input only. value: (category, explanation).
PEER_BUG = "peer bug (spec)"
PEER_BUG_NEW = "peer bug (found here)"
READING = "reading: Safehold follows the DfE wording"
INPUT = "input: not comparable on this input"
SAFEHOLD_DEFECT = "Safehold defect"
SCOPE = "scope: the rule is only in one validator"

CLASSIFIED: dict[str, tuple[str, str]] = {
    # -- known peer defects listed in the spec (ssda903_format.md, "Known defects")
    "165": (
        PEER_BUG,
        "still reads SEX 1/2 (2024/25 onwards the codes are M/F): on the peer's "
        "fake data (SEX 1/2) it finds 'mothers' Safehold cannot, and on M/F data it finds "
        "none",
    ),
    "231": (PEER_BUG, "crashes: reads UASC_STATUS, which never exists"),
    "233": (PEER_BUG, "crashes: reads DATE_EPISODE_CEASED instead of DEC"),
    # -- peer defects found by this comparison
    "389": (
        PEER_BUG_NEW,
        "an E7 episode with no DEC is flagged whatever the child's age "
        "(NaT comparison is false, so 'not 16 by DEC' is true); Safehold needs a DEC to "
        "tell the age",
    ),
    "634": (
        PEER_BUG_NEW,
        "compares the latest DECOM with this year's 1 April (collection "
        "start) instead of 1 April 2016, which its own comment and the DfE message give",
    ),
    "169": (
        PEER_BUG_NEW,
        "the peer turns a postcode's district into PL_LA with a 2021 table "
        "(LTLA21CD to UTLA21CD), so postcodes in authorities created or renumbered since "
        "(e.g. S12 3HN in E08000039, LA12 7SA in E06000064) get no PL_LA and are flagged",
    ),
    # -- Safehold follows the DfE wording; the peer reads the rule differently
    "118": (
        READING,
        "a child in PlacedAdoption with no episodes: the peer merges from the "
        "episodes side and drops the child; the DfE's 'before the current collection year' "
        "part needs no episode",
    ),
    "157": (
        READING,
        "'16 years or under at the end of the year' is under 17 on 31 March; the "
        "peer tests DOB + 16 >= 31 March, leaving out children who are 16",
    ),
    "234": (
        READING,
        "the DfE condition is on the age at the change of placement (DECOM of the "
        "next episode = DEC of the CUSTOD one); the peer takes the CUSTOD episode's own "
        "DECOM, so it flags episodes that started before 10 and ended after, or never ended",
    ),
    "372": (
        READING,
        "age at DECOM does not depend on the end date; the peer drops open "
        "episodes (dropna on DEC)",
    ),
    "373": (READING, "as 372: the peer drops open episodes"),
    "374": (READING, "as 372: the peer drops open episodes"),
    "377": (
        READING,
        "the DfE says three T3 placements in any 12-month period; the peer counts "
        "three T3 placements ever",
    ),
    "391": (
        READING,
        "the message says 'not 17, 18, 19, 20 or 21 during the year', so a young "
        "person already 22 on 1 April fails too; the peer only tests 'not yet 17' (its "
        "comment quotes the DfE condition for that half only: lead to confirm)",
    ),
    "504": (
        SAFEHOLD_DEFECT,
        "Safehold groups a period of care by 'the previous episode ended X1' alone, so on "
        "overlapping episodes an RNE S episode (a new period) is compared with another period's "
        "CIN (repro in the results file). The peer compares with the previous episode only, "
        "when it ended X1 on the same day",
    ),
    "544": (
        READING,
        "'conviction information completed' is any CONVICTED value; the peer "
        "requires CONVICTED = 1",
    ),
    "546": (
        READING,
        "Safehold follows the message (any OC2 row of a child 5 or over); the peer "
        "adds 'continuously looked after', which its comment quotes from the DfE condition: "
        "lead to confirm which the DfE means",
    ),
    "558": (
        READING,
        "Safehold: an adopted child (REC E11/E12) whose latest decision was "
        "reversed; the peer flags only a child with more than one DATE_PLACED_CEASED row: "
        "lead to confirm against the DfE condition",
    ),
    "577": (
        READING,
        "the peer also flags missing episodes *with* an end date that fall outside "
        "care (the 578/581 cases); 577 is about a missing period without an end date",
    ),
    "581": (
        READING,
        "the peer flags missing episodes after care ended (that is 578) and skips "
        "children with no episodes at all, who have not started to be looked after",
    ),
    "601": (
        READING,
        "a child adopted in the year with no AD1 row has not completed the "
        "fields; the peer only checks AD1 rows that exist",
    ),
    "635": (
        READING,
        "the message is about PREV_PERM Z1 with a date or authority; the peer tests "
        "PREV_PERM blank",
    ),
    "1015": (
        READING,
        "the peer flags own-provision placements whose PL_LA is unknown (blank or "
        "unknown postcode: fake or UASC postcodes), which cannot show the child is "
        "outside the LA; Safehold leaves unknown postcodes to rules 169/179",
    ),
    "SW09STG2": (
        READING,
        "the message says 'less than 24 hours'; the peer's 2025/26 version "
        "flags episodes under 3 days (lead: check whether the DfE changed the "
        "threshold for 2025/26)",
    ),
    "SW12STG2": (
        READING,
        "Safehold: a child looked after on 31 March needs social worker "
        "episodes back to 1 April (or birth), as the message says; the peer checks "
        "episodes that start or end care instead. On the synthetic return the "
        "generator starts social worker episodes when care starts, which Safehold "
        "rightly flags",
    ),
    # -- rules one side does not have
    "242": (
        SCOPE,
        "in the peer's 2025/26 ruleset (0.1.17) but not in the spec's rule list "
        "for any year: lead to check whether the DfE added it",
    ),
    "243": (SCOPE, "as 242"),
}
IDXMIN = (
    PEER_BUG_NEW,
    "crashes on the whole return because one child has no readable DECOM (the planted "
    "'DECOM not a date' fault): groupby().idxmin() raises on an all-NaT group (1007: "
    "a date parsed without errors='coerce')",
)
for _code in ("1003", "1007", "1011", "118", "191", "302", "334", "336", "452", "453", "502",
              "503A", "503B", "503C", "503D", "503E", "503F", "503G", "503H", "503J"):  # fmt: skip
    CLASSIFIED[f"{_code}@synthetic"] = IDXMIN


# ---------------------------------------------------------------------------------------------
# Inputs


def peer_repo(path: Path | None) -> Path:
    """The peer's repository (a clone or a bare mirror): given, or cloned under .work/."""
    if path is not None:
        return path
    clone = ROOT / "benchmarks" / ".work" / "csc-validator-be-903"
    if not clone.exists():
        subprocess.run(["git", "clone", "--depth", "1", PEER_REPO_URL, str(clone)], check=True)
    return clone


def peer_fake_return(repo: Path, year: int) -> Path:
    """The peer's fake CSVs that belong to ``year``'s return, copied out of its repository."""
    folder = WORK / f"peer-fake-{year}"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.csv"):
        old.unlink()
    for name, since in PEER_FILES.items():
        if since <= year:
            text = subprocess.run(
                ["git", "-C", str(repo), "show", f"HEAD:tests/fake_data/{name}"],
                capture_output=True, check=True,
            ).stdout  # fmt: skip
            (folder / name).write_bytes(text)
    return folder


Tables = dict[str, pl.DataFrame]
Fault = tuple[str, str, Callable[[Tables, str], Tables]]


def _set(table: str, column: str, value: str, first_only: bool = True) -> Callable[..., Tables]:
    def apply(tables: Tables, child: str) -> Tables:
        frame = tables[table]
        mask = pl.col("CHILD") == child
        if first_only:
            index = frame.with_row_index("_i").filter(mask)["_i"].min()
            mask = pl.int_range(pl.len()) == index
        tables[table] = frame.with_columns(
            pl.when(mask).then(pl.lit(value)).otherwise(pl.col(column)).alias(column)
        )
        return tables

    return apply


def _duplicate(table: str) -> Callable[..., Tables]:
    def apply(tables: Tables, child: str) -> Tables:
        frame = tables[table]
        tables[table] = pl.concat([frame, frame.filter(pl.col("CHILD") == child).head(1)])
        return tables

    return apply


def _dec_before_decom(tables: Tables, child: str) -> Tables:
    frame = tables["Episodes"]
    row = frame.filter(pl.col("CHILD") == child).head(1)
    decom = dt.datetime.strptime(row["DECOM"][0], "%d/%m/%Y").date()
    before = (decom - dt.timedelta(days=10)).strftime("%d/%m/%Y")
    return _set("Episodes", "DEC", before)(tables, child)


def _review_before_care(tables: Tables, child: str) -> Tables:
    episodes = tables["Episodes"].filter(pl.col("CHILD") == child)
    first = min(dt.datetime.strptime(d, "%d/%m/%Y").date() for d in episodes["DECOM"])
    header = tables["Header"].filter(pl.col("CHILD") == child)
    row = {c: "" for c in tables["Reviews"].columns} | {
        "CHILD": child, "DOB": header["DOB"][0],
        "REVIEW": (first - dt.timedelta(days=5)).strftime("%d/%m/%Y"), "REVIEW_CODE": "PN1",
    }  # fmt: skip
    tables["Reviews"] = pl.concat(
        [tables["Reviews"], pl.DataFrame([row], schema=tables["Reviews"].schema)]
    )
    return tables


#: (what is wrong, which family of rules should fire, how to do it to one child)
FAULTS: list[Fault] = [
    ("SEX not a code", "header codes", _set("Header", "SEX", "3")),
    ("ETHNIC not a code", "header codes", _set("Header", "ETHNIC", "XXXX")),
    ("UPN malformed", "header UPN", _set("Header", "UPN", "A12")),
    ("DOB not a date", "header dates", _set("Header", "DOB", "32/01/2015")),
    ("MOTHER set for a male child", "motherhood", _set("Header", "MOTHER", "1")),
    ("child twice in Header", "integrity", _duplicate("Header")),
    ("LS not a code", "episode codes", _set("Episodes", "LS", "Z9")),
    ("PLACE not a code", "episode codes", _set("Episodes", "PLACE", "ZZ")),
    ("RNE not a code", "episode codes", _set("Episodes", "RNE", "Q")),
    ("CIN not a code", "episode codes", _set("Episodes", "CIN", "N9")),
    ("DEC before DECOM", "episode dates", _dec_before_decom),
    ("DECOM not a date", "episode dates", _set("Episodes", "DECOM", "31/02/2025")),
    ("episode given twice", "episode sequence", _duplicate("Episodes")),
    ("HOME_POST malformed", "postcodes", _set("Episodes", "HOME_POST", "XX1 1XX")),
    ("PL_POST blank", "postcodes", _set("Episodes", "PL_POST", "")),
    ("PLACE_PROVIDER not a code", "providers", _set("Episodes", "PLACE_PROVIDER", "PR9")),
    ("review before care", "reviews", _review_before_care),
    ("REVIEW_CODE not a code", "reviews", _set("Reviews", "REVIEW_CODE", "PN9")),
    ("SDQ_SCORE out of range", "health (OC2)", _set("OC2", "SDQ_SCORE", "45")),
    ("CONVICTED not 0/1", "health (OC2)", _set("OC2", "CONVICTED", "2")),
    ("IMMUNISATIONS blank with others filled", "health (OC2)", _set("OC2", "IMMUNISATIONS", "")),
    ("MISSING not a code", "missing", _set("Missing", "MISSING", "X")),
    ("MIS_END before MIS_START", "missing", _set("Missing", "MIS_END", "01/04/2025")),
    ("DUC not DOB+18", "UASC", _set("UASC", "DUC", "01/01/2030")),
    ("PREV_PERM not a code", "previous permanence", _set("PrevPerm", "PREV_PERM", "Q9")),
    ("DATE_PERM without LA_PERM", "previous permanence", _set("PrevPerm", "DATE_PERM", "01/01/2020")),
    ("SW_ID malformed", "social workers", _set("SWEpisodes", "SW_ID", "AB1")),
    ("SW_REASON not a code", "social workers", _set("SWEpisodes", "SW_REASON", "BAD")),
]  # fmt: skip


def synthetic_return(children: int, seed: int) -> tuple[Path, Path, list[tuple[str, str, str]]]:
    """The benchmark's synthetic return (this year and last), with ``FAULTS`` applied: each fault
    to two children, each child one fault. Returns the folders and (child, fault, family)."""
    import ssda903_validate as bench  # benchmarks/ssda903_validate.py

    from safehold.returns.ssda903.schema import table_for_columns

    this, last = bench.write_return(children, seed)
    tables: Tables = {}
    names: dict[str, str] = {}
    for path in sorted(this.glob("*.csv")):
        frame = pl.read_csv(path, infer_schema=False).fill_null("")
        spec = table_for_columns(set(frame.columns))
        if spec is None:
            raise SystemExit(f"{path}: not an SSDA903 table")
        name = spec.name
        tables[name], names[name] = frame, path.name
    faults: list[tuple[str, str, str]] = []
    used: set[str] = set()
    for what, family, apply in FAULTS:
        table = _table_of(apply, tables)
        candidates = [
            c for c in tables[table]["CHILD"].unique(maintain_order=True) if c not in used
        ]
        if what == "MOTHER set for a male child":
            males = set(tables["Header"].filter(pl.col("SEX") == "M")["CHILD"])
            candidates = [c for c in candidates if c in males]
        if what.startswith("DUC") or what.startswith("review") or what.startswith("DEC before"):
            candidates = [c for c in candidates if c in set(tables["Episodes"]["CHILD"])]
        for child in candidates[:2]:
            tables = apply(tables, child)
            used.add(child)
            faults.append((child, what, family))
    folder = WORK / f"synthetic-{children}-seed{seed}"
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.write_csv(folder / names[name])
    return folder, last, faults


def _table_of(apply: Callable[..., Tables], tables: Tables) -> str:
    """The table a fault touches (from its closure, or its name for the hand-written ones)."""
    cells = [c.cell_contents for c in (apply.__closure__ or ())]
    for cell in cells:
        if isinstance(cell, str) and cell in tables:
            return cell
    return {"_dec_before_decom": "Episodes", "_review_before_care": "Episodes"}[apply.__name__]


# ---------------------------------------------------------------------------------------------
# Running both


def run_safehold(year: int, this: Path, last: Path | None) -> RunResult:
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    command = ["safehold", "validate", "ssda903", str(this), "--year", str(year), "--la", LA,
               "--format", "json", "-o", str(out)]  # fmt: skip
    if last is not None:
        command += ["--previous", str(last)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"safehold failed on {this} ({year}): {done.stderr or done.stdout}")
    report = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    findings = [
        Finding(i["rule"], i["table"] or "", i["row"], i["child"] or "(return)")
        for i in report["issues"]
    ]
    skipped = {s["rule"]: s["reason"] for s in report["rules_skipped"]}
    return RunResult(findings, set(report["rules_run"]), skipped, wall_s=wall)


def run_peer(year: int, this: Path, last: Path | None, isolated: bool = False) -> RunResult:
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    command = [str(PEER_PYTHON), str(HERE / "peer_903.py"), str(year), LA, str(out),
               "--this", *map(str, sorted(this.glob("*.csv")))]  # fmt: skip
    if last is not None:
        command += ["--prev", *map(str, sorted(last.glob("*.csv")))]
    if isolated:
        command.append("--isolated")
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the peer failed on {this} ({year}): {done.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    findings = [Finding(i["rule"], i["table"], i["row"], i["child"]) for i in report["issues"]]
    skipped = {code: "a table it needs is missing" for code in report["skipped"]}
    return RunResult(
        findings, set(report["done"]), skipped, set(report["failed"]), wall, report["validate_s"]
    )


# ---------------------------------------------------------------------------------------------
# Reporting


#: Safehold defects found here, with a minimal reproducing input (routed to the lead, not fixed)
DEFECTS = """\
## Safehold defects found (not fixed here)

* **504** (category of need differs from the start of the period of care). Safehold's period of
  care continues whenever the previous episode (by DECOM) ended X1, even when the next episode
  starts on another day with RNE S (started to be looked after), so it compares CIN codes across
  two periods. Minimal input (2025/26): Header child 1; Episodes
  `1,01/05/2025,S,C2,N1,U1,PR1,01/08/2025,X1` and `1,01/06/2025,S,C2,N2,U1,PR1,01/07/2025,E3`
  (CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC): Safehold flags the second
  episode under 504; the second episode starts a new period (RNE S), so it should not. Such
  overlapping episodes are errors under other rules too, which limits the harm.
"""


NOISE = (
    "Wall time includes each program's start-up (Safehold's CLI and postcode lookup; the peer's "
    "pandas import). The machine is shared, so the same input can take twice as long from one "
    "run to the next: compare the two validators within a row, not rows with each other."
)


def classify(rule: str, label: str) -> tuple[str, str]:
    kind = label.split()[0]  # "peer" or "synthetic"
    return CLASSIFIED.get(f"{rule}@{kind}") or CLASSIFIED.get(rule) or ("UNEXPLAINED", "")


SHARED_STATE = (
    "the peer gives each rule a shallow copy of the frames, and a rule that ran earlier edited "
    "them in place (rule 365 sets every open episode's DEC to 31 March; others convert dates); "
    "with each rule given its own copy the peer flags the same children as Safehold"
)


def section(
    label: str, year: int, ours: RunResult, theirs: RunResult, isolated: RunResult
) -> tuple[str, dict[str, int]]:
    rows = compare(ours, theirs)
    alone = {r.rule: r for r in compare(ours, isolated)}
    raw = WORK / f"raw-{label.replace(' ', '-')}.json"
    raw.write_text(
        json.dumps({"shipped": [r.__dict__ for r in rows],
                    "isolated": [r.__dict__ for r in alone.values()]}, indent=1),
        encoding="utf-8",
    )  # fmt: skip
    both_ran = [r for r in rows if not r.note]
    disagree = [r for r in rows if r.disagrees]
    counts: dict[str, int] = {}
    lines = [
        f"### {label} (ruleset {year - 1}/{str(year)[2:]})",
        "",
        f"Safehold: {len(ours.ran)} rules run, {len(ours.skipped)} skipped, "
        f"{len(ours.findings):,} rows flagged, {ours.wall_s:.1f} s wall. "
        f"Peer: {len(theirs.ran)} rules run, {len(theirs.skipped)} skipped, "
        f"{len(theirs.crashed)} crashed ({', '.join(sorted(theirs.crashed)) or 'none'}), "
        f"{len(theirs.findings):,} rows flagged, {theirs.wall_s:.1f} s wall "
        f"({theirs.rules_s or 0:.1f} s validating).",
        "",
        f"Rules run by both: {len(both_ran)}; same children flagged: "
        f"{sum(1 for r in both_ran if not r.disagrees)} "
        f"(of which {sum(1 for r in both_ran if not r.disagrees and r.agreed)} flag someone); "
        f"rules with any disagreement: {len(disagree)}.",
        "",
        "| rule | Safehold | peer | agreed | only Safehold | only peer | rows agreed / only S / only P "
        "| peer, rules isolated | note | classification |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if not (r.safehold or r.peer):
            continue
        iso = alone.get(r.rule)
        if not r.disagrees:
            category, why = "agree", ""
        elif iso is not None and not iso.disagrees:
            category, why = PEER_BUG_NEW, "shared state (see above)"
        else:
            category, why = classify(r.rule, label)
        if r.disagrees:
            counts[category] = counts.get(category, 0) + 1
        iso_cell = "" if iso is None or iso.peer == r.peer else f"{iso.peer}"
        lines.append(
            f"| {r.rule} | {r.safehold} | {r.peer} | {r.agreed} | {sample(r.only_safehold)} "
            f"| {sample(r.only_peer)} | {r.rows_agreed} / {r.rows_only_safehold} / "
            f"{r.rows_only_peer} | {iso_cell} | {r.note} | {category}{': ' + why if why else ''} |"
        )
    quiet = [r.rule for r in rows if not (r.safehold or r.peer) and r.note]
    if quiet:
        lines += ["", f"Rules that flagged nothing on either side and did not run on both: "
                  f"{', '.join(quiet)}."]  # fmt: skip
    return "\n".join(lines) + "\n", counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--years",
        type=int,
        nargs="*",
        default=[2025, 2026, 2027],
        help="collection years to validate the peer's fake data as (Safehold has 2025 to 2027)",
    )
    parser.add_argument("--peer-repo", type=Path, default=None,
                        help="a clone (or bare mirror) of csc-validator-be-903; default: clone "
                             "it into benchmarks/.work/")  # fmt: skip
    parser.add_argument("--children", type=int, default=1000, help="synthetic return size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-synthetic", action="store_true")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "agreement_903.md"
    )
    args = parser.parse_args()
    if not PEER_PYTHON.exists():
        raise SystemExit(
            f"no peer environment at {PEER_PYTHON}: python3.11 -m venv benchmarks/.work/peer && "
            "benchmarks/.work/peer/bin/pip install csc-validator-be-903 csc-validator-be-cin"
        )
    WORK.mkdir(parents=True, exist_ok=True)
    repo = peer_repo(args.peer_repo)
    sections: list[str] = []
    totals: dict[str, int] = {}
    speed: list[str] = []
    inputs: list[tuple[str, int, Path, Path | None, list[tuple[str, str, str]]]] = [
        (f"peer fake data as {y}", y, peer_fake_return(repo, y), None, []) for y in args.years
    ]
    if not args.no_synthetic:
        this, last, faults = synthetic_return(args.children, args.seed)
        inputs.append((f"synthetic {args.children} children with faults", 2026, this, last, faults))
    for label, year, this, last, faults in inputs:
        print(f"{label} ...", file=sys.stderr)
        ours, theirs = run_safehold(year, this, last), run_peer(year, this, last)
        isolated = run_peer(year, this, last, isolated=True)
        text, counts = section(label, year, ours, theirs, isolated)
        if faults:
            text += "\nFaults planted (child: fault, family): " + "; ".join(
                f"{c}: {w} ({f})" for c, w, f in faults
            ) + ".\n"  # fmt: skip
        sections.append(text)
        for k, v in counts.items():
            totals[k] = totals.get(k, 0) + v
        speed.append(f"| {label} | {sum(1 for _ in this.glob('*.csv'))} files | "
                     f"{ours.wall_s:.1f} | {theirs.wall_s:.1f} | {theirs.rules_s or 0:.1f} |")  # fmt: skip
    peer_version = subprocess.run(
        [str(PEER_PYTHON), "-c", "import importlib.metadata as m; "
         "print(m.version('csc-validator-be-903'))"],
        capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    header = [
        "# SSDA903: agreement with the community validator",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}; Safehold commit "
        f"{git_commit(ROOT)}; peer csc-validator-be-903 {peer_version} (fake data from its "
        f"repository at {git_commit(repo)}). Command: `python benchmarks/agreement/agreement_903.py`.",
        "",
        "Counts are children (a return-level finding counts as one). Disagreements by class, "
        "over all inputs (a rule counted once per input where it disagrees):",
        "",
        *[f"* {k}: {v}" for k, v in sorted(totals.items())],
        "",
        "The peer is run twice on each input: as shipped, and with every rule given its own deep "
        "copy of the data (column *peer, rules isolated*, shown where it differs). A disagreement "
        f"that goes away when the rules are isolated is classed as a peer bug: {SHARED_STATE}.",
        "",
        DEFECTS,
        "## Speed (wall seconds, each validator started fresh)",
        "",
        NOISE,
        "",
        "| input | files | Safehold | peer | peer validating only |",
        "|---|---|---|---|---|",
        *speed,
        "",
        "## Per input",
        "",
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(header) + "\n".join(sections), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
