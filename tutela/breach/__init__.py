"""Breach response (LFPDPPP art. 19): incident files, the affected set, the significance test.

Example:
    >>> from tutela.breach import BREACH_TYPES
    >>> BREACH_TYPES[0]
    'loss'
"""

from __future__ import annotations

from tutela.breach.affected import Affected, AffectedColumn, AffectedRecipient, derive_affected
from tutela.breach.assess import (
    PCI_12_10,
    SLA,
    Deadline,
    Significance,
    assess_significance,
    deadlines,
)
from tutela.breach.load import Incident, load_incident, parse_instant
from tutela.breach.schema import BREACH_TYPES, SCHEMA, SCHEMA_VERSION

__all__ = [
    "BREACH_TYPES",
    "PCI_12_10",
    "SCHEMA",
    "SCHEMA_VERSION",
    "SLA",
    "Affected",
    "AffectedColumn",
    "AffectedRecipient",
    "Deadline",
    "Incident",
    "Significance",
    "assess_significance",
    "deadlines",
    "derive_affected",
    "load_incident",
    "parse_instant",
]
