"""Subject access packs on a synthetic authority: the pack holds exactly what the store holds
about the child, third parties the generator wrote into notes are proposed for redaction, the
social worker is not, and review decisions change what is withheld."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from safehold.access import Gate, User
from safehold.access.subjects import subjects
from safehold.privacy.rights.pack import build_pack
from safehold.privacy.rights.pack.build import prepare
from safehold.privacy.rights.pack.content import WITHHELD
from safehold.privacy.rights.pack.holdings import record_tables
from safehold.privacy.rights.pack.redactions import decide, list_redactions, record_exemption
from safehold.privacy.rights.requests import RequestError, new_request
from safehold.record import metadata
from safehold.synth.generate import Authority, generate

DPO = User("dpo", "data_protection_officer")
TODAY = dt.date(2026, 3, 31)


@pytest.fixture(scope="module")
def authority() -> Authority:
    return generate(40, 7, today=TODAY)


def _load(engine: sa.Engine, authority: Authority) -> Gate:
    Gate(engine, User("loader", "system"), "storage").load_rows(
        authority.rows, kind="synthetic", origin="tests"
    )
    return Gate(engine, DPO, "data_protection")


@pytest.fixture
def loaded(sqlite_engine: sa.Engine, authority: Authority) -> Iterator[Gate]:
    yield _load(sqlite_engine, authority)


def _children_with_notes(authority: Authority) -> list[str]:
    return sorted({r["person_id"] for r in authority.rows["case_note"]})


def _store_rows(engine: sa.Engine, subject: str) -> dict[str, dict[str, dict[str, Any]]]:
    """The subject's rows, found independently of the pack: rows naming the subject in a column
    that refers to person, then rows that refer to those, table by table in dependency order."""
    found: dict[str, dict[str, dict[str, Any]]] = {}
    wanted = {t.name for t in record_tables()}
    with engine.connect() as connection:
        for table in metadata.sorted_tables:
            if table.name not in wanted:
                continue
            (key,) = table.primary_key.columns
            if table.name == "person":
                clause: sa.ColumnElement[bool] = key == subject
            else:
                direct = [c for c in table.columns
                          if any(fk.column.table.name == "person" for fk in c.foreign_keys)]  # fmt: skip
                if direct:
                    clause = sa.or_(*(c == subject for c in direct))
                else:
                    links = [
                        c.in_(list(found.get(fk.column.table.name, {})))
                        for c in table.columns
                        for fk in c.foreign_keys
                        if fk.column.table.name in found
                    ]
                    if not links:
                        continue
                    clause = sa.or_(*links)
            rows = connection.execute(sa.select(table).where(clause)).mappings().all()
            if rows:
                found[table.name] = {str(r[key.name]): dict(r) for r in rows}
    return found


def test_every_table_about_a_person_is_walked() -> None:
    names = {t.name for t in record_tables()}
    for table in metadata.sorted_tables:
        kind = table.info.get("record_kind")
        if subjects(table) and kind not in ("audit_event", "rights_request"):
            assert table.name in names


def test_the_pack_matches_the_store_row_for_row(
    engine: sa.Engine, authority: Authority, tmp_path: Path
) -> None:
    gate = _load(engine, authority)
    for child in _children_with_notes(authority)[:3]:
        request = new_request(gate, type="access", subject=child, received=TODAY)
        result = build_pack(gate, request.id, tmp_path, produced_on=TODAY)
        pack = json.loads(result.json_path.read_text(encoding="utf-8"))
        store = _store_rows(engine, child)
        got = {s["table"]: s["rows"] for s in pack["your_record"]}
        assert set(got) == set(store), child
        for name, rows in got.items():
            table = metadata.tables[name]
            (key,) = table.primary_key.columns
            assert {str(r[key.name]) for r in rows} == set(store[name]), name
            for row in rows:
                stored = store[name][str(row[key.name])]
                for column, value in row.items():
                    original = stored[column]
                    if isinstance(value, str) and WITHHELD in value:
                        continue
                    if isinstance(original, dt.date | dt.datetime):
                        assert value is not None and value[:10] == original.isoformat()[:10]
                    else:
                        assert value == original, (name, column)
        assert result.rows == sum(len(v) for v in store.values())
        assert result.pdf_path.read_bytes().startswith(b"%PDF")


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    position = start
    for a, b in sorted(spans):
        if a <= position < b:
            position = b
        if position >= end:
            return True
    return position >= end


def test_redactions_cover_the_third_parties_in_notes_but_not_the_social_worker(
    loaded: Gate, authority: Authority
) -> None:
    notes = {r["id"]: r for r in authority.rows["case_note"]}
    workers = {r["id"]: r["name"] for r in authority.rows["professional"]}
    checked = 0
    for child in _children_with_notes(authority)[:12]:
        request = new_request(loaded, type="access", subject=child, received=TODAY)
        prepare(loaded, request.id)
        spans: dict[str, list[tuple[int, int]]] = {}
        for r in list_redactions(loaded, request.id):
            if r.table == "case_note" and r.column == "body":
                spans.setdefault(r.row_id, []).append((r.start, r.end))
                assert r.decision == "pending"
        for note_id, note in notes.items():
            if note["person_id"] != child:
                continue
            body = note["body"]
            for mention in authority.note_mentions.get(note_id, []):
                start = body.find(mention)
                assert start >= 0
                assert _covered(spans.get(note_id, []), start, start + len(mention)), (
                    f"{mention!r} not proposed in {body!r}"
                )
                checked += 1
            worker = workers.get(note["author_id"])
            if worker and worker in body:
                start = body.find(worker)
                assert not any(a < start + len(worker) and start < b
                               for a, b in spans.get(note_id, [])), body  # fmt: skip
    assert checked > 10


def test_review_decides_what_is_withheld(
    loaded: Gate, authority: Authority, tmp_path: Path
) -> None:
    child = _children_with_notes(authority)[0]
    request = new_request(loaded, type="access", subject=child, received=TODAY)
    first = build_pack(loaded, request.id, tmp_path / "draft", produced_on=TODAY)
    assert first.proposed > 0 and first.pending == first.proposed and not first.final
    draft = json.loads(first.json_path.read_text(encoding="utf-8"))
    assert draft["pack"]["status"] == "draft"
    assert len(draft["withheld"]) == first.proposed
    redactions = list_redactions(loaded, request.id)
    rejected = redactions[0]
    decide(loaded, request.id, rejected.id, accept=False)
    for r in redactions[1:]:
        decide(loaded, request.id, r.id, accept=True)
    again = build_pack(loaded, request.id, tmp_path / "final", produced_on=TODAY)
    assert again.proposed == 0 and again.final and again.rejected == 1
    final = json.loads(again.json_path.read_text(encoding="utf-8"))
    assert final["pack"]["status"] == "final"
    assert len(final["withheld"]) == len(redactions) - 1
    note = next(
        row for s in final["your_record"] if s["table"] == rejected.table
        for row in s["rows"] if row["id"] == rejected.row_id
    )  # fmt: skip
    original = next(r for r in authority.rows[rejected.table] if r["id"] == rejected.row_id)
    disclosed = original[rejected.column][rejected.start : rejected.end]
    assert disclosed in note[rejected.column]
    # nothing in the withheld list says whose information it was
    listed = json.dumps(final["withheld"])
    assert all(r.third_party_id not in listed for r in redactions if r.third_party_id)
    assert any(r.third_party_id for r in redactions)
    with pytest.raises(RequestError, match="has no proposed redaction"):
        decide(loaded, request.id, 10_000, accept=True)


def test_exemptions_are_recorded_and_checked(loaded: Gate, tmp_path: Path) -> None:
    request = new_request(loaded, type="access", subject="NOBODY", received=TODAY)
    with pytest.raises(RequestError, match="not in the register"):
        record_exemption(loaded, request.id, "because", "all", "why")
    record_exemption(loaded, request.id, "social_work_serious_harm", "one assessment",
                     "disclosure would be likely to cause serious harm")  # fmt: skip
    result = build_pack(loaded, request.id, tmp_path, produced_on=TODAY)
    pack = json.loads(result.json_path.read_text(encoding="utf-8"))
    assert pack["your_record"] == []
    assert pack["exemptions_relied_on"][0]["scope"] == "one assessment"
    assert pack["disclosures"] == [] and "No disclosures recorded" in pack["disclosures_note"]
    erasure = new_request(loaded, type="erasure", subject="NOBODY", received=TODAY)
    with pytest.raises(RequestError, match="does not apply to erasure requests"):
        record_exemption(loaded, erasure.id, "third_party", "x", "y")
    with pytest.raises(RequestError, match="packs answer access requests"):
        build_pack(loaded, erasure.id, tmp_path)


def test_the_pdf_reads_plainly(loaded: Gate, authority: Authority, tmp_path: Path) -> None:
    from safehold.privacy.rights.pack.pdf import write_pdf

    child = _children_with_notes(authority)[1]
    request = new_request(loaded, type="access", subject=child, received=TODAY)
    result = build_pack(loaded, request.id, tmp_path, produced_on=TODAY)
    content = json.loads(result.json_path.read_text(encoding="utf-8"))
    plain = tmp_path / "plain.pdf"
    write_pdf(content, plain, compress=False)
    data = plain.read_bytes().decode("latin-1")
    for text in ("What we keep about you", "Who has looked at your record",
                 "If you are unhappy", "Information Commissioner", "[withheld: third party]",
                 "Page 1 of"):  # fmt: skip
        assert text.replace("(", "\\(").replace(")", "\\)") in data, text
