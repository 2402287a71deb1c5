"""Building the SSDA903 return from the record: who is in each table, and what each item says."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.returns.ssda903.build import build_return
from safehold.returns.ssda903.record_frames import frames_from_rows
from safehold.returns.ssda903.schema import BY_NAME, tables_for

D = dt.date
YEAR = 2026  # 1 April 2025 to 31 March 2026


def child(cid: str, dob: D, sex: str = "F", **extra: Any) -> dict[str, Any]:
    return {"id": cid, "kind": "child", "sex": sex, "ethnicity": "WBRI", "date_of_birth": dob,
            "upn": None, "upn_unknown": "UN1"} | extra  # fmt: skip


def episode(cid: str, start: D, end: D | None = None, reason: str | None = None,
            rne: str = "S", **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {"id": f"{cid}-{start}", "person_id": cid, "start_date": start, "end_date": end,
            "end_reason": reason, "reason_new_episode": rne, "legal_status": "C2",
            "category_of_need": "N1", "placement_type": "U4", "placement_provider": "PR1",
            "home_postcode": "AB1 2CD", "placement_postcode": "AB1 3CD", "urn": "XXXXXXX",
            "period_id": f"P-{cid}"} | extra  # fmt: skip


def build(rows: dict[str, list[dict[str, Any]]], year: int = YEAR) -> dict[str, pl.DataFrame]:
    return build_return(year, frames_from_rows(rows))


def column(tables: dict[str, pl.DataFrame], table: str, name: str) -> list[str | None]:
    return tables[table][name].to_list()


def test_every_table_of_the_year_in_the_dfe_column_order() -> None:
    for year in (2024, 2026, 2027):
        tables = build({}, year)
        assert list(tables) == [t.name for t in tables_for(year)]
        for name, frame in tables.items():
            assert tuple(frame.columns) == BY_NAME[name].columns
            assert all(dtype == pl.String for dtype in frame.dtypes)
    assert "DoLo" not in build({}, 2026) and "SWEpisodes" not in build({}, 2023)


def test_episodes_open_in_the_year_as_at_31_march() -> None:
    rows = {
        "person": [child("A", D(2012, 5, 1)), child("B", D(2012, 5, 1)), child("C", D(2012, 5, 1))],
        "cla_episode": [
            episode("A", D(2024, 1, 1), D(2025, 3, 31), "E4A"),  # ended the day before the year
            episode("B", D(2024, 1, 1), D(2025, 4, 1), "X1", reason_place_change="CARPL"),
            episode("B", D(2025, 4, 1), D(2026, 6, 1), "E4A", rne="P"),  # ends after 31 March
            episode("C", D(2026, 4, 1)),  # starts after the year
        ],
    }
    tables = build(rows)
    episodes = tables["Episodes"]
    assert episodes["CHILD"].to_list() == ["B", "B"]
    assert episodes["DECOM"].to_list() == ["01/01/2024", "01/04/2025"]
    assert episodes["DEC"].to_list() == ["01/04/2025", None]
    assert episodes["REC"].to_list() == ["X1", None]
    assert episodes["REASON_PLACE_CHANGE"].to_list() == ["CARPL", None]
    assert column(tables, "Header", "CHILD") == ["B"]
    assert column(tables, "Header", "MOTHER") == ["0"]  # a girl looked after, not a mother


def test_header_items_and_the_sex_code_of_the_year() -> None:
    rows = {
        "person": [
            child("M", D(2009, 6, 1), upn="A123456789012", upn_unknown=None),
            child("N", D(2009, 6, 1), sex="M"),
        ],
        "mother_child": [
            {"id": "x", "mother_id": "M", "child_date_of_birth": D(2025, 9, 1)},
            {"id": "y", "mother_id": "M", "child_date_of_birth": D(2026, 5, 1)},  # after 31 March
        ],
        "cla_episode": [episode("M", D(2025, 6, 1)), episode("N", D(2025, 6, 1))],
    }
    tables = build(rows)
    header = tables["Header"].rows_by_key("CHILD", named=True, unique=True)
    assert header["M"] | {} == {"SEX": "F", "DOB": "01/06/2009", "ETHNIC": "WBRI",
                                "UPN": "A123456789012", "MOTHER": "1", "MC_DOB": "01/09/2025"}  # fmt: skip
    assert (header["N"]["UPN"], header["N"]["MOTHER"], header["N"]["MC_DOB"]) == ("UN1", None, None)
    rows["cla_episode"] = [episode("M", D(2023, 6, 1)), episode("N", D(2023, 6, 1))]
    old = build(rows, 2024)["Header"]  # before 2024/25 the return coded sex 1 and 2
    assert old["SEX"].to_list() == ["2", "1"]


def test_oc2_for_the_year_long_cohort_from_the_years_outcomes() -> None:
    rows = {
        "person": [child("A", D(2013, 1, 1)), child("B", D(2013, 1, 1)), child("Y", D(2023, 6, 1))],
        "cla_episode": [
            episode("A", D(2024, 1, 1)),
            episode("B", D(2025, 6, 1)),  # came into care in the year: not in OC2
            episode("Y", D(2024, 1, 1)),
        ],
        "health_check": [
            {
                "id": "1",
                "person_id": "A",
                "check_type": "dental_check",
                "check_date": D(2025, 8, 1),
                "status": "completed",
            },
            {
                "id": "2",
                "person_id": "A",
                "check_type": "health_assessment",
                "check_date": D(2025, 8, 1),
                "status": "refused",
            },
            {
                "id": "3",
                "person_id": "Y",
                "check_type": "development_check",
                "check_date": D(2025, 8, 1),
                "status": "completed",
            },
        ],
        "sdq_score": [
            {"id": "1", "person_id": "A", "completed_date": D(2024, 8, 1), "score": 30},
            {"id": "2", "person_id": "A", "completed_date": D(2025, 8, 1), "score": 12},
        ],
        "immunisation": [
            {"id": "1", "person_id": "A", "up_to_date": True, "status_date": D(2025, 8, 1)}
        ],
        "substance_misuse": [
            {
                "id": "1",
                "person_id": "A",
                "identified_date": D(2025, 9, 1),
                "intervention_received": True,
                "intervention_offered": True,
            }
        ],
        "conviction": [{"id": "1", "person_id": "A", "offence_date": D(2025, 10, 1)}],
    }
    oc2 = build(rows)["OC2"].rows_by_key("CHILD", named=True, unique=True)
    assert set(oc2) == {"A", "Y"}
    assert oc2["A"] == {"DOB": "01/01/2013", "SDQ_SCORE": "12", "SDQ_REASON": None,
                        "CONVICTED": "1", "HEALTH_CHECK": None, "IMMUNISATIONS": "1",
                        "TEETH_CHECK": "1", "HEALTH_ASSESSMENT": "0", "SUBSTANCE_MISUSE": "1",
                        "INTERVENTION_RECEIVED": "1", "INTERVENTION_OFFERED": None}  # fmt: skip
    # a two-year-old: a health check, no SDQ, no convictions; nothing recorded is a 0
    assert oc2["Y"] == {"DOB": "01/06/2023", "SDQ_SCORE": None, "SDQ_REASON": None,
                        "CONVICTED": None, "HEALTH_CHECK": "1", "IMMUNISATIONS": "0",
                        "TEETH_CHECK": "0", "HEALTH_ASSESSMENT": "0", "SUBSTANCE_MISUSE": "0",
                        "INTERVENTION_RECEIVED": None, "INTERVENTION_OFFERED": None}  # fmt: skip


def test_oc3_takes_the_contact_nearest_the_birthday_in_the_year() -> None:
    contact = {"in_touch": "YES", "activity": "F2", "accommodation": "U1"}
    rows = {
        "person": [child("L", D(2008, 7, 1)), child("S", D(2008, 7, 1)), child("Y", D(2012, 1, 1))],
        "cla_episode": [
            episode("L", D(2020, 1, 1), D(2024, 12, 1), "E8"),
            episode("S", D(2020, 1, 1)),  # still looked after on the 17th birthday
        ],
        "care_leaver": [
            {"id": "1", "person_id": "L", "latest_contact_date": D(2025, 6, 20)} | contact,
            {
                "id": "2",
                "person_id": "L",
                "latest_contact_date": D(2025, 12, 1),
                "in_touch": "NO",
                "activity": "0",
                "accommodation": "0",
            },
            {"id": "3", "person_id": "S", "latest_contact_date": D(2025, 7, 1)} | contact,
            {"id": "4", "person_id": "Y", "latest_contact_date": D(2025, 7, 1)} | contact,  # 14
        ],
    }
    tables = build(rows)
    assert tables["OC3"].to_dicts() == [
        {"CHILD": "L", "DOB": "01/07/2008", "IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "U1"}
    ]
    # a care leaver not looked after in the year is in the Header, without motherhood items
    assert column(tables, "Header", "CHILD") == ["L", "S"]
    assert column(tables, "Header", "MOTHER") == [None, "0"]


def test_adoption_tables() -> None:
    rows = {
        "person": [child("A", D(2021, 1, 1)), child("R", D(2021, 1, 1))],
        "cla_episode": [
            episode("A", D(2023, 1, 1), D(2025, 4, 10), "X1"),
            episode("A", D(2025, 4, 10), D(2025, 11, 1), "E11", rne="P", placement_type="A6"),
            episode("R", D(2023, 1, 1)),
        ],
        "permanence": [
            {
                "id": "1",
                "person_id": "A",
                "decision_date": D(2024, 1, 5),
                "matched_date": D(2025, 3, 1),
                "adopted_by_carer": False,
                "number_of_adopters": "2",
                "adopter_sex": "MF",
                "adopter_legal_status": "L11",
                "order_date": D(2025, 11, 1),
            },
            {
                "id": "2",
                "person_id": "R",
                "decision_date": D(2024, 2, 1),
                "decision_reversed_date": D(2025, 5, 1),
                "decision_reversed_reason": "RD1",
            },
            {
                "id": "3",
                "person_id": "R",
                "decision_date": D(2023, 3, 1),
                "decision_reversed_date": D(2024, 1, 1),
                "decision_reversed_reason": "RD2",
            },
        ],
    }
    tables = build(rows)
    assert tables["AD1"].to_dicts() == [
        {"CHILD": "A", "DOB": "01/01/2021", "DATE_INT": "05/01/2024", "DATE_MATCH": "01/03/2025",
         "FOSTER_CARE": "0", "NB_ADOPTR": "2", "SEX_ADOPTR": "MF", "LS_ADOPTR": "L11"}
    ]  # fmt: skip
    placed = tables["PlacedAdoption"]
    assert placed.select("CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED").rows() == [
        ("A", "05/01/2024", None, None),
        ("R", "01/02/2024", "01/05/2025", "RD1"),
    ]  # fmt: skip


def test_prevperm_missing_uasc_social_workers_and_dolo() -> None:
    rows = {
        "person": [child("N", D(2010, 1, 1), sex="M"), child("O", D(2010, 1, 1), sex="M")],
        "cla_episode": [episode("N", D(2025, 5, 1)), episode("O", D(2024, 5, 1))],
        "previous_permanence": [
            {"id": "1", "person_id": "N", "option": "Z1"},
            {"id": "2", "person_id": "O", "option": "Z1"},  # did not start care in the year
        ],
        "missing_episode": [
            {"id": "1", "person_id": "N", "missing_type": "M", "start_date": D(2026, 3, 30),
             "end_date": D(2026, 4, 2)},
            {"id": "2", "person_id": "O", "missing_type": "A", "start_date": D(2025, 3, 1),
             "end_date": D(2025, 3, 2)},
        ],
        "immigration_status": [
            {"id": "1", "person_id": "N", "status": "UASC", "start_date": D(2025, 5, 1),
             "end_date": None},
            {"id": "2", "person_id": "O", "status": "uasc", "start_date": D(2024, 5, 1),
             "end_date": D(2025, 9, 1)},
        ],
        "professional": [{"id": "W1", "registration_number": "SW12345"},
                         {"id": "W2", "registration_number": None}],
        "involvement": [
            {"id": "1", "person_id": "N", "professional_id": "W1", "start_date": D(2025, 4, 20),
             "end_date": D(2026, 5, 1), "change_reason": "CHCHAN"},
            {"id": "2", "person_id": "O", "professional_id": "W2", "start_date": D(2025, 4, 20)},
        ],
        "deprivation_of_liberty": [
            {"id": "1", "person_id": "N", "start_date": D(2026, 6, 1), "end_date": None},
            {"id": "2", "person_id": "O", "start_date": D(2026, 1, 1), "end_date": D(2027, 5, 1)},
        ],
    }  # fmt: skip
    tables = build(rows)
    assert column(tables, "PrevPerm", "CHILD") == ["N"]
    assert tables["Missing"].select("CHILD", "MISSING", "MIS_START", "MIS_END").rows() == [
        ("N", "M", "30/03/2026", None)
    ]
    assert tables["UASC"].rows() == [
        ("N", "M", "01/01/2010", "01/01/2028"),
        ("O", "M", "01/01/2010", "01/09/2025"),
    ]
    assert tables["SWEpisodes"].select("CHILD", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON").rows() == [
        ("N", "SW12345", "20/04/2025", None, "CHCHAN")
    ]  # fmt: skip
    dolo = build(rows, 2027)["DoLo"]
    assert dolo.select("CHILD", "DOLO_START", "DOLO_END").rows() == [
        ("N", "01/06/2026", None), ("O", "01/01/2026", None)
    ]  # fmt: skip


def test_reviews_in_the_year_only_and_not_cancelled() -> None:
    rows = {
        "person": [child("A", D(2015, 1, 1))],
        "cla_episode": [episode("A", D(2024, 1, 1))],
        "cla_review": [
            {"id": "1", "person_id": "A", "review_date": D(2025, 3, 31), "participation": "PN1"},
            {"id": "2", "person_id": "A", "review_date": D(2025, 4, 1), "participation": "PN2"},
            {
                "id": "3",
                "person_id": "A",
                "review_date": D(2025, 9, 1),
                "participation": "PN3",
                "cancelled": True,
            },
            {"id": "4", "person_id": "A", "review_date": D(2026, 3, 31), "participation": "PN4"},
        ],
    }
    assert build(rows)["Reviews"].select("REVIEW", "REVIEW_CODE").rows() == [
        ("01/04/2025", "PN2"), ("31/03/2026", "PN4")
    ]  # fmt: skip


@given(
    start=st.dates(D(2023, 1, 1), D(2027, 1, 1)),
    length=st.one_of(st.none(), st.integers(0, 900)),
)
@settings(max_examples=80, deadline=None)
def test_an_episode_is_in_the_return_exactly_when_open_in_the_year(
    start: D, length: int | None
) -> None:
    end = None if length is None else start + dt.timedelta(days=length)
    rows = {
        "person": [child("A", D(2012, 1, 1))],
        "cla_episode": [episode("A", start, end, None if end is None else "E4A")],
    }
    episodes = build(rows)["Episodes"]
    first, last = D(2025, 4, 1), D(2026, 3, 31)
    assert episodes.height == int(start <= last and (end is None or end >= first))
    if episodes.height:
        reported = episodes["DEC"][0]
        assert reported == (end.strftime("%d/%m/%Y") if end is not None and end <= last else None)


def test_an_unsupported_year_is_refused() -> None:
    with pytest.raises(ValueError, match="collection year 2019 is not supported"):
        build({}, 2019)
