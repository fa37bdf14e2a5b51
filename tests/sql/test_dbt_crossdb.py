"""dbt's cross-database macros, as tutela renders them, parse in every dialect they target."""

from __future__ import annotations

import pytest
import sqlglot
from sqlglot import exp

from tutela.sql.dbt_crossdb import adapter_type, dispatch_prefixes, macros_for
from tutela.sql.dialects import sqlglot_name

DIALECTS = [
    "snowflake",
    "bigquery",
    "postgres",
    "redshift",
    "databricks",
    "spark",
    "duckdb",
    "ansi",
]

# macro -> (args, the columns its SQL must read)
EXPRESSIONS = {
    "dateadd": (("day", 7, "created_at"), {"created_at"}),
    "datediff": (("started_at", "ended_at", "day"), {"started_at", "ended_at"}),
    "date_trunc": (("month", "created_at"), {"created_at"}),
    "safe_cast": (("amount", "numeric"), {"amount"}),
    "cast": (("amount", "numeric"), {"amount"}),
    "concat": ((["first_name", "last_name"],), {"first_name", "last_name"}),
    "hash": (("email",), {"email"}),
    "cast_bool_to_text": (("is_active",), {"is_active"}),
    "length": (("email",), {"email"}),
    "position": (("'@'", "email"), {"email"}),
    "replace": (("phone", "'-'", "''"), {"phone"}),
    "right": (("phone", 4), {"phone"}),
    "split_part": (("email", "'@'", 2), {"email"}),
    "listagg": (("email",), {"email"}),
    "any_value": (("email",), {"email"}),
    "bool_or": (("is_active",), {"is_active"}),
    "last_day": (("created_at", "month"), {"created_at"}),
    "equals": (("a", "b"), {"a", "b"}),
    "current_timestamp": ((), set()),
}
TYPES = ["type_string", "type_timestamp", "type_float", "type_numeric", "type_bigint", "type_int"]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_expression_macro_parses_and_reads_its_arguments(dialect: str) -> None:
    macros = macros_for(adapter_type(dialect))
    for name, (args, columns) in EXPRESSIONS.items():
        sql = f"select {macros[name](*args)} as x from t"
        tree = sqlglot.parse_one(sql, read=sqlglot_name(dialect))
        read = {c.name for c in tree.find_all(exp.Column)} - {"x"}
        assert columns <= read, (dialect, name, sql)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_type_macro_is_a_type_of_the_dialect(dialect: str) -> None:
    macros = macros_for(adapter_type(dialect))
    for name in TYPES:
        sql = f"select cast(a as {macros[name]()}) from t"
        assert sqlglot.parse_one(sql, read=sqlglot_name(dialect)).find(exp.Cast), (dialect, sql)


def test_types_follow_the_adapter() -> None:
    assert macros_for("snowflake")["type_timestamp"]() == "timestamp_ntz"
    assert macros_for("bigquery")["type_string"]() == "string"
    assert macros_for("bigquery")["type_int"]() == "int64"
    assert macros_for("postgres")["type_string"]() == "text"


def test_dispatch_order_follows_parent_adapters() -> None:
    assert dispatch_prefixes("databricks") == ["databricks__", "spark__", "default__"]
    assert dispatch_prefixes("default") == ["default__"]
