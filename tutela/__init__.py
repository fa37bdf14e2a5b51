"""tutela: policy-as-code for Mexico's 2025 LFPDPPP.

Python observes, Rego judges, Jinja speaks. The public API is deliberately small and
pinned by ``tests/test_public_api.py``; the heavier entry points are imported lazily so
that ``import tutela`` stays cheap (the CLI's start-up time matters in pre-commit).

Example:
    >>> import tutela
    >>> sorted(tutela.__all__)[:3]
    ['Catalog', 'Finding', 'Inventory']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names' types, for type checkers; at run time they load on first use
    from tutela.errors import TutelaError
    from tutela.findings import Finding, Location, Severity

__version__ = "0.1.0"

# Everything is imported on first use: a ``--server`` client imports this package on every
# start and needs none of it (``tests/test_public_api.py`` pins that the names still resolve).
_LAZY = {
    "TutelaError": ("tutela.errors", "TutelaError"),
    "Finding": ("tutela.findings", "Finding"),
    "Location": ("tutela.findings", "Location"),
    "Severity": ("tutela.findings", "Severity"),
    "analyze_sql": ("tutela.sql", "analyze_sql"),
    "Catalog": ("tutela.sql", "Catalog"),
    "load_inventory": ("tutela.inventory", "load_inventory"),
    "Inventory": ("tutela.inventory", "Inventory"),
    "LintRequest": ("tutela.lint", "LintRequest"),
    "lint": ("tutela.lint", "lint"),
}

__all__ = [
    "Catalog",
    "Finding",
    "Inventory",
    "LintRequest",
    "Location",
    "Severity",
    "TutelaError",
    "__version__",
    "analyze_sql",
    "lint",
    "load_inventory",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        return getattr(importlib.import_module(module), attr)
    raise AttributeError(f"module 'tutela' has no attribute {name!r}")
