"""``safehold audit verify|log`` and ``safehold user add|list|deactivate|roles``."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from typing import Annotated

import typer
from rich.table import Table

from safehold.cli.app import DbOption, app, console, err_console, fail
from safehold.cli.cmd_store import acting_user, gate_for, open_store
from safehold.cli.groups import audit_app

#: Checking the trail and reading it are the DPO's (and the auditor's) own work.
AUDIT_PURPOSE = "data_protection"

user_app = typer.Typer(name="user", help="User accounts and their roles.", no_args_is_help=True)
app.add_typer(user_app, name="user")


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"


def _anchor(text: str | None) -> tuple[int, str] | None:
    if text is None:
        return None
    match = re.fullmatch(r"(\d+):([0-9a-fA-F]{64})", text.strip())
    if match is None:
        raise fail(
            f"--anchor {text!r} is not an anchor: expected EVENT:HASH, the event number and its "
            "64-character hash as 'safehold audit verify' printed them"
        )
    return int(match.group(1)), match.group(2).lower()


@audit_app.command("verify")
def audit_verify(
    anchor: Annotated[
        str | None,
        typer.Option(
            help="An EVENT:HASH printed by an earlier verify and kept outside the database; "
            "the trail must still hold that event with that hash."
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Recompute the audit trail's hash chain: exit 0 if intact, 1 naming each event that was
    edited, deleted or reordered."""
    from safehold.access import AccessRefused
    from safehold.access.trail import verify_trail

    anchored = _anchor(anchor)
    gate = gate_for(open_store(db), AUDIT_PURPOSE)
    try:
        result = verify_trail(gate, anchor=anchored)
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    if result.intact:
        console.print(
            f"The audit trail is intact: {result.events:,} events, each linked to the one "
            f"before.\nHead: {result.head_seq}:{result.head_hash}\n"
            "Keep this line somewhere outside the database (a ticket, a signed note) and check "
            "it later with --anchor: that catches a rewrite of the whole trail.",
            highlight=False,
        )
        return
    err_console.print(
        f"[bold red]The audit trail has been tampered with[/] ({len(result.problems)} "
        f"problem(s) in {result.events:,} events):",
        highlight=False,
    )
    for problem in result.problems:
        err_console.print(f"  [{problem.kind}] {problem.message}", highlight=False)
    raise typer.Exit(1)


@audit_app.command("log")
def audit_log(
    child: Annotated[str, typer.Option("--child", help="The child's (or any person's) id.")],
    format: Annotated[Format, typer.Option("--format", help="table or json.")] = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Who has seen or changed this child's record, when, and why."""
    from safehold.access import AccessRefused
    from safehold.access.trail import trail_for_person

    gate = gate_for(open_store(db), AUDIT_PURPOSE)
    try:
        events = trail_for_person(gate, child)
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    if format is Format.JSON:
        console.print_json(
            json.dumps(
                [
                    {
                        "event": e.seq,
                        "when": e.occurred_at,
                        "who": e.event.username,
                        "role": e.event.role,
                        "purpose": e.event.purpose,
                        "action": e.event.action,
                        "outcome": e.event.outcome,
                        "fields": list(e.event.fields),
                        "detail": e.event.detail,
                    }
                    for e in events
                ]
            )
        )
        return
    if not events:
        console.print(f"No one has seen or changed the record of {child} (no audit events).")
        return
    table = Table(title=f"Who has seen or changed the record of {child}")
    for heading in ("event", "when (UTC)", "who", "role", "purpose", "action", "outcome",
                    "tables"):  # fmt: skip
        table.add_column(heading)
    for e in events:
        # The table names; --format json lists every table.column.
        tables = ", ".join(sorted({f.partition(".")[0] for f in e.event.fields}))
        table.add_row(str(e.seq), e.occurred_at[:19].replace("T", " "), e.event.username,
                      e.event.role, e.event.purpose, e.event.action, e.event.outcome, tables)  # fmt: skip
    console.print(table)


# -- users -----------------------------------------------------------------------------------


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="The account name (the person's login).")],
    role: Annotated[str, typer.Option("--role", help="One role: see 'safehold user roles'.")],
    name: Annotated[str | None, typer.Option("--name", help="Their display name.")] = None,
    db: DbOption = None,
) -> None:
    """Create an account (an administrator's job; anyone may create a new store's first)."""
    from safehold.access import AccessRefused, add_user, default_policy

    policy = default_policy()
    if role not in policy.roles:
        raise fail(f"--role {role!r} is not a role: expected one of {', '.join(policy.roles)}")
    engine = open_store(db)
    try:
        add_user(engine, acting_user(engine), username, role, name, policy=policy)
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    console.print(f"Created the account {username} ({policy.role(role).name}).")


@user_app.command("deactivate")
def user_deactivate(
    username: Annotated[str, typer.Argument(help="The account to deactivate.")],
    db: DbOption = None,
) -> None:
    """Stop an account acting (accounts are kept: the audit trail names them)."""
    from safehold.access import AccessRefused, set_active

    engine = open_store(db)
    try:
        set_active(engine, acting_user(engine), username, False)
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    console.print(f"Deactivated the account {username}.")


@user_app.command("list")
def user_list(db: DbOption = None) -> None:
    """The accounts, their roles, and whether they are active."""
    from safehold.access import AccessRefused, list_users

    engine = open_store(db)
    try:
        frame = list_users(engine, acting_user(engine))
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    table = Table(title="Safehold accounts")
    for heading in ("username", "name", "role", "active", "created", "created by"):
        table.add_column(heading)
    for row in frame.iter_rows(named=True):
        table.add_row(row["username"], row["display_name"], row["role"],
                      "yes" if row["active"] else "no", f"{row['created_at']:%Y-%m-%d}",
                      row["created_by"])  # fmt: skip
    console.print(table)


@user_app.command("roles")
def user_roles() -> None:
    """The role table: for each role, the purposes it acts for and what it may read and change."""
    from safehold.access import Mode, default_policy

    policy = default_policy()
    table = Table(title="Roles (safehold/access/roles.yaml)", show_lines=True)
    for heading in ("role", "purpose", "may read", "may change"):
        table.add_column(heading)
    for role in policy.roles.values():
        for i, (purpose, grant) in enumerate(role.grants.items()):
            table.add_row(
                role.name if i == 0 else "",
                purpose,
                ", ".join(sorted(grant[Mode.READ])) or "nothing",
                ", ".join(sorted(grant[Mode.CHANGE])) or "nothing",
            )
    console.print(table)
