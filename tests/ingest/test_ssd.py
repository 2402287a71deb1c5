"""SSD extracts: the round trip loses nothing, and a bad file is refused whole with a clear report."""

from __future__ import annotations

import csv
import datetime as dt
import filecmp
from pathlib import Path

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehold.ingest.load import load_rows
from safehold.ingest.ssd import SsdImportError, export_extract, import_extract, ssd_tables
from safehold.record import Person, metadata
from safehold.synth.generate import generate

TODAY = dt.date(2026, 3, 31)


def _count(engine: sa.Engine, table: str = "person") -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(
                sa.select(sa.func.count()).select_from(metadata.tables[table])
            ).scalar_one()
        )


def test_every_core_ssd_table_is_held() -> None:
    held = set(ssd_tables())
    core = {"ssd_person", "ssd_cin_episodes", "ssd_cin_assessments", "ssd_assessment_factors",
            "ssd_cin_plans", "ssd_s47_enquiry", "ssd_initial_cp_conference", "ssd_cp_plans",
            "ssd_cp_reviews", "ssd_cla_episodes", "ssd_cla_placement", "ssd_cla_reviews",
            "ssd_cla_health", "ssd_cla_immunisations", "ssd_cla_substance_misuse",
            "ssd_sdq_scores", "ssd_missing", "ssd_care_leavers", "ssd_permanence",
            "ssd_cla_previous_permanence", "ssd_disability", "ssd_immigration_status",
            "ssd_mother", "ssd_involvements", "ssd_professionals", "ssd_address"}  # fmt: skip
    assert core <= held


def test_round_trip_loses_nothing(
    engine: sa.Engine, tmp_path: Path, sqlite_engine: sa.Engine
) -> None:
    authority = generate(120, 4, today=TODAY)
    load_rows(sqlite_engine, authority.rows, kind="synthetic", origin="test", by="test")
    first = tmp_path / "first"
    export_extract(sqlite_engine, first)
    _, count = import_extract(engine, first, by="test")
    assert count > 0
    second = tmp_path / "second"
    export_extract(engine, second)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    different = [n for n in names if not filecmp.cmp(first / n, second / n, shallow=False)]
    assert different == []


@given(seed=st.integers(min_value=0, max_value=10_000))
@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_round_trip_any_seed(seed: int, tmp_path_factory: pytest.TempPathFactory) -> None:
    from safehold.store import make_engine, upgrade

    base = tmp_path_factory.mktemp("rt")
    source = make_engine(f"sqlite:///{base / 'a.db'}")
    target = make_engine(f"sqlite:///{base / 'b.db'}")
    upgrade(source)
    upgrade(target)
    load_rows(source, generate(25, seed, today=TODAY).rows, kind="synthetic", origin="t", by="t")
    export_extract(source, base / "one")
    import_extract(target, base / "one", by="t")
    export_extract(target, base / "two")
    for path in (base / "one").iterdir():
        assert filecmp.cmp(path, base / "two" / path.name, shallow=False), path.name


def _write(folder: Path, name: str, header: list[str], rows: list[list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{name}.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


PERSON_FIELDS = [f.ssd_field for f in ssd_tables()["ssd_person"].fields]


def _person(**values: str) -> list[str]:
    row = dict.fromkeys(PERSON_FIELDS, "")
    row.update({"pers_person_id": "C1", "pers_sex": "F", "pers_dob": "2015-03-04"})
    row.update(values)
    return [row[f] for f in PERSON_FIELDS]


@pytest.mark.parametrize(
    ("values", "column", "expected"),
    [
        ({"pers_dob": "31/13/2015"}, "pers_dob", "a date (YYYY-MM-DD)"),
        ({"pers_ethnicity": "XXXX"}, "pers_ethnicity", "a DfE ethnicity code"),
        ({"pers_sex": "Female"}, "pers_sex", "a DfE sex code"),
        ({"pers_is_mother": "maybe"}, "pers_is_mother", "a flag (Y or N)"),
        ({"pers_forename": "x" * 300}, "pers_forename", "text of at most 255 characters"),
    ],
)
def test_bad_value_names_file_line_column_value_and_expectation(
    engine: sa.Engine, tmp_path: Path, values: dict[str, str], column: str, expected: str
) -> None:
    _write(tmp_path, "ssd_person", PERSON_FIELDS, [_person(pers_person_id="C0"), _person(**values)])
    with pytest.raises(SsdImportError) as info:
        import_extract(engine, tmp_path, by="test")
    [problem] = info.value.problems
    assert (problem.file, problem.line, problem.column) == ("ssd_person.csv", 3, column)
    assert problem.value == values[column]
    assert problem.expected == expected
    assert _count(engine) == 0


def test_missing_column_and_unknown_table(engine: sa.Engine, tmp_path: Path) -> None:
    _write(tmp_path, "ssd_person", [*PERSON_FIELDS[:-1], "surprise"], [[*_person()[:-1], "x"]])
    _write(tmp_path, "ssd_nonsense", ["a"], [["1"]])
    with pytest.raises(SsdImportError) as info:
        import_extract(engine, tmp_path, by="test")
    messages = [str(p) for p in info.value.problems]
    assert any("missing pers_nationality" in m and "unknown surprise" in m for m in messages)
    assert any(m.startswith("ssd_nonsense.csv: an SSD table the record holds") for m in messages)


def test_reference_to_nobody_refuses_everything(engine: sa.Engine, tmp_path: Path) -> None:
    _write(tmp_path, "ssd_person", PERSON_FIELDS, [_person()])
    fields = [f.ssd_field for f in ssd_tables()["ssd_disability"].fields]
    row = {"disa_person_id": "NOBODY", "disa_table_id": "D1", "disa_disability_code": "AUT"}
    _write(tmp_path, "ssd_disability", fields, [[row.get(f, "") for f in fields]])
    with pytest.raises(SsdImportError) as info:
        import_extract(engine, tmp_path, by="test")
    [problem] = info.value.problems
    assert problem.file == "ssd_disability.csv" and problem.line == 2
    assert problem.value == "NOBODY" and "person" in problem.expected
    assert _count(engine) == 0


def test_utf16_file_is_refused_with_advice(engine: sa.Engine, tmp_path: Path) -> None:
    (tmp_path / "ssd_person.csv").write_text(",".join(PERSON_FIELDS) + "\n", encoding="utf-16")
    with pytest.raises(SsdImportError, match="UTF-16"):
        import_extract(engine, tmp_path, by="test")


def test_a_good_extract_loads_with_provenance(engine: sa.Engine, tmp_path: Path) -> None:
    _write(tmp_path, "ssd_person", PERSON_FIELDS, [_person(pers_is_mother="N")])
    import_id, count = import_extract(engine, tmp_path, by="analyst")
    assert count == 1
    with engine.connect() as connection:
        person = connection.execute(sa.select(Person.__table__)).one()
    assert person.import_id == import_id
    assert person.recorded_by == "analyst"
    assert person.source == "case_management"
    assert person.is_mother is False
    assert person.date_of_birth == dt.date(2015, 3, 4)
