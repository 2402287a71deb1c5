"""User accounts: who may use Safehold, in which role; and who is acting now.

Authentication is the doors' job (the CLI trusts the operating-system user, or
``$SAFEHOLD_USER``; the web app will log people in). Here a door turns a username into a
:class:`User` with the role of its account. Managing accounts is itself done through the gate,
for the ``administration`` purpose, so each account created or changed is in the audit trail.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import sqlalchemy as sa

from safehold.access.gate import AccessRefused, Gate, User
from safehold.access.models import UserAccount
from safehold.access.policy import Policy, default_policy

ADMINISTRATION = "administration"
#: The role a door acts in while the store has no accounts at all (a new, single-operator store).
BOOTSTRAP_ROLE = "system"
ACCOUNTS: sa.Table = UserAccount.__table__  # type: ignore[assignment]


class UnknownUser(LookupError):
    """The acting username has no active account."""


@dataclass(frozen=True)
class Acting:
    """Who a door acts as, and whether that is the bootstrap identity of an empty store."""

    user: User
    bootstrap: bool


def _has_accounts(engine: sa.Engine) -> bool:
    with engine.connect() as connection:
        return connection.execute(sa.select(ACCOUNTS.c.username).limit(1)).first() is not None


def resolve_user(engine: sa.Engine, username: str) -> Acting:
    """The account ``username`` acts as. While the store has no accounts yet, anyone acts in
    the ``system`` role (so a new store can be loaded and tried); once one exists, only active
    account holders may act."""
    with engine.connect() as connection:
        row = connection.execute(
            sa.select(ACCOUNTS.c.role, ACCOUNTS.c.display_name, ACCOUNTS.c.active).where(
                ACCOUNTS.c.username == username
            )
        ).first()
    if row is not None:
        if not row.active:
            raise UnknownUser(f"the Safehold account {username!r} is deactivated")
        return Acting(User(username, str(row.role), str(row.display_name)), bootstrap=False)
    if not _has_accounts(engine):
        return Acting(User(username, BOOTSTRAP_ROLE), bootstrap=True)
    raise UnknownUser(
        f"{username!r} has no Safehold account: ask an administrator to run "
        f"'safehold user add {username} --role ROLE' (or set SAFEHOLD_USER to your account)"
    )


def _admin_gate(engine: sa.Engine, actor: User, policy: Policy) -> Gate:
    if not _has_accounts(engine):
        # The very first account: whoever creates it acts as an administrator, once.
        actor = User(actor.username, "administrator", actor.display_name)
    gate = Gate(engine, actor, ADMINISTRATION, policy=policy)
    role = policy.role(actor.role)
    if not role.manages_users:
        refused = AccessRefused(
            actor, ADMINISTRATION, "manage user accounts", f"the role {role.id} does not"
        )
        if role.may_act_for(ADMINISTRATION):
            gate.record_refusal(refused)
        else:
            try:
                gate.check_purpose("manage user accounts")
            except AccessRefused as exc:
                gate.record_refusal(exc)
                raise
        raise refused
    return gate


def add_user(
    engine: sa.Engine,
    actor: User,
    username: str,
    role: str,
    display_name: str | None = None,
    *,
    policy: Policy | None = None,
) -> None:
    """Create an account (the actor must manage users, unless it is the store's first)."""
    policy = policy or default_policy()
    policy.role(role)  # a clear error for an unknown role
    if not username.strip():
        raise ValueError("a username cannot be empty")
    gate = _admin_gate(engine, actor, policy)
    with gate.session() as session:
        if session.get(UserAccount, username) is not None:
            raise ValueError(f"the account {username!r} already exists")
        session.add(
            UserAccount(
                username=username,
                display_name=display_name or username,
                role=role,
                active=True,
                created_by=gate.user.username,
            )
        )


def set_active(
    engine: sa.Engine, actor: User, username: str, active: bool, *, policy: Policy | None = None
) -> None:
    """Deactivate (or reactivate) an account; accounts are never deleted (the trail names them)."""
    policy = policy or default_policy()
    gate = _admin_gate(engine, actor, policy)
    with gate.session() as session:
        account = session.get(UserAccount, username)
        if account is None:
            raise ValueError(f"no account {username!r}")
        account.active = active


def list_users(engine: sa.Engine, actor: User, *, policy: Policy | None = None) -> pl.DataFrame:
    policy = policy or default_policy()
    gate = _admin_gate(engine, actor, policy)
    return gate.read_frame(
        "user_account",
        ["username", "display_name", "role", "active", "created_at", "created_by"],
        order_by=["username"],
    )
