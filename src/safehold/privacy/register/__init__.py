"""The register of processing: what the authority processes, why, and under which law.

>>> register = load_register()
>>> register.category("care_leavers").special
False
"""

from safehold.privacy.register.loader import (
    RegisterError,
    default_register_path,
    load_register,
    load_register_text,
    load_version,
    packaged_versions,
)
from safehold.privacy.register.schema import (
    Category,
    LawfulBasis,
    Purpose,
    Recipient,
    Register,
    RetentionClass,
    Right,
    Source,
    SpecialCondition,
    Trigger,
)

__all__ = [
    "Category",
    "LawfulBasis",
    "Purpose",
    "Recipient",
    "Register",
    "RegisterError",
    "RetentionClass",
    "Right",
    "Source",
    "SpecialCondition",
    "Trigger",
    "default_register_path",
    "load_register",
    "load_register_text",
    "load_version",
    "packaged_versions",
]
