"""``safehold request new|list|show|pause|resume|extend|close``: rights requests on the ICO's
clock (and, with :mod:`safehold.cli.cmd_request_pack`, subject access packs)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from safehold.cli.app import DbOption, console, fail
from safehold.cli.cmd_store import gate_for, open_store
from safehold.cli.groups import request_app
from safehold.privacy.rights.models import REQUEST_TYPES, REQUESTER_KINDS

if TYPE_CHECKING:
    from safehold.access import Gate
    from safehold.privacy.rights.requests import RequestView


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


FormatOption = Annotated[Format, typer.Option("--format", help="table (for people) or json.")]
IdArg = Annotated[int, typer.Argument(help="The request's number.", min=1)]


def parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise fail(f"{option} {text!r} is not a date: expected YYYY-MM-DD") from None


def _one_of(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value not in allowed:
        raise fail(f"{option} {value!r} is not known: expected one of {', '.join(allowed)}")
    return value


@contextmanager
def request_gate(db: str | None) -> Iterator[Gate]:
    """The DPO's gate on the store; refusals and request errors become clear messages."""
    from safehold.access import AccessRefused
    from safehold.privacy.rights.requests import PURPOSE, RequestError

    engine = open_store(db)
    try:
        yield gate_for(engine, PURPOSE)
    except (RequestError, AccessRefused) as exc:
        raise fail(f"refused: {exc}" if isinstance(exc, AccessRefused) else str(exc)) from None


def _due_text(view: RequestView, today: dt.date) -> str:
    if view.state == "closed":
        return f"closed {view.closed_on}"
    if view.due_on is None:
        return f"paused ({view.state.replace('_', ' ')})"
    left = view.days_left(today)
    assert left is not None
    when = f"{-left} days overdue" if left < 0 else f"{left} days left"
    return f"{view.due_on} ({when})"


