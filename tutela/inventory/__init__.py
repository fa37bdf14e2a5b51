"""The data inventory: the single source of truth (schema, loader, cross-references).

Example:
    >>> from tutela.inventory import CATEGORIES, SCHEMA_VERSION
    >>> SCHEMA_VERSION, CATEGORIES[0]
    (1, 'identificacion')
"""

from __future__ import annotations

from tutela.inventory.load import duration_days, load_inventory, validate_document
from tutela.inventory.model import Inventory
from tutela.inventory.schema import (
    CATEGORIES,
    PERSONAL_CATEGORIES,
    SCHEMA,
    SCHEMA_VERSION,
    render_inventory_docs,
)

__all__ = [
    "CATEGORIES",
    "PERSONAL_CATEGORIES",
    "SCHEMA",
    "SCHEMA_VERSION",
    "Inventory",
    "duration_days",
    "load_inventory",
    "render_inventory_docs",
    "validate_document",
]
