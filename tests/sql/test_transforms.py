"""Which functions carry a value through (value_preserving) in each dialect.

The policies decide what counts as a mask or de-identification; the facts must say whether the
raw value can still come out. Unknown functions and UDFs count as value-preserving, so a
function tutela does not know never hides a value.
"""

from __future__ import annotations

import pytest

from tests.sql.test_fixtures import CATALOG
from tutela.sql import analyze_sql

CASES = [
    # (dialect, expression over c.telefono, value_preserving)
    ("snowflake", "c.telefono", True),
    ("snowflake", "UPPER(c.telefono)", True),
    ("snowflake", "COALESCE(c.telefono, c.correo)", True),
    ("snowflake", "c.telefono || '-x'", True),
    ("snowflake", "LAG(c.telefono) OVER (ORDER BY c.cliente_id)", True),
    ("snowflake", "MAX(c.telefono)", True),
    ("snowflake", "LISTAGG(c.telefono, ',')", True),
    ("snowflake", "ARRAY_AGG(c.telefono)", True),
    ("snowflake", "CAST(c.telefono AS VARCHAR)", True),
    ("snowflake", "CASE WHEN c.cliente_id > 0 THEN c.telefono END", True),
    ("snowflake", "my_udf(c.telefono)", True),
    ("snowflake", "SHA2(c.telefono, 256)", False),
    ("snowflake", "MD5(c.telefono)", False),
    ("snowflake", "HASH(c.telefono)", False),
    ("snowflake", "RIGHT(c.telefono, 4)", False),
    ("snowflake", "COUNT(DISTINCT c.telefono)", False),
    ("snowflake", "REGEXP_REPLACE(c.telefono, '[0-9]', 'X')", False),
    ("bigquery", "TO_HEX(SHA256(c.telefono))", False),
    ("bigquery", "SHA1(c.telefono)", False),
    ("bigquery", "FARM_FINGERPRINT(c.telefono)", False),
    ("bigquery", "STRING_AGG(c.telefono)", True),
    ("postgres", "sha256(c.telefono::bytea)", False),
    ("postgres", "md5(c.telefono)", False),
    ("postgres", "overlay(c.telefono placing 'XXXX' from 1 for 6)", False),
    ("redshift", "FNV_HASH(c.telefono)", False),
    ("redshift", "FUNC_SHA1(c.telefono)", False),
    ("tsql", "STUFF(c.telefono, 1, 6, 'XXXXXX')", False),
    ("tsql", "CHECKSUM(c.telefono)", False),
    ("databricks", "collect_list(c.telefono)", True),
    ("databricks", "sha2(c.telefono, 256)", False),
    ("mysql", "SUBSTRING(c.telefono, 7, 4)", False),
    # Wide or unbounded truncations keep the value: not masks, value-preserving.
    ("mysql", "SUBSTRING(c.telefono, 7)", True),
    ("snowflake", "RIGHT(c.telefono, 16)", True),
    ("snowflake", "LEFT(c.telefono, 200)", True),
    ("snowflake", "LEFT(c.telefono, 6)", False),
]


@pytest.mark.parametrize(
    ("dialect", "expression", "preserving"), CASES, ids=[f"{d}:{e}" for d, e, _ in CASES]
)
def test_value_preserving(dialect: str, expression: str, preserving: bool) -> None:
    sql = f"SELECT {expression} AS v FROM cc_dwh.crm.clientes AS c"
    fact = analyze_sql(sql, dialect=dialect, catalog=CATALOG)[0]
    assert fact["parsed"], fact["error"]
    phone = [e for e in fact["exposures"] if e["column"] == "telefono"]
    assert phone, fact["exposures"]
    assert {e["value_preserving"] for e in phone} == {preserving}, phone


TREATMENTS = [
    # (dialect, expression over c.telefono, treatment)
    ("snowflake", "COUNT(DISTINCT c.telefono)", "aggregated"),
    ("bigquery", "APPROX_COUNT_DISTINCT(c.telefono)", "aggregated"),
    ("postgres", "count(DISTINCT c.telefono)", "aggregated"),
    ("redshift", "COUNT(c.telefono)", "aggregated"),
    ("databricks", "count(DISTINCT sha2(c.telefono, 256))", "aggregated"),
    ("snowflake", "SHA2(c.telefono, 256)", "pseudonymised"),
    ("bigquery", "TO_HEX(SHA256(c.telefono))", "pseudonymised"),
    ("bigquery", "FARM_FINGERPRINT(c.telefono)", "pseudonymised"),
    ("postgres", "md5(c.telefono)", "pseudonymised"),
    ("databricks", "sha2(c.telefono, 256)", "pseudonymised"),
    ("snowflake", "SHA2(RIGHT(c.telefono, 4))", "pseudonymised"),
    ("snowflake", "RIGHT(c.telefono, 4)", "masked"),
    ("tsql", "STUFF(c.telefono, 1, 6, 'XXXXXX')", "masked"),
    ("snowflake", "LENGTH(c.telefono)", "derived"),
    ("snowflake", "MAX(c.telefono)", "raw"),
    ("snowflake", "UPPER(c.telefono)", "raw"),
    ("snowflake", "RIGHT(c.telefono, 16)", "raw"),
]


@pytest.mark.parametrize(
    ("dialect", "expression", "expected"), TREATMENTS, ids=[f"{d}:{e}" for d, e, _ in TREATMENTS]
)
def test_treatment(dialect: str, expression: str, expected: str) -> None:
    sql = f"SELECT {expression} AS v FROM cc_dwh.crm.clientes AS c"
    fact = analyze_sql(sql, dialect=dialect, catalog=CATALOG)[0]
    assert {e["treatment"] for e in fact["exposures"] if e["column"] == "telefono"} == {expected}


@pytest.mark.parametrize("dialect", ["snowflake", "bigquery", "postgres", "redshift", "databricks"])
def test_an_aggregate_grouped_by_its_own_column_is_raw(dialect: str) -> None:
    sql = (
        "SELECT COUNT(c.telefono) AS n, SUM(c.saldo) AS s FROM cc_dwh.crm.clientes AS c "
        "GROUP BY c.telefono"
    )
    fact = analyze_sql(sql, dialect=dialect, catalog=CATALOG)[0]
    treatments = {
        e["column"]: (e["treatment"], e.get("grouped_by_itself")) for e in fact["exposures"]
    }
    assert treatments == {"telefono": ("raw", True), "saldo": ("aggregated", None)}
