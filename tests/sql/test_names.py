"""Names as warehouses spell them: the inventory's tables match in every dialect.

Inventory side (real YAML, real Cerberus, the real loader) and SQL side (real sqlglot):
a hyphenated BigQuery project, quoted names, and one inventory serving several databases
through `databases:` and `database_aliases:`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tutela.inventory import load_inventory
from tutela.sql import Catalog, analyze_sql

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "contact-center" / "inventory.yaml"


@pytest.fixture(scope="module")
def catalog(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    text = EXAMPLE.read_text(encoding="utf-8")
    extra = """
  - table: "`my-proj-prod.crm.clientes`"
    description: Clientes en BigQuery.
    data_subject: clientes
    purposes: [atencion_clientes]
    columns:
      - {name: id_cliente, category: clave}
      - {name: curp, category: identificacion}
  - table: '"Ventas"."Facturas Web"'
    description: Facturas, con nombres entre comillas.
    data_subject: clientes
    purposes: [atencion_clientes]
    columns:
      - {name: rfc, category: identificacion}
database_aliases:
  cc_dwh: [cc_dwh_dev, "cc_dwh_pr_*"]
  my-proj-prod: ["my-proj-pr-*"]
"""
    head, sep, tail = text.partition("\ndatasets:\n")
    assert sep, "the example inventory has a datasets: section"
    path = tmp_path_factory.mktemp("inv") / "inventory.yaml"
    lines = tail.splitlines(keepends=True)
    end = next(i for i, line in enumerate(lines) if line[:1].isalpha())
    path.write_text(
        head + sep + "".join(lines[:end]) + extra.lstrip("\n") + "".join(lines[end:]),
        encoding="utf-8",
    )
    inventory = load_inventory(path)
    assert "my-proj-prod.crm.clientes" in inventory.to_data()["tables"]
    return Catalog.from_datasets(inventory.datasets)


def _reads(sql: str, dialect: str, catalog: Catalog) -> list[tuple[str, bool]]:
    fact = analyze_sql(sql, dialect=dialect, catalog=catalog)[0]
    assert fact["parsed"], fact["error"]
    return [(r["table"], r["known"]) for r in fact["reads"]]


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT curp FROM `my-proj-prod.crm.clientes`",
        "SELECT curp FROM `my-proj-prod`.crm.clientes",
        "SELECT curp FROM my-proj-prod.crm.clientes",
        "SELECT curp FROM `my-proj-pr-981.crm.clientes`",
    ],
)
def test_bigquery_project_with_hyphens(sql: str, catalog: Catalog) -> None:
    assert _reads(sql, "bigquery", catalog) == [("my-proj-prod.crm.clientes", True)]


@pytest.mark.parametrize(
    ("dialect", "quoted"),
    [
        ("snowflake", '"CC_DWH_PR_12"'),
        ("postgres", '"cc_dwh_pr_12"'),
        ("redshift", '"cc_dwh_pr_12"'),
        ("databricks", "`cc_dwh_pr_12`"),
        ("bigquery", "`cc_dwh_pr_12`"),
        ("tsql", "[cc_dwh_pr_12]"),
        ("duckdb", '"cc_dwh_pr_12"'),
    ],
)
def test_database_aliases_in_every_dialect(dialect: str, quoted: str, catalog: Catalog) -> None:
    for database in ("cc_dwh_dev", quoted, "cc_dwh"):
        sql = f"SELECT nombre FROM {database}.crm.clientes"
        assert _reads(sql, dialect, catalog) == [("cc_dwh.crm.clientes", True)], sql
    assert _reads("SELECT nombre FROM cc_dwh_qa.crm.clientes", dialect, catalog) == [
        ("cc_dwh_qa.crm.clientes", False)
    ]


@pytest.mark.parametrize("dialect", ["snowflake", "postgres", "redshift", "duckdb"])
def test_quoted_inventory_name(dialect: str, catalog: Catalog) -> None:
    sql = 'SELECT rfc FROM "VENTAS"."FACTURAS WEB"'
    assert _reads(sql, dialect, catalog) == [("ventas.facturas web", True)]
    sql = 'SELECT rfc FROM prod."Ventas"."Facturas Web"'  # more qualified than the inventory
    assert _reads(sql, dialect, catalog) == [("ventas.facturas web", True)]
