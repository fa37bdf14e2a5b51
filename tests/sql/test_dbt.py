"""dbt models without dbt: refs, sources, meta purposes, materialisation, cache keys."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import REPO

INVENTORY = REPO / "tests" / "fixtures" / "lint" / "inventory.yaml"


def _project(tmp_path: Path) -> Path:
    shutil.copy(INVENTORY, tmp_path / "inventory.yaml")
    (tmp_path / "tutela.toml").write_text(
        'inventory = "inventory.yaml"\ndialect = "snowflake"\n', encoding="utf-8"
    )
    dbt = tmp_path / "dbt"
    (dbt / "models" / "marts").mkdir(parents=True)
    (dbt / "dbt_project.yml").write_text(
        "name: p\nmodel-paths: [models]\nmodels:\n  p:\n    +database: dwh\n"
        "    marts:\n      +schema: marts\n      +materialized: table\n",
        encoding="utf-8",
    )
    (dbt / "models" / "sources.yml").write_text(
        "version: 2\nsources:\n  - name: crm\n    database: dwh\n    schema: crm\n"
        "    tables: [{name: clientes}]\n",
        encoding="utf-8",
    )
    (dbt / "models" / "schema.yml").write_text(
        "version: 2\nmodels:\n  - name: plano\n    config:\n      meta: {purpose: atencion}\n",
        encoding="utf-8",
    )
    (dbt / "models" / "marts" / "plano.sql").write_text(
        "select c.nombre from dwh.crm.clientes c\n", encoding="utf-8"
    )
    (dbt / "models" / "marts" / "con_ref.sql").write_text(
        "{{ config(meta={'purpose': 'atencion'}) }}\n"
        "select c.nombre, c.telefono\nfrom {{ source('crm', 'clientes') }} as c\n"
        "{% if is_incremental() %} where 1 = 0 {% endif %}\n",
        encoding="utf-8",
    )
    return tmp_path


def _facts(run_cli, cwd: Path, *args: str) -> dict[str, dict]:
    code, out, err = run_cli("facts", "dbt/models", *args, cwd=cwd)
    assert code == 0, err
    return {f["file"].rsplit("/", 1)[-1]: f for f in json.loads(out)}


def test_source_meta_and_materialisation(run_cli, tmp_path: Path) -> None:
    facts = _facts(run_cli, _project(tmp_path))
    fact = facts["con_ref.sql"]
    assert (fact["purpose"], fact["purpose_source"]) == ("atencion", "dbt")
    assert [r["table"] for r in fact["reads"]] == ["dwh.crm.clientes"]
    assert fact["operation"] == "create_table_as"
    assert fact["writes"][0]["table"] == "dwh.marts.con_ref"
    # Positions are lines of the model file: the source() call is on line 3.
    assert fact["reads"][0]["line"] == 3


def test_plain_model_without_jinja_still_gets_its_dbt_meta(run_cli, tmp_path: Path) -> None:
    facts = _facts(run_cli, _project(tmp_path))
    assert facts["plano.sql"]["purpose"] == "atencion"
    assert facts["plano.sql"]["operation"] == "create_table_as"


def test_changing_schema_yml_invalidates_cached_facts(run_cli, tmp_path: Path) -> None:
    project = _project(tmp_path)
    (project / "dbt" / "models" / "marts" / "con_ref.sql").unlink()
    assert run_cli("lint", "dbt/models", cwd=project)[0] in (0, 1)  # fills the cache
    schema = project / "dbt" / "models" / "schema.yml"
    schema.write_text(
        schema.read_text(encoding="utf-8").replace("atencion", "atencio"), encoding="utf-8"
    )
    code, out, _ = run_cli("lint", "dbt/models", cwd=project)
    assert code == 2
    assert "unknown purpose 'atencio'" in out


def test_dbt_target_folder_is_skipped_but_other_target_folders_are_not(
    run_cli, tmp_path: Path
) -> None:
    project = _project(tmp_path)
    compiled = project / "dbt" / "target" / "compiled"
    compiled.mkdir(parents=True)
    (compiled / "x.sql").write_text("select 1\n", encoding="utf-8")
    other = project / "sql" / "target"
    other.mkdir(parents=True)
    (other / "y.sql").write_text("select 1\n", encoding="utf-8")
    code, out, err = run_cli("facts", "dbt", "sql", "--no-inventory", cwd=project)
    assert code == 0, err
    files = {f["file"] for f in json.loads(out)}
    assert "sql/target/y.sql" in files
    assert not any("dbt/target" in f for f in files)
