"""Users, roles, purposes and the gate through which all personal data is read and written.

Features (``ingest``, ``returns``, ``privacy``, ``synth``) reach personal data only through a
:class:`Gate`; this package alone talks to the store. The role table is ``roles.yaml``.
"""

# The record's metadata imports the tables of the gate, the trail and the rights (some of which
# import the gate's models): loading the record first settles that cycle whichever module a
# caller imports first.
import safehold.record  # noqa: F401  # isort: skip
from safehold.access.gate import AccessRefused, FrameRequest, Gate, ProgressFn, User
from safehold.access.models import ProcessingRestriction, UserAccount
from safehold.access.policy import (
    RESTRICTION_EXEMPT,
    Mode,
    Policy,
    PolicyError,
    Role,
    default_policy,
    load_policy,
)
from safehold.access.users import (
    Acting,
    UnknownUser,
    add_user,
    list_users,
    resolve_user,
    set_active,
)

__all__ = [
    "RESTRICTION_EXEMPT",
    "AccessRefused",
    "Acting",
    "FrameRequest",
    "Gate",
    "Mode",
    "Policy",
    "PolicyError",
    "ProcessingRestriction",
    "ProgressFn",
    "Role",
    "UnknownUser",
    "User",
    "UserAccount",
    "add_user",
    "default_policy",
    "list_users",
    "load_policy",
    "resolve_user",
    "set_active",
]
