"""The GDPR profile: the ``gdpr:`` inventory block, validated only when the profile is on.

``jurisdiction = ["lfpdppp", "gdpr"]`` (config) or ``--jurisdiction gdpr`` turns on the
``gdpr`` rule family (policies/gdpr) and the Art. 13/14 notices; the Mexican rules keep
running. See docs/gdpr.md.

Example:
    >>> enabled(["lfpdppp"]), enabled(["lfpdppp", "gdpr"])
    (False, True)
"""

from __future__ import annotations

from collections.abc import Sequence

from tutela.gdpr.load import validate_gdpr
from tutela.gdpr.schema import EEA, LAWFUL_BASES, SAFEGUARDS, SCHEMA, SPECIAL_CONDITIONS

__all__ = [
    "EEA",
    "LAWFUL_BASES",
    "SAFEGUARDS",
    "SCHEMA",
    "SPECIAL_CONDITIONS",
    "enabled",
    "validate_gdpr",
]


def enabled(jurisdictions: Sequence[str]) -> bool:
    """Whether the GDPR profile is on."""
    return "gdpr" in jurisdictions
