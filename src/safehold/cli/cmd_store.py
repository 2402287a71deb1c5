"""``safehold demo``, ``safehold synth`` and ``safehold db upgrade``."""

from __future__ import annotations

import datetime as dt
import getpass
import os
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from safehold.cli.app import DbOption, app, console, err_console, fail
from safehold.cli.groups import db_app

if TYPE_CHECKING:
    import sqlalchemy as sa

    from safehold.access import Gate, User
    from safehold.record.summary import Summary


def open_store(db: str | None) -> sa.Engine:
    """An engine on the store, migrated to the latest schema (a clear error if it can't be)."""
    import sqlalchemy as sa

    from safehold.store import StoreError, database_url, make_engine, upgrade

    try:
        engine = make_engine(db)
        upgrade(engine)
    except StoreError as exc:
        raise fail(str(exc)) from None
    except sa.exc.OperationalError as exc:
        raise fail(f"cannot open the database {database_url(db)}: {exc.orig}") from None
    return engine


USER_ENV = "SAFEHOLD_USER"


def acting_user(engine: sa.Engine) -> User:
    """Who the command acts as: the Safehold account named by ``$SAFEHOLD_USER``, else the
    operating-system user's. A store with no accounts yet is used in the ``system`` role."""
    from safehold.access import UnknownUser, resolve_user

    username = os.environ.get(USER_ENV) or getpass.getuser()
    try:
        acting = resolve_user(engine, username)
    except UnknownUser as exc:
        raise fail(str(exc)) from None
    if acting.bootstrap:
        err_console.print(
            f"[yellow]note:[/] this store has no user accounts yet, so {username} acts in the "
            "system role; create accounts with 'safehold user add'.",
            highlight=False,
        )
    return acting.user


def gate_for(engine: sa.Engine, purpose: str) -> Gate:
    """The gate for this command's declared purpose, as the acting user."""
    from safehold.access import Gate

    return Gate(engine, acting_user(engine), purpose)


@db_app.command("upgrade")
def db_upgrade(db: DbOption = None) -> None:
    """Create the database, or bring its schema up to date."""
    from safehold.store import current_revision, head_revision

    engine = open_store(db)
    console.print(f"Database {engine.url.render_as_string()} is at revision {current_revision(engine)} "
                  f"(latest {head_revision()}).")  # fmt: skip


def _generate_and_load(gate: Gate, children: int, seed: int, years: int,
                       today: dt.date | None, origin: str) -> str:  # fmt: skip
    from safehold.synth.generate import generate

    with console.status(f"Generating {children:,} children (seed {seed})..."):
        authority = generate(children, seed, years=years, today=today)
    total = sum(len(rows) for rows in authority.rows.values())
    with Progress(TextColumn("Loading {task.fields[table]:<24}"), BarColumn(),
                  TextColumn("{task.completed:,}/{task.total:,} rows"), TimeElapsedColumn(),
                  console=err_console, transient=True) as progress:  # fmt: skip
        task = progress.add_task("load", total=total, table="")
        import_id = gate.load_rows(
            authority.rows, kind="synthetic", origin=origin,
            progress=lambda table, n: progress.update(task, advance=n, table=table),
        )  # fmt: skip
    console.print(f"Loaded {total:,} rows for {children:,} children (import {import_id}); "
                  f"implied child population {authority.population:,}.")  # fmt: skip
    return import_id


@app.command()
def synth(
    children: Annotated[int, typer.Option(min=1, help="How many children to generate.")] = 1000,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed gives the same authority.")
    ] = 1,
    years: Annotated[int, typer.Option(min=1, max=10, help="Years of history before today.")] = 3,
    today: Annotated[str | None, typer.Option(help="Simulate as if today were YYYY-MM-DD.")] = None,
    db: DbOption = None,
) -> None:
    """Generate a synthetic local authority and load it into the store."""
    from safehold.access import AccessRefused

    day = None
    if today is not None:
        try:
            day = dt.date.fromisoformat(today)
        except ValueError:
            raise fail(f"--today {today!r} is not a date: expected YYYY-MM-DD") from None
    engine = open_store(db)
    try:
        _generate_and_load(gate_for(engine, "storage"), children, seed, years, day,
                           f"synth --children {children} --seed {seed} --years {years}")  # fmt: skip
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None


def print_summary(summary: Summary) -> None:
    console.rule(f"[bold]Safehold: the record on {summary.on:%-d %B %Y}")
    headline = Table(title="Children by category today", show_header=True)
    headline.add_column("who")
    headline.add_column("children", justify="right")
    for label, value in (
        ("children with a social care record", summary.children),
        ("open children in need cases", summary.open_children_in_need),
        ("on a child protection plan", summary.open_child_protection),
        ("looked after", summary.looked_after),
        ("care leavers in touch", summary.care_leavers_in_touch),
        ("referrals in the last 12 months", summary.referrals_last_year),
        ("parents and carers recorded", summary.adults),
    ):
        headline.add_row(label, f"{value:,}")
    console.print(headline)
    areas = {
        "People": ("person", "relationship", "address", "disability", "immigration_status"),
        "Children in need": ("contact", "referral", "assessment", "cin_plan", "cin_visit"),
        "Child protection": ("section47_enquiry", "initial_cp_conference", "cp_plan", "cp_review"),
        "Looked after": ("cla_episode", "cla_placement", "cla_review", "missing_episode",
                         "deprivation_of_liberty"),
        "Outcomes": ("health_check", "immunisation", "sdq_score", "substance_misuse", "conviction"),
        "Adoption and leaving care": ("permanence", "previous_permanence", "care_leaver"),
        "Additional information": ("case_note", "medical_information", "behaviour_support"),
    }  # fmt: skip
    table = Table(title="Rows held, by area")
    table.add_column("area")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for area, names in areas.items():
        for i, name in enumerate(names):
            table.add_row(area if i == 0 else "", name, f"{summary.rows_by_table.get(name, 0):,}")
    console.print(table)


@app.command()
def demo(
    children: Annotated[int, typer.Option(min=1, help="Children to generate on first run.")] = 2000,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 1,
    db: DbOption = None,
) -> None:
    """Build a synthetic authority in the database (first run only) and summarise it."""
    from safehold.access import AccessRefused, Gate
    from safehold.record.summary import summarise

    engine = open_store(db)
    gate = gate_for(engine, "service_quality")
    try:
        people = gate.row_counts()["person"]
        if people:
            console.print(f"The database already holds {people:,} people; summarising it as it is.")
        else:
            loader = Gate(engine, gate.user, "storage")
            _generate_and_load(loader, children, seed, 3, None, f"demo --children {children}")
        summary = summarise(gate)
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    print_summary(summary)
