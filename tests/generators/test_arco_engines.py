"""The generated ARCO and retention SQL, run on real engines against seeded rows.

DuckDB (in-process) and SQLite (stdlib) always run; PostgreSQL runs when its server binaries
are installed (a throwaway cluster is started in a temporary directory), else it is skipped
with the reason. Every test asserts exactly which rows were returned, blocked and deleted.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlglot
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlglot import exp

from tutela.generators.arco import plan_arco
from tutela.generators.retention import plan_retention, read_inventory

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "arco" / "inventory.yaml"
AS_OF = dt.date(2026, 11, 28)
HOSTILE = "' OR 1=1 --"

# Written in DuckDB's dialect, transpiled by sqlglot for the other engines.
DDL = """
CREATE TABLE crm.clientes (cliente_id TEXT, nombre TEXT, email TEXT, telefono TEXT,
  acepta_mkt BOOLEAN, fecha_baja DATE);
CREATE TABLE crm.clientes_bloqueo (cliente_id TEXT, nombre TEXT, email TEXT, telefono TEXT,
  acepta_mkt BOOLEAN, fecha_baja DATE, bloqueado_el DATE);
CREATE TABLE crm.llamadas (llamada_id TEXT, cliente_id TEXT, inicio TIMESTAMP, notas TEXT,
  bloqueado_el DATE);
CREATE TABLE cobranza.adeudos (adeudo_id TEXT, cliente_id TEXT, monto DECIMAL(12, 2),
  fecha_incumplimiento DATE);
CREATE TABLE fin.facturas (factura_id TEXT, cliente_id TEXT, rfc TEXT, total DECIMAL(12, 2),
  emitida_el DATE, bloqueado_el DATE);
