"""The retention schedule: each record's due date from the register, legal holds, and
destruction with a certificate.

>>> from safehold.privacy.retention import compute, apply  # doctest: +SKIP
"""

from safehold.privacy.retention.apply import Applied, apply, compute
from safehold.privacy.retention.destroy import (
    CertificateLine,
    Doomed,
    destroy_person,
    write_certificate,
)
from safehold.privacy.retention.holds import HoldError, lift_hold, list_holds, place_hold
from safehold.privacy.retention.schedule import ScheduleError, due_dates
from safehold.privacy.retention.sweep import Sweep, sweep

__all__ = [
    "Applied",
    "CertificateLine",
    "Doomed",
    "HoldError",
    "ScheduleError",
    "Sweep",
    "apply",
    "compute",
    "destroy_person",
    "due_dates",
    "lift_hold",
    "list_holds",
    "place_hold",
    "sweep",
    "write_certificate",
]
