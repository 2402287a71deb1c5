"""The register: the default says what the seed notice says, and bad files get clear errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.privacy.register import (
    LawfulBasis,
    Register,
    RegisterError,
    load_register,
    load_register_text,
    load_version,
    packaged_versions,
)
from tests.privacy.conftest import default_register_data, dump

CATEGORY_IDS = [
    "personal_details",
    "characteristics",
    "child_in_need",
    "looked_after",
    "outcomes",
    "adoption",
    "care_leavers",
    "medical",
    "special_educational_needs",
    "behavioural_support",
]


def test_default_register_declares_the_record_models_category_ids(register: Register) -> None:
    in_notice = [c.id for c in register.categories if c.in_notice]
    assert in_notice == CATEGORY_IDS
    assert [c.id for c in register.notice_categories("additional")] == CATEGORY_IDS[7:]


def test_special_categories_are_the_ones_the_law_protects(register: Register) -> None:
    special = {c.id for c in register.categories if c.special}
    assert {"characteristics", "medical", "special_educational_needs", "behavioural_support"} <= (
        special
    )
    assert not register.category("personal_details").special
    assert not register.category("care_leavers").special


def test_every_special_category_has_an_article_9_condition(register: Register) -> None:
    for category in register.categories:
        if category.special:
            conditions = register.conditions_for(category.id)
            assert conditions, category.id
            assert all(c.schedule_1 for c in conditions)


def test_article_9_conditions_and_schedule_1_paragraphs(register: Register) -> None:
    by_article = {(c.article, tuple(c.schedule_1)) for c in register.special_conditions}
    assert any(a == "9(2)(g)" and "paragraph 6" in s[0] for a, s in by_article)
    assert any(a == "9(2)(g)" and "paragraph 18" in s[0] for a, s in by_article)
    assert any(a == "9(2)(h)" and "Part 1 paragraph 2" in s[0] for a, s in by_article)


def test_workforce_data_is_covered_by_another_notice(register: Register) -> None:
    workforce = register.category("workforce")
    assert not workforce.in_notice
    assert workforce.covered_by and "workforce" in workforce.covered_by


def test_purposes_rest_on_legal_obligation_or_public_task_and_none_is_automated(
    register: Register,
) -> None:
    assert len(register.purposes) == 5
    assert register.bases_in_use() == [LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.PUBLIC_TASK]
    assert not any(p.automated_decision_making for p in register.purposes)


def test_dfe_gateway_is_section_83_and_the_2013_regulations(register: Register) -> None:
    dfe = register.recipient("dfe")
    gateway = {(g.legislation, g.provision) for g in dfe.gateway}
    assert gateway == {
        ("children_act_1989", "Section 83"),
        ("individual_pupils_regulations_2013", None),
    }
    assert any("gov.uk" in link.url for link in dfe.links)


def test_rights_by_lawful_basis(register: Register) -> None:
    under_obligation = {r.id for r in register.rights_for(LawfulBasis.LEGAL_OBLIGATION)}
    under_task = {r.id for r in register.rights_for("public_task")}
    assert "erasure" not in under_obligation | under_task  # Article 17(3)(b)
    assert "object" in under_task and "object" not in under_obligation  # Article 21(1)
    assert "portability" not in under_obligation | under_task
    assert {"access", "rectification", "restrict", "informed", "complain"} <= under_obligation
    assert "portability" in {r.id for r in register.rights_for("consent")}


def test_retention_classes_follow_the_reference(register: Register) -> None:
    lac = register.retention_class("looked_after_record")
    assert (lac.period.trigger, lac.period.years, lac.basis) == ("date_of_birth", 75, "statute")
    adopted = register.retention_class("adoption_order_made")
    assert (adopted.period.trigger, adopted.period.years) == ("adoption_order", 100)
    cp = register.retention_class("child_protection_record")
    assert (cp.period.trigger, cp.period.years, cp.basis) == ("closure", 35, "local_policy")
    assert {(e.when, e.period.trigger, e.period.years) for e in cp.extensions} == {
        ("becomes_looked_after", "date_of_birth", 75),
        ("adopted", "adoption_order", 100),
    }
    assert register.retention_class("care_leaver_record").period.years == 75
    for needed in ("adoption_no_order", "child_in_need_record", "contact_no_further_action",
                   "audit_event", "rights_request"):  # fmt: skip
        assert register.retention_class(needed).source_note


def test_lookups_name_the_known_ids_when_an_id_is_unknown(register: Register) -> None:
    with pytest.raises(KeyError, match=r"known: .*looked_after_record"):
        register.retention_class("no_such_class")


def test_contacts_are_marked_as_placeholders_but_the_ico_is_real(register: Register) -> None:
    assert register.contacts.controller.placeholder
    assert register.contacts.dpo.placeholder
    assert register.contacts.ico.phone == "0303 123 1113"
    assert "ico.org.uk" in (register.contacts.ico.website or "")
    assert register.last_updated == "2026-01" and register.version == 1


def test_the_default_register_is_kept_as_version_1() -> None:
    assert 1 in packaged_versions()
    assert load_version("1") == load_register()
    assert load_version("v1") == load_register()
    with pytest.raises(RegisterError, match="a kept version"):
        load_version("99")


def _error(text: str) -> RegisterError:
    with pytest.raises(RegisterError) as info:
        load_register_text(text, "example.yaml")
    return info.value


def test_wrong_enum_value_names_file_line_path_value_and_expectation() -> None:
    data = default_register_data()
    data["purposes"][2]["lawful_bases"] = ["legal_obligation", "consent please"]
    text = dump(data)
    error = _error(text)
    (problem,) = error.problems
    assert problem.problem.dotted == "purposes[2].lawful_bases[1]"
    assert problem.problem.value == "consent please"
    line = text.splitlines()[problem.line - 1]  # type: ignore[operator]
    assert "consent please" in line
    message = str(error)
    assert "example.yaml:" in message and "'legal_obligation'" in message


def test_missing_and_unknown_keys_are_reported(
    write_register: Callable[[dict[str, Any]], Path],
) -> None:
    data = default_register_data()
    del data["categories"][0]["special"]
    data["recipients"][1]["categorys"] = ["outcomes"]
    path = write_register(data)
    with pytest.raises(RegisterError) as info:
        load_register(path)
    found = {p.problem.dotted: p for p in info.value.problems}
    assert "categories[0].special" in found
    assert "key is missing" in found["categories[0].special"].describe("x")
    assert "recipients[1].categorys" in found
    assert str(path) in str(info.value)


def test_references_to_undeclared_ids_are_refused() -> None:
    data = default_register_data()
    data["recipients"][1]["categories"].append("hobbies")
    data["purposes"][0]["special_conditions"] = ["vibes"]
    error = _error(dump(data))
    paths = {p.problem.dotted: p.problem for p in error.problems}
    assert paths["recipients[1].categories[3]"].value == "hobbies"
    assert "one of the categories ids" in paths["recipients[1].categories[3]"].expected
    assert paths["purposes[0].special_conditions[0]"].value == "vibes"
    assert all(p.line is not None and p.line > 1 for p in error.problems)


def test_duplicate_ids_and_duplicate_keys_are_refused() -> None:
    data = default_register_data()
    data["categories"].append(dict(data["categories"][0]))
    error = _error(dump(data))
    assert any("not used before" in p.problem.expected for p in error.problems)
    text = "version: 1\nversion: 2\n"
    error = _error(text)
    assert error.problems[0].line == 2
    assert "only once" in error.problems[0].problem.expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("version: [1\n", "valid YAML"), ("- a list\n", "a mapping"), ("", "a mapping")],
)
def test_unreadable_files_get_a_clear_error(text: str, expected: str) -> None:
    assert expected in str(_error(text))


def test_missing_file_is_a_register_error(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="an existing register file"):
        load_register(tmp_path / "nope.yaml")


@settings(max_examples=30, deadline=None)
@given(years=st.integers(min_value=0, max_value=200), index=st.integers(min_value=0, max_value=8))
def test_every_retention_period_is_editable(years: int, index: int) -> None:
    data = default_register_data()
    data["retention_classes"][index]["period"]["years"] = years
    edited = load_register_text(dump(data), "edited.yaml")
    assert edited.retention_classes[index].period.years == years


@settings(max_examples=30, deadline=None)
@given(years=st.one_of(st.integers(max_value=-1), st.integers(min_value=201), st.text(max_size=5)))
def test_impossible_periods_are_refused(years: object) -> None:
    data = default_register_data()
    data["retention_classes"][0]["period"]["years"] = years
    error = _error(dump(data))
    assert error.problems[0].problem.dotted == "retention_classes[0].period.years"


def test_older_versions_kept_in_the_package_are_loadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from safehold.privacy.register import loader

    data = default_register_data()
    (tmp_path / "versions").mkdir()
    (tmp_path / "versions" / "register-v1.yaml").write_text(dump(data), "utf-8")
    data["version"] = 2
    data["last_updated"] = "2026-05"
    (tmp_path / "register.yaml").write_text(dump(data), "utf-8")
    (tmp_path / "versions" / "README.md").write_text("not a register", "utf-8")
    monkeypatch.setattr(loader, "_data", lambda: tmp_path)
    loader._packaged.cache_clear()
    try:
        assert packaged_versions() == {1: "register-v1.yaml", 2: "register.yaml"}
        assert load_version("1").version == 1
        assert load_version("2").last_updated == "2026-05"
        assert load_register().version == 2
    finally:
        loader._packaged.cache_clear()


def test_the_copied_seed_notice_matches_the_shared_one() -> None:
    shared = Path(__file__).parents[3] / "shared" / "seed" / "privacy-notice.md"
    if not shared.exists():
        pytest.skip("the shared seed notice is outside this checkout")
    copy = Path(__file__).parent / "data" / "seed-privacy-notice.md"
    assert copy.read_text(encoding="utf-8") == shared.read_text(encoding="utf-8")


def test_the_authoritys_own_register_is_found_through_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = default_register_data()
    data["contacts"]["controller"]["name"] = "Anytown Council"
    path = tmp_path / "ours.yaml"
    path.write_text(dump(data), "utf-8")
    monkeypatch.setenv("SAFEHOLD_REGISTER", str(path))
    assert load_register().contacts.controller.name == "Anytown Council"
    monkeypatch.setenv("SAFEHOLD_REGISTER", "")
    assert load_register().contacts.controller.name == "Example Borough Council"
