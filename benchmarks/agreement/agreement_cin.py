"""Agreement between Safehold and Data to Insight's CIN census validator on the same files.

Run by hand (minutes; CI does not run it):

    python benchmarks/agreement/agreement_cin.py                 # every input, results file
    python benchmarks/agreement/agreement_cin.py --years 2026 --no-synthetic

Inputs, none of them made for Safehold's tests:

* the peer's own fake censuses (``fake_data/*.xml`` in ``data-to-insight/csc-validator-be-cin``).
  Their headers carry assorted years and reference dates (``fake_CIN_data.xml`` says 21 July
  2022), and the peer takes its census period from the file's ReferenceDate while Safehold takes
  it from ``--year``; so each file is validated with its header set to the year (Year, and
  ReferenceDate 31 March), which leaves every child as the peer wrote it. ``fake_CIN_data.xml``
  is also validated as shipped, for 2026;
* a seeded synthetic census from ``benchmarks/cin_validate.py`` with a handful of deliberate
  faults per rule family (``FAULTS``) so that many rules fire.

Each input goes through ``safehold validate cin-census FILE --year Y --format json`` and through
the peer (``peer_cin.py`` in the peer's own virtual environment). Per rule code the script
compares the children flagged (Safehold reports elements, the peer reports table rows, so the
comparison is by child), and classifies every disagreement from ``CLASSIFIED`` below. It writes
``benchmarks/results/agreement_cin.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from compare import Finding, RunResult, compare, git_commit, machine, sample  # noqa: E402

WORK = ROOT / "benchmarks" / ".work" / "agreement"
PEER_PYTHON = ROOT / "benchmarks" / ".work" / "peer" / "bin" / "python"
PEER_REPO_URL = "https://github.com/data-to-insight/csc-validator-be-cin"
MAIN_FAKE = "fake_CIN_data.xml"

PEER_BUG = "peer bug (spec)"
PEER_BUG_NEW = "peer bug (found here)"
READING = "reading: Safehold follows the DfE wording"
INPUT = "input: not comparable on this input"
SAFEHOLD_DEFECT = "Safehold defect"

#: key: rule code, or "code@input label" for one input only. value: (category, explanation).
CLASSIFIED: dict[str, tuple[str, str]] = {
    # -- known peer defects listed in the spec (cin_census_format.md)
    "2887Q": (PEER_BUG, "counts only the children coded NONE, so it fires when 7 or fewer are"),
    "8945Q": (
        PEER_BUG,
        "compares the list-valued AssessmentFactors column with '18A', so it never fires",
    ),
    "8950Q": (PEER_BUG, "as 8945Q, for 19A"),
    # -- peer defects found by this comparison
    "8869": (
        PEER_BUG_NEW,
        "the same list-valued AssessmentFactors defect as 8945Q: "
        "astype(str) == '21' never matches, so factor 21 with other factors is never found",
    ),
    "8540": (
        PEER_BUG_NEW,
        "the rule finds the invalid Disability rows, but its issue frames "
        "name the row column ROW_ID_x; expanding them raises KeyError 'ROW_ID', which a bare "
        "except in RuleContext.type_two_issues swallows, so nothing is reported",
    ),
    "8565": (
        PEER_BUG_NEW,
        "the DfE condition (quoted in the peer's comment) includes CPPendDate "
        "and CPP review dates, but the peer never checks ChildProtectionPlans: a plan ending "
        "after the case closed is not found",
    ),
    "8525Q": (
        PEER_BUG_NEW,
        "ExpectedPersonBirthDate 1066-04-13 is outside pandas' date range "
        "(1677 onwards), so the peer reads it as missing and sees no expected date",
    ),
    "8530Q": (PEER_BUG_NEW, "as 8525Q: the 1066 expected birth date becomes NaT in the peer"),
    "2886Q": (
        PEER_BUG_NEW,
        "as 8525Q: the child's 1066 expected birth date is lost, so the peer "
        "counts an unborn child (no Sex) as born with no sex recorded",
    ),
    "8897Q": (
        PEER_BUG_NEW,
        "crashes on this input (pandas unique() over the list-valued "
        "AssessmentFactors column), so it reports nothing",
    ),
    # -- Safehold follows the DfE wording; the peer reads the rule differently
    "1560Q": (
        READING,
        "a former UPN is often a temporary UPN, which ends in a letter (the "
        "peer's own comment says so); the peer demands 12 digits after the first letter",
    ),
    "8715": (
        READING,
        "the rule is on data item N00110 DateOfInitialCPC, which the census also "
        "carries at CINdetails level (used when there is no Section47, rule 2885); the peer "
        "checks only the Section47 copy. On fake_CIN_data.xml every ICPC date is at "
        "CINdetails level",
    ),
    "8875": (READING, "as 8715: Safehold checks the CINdetails-level ICPC date too"),
    "1530": (
        READING,
        "on a UPN shorter than 13 characters (already 1520) Safehold also reports "
        "the character positions that are missing; the peer tests whatever the slice holds",
    ),
    "1540": (
        READING,
        "as 1530: for 'A1234' characters 5-12 are not all numeric (most are "
        "missing); the peer's slice '4' passes",
    ),
    "1550": (READING, "as 1530: a 5-character UPN has no 13th character"),
    "8670Q": (
        READING,
        "'more than 45 working days': an assessment started 27 Jan 2026 is "
        "exactly 45 working days before 31 March 2026 (no bank holiday between), which "
        "Safehold does not flag and the peer does",
    ),
    # -- the inputs themselves
    "8545Q@shipped": (
        INPUT,
        "as shipped, the header's ReferenceDate is 2022-07-21: the peer "
        "takes its census period from it, Safehold from --year (and flags the date "
        "under rule 100)",
    ),
    "8569Q@shipped": (INPUT, "as 8545Q: different census periods"),
    "8600@shipped": (INPUT, "as 8545Q: different census periods"),
    "8620@shipped": (INPUT, "as 8545Q: different census periods"),
}
DUPLICATE_ID = (
    INPUT,
    "the planted repeated LAchildID: two Child elements share one ID, and the peer joins each "
    "child's modules on LAchildID + CINdetailsID (numbered per Child element), so it mixes the "
    "two children's episodes; Safehold keeps each Child element's episodes apart",
)
for _code in ("1103", "4015", "8565", "8606", "8825Q", "8831", "8863Q", "8867"):
    CLASSIFIED[f"{_code}@synthetic"] = DUPLICATE_ID
CLASSIFIED["8569Q@synthetic"] = (
    PEER_BUG_NEW,
    "1 April 2024 is a bank holiday (Easter Monday); the peer's 'one working day before the "
    "collection start' (1 April minus a CustomBusinessDay) comes out as 2 April 2024, so a "
    "referral on 1 April 2024 counts as old. Safehold's cutoff is Thursday 28 March 2024",
)


# ---------------------------------------------------------------------------------------------
# Inputs


def peer_repo(path: Path | None) -> Path:
    """The peer's repository (a clone or a bare mirror): given, or cloned under .work/."""
    if path is not None:
        return path
    clone = ROOT / "benchmarks" / ".work" / "csc-validator-be-cin"
    if not clone.exists():
        subprocess.run(["git", "clone", "--depth", "1", PEER_REPO_URL, str(clone)], check=True)
    return clone


