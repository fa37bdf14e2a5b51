"""The Jinja ``Undefined`` that dbt rendering uses for unknown macros and variables.

A module of its own so that :mod:`tutela.sql.dbt` imports Jinja only when it renders a model.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2


class Placeholder(jinja2.Undefined):
    """Unknown macros and variables: render as an identifier, never fail, never hide."""

    def _name(self) -> str:
        name = self._undefined_name or "value"
        return "tutela_macro_" + re.sub(r"[^A-Za-z0-9_]", "_", str(name))

    def __str__(self) -> str:
        return self._name()

    def __call__(self, *args: Any, **kwargs: Any) -> Placeholder:  # type: ignore[override]
        return self

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return Placeholder(name=f"{self._undefined_name}_{name}")

    def __iter__(self) -> Any:
        return iter(())

    def __bool__(self) -> bool:
        return False
