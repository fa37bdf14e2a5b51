"""tutela breach: the incident schema, the affected set, significance, documents, count SQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tutela.breach import SLA, assess_significance, derive_affected, load_incident
from tutela.errors import InputError
from tutela.inventory import load_inventory

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "contact-center"
INCIDENT = EXAMPLE / "incidents" / "INC-2026-011.yaml"
GOLDEN = REPO / "tests" / "golden" / "breach"
NOW = "2026-11-25T15:00:00-06:00"


@pytest.fixture(scope="module")
def inventory():
    return load_inventory(EXAMPLE / "inventory.yaml")


def _incident(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "incidents" / "inc.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


BASE = """\
version: 1
id: INC-T-1
title: Prueba
description: Algo pasó.
detected_at: "2026-11-25T09:00:00-06:00"
measures: [Contuvimos el acceso]
involved:
{involved}
"""


def _base(involved: str, extra: str = "") -> str:
    return BASE.format(involved=involved) + extra


# --- schema and cross-reference errors: file:line, what, how to fix --------------------------


def test_schema_errors_are_located_and_explained(inventory, tmp_path) -> None:
    path = _incident(
        tmp_path,
        """\
version: 1
id: INC-T-1
titel: Prueba
description: Algo pasó.
detected_at: "2026-11-25 09:00"
measures: []
involved:
  tables:
    - table: cc_dwh.crm.clientez
    - table: cc_dwh.crm.clientes
      columns: [telefonoo]
