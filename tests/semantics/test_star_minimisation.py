"""MIN001: personal columns a `*` delivers to a result, a write or an export; not import CTEs."""

from __future__ import annotations

import pytest

from tests.semantics.conftest import DIALECTS, Verdict

FIRES = [
    "SELECT * FROM dwh.crm.clientes",
    "SELECT c.* FROM dwh.crm.clientes AS c WHERE c.fecha_alta > '2026-01-01'",
    "WITH s AS (SELECT * FROM dwh.crm.clientes) SELECT * FROM s",
    "INSERT INTO dwh.crm.notas SELECT * FROM dwh.crm.notas",
    "CREATE TABLE dwh.crm.copia AS SELECT * FROM dwh.crm.clientes",
]

QUIET = [
    # dbt's import-CTE style: the consumer names (or drops) the columns
    "WITH src AS (SELECT * FROM dwh.crm.clientes), final AS (SELECT id_cliente, nombre FROM src) "
    "SELECT * FROM final",
    "WITH src AS (SELECT * FROM dwh.crm.clientes) SELECT s.id_cliente, s.fecha_alta FROM src AS s",
    "SELECT COUNT(*) AS n FROM dwh.crm.clientes",
    "SELECT * FROM dwh.ops.metricas",
]


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("sql", FIRES)
def test_star_delivering_personal_columns(verdict: Verdict, dialect: str, sql: str) -> None:
    assert "MIN001" in verdict(sql, dialect, purpose="atencion")


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("sql", QUIET)
def test_import_cte_and_non_personal_stars(verdict: Verdict, dialect: str, sql: str) -> None:
    assert "MIN001" not in verdict(sql, dialect, purpose="atencion")


IMPORT_CTE = """{{ config(meta={'purpose': 'atencion_clientes'}) }}
with src as (
    select * from {{ source('crm', 'clientes') }}
),
renamed as (
    select id_cliente, nombre as nombre_cliente from src
)
select * from renamed
"""


def test_dbt_import_cte_model(run_cli, example_dir, tmp_path) -> None:
    """dbt's recommended style over a real project: quiet when the consumer names columns."""
    import json
    import shutil

    project = tmp_path / "cc"
    shutil.copytree(example_dir, project, ignore=shutil.ignore_patterns(".tutela_cache"))
    model = project / "dbt" / "models" / "staging" / "stg_clientes_import.sql"
    model.write_text(IMPORT_CTE, encoding="utf-8")
    star = project / "dbt" / "models" / "staging" / "stg_clientes_star.sql"
    star.write_text(IMPORT_CTE.replace("select * from renamed", "select * from src"), "utf-8")
    _, out, err = run_cli(
        "lint", "dbt/models/staging", "--format", "json", "--no-cache", cwd=project
    )
    report = json.loads(out)
    assert report["errors"] == [], err
    found = {(f["location"]["file"], f["id"]) for f in report["findings"]}
    assert ("dbt/models/staging/stg_clientes_star.sql", "MIN001") in found
    assert not [f for f in found if f[0].endswith("stg_clientes_import.sql") and f[1] == "MIN001"]
