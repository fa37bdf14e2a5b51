"""PUR002 with usage kinds: a purpose allowed only aggregates, hashes or masks of a column.

Examples inventory: ``dwh.crm.clientes.telefono`` has ``usage: {analitica: [aggregated]}``;
``dwh.cobranza.cartera`` (purposes ``[cobranza]``) has ``usage: {analitica: [aggregated,
pseudonymised]}`` for every column.
"""

from __future__ import annotations

import pytest

from tests.semantics.conftest import Verdict

HASH = {
    "snowflake": "SHA2(id_deudor, 256)",
    "bigquery": "TO_HEX(SHA256(id_deudor))",
    "postgres": "md5(id_deudor)",
    "databricks": "sha2(id_deudor, 256)",
    "redshift": "sha2(id_deudor, 256)",
    "duckdb": "sha256(id_deudor)",
}
DIALECTS = tuple(HASH)

ALLOWED = [
    "SELECT COUNT(DISTINCT telefono) AS telefonos FROM dwh.crm.clientes",
    "SELECT COUNT(telefono) AS n, fecha_alta FROM dwh.crm.clientes GROUP BY fecha_alta",
    "SELECT {hash} AS deudor, SUM(saldo) AS total FROM dwh.cobranza.cartera GROUP BY 1",
    "SELECT AVG(saldo) AS promedio, COUNT(DISTINCT {hash}) AS deudores FROM dwh.cobranza.cartera",
]

VALUE_PRESERVING = [
    # the value itself, next to an aggregate
    "SELECT telefono, COUNT(*) AS n FROM dwh.crm.clientes GROUP BY telefono",
    # MIN / MAX return a value
    "SELECT MAX(telefono) AS t FROM dwh.crm.clientes",
    # a COUNT grouped by the column itself: one row per phone
    "SELECT COUNT(telefono) AS n FROM dwh.crm.clientes GROUP BY telefono",
    # a hash joined back to the raw value
    "WITH h AS (SELECT {hash} AS k FROM dwh.cobranza.cartera) "
    "SELECT c.nombre FROM dwh.cobranza.cartera AS c JOIN h ON h.k = c.id_deudor",
    # raw portfolio columns for a purpose allowed aggregates and hashes only
    "SELECT nombre, SUM(saldo) AS total FROM dwh.cobranza.cartera GROUP BY nombre",
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("sql", ALLOWED)
def test_allowed_kind_is_not_pur002(verdict: Verdict, dialect: str, sql: str) -> None:
    text = sql.replace("{hash}", HASH[dialect])
    assert "PUR002" not in verdict(text, dialect, purpose="analitica")


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("sql", VALUE_PRESERVING)
def test_value_preserving_path_is_pur002(verdict: Verdict, dialect: str, sql: str) -> None:
    text = sql.replace("{hash}", HASH[dialect])
    assert "PUR002" in verdict(text, dialect, purpose="analitica")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_hash_where_only_aggregates_are_allowed_is_pur002(verdict: Verdict, dialect: str) -> None:
    sql = "SELECT {hash} AS t FROM dwh.crm.clientes".replace(
        "{hash}", HASH[dialect].replace("id_deudor", "telefono")
    )
    assert "PUR002" in verdict(sql, dialect, purpose="analitica")


def test_purposes_the_column_serves_raw_are_untouched(verdict: Verdict) -> None:
    assert "PUR002" not in verdict(
        "SELECT telefono FROM dwh.crm.clientes", "snowflake", purpose="atencion"
    )
    sql = "SELECT nombre, telefono FROM dwh.cobranza.cartera"
    assert "PUR002" not in verdict(sql, "snowflake", purpose="cobranza")
