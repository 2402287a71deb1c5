"""CIN census validation: the rules for every collection year, registered on import."""

from safehold.validate.cin_census import rules as rules