""",
    )
    with pytest.raises(InputError) as info:
        load_incident(path, inventory)
    text = info.value.render()
    assert "incident file has" in text
    assert f"{path}:3:1: titel: unknown key 'titel'" in text
    assert "did you mean 'title'" in text
    assert f"{path}:5:14: detected_at:" in text and "2026-11-25T08:30:00-06:00" in text
    assert f"{path}:6:11: measures:" in text


def test_cross_reference_errors(inventory, tmp_path) -> None:
    path = _incident(
        tmp_path,
        _base(
            "  tables:\n    - table: cc_dwh.crm.clientez\n"
            "    - table: cc_dwh.crm.clientes\n      columns: [telefonoo]\n"
            "  queries:\n    - file: nope.sql\n  manifests: [shares/nope.yaml]\n",
            'origin: {recipient: voxinsigth}\noccurred_at: "2026-11-26T00:00:00Z"\n',
        ),
    )
    with pytest.raises(InputError) as info:
        load_incident(path, inventory)
    problems = {(p.line, p.message) for p in info.value.problems}
    hints = " ".join(p.hint or "" for p in info.value.problems)
    assert (
        9,
        f"unknown table 'cc_dwh.crm.clientez' (not a dataset of {inventory.file})",
    ) in problems
    assert (11, "unknown column 'telefonoo' (not a column of cc_dwh.crm.clientes)") in problems
    assert (13, "query file 'nope.sql' not found") in problems
    assert (14, "manifest 'shares/nope.yaml' not found") in problems
    assert (16, "unknown recipient 'voxinsigth'") in problems
    assert any(m == "is earlier than occurred_at" for _, m in problems)
    assert "cc_dwh.crm.clientes" in hints and "telefono" in hints and "voxinsight" in hints


def test_involved_must_name_something(inventory, tmp_path) -> None:
    path = _incident(tmp_path, _base("  tables: []"))
    with pytest.raises(InputError) as info:
        load_incident(path, inventory)
    assert any("involved" in p.render() for p in info.value.problems)


def test_check_cli_exit_codes(run_cli, tmp_path) -> None:
    code, out, err = run_cli("breach", "--check", str(INCIDENT), cwd=EXAMPLE)
    assert code == 0, err
    assert "ok (9 affected column(s))" in out
    bad = _incident(tmp_path, "version: 2\nid: x\n")
    code, out, err = run_cli("breach", "--check", str(bad), cwd=EXAMPLE)
    assert code == 2
    assert "Traceback" not in err
    assert f"{bad}:1:10: version:" in err
    code, _, err = run_cli("breach", str(tmp_path / "missing.yaml"), cwd=EXAMPLE)
    assert code == 2 and "incident file not found" in err


# --- affected set ---------------------------------------------------------------------------


def test_affected_set_from_a_query(inventory, tmp_path) -> None:
    (tmp_path / "q.sql").write_text(
        "COPY INTO 's3://voxinsight-ingest-contactointegral/x/' FROM (\n"
        "  SELECT g.uri_audio, c.nombre, c.correo\n"
        "  FROM cc_dwh.calidad.grabaciones g JOIN cc_dwh.crm.clientes c USING (id_cliente))\n",
        encoding="utf-8",
    )
    path = tmp_path / "inc.yaml"
    path.write_text(_base("  queries:\n    - file: q.sql\n"), encoding="utf-8")
    incident = load_incident(path, inventory)
    affected = derive_affected(incident, inventory, dialect="snowflake")
    assert [(c.table, c.column, c.category) for c in affected.columns] == [
        ("cc_dwh.calidad.grabaciones", "uri_audio", "caracteristicas"),
        ("cc_dwh.crm.clientes", "correo", "contacto"),
        ("cc_dwh.crm.clientes", "nombre", "identificacion"),
    ]
    assert affected.columns[0].via == "query q.sql:2"
    assert [s["id"] for s in affected.data_subjects] == ["clientes"]
    # the egress target is VoxInsight's declared destination: it received the data
    direct = {r.id: r.why for r in affected.recipients}
    assert direct["voxinsight"] == "destination"
    assert "mercadotecnia" in {p["id"] for p in affected.purposes}
    assert not affected.pci


def test_affected_set_from_a_manifest_and_inline_sql(inventory) -> None:
    path = EXAMPLE / "incidents" / "_manifest_case.yaml"
    path.write_text(
        _base(
            "  manifests: [../shares/voxinsight.yaml]\n"
            "  queries:\n    - sql: SELECT numero_tarjeta FROM cc_dwh.pagos.legacy_ivr_pagos\n"
        ),
        encoding="utf-8",
    )
    try:
        affected = derive_affected(load_incident(path, inventory), inventory, dialect="snowflake")
    finally:
        path.unlink()
    cols = {(c.column, c.via) for c in affected.columns}
    assert ("uri_audio", "manifest ../shares/voxinsight.yaml") in cols
    assert ("numero_tarjeta", f"query {path}:11") in cols
    assert affected.pci
    assert {r.id: r.why for r in affected.recipients}["voxinsight"] == "manifest"


def test_unanalysable_query_is_an_input_error(inventory, tmp_path) -> None:
    path = tmp_path / "inc.yaml"
    path.write_text(_base("  queries:\n    - sql: SELEC FROM WHERE (\n"), encoding="utf-8")
    with pytest.raises(InputError) as info:
        derive_affected(load_incident(path, inventory), inventory, dialect="snowflake")
    assert "cannot be analysed" in info.value.message
    assert info.value.file == str(path)


# --- significance (Art. 19) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "columns", "extra", "significant", "rights"),
    [
        ("cc_dwh.crm.clientes", "[telefono, correo]", "", False, []),
        ("cc_dwh.crm.clientes", "[nombre, telefono]", "", True, ["patrimonial"]),
        ("cc_dwh.cobranza.cartera", "[saldo_vencido]", "", True, ["patrimonial"]),
        ("cc_dwh.rh.incapacidades", "[diagnostico]", "", True, ["moral"]),
        ("cc_dwh.calidad.grabaciones", "[uri_audio]", "", True, ["moral"]),
        (
            "cc_dwh.cobranza.cartera",
            "[saldo_vencido]",
            "data_unreadable: true\n",
            False,
            ["patrimonial", "mitigated"],
        ),
        (
            "cc_dwh.crm.clientes",
            "[telefono]",
            "assessment: {significant: true, reason: campaña de fraude en curso}\n",
            True,
            [],
        ),
    ],
)
def test_significance(inventory, tmp_path, table, columns, extra, significant, rights) -> None:
    path = _incident(
        tmp_path, _base(f"  tables:\n    - table: {table}\n      columns: {columns}\n", extra)
    )
    incident = load_incident(path, inventory)
    result = assess_significance(incident, derive_affected(incident, inventory, dialect="duckdb"))
    assert result.significant is significant
    assert [r.right for r in result.reasons] == rights
    assert result.decided_by == ("responsable" if "assessment" in extra else "tutela")


# --- documents (goldens) and deadlines ------------------------------------------------------


def test_example_documents_match_goldens(run_cli, tmp_path, golden) -> None:
    code, out, err = run_cli(
        "breach",
        "incidents/INC-2026-011.yaml",
        "--out-dir",
        str(tmp_path),
        "--now",
        NOW,
        cwd=EXAMPLE,
    )
    assert code == 0, err
    assert "significant (LFPDPPP art. 19): yes (decided by tutela)" in out
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "INC-2026-011-aviso-telefono.txt",
        "INC-2026-011-aviso-titulares.html",
        "INC-2026-011-aviso-titulares.md",
        "INC-2026-011-notificacion-bpo_cobranza.md",
        "INC-2026-011-registro.json",
        "INC-2026-011-registro.md",
    ]
    for name in names:
        golden(GOLDEN / name, (tmp_path / name).read_text(encoding="utf-8"))
    notice = (tmp_path / "INC-2026-011-aviso-titulares.md").read_text(encoding="utf-8")
    # the data subject's text never carries the reviewer's caveats
    for word in ("UNVERIFIED", "binding", "incierto", "Reglamento"):
        assert word not in notice
    register = (tmp_path / "INC-2026-011-registro.md").read_text(encoding="utf-8")
    assert "binding status uncertain" in register and "12.10.7" in register
    entry = json.loads((tmp_path / "INC-2026-011-registro.json").read_text(encoding="utf-8"))
    assert entry["pci_dss_12_10"][0] == "12.10.1"
    assert entry["deadlines"][1]["status"] == "enviado"
    # files are never overwritten without --force
    code, _, err = run_cli(
        "breach", str(INCIDENT), "--out-dir", str(tmp_path), "--now", NOW, cwd=EXAMPLE
    )
    assert code == 2 and "already exists" in err


def test_sla_deadlines_from_config(run_cli, tmp_path) -> None:
    project = tmp_path / "p"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".tutela_cache"))
    toml = project / "tutela.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + "\n[breach]\ntitulares_sla_hours = 24\nrecipients_sla_hours = 1\n",
        encoding="utf-8",
    )
    code, out, err = run_cli("breach", "incidents/INC-2026-011.yaml", "--now", NOW, cwd=project)
    assert code == 0, err
    # confirmed 2026-11-25T13:00-06:00; the processor was told at 14:30, after its 1 h SLA
    assert "deadline titulares: 2026-11-26T13:00:00-06:00 [pendiente]" in out
    assert "deadline bpo_cobranza: 2026-11-25T14:00:00-06:00 [enviado fuera de plazo]" in out
    toml.write_text("[breach]\ntitulares_sla = 24\n", encoding="utf-8")
    code, _, err = run_cli("breach", "incidents/INC-2026-011.yaml", cwd=project)
    assert code == 2 and "did you mean 'titulares_sla_hours'" in err


def test_sla_unit() -> None:
    assert SLA().titulares_hours is None


# --- count SQL, proved on DuckDB ------------------------------------------------------------


def test_count_sql_runs_on_duckdb(run_cli) -> None:
    duckdb = pytest.importorskip("duckdb")
    code, sql, err = run_cli(
        "breach", str(INCIDENT), "--count-sql", "--dialect", "duckdb", cwd=EXAMPLE
    )
    assert code == 0, err
    con = duckdb.connect()
    con.execute("ATTACH ':memory:' AS cc_dwh")
    con.execute("CREATE SCHEMA cc_dwh.marts; CREATE SCHEMA cc_dwh.pagos")
    con.execute(
        "CREATE TABLE cc_dwh.marts.cobranza_worklist (id_credito TEXT, id_deudor TEXT,"
        " nombre TEXT, telefono TEXT, saldo_vencido DECIMAL, dias_mora INT);"
        "INSERT INTO cc_dwh.marts.cobranza_worklist VALUES ('K1','D1','a','1',10,5),"
        "('K2','D1','b','1',10,0),('K3','D2','c','2',10,30)"
    )
    con.execute(
        "CREATE TABLE cc_dwh.pagos.legacy_ivr_pagos (id_cliente TEXT, fecha_pago DATE);"
        "INSERT INTO cc_dwh.pagos.legacy_ivr_pagos VALUES "
        "('C1', DATE '2022-05-01'), ('C1', DATE '2023-02-01'), ('C2', DATE '2024-01-01')"
    )
    statements = [s for s in sql.split(";\n") if s.strip() and "SELECT" in s]
    results = [con.execute(s).fetchone() for s in statements]
    # per table: rows and distinct titulares (the where keeps the two payments since 2023);
    # then the rows the incident's query returns now (its own filter: dias_mora > 0)
    assert results == [(3, 2), (2, 2), (2,)]


@pytest.mark.parametrize("dialect", ["snowflake", "bigquery", "postgres", "tsql"])
def test_count_sql_per_dialect(run_cli, dialect) -> None:
    code, sql, err = run_cli(
        "breach", str(INCIDENT), "--count-sql", "--dialect", dialect, cwd=EXAMPLE
    )
    assert code == 0, err
    assert sql.count("COUNT(DISTINCT") == 2
    assert "fecha_pago >=" in sql
    assert "dias_mora > 0) AS q" in sql


def test_count_sql_bad_where_is_located(inventory, tmp_path) -> None:
    from tutela.generators.breach import count_sql

    path = _incident(
        tmp_path,
        _base('  tables:\n    - table: cc_dwh.crm.clientes\n      where: "fecha_alta >>> ("\n'),
    )
    incident = load_incident(path, inventory)
    affected = derive_affected(incident, inventory, dialect="duckdb")
    with pytest.raises(InputError) as info:
        count_sql(incident, affected, "duckdb", source_dialect="duckdb")
    assert info.value.line == 10 and "not a SQL condition" in info.value.message


def test_docs_key_table_is_current() -> None:
    from tutela.breach.schema import render_incident_docs

    text = (REPO / "docs" / "breach.md").read_text(encoding="utf-8")
    block = text.split("<!-- incident-keys:start -->\n")[1].split("\n<!-- incident-keys:end -->")[0]
    assert block == render_incident_docs(), "regenerate the key table of docs/breach.md"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("- a\n- b\n", "incident file must be a map of keys"),
        ("", "incident file is empty"),
        ("version: 1\nid: !!python/object:os.system x\n", "is not allowed"),
        ("version: 1\nid: a\nid: b\n", "duplicate"),
    ],
)
def test_hostile_incident_files_exit_2(run_cli, tmp_path, body, expected) -> None:
    path = _incident(tmp_path, body)
    code, _, err = run_cli("breach", "--check", str(path), cwd=EXAMPLE)
    assert code == 2, err
    assert expected in err and "Traceback" not in err


def test_not_significant_writes_no_notice_to_titulares(run_cli, tmp_path) -> None:
    path = _incident(
        tmp_path,
        _base(
            "  destinations: ['s3://voxinsight-ingest-contactointegral/']\n"
            "  tables:\n    - table: cc_dwh.crm.clientes\n      columns: [correo]\n"
        ),
    )
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    code, out, err = run_cli(
        "breach", str(path), "--out-dir", str(out_dir), "--now", NOW, cwd=EXAMPLE
    )
    assert code == 0, err
    assert "significant (LFPDPPP art. 19): no" in out
    names = sorted(p.name for p in out_dir.iterdir())
    # VoxInsight received data at its destination and its contract has breach_notice
    assert names == [
        "INC-T-1-notificacion-voxinsight.md",
        "INC-T-1-registro.json",
        "INC-T-1-registro.md",
    ]
    register = (out_dir / "INC-T-1-registro.md").read_text(encoding="utf-8")
    assert "no afecta de forma significativa" in register


def test_unknown_data_is_significant_until_listed(run_cli, tmp_path) -> None:
    path = _incident(tmp_path, _base("  destinations: ['s3://somewhere-unknown/']\n"))
    code, out, err = run_cli("breach", str(path), "--now", NOW, cwd=EXAMPLE)
    assert code == 0, err
    assert "significant (LFPDPPP art. 19): yes (decided by tutela)" in out
    assert "warning: no inventory column identified" in out
    code, out, _ = run_cli("breach", str(path), "--now", NOW, "--print", "registro", cwd=EXAMPLE)
    assert "sin datos identificados: no se identificó ninguna columna afectada" in out