def peer_files(repo: Path) -> dict[str, bytes]:
    names = subprocess.run(
        ["git", "-C", str(repo), "ls-tree", "--name-only", "HEAD", "fake_data/"],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    return {
        Path(name).name: subprocess.run(
            ["git", "-C", str(repo), "show", f"HEAD:{name}"], capture_output=True, check=True
        ).stdout
        for name in names
        if name.endswith(".xml")
    }


def with_year(content: bytes, year: int) -> bytes:
    """The same census with its header's Year and ReferenceDate set to ``year``."""
    root = etree.fromstring(content)
    for element in root.iter("Year"):
        element.text = str(year)
    for element in root.iter("ReferenceDate"):
        element.text = f"{year}-03-31"
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


Fault = tuple[str, str, Callable[[etree._Element, int], bool]]


def _text(path: str, value: str) -> Callable[[etree._Element, int], bool]:
    """Set the first ``path`` element under a child to ``value`` (False when it has none)."""

    def apply(child: etree._Element, year: int) -> bool:
        found = child.find(path)
        if found is None:
            return False
        found.text = value
        return True

    return apply


def _remove(path: str) -> Callable[[etree._Element, int], bool]:
    def apply(child: etree._Element, year: int) -> bool:
        found = child.find(path)
        if found is None:
            return False
        parent = found.getparent()
        assert parent is not None
        parent.remove(found)
        return True

    return apply


def _shift(path: str, days: int, base: str | None = None) -> Callable[[etree._Element, int], bool]:
    """Set ``path`` to ``base`` (another element's date, default itself) plus ``days``."""

    def apply(child: etree._Element, year: int) -> bool:
        found, origin = child.find(path), child.find(base or path)
        if found is None or origin is None or not origin.text:
            return False
        found.text = str(dt.date.fromisoformat(origin.text) + dt.timedelta(days=days))
        return True

    return apply


def _factor(code: str) -> Callable[[etree._Element, int], bool]:
    def apply(child: etree._Element, year: int) -> bool:
        factors = child.find(".//FactorsIdentifiedAtAssessment")
        if factors is None:
            return False
        etree.SubElement(factors, "AssessmentFactors").text = code
        return True

    return apply


def _duplicate_id(child: etree._Element, year: int) -> bool:
    previous = child.getprevious()
    if previous is None:
        return False
    found = child.find("ChildIdentifiers/LAchildID")
    other = previous.find("ChildIdentifiers/LAchildID")
    assert found is not None and other is not None
    found.text = other.text
    return True


#: (what is wrong, which family of rules should fire, how to do it to one child)
FAULTS: list[Fault] = [
    ("UPN with a wrong check letter", "identifiers", _text("ChildIdentifiers/UPN", "B123456789012")),
    ("UPN too short", "identifiers", _text("ChildIdentifiers/UPN", "A1234")),
    ("LAchildID repeated", "identifiers", _duplicate_id),
    ("Sex not a code", "identifiers", _text("ChildIdentifiers/Sex", "X")),
    ("birth date after the census", "identifiers", _shift("ChildIdentifiers/PersonBirthDate", 800)),
    ("Ethnicity not a code", "characteristics", _text("ChildCharacteristics/Ethnicity", "ZZZZ")),
    ("Disability not a code", "characteristics",
     _text("ChildCharacteristics/Disabilities/Disability", "XXXX")),
    ("ReferralSource not a code", "CIN details", _text("CINdetails/ReferralSource", "9Z")),
    ("PrimaryNeedCode not a code", "CIN details", _text("CINdetails/PrimaryNeedCode", "N99")),
    ("closure before referral", "CIN details",
     _shift("CINdetails/CINclosureDate", -30, "CINdetails/CINreferralDate")),
    ("closure without a reason", "CIN details", _remove("CINdetails/ReasonForClosure")),
    ("ReasonForClosure not a code", "CIN details", _text("CINdetails/ReasonForClosure", "RC0")),
    ("referral after the census", "CIN details", _shift("CINdetails/CINreferralDate", 900)),
    ("assessment authorised before it started", "assessments",
     _shift("CINdetails/Assessments/AssessmentAuthorisationDate", -3,
            "CINdetails/Assessments/AssessmentActualStartDate")),
    ("assessment factor 18A", "assessments", _factor("18A")),
    ("assessment factor 19A", "assessments", _factor("19A")),
    ("assessment factor not a code", "assessments", _factor("99Z")),
    ("factor 21 with other factors", "assessments", _factor("21")),
    ("CIN plan ends before it starts", "CIN plans",
     _shift("CINdetails/CINPlanDates/CINPlanEndDate", -5,
            "CINdetails/CINPlanDates/CINPlanStartDate")),
    ("S47 starts before the referral", "section 47",
     _shift("CINdetails/Section47/S47ActualStartDate", -20, "CINdetails/CINreferralDate")),
    ("ICPC before the S47", "section 47",
     _shift("CINdetails/Section47/DateOfInitialCPC", -2,
            "CINdetails/Section47/S47ActualStartDate")),
    ("CPP ends before it starts", "child protection",
     _shift("CINdetails/ChildProtectionPlans/CPPendDate", -5,
            "CINdetails/ChildProtectionPlans/CPPstartDate")),
    ("category of abuse not a code", "child protection",
     _text("CINdetails/ChildProtectionPlans/InitialCategoryOfAbuse", "ZZZ")),
    ("CPP review before the plan", "child protection",
     _shift("CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate", -10,
            "CINdetails/ChildProtectionPlans/CPPstartDate")),
]  # fmt: skip


def synthetic_census(
    children: int, seed: int, year: int
) -> tuple[Path, list[tuple[str, str, str]]]:
    """The benchmark's synthetic census with ``FAULTS`` applied, each to two children (each child
    gets one fault). Returns the file and (child, fault, family) for each."""
    import cin_validate as bench  # benchmarks/cin_validate.py

    clean = bench.census_file(WORK, children, year, seed)
    root = etree.parse(str(clean)).getroot()
    kids = list(root.iter("Child"))
    rng = random.Random(seed)
    order = list(range(1, len(kids)))
    rng.shuffle(order)
    used: set[int] = set()
    planted: list[tuple[str, str, str]] = []
    for what, family, apply in FAULTS:
        done = 0
        for index in order:
            if index in used:
                continue
            before = kids[index].findtext("ChildIdentifiers/LAchildID") or ""
            if apply(kids[index], year):
                used.add(index)
                after = kids[index].findtext("ChildIdentifiers/LAchildID") or ""
                planted.append((before if after == before else f"{before}, now {after}", what,
                                family))  # fmt: skip
                done += 1
                if done == 2:
                    break
    out = WORK / f"cin-synthetic-{year}-{children}-seed{seed}.xml"
    out.write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))
    return out, planted


