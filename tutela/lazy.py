"""Package names that load on first use (PEP 562), so that importing a package stays cheap.

A warm pre-commit run imports ``tutela.sql``, ``tutela.shares`` and ``tutela.sql.dbt`` for a few
light names; their heavy modules (sqlglot, the dbt renderer, Cerberus) load only when a name
that needs them is first asked for.

Example:
    >>> __getattr__ = lazy_names("demo", {"sqrt": "math"})
    >>> __getattr__("sqrt")(9.0)
    3.0
    >>> __getattr__("cbrt")
    Traceback (most recent call last):
    ...
    AttributeError: module 'demo' has no attribute 'cbrt'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, names: Mapping[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` that imports ``names[name]`` and returns its ``name``."""

    def __getattr__(name: str) -> Any:
        if name in names:
            return getattr(importlib.import_module(names[name]), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
