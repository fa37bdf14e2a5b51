"""Fact positions point at the column as written, in every dialect.

qualify gives an unqualified column the table's alias as its qualifier, and that identifier
carries the alias's position in the FROM clause; a column used on line 2 was reported at
the table on line 1. A qualifier counts only when it is written right before the name.
"""

from __future__ import annotations

import pytest

from tutela.sql import Catalog, analyze_sql

CATALOG = Catalog.from_datasets(
    [
        {
            "table": "crm.clientes",
            "timestamp": "alta",
            "consent_columns": {"mercadotecnia": "acepta"},
            "columns": [
                {"name": "nombre", "category": "identificacion"},
                {"name": "curp", "category": "identificacion"},
                {"name": "acepta", "category": "ninguna"},
                {"name": "alta", "category": "ninguna"},
            ],
        }
    ]
)
DIALECTS = ["snowflake", "bigquery", "postgres", "redshift", "databricks", "tsql"]


def _where(sql: str, dialect: str) -> list[tuple[str, int, int]]:
    fact = analyze_sql(sql, dialect=dialect, catalog=CATALOG)[0]
    refs = [(r["column"], r["line"], r["col"]) for r in fact["references"]]
    refs += [(t["column"], t["line"], t["col"]) for t in fact["time_filters"]]
    refs += [(c["column"], c["line"], c["col"]) for c in fact["consent_filters"]]
    return sorted(set(refs))


@pytest.mark.parametrize("dialect", DIALECTS)
def test_unqualified_column_is_located_at_its_name(dialect: str) -> None:
    sql = "SELECT nombre\nFROM crm.clientes\nWHERE curp IS NOT NULL\n  AND acepta = TRUE"
    assert ("curp", 3, 7) in _where(sql, dialect)
    assert ("acepta", 4, 7) in _where(sql, dialect)
    assert ("nombre", 1, 8) in _where(sql, dialect)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_written_qualifier_starts_the_column(dialect: str) -> None:
    sql = "SELECT c.nombre\nFROM crm.clientes AS c\nWHERE c . curp IS NOT NULL"
    assert _where(sql, dialect) == [("curp", 3, 7), ("nombre", 1, 8)]


def test_time_filter_is_located_at_the_timestamp_column() -> None:
    sql = "SELECT nombre FROM crm.clientes\nWHERE alta >= CURRENT_DATE - 30"
    fact = analyze_sql(sql, dialect="postgres", catalog=CATALOG)[0]
    assert [(t["line"], t["col"]) for t in fact["time_filters"]] == [(2, 7)]


def test_copy_column_list_exposures_are_located_at_each_column() -> None:
    sql = "COPY crm.clientes (nombre, curp) TO STDOUT"
    fact = analyze_sql(sql, dialect="postgres", catalog=CATALOG)[0]
    assert [(e["column"], e["col"]) for e in fact["exposures"]] == [("nombre", 20), ("curp", 28)]
