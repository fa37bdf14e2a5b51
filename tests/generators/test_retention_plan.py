"""Retention plans as text: per-dialect goldens, --explain, gaps reported, CLI, durations."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tutela.errors import InventoryError
from tutela.generators.retention import (
    DIALECTS,
    Duration,
    parse_duration,
    plan_retention,
    read_inventory,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "arco"
INVENTORY = FIXTURES / "inventory.yaml"
GOLDEN = FIXTURES / "golden"
AS_OF = dt.date(2026, 11, 28)


@pytest.fixture(scope="module")
def inventory():
    return read_inventory(INVENTORY)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_retention_script_per_dialect(inventory, golden, dialect):
    golden(GOLDEN / f"retention.{dialect}.sql", plan_retention(inventory, AS_OF).to_sql(dialect))


def test_explain(inventory, golden):
    golden(GOLDEN / "retention.explain.txt", plan_retention(inventory, AS_OF).explain_text())


def test_json(inventory):
    data = json.loads(plan_retention(inventory, AS_OF).to_json("bigquery"))
    assert list(data) == ["as_of", "dialect", "steps", "explain", "not_planned"]
    assert data["not_planned"] == {
        "analitica.eventos": "no retention rule in the inventory (add `retention:`)",
        "mkt.exclusion": "no retention rule in the inventory (add `retention:`)",
    }
    block = next(s for s in data["steps"] if s["action"] == "block")
    assert block == {
        "table": "crm.clientes",
        "action": "block",
        "legal_basis": ["LFPDPPP art. 10 párr. 2", "art. 2 fr. III", "CFF art. 30"],
        "comments": [
            "crm.clientes: bloqueo of rows past retention P5Y (fecha_baja <= 2021-11-28); "
            "storage only from here on"
        ],
        "sql": [
            "INSERT INTO crm.clientes_bloqueo (cliente_id, nombre, email, telefono, acepta_mkt, "
            "fecha_baja, bloqueado_el) SELECT cliente_id, nombre, email, telefono, acepta_mkt, "
            "fecha_baja, CAST('2026-11-28' AS DATE) FROM crm.clientes "
            "WHERE fecha_baja <= CAST('2021-11-28' AS DATE)",
            "DELETE FROM crm.clientes WHERE fecha_baja <= CAST('2021-11-28' AS DATE)",
        ],
    }


def _ds(**extra):
    return {"table": "s.t", "columns": [{"name": "k"}, {"name": "ts"}], **extra}


@pytest.mark.parametrize(
    ("dataset", "reason"),
    [
        (_ds(), "no retention rule in the inventory (add `retention:`)"),
        (
            _ds(retention={"period": "P1Y"}),
            "retention rule but no `timestamp` column to count the period from",
        ),
        (
            _ds(retention={"period": "P1Y"}, timestamp="ts"),
            "no `blocking:` rule in the inventory: add `blocking:` with `period` and "
            "`legal_basis` (period P0D to suppress directly)",
        ),
        (
            _ds(retention={"period": "P1Y"}, timestamp="ts", blocking={"period": "P1Y"}),
            "blocking P1Y but no way to block: name `blocking.store` (a dataset with "
            "`blocked: true`) or `blocking.marker_column`",
        ),
        (
            _ds(
                retention={"period": "P1Y"},
                timestamp="ts",
                blocking={"period": "P0D"},
                legal_holds=["art25_I", "art25_III"],
            ),
            "legal holds (LFPDPPP art. 25 fr. I, III) suspend the supresión, and with no "
            "bloqueo store or marker the rows would stay live: name `blocking.store` or "
            "`blocking.marker_column`",
        ),
        (
            _ds(blocked=True, timestamp="ts"),
            "bloqueo store without `timestamp` and `blocking:`: name it in a live dataset's "
            "`blocking.store`, or give it both",
        ),
    ],
)
def test_gaps_are_reported_not_guessed(dataset, reason):
    plan = plan_retention({"datasets": [dataset]}, AS_OF)
    assert plan.steps == []
    assert plan.not_planned == {"s.t": reason}


def test_standalone_bloqueo_store_is_suppressed_after_its_periods():
    store = _ds(
        blocked=True,
        timestamp="ts",
        retention={"period": "P0D"},
        blocking={"period": "P10Y", "legal_basis": "CCom art. 1047"},
    )
    plan = plan_retention({"datasets": [store]}, AS_OF)
    assert plan.not_planned == {}
    assert [(s.action, [x.sql("postgres") for x in s.statements]) for s in plan.steps] == [
        ("count_suppress", ["SELECT COUNT(*) FROM s.t WHERE ts <= CAST('2016-11-28' AS DATE)"]),
        ("suppress", ["DELETE FROM s.t WHERE ts <= CAST('2016-11-28' AS DATE)"]),
    ]
    held = plan_retention({"datasets": [{**store, "legal_holds": ["art25_III"]}]}, AS_OF)
    assert [s.action for s in held.steps] == ["suppress_suspended"]
    assert held.steps[0].comments == [
        "Supresión suspendida: LFPDPPP art. 25 fr. III (legal_holds: art25_III); los datos "
        "permanecen bloqueados"
    ]


def test_marker_column_must_exist():
    bad = _ds(
        retention={"period": "P1Y"},
        timestamp="ts",
        blocking={"period": "P1Y", "marker_column": "blocked_on"},
    )
    with pytest.raises(InventoryError, match=r"marker column 'blocked_on' is not a column of s\.t"):
        plan_retention({"datasets": [bad]}, AS_OF)


def test_bad_duration_names_the_path():
    with pytest.raises(InventoryError) as err:
        plan_retention({"datasets": [_ds(retention={"period": "5 años"})]}, AS_OF)
    assert err.value.message == (
        "datasets[0].retention.period: '5 años' is not an ISO-8601 duration such as P5Y, P18M "
        "or P90D"
    )


@pytest.mark.parametrize(
    ("raw", "day", "before", "after"),
    [
        ("P5Y", "2026-11-28", "2021-11-28", "2031-11-28"),
        ({"iso": "P72M", "days": 2190}, "2026-11-28", "2020-11-28", "2032-11-28"),
        ("P1Y", "2028-02-29", "2027-02-28", "2029-02-28"),
        ("P1M", "2026-03-31", "2026-02-28", "2026-04-30"),
        ("P2W", "2026-01-10", "2025-12-27", "2026-01-24"),
        ("P1Y2M3D", "2026-05-05", "2025-03-02", "2027-07-08"),
        ("P0D", "2026-05-05", "2026-05-05", "2026-05-05"),
    ],
)
def test_duration_arithmetic(raw, day, before, after):
    duration = parse_duration(raw)
    start = dt.date.fromisoformat(day)
    assert (duration.before(start).isoformat(), duration.after(start).isoformat()) == (
        before,
        after,
    )


@pytest.mark.parametrize("raw", ["P", "5Y", "PT5H", "P1.5Y", None, {"days": 10}])
def test_bad_durations(raw):
    with pytest.raises(ValueError, match="is not an ISO-8601 duration"):
        parse_duration(raw)


def test_duration_fields():
    assert parse_duration("P1Y6M10D") == Duration("P1Y6M10D", 1, 6, 10)


# ----------------------------------------------------------------------------- CLI


def test_cli_sql_and_not_planned_on_stderr(run_cli, inventory):
    code, out, err = run_cli(
        "retention", "plan", "-i", str(INVENTORY), "--as-of", "2026-11-28", "-d", "redshift"
    )
    assert code == 0
    assert out == plan_retention(inventory, AS_OF).to_sql("redshift")
    assert err == (
        "not planned: analitica.eventos: no retention rule in the inventory (add `retention:`)\n"
        "not planned: mkt.exclusion: no retention rule in the inventory (add `retention:`)\n"
    )


def test_cli_explain(run_cli, inventory):
    code, out, _ = run_cli(
        "retention", "plan", "-i", str(INVENTORY), "--as-of", "2026-11-28", "--explain"
    )
    assert (code, out) == (0, plan_retention(inventory, AS_OF).explain_text())


def test_cli_json_to_file(run_cli, tmp_path):
    out = tmp_path / "ret.json"
    code, stdout, _ = run_cli(
        "retention",
        "plan",
        "-i",
        str(INVENTORY),
        "--as-of",
        "2026-11-28",
        "--format",
        "json",
        "-o",
        str(out),
    )
    assert (code, stdout) == (0, "")
    assert json.loads(out.read_text(encoding="utf-8"))["dialect"] == "postgres"


def test_cli_invalid_inventory_exits_2(run_cli, tmp_path):
    bad = tmp_path / "inventory.yaml"
    bad.write_text("version: 1\ndatasets: [\n", encoding="utf-8")
    code, out, err = run_cli("retention", "plan", "-i", str(bad))
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: {bad}:")
