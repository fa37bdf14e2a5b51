"""SQL facts: what each warehouse statement does with personal data (no judgement here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tutela.lazy import lazy_names

if TYPE_CHECKING:
    from tutela.sql.catalog import Catalog
    from tutela.sql.facts import DIALECTS, FACTS_VERSION, analyze_sql
    from tutela.sql.files import analyze_path, expand_paths

__all__ = ["DIALECTS", "FACTS_VERSION", "Catalog", "analyze_path", "analyze_sql", "expand_paths"]

# Imported on first use, so that importing a light submodule (the catalog, the file reader)
# does not import sqlglot: a run whose files all hit the facts cache never needs it.
_LAZY = {
    "Catalog": "tutela.sql.catalog",
    "DIALECTS": "tutela.sql.dialects",
    "FACTS_VERSION": "tutela.sql.state",
    "analyze_sql": "tutela.sql.facts",
    "analyze_path": "tutela.sql.files",
    "expand_paths": "tutela.sql.files",
}


__getattr__ = lazy_names(__name__, _LAZY)
