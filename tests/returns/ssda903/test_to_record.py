"""A return into the record: build → write → read → import → build gives the same return; a return
that does not fit the record is refused whole, naming file, line, field, value and expectation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehold.ingest.load import load_rows
from safehold.record import metadata
from safehold.returns.ssda903.build import build_return
from safehold.returns.ssda903.files import ReturnFileError
from safehold.returns.ssda903.from_store import IMPORT_KIND, build_from_store, import_return
from safehold.returns.ssda903.read import read_return
from safehold.returns.ssda903.record_frames import frames_from_rows
from safehold.returns.ssda903.to_record import ReturnImportError, return_to_frames
from safehold.returns.ssda903.write import write_csv_files
from safehold.synth.generate import generate

YEAR = 2026
TODAY = dt.date(2026, 5, 20)


def _same(first: dict[str, pl.DataFrame], second: dict[str, pl.DataFrame]) -> None:
    assert list(first) == list(second)
    for name in first:
        assert first[name].equals(second[name]), name


def _count(engine: sa.Engine, table: str) -> int:
    with engine.connect() as connection:
        query = sa.select(sa.func.count()).select_from(metadata.tables[table])
        return int(connection.execute(query).scalar_one())


@given(seed=st.integers(0, 10_000))
@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_build_write_read_import_build_is_the_same_return(
    seed: int, tmp_path_factory: pytest.TempPathFactory
) -> None:
    authority = generate(250, seed, today=TODAY)
    built = build_return(YEAR, frames_from_rows(authority.rows))
    folder = tmp_path_factory.mktemp("return")
    files = read_return(write_csv_files(built, folder))
    again = build_return(YEAR, return_to_frames(YEAR, files.tables))
    _same(built, again)


def test_through_the_store_with_provenance(
    engine: sa.Engine, sqlite_engine: sa.Engine, tmp_path: Path
) -> None:
    authority = generate(600, 21, today=TODAY)
    load_rows(sqlite_engine, authority.rows, kind="synthetic", origin="test", by="test")
    built = build_from_store(sqlite_engine, YEAR, by="test")
    assert built["Episodes"].height > 10 and built["SWEpisodes"].height > 10
    write_csv_files(built, tmp_path / "return")
    import_id, counts = import_return(engine, YEAR, [tmp_path / "return"], by="test")
    assert counts["person"] == built["Header"].height
    assert counts["cla_episode"] == built["Episodes"].height
    _same(built, build_from_store(engine, YEAR, by="test"))
    with engine.connect() as connection:
        kinds = connection.execute(
            sa.select(metadata.tables["data_import"].c.kind, metadata.tables["data_import"].c.id)
        ).all()
        episode = metadata.tables["cla_episode"]
        provenance = set(
            connection.execute(sa.select(episode.c.source, episode.c.import_id).distinct()).all()
        )
    assert (IMPORT_KIND, import_id) in kinds
    assert provenance == {("case_management", import_id)}
    # loading it again is refused whole, and says why
    rows_before = _count(engine, "cla_review")
    with pytest.raises(ReturnImportError, match="was loaded before"):
        import_return(engine, YEAR, [tmp_path / "return"], by="test")
    assert _count(engine, "cla_review") == rows_before


def test_last_years_return_fills_in_history(sqlite_engine: sa.Engine, tmp_path: Path) -> None:
    authority = generate(500, 33, today=TODAY)
    frames = frames_from_rows(authority.rows)
    this_year, last_year = build_return(YEAR, frames), build_return(YEAR - 1, frames)
    write_csv_files(this_year, tmp_path / "now")
    write_csv_files(last_year, tmp_path / "before")
    _, counts = import_return(
        sqlite_engine, YEAR, [tmp_path / "now"], [tmp_path / "before"], by="test"
    )
    _same(this_year, build_from_store(sqlite_engine, YEAR, by="test"))
    # episodes that ended last year are in the record now, once each
    union = pl.concat([this_year["Episodes"], last_year["Episodes"]]).unique(["CHILD", "DECOM"])
    assert counts["cla_episode"] == union.height > this_year["Episodes"].height
    # and last year's return can be built again, but for the care leavers and outcomes (OC2,
    # OC3 and so the Header rows of care leavers), which the record takes from this year's only
    rebuilt = build_from_store(sqlite_engine, YEAR - 1, by="test")
    kept = ("Episodes", "Reviews", "UASC", "AD1", "PlacedAdoption", "PrevPerm", "Missing",
            "SWEpisodes")  # fmt: skip
    _same({k: last_year[k] for k in kept}, {k: rebuilt[k] for k in kept})


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPISODES = ("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,"
            "PL_POST,URN\n")  # fmt: skip


def test_a_return_that_does_not_fit_is_refused_whole(
    sqlite_engine: sa.Engine, tmp_path: Path
) -> None:
    folder = tmp_path / "bad"
    _write(folder, "header.csv", HEADER + "A1,M,01/02/2012,WBRI,UN4,,\nA2,Q,31/02/2012,XXXX,,,\n")
    _write(folder, "episodes.csv", EPISODES
           + "A1,01/05/2025,S,C2,N1,U4,PR1,,,,AB1 2CD,AB1 3CD,XXXXXXX\n"
           + "A9,01/05/2025,S,C2,N1,U4,PR1,,,,AB1 2CD,AB1 3CD,XXXXXXX\n"
           + "A1,2025-06-01,P,C2,N1,U4,PR1,,E4A,,AB1 2CD,AB1 3CD,XXXXXXX\n")  # fmt: skip
    with pytest.raises(ReturnImportError) as caught:
        import_return(sqlite_engine, YEAR, [folder], by="test")
    text = "\n".join(str(p) for p in caught.value.problems)
    header, episodes = str(folder / "header.csv"), str(folder / "episodes.csv")
    assert f"{header} (Header table), line 3: SEX 'Q': expected one of" in text
    assert (
        f"{header} (Header table), line 3: DOB '31/02/2012': expected a date as DD/MM/YYYY" in text
    )
    assert f"{header} (Header table), line 3: ETHNIC 'XXXX': expected one of" in text
    assert (f"{episodes} (Episodes table), line 3: CHILD 'A9': expected a child who has a row "
            "in the Header table") in text  # fmt: skip
    assert f"{episodes} (Episodes table), line 4: DECOM '2025-06-01': expected a date" in text
    assert f"{episodes} (Episodes table), line 4: REC 'E4A': expected no reason without" in text
    assert _count(sqlite_engine, "person") == 0


def test_unreadable_files_and_tables_of_another_year(
    sqlite_engine: sa.Engine, tmp_path: Path
) -> None:
    with pytest.raises(ReturnFileError, match=r"no \.csv or \.xml files"):
        import_return(sqlite_engine, YEAR, [tmp_path], by="test")
    _write(tmp_path / "y", "dolo.csv", "CHILD,DOB,DOLO_START,DOLO_END\n")
    with pytest.raises(ReturnFileError, match="DoLo table, which the 2026 return does not have"):
        import_return(sqlite_engine, YEAR, [tmp_path / "y"], by="test")


def test_a_social_worker_already_held_is_reused(sqlite_engine: sa.Engine, tmp_path: Path) -> None:
    load_rows(sqlite_engine, {"professional": [{"id": "W1", "registration_number": "SW777"}]},
              kind="test", origin="test", by="test")  # fmt: skip
    folder = tmp_path / "sw"
    _write(folder, "header.csv", HEADER + "A1,M,01/02/2012,WBRI,UN4,,\n")
    _write(folder, "episodes.csv", EPISODES + "A1,01/05/2025,S,C2,N1,U4,PR1,,,,,,XXXXXXX\n")
    _write(folder, "sw.csv", "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n"
           "A1,01/02/2012,SW777,01/05/2025,,CHCHAN\nA1,01/02/2012,SW888,01/04/2025,01/05/2025,"
           "CHCHAN\n")  # fmt: skip
    import_return(sqlite_engine, YEAR, [folder], by="test")
    with sqlite_engine.connect() as connection:
        t = metadata.tables["involvement"]
        held = dict(connection.execute(sa.select(t.c.start_date, t.c.professional_id)).all())
    assert held[dt.date(2025, 5, 1)] == "W1"
    assert held[dt.date(2025, 4, 1)] == "903:SW:SW888"
    assert _count(sqlite_engine, "professional") == 2


def test_the_xml_form_round_trips_all_it_carries(tmp_path: Path) -> None:
    from safehold.returns.ssda903.write import write_xml

    authority = generate(300, 8, today=TODAY)
    built = build_return(YEAR, frames_from_rows(authority.rows))
    carried = {name: frame for name, frame in built.items() if name != "SWEpisodes"}
    files = read_return([write_xml(carried, tmp_path / "ssda903.xml")])
    again = build_return(YEAR, return_to_frames(YEAR, files.tables))
    assert again["SWEpisodes"].is_empty()
    _same(carried, {name: frame for name, frame in again.items() if name != "SWEpisodes"})
