"""SSDA903 validation: the rules for every collection year, registered on import."""

from safehold.validate.ssda903 import rules as rules