CREATE TABLE mkt.exclusion (cliente_id TEXT, telefono TEXT, email TEXT, registrado_el DATE);
CREATE TABLE analitica.eventos (evento TEXT, total INT)
"""
SCHEMAS = ("crm", "cobranza", "fin", "mkt", "analitica")
D = "date"
TS = "timestamp"
SEED: dict[str, list[tuple[Any, ...]]] = {
    "crm.clientes": [
        ("C001", "Ana", "ana@example.mx", "5511111111", True, None),
        ("C002", "Beto", "beto@example.mx", "5522222222", True, (D, "2019-06-30")),
        ("C003", "Caro", "caro@example.mx", "5533333333", False, (D, "2023-01-15")),
        ("D'004", "Dario", "dario@example.mx", "5544444444", True, None),
    ],
    "crm.clientes_bloqueo": [
        (
            "C900",
            "Eva",
            "eva@example.mx",
            "5590000000",
            False,
            (D, "2004-01-01"),
            (D, "2015-01-01"),
        ),
        (
            "C901",
            "Fede",
            "fede@example.mx",
            "5590000001",
            False,
            (D, "2014-01-01"),
            (D, "2020-01-01"),
        ),
    ],
    "crm.llamadas": [
        ("L1", "C001", (TS, "2026-10-01 10:00:00"), "alta", None),
        ("L2", "C001", (TS, "2025-01-10 09:30:00"), "queja", None),
        ("L3", "C002", (TS, "2024-01-01 12:00:00"), "baja", (D, "2024-06-01")),
        ("L4", "C003", (TS, "2025-12-01 08:00:00"), "duda", None),
        ("L5", "C002", (TS, "2025-03-01 16:45:00"), "cobro", (D, "2025-06-01")),
    ],
    "cobranza.adeudos": [
        ("A1", "C001", 1500.0, (D, "2019-05-01")),
        ("A2", "C003", 800.0, (D, "2024-02-01")),
    ],
    "fin.facturas": [
        ("F1", "C001", "AAAA800101AAA", 1160.0, (D, "2020-01-01"), None),
        ("F2", "C002", "BBBB800101BBB", 580.0, (D, "2019-01-01"), (D, "2020-01-01")),
        ("F3", "C003", "CCCC800101CCC", 232.0, (D, "2025-05-05"), None),
    ],
    "mkt.exclusion": [("C003", "5533333333", "caro@example.mx", (D, "2024-01-01"))],
    "analitica.eventos": [("llamada", 3)],
}
KEYS = {  # the column that names each row in assertions
    "crm.clientes": "cliente_id",
    "crm.clientes_bloqueo": "cliente_id",
    "crm.llamadas": "llamada_id",
    "cobranza.adeudos": "adeudo_id",
    "fin.facturas": "factura_id",
    "mkt.exclusion": "cliente_id",
    "analitica.eventos": "evento",
}


def _literal(value: Any) -> exp.Expr:
    if value is None:
        return exp.null()
    if isinstance(value, bool):
        return exp.Boolean(this=value)
    if isinstance(value, (int, float)):
        return exp.Literal.number(value)
    if isinstance(value, tuple):
        return exp.cast(exp.Literal.string(value[1]), exp.DataType.build(value[0]))
    return exp.Literal.string(value)


def seed_sql(dialect: str) -> list[str]:
    statements = [s.sql(dialect=dialect) for s in sqlglot.parse(DDL, read="duckdb") if s]
    for table, rows in SEED.items():
        values = exp.values([tuple(_literal(v) for v in row) for row in rows])
        schema, name = table.split(".")
        target = exp.Table(this=exp.to_identifier(name), db=exp.to_identifier(schema))
        statements.append(exp.insert(values, target).sql(dialect=dialect))
    return statements


class Engine:
    dialect: str

    def script(self, sql: str) -> None:
        raise NotImplementedError

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def execute(self, sql: str, params: dict[str, Any]) -> None:
        raise NotImplementedError

    def keys(self, table: str, where: str = "") -> list[str]:
        """Return the sorted row names of ``table``; ``where`` is DuckDB SQL, transpiled."""
        clause = f" WHERE {where}" if where else ""
        sql = f"SELECT {KEYS[table]} FROM {table}{clause}"
        (sql,) = sqlglot.transpile(sql, read="duckdb", write=self.dialect)
        return sorted(str(r[0]) for r in self.rows(sql))

    def snapshot(self) -> dict[str, list[tuple[str, ...]]]:
        return {
            t: sorted(tuple(str(v) for v in r) for r in self.rows(f"SELECT * FROM {t}"))
            for t in SEED
        }


class DuckEngine(Engine):
    dialect = "duckdb"

    def __init__(self) -> None:
        import duckdb

        self.con = duckdb.connect()
        for schema in SCHEMAS:
            self.con.execute(f"CREATE SCHEMA {schema}")
        for stmt in seed_sql("duckdb"):
            self.con.execute(stmt)

    def script(self, sql: str) -> None:
        self.con.execute(sql)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def execute(self, sql: str, params: dict[str, Any]) -> None:
        self.con.execute(sql, params)


class SqliteEngine(Engine):
    dialect = "sqlite"

    def __init__(self) -> None:
        self.con = sqlite3.connect(":memory:", isolation_level=None)
        for schema in SCHEMAS:
            self.con.execute(f"ATTACH DATABASE ':memory:' AS {schema}")
        for stmt in seed_sql("sqlite"):
            self.con.execute(stmt)

    def script(self, sql: str) -> None:
        self.con.executescript(sql)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def execute(self, sql: str, params: dict[str, Any]) -> None:
        self.con.execute(sql, params)


class PostgresServer:
    """A throwaway PostgreSQL cluster reached through psql on a Unix socket."""

    def __init__(self, base: Path) -> None:
        self.bindir = Path(shutil.which("initdb") or "").resolve().parent
        self.data = base / "data"
        self.sock = base / "sock"
        self.sock.mkdir()
        self.user = "postgres"
        self.prefix: list[str] = []
        if os.geteuid() == 0:  # postgres refuses to run as root
            runuser = shutil.which("runuser")
            if not runuser:
                pytest.skip("running as root without runuser to start PostgreSQL")
            self.prefix = [runuser, "-u", "postgres", "--"]
            shutil.chown(base, "postgres")
            shutil.chown(self.sock, "postgres")
        else:
            self.user = os.environ.get("USER", "postgres")
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self._run("initdb", "-A", "trust", "-U", "postgres", "-D", str(self.data))
        self._run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(base / "log"),
            "-o",
            # A throwaway cluster: durability settings off for speed.
            f"-k {self.sock} -p {self.port} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off",
            "start",
        )

    def _run(self, tool: str, *args: str) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [*self.prefix, str(self.bindir / tool), *args],
            check=False,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            pytest.skip(f"cannot start PostgreSQL ({tool}): {result.stderr.strip()[-300:]}")
        return result

    def psql(self, db: str, *args: str, stdin: str | None = None) -> str:
        psql = shutil.which("psql") or str(self.bindir / "psql")
        result = subprocess.run(
            [
                psql,
                "-X",
                "-q",
                "-v",
                "ON_ERROR_STOP=1",
                "-h",
                str(self.sock),
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                db,
                *args,
            ],
            input=stdin,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode:
            raise AssertionError(result.stderr)
        return result.stdout

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")


class PgEngine(Engine):
    dialect = "postgres"
    counter = 0

    def __init__(self, server: PostgresServer) -> None:
        PgEngine.counter += 1
        self.server = server
        self.db = f"t{PgEngine.counter}"
        server.psql("postgres", "-c", f"CREATE DATABASE {self.db} TEMPLATE seed STRATEGY FILE_COPY")

    def snapshot(self) -> dict[str, list[tuple[str, ...]]]:
        # One psql run for every table: a marker row separates the result sets.
        args: list[str] = []
        for table in SEED:
            args += ["-c", f"SELECT '#{table}'", "-c", f"SELECT * FROM {table}"]
        out = self.server.psql(self.db, "-A", "-t", "-F", "\t", *args)
        result: dict[str, list[tuple[str, ...]]] = {}
        current: list[tuple[str, ...]] = []
        for line in out.splitlines():
            if line.startswith("#"):
                current = result.setdefault(line[1:], [])
            elif line:
                current.append(tuple("None" if v == "" else v for v in line.split("\t")))
        return {t: sorted(result.get(t, [])) for t in SEED}

    def drop(self) -> None:
        self.server.psql("postgres", "-c", f"DROP DATABASE {self.db}")

    def script(self, sql: str) -> None:
        self.server.psql(self.db, stdin=sql)

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        out = self.server.psql(self.db, "-A", "-t", "-F", "\t", "-c", sql)
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def execute(self, sql: str, params: dict[str, Any]) -> None:  # pragma: no cover
        pytest.skip("psql has no bound parameters in this form")


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    if not (shutil.which("initdb") and shutil.which("pg_ctl")):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    # Not under pytest's tmp dir: when run as root the server runs as `postgres`, which
    # cannot enter root's private pytest directory.
    base = Path(tempfile.mkdtemp(prefix="tutela-pg-"))
    try:
        server = PostgresServer(base)
        server.psql("postgres", "-c", "CREATE DATABASE seed STRATEGY FILE_COPY")
        setup = [f"CREATE SCHEMA {s}" for s in SCHEMAS] + seed_sql("postgres")
        server.psql("seed", stdin=";\n".join(setup) + ";")
        yield server
        server.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(params=["duckdb", "sqlite", "postgres"])
def engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    if request.param == "duckdb":
        yield DuckEngine()
    elif request.param == "sqlite":
        yield SqliteEngine()
    else:
        pg = PgEngine(request.getfixturevalue("postgres"))
        yield pg
        pg.drop()


@pytest.fixture(scope="module")
def inventory() -> dict[str, Any]:
    return read_inventory(FIXTURE)


def run_arco(engine: Engine, inventory, right: str, key: str, as_of: dt.date = AS_OF, **kw):
    plan = plan_arco(inventory, right, key, as_of=as_of, **kw)
    engine.script(plan.to_sql(engine.dialect))
    return plan


# ----------------------------------------------------------------------------- acceso


def test_acceso_returns_exactly_the_subjects_rows(engine, inventory):
    plan = plan_arco(inventory, "acceso", "C001", as_of=AS_OF)
    found: dict[str, list[str]] = {}
    for step in plan.steps:
        (stmt,) = step.statements
        rows = engine.rows(stmt.sql(dialect=engine.dialect))
        index = [c.name for c in stmt.expressions].index(KEYS[step.table])
        found[step.table] = sorted(str(r[index]) for r in rows)
    assert found == {
        "cobranza.adeudos": ["A1"],
        "crm.clientes": ["C001"],
        "crm.clientes_bloqueo": [],
        "crm.llamadas": ["L1", "L2"],
        "fin.facturas": ["F1"],
        "mkt.exclusion": [],
    }


@pytest.mark.parametrize(
    "key", ["D'004", HOSTILE, "x' OR 'a'='a", "C001'; DELETE FROM crm.clientes; --"]
)
def test_acceso_with_quotes_matches_only_that_literal(engine, inventory, key):
    plan = plan_arco(inventory, "acceso", key, as_of=AS_OF)
    step = next(s for s in plan.steps if s.table == "crm.clientes")
    rows = engine.rows(step.statements[0].sql(dialect=engine.dialect))
    assert [r[0] for r in rows] == (["D'004"] if key == "D'004" else [])
    assert engine.keys("crm.clientes") == ["C001", "C002", "C003", "D'004"]


# ----------------------------------------------------------------------------- cancelación


def test_cancelacion_blocks_and_suppresses_exactly(engine, inventory):
    before = engine.snapshot()
    run_arco(engine, inventory, "cancelacion", "C001")
    # P0D: suppressed at once.
    assert engine.keys("cobranza.adeudos") == ["A2"]
    # Store: moved out of the live table with the bloqueo date.
    assert engine.keys("crm.clientes") == ["C002", "C003", "D'004"]
    assert engine.keys("crm.clientes_bloqueo") == ["C001", "C900", "C901"]
    assert engine.keys("crm.clientes_bloqueo", "bloqueado_el = CAST('2026-11-28' AS DATE)") == [
        "C001"
    ]
    # Marker: rows stay, marked; earlier marks untouched.
    assert engine.keys("crm.llamadas", "bloqueado_el = CAST('2026-11-28' AS DATE)") == ["L1", "L2"]
    assert engine.keys("crm.llamadas", "bloqueado_el IS NULL") == ["L4"]
    # Legal hold: blocked, never suppressed.
    assert engine.keys("fin.facturas", "bloqueado_el = CAST('2026-11-28' AS DATE)") == ["F1"]
    assert engine.keys("fin.facturas") == ["F1", "F2", "F3"]
    after = engine.snapshot()
    for table in ("mkt.exclusion", "analitica.eventos"):
        assert after[table] == before[table]


def test_cancelacion_phase_two_after_the_blocking_period(engine, inventory):
    run_arco(engine, inventory, "cancelacion", "C002")
    assert engine.keys("crm.clientes_bloqueo") == ["C002", "C900", "C901"]
    # Same request planned again ten years later: phase 1 is a no-op, phase 2 deletes.
    run_arco(engine, inventory, "cancelacion", "C002", as_of=dt.date(2036, 11, 28))
    assert engine.keys("crm.clientes_bloqueo") == ["C900", "C901"]
    assert engine.keys("crm.llamadas") == ["L1", "L2", "L4"]
    assert engine.keys("fin.facturas") == ["F1", "F2", "F3"]  # art. 25 hold
    assert engine.keys("crm.clientes") == ["C001", "C003", "D'004"]


def test_cancelacion_phase_two_one_day_early_keeps_the_new_bloqueo(engine, inventory):
    run_arco(engine, inventory, "cancelacion", "C002")
    run_arco(engine, inventory, "cancelacion", "C002", as_of=dt.date(2036, 11, 27))
    # The store row was blocked on 2026-11-28: its ten years are not over.
    assert engine.keys("crm.clientes_bloqueo") == ["C002", "C900", "C901"]
    # L3 and L5 were blocked in 2024 and 2025: their two years are over.
    assert engine.keys("crm.llamadas") == ["L1", "L2", "L4"]


def test_statutory_period_without_start_keeps_the_row_blocked(engine, inventory):
    run_arco(engine, inventory, "cancelacion", "C001")
    run_arco(engine, inventory, "cancelacion", "C001", as_of=dt.date(2040, 1, 1))
    # fecha_baja is NULL: the CFF art. 30 period never started, so the row stays blocked.
    assert engine.keys("crm.clientes_bloqueo") == ["C001", "C900", "C901"]
    assert engine.keys("crm.llamadas") == ["L3", "L4", "L5"]


# ----------------------------------------------------------------------------- oposición


def test_oposicion_inserts_into_exclusion_list_once_and_stops_consent(engine, inventory):
    run_arco(engine, inventory, "oposicion", "C001")
    run_arco(engine, inventory, "oposicion", "C001")
    assert sorted(
        (str(r[0]), str(r[1]), str(r[2]))
        for r in engine.rows("SELECT cliente_id, telefono, email FROM mkt.exclusion")
    ) == [
        ("C001", "5511111111", "ana@example.mx"),
        ("C003", "5533333333", "caro@example.mx"),
    ]
    assert engine.keys("crm.clientes", "acepta_mkt = FALSE") == ["C001", "C003"]


def test_revocacion_of_a_purpose_without_consent_column_changes_nothing(engine, inventory):
    before = engine.snapshot()
    plan = run_arco(engine, inventory, "revocacion", "C001", purposes=["calidad"])
    assert engine.snapshot() == before
    assert "purpose calidad" in plan.not_planned


# ----------------------------------------------------------------------------- hostile keys


@pytest.mark.parametrize("right", ["acceso", "cancelacion", "oposicion", "revocacion"])
@pytest.mark.parametrize("key", [HOSTILE, "' OR '1'='1", "\\' OR 1=1 --"])
def test_hostile_subject_key_touches_nothing(engine, inventory, right, key):
    before = engine.snapshot()
    plan = run_arco(engine, inventory, right, key)
    assert engine.snapshot() == before
    for step in plan.steps:
        for stmt in step.statements:
            assert stmt.sql(dialect=engine.dialect).count("1=1") == (1 if "1=1" in key else 0)


def test_rectificacion_binds_the_new_value(engine, inventory):
    if engine.dialect == "postgres":
        pytest.skip("psql takes no bound parameters; the literal forms run on postgres above")
    for key in ("C001", HOSTILE):
        plan = plan_arco(inventory, "rectificacion", key, as_of=AS_OF)
        step = next(s for s in plan.steps if s.table == "crm.clientes")
        stmt = next(s for s in step.statements if s.expressions[0].this.name == "email")
        engine.execute(stmt.sql(dialect=engine.dialect), {"new_email": "x' OR 1=1 --"})
        assert engine.keys("crm.clientes", "email = 'x'' OR 1=1 --'") == ["C001"]
    assert engine.keys("crm.clientes", "email LIKE '%@example.mx'") == ["C002", "C003", "D'004"]


def test_parameters_mode_binds_the_subject_key(inventory):
    con = DuckEngine()
    plan = plan_arco(inventory, "acceso", "ignored", as_of=AS_OF, parameters=True)
    step = next(s for s in plan.steps if s.table == "crm.llamadas")
    sql = step.statements[0].sql(dialect="duckdb")
    assert "ignored" not in sql
    rows = con.con.execute(sql, {"subject_key": "C001"}).fetchall()
    assert sorted(r[0] for r in rows) == ["L1", "L2"]


# ----------------------------------------------------------------------------- retention


def _counts(engine: Engine, plan, dialect: str) -> dict[tuple[str, str], int]:
    out = {}
    for step in plan.steps:
        if step.action.startswith("count"):
            (stmt,) = step.statements
            out[(step.table, step.action)] = int(engine.rows(stmt.sql(dialect=dialect))[0][0])
    return out


def test_retention_dry_run_block_and_suppress(engine, inventory):
    plan = plan_retention(inventory, AS_OF)
    assert _counts(engine, plan, engine.dialect) == {
        ("cobranza.adeudos", "count_suppress"): 1,
        ("crm.clientes", "count_block"): 1,
        ("crm.clientes", "count_suppress"): 1,
        ("crm.llamadas", "count_block"): 1,
        ("crm.llamadas", "count_suppress"): 1,
        ("fin.facturas", "count_block"): 1,
    }
    before = engine.snapshot()
    engine.script(plan.to_sql(engine.dialect))
    assert engine.keys("cobranza.adeudos") == ["A2"]
    assert engine.keys("crm.clientes") == ["C001", "C003", "D'004"]
    assert engine.keys("crm.clientes_bloqueo") == ["C002", "C901"]
    assert engine.keys("crm.llamadas") == ["L1", "L2", "L4", "L5"]
    assert engine.keys("crm.llamadas", "bloqueado_el = CAST('2026-11-28' AS DATE)") == ["L2"]
    assert engine.keys("fin.facturas", "bloqueado_el IS NOT NULL") == ["F1", "F2"]
    assert engine.keys("fin.facturas") == ["F1", "F2", "F3"]
    after = engine.snapshot()
    assert after["mkt.exclusion"] == before["mkt.exclusion"]
    assert after["analitica.eventos"] == before["analitica.eventos"]
    # A second run the same day finds nothing more to do.
    assert set(_counts(engine, plan_retention(inventory, AS_OF), engine.dialect).values()) == {0}
    engine.script(plan.to_sql(engine.dialect))
    assert engine.snapshot() == after


# ----------------------------------------------------------------------------- any key

_KEYS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=24,
)


_ENGINES: list[Engine] = []


def _shared_engines() -> list[Engine]:
    # Hypothesis runs many examples: build the in-process engines once, clean up per example.
    if not _ENGINES:
        _ENGINES.extend([SqliteEngine(), DuckEngine()])
    return _ENGINES


@settings(max_examples=100, deadline=None)
@given(key=_KEYS)
def test_any_key_selects_exactly_its_own_row(inventory, key):
    """Whatever the text, the generated literal matches that text and nothing else."""
    plan = plan_arco(inventory, "acceso", key, as_of=AS_OF)
    step = next(s for s in plan.steps if s.table == "crm.clientes")
    for engine in _shared_engines():
        rows = [(key, "el titular"), ("zz" + key, "otro"), (key + " ", "otro")]
        engine.con.executemany("INSERT INTO crm.clientes (cliente_id, nombre) VALUES (?, ?)", rows)
        try:
            found = engine.rows(step.statements[0].sql(dialect=engine.dialect))
        finally:
            engine.con.execute("DELETE FROM crm.clientes WHERE nombre IN ('el titular', 'otro')")
        expected = [key] + ([key] if key in {"C001", "C002", "C003", "D'004"} else [])
        assert sorted(r[0] for r in found) == expected
    for dialect in ("postgres", "mysql", "snowflake", "bigquery", "tsql", "databricks"):
        (parsed,) = sqlglot.parse(step.statements[0].sql(dialect=dialect), read=dialect)
        literal = parsed.find(exp.EQ).expression
        assert (type(literal), literal.this) == (exp.Literal, key)
