"""EXC001 / EXC002 and SHR005: the same exclusion test on a statement and on a share's query.

Examples inventory: ``dwh.mkt.exclusion`` is the internal list (phones and e-mails),
``dwh.mkt.repep`` the REPEP copy (phones), ``dwh.mkt.no_contactar`` both at once. Purpose
``mercadotecnia`` is tagged marketing + telemarketing, ``boletin`` marketing only.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.semantics.conftest import INVENTORY, TODAY, Verdict
from tutela.engine.base import engine_data, load_policies
from tutela.engine.embedded import EmbeddedEngine
from tutela.inventory import load_inventory
from tutela.sql import Catalog, analyze_sql

DIALECTS = ("snowflake", "bigquery", "postgres", "databricks", "redshift", "duckdb")


def _not_exists(table: str, column: str) -> str:
    return f"NOT EXISTS (SELECT 1 FROM {table} AS x WHERE x.{column} = c.{column})"


PHONES = "SELECT c.nombre, c.telefono FROM dwh.crm.clientes AS c WHERE c.acepta_publicidad = TRUE"
MAILS = "SELECT c.nombre, c.correo FROM dwh.crm.clientes AS c WHERE c.acepta_boletin = TRUE"

# (purpose, sql, rule ids of the exclusion family the SQL gate gives)
CASES = [
    # telemarketing phones: the internal list and the REPEP
    ("mercadotecnia", PHONES, {"EXC001", "EXC002"}),
    ("mercadotecnia", PHONES + " AND " + _not_exists("dwh.mkt.exclusion", "telefono"), {"EXC002"}),
    ("mercadotecnia", PHONES + " AND " + _not_exists("dwh.mkt.repep", "telefono"), {"EXC001"}),
    (
        "mercadotecnia",
        PHONES
        + " AND "
        + _not_exists("dwh.mkt.exclusion", "telefono")
        + " AND "
        + _not_exists("dwh.mkt.repep", "telefono"),
        set(),
    ),
    # one table that is both lists: a phone anti-join counts for both kinds
    ("mercadotecnia", PHONES + " AND " + _not_exists("dwh.mkt.no_contactar", "telefono"), set()),
    # e-mails never need the REPEP, only the internal list, on the e-mail itself
    ("boletin", MAILS + " AND " + _not_exists("dwh.mkt.exclusion", "correo"), set()),
    ("boletin", MAILS + " AND " + _not_exists("dwh.mkt.no_contactar", "correo"), set()),
    ("boletin", MAILS, {"EXC001"}),
    ("boletin", MAILS + " AND " + _not_exists("dwh.mkt.repep", "telefono"), {"EXC001"}),
    # an anti-join on another column does not remove this one
    ("boletin", MAILS + " AND " + _not_exists("dwh.mkt.exclusion", "telefono"), {"EXC001"}),
    # EXCEPT in a CTE, joined back to the rows that leave, removes them
    (
        "mercadotecnia",
        "WITH ok AS (SELECT telefono FROM dwh.crm.clientes EXCEPT SELECT telefono FROM "
        "dwh.mkt.no_contactar) SELECT c.nombre, c.telefono FROM dwh.crm.clientes AS c "
        "JOIN ok ON ok.telefono = c.telefono",
        set(),
    ),
    (
        "mercadotecnia",
        "WITH ok AS (SELECT telefono FROM dwh.crm.clientes EXCEPT SELECT telefono FROM "
        "dwh.mkt.exclusion) SELECT c.nombre, c.telefono FROM dwh.crm.clientes AS c "
        "JOIN ok ON ok.telefono = c.telefono",
        {"EXC002"},
    ),
    # an inner join with the list keeps exactly the people who opted out
    (
        "mercadotecnia",
        "SELECT c.telefono FROM dwh.crm.clientes AS c JOIN dwh.mkt.no_contactar AS x "
        "ON x.telefono = c.telefono",
        {"EXC001", "EXC002"},
    ),
]

EXCLUSION = {"EXC001", "EXC002"}


def _spell(sql: str, dialect: str) -> str:
    # BigQuery and Spark/Databricks write EXCEPT DISTINCT / EXCEPT; the others EXCEPT.
    return sql.replace(" EXCEPT ", " EXCEPT DISTINCT ") if dialect == "bigquery" else sql


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(("purpose", "sql", "expected"), CASES)
def test_sql_gate(verdict: Verdict, dialect: str, purpose: str, sql: str, expected: set) -> None:
    assert verdict(_spell(sql, dialect), dialect, purpose=purpose) & EXCLUSION == expected


def _manifest_fact(statement: dict[str, Any], inventory: Any, purpose: str) -> dict[str, Any]:
    """The manifest fact tutela.shares.facts builds for a `query:` share, for this query."""
    return {
        "kind": "manifest",
        "id": "m",
        "purpose": purpose,
        "purpose_details": copy.deepcopy(inventory.purposes[purpose]),
        "columns": [{**e, "sink": "egress", "target": "gs://x/"} for e in statement["exposures"]],
        "query": {
            "parsed": True,
            "statements": 1,
            "operation": statement["operation"],
            "exclusion_checks": statement["exclusion_checks"],
            "consent_filters": statement["consent_filters"],
            "reads": statement["reads"],
            "unknown_tables": [],
        },
    }


@pytest.fixture(scope="module")
def gates() -> Any:
    inventory = load_inventory(INVENTORY)
    catalog = Catalog.from_datasets(inventory.datasets)
    engine = EmbeddedEngine(
        load_policies(), engine_data(inventory=inventory.to_data(), config={"today": TODAY})
    )
    return inventory, catalog, engine


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize(("purpose", "sql", "expected"), CASES)
def test_manifest_gate_agrees(
    gates: Any, dialect: str, purpose: str, sql: str, expected: set
) -> None:
    inventory, catalog, engine = gates
    (statement,) = analyze_sql(
        _spell(sql, dialect), dialect=dialect, catalog=catalog, purpose=purpose
    )
    found = {f["id"] for f in engine.evaluate([_manifest_fact(statement, inventory, purpose)])[0]}
    assert ("SHR005" in found) == bool(expected)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_join_back_is_no_inner_join_check(gates: Any, dialect: str) -> None:
    _, catalog, _ = gates
    sql = _spell(CASES[10][1], dialect)
    (statement,) = analyze_sql(sql, dialect=dialect, catalog=catalog, purpose="mercadotecnia")
    forms = sorted(x["form"] for x in statement["exclusion_checks"])
    assert forms == ["except", "filtered_join"]
    (joined,) = [x for x in statement["exclusion_checks"] if x["form"] == "filtered_join"]
    assert sorted(joined["exclusion_kinds"]) == ["internal", "repep"]
    assert [p["read"] for p in joined["pairs"]] == [0]  # credited to `c`, whose rows leave
