"""The rule engine shared by every return.

Rules see Polars frames, never the database or the ORM, so a rule can be run on any file. A rule
is declared once with its code, return, severity, tables and fields, and the years it applies to;
a year inherits every rule of the year before unless it overrides or retires it.
"""

from safehold.validate.engine import ValidationRunFailed, run_rules
from safehold.validate.frames import Dataset, TableFrame
from safehold.validate.registry import REGISTRY, Rule, retire, rule
from safehold.validate.report import Report, SkippedRule

__all__ = [
    "REGISTRY",
    "Dataset",
    "Report",
    "Rule",
    "SkippedRule",
    "TableFrame",
    "ValidationRunFailed",
    "retire",
    "rule",
    "run_rules",
]
