"""``safehold request correct|approve-correction|erase|restrict|lift-restriction|object|
decide-objection``: acting on a rectification, erasure, restriction or objection request.

All of them are the Data Protection Officer's work (the gate's ``data_protection`` purpose), as
the acting user; every change is checked and audited by the gate.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from safehold.cli.app import DbOption, console, fail
from safehold.cli.cmd_request import Format, FormatOption, IdArg, parse_date
from safehold.cli.cmd_store import gate_for, open_store
from safehold.cli.groups import request_app
from safehold.privacy.register import RegisterError
from safehold.privacy.rights.objection import ObjectionError
from safehold.privacy.rights.rectify import CorrectionError
from safehold.privacy.rights.requests import RequestError
from safehold.privacy.rights.restrict import TOLD_METHODS, RestrictionError

if TYPE_CHECKING:
    from safehold.access import Gate
    from safehold.privacy.rights.objection import ObjectionView
    from safehold.privacy.rights.rectify import CorrectionView

ERRORS = (RequestError, CorrectionError, RestrictionError, ObjectionError, RegisterError)


@contextmanager
def _gate(db: str | None) -> Iterator[Gate]:
    from safehold.access import AccessRefused
    from safehold.privacy.rights.requests import PURPOSE

    gate = gate_for(open_store(db), PURPOSE)
    try:
        yield gate
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    except ERRORS as exc:
        raise fail(str(exc)) from None


def _subject(gate: Gate, request_id: int, expected: str) -> str:
    from safehold.privacy.rights.requests import get_request

    request = get_request(gate, request_id)
    if request.type != expected:
        raise RequestError(
            f"request {request_id} is a {request.type} request, not {expected}: log a "
            f"{expected} request with 'safehold request new --type {expected}'"
        )
    if request.state == "closed":
        raise RequestError(f"request {request_id} was closed on {request.closed_on}")
    return request.subject_person_id


def _correction(view: CorrectionView, fmt: Format) -> None:
    data = {
        "correction": view.id, "table": view.table, "row": view.row_id, "column": view.column,
        "old_value": view.old_value, "new_value": view.new_value, "proposed_by": view.proposed_by,
        "approved_by": view.approved_by, "applied": view.applied, "resubmit": view.resubmit,
        "resubmit_returns": list(view.resubmit_returns), "resubmit_year": view.resubmit_year,
    }  # fmt: skip
    if fmt is Format.JSON:
        typer.echo(json.dumps(data, indent=2))
        return
    table = Table(title=f"Correction {view.id}", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    for key, value in data.items():
        if key not in ("resubmit_returns", "resubmit_year"):
            table.add_row(key.replace("_", " "), "" if value is None else str(value))
    console.print(table)
    if view.applied:
        console.print(view.resubmission_note(), highlight=False)


@request_app.command("correct")
def request_correct(
    request_id: IdArg,
    table: Annotated[str, typer.Option(help="The table of the value to correct.")],
    row: Annotated[str, typer.Option(help="The row's id.")],
    column: Annotated[str, typer.Option(help="The column.")],
    value: Annotated[str, typer.Option(help="The correct value ('' to clear it).")],
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Propose a correction under a rectification request; nothing changes until approved."""
    from safehold.privacy.rights.rectify import propose_correction

    with _gate(db) as gate:
        _subject(gate, request_id, "rectification")
        view = propose_correction(gate, table, row, column, value, request_id=request_id)
    _correction(view, fmt)


