import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehold.codes import (
    SUPPORTED_YEARS,
    InvalidCode,
    UnknownCodeSet,
    UnsupportedYear,
    code_set,
    code_sets,
    collection_period,
    collection_year_of,
    known_codes,
    year_label,
)


def test_placement_types_change_by_year() -> None:
    assert "K3" not in code_set("placement_type", 2024)
    assert {"K3", "H5", "Z1"} <= code_set("placement_type", 2025).codes
    later = code_set("placement_type", 2026).codes
    assert {"Z11", "Z12", "Z13", "Z14", "K3"} <= later
    assert not {"H5", "P2", "Z1"} & later
    assert code_set("placement_type", 2027).codes == later


def test_sex_codes_switch_to_letters_in_2024_25() -> None:
    assert code_set("ssda903_sex", 2024).codes == {"1", "2"}
    assert code_set("sex", 2025).codes == {"M", "F", "U"}
    with pytest.raises(UnknownCodeSet):
        code_set("ssda903_sex", 2025)
    with pytest.raises(UnknownCodeSet):
        code_set("sex", 2024)


def test_every_year_resolves_and_labels_every_code() -> None:
    for year in SUPPORTED_YEARS:
        for name, cs in code_sets(year).items():
            assert cs.year == year
            assert cs.codes, name
            assert all(label.strip() for label in cs.labels.values()), name


def test_known_codes_span_years() -> None:
    assert {"H5", "Z11"} <= known_codes("placement_type")
    with pytest.raises(UnknownCodeSet):
        known_codes("no_such_set")


def test_check_names_the_set_value_and_year() -> None:
    with pytest.raises(InvalidCode, match=r"'XXXX' is not a valid ethnicity code in 2025/26"):
        code_set("ethnicity", 2026).check("XXXX")
    assert code_set("ethnicity", 2026).check("WBRI") == "WBRI"


def test_unsupported_year() -> None:
    with pytest.raises(UnsupportedYear, match="2019"):
        code_set("ethnicity", 2019)


def test_collection_period_and_label() -> None:
    assert collection_period(2026) == (dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert year_label(2026) == "2025/26"


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_a_date_falls_in_the_collection_year_it_names(day: dt.date) -> None:
    start, end = collection_period(collection_year_of(day))
    assert start <= day <= end
