"""Privacy: the register of processing, the notice rendered from it, and the conformance check.

The register (:mod:`safehold.privacy.register`) is the one source of truth for what the authority
processes, why, under which law, from where, shared with whom, kept how long, and which rights
apply. :mod:`safehold.privacy.notice` renders the published notice from it and
:mod:`safehold.privacy.conformance` checks the system against it.
"""

from safehold.privacy.register import (
    LawfulBasis,
    Register,
    RegisterError,
    load_register,
    load_version,
)

__all__ = ["LawfulBasis", "Register", "RegisterError", "load_register", "load_version"]