def _print(view: RequestView, fmt: Format, today: dt.date) -> None:
    if fmt is Format.JSON:
        typer.echo(json.dumps(view.as_dict(), indent=2))
        return
    table = Table(title=f"Request {view.id}", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value")
    shown = view.as_dict()
    for key, value in shown.items():
        if key == "pauses":
            value = "; ".join(
                f"{p['kind']} {p['reason'] or ''} {p['on']}".replace("  ", " ")
                for p in view.as_dict()["pauses"]  # type: ignore[attr-defined]
            )
        if value is not None and value != "":
            table.add_row(key.replace("_", " "), str(value))
    table.add_row("deadline", _due_text(view, today))
    console.print(table)


def _run(db: str | None, fmt: Format, action: Callable[[Gate], RequestView]) -> None:
    with request_gate(db) as gate:
        view = action(gate)
    _print(view, fmt, dt.date.today())


@request_app.command("new")
def request_new(
    type_: Annotated[str, typer.Option("--type", help=f"One of {', '.join(REQUEST_TYPES)}.")],
    subject: Annotated[str, typer.Option(help="The person's id in the record.")],
    received: Annotated[str, typer.Option(help="The day the request arrived (YYYY-MM-DD).")],
    requester_kind: Annotated[
        str, typer.Option(help=f"One of {', '.join(REQUESTER_KINDS)}.")
    ] = "child",
    requester: Annotated[str | None, typer.Option(help="The requester's name.")] = None,
    contact: Annotated[str | None, typer.Option(help="How to reach the requester.")] = None,
    identity: Annotated[
        str | None, typer.Option(help="How identity was verified (e.g. 'passport seen').")
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Log a request; prints its number and due date (one calendar month from receipt)."""
    from safehold.privacy.rights.requests import new_request

    _one_of(type_, REQUEST_TYPES, "--type")
    _one_of(requester_kind, REQUESTER_KINDS, "--requester-kind")
    day = parse_date(received, "--received")
    _run(db, fmt, lambda gate: new_request(
        gate, type=type_, subject=subject, received=day, requester_kind=requester_kind,
        requester_name=requester, requester_contact=contact, identity=identity,
    ))  # fmt: skip


@request_app.command("list")
def request_list(
    due_within: Annotated[
        int | None, typer.Option(min=0, help="Only requests due within this many days.")
    ] = None,
    overdue: Annotated[bool, typer.Option(help="Only requests past their deadline.")] = False,
    closed: Annotated[bool, typer.Option(help="Include closed requests.")] = False,
    today: Annotated[
        str | None, typer.Option(help="Count days as if today were YYYY-MM-DD.")
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Requests, soonest deadline first."""
    from safehold.privacy.rights.requests import list_requests

    day = parse_date(today, "--today") if today else dt.date.today()
    with request_gate(db) as gate:
        views = list_requests(
            gate, today=day, due_within=due_within, overdue=overdue, include_closed=closed
        )
    if fmt is Format.JSON:
        typer.echo(json.dumps([v.as_dict() for v in views], indent=2))
        return
    table = Table(title=f"Rights requests on {day:%-d %B %Y}")
    for name in ("id", "type", "subject", "received", "state", "deadline"):
        table.add_column(name)
    for v in views:
        table.add_row(str(v.id), v.type, v.subject_person_id, str(v.received_on), v.state,
                      _due_text(v, day))  # fmt: skip
    console.print(table if views else "No requests match.")


@request_app.command("show")
def request_show(request_id: IdArg, fmt: FormatOption = Format.TABLE, db: DbOption = None) -> None:
    """One request, its clock and its pauses."""
    from safehold.privacy.rights.requests import get_request

    _run(db, fmt, lambda gate: get_request(gate, request_id))


@request_app.command("pause")
def request_pause(
    request_id: IdArg,
    reason: Annotated[str, typer.Option(help="identity or clarification: what is awaited.")],
    on: Annotated[str, typer.Option(help="The day the clock stops (YYYY-MM-DD).")],
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Stop the clock while waiting for identity or clarification."""
    from safehold.privacy.rights.models import PAUSE_REASONS
    from safehold.privacy.rights.requests import pause_request

    _one_of(reason, PAUSE_REASONS, "--reason")
    day = parse_date(on, "--on")
    _run(db, fmt, lambda gate: pause_request(gate, request_id, reason, day))


@request_app.command("resume")
def request_resume(
    request_id: IdArg,
    on: Annotated[str, typer.Option(help="The day what was awaited arrived (YYYY-MM-DD).")],
    identity: Annotated[
        str | None, typer.Option(help="How identity was verified, if that was awaited.")
    ] = None,
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Restart the clock: a full month from the day what was awaited arrived."""
    from safehold.privacy.rights.requests import resume_request

    day = parse_date(on, "--on")
    _run(db, fmt, lambda gate: resume_request(gate, request_id, day, identity=identity))


@request_app.command("extend")
def request_extend(
    request_id: IdArg,
    months: Annotated[int, typer.Option(help="1 or 2 further months.")],
    reason: Annotated[str, typer.Option(help="Why the request is complex.")],
    told: Annotated[str, typer.Option(help="The day the requester was told (YYYY-MM-DD).")],
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Extend a complex request; the requester must be told within the first month."""
    from safehold.privacy.rights.requests import extend_request

    day = parse_date(told, "--told")
    _run(db, fmt, lambda gate: extend_request(gate, request_id, months, reason, day))


@request_app.command("close")
def request_close(
    request_id: IdArg,
    outcome: Annotated[str, typer.Option(help="What was done (sent, corrected, refused: why).")],
    on: Annotated[str, typer.Option(help="The day the request was closed (YYYY-MM-DD).")],
    fmt: FormatOption = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Close a request of any type with its outcome."""
    from safehold.privacy.rights.requests import close_request

    day = parse_date(on, "--on")
    _run(db, fmt, lambda gate: close_request(gate, request_id, outcome, day))


@request_app.command("pack")
def request_pack(
    request_id: IdArg,
    out: Annotated[Path, typer.Option("--out", help="Folder to write the JSON and PDF into.")],
    withhold_professionals: Annotated[
        bool,
        typer.Option(help="Also propose professionals' names (not withheld by default)."),
    ] = False,
    db: DbOption = None,
) -> None:
    """Assemble the subject access pack (JSON and PDF); proposes redactions for review.

    Proposed redactions that are still pending are withheld, and the pack is marked as a draft
    until every one has been accepted or rejected."""
    from safehold.privacy.rights.pack import build_pack

    with request_gate(db) as gate:
        result = build_pack(gate, request_id, out, withhold_professionals=withhold_professionals)
    console.print(f"Wrote {result.json_path} and {result.pdf_path}: {result.rows:,} rows held.")
    console.print(
        f"Redactions: {result.proposed} newly proposed; {result.pending} pending, "
        f"{result.accepted} accepted, {result.rejected} rejected."
    )
    if not result.final:
        console.print(
            f"[bold yellow]Draft:[/] review the {result.pending} pending redactions with "
            f"'safehold request redactions {request_id}' before sending."
        )


@request_app.command("redactions")
def request_redactions(
    request_id: IdArg, fmt: FormatOption = Format.TABLE, db: DbOption = None
) -> None:
    """The proposed redactions (proposing any new ones), with the text each would withhold."""
    from safehold.privacy.rights.pack.build import prepare, review_snippets
    from safehold.privacy.rights.pack.redactions import list_redactions

    with request_gate(db) as gate:
        holdings, _ = prepare(gate, request_id)
        redactions = list_redactions(gate, request_id)
    snippets = review_snippets(holdings, redactions)
    if fmt is Format.JSON:
        rows = [
            {"id": r.id, "table": r.table, "row": r.row_id, "column": r.column, "start": r.start,
             "end": r.end, "kind": r.kind, "third_party": r.third_party_id, "reason": r.reason,
             "exemption": r.exemption_id, "decision": r.decision, "text": snippets.get(r.id)}
            for r in redactions
        ]  # fmt: skip
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    table = Table(title=f"Proposed redactions for request {request_id}")
    for name in ("id", "where", "kind", "text (withheld part between » «)", "decision"):
        table.add_column(name)
    for r in redactions:
        table.add_row(str(r.id), f"{r.table} {r.row_id}", r.kind, snippets.get(r.id, ""),
                      r.decision)  # fmt: skip
    console.print(table if redactions else "No redactions proposed.")


@request_app.command("redact")
def request_redact(
    request_id: IdArg,
    accept: Annotated[
        list[int] | None, typer.Option("--accept", help="Withhold this redaction (repeatable).")
    ] = None,
    reject: Annotated[
        list[int] | None, typer.Option("--reject", help="Disclose this text (repeatable).")
    ] = None,
    db: DbOption = None,
) -> None:
    """Decide proposed redactions: accept (withhold) or reject (disclose)."""
    from safehold.privacy.rights.pack.redactions import decide

    if not accept and not reject:
        raise fail("name at least one redaction with --accept ID or --reject ID")
    both = set(accept or []) & set(reject or [])
    if both:
        raise fail(f"redaction {min(both)} cannot be both accepted and rejected")
    with request_gate(db) as gate:
        for rid in accept or []:
            decide(gate, request_id, rid, accept=True)
            console.print(f"Redaction {rid}: accepted (withheld).")
        for rid in reject or []:
            decide(gate, request_id, rid, accept=False)
            console.print(f"Redaction {rid}: rejected (disclosed).")


@request_app.command("exempt")
def request_exempt(
    request_id: IdArg,
    exemption: Annotated[str, typer.Option(help="The register's exemption id.")],
    scope: Annotated[str, typer.Option(help="What the exemption covers.")],
    reason: Annotated[str, typer.Option(help="Why it applies.")],
    db: DbOption = None,
) -> None:
    """Record an exemption relied on in answering a request, with its reason."""
    from safehold.privacy.rights.pack.redactions import record_exemption

    with request_gate(db) as gate:
        view = record_exemption(gate, request_id, exemption, scope, reason)
    console.print(f"Recorded exemption {view.exemption_id} for request {request_id}: {view.scope}.")
