"""``diff_registers``: what changed between register versions, in residents' words."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.privacy.notice.diff import diff_registers
from safehold.privacy.register import Register, load_register_text
from tests.privacy.conftest import default_register_data, dump


def _edited(change: Any) -> Register:
    data = default_register_data()
    data["version"] = 2
    change(data)
    return load_register_text(dump(data), "v2.yaml")


def _sentences(old: Register, new: Register) -> list[str]:
    return [c.sentence for c in diff_registers(old, new)]


def test_identical_registers_have_no_changes(register: Register) -> None:
    assert diff_registers(register, register) == []
    assert _sentences(register, _edited(lambda d: None)) == []


def test_sharing_a_new_category_with_a_recipient(register: Register) -> None:
    def share_outcomes(data: dict[str, Any]) -> None:
        schools = next(r for r in data["recipients"] if r["id"] == "schools")
        schools["categories"].append("outcomes")

    new = _edited(share_outcomes)
    assert _sentences(register, new) == ["We now share outcomes information with schools."]
    assert _sentences(new, register) == ["We no longer share outcomes information with schools."]


def test_retention_change_says_the_new_and_the_old_period(register: Register) -> None:
    def longer(data: dict[str, Any]) -> None:
        leavers = next(r for r in data["retention_classes"] if r["id"] == "care_leaver_record")
        leavers["period"]["years"] = 100
        leavers["extensions"] = []

    assert _sentences(register, _edited(longer)) == [
        "We keep care leaver records for 100 years after your date of birth (was 75 years after "
        "your date of birth; 15 years after death if the person dies)."
    ]


def test_new_and_removed_recipients_categories_purposes_and_sources(register: Register) -> None:
    def change(data: dict[str, Any]) -> None:
        data["recipients"].append(
            {
                "id": "researchers",
                "name": "approved researchers",
                "notice_wording": "approved researchers",
                "plain_wording": "researchers we trust",
                "categories": ["outcomes", "looked_after"],
                "purposes": ["policy_evaluation"],
                "gateway": [{"legislation": "children_act_2004"}],
            }
        )
        data["recipients"] = [r for r in data["recipients"] if r["id"] != "partner_agencies"]
        data["purposes"] = [p for p in data["purposes"] if p["id"] != "service_quality"]
        data["sources"] = data["sources"][:3]

    sentences = _sentences(register, _edited(change))
    assert (
        "We now share information with approved researchers: outcomes information and looked "
        "after information." in sentences
    )
    assert "We no longer share information with partner agencies." in sentences
    assert (
        "We no longer use information to assess, monitor and improve the quality of our services."
        in sentences
    )
    assert (
        "We no longer collect information shared by schools, health services and partner agencies."
        in sentences
    )


def test_lawful_basis_rights_and_special_status(register: Register) -> None:
    def change(data: dict[str, Any]) -> None:
        data["purposes"][0]["lawful_bases"] = ["legal_obligation"]
        next(r for r in data["rights"] if r["id"] == "object")["applies_under"] = [
            "public_task",
            "legal_obligation",
        ]
        next(c for c in data["categories"] if c["id"] == "adoption")["special"] = True
        data["last_updated"] = "2026-06"

    sentences = _sentences(register, _edited(change))
    assert (
        "To support children and young people and monitor their progress, we now rely on legal "
        "obligation (was public task)." in sentences
    )
    assert (
        "The right to object in certain circumstances now applies where we rely on legal "
        "obligation." in sentences
    )
    assert (
        "We now treat adoption information as special category information, which the law "
        "protects more strictly." in sentences
    )
    assert "The notice was last updated in June 2026 (was January 2026)." in sentences


def test_contact_changes_are_reported(register: Register) -> None:
    def change(data: dict[str, Any]) -> None:
        data["contacts"]["dpo"]["email"] = "privacy@example.gov.uk"

    (sentence,) = _sentences(register, _edited(change))
    assert sentence.startswith("We have updated our Data Protection Officer's contact details")
    assert "privacy@example.gov.uk" in sentence


def test_internal_wording_the_notice_does_not_show_is_not_reported(register: Register) -> None:
    def change(data: dict[str, Any]) -> None:
        data["retention_classes"][0]["source_note"] = "Checked against reg 50 in March."
        data["categories"][0]["examples"].append("photograph")

    assert _sentences(register, _edited(change)) == []


@settings(max_examples=20, deadline=None)
@given(index=st.integers(min_value=0, max_value=8), years=st.integers(min_value=0, max_value=150))
def test_every_retention_period_change_is_reported_once(
    register: Register, index: int, years: int
) -> None:
    def change(data: dict[str, Any]) -> None:
        data["retention_classes"][index]["period"]["years"] = years

    new = _edited(change)
    sentences = _sentences(register, new)
    changed_class = new.retention_classes[index]
    unchanged = register.retention_classes[index].period.years == years
    if unchanged or not changed_class.in_notice:
        assert sentences == []
    else:
        (sentence,) = sentences
        assert sentence.startswith(f"We keep {changed_class.name} for {years} year")


def test_every_piece_of_notice_prose_belongs_to_a_section() -> None:
    from safehold.privacy.notice.diff import _PROSE_SECTIONS
    from safehold.privacy.register.schema import NoticeText

    assert set(NoticeText.model_fields) - {"statutory_collector"} == set(_PROSE_SECTIONS)


def test_legislation_government_uses_sections_and_wording(register: Register) -> None:
    def change(data: dict[str, Any]) -> None:
        data["legislation"].append(
            {"id": "children_and_families_act_2014", "title": "Children and Families Act 2014"}
        )
        data["purposes"][1]["legislation"].append("children_and_families_act_2014")
        dfe = next(r for r in data["recipients"] if r["id"] == "dfe")
        dfe["onward_uses"] = [*dfe["onward_uses"][:3], "plan school places"]
        dfe["notice_sections"][0]["paragraphs"][0] = "The National Pupil Database holds records."
        dfe["notice_sections"].pop(1)
        data["notice"]["complaints"] = ["Please tell us first if you are unhappy."]
        data["notice"]["sharing_why"] = "We share only where the law allows."

    assert _sentences(register, _edited(change)) == [
        "Our notice now names our duties under the Children and Families Act 2014.",
        "Data shared with the Department for Education now also helps to plan school places.",
        "Our notice no longer says data shared with the Department for Education helps to "
        "identify and promote good practice.",
        "We have reworded the section National Pupil Database.",
        "Our notice no longer has the section Accessing data held by the Department for Education.",
        "We have reworded why we share this information and complaints.",
    ]
