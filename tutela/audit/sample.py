"""Synthetic query histories in each warehouse's real export layout (tests, demo, bench).

:func:`write_history` writes ``executions`` rows of ``shapes`` distinct query shapes over
the example contact center's tables (examples/contact-center), run by a handful of teams,
services and analysts, as one vendor's export. Rows are generated inside DuckDB, so a
million rows take seconds. The values are made up; the column names are the vendor's
(docs/audit.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tutela.audit.store import duckdb_module

# (template, principal group). {a}: a number that makes the shape distinct (an alias);
# {v}: a value (a literal, or a parameter for pg_stat_statements).
TEMPLATES: tuple[tuple[str, str], ...] = (
    (
        "SELECT nombre, telefono AS tel_{a} FROM cc_dwh.cobranza.cartera WHERE id_deudor = {v}",
        "cobranza",
    ),
    (
        "SELECT id_credito, saldo_vencido AS saldo_{a} FROM cc_dwh.marts.cobranza_worklist "
        "WHERE dias_mora > {v}",
        "cobranza",
    ),
    (
        "SELECT nombre, telefono AS tel_{a} FROM cc_dwh.marts.audiencia_campania "
        "WHERE campania = {s} AND acepta_publicidad",
        "marketing",
    ),
    (
        "SELECT cola, COUNT(*) AS n_{a} FROM cc_dwh.operacion.metricas_intervalo "
        "WHERE llamadas_recibidas > {v} GROUP BY cola",
        "bi",
    ),
    ("SELECT curp, rfc AS rfc_{a} FROM cc_dwh.crm.clientes WHERE id_cliente = {v}", "analyst"),
    (
        "SELECT diagnostico AS dx_{a}, dias_autorizados FROM cc_dwh.rh.incapacidades "
        "WHERE num_empleado = {v}",
        "analyst",
    ),
    (
        "SELECT salario_base AS sb_{a}, percepciones FROM cc_dwh.rh.nomina WHERE periodo = {s}",
        "nomina",
    ),
    (
        "SELECT id_cliente, texto AS tx_{a} FROM cc_dwh.calidad.transcripciones "
        "WHERE fecha_llamada > {s}",
        "calidad",
    ),
)

# Exports out of the warehouse, per dialect (their literals are destinations, so they carry
# no {v}: each {a} is one shape). One goes to a declared recipient, one nowhere declared.
EGRESS: dict[str, tuple[tuple[str, str], ...]] = {
    "snowflake": (
        (
            "COPY INTO @cc_dwh.cobranza.stage_bpo/lote_{a}/ FROM (SELECT id_credito, nombre, "
            "telefono FROM cc_dwh.marts.cobranza_worklist)",
            "cobranza",
        ),
        (
            "COPY INTO 's3://respaldo-analistas/clientes_{a}/' FROM (SELECT curp, nombre "
            "FROM cc_dwh.crm.clientes)",
            "analyst",
        ),
    ),
    "bigquery": (
        (
            "EXPORT DATA OPTIONS (uri = 'gs://alianza-digital-audiencias/aud_{a}/*.csv', "
            "format = 'CSV') AS SELECT nombre, telefono FROM cc_dwh.marts.audiencia_campania "
            "WHERE acepta_publicidad",
            "marketing",
        ),
    ),
    "redshift": (
        (
            "UNLOAD ('SELECT id_credito, dias_mora FROM cc_dwh.cobranza.cartera') "
            "TO 's3://banco-bajio-cobranza/resultados/r_{a}_' "
            "IAM_ROLE 'arn:aws:iam::123456789012:role/unload'",
            "cobranza",
        ),
    ),
}

# group -> [(user, user_type, role, warehouse, query_tag, application)]
PRINCIPALS: dict[
    str, list[tuple[str, str | None, str | None, str | None, str | None, str | None]]
] = {
    "cobranza": [
        (f"AGENTE_COB_{k:02d}", "PERSON", "COBRANZA_RW", "WH_COBRANZA", None, None)
        for k in range(1, 9)
    ],
    "marketing": [("SVC_CAMPANIAS", "SERVICE", "MKT_LOADER", "WH_MKT", "team=mercadotecnia", None)],
    "bi": [("TABLEAU_SVC", "SERVICE", "BI_READER", "WH_BI", None, "Tableau Desktop 2026.1")],
    "analyst": [
        (f"ANALISTA_{k:02d}", "PERSON", "ANALYST", "WH_ADHOC", None, None) for k in range(1, 6)
    ],
    "nomina": [("NOMINA_BATCH", "SERVICE", "RH_NOMINA", "WH_RH", "job=nomina_quincenal", None)],
    "calidad": [("QA_LEAD_01", "PERSON", "CALIDAD_RO", "WH_CALIDAD", None, None)],
}

VENDOR_NAMES = ("snowflake", "bigquery", "redshift", "databricks", "postgres")


def _sql(value: str | None) -> str:
    return "NULL" if value is None else "'" + value.replace("'", "''") + "'"


def _base(
    con: Any, executions: int, shapes: int, vendor: str, seed: int, cover: bool = False
) -> None:
    """Create the temp table ``gen``: one row per execution, canonical columns."""
    pg = vendor == "postgres"
    rows = []
    templates = TEMPLATES + EGRESS.get(vendor, ())
    for tid, (text, group) in enumerate(templates):
        rows.append(f"({tid}, {_sql(text)}, {_sql(group)})")
    con.execute("CREATE OR REPLACE TEMP TABLE tpl (tid INT, text VARCHAR, grp VARCHAR)")
    con.execute(f"INSERT INTO tpl VALUES {', '.join(rows)}")
    prin = []
    for group, members in PRINCIPALS.items():
        for k, (user, utype, role, wh, tag, app) in enumerate(members):
            prin.append(
                f"({_sql(group)}, {k}, {_sql(user)}, {_sql(utype)}, {_sql(role)}, {_sql(wh)}, "
                f"{_sql(tag)}, {_sql(app)})"
            )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE prin (grp VARCHAR, k INT, user_name VARCHAR,
        user_type VARCHAR, role_name VARCHAR, warehouse VARCHAR, query_tag VARCHAR,
        application VARCHAR)"""
    )
    con.execute(f"INSERT INTO prin VALUES {', '.join(prin)}")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE sizes AS SELECT grp, count(*) AS n FROM prin GROUP BY grp"
    )
    ntpl = len(templates)
    value = "'$1'" if pg else f"CAST(((p.i * 31 + {seed}) % 100000) AS VARCHAR)"
    svalue = "'$2'" if pg else f"'''v' || CAST(((p.i * 17 + {seed}) % 5000) AS VARCHAR) || ''''"
    seconds = f"CAST((hash(p.i * 7 + {seed}) % 2419200) AS BIGINT)"  # four weeks
    # Each shape is a template with a distinct alias number; each execution picks a shape
    # (in turn with ``cover``, so every shape runs; else at random).
    pick = f"(r.i % {shapes})" if cover else f"(hash(r.i + {seed}) % {shapes})"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE gen AS
        WITH pick AS (
            SELECT r.i, {pick} AS sid FROM range({executions}) r(i)
        )
        SELECT p.i AS i, p.sid AS sid, t.grp AS grp,
            replace(replace(replace(t.text, '{{a}}', CAST(p.sid // {ntpl} AS VARCHAR)),
                '{{v}}', {value}), '{{s}}', {svalue}) AS query_text,
            TIMESTAMP '2026-11-01 06:00:00' + to_seconds({seconds}) AS start_time
        FROM pick p JOIN tpl t ON t.tid = p.sid % {ntpl}"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE gen2 AS
        SELECT g.*, q.user_name, q.user_type, q.role_name, q.warehouse, q.query_tag,
            q.application
        FROM gen g JOIN sizes s ON s.grp = g.grp
        JOIN prin q ON q.grp = g.grp AND q.k = CAST(g.i % s.n AS INT)"""
    )


_LAYOUT = {
    "snowflake": """SELECT
        '01b' || lpad(CAST(i AS VARCHAR), 12, '0') AS QUERY_ID, query_text AS QUERY_TEXT,
        'CC_DWH' AS DATABASE_NAME, 'PUBLIC' AS SCHEMA_NAME, 'SELECT' AS QUERY_TYPE,
        i // 10 AS SESSION_ID, user_name AS USER_NAME, user_type AS USER_TYPE,
        role_name AS ROLE_NAME, 'ROLE' AS ROLE_TYPE, warehouse AS WAREHOUSE_NAME,
        'X-SMALL' AS WAREHOUSE_SIZE, coalesce(query_tag, '') AS QUERY_TAG,
        CASE WHEN i % 97 = 0 THEN 'FAIL' ELSE 'SUCCESS' END AS EXECUTION_STATUS,
        start_time AS START_TIME, start_time + INTERVAL 2 SECOND AS END_TIME,
        2000 AS TOTAL_ELAPSED_TIME, 10 AS ROWS_PRODUCED
        FROM gen2 ORDER BY i""",
    "bigquery": """SELECT
        'bquxjob_' || CAST(i AS VARCHAR) AS job_id, start_time AS creation_time,
        'cc-dwh' AS project_id, 'cc-dwh' AS project_number,
        CASE WHEN user_type = 'SERVICE' THEN lower(user_name) || '@cc-dwh.iam.gserviceaccount.com'
             ELSE lower(user_name) || '@contactointegral.example' END AS user_email,
        'QUERY' AS job_type, 'SELECT' AS statement_type, 'INTERACTIVE' AS priority,
        start_time AS start_time, start_time + INTERVAL 2 SECOND AS end_time,
        query_text AS query, 'DONE' AS state,
        CASE WHEN warehouse IS NULL THEN NULL ELSE 'cc-dwh:US.' || lower(warehouse) END
            AS reservation_id,
        1048576 AS total_bytes_processed,
        {labels} AS labels
        FROM gen2 ORDER BY i""",
    "redshift": """SELECT
        100 + hash(user_name) % 50 AS user_id, i AS query_id, i // 3 AS transaction_id,
        i // 10 AS session_id, 'cc_dwh' AS database_name, 'SELECT' AS query_type,
        CASE WHEN i % 97 = 0 THEN 'failed' ELSE 'success' END AS status,
        false AS result_cache_hit, start_time AS start_time,
        start_time + INTERVAL 2 SECOND AS end_time, 2000000 AS elapsed_time,
        query_text AS query_text, coalesce(query_tag, 'default') AS query_label,
        lower(coalesce(warehouse, 'default')) AS service_class_name,
        lower(user_name) AS user_name
        FROM gen2 ORDER BY i""",
    "databricks": """SELECT
        '1234567890' AS account_id, '987654321' AS workspace_id,
        'stmt-' || CAST(i AS VARCHAR) AS statement_id,
        CASE WHEN user_type = 'SERVICE'
             THEN substr(md5(user_name), 1, 8) || '-aaaa-bbbb-cccc-'
                  || substr(md5(user_name), 9, 12)
             ELSE lower(user_name) || '@contactointegral.example' END AS executed_by,
        'sess-' || CAST(i // 10 AS VARCHAR) AS session_id,
        CASE WHEN i % 97 = 0 THEN 'FAILED' ELSE 'FINISHED' END AS execution_status,
        {compute} AS compute,
        query_text AS statement_text, 'SELECT' AS statement_type,
        coalesce(application, 'Databricks SQL Editor') AS client_application,
        2000 AS total_duration_ms, start_time AS start_time,
        start_time + INTERVAL 2 SECOND AS end_time
        FROM gen2 ORDER BY i""",
    "postgres": """SELECT
        16384 + (hash(user_name) % 50) AS userid, lower(user_name) AS rolname, 16400 AS dbid,
        true AS toplevel, hash(query_text) % 9223372036854775807 AS queryid, query_text AS query,
        count(*) AS calls, count(*) * 1.5 AS total_exec_time, count(*) * 10 AS rows,
        TIMESTAMP '2026-11-01 00:00:00' AS stats_since
        FROM gen2 GROUP BY user_name, query_text ORDER BY queryid, rolname""",
}


def write_history(
    path: Path,
    vendor: str,
    *,
    executions: int = 1000,
    shapes: int = 40,
    seed: int = 0,
    cover: bool = False,
) -> Path:
    """Write a synthetic history in ``vendor``'s layout; the format from the suffix.

    ``cover``: executions take the shapes in turn, so ``executions == shapes`` runs each
    shape exactly once (the benchmark's baseline: as many statements as shapes).

    Example:
        >>> import tempfile, duckdb
        >>> out = Path(tempfile.mkdtemp()) / "h.csv"
        >>> _ = write_history(out, "snowflake", executions=50, shapes=8)
        >>> duckdb.connect().execute(f"SELECT count(*) FROM read_csv('{out}')").fetchone()[0]
        50
    """
    duckdb = duckdb_module()
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        _base(con, executions, max(1, shapes), vendor, seed, cover)
        suffix = path.suffix.lower()
        fmt = {".csv": "csv", ".parquet": "parquet"}.get(suffix, "json")
        nested = fmt != "csv"
        labels = (
            "CASE WHEN query_tag IS NULL THEN [] ELSE [{'key': split_part(query_tag, '=', 1), "
            "'value': split_part(query_tag, '=', 2)}] END"
        )
        compute = "{'type': 'WAREHOUSE', 'warehouse_id': lower(warehouse), 'cluster_id': NULL}"
        select = _LAYOUT[vendor].format(
            labels=labels if nested else f"CAST(to_json({labels}) AS VARCHAR)",
            compute=compute if nested else f"CAST(to_json({compute}) AS VARCHAR)",
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        options = {"csv": "FORMAT csv, HEADER", "parquet": "FORMAT parquet", "json": "FORMAT json"}
        target = "'" + str(path).replace("'", "''") + "'"
        con.execute(f"COPY ({select}) TO {target} ({options[fmt]})")
    finally:
        con.close()
    return path
