"""dbt as dbt renders it: project macros, packages, dispatch, Jinja in YAML, introspection.

The fixture project ``tests/fixtures/dbt/shop`` reproduces, in a few lines each, the
constructs measured on public dbt projects (docs/dbt.md): Jinja in dbt_project.yml and
sources.yml, project-scoped vars holding ``source()``, a package in ``dbt_packages/``
whose macro asks ``adapter.get_columns_in_relation``, ``adapter.dispatch`` with a project
search order, ``dbt.*`` cross-database macros, disabled models, an unknown macro in type
position, and an introspective call on an undeclared relation.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

FIXTURE = REPO / "tests" / "fixtures" / "dbt" / "shop"
INVENTORY = REPO / "tests" / "fixtures" / "lint" / "inventory.yaml"


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    shutil.copy(INVENTORY, tmp_path / "inventory.yaml")
    (tmp_path / "tutela.toml").write_text(
        'inventory = "inventory.yaml"\ndialect = "snowflake"\n', encoding="utf-8"
    )
    shutil.copytree(FIXTURE, tmp_path / "shop")
    return tmp_path


def _facts(run_cli, cwd: Path, *paths: str) -> dict[str, list[dict]]:
    code, out, err = run_cli("facts", *paths, cwd=cwd)
    assert code == 0, err + out
    facts: dict[str, list[dict]] = {}
    for fact in json.loads(out):
        facts.setdefault(fact["file"].rsplit("/", 1)[-1], []).append(fact)
    return facts


def _render(shop: Path, name: str, text: str, *, inventory: bool = False) -> str:
    """``text`` rendered as the model ``models/marts/<name>`` of the shop project."""
    from tutela.sql.catalog import Catalog
    from tutela.sql.dbt import DbtProject, render_model
    from tutela.yamlsafe import load_yaml

    catalog = None
    if inventory:
        datasets = load_yaml(INVENTORY.read_text(encoding="utf-8"), "inv").data["datasets"]
        catalog = Catalog.from_datasets(datasets)
    project = DbtProject.load(shop / "shop")
    model = shop / "shop" / "models" / "marts" / name
    return render_model(project, model, text, catalog=catalog).text


def test_package_macro_answers_star_from_the_inventory(run_cli, shop: Path) -> None:
    [fact] = _facts(run_cli, shop, "shop/models/staging/stg_clientes.sql")["stg_clientes.sql"]
    assert fact["error"] is None
    # source() through a project-scoped var, sources.yml rendered (env_var/var defaults)
    assert [r["table"] for r in fact["reads"]] == ["dwh.crm.clientes"]
    # dbt_utils.star-like macro: the inventory's columns minus `except`
    exposed = {e["column"] for e in fact["exposures"]}
    assert {"cliente_id", "nombre", "telefono"} <= exposed
    assert "acepta_promociones" not in exposed
    # dbt_project.yml's +database: "{{ env_var(...) }}" and +schema make the relation
    assert fact["dbt_relation"] == "dwh.staging.stg_clientes"
    assert fact["operation"] == "create_view"


def test_dispatch_cross_database_macros_and_type_position(run_cli, shop: Path) -> None:
    facts = _facts(run_cli, shop, "shop/models/marts/contacto.sql")
    [fact] = facts["contacto.sql"]
    assert fact["error"] is None, fact["error"]
    assert fact["purpose"] == "atencion"
    assert fact["dbt_relation"] == "dwh.marts.contacto"
    # ref() to the view model, phone_hash dispatched to snowflake__phone_hash (sha2)
    assert [r["table"] for r in fact["reads"]] == ["dwh.staging.stg_clientes"]


def test_rendered_sql_per_dialect(shop: Path) -> None:
    from tutela.sql.catalog import Catalog
    from tutela.sql.dbt import DbtProject, render_model
    from tutela.yamlsafe import load_yaml

    datasets = load_yaml(INVENTORY.read_text(encoding="utf-8"), "inv").data["datasets"]
    catalog = Catalog.from_datasets(datasets)
    project = DbtProject.load(shop / "shop")
    stg = shop / "shop" / "models" / "staging" / "stg_clientes.sql"
    mart = shop / "shop" / "models" / "marts" / "contacto.sql"
    snow = render_model(project, stg, stg.read_text(), dialect="snowflake", catalog=catalog)
    bq = render_model(project, stg, stg.read_text(), dialect="bigquery", catalog=catalog)
    assert "timestamp_ntz" in snow.text and "dateadd(day, 30, fecha_baja)" in snow.text
    assert "as timestamp)" in bq.text and "datetime_add(" in bq.text
    # the project's default__greeting wins over the package's (dispatch search order)
    assert "'hola' as saludo" in snow.text
    assert (
        "sha2(telefono)" in render_model(project, mart, mart.read_text(), dialect="snowflake").text
    )
    assert "md5(telefono)" in render_model(project, mart, mart.read_text(), dialect="postgres").text
    # an unknown macro in type position prints a type, so the statement parses
    assert "cast(nombre as varchar)" in render_model(project, mart, mart.read_text()).text


def test_disabled_models_are_skipped_and_reported_in_verbose(run_cli, shop: Path) -> None:
    # config(enabled=var('with_apagado', false)); +enabled: "{{ var('with_legacy', false) }}":
    # neither is rendered (both would fail), neither yields a fact.
    disabled = ("shop/models/marts/apagado.sql", "shop/models/legacy/viejo.sql")
    assert _facts(run_cli, shop, *disabled) == {}
    _, _, err = run_cli("lint", "-v", "shop/models", cwd=shop)
    assert "shop/models/marts/apagado.sql: skipped: disabled in dbt" in err, err
    assert "shop/models/legacy/viejo.sql: skipped: disabled in dbt" in err, err
    assert "contacto.sql" not in err
    # the summary line counts them as skipped, not as analysed
    _, out, _ = run_cli("lint", *disabled, cwd=shop)
    assert out.splitlines()[-1] == (
        "All checks passed (0 files, 2 files skipped: 2 disabled in dbt)."
    ), out


def test_introspection_on_an_undeclared_relation_fails_closed(run_cli, shop: Path) -> None:
    code, out, _ = run_cli("lint", "shop/models/marts/pregunta.sql", cwd=shop)
    assert code == 2, out
    assert (
        "shop/models/marts/pregunta.sql:2: could not analyse: dbt model cannot be rendered: "
        "adapter.get_columns_in_relation(dwh.crm.sin_inventario) asks the warehouse" in out
    ), out
    assert "declare the relation and its columns in the inventory" in out


def test_fresh_manifest_compiled_code_is_used(run_cli, shop: Path) -> None:
    model = shop / "shop" / "models" / "marts" / "pregunta.sql"
    text = model.read_text(encoding="utf-8")
    compiled = "select\n    telefono,\n    1 as uno\nfrom dwh.crm.clientes\n"
    node = {
        "resource_type": "model",
        "name": "pregunta",
        "package_name": "shop",
        "original_file_path": "models/marts/pregunta.sql",
        "checksum": {"name": "sha256", "checksum": hashlib.sha256(text.encode()).hexdigest()},
        "compiled_code": compiled,
        "relation_name": '"DWH"."MARTS"."PREGUNTA"',
    }
    (shop / "shop" / "target").mkdir()
    manifest = shop / "shop" / "target" / "manifest.json"
    manifest.write_text(json.dumps({"nodes": {"model.shop.pregunta": node}}), encoding="utf-8")
    [fact] = _facts(run_cli, shop, "shop/models/marts/pregunta.sql")["pregunta.sql"]
    # the compiled SQL is analysed; its lines map to the model's matching (or preceding) line
    assert [r["table"] for r in fact["reads"]] == ["dwh.crm.clientes"]
    assert [(e["column"], e["line"]) for e in fact["exposures"]] == [("telefono", 1)]
    # stale: the model changed after `dbt compile`, so it is rendered (and fails closed)
    model.write_text(text + "\n", encoding="utf-8")
    code, out, _ = run_cli("lint", "shop/models/marts/pregunta.sql", cwd=shop)
    assert code == 2 and "asks the warehouse" in out, out


def test_jinja_outside_a_dbt_project_says_templated_sql(run_cli, tmp_path: Path) -> None:
    shutil.copy(INVENTORY, tmp_path / "inventory.yaml")
    (tmp_path / "q.sql").write_text(
        "select {{ col }} from {% if x %}a{% else %}b{% endif %}\n", encoding="utf-8"
    )
    code, out, _ = run_cli("lint", "q.sql", cwd=tmp_path)
    assert code == 1, out  # SQL001: the statement is not analysed, so the gate fails
    assert "templated SQL: render it or configure the dbt project" in out, out


def test_star_through_a_model_and_an_unknown_macro_after_a_column(shop: Path) -> None:
    from tutela.sql.catalog import Catalog
    from tutela.sql.dbt import DbtProject, render_model
    from tutela.yamlsafe import load_yaml

    datasets = load_yaml(INVENTORY.read_text(encoding="utf-8"), "inv").data["datasets"]
    project = DbtProject.load(shop / "shop")
    model = shop / "shop" / "models" / "marts" / "usa_star.sql"
    text = render_model(
        project, model, model.read_text(), catalog=Catalog.from_datasets(datasets)
    ).text
    # stg_clientes is a view whose columns are its select list (the inventory's, via star)
    assert "cliente_id, nombre, telefono" in text and "fin_bloqueo" in text
    assert "saludo" not in text.split("from")[0]
    # an unknown macro after the last column (a pass-through-columns macro) is one more column
    assert ", tutela_macro_pass_through_columns" in text
    # without the inventory, the same star has no answer and fails closed
    with pytest.raises(Exception, match="asks the warehouse"):
        render_model(project, model, model.read_text(), dialect="duckdb")


def test_inlined_ephemeral_model_keeps_sql_after_a_comment(run_cli, shop: Path) -> None:
    [fact] = _facts(run_cli, shop, "shop/models/marts/usa_resumen.sql")["usa_resumen.sql"]
    assert fact["error"] is None, fact["error"]
    assert [r["table"] for r in fact["reads"]] == ["dwh.crm.clientes"]
    assert {e["column"] for e in fact["exposures"]} == {"nombre"}


def test_editing_a_macro_or_a_package_changes_the_fingerprint(shop: Path) -> None:
    import os

    from tutela.sql.files import dbt_fingerprint

    model = shop / "shop" / "models" / "marts" / "contacto.sql"
    before = dbt_fingerprint(model)
    macro = shop / "shop" / "dbt_packages" / "mini_utils" / "macros" / "mini.sql"
    macro.write_text(macro.read_text() + "\n", encoding="utf-8")
    os.utime(macro, ns=(1, 1))
    assert dbt_fingerprint(model) != before


def test_an_absent_key_of_a_known_value_is_undefined_as_in_dbt(shop: Path) -> None:
    text = _render(
        shop,
        "claves.sql",
        "{% set cols = [{'name': 'nombre'}, {'name': 'telefono', 'alias': 'tel'}] %}\n"
        "select {% for c in cols %}{{ c.name }} as {{ c.alias | default(c.name) }}"
        "{% if c.alias is defined %} /* renamed */{% endif %}"
        "{% if not loop.last %}, {% endif %}{% endfor %}\nfrom t\n",
    )
    assert "nombre as nombre, telefono as tel /* renamed */" in text


def test_a_date_spine_renders_without_asking_the_warehouse(run_cli, shop: Path) -> None:
    # Its length (a number of rows) is the only answer the warehouse would give; it never
    # decides which tables or columns are read, so the spine renders with length 1.
    [fact] = _facts(run_cli, shop, "shop/models/marts/calendario.sql")["calendario.sql"]
    assert fact["error"] is None, fact["error"]
    assert fact["reads"] == []


def test_a_union_that_casts_to_each_column_type_parses(run_cli, shop: Path) -> None:
    # dbt_utils.union_relations prints cast(col as {{ col.data_type }}); the inventory lists
    # column names, not types, so the type is varchar and the SQL still parses.
    [fact] = _facts(run_cli, shop, "shop/models/marts/unidos.sql")["unidos.sql"]
    assert fact["error"] is None, fact["error"]
    assert sorted(r["table"] for r in fact["reads"]) == [
        "dwh.crm.clientes",
        "dwh.staging.stg_clientes",
    ]
    assert {"cliente_id", "nombre", "telefono"} <= {e["column"] for e in fact["exposures"]}


def test_a_pivot_over_column_values_renders_one_column_for_all(run_cli, shop: Path) -> None:
    # dbt_utils.get_column_values asks the warehouse for data; printed, the values only name
    # the pivoted columns, so one value stands for them all and the pivot's reads stay.
    [fact] = _facts(run_cli, shop, "shop/models/marts/pivote.sql")["pivote.sql"]
    assert fact["error"] is None, fact["error"]
    assert [r["table"] for r in fact["reads"]] == ["dwh.crm.clientes"]
    exposed = {(e["column"], e["output"]) for e in fact["exposures"]}
    assert ("telefono", "tel_tutela_data_nombre") in exposed, exposed


def test_a_column_value_that_decides_the_sql_fails_closed(run_cli, shop: Path) -> None:
    # An `if` on a value picks one of two SQL texts: either answer could hide the other's reads.
    model = shop / "shop" / "models" / "marts" / "pivote.sql"
    model.write_text(
        "{% set nombres = mini_utils.get_column_values(source('crm', 'clientes'), 'nombre') %}\n"
        "select cliente_id\n"
        "{% for n in nombres %}{% if n | lower in ['ana', 'luis'] %}, telefono as tel_{{ n }}"
        "{% else %}, nombre{% endif %}{% endfor %}\nfrom {{ source('crm', 'clientes') }}\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("lint", "shop/models/marts/pivote.sql", cwd=shop)
    assert code == 2, out + err
    assert "pivote.sql:3" in out + err
    assert "a value of dbt_utils.get_column_values(" in out + err
    assert "is compared" in out + err and "read from the warehouse" in out + err


def test_a_query_answer_is_one_row_of_data_values(shop: Path) -> None:
    # run_query and load_result never run: the answer is one row, each value printing as
    # tutela_data_<name>, so a loop over it renders once and its reads stay.
    text = _render(
        shop,
        "consulta.sql",
        "{% set r = run_query('select distinct canal from x') %}\n"
        "{% call statement('primera', fetch_result=True) %}select min(d) from x{% endcall %}\n"
        "{% set first = load_result('primera')['data'][0][0] %}\n"
        "select {% for v in r.columns[0].values() %}max(case when canal = '{{ v }}' "
        "then telefono end) as {{ v | lower }}{% endfor %}, '{{ first[0:10] }}' as desde\n"
        "from {{ source('crm', 'clientes') }} where {{ r.rows | length }} > 0\n",
    )
    assert "canal = 'tutela_data_run_query' then telefono end) as tutela_data_run_query" in text
    assert "'tutela_dat' as desde" in text and "where 1 > 0" in text


@pytest.mark.parametrize(
    ("loop", "rendered"),
    [
        # a loop filter that compares the value: the value stands for those that pass
        ("{% for n in ns if n | lower in var('listed', ['ana']) %}, {{ n }}{% endfor %}", True),
        ("{% for n in ns if n != 'x' and n is string %}, {{ n }}{% endfor %}", True),
        # with {% else %} the filter decides between two texts: fails closed
        ("{% for n in ns if n == 'ana' %}, {{ n }}{% else %}, nombre{% endfor %}", False),
    ],
)
def test_a_loop_filter_keeps_a_data_value(shop: Path, loop: str, rendered: bool) -> None:
    from tutela.errors import InputError

    text = (
        "{% set ns = mini_utils.get_column_values(source('crm', 'clientes'), 'nombre') %}\n"
        f"select cliente_id {loop}\nfrom {{{{ source('crm', 'clientes') }}}}\n"
    )
    if rendered:
        assert "select cliente_id , tutela_data_nombre" in _render(shop, "filtro.sql", text)
    else:
        with pytest.raises(InputError, match="is compared"):
            _render(shop, "filtro.sql", text)


def test_columns_of_a_pivot_stay_data_values_downstream(shop: Path) -> None:
    from tutela.errors import InputError

    loop = "{% for c in adapter.get_columns_in_relation(ref('pivote')) %}"
    printed = f"select {loop}{{{{ c.name }}}}, {{% endfor %}} 1 as n from {{{{ ref('pivote') }}}}\n"
    text = _render(shop, "despues.sql", printed, inventory=True)
    assert "select cliente_id, tel_tutela_data_nombre,  1 as n" in text
    compared = (
        f"select {loop}{{% if c.name in ['cliente_id'] %}}{{{{ c.name }}}}{{% else %}}null"
        "{% endif %}, {% endfor %} 1 as n from {{ ref('pivote') }}\n"
    )
    with pytest.raises(InputError, match=r"column names of dwh\.marts\.pivote"):
        _render(shop, "despues.sql", compared, inventory=True)
