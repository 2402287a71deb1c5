"""The right to erasure (UK GDPR Article 17): a decision for every record a request touches, and
erasure of the records the decision allows.

For each record (one retention class of the person's data: their child protection record,
their looked after record, their identity details) the engine reads:

* the categories of data its tables hold (each column's ``info["category"]``);
* the purposes that process those categories, with their Article 6 bases (the register);
* its due date under the retention schedule, and any legal hold on it.

and answers, in this order:

1. **refused, Article 17(3)(e)** (legal claims) if a litigation hold covers it;
2. **refused, Article 17(3)(b)** (legal obligation) if an inquiry hold covers it (an inquiry's
   notice under the Inquiries Act 2005, s21, obliges the authority to keep it);
3. **erased, Article 17(1)(a)** if it is past its retention date: it is no longer necessary for
   any purpose, whatever the basis;
4. **refused, Article 17(3)(b)** if any purpose processing its data relies on legal obligation
   or public task (the right does not apply to that processing);
5. **refused, Article 17(3)(d)** if any such purpose is archiving in the public interest;
6. otherwise **erased**: every purpose relies on a basis where the right applies.

A person's identity details are kept while any other record of theirs is kept (they are what
finds that record), so they are refused on the same grounds. With the default register every
purpose is legal obligation or public task, so a request for a current record is refused, with
an explanation a family can read.

Erasing removes the rows (the person's, and rows linked to them: a relationship, an
assessment's factors) from every table, through the gate, in one transaction, leaving a
tombstone per row and destruction records; the audit trail is kept (it holds ids only).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from enum import StrEnum

import polars as pl

from safehold.access import Gate
from safehold.privacy.register import LawfulBasis, Register, load_register
from safehold.privacy.retention.destroy import CertificateLine, Doomed, destroy_person
from safehold.privacy.retention.facts import IDENTITY_CLASS, StoreFacts, read_facts
from safehold.privacy.retention.sweep import Sweep, sweep
from safehold.record import metadata

#: The bases under which the right to erasure does not apply (Article 17(3)(b)).
STATUTORY_BASES = frozenset({LawfulBasis.LEGAL_OBLIGATION, LawfulBasis.PUBLIC_TASK})


class Ground(StrEnum):
    """Why a record was refused or erased."""

    LEGAL_OBLIGATION_OR_PUBLIC_TASK = "17(3)(b)"
    ARCHIVING = "17(3)(d)"
    LEGAL_CLAIMS = "17(3)(e)"
    NO_LONGER_NEEDED = "17(1)(a)"
    BASIS_ALLOWS = "17(1)"

    @property
    def article(self) -> str:
        return f"Article {self.value}"


@dataclass(frozen=True)
class RecordDecision:
    """The answer for one record."""

    person_id: str
    record: str  # the retention class
    record_name: str  # as a family would say it: "child protection records"
    erase: bool
    ground: Ground
    explanation: str
    purposes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (purpose, its bases)
    categories: tuple[str, ...] = ()
    due: dt.date | None = None
    rows: int = 0
    tables: tuple[str, ...] = ()

    @property
    def outcome(self) -> str:
        return "erased" if self.erase else "refused"


@dataclass
class ErasureResult:
    person_id: str
    decisions: list[RecordDecision]
    lines: list[CertificateLine] = field(default_factory=list)

    @property
    def erased(self) -> list[RecordDecision]:
        return [d for d in self.decisions if d.erase]

    @property
    def refused(self) -> list[RecordDecision]:
        return [d for d in self.decisions if not d.erase]

    def letter(self) -> str:
        """The decision in words a family can read, one paragraph per record."""
        if not self.decisions:
            return "We hold no records about this person, so there was nothing to erase."
        return "\n\n".join(d.explanation for d in self.decisions)


def _categories(table: str) -> set[str]:
    return {
        str(c.info["category"])
        for c in metadata.tables[table].columns
        if c.info.get("personal") and c.info.get("category")
    }


def _purposes(register: Register, categories: set[str]) -> list[tuple[str, tuple[str, ...]]]:
    return [
        (p.id, tuple(b.value for b in p.lawful_bases))
        for p in register.purposes
        if categories & set(p.categories)
    ]


def _is_archiving(purpose_id: str) -> bool:
    return "archiv" in purpose_id


def _plain_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def decide(
    facts: StoreFacts,
    swept: Sweep,
    holds: pl.DataFrame,
    person_id: str,
    register: Register,
    today: dt.date,
) -> list[RecordDecision]:
    """A decision for every record about ``person_id`` (see the module for the order)."""
    classes = {rc.id: rc for rc in register.retention_classes}
    mine = facts.rows.filter(pl.col("person_id") == person_id)
    if mine.is_empty():
        return []
    rows = swept.rows.join(mine.select("rid"), on="rid", how="semi")
    held_people = holds.filter((pl.col("scope") == "person") & (pl.col("person_id") == person_id))
    held_rows = holds.filter(pl.col("scope") == "record").join(
        mine.select(pl.col("table").alias("table_name"), "row_id"),
        on=["table_name", "row_id"],
        how="semi",
    )
    record_due = {
        r["retention_class"]: r["due"]
        for r in swept.records.filter(pl.col("person_id") == person_id).iter_rows(named=True)
    }
    decisions: dict[str, RecordDecision] = {}
    identity: str | None = None
    for record, group in mine.group_by("retention_class", maintain_order=True):
        cls = str(record[0])
        tables = sorted(set(group["table"].to_list()))
        categories: set[str] = set().union(*(_categories(t) for t in tables))
        purposes = _purposes(register, categories)
        due = record_due.get(cls)
        name = classes[cls].name if cls in classes else cls
        holds_here = pl.concat(
            [held_people.select("scope", "table_name"),
             held_rows.filter(pl.col("table_name").is_in(tables)).select("scope", "table_name")]
        )  # fmt: skip
        kinds = _hold_kinds(holds, person_id, held_rows, tables)
        ground, erase, why = _ground(
            register, purposes, due, today, kinds, name, bool(holds_here.height)
        )
        decision = RecordDecision(
            person_id=person_id,
            record=cls,
            record_name=name,
            erase=erase,
            ground=ground,
            explanation=why,
            purposes=tuple(purposes),
            categories=tuple(sorted(categories)),
            due=due,
            rows=int(rows.filter(pl.col("retention_class") == cls).height),
            tables=tuple(tables),
        )
        if cls == IDENTITY_CLASS:
            identity = cls
        decisions[cls] = decision
    decisions = {d.record: d for d in _kept_with_links(facts, mine, list(decisions.values()))}
    if identity is not None:
        kept = [d for c, d in decisions.items() if c != identity and not d.erase]
        own = decisions[identity]
        if kept and own.erase:
            first = kept[0]
            decisions[identity] = replace(
                own,
                erase=False,
                ground=first.ground,
                explanation=(
                    f"We have to keep your {own.record_name}: they are how we find the other "
                    f"records we must keep ({_plain_list([k.record_name for k in kept])}). "
                    f"{first.ground.article} applies to them, so it applies to these too."
                ),
            )
    return list(decisions.values())


def _kept_with_links(
    facts: StoreFacts, mine: pl.DataFrame, decisions: list[RecordDecision]
) -> list[RecordDecision]:
    """A record that a kept record points to (a referral its child protection plan belongs to)
    cannot be erased without taking the kept one with it: it is kept too, on the same ground."""
    kept = {d.record: d for d in decisions if not d.erase}
    if not kept or all(not d.erase for d in decisions):
        return decisions
    kept_rows = mine.filter(pl.col("retention_class").is_in(list(kept))).select("rid")
    parents = _ancestors(facts, kept_rows).join(
        mine.select("rid", "retention_class"), on="rid", how="inner"
    )
    out = []
    for d in decisions:
        blockers = parents.filter(pl.col("retention_class") == d.record)
        if d.erase and d.record != IDENTITY_CLASS and blockers.height:
            first = next(iter(kept.values()))
            d = replace(
                d,
                erase=False,
                ground=first.ground,
                explanation=(
                    f"We have to keep your {d.record_name}: your {first.record_name}, which we "
                    f"must keep, refers to them. {first.ground.article} applies to both."
                ),
            )
        out.append(d)
    return out


def _ancestors(facts: StoreFacts, rows: pl.DataFrame) -> pl.DataFrame:
    """Rows (``rid``) that ``rows`` point to through cascading links (not person rows)."""
    people = facts.rows.filter(pl.col("table") == "person").select("rid")
    out = pl.DataFrame(schema={"rid": pl.Int64()})
    frontier = rows.select("rid")
    for _ in range(20):
        up = (
            facts.links.join(frontier, on="rid", how="semi")
            .select(pl.col("parent_rid").alias("rid"))
            .join(people, on="rid", how="anti")
            .unique()
        )
        new = up.join(out, on="rid", how="anti")
        if new.is_empty():
            break
        out = pl.concat([out, new])
        frontier = new
    return out


def _hold_kinds(
    holds: pl.DataFrame, person_id: str, held_rows: pl.DataFrame, tables: list[str]
) -> set[str]:
    if "reason_kind" not in holds.columns:
        return set()
    person = holds.filter((pl.col("scope") == "person") & (pl.col("person_id") == person_id))
    rows = held_rows.filter(pl.col("table_name").is_in(tables))
    return set(person["reason_kind"].to_list()) | set(rows["reason_kind"].to_list())


def _ground(
    register: Register,
    purposes: list[tuple[str, tuple[str, ...]]],
    due: dt.date | None,
    today: dt.date,
    hold_kinds: set[str],
    name: str,
    held: bool,
) -> tuple[Ground, bool, str]:
    if "litigation" in hold_kinds:
        return (
            Ground.LEGAL_CLAIMS,
            False,
            f"We have to keep your {name} for now: they are needed for a legal claim "
            "(Article 17(3)(e)). We will destroy them when the claim is over and they are no "
            "longer needed.",
        )
    if held:
        return (
            Ground.LEGAL_OBLIGATION_OR_PUBLIC_TASK,
            False,
            f"We have to keep your {name} for now: an official inquiry has told us to keep "
            "them, and the law requires us to (Inquiries Act 2005, section 21; Article "
            "17(3)(b)).",
        )
    if due is not None and due <= today:
        return (
            Ground.NO_LONGER_NEEDED,
            True,
            f"We have erased your {name}: the time we had to keep them ended on "
            f"{due:%d %B %Y}, so we no longer need them (Article 17(1)(a)).",
        )
    statutory = [
        pid for pid, bases in purposes if STATUTORY_BASES & {LawfulBasis(b) for b in bases}
    ]
    if statutory:
        words = _plain_list([register.purpose(p).plain_wording for p in statutory])
        bases = sorted(
            {
                LawfulBasis(b).label
                for pid, bs in purposes
                if pid in statutory
                for b in bs
                if LawfulBasis(b) in STATUTORY_BASES
            }
        )
        until = (
            f" We will keep them until {due:%d %B %Y} and then destroy them."
            if due is not None
            else " We will destroy them when the time we must keep them ends."
        )
        return (
            Ground.LEGAL_OBLIGATION_OR_PUBLIC_TASK,
            False,
            f"We cannot erase your {name}. We use them to {words}, which the law requires or "
            f"gives us as a public task ({_plain_list(bases)}). The right to erasure does not "
            f"apply to this (Article 17(3)(b)).{until}",
        )
    if any(_is_archiving(pid) for pid, _ in purposes):
        return (
            Ground.ARCHIVING,
            False,
            f"We cannot erase your {name}: they are kept in an archive in the public interest "
            "(Article 17(3)(d)).",
        )
    return (
        Ground.BASIS_ALLOWS,
        True,
        f"We have erased your {name}: we held them only with your agreement or for reasons "
        "where you have the right to have them erased (Article 17(1)).",
    )


def _linked(facts: StoreFacts, chosen: pl.DataFrame) -> pl.DataFrame:
    """``chosen`` rows (``rid``) and every row that deleting them would delete."""
    out = chosen.select("rid").unique()
    for _ in range(20):
        children = facts.links.join(
            out.rename({"rid": "parent_rid"}), on="parent_rid", how="semi"
        ).select("rid")
        grown = pl.concat([out, children]).unique()
        if grown.height == out.height:
            break
        out = grown
    return out


def erase(
    gate: Gate,
    person_id: str,
    *,
    today: dt.date,
    request_id: int | None = None,
    register: Register | None = None,
) -> ErasureResult:
    """Decide, and erase what the decision allows, for ``person_id`` (one transaction)."""
    register = register or load_register()
    facts = read_facts(gate, people=[person_id], register=register)
    holds = _holds(gate)
    swept = sweep(facts, register, holds.select("hold_id", "scope", "person_id", "table_name",
                                                "row_id"))  # fmt: skip
    decisions = decide(facts, swept, holds, person_id, register, today)
    result = ErasureResult(person_id, decisions)
    erasable = {d.record: d for d in decisions if d.erase}
    if not erasable:
        return result
    chosen = facts.rows.filter(
        (pl.col("person_id") == person_id) & pl.col("retention_class").is_in(list(erasable))
    )
    doomed_rows = _linked(facts, chosen).join(
        swept.rows.select("rid", "table", "row_id", "retention_class"), on="rid", how="inner"
    )
    doomed: list[Doomed] = []
    for row in doomed_rows.sort("table", "row_id").iter_rows(named=True):
        cls = row["retention_class"] or IDENTITY_CLASS
        decision = erasable.get(cls)
        ground = decision.ground.article if decision else Ground.BASIS_ALLOWS.article
        doomed.append(
            Doomed(
                table=row["table"],
                row_id=row["row_id"],
                person_id=person_id,
                record_kind=cls,
                rule=f"erasure ({ground})"
                + (f", request {request_id}" if request_id is not None else ""),
                statute=f"UK GDPR {ground}",
            )
        )
    result.lines = destroy_person(gate, person_id, doomed, request_id=request_id)
    return result


def _holds(gate: Gate) -> pl.DataFrame:
    from safehold.privacy.retention.holds import HOLDS

    frame = gate.read_frame(
        HOLDS,
        ["id", "scope", "person_id", "table_name", "row_id", "reason_kind"],
        where=HOLDS.c.lifted_on.is_(None),
    )
    return frame.rename({"id": "hold_id"}).with_columns(pl.col("hold_id").cast(pl.Int64))


__all__ = ["ErasureResult", "Ground", "RecordDecision", "decide", "erase"]
