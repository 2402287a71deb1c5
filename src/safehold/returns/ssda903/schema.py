"""The SSDA903 tables and their exact CSV columns, per collection year.

Tables are recognised by their set of columns, never by file name. Dates are ``DD/MM/YYYY``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[str, ...]
    dates: tuple[str, ...]
    #: one row per child (Header, OC2, ...) or many (Episodes, Reviews, ...)
    one_per_child: bool
    #: first collection year the table exists in (SWEpisodes 2024, DoLo 2027)
    since: int = 2023


TABLES: tuple[TableSpec, ...] = (
    TableSpec("Header", ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"),
              ("DOB", "MC_DOB"), True),
    TableSpec("Episodes", ("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC",
                           "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
              ("DECOM", "DEC"), False),
    TableSpec("Reviews", ("CHILD", "DOB", "REVIEW", "REVIEW_CODE"), ("DOB", "REVIEW"), False),
    TableSpec("UASC", ("CHILD", "SEX", "DOB", "DUC"), ("DOB", "DUC"), True),
    TableSpec("OC2", ("CHILD", "DOB", "SDQ_SCORE", "SDQ_REASON", "CONVICTED", "HEALTH_CHECK",
                      "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE",
                      "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"), ("DOB",), True),
    TableSpec("OC3", ("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"), ("DOB",), True),
    TableSpec("AD1", ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR",
                      "SEX_ADOPTR", "LS_ADOPTR"), ("DOB", "DATE_INT", "DATE_MATCH"), True),
    TableSpec("PlacedAdoption", ("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED",
                                 "REASON_PLACED_CEASED"),
              ("DOB", "DATE_PLACED", "DATE_PLACED_CEASED"), False),
    # DATE_PERM may hide day, month or year as ZZ/ZZ/ZZZZ, so it stays text.
    TableSpec("PrevPerm", ("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"), ("DOB",), True),
    TableSpec("Missing", ("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"),
              ("DOB", "MIS_START", "MIS_END"), False),
    TableSpec("SWEpisodes", ("CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"),
              ("DOB", "SW_DECOM", "SW_DEC"), False, since=2024),
    TableSpec("DoLo", ("CHILD", "DOB", "DOLO_START", "DOLO_END"),
              ("DOB", "DOLO_START", "DOLO_END"), False, since=2027),
)  # fmt: skip

BY_NAME: dict[str, TableSpec] = {t.name: t for t in TABLES}
DATE_FORMAT = "%d/%m/%Y"


def tables_for(year: int) -> tuple[TableSpec, ...]:
    """The tables of the return in a collection year."""
    return tuple(t for t in TABLES if t.since <= year)


def table_for_columns(columns: set[str] | frozenset[str]) -> TableSpec | None:
    """The table whose column set is exactly ``columns``, if any."""
    for spec in TABLES:
        if set(spec.columns) == set(columns):
            return spec
    return None
