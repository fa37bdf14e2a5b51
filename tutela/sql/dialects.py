"""The SQL dialects tutela reads, and one sqlglot dialect object per dialect and process."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # sqlglot is imported when a dialect object is first needed (lazy start)
    from sqlglot.dialects.dialect import Dialect

DIALECTS = (
    "ansi",
    "snowflake",
    "bigquery",
    "postgres",
    "redshift",
    "databricks",
    "spark",
    "mysql",
    "tsql",
    "duckdb",
    "sqlite",
    "oracle",
    "trino",
    "presto",
    "hive",
    "clickhouse",
)

_DIALECTS: dict[str, Dialect] = {}


def sqlglot_name(dialect: str) -> str:
    """Sqlglot's name for a dialect (tutela calls sqlglot's generic dialect ``ansi``).

    Example:
        >>> sqlglot_name("ansi"), sqlglot_name("bigquery")
        ('', 'bigquery')
    """
    return "" if dialect == "ansi" else dialect


def dialect_object(dialect: str) -> Dialect:
    """The sqlglot dialect object for a tutela dialect name, made once per process.

    sqlglot builds a new one for every call given a name (parse, qualify, normalisation
    each ask several times a statement); a shared instance is equivalent.
    """
    found = _DIALECTS.get(dialect)
    if found is None:
        from sqlglot.dialects.dialect import Dialect

        found = _DIALECTS[dialect] = Dialect.get_or_raise(sqlglot_name(dialect))
    return found