# ---------------------------------------------------------------------------------------------
# Running both


def run_safehold(year: int, path: Path) -> RunResult:
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    command = ["safehold", "validate", "cin-census", str(path), "--year", str(year),
               "--format", "json", "-o", str(out)]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode not in (0, 1):
        raise SystemExit(f"safehold failed on {path} ({year}): {done.stderr or done.stdout}")
    report = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    findings = [Finding(i["rule"], "", None, i["child"] or "(return)") for i in report["issues"]]
    skipped = {s["rule"]: s.get("reason", "") for s in report["rules_skipped"]}
    return RunResult(findings, set(report["rules_run"]), skipped, wall_s=wall)


def run_peer(year: int, path: Path) -> RunResult:
    out = Path(tempfile.mkstemp(suffix=".json")[1])
    command = [str(PEER_PYTHON), str(HERE / "peer_cin.py"), str(year), str(path), str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"the peer failed on {path} ({year}): {done.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    findings = [Finding(i["rule"], "", None, i["child"] or "(return)") for i in report["issues"]]
    crashed = set(report["crashed"])
    ran = set(report["rules"]) - crashed
    return RunResult(findings, ran, {}, crashed, wall, report["validate_s"])


# ---------------------------------------------------------------------------------------------
# Reporting


NOISE = (
    "Wall time includes each program's start-up (Safehold's CLI and postcode lookup; the peer's "
    "pandas import). The machine is shared, so the same input can take twice as long from one "
    "run to the next: compare the two validators within a row, not rows with each other."
)


def classify(rule: str, label: str) -> tuple[str, str]:
    kind = "synthetic" if label.startswith("synthetic") else "shipped" if "shipped" in label else ""
    found = CLASSIFIED.get(f"{rule}@{kind}") or CLASSIFIED.get(rule)
    return found or ("UNEXPLAINED", "")


def section(
    label: str, year: int, ours: RunResult, theirs: RunResult
) -> tuple[str, dict[str, int]]:
    rows = compare(ours, theirs)
    raw = WORK / f"raw-cin-{label.replace(' ', '-')}.json"
    raw.write_text(json.dumps([r.__dict__ for r in rows], indent=1), encoding="utf-8")
    both_ran = [r for r in rows if not r.note]
    disagree = [r for r in rows if r.disagrees]
    counts: dict[str, int] = {}
    lines = [
        f"### {label} (ruleset {year - 1}/{str(year)[2:]})",
        "",
        f"Safehold: {len(ours.ran)} rules run, {len(ours.skipped)} skipped, "
        f"{len(ours.findings):,} findings, {ours.wall_s:.1f} s wall. "
        f"Peer: {len(theirs.ran)} rules ran, {len(theirs.crashed)} crashed "
        f"({', '.join(sorted(theirs.crashed)) or 'none'}), {len(theirs.findings):,} findings, "
        f"{theirs.wall_s:.1f} s wall ({theirs.rules_s or 0:.1f} s validating).",
        "",
        f"Rules run by both: {len(both_ran)}; same children flagged: "
        f"{sum(1 for r in both_ran if not r.disagrees)} "
        f"(of which {sum(1 for r in both_ran if not r.disagrees and r.agreed)} flag someone); "
        f"rules with any disagreement: {len(disagree)}.",
        "",
        "| rule | Safehold | peer | agreed | only Safehold | only peer | note | classification |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if not (r.safehold or r.peer):
            continue
        category, why = classify(r.rule, label) if r.disagrees else ("agree", "")
        if r.disagrees:
            counts[category] = counts.get(category, 0) + 1
        lines.append(
            f"| {r.rule} | {r.safehold} | {r.peer} | {r.agreed} | {sample(r.only_safehold)} "
            f"| {sample(r.only_peer)} | {r.note} | {category}{': ' + why if why else ''} |"
        )
    quiet = [r.rule for r in rows if not (r.safehold or r.peer) and r.note]
    if quiet:
        lines += ["", "Rules that flagged nothing on either side and did not run on both: "
                  f"{', '.join(quiet)}."]  # fmt: skip
    return "\n".join(lines) + "\n", counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, nargs="*", default=[2025, 2026, 2027],
                        help="years to validate the peer's main fake census as")  # fmt: skip
    parser.add_argument(
        "--small-year",
        type=int,
        default=2026,
        help="the year the peer's other (one- and two-child) files are run as",
    )
    parser.add_argument("--peer-repo", type=Path, default=None,
                        help="a clone (or bare mirror) of csc-validator-be-cin; default: clone "
                             "it into benchmarks/.work/")  # fmt: skip
    parser.add_argument("--children", type=int, default=1000, help="synthetic census size")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-synthetic", action="store_true")
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "results" / "agreement_cin.md"
    )
    args = parser.parse_args()
    if not PEER_PYTHON.exists():
        raise SystemExit(
            f"no peer environment at {PEER_PYTHON}: python3.11 -m venv benchmarks/.work/peer && "
            "benchmarks/.work/peer/bin/pip install csc-validator-be-903 csc-validator-be-cin"
        )
    WORK.mkdir(parents=True, exist_ok=True)
    repo = peer_repo(args.peer_repo)
    files = peer_files(repo)
    inputs: list[tuple[str, int, Path, list[tuple[str, str, str]]]] = []

    def put(label: str, year: int, content: bytes) -> None:
        path = WORK / f"cin-{label.replace(' ', '-')}.xml"
        path.write_bytes(content)
        inputs.append((label, year, path, []))

    for year in args.years:
        put(f"{MAIN_FAKE} as {year}", year, with_year(files[MAIN_FAKE], year))
    put(f"{MAIN_FAKE} as shipped, run as {args.small_year}", args.small_year, files[MAIN_FAKE])
    for name in sorted(files):
        if name != MAIN_FAKE:
            put(f"{name} as {args.small_year}", args.small_year,
                with_year(files[name], args.small_year))  # fmt: skip
    if not args.no_synthetic:
        for year in args.years:
            path, planted = synthetic_census(args.children, args.seed, year)
            inputs.append((f"synthetic {args.children} children with faults, {year}", year,
                           path, planted))  # fmt: skip

    sections: list[str] = []
    totals: dict[str, int] = {}
    speed: list[str] = []
    for label, year, path, planted in inputs:
        print(f"{label} ...", file=sys.stderr)
        ours, theirs = run_safehold(year, path), run_peer(year, path)
        text, counts = section(label, year, ours, theirs)
        if planted:
            text += "\nFaults planted (child: fault, family): " + "; ".join(
                f"{c}: {w} ({f})" for c, w, f in planted
            ) + ".\n"  # fmt: skip
        sections.append(text)
        for k, v in counts.items():
            totals[k] = totals.get(k, 0) + v
        speed.append(f"| {label} | {path.stat().st_size / 1024:,.0f} kB | {ours.wall_s:.1f} "
                     f"| {theirs.wall_s:.1f} | {theirs.rules_s or 0:.1f} |")  # fmt: skip
    peer_version = subprocess.run(
        [str(PEER_PYTHON), "-c", "import importlib.metadata as m; "
         "print(m.version('csc-validator-be-cin'))"],
        capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    header = [
        "# CIN census: agreement with the community validator",
        "",
        f"Measured {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}; Safehold commit "
        f"{git_commit(ROOT)}; peer csc-validator-be-cin {peer_version} (fake data from its "
        f"repository at {git_commit(repo)}). Command: `python benchmarks/agreement/agreement_cin.py`.",
        "",
        "Counts are children (a return-level finding counts as one, `(return)`). Disagreements "
        "by class, over all inputs (a rule counted once per input where it disagrees):",
        "",
        *[f"* {k}: {v}" for k, v in sorted(totals.items())],
        "",
        "## Speed (wall seconds, each validator started fresh)",
        "",
        NOISE,
        "",
        "| input | size | Safehold | peer | peer validating only |",
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
