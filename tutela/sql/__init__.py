"""SQL facts: what each warehouse statement does with personal data (no judgement here)."""

from __future__ import annotations

from tutela.sql.catalog import Catalog
from tutela.sql.facts import DIALECTS, FACTS_VERSION, analyze_sql
from tutela.sql.files import analyze_path, expand_paths

__all__ = ["DIALECTS", "FACTS_VERSION", "Catalog", "analyze_path", "analyze_sql", "expand_paths"]
