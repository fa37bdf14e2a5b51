"""ARCO plans as text: per-dialect scripts (goldens), literal quoting, JSON, CLI and errors."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlglot
from sqlglot import exp

from tutela.errors import InventoryError, TutelaError
from tutela.generators.arco import plan_arco
from tutela.generators.retention import DIALECTS, read_inventory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "arco"
INVENTORY = FIXTURES / "inventory.yaml"
GOLDEN = FIXTURES / "golden"
AS_OF = dt.date(2026, 11, 28)
HOSTILE = "' OR 1=1 --"


@pytest.fixture(scope="module")
def inventory():
    return read_inventory(INVENTORY)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_cancelacion_script_per_dialect(inventory, golden, dialect):
    plan = plan_arco(inventory, "cancelacion", "C001", as_of=AS_OF)
    golden(GOLDEN / f"cancelacion.{dialect}.sql", plan.to_sql(dialect))


@pytest.mark.parametrize("right", ["acceso", "rectificacion", "oposicion", "revocacion"])
def test_other_rights_script(inventory, golden, right):
    plan = plan_arco(inventory, right, "C001", as_of=AS_OF)
    golden(GOLDEN / f"{right}.postgres.sql", plan.to_sql("postgres"))


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("right", ["acceso", "rectificacion", "cancelacion", "oposicion"])
def test_hostile_key_is_one_literal_in_every_statement(inventory, dialect, right):
    script = plan_arco(inventory, right, HOSTILE, as_of=AS_OF).to_sql(dialect)
    # Comments never carry the key; every statement parses back in its dialect, and every
    # comparison with a subject-key column compares with exactly the hostile text.
    comments = [line for line in script.splitlines() if line.startswith("--")]
    assert not [line for line in comments if "1=1" in line]
    keys = {"cliente_id"}
    compared = 0
    for stmt in sqlglot.parse(script, read=dialect):
        if stmt is None or isinstance(stmt, (exp.Transaction, exp.Commit)):
            continue
        for eq in stmt.find_all(exp.EQ):
            left, right_side = eq.left, eq.right
            if (
                isinstance(left, exp.Column)
                and left.name in keys
                and isinstance(right_side, exp.Literal)
            ):
                assert right_side.this == HOSTILE
                compared += 1
    assert compared >= 1
    assert script.count("1=1") == compared


@pytest.mark.parametrize(
    ("dialect", "literal"),
    [
        ("postgres", "''' OR 1=1 --'"),
        ("duckdb", "''' OR 1=1 --'"),
        ("sqlite", "''' OR 1=1 --'"),
        ("tsql", "''' OR 1=1 --'"),
        ("mysql", "''' OR 1=1 --'"),
        ("snowflake", "'\\' OR 1=1 --'"),
        ("bigquery", "'\\' OR 1=1 --'"),
        ("databricks", "'\\' OR 1=1 --'"),
        ("redshift", "'\\' OR 1=1 --'"),
    ],
)
def test_hostile_key_is_quoted_for_the_dialect(inventory, dialect, literal):
    plan = plan_arco(inventory, "acceso", HOSTILE, as_of=AS_OF)
    sql = plan.steps[1].statements[0].sql(dialect=dialect)
    assert sql.endswith(f"WHERE cliente_id = {literal}")


def test_parameters_mode_has_no_literal_key(inventory):
    script = plan_arco(inventory, "cancelacion", "C001", as_of=AS_OF, parameters=True).to_sql(
        "snowflake"
    )
    assert "C001" not in script
    assert "cliente_id = :subject_key" in script
    assert "-- Bind parameters: subject_key" in script


def test_placeholders_follow_the_dialect(inventory):
    plan = plan_arco(inventory, "rectificacion", "C001", as_of=AS_OF)
    step = next(s for s in plan.steps if s.table == "crm.clientes")
    email = step.statements[1]
    assert [email.sql(dialect=d) for d in ("postgres", "bigquery", "tsql", "duckdb")] == [
        "UPDATE crm.clientes SET email = %(new_email)s WHERE cliente_id = 'C001'",
        "UPDATE crm.clientes SET email = @new_email WHERE cliente_id = 'C001'",
        "UPDATE crm.clientes SET email = :new_email WHERE cliente_id = 'C001'",
        "UPDATE crm.clientes SET email = $new_email WHERE cliente_id = 'C001'",
    ]


def test_tsql_stops_consent_with_a_bit_literal(inventory):
    script = plan_arco(inventory, "oposicion", "C001", as_of=AS_OF).to_sql("tsql")
    assert "UPDATE crm.clientes SET acepta_mkt = 0 WHERE cliente_id = 'C001';" in script


def test_databricks_has_no_transaction_but_says_why(inventory):
    script = plan_arco(inventory, "cancelacion", "C001", as_of=AS_OF).to_sql("databricks")
    assert "BEGIN" not in script
    assert "-- databricks has no multi-statement transactions" in script


def test_json_shape(inventory):
    data = json.loads(plan_arco(inventory, "cancelacion", "C001", as_of=AS_OF).to_json("duckdb"))
    assert list(data) == [
        "right",
        "as_of",
        "dialect",
        "legal_basis",
        "parameters",
        "datasets",
        "purposes",
        "purposes_concerned",
        "recipients",
        "propagation",
        "not_planned",
        "steps",
    ]
    assert [r["id"] for r in data["propagation"]] == ["agencia_promo", "bpo_cobranza"]
    assert [(s["table"], s["action"]) for s in data["steps"]] == [
        ("cobranza.adeudos", "suppress"),
        ("crm.clientes", "block"),
        ("crm.clientes", "suppress"),
        ("crm.llamadas", "block"),
        ("crm.llamadas", "suppress"),
        ("fin.facturas", "block"),
        ("fin.facturas", "suppress_suspended"),
    ]
    assert data["not_planned"] == {
        "mkt.exclusion": "exclusion list: kept so that the titular's refusal keeps being "
        "honoured (LFPDPPP art. 25; Reglamento art. 110)"
    }


def test_acceso_lists_purposes_and_recipients(inventory):
    plan = plan_arco(inventory, "acceso", "C001", as_of=AS_OF)
    assert [p["id"] for p in plan.purposes] == ["calidad", "cobranza", "mercadotecnia", "servicio"]
    assert [(r["id"], r["kind"]) for r in plan.recipients] == [
        ("agencia_promo", "transferencia"),
        ("bpo_cobranza", "remision"),
    ]
    assert plan.propagation == []


# ----------------------------------------------------------------------------- errors


def test_unknown_purpose_suggests_one(inventory):
    with pytest.raises(TutelaError) as err:
        plan_arco(inventory, "oposicion", "C001", as_of=AS_OF, purposes=["mercadotecnai"])
    assert err.value.render() == (
        "unknown purpose 'mercadotecnai'\n  help: did you mean 'mercadotecnia'? choose one of: "
        "calidad, cobranza, mercadotecnia, servicio"
    )


def test_unknown_data_subject(inventory):
    with pytest.raises(TutelaError) as err:
        plan_arco(inventory, "acceso", "C001", as_of=AS_OF, data_subjects=["cliente"])
    assert err.value.render() == (
        "no dataset with a `subject_key` holds data subject 'cliente'\n"
        "  help: did you mean 'clientes'? choose one of: clientes"
    )


def _two_subjects():
    return {
        "datasets": [
            {
                "table": "crm.c",
                "data_subject": "clientes",
                "subject_key": "id",
                "columns": [{"name": "id"}],
            },
            {
                "table": "rh.e",
                "data_subject": "empleados",
                "subject_key": "id",
                "columns": [{"name": "id"}],
            },
            {"table": "ops.log", "subject_key": "id", "columns": [{"name": "id"}]},
        ]
    }


def test_several_data_subjects_require_choosing_one():
    with pytest.raises(TutelaError) as err:
        plan_arco(_two_subjects(), "cancelacion", "7", as_of=AS_OF)
    assert err.value.render() == (
        "the inventory holds several data subjects (clientes, empleados); say whose request "
        "this is\n  help: pass --data-subject ID (repeatable) with one of: clientes, empleados"
    )
    plan = plan_arco(_two_subjects(), "acceso", "7", as_of=AS_OF, data_subjects=["empleados"])
    assert plan.datasets == ["ops.log", "rh.e"]
    both = plan_arco(
        _two_subjects(), "acceso", "7", as_of=AS_OF, data_subjects=["empleados", "clientes"]
    )
    assert both.datasets == ["crm.c", "ops.log", "rh.e"]


def test_empty_key_is_refused(inventory):
    with pytest.raises(TutelaError, match="the subject key is empty"):
        plan_arco(inventory, "acceso", "", as_of=AS_OF)


def test_inventory_without_subject_keys():
    inv = {"datasets": [{"table": "a.b", "columns": [{"name": "x"}]}]}
    with pytest.raises(TutelaError, match="no dataset in the inventory has a `subject_key`"):
        plan_arco(inv, "acceso", "k", as_of=AS_OF)


def test_store_that_is_not_blocked_is_an_inventory_error():
    inv = {
        "datasets": [
            {
                "table": "a.live",
                "subject_key": "k",
                "blocking": {"period": "P1Y", "store": "a.other"},
                "columns": [{"name": "k"}],
            },
            {"table": "a.other", "columns": [{"name": "k"}]},
        ]
    }
    with pytest.raises(InventoryError) as err:
        plan_arco(inv, "cancelacion", "x", as_of=AS_OF)
    assert err.value.message == (
        "datasets[0].blocking.store: bloqueo store 'a.other' is not a dataset with blocked: true"
    )


def test_proposed_field_with_wrong_type_names_the_line(tmp_path):
    text = INVENTORY.read_text(encoding="utf-8").replace(
        "store: crm.clientes_bloqueo", "store: [crm.clientes_bloqueo]"
    )
    path = tmp_path / "inventory.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InventoryError) as err:
        read_inventory(path)
    assert (err.value.line, err.value.message) == (66, "datasets[0].blocking.store: expected str")


# ----------------------------------------------------------------------------- CLI


def test_cli_plan_prints_the_script(run_cli, inventory):
    code, out, err = run_cli(
        "arco",
        "plan",
        "-i",
        str(INVENTORY),
        "--right",
        "cancelacion",
        "--subject-key",
        "C001",
        "--dialect",
        "snowflake",
        "--as-of",
        "2026-11-28",
    )
    assert (code, err) == (0, "")
    assert out == plan_arco(inventory, "cancelacion", "C001", as_of=AS_OF).to_sql("snowflake")


def test_cli_plan_writes_out_and_refuses_to_overwrite(run_cli, tmp_path):
    out = tmp_path / "c.sql"
    args = [
        "arco",
        "plan",
        "-i",
        str(INVENTORY),
        "-r",
        "acceso",
        "-k",
        "C001",
        "-o",
        str(out),
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
    ]
    assert run_cli(*args)[0] == 0
    assert json.loads(out.read_text(encoding="utf-8"))["right"] == "acceso"
    code, _, err = run_cli(*args)
    assert code == 2
    assert (
        err == f"Error: {out}: output file already exists\n  help: pass --force to overwrite it\n"
    )
    assert run_cli(*args, "--force")[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["-d", "snowflak"],
            "Error: unknown dialect 'snowflak'\n  help: did you mean 'snowflake'?",
        ),
        (["--as-of", "28/11/2026"], "Error: --as-of '28/11/2026' is not a date"),
        (["-i", "missing.yaml"], "Error: missing.yaml: "),
    ],
)
def test_cli_plan_bad_input_exits_2(run_cli, args, message):
    base = ["arco", "plan", "-i", str(INVENTORY), "-r", "acceso", "-k", "C001"]
    code, out, err = run_cli(*base, *args)
    assert (code, out) == (2, "")
    assert err.startswith(message)


def test_cancelacion_in_a_standalone_store_suppresses_after_its_periods():
    inv = {
        "datasets": [
            {
                "table": "arch.bloqueados",
                "subject_key": "id",
                "timestamp": "cancelado_el",
                "blocked": True,
                "blocking": {"period": "P10Y"},
                "columns": [{"name": "id"}, {"name": "cancelado_el"}],
            },
            {
                "table": "arch.sin_fecha",
                "subject_key": "id",
                "blocked": True,
                "columns": [{"name": "id"}],
            },
        ]
    }
    plan = plan_arco(inv, "cancelacion", "7", as_of=AS_OF)
    assert [[x.sql("postgres") for x in s.statements] for s in plan.steps] == [
        [
            "DELETE FROM arch.bloqueados WHERE id = '7' AND cancelado_el <= "
            "CAST('2016-11-28' AS DATE)"
        ]
    ]
    assert plan.not_planned == {
        "arch.sin_fecha": "bloqueo store without `timestamp` and `blocking:`: name it in a "
        "live dataset's `blocking.store`, or give it both"
    }
