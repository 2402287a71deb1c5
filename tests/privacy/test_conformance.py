"""The conformance check: each kind of gap is found, and a conformant model has none."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.privacy.conformance import (
    ColumnInfo,
    Gap,
    GapKind,
    check,
    columns_from_metadata,
)
from safehold.privacy.register import Register, load_register_text
from tests.privacy.conftest import default_register_data, dump


def _column(name: str, info: dict[str, Any]) -> sa.Column[Any]:
    return sa.Column(name, sa.String, info=info)


NOT_PERSONAL = {"personal": False}


def clean_metadata() -> sa.MetaData:
    """A small record model that the default register covers."""
    md = sa.MetaData()
    sa.Table(
        "child",
        md,
        sa.Column("id", sa.Integer, primary_key=True, info=NOT_PERSONAL),
        _column("name", {"category": "personal_details", "special": False}),
        _column("ethnicity", {"category": "characteristics", "special": True}),
        _column("social_worker", {"category": "workforce", "special": False}),
        sa.Column("created_at", sa.DateTime, info=NOT_PERSONAL),
        info={"record_kind": "looked_after_record"},
    )
    sa.Table(
        "health_check",
        md,
        sa.Column("id", sa.Integer, primary_key=True, info=NOT_PERSONAL),
        _column("sdq_score", {"category": "outcomes", "special": True}),
        info={"record_kind": "looked_after_record"},
    )
    sa.Table(
        "code_lookup",  # reference data: no personal data, so no retention class is needed
        md,
        _column("code", NOT_PERSONAL),
        _column("label", NOT_PERSONAL),
    )
    return md


def edited(change: Any) -> Register:
    data = default_register_data()
    change(data)
    return load_register_text(dump(data), "edited.yaml")


def kinds(gaps: list[Gap]) -> list[GapKind]:
    return [g.kind for g in gaps]


def test_columns_from_metadata_reads_the_tags() -> None:
    rows = {c.name: c for c in columns_from_metadata(clean_metadata())}
    assert rows["child.ethnicity"] == ColumnInfo(
        "child", "ethnicity", "characteristics", True, None, "looked_after_record"
    )
    assert rows["child.id"].personal is False and not rows["child.id"].holds_personal_data
    assert rows["code_lookup.label"].record_kind is None
    assert len(rows) == 9


def test_a_conformant_model_has_no_gaps(register: Register) -> None:
    assert check(register, columns_from_metadata(clean_metadata()), ["dfe", "schools"]) == []


def test_column_with_no_category_is_a_gap(register: Register) -> None:
    md = clean_metadata()
    md.tables["child"].append_column(sa.Column("nickname", sa.String))
    gaps = check(register, columns_from_metadata(md))
    assert kinds(gaps) == [GapKind.UNCATEGORISED_COLUMN]
    assert gaps[0].subject == "child.nickname"
    assert "personal" in gaps[0].message


def test_special_column_whose_category_has_no_article_9_condition(register: Register) -> None:
    def drop_conditions(data: dict[str, Any]) -> None:
        for purpose in data["purposes"]:
            purpose["special_conditions"] = []

    gaps = check(edited(drop_conditions), columns_from_metadata(clean_metadata()))
    assert kinds(gaps) == [GapKind.SPECIAL_WITHOUT_CONDITION] * 2
    assert {g.subject for g in gaps} == {"child.ethnicity", "health_check.sdq_score"}


def test_special_tag_that_disagrees_with_the_register(register: Register) -> None:
    md = clean_metadata()
    # an ordinary column in a special category is fine: sex sits beside ethnicity
    md.tables["child"].append_column(
        _column("sex", {"category": "characteristics", "special": False})
    )
    assert check(register, columns_from_metadata(md)) == []
    # special data in a category the register calls ordinary is the gap
    md.tables["child"].append_column(
        _column("diagnosis", {"category": "personal_details", "special": True})
    )
    gaps = check(register, columns_from_metadata(md))
    assert kinds(gaps) == [GapKind.SPECIAL_MISMATCH]
    assert gaps[0].subject == "child.diagnosis"


def test_category_the_register_does_not_declare(register: Register) -> None:
    md = clean_metadata()
    md.tables["child"].append_column(_column("hobby", {"category": "hobbies", "special": False}))
    md.tables["child"].append_column(_column("club", {"category": "hobbies", "special": False}))
    gaps = check(register, columns_from_metadata(md))
    assert kinds(gaps) == [GapKind.UNDECLARED_CATEGORY]  # one gap per category, naming both
    assert "child.hobby" in gaps[0].message and "child.club" in gaps[0].message


def test_category_declared_but_not_in_the_notice() -> None:
    def hide_adoption(data: dict[str, Any]) -> None:
        adoption = next(c for c in data["categories"] if c["id"] == "adoption")
        adoption["in_notice"] = False

    md = clean_metadata()
    md.tables["child"].append_column(
        _column("adoption_order", {"category": "adoption", "special": False})
    )
    gaps = check(edited(hide_adoption), columns_from_metadata(md))
    assert kinds(gaps) == [GapKind.CATEGORY_NOT_IN_NOTICE]
    assert gaps[0].subject == "category adoption"


def test_category_covered_by_another_notice_is_not_a_gap(register: Register) -> None:
    # workforce is in_notice: false but covered_by the workforce privacy notice
    assert register.category("workforce").covered_by
    assert check(register, columns_from_metadata(clean_metadata())) == []


def test_recipient_the_notice_does_not_name(register: Register) -> None:
    gaps = check(register, columns_from_metadata(clean_metadata()), ["dfe", "police_direct"])
    assert kinds(gaps) == [GapKind.UNDECLARED_RECIPIENT]
    assert gaps[0].subject == "recipient police_direct"

    def hide_schools(data: dict[str, Any]) -> None:
        data["recipients"][1]["in_notice"] = False

    gaps = check(edited(hide_schools), [], ["schools", "schools"])
    assert kinds(gaps) == [GapKind.RECIPIENT_NOT_IN_NOTICE]


def test_table_with_no_retention_class(register: Register) -> None:
    md = clean_metadata()
    sa.Table("sibling", md, _column("name", {"category": "personal_details", "special": False}))
    gaps = check(register, columns_from_metadata(md))
    assert kinds(gaps) == [GapKind.NO_RETENTION_CLASS]
    assert gaps[0].subject == "table sibling"


def test_table_whose_retention_class_is_unknown(register: Register) -> None:
    md = clean_metadata()
    sa.Table(
        "note",
        md,
        _column("text", {"category": "child_in_need", "special": False}),
        info={"record_kind": "forever"},
    )
    gaps = check(register, columns_from_metadata(md))
    assert kinds(gaps) == [GapKind.UNKNOWN_RETENTION_CLASS]
    assert "forever" in gaps[0].message


def test_purpose_with_no_lawful_basis() -> None:
    def no_basis(data: dict[str, Any]) -> None:
        data["purposes"][4]["lawful_bases"] = []

    gaps = check(edited(no_basis), columns_from_metadata(clean_metadata()))
    assert kinds(gaps) == [GapKind.PURPOSE_WITHOUT_BASIS]
    assert gaps[0].subject == "purpose policy_evaluation"


@settings(max_examples=50, deadline=None)
@given(
    tags=st.lists(
        st.tuples(
            st.sampled_from(["personal_details", "outcomes", "nonsense", None]),
            st.sampled_from([True, False, None]),
            st.sampled_from([True, False, None]),
        ),
        min_size=1,
        max_size=8,
    )
)
def test_every_untagged_personal_column_is_reported_exactly_once(
    tags: list[tuple[str | None, bool | None, bool | None]],
) -> None:
    from safehold.privacy.register import load_register

    register = load_register()
    columns = [
        ColumnInfo("t", f"c{i}", category, special, personal, "looked_after_record")
        for i, (category, special, personal) in enumerate(tags)
    ]
    gaps = check(register, columns)
    uncategorised = {g.subject for g in gaps if g.kind is GapKind.UNCATEGORISED_COLUMN}
    expected = {c.name for c in columns if c.category is None and c.personal is not False}
    assert uncategorised == expected
    undeclared = [g for g in gaps if g.kind is GapKind.UNDECLARED_CATEGORY]
    assert len(undeclared) == (1 if any(c.category == "nonsense" for c in columns) else 0)