@request_app.command("approve-correction")
def request_approve_correction(
    correction_id: Annotated[int, typer.Argument(help="The correction's number.", min=1)],
    today: Annotated[str | None, typer.Option(help="Decide resubmission as of this date.")] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Approve and apply a correction (someone other than its proposer); says which return to
    resubmit."""
    from safehold.privacy.rights.rectify import approve_correction

    day = parse_date(today, "--today") if today else dt.date.today()
    with _gate(db) as gate:
        view = approve_correction(gate, correction_id, today=day)
    _correction(view, fmt)


@request_app.command("erase")
def request_erase(
    request_id: IdArg,
    today: Annotated[str | None, typer.Option(help="Decide as of this date.")] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Decide an erasure request record by record, and erase what the decision allows."""
    from safehold.privacy.rights.erasure import erase

    day = parse_date(today, "--today") if today else dt.date.today()
    with _gate(db) as gate:
        subject = _subject(gate, request_id, "erasure")
        result = erase(gate, subject, today=day, request_id=request_id)
    if fmt is Format.JSON:
        typer.echo(json.dumps({
            "request": request_id, "person": subject,
            "decisions": [
                {"record": d.record, "outcome": d.outcome, "ground": d.ground.article,
                 "explanation": d.explanation, "rows": d.rows,
                 "due": None if d.due is None else d.due.isoformat()}
                for d in result.decisions
            ],
            "destroyed": [line.as_dict() for line in result.lines],
        }, indent=2))  # fmt: skip
        return
    table = Table(title=f"Erasure request {request_id}: {subject}")
    for heading in ("record", "outcome", "ground", "rows"):
        table.add_column(heading)
    for d in result.decisions:
        table.add_row(d.record_name, d.outcome, d.ground.article, str(d.rows))
    console.print(table)
    console.print("\nWhat to tell the family:\n", style="bold")
    console.print(result.letter(), highlight=False)
    if result.lines:
        rows = sum(len(line.row_ids) for line in result.lines)
        console.print(f"\nErased {rows} rows; tombstones and destruction records kept.")


@request_app.command("restrict")
def request_restrict(
    request_id: IdArg,
    reason: Annotated[str, typer.Option(help="Why (accuracy contested, objection pending...).")],
    db: DbOption = None,
) -> None:
    """Restrict processing of the request's subject: only storage, legal claims and the DPO."""
    from safehold.privacy.rights.restrict import restrict

    with _gate(db) as gate:
        subject = _subject(gate, request_id, "restriction")
        placed = restrict(gate, subject, reason, request_id=request_id)
    console.print(
        f"Processing of {subject}'s data is restricted (restriction {placed.id}).",
        highlight=False,
    )


@request_app.command("lift-restriction")
def request_lift_restriction(
    request_id: IdArg,
    told: Annotated[str, typer.Option(help="When the person was told (YYYY-MM-DD).")],
    told_by: Annotated[str, typer.Option(help=f"How: one of {', '.join(TOLD_METHODS)}.")],
    on: Annotated[str | None, typer.Option("--on", help="Lifted on (default today).")] = None,
    db: DbOption = None,
) -> None:
    """Lift the restriction on the request's subject, recording that they were told first."""
    from safehold.privacy.rights.restrict import lift_restriction

    told_on = parse_date(told, "--told")
    day = parse_date(on, "--on") if on else dt.date.today()
    with _gate(db) as gate:
        subject = _subject(gate, request_id, "restriction")
        lift_restriction(gate, subject, lifted_on=day, told_on=told_on, told_method=told_by)
    console.print(
        f"The restriction on {subject} was lifted on {day} (told by {told_by} on {told_on}).",
        highlight=False,
    )


def _objection(view: ObjectionView, fmt: Format) -> None:
    data = {
        "objection": view.id, "request": view.request_id, "purposes": list(view.purposes),
        "decision": view.decision, "grounds": view.grounds, "decided_by": view.decided_by,
        "decided_on": None if view.decided_on is None else view.decided_on.isoformat(),
        "continues_by_law": list(view.continues_by_law),
    }  # fmt: skip
    if fmt is Format.JSON:
        typer.echo(json.dumps(data, indent=2))
        return
    for key, value in data.items():
        if value not in (None, []):
            console.print(f"[bold]{key.replace('_', ' ')}:[/] {value}", highlight=False)


def _decide(
    gate: Gate, objection_id: int, decision: str, ground: str | None, grounds: str, on: dt.date
) -> ObjectionView:
    from safehold.privacy.rights.objection import RefusalGround, decide_objection

    if decision not in ("upheld", "refused"):
        raise ObjectionError(f"--decision {decision!r}: expected upheld or refused")
    because = None
    if ground is not None:
        try:
            because = RefusalGround(ground)
        except ValueError:
            raise ObjectionError(
                f"--ground {ground!r}: expected one of {', '.join(g.value for g in RefusalGround)}"
            ) from None
    return decide_objection(
        gate, objection_id, upheld=decision == "upheld", grounds=grounds, on=on,
        refused_because=because,
    )  # fmt: skip


DecisionOption = Annotated[str | None, typer.Option(help="upheld or refused.")]
GroundOption = Annotated[
    str | None, typer.Option(help="For a refusal: compelling_grounds or legal_claims.")
]
GroundsOption = Annotated[str | None, typer.Option(help="The decision's reasons, in words.")]


@request_app.command("object")
def request_object(
    request_id: IdArg,
    purpose: Annotated[list[str], typer.Option(help="A purpose objected to (repeatable).")],
    decision: DecisionOption = None,
    ground: GroundOption = None,
    grounds: GroundsOption = None,
    on: Annotated[str | None, typer.Option("--on", help="Decided on (default today).")] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Record an objection against public task purposes (and decide it, with --decision)."""
    from safehold.privacy.rights.objection import record_objection

    day = parse_date(on, "--on") if on else dt.date.today()
    with _gate(db) as gate:
        _subject(gate, request_id, "objection")
        view = record_objection(gate, request_id, purpose)
        if decision is not None:
            view = _decide(gate, view.id, decision, ground, grounds or "", day)
    _objection(view, fmt)


@request_app.command("decide-objection")
def request_decide_objection(
    objection_id: Annotated[int, typer.Argument(help="The objection's number.", min=1)],
    decision: Annotated[str, typer.Option(help="upheld or refused.")],
    grounds: Annotated[str, typer.Option(help="The decision's reasons, in words.")],
    ground: GroundOption = None,
    on: Annotated[str | None, typer.Option("--on", help="Decided on (default today).")] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Uphold an objection, or refuse it on compelling legitimate grounds or legal claims."""
    day = parse_date(on, "--on") if on else dt.date.today()
    with _gate(db) as gate:
        view = _decide(gate, objection_id, decision, ground, grounds, day)
    _objection(view, fmt)
