"""dbt models without dbt: refs, sources, meta purposes, materialisation, cache keys."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

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


def _model(project: Path, text: str, *, vars_yaml: str = "") -> None:
    if vars_yaml:
        dbt_project = project / "dbt" / "dbt_project.yml"
        dbt_project.write_text(
            dbt_project.read_text(encoding="utf-8") + f"vars:\n{vars_yaml}", encoding="utf-8"
        )
    (project / "dbt" / "models" / "marts" / "m.sql").write_text(text, encoding="utf-8")


FROM = "from {{ source('crm', 'clientes') }} c\n"
# An unknown value that decides which SQL is rendered: (model, line of the use, what is named,
# how it is used). Rendering any of these as "empty" or "false" would drop c.telefono unseen.
CONTROL_FLOW = {
    "for_over_macro": (
        "select c.nombre,\n{% for col in dbt_utils.get_filtered_columns_in_relation("
        "ref('clientes')) %} c.{{ col }}, {% endfor %} 1\n" + FROM,
        2,
        "tutela does not know what dbt_utils.get_filtered_columns_in_relation() is",
        "iterated over",
    ),
    "if_on_macro": (
        "select c.nombre\n{% if with_contact() %}, c.telefono{% endif %}\n" + FROM,
        2,
        "tutela does not know what with_contact() is",
        "tested for truth",
    ),
    "set_then_for": (
        "{% set cols = pii_columns() %}\nselect 1\n{% for c in cols %}, c.{{ c }}{% endfor %}\n"
        + FROM,
        3,
        "tutela does not know what pii_columns() is",
        "iterated over",
    ),
    "join_filter": (
        "select {{ pii_columns() | join(', ') }}\n" + FROM,
        1,
        "tutela does not know what pii_columns() is",
        "iterated over",
    ),
    "length": (
        "select 1\n{% if pii_columns() | length > 0 %}, c.telefono{% endif %}\n" + FROM,
        2,
        "tutela does not know what pii_columns() is",
        "measured (length)",
    ),
    "in_test": (
        "select 1\n{% if 'telefono' in pii_columns() %}, c.telefono{% endif %}\n" + FROM,
        2,
        "tutela does not know what pii_columns() is",
        "searched (`in`)",
    ),
    "comparison": (
        "select 1\n\n{% if env_name() == 'prod' %}, c.telefono{% endif %}\n" + FROM,
        3,
        "tutela does not know what env_name() is",
        "compared",
    ),
    "default_filter": (
        "select 1\n{% for c in pii_columns() | default([]) %}, c.{{ c }}{% endfor %}\n" + FROM,
        2,
        "tutela does not know what pii_columns() is",
        "given to |default",
    ),
    "is_defined": (
        "select 1\n{% if pii_columns is defined %}, c.telefono{% endif %}\n" + FROM,
        2,
        "tutela does not know what pii_columns is",
        "tested with `is defined`",
    ),
    "is_test": (
        "select 1\n{% if var('with_phone') is not none %}, c.telefono{% endif %}\n" + FROM,
        2,
        "var('with_phone') has no value",
        "tested with `is none`",
    ),
    "inside_a_macro": (
        "{% macro cols(x) %}\n{% if x %}, c.telefono{% endif %}\n{% endmacro %}\n"
        "select 1 {{ cols(flag()) }}\n" + FROM,
        2,
        "tutela does not know what flag() is",
        "tested for truth",
    ),
    # As in `dbt compile`, `execute` is true: the branch that queries the warehouse is
    # rendered; its answer is data, and an `if` on a data value decides the SQL.
    "execute_branch": (
        "{% if execute %}{% set cols = run_query('select 1').columns[0].values() %}"
        "{% else %}{% set cols = [] %}{% endif %}\n"
        "select 1 {% for c in cols %}{% if c == 'telefono' %}, c.{{ c }}{% endif %}{% endfor %}\n"
        + FROM,
        2,
        "a value of run_query() is read from the warehouse, and tutela cannot read it offline",
        "compared",
    ),
    "var_without_value": (
        "select 1\n{% if var('with_phone') %}, c.telefono{% endif %}\n" + FROM,
        2,
        "var('with_phone') has no value",
        "tested for truth",
    ),
    "env_var_without_default": (
        "select 1\n{% if env_var('DBT_ENV') == 'prod' %}, c.telefono{% endif %}\n" + FROM,
        2,
        "env_var('DBT_ENV') has no default",
        "compared",
    ),
}


@pytest.mark.parametrize("case", sorted(CONTROL_FLOW))
def test_unknown_value_in_control_flow_fails_closed(run_cli, tmp_path: Path, case: str) -> None:
    text, line, named, use = CONTROL_FLOW[case]
    project = _project(tmp_path)
    _model(project, text)
    code, out, _ = run_cli("lint", "dbt/models", cwd=project)
    assert code == 2, out
    assert (
        f"dbt/models/marts/m.sql:{line}: could not analyse: dbt model cannot be rendered: {named}"
        in out
    ), out
    assert f"it is {use}, so its value decides which SQL the model runs" in out
    assert "help: " in out and "run `dbt compile`" in out and "target/compiled/" in out
    if case == "var_without_value":
        assert "help: give 'with_phone' a value under `vars:` in dbt_project.yml" in out
    # The other models are still linted.
    assert "con_ref.sql" in out


def test_unknown_value_in_an_ephemeral_model_names_both_files(run_cli, tmp_path: Path) -> None:
    project = _project(tmp_path)
    models = project / "dbt" / "models"
    (models / "eph.sql").write_text(
        "select c.nombre\n{% if with_contact() %}, c.telefono{% endif %}\n" + FROM,
        encoding="utf-8",
    )
    (models / "schema.yml").write_text(
        "version: 2\nmodels:\n  - name: eph\n    config: {materialized: ephemeral}\n",
        encoding="utf-8",
    )
    _model(project, "select * from {{ ref('eph') }}\n")
    code, out, _ = run_cli("lint", "dbt/models/marts/m.sql", cwd=project)
    assert code == 2, out
    assert "dbt/models/eph.sql:2: could not analyse: dbt model cannot be rendered:" in out
    assert "(ephemeral model 'eph', inlined into dbt/models/marts/m.sql)" in out


def test_known_lists_and_project_vars_still_drive_control_flow(run_cli, tmp_path: Path) -> None:
    project = _project(tmp_path)
    _model(
        project,
        "select {% for col in ['nombre'] %}c.{{ col }}{% endfor %}\n"
        "{% for col in var('contact') %}, c.{{ col }}{% endfor %}\n"
        "{% if var('with_email') %}, c.email{% endif %}"
        "{% if var('with_curp', false) %}, c.curp{% endif %}"
        "{% if var('with_rfc', none) %}, c.rfc{% endif %}\n" + FROM,
        vars_yaml="  contact: [telefono]\n  with_email: true\n",
    )
    fact = _facts(run_cli, project)["m.sql"]
    lines = {e["column"]: e["line"] for e in fact["exposures"]}
    assert lines == {"nombre": 1, "telefono": 2, "email": 3}


def test_unknown_values_inside_braces_still_render_as_identifiers(run_cli, tmp_path: Path) -> None:
    project = _project(tmp_path)
    _model(
        project,
        "select c.nombre, c.{{ pii_column() }}, c.{{ var('col') }}\n"
        "from {{ source('crm', 'clientes') }} c\n"
        "join {{ dbt_utils.lookup() }} o on 1 = 1\n",
    )
    fact = _facts(run_cli, project)["m.sql"]
    assert {(r["table"], r["known"], r["line"]) for r in fact["reads"]} == {
        ("dwh.crm.clientes", True, 2),
        ("tutela_macro_dbt_utils_lookup", False, 3),
    }
    assert {e["column"] for e in fact["exposures"]} == {
        "nombre",
        "tutela_macro_pii_column",
        "tutela_var_col",
    }


def test_a_model_that_fails_in_python_is_a_located_file_error(run_cli, tmp_path: Path) -> None:
    project = _project(tmp_path)
    _model(project, "select 1,\n{{ 1 / 0 }}\n" + FROM)
    code, out, _ = run_cli("lint", "dbt/models", cwd=project)
    assert code == 2, out  # the model's error (2), not a tutela bug (3)
    assert "dbt/models/marts/m.sql:2: could not analyse: dbt model cannot be rendered: " in out
    assert "ZeroDivisionError" in out
