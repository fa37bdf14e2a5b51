"""Each vendor's real export layout, in each format, read and attributed as documented."""

from __future__ import annotations

import duckdb
import pytest

from tests.audit.conftest import audit
from tutela.audit.sample import write_history
from tutela.audit.vendors import VENDORS, detect_vendor

# vendor, format, the purpose the example config attributes to the collections team's
# queries (None: the layout carries no role, warehouse or tag that a glob maps)
CASES = [
    ("snowflake", "csv", "cobranza"),  # ROLE_NAME COBRANZA_RW -> role glob
    ("bigquery", "jsonl", "cobranza"),  # reservation_id cc-dwh:US.wh_cobranza -> warehouse glob
    ("redshift", "parquet", "cobranza"),  # service_class_name wh_cobranza -> warehouse glob
    ("databricks", "jsonl", "cobranza"),  # compute.warehouse_id wh_cobranza -> warehouse glob
    ("databricks", "csv", "cobranza"),  # compute as JSON text in a CSV export
    ("postgres", "csv", None),  # pg_stat_statements: user only, no glob for it
]


def _expected_executions(path, vendor: str) -> int:
    reader = {
        "csv": "read_csv",
        "jsonl": "read_json",
        "parquet": "read_parquet",
    }[path.suffix.lstrip(".")]
    con = duckdb.connect()
    con.execute(f"CREATE VIEW rel AS SELECT * FROM {reader}('{path}')")
    if vendor == "postgres":
        return int(con.execute("SELECT sum(calls) FROM rel").fetchone()[0])
    status = {
        "snowflake": "EXECUTION_STATUS <> 'FAIL'",
        "bigquery": "true",
        "redshift": "status <> 'failed'",
        "databricks": "execution_status <> 'FAILED'",
    }[vendor]
    return int(con.execute(f"SELECT count(*) FROM rel WHERE {status}").fetchone()[0])


@pytest.mark.parametrize(("vendor", "fmt", "collections_purpose"), CASES)
def test_vendor_layout(tmp_path, example_config, vendor, fmt, collections_purpose):
    path = write_history(tmp_path / f"{vendor}.{fmt}", vendor, executions=400, shapes=16)
    summary, findings = audit([path], example_config, tmp_path / "a.duckdb")
    assert summary.executions == _expected_executions(path, vendor)
    assert summary.shapes == 16  # the generator's shapes, whatever the literals
    # The analysts' ad-hoc queries on customers' CURP and RFC have no purpose: AUD001.
    adhoc = [f for f in findings if f["sample"].startswith("SELECT curp, rfc")]
    assert adhoc and {f["id"] for f in adhoc} == {"AUD001"}
    assert all(f["purpose"] is None for f in adhoc)
    # The collections team's queries get the purpose the config's globs give them.
    con = duckdb.connect(str(tmp_path / "a.duckdb"))
    purposes = {
        row[0]
        for row in con.execute(
            "SELECT DISTINCT u.purpose FROM usage u JOIN judgements j USING (fingerprint, purpose)"
            " WHERE j.sample LIKE '%cobranza.cartera%'"
        ).fetchall()
    }
    assert purposes == {collections_purpose or ""}
    # Users are counted per finding.
    assert all(f["users"] >= 1 and f["executions"] >= 1 for f in findings)


def test_formats_agree(tmp_path, example_config):
    """The same history as CSV, JSON Lines and Parquet gives the same findings."""
    results = []
    for fmt in ("csv", "jsonl", "parquet"):
        path = write_history(tmp_path / f"h.{fmt}", "snowflake", executions=300, shapes=16)
        _, findings = audit([path], example_config, tmp_path / f"{fmt}.duckdb")
        results.append(
            sorted(
                (f["id"], f["fingerprint"], f["purpose"] or "", f["executions"]) for f in findings
            )
        )
    assert results[0] == results[1] == results[2]
    assert results[0]


def test_detect_vendor_from_generated_columns(tmp_path):
    for vendor in VENDORS:
        path = write_history(tmp_path / f"{vendor}.csv", vendor, executions=20, shapes=4)
        con = duckdb.connect()
        columns = [
            r[0] for r in con.execute(f"DESCRIBE SELECT * FROM read_csv('{path}')").fetchall()
        ]
        assert detect_vendor(columns).name == vendor


def test_bigquery_script_parents_are_not_counted(tmp_path, example_config):
    """A SCRIPT job repeats its children's statements; only the children count."""
    path = tmp_path / "jobs.jsonl"
    path.write_text(
        '{"job_id": "p", "user_email": "a@x.mx", "statement_type": "SCRIPT", "query": '
        '"SELECT curp FROM cc_dwh.crm.clientes; SELECT 1", "start_time": "2026-11-02T10:00:00Z"}\n'
        '{"job_id": "c1", "user_email": "a@x.mx", "statement_type": "SELECT", "query": '
        '"SELECT curp FROM cc_dwh.crm.clientes", "start_time": "2026-11-02T10:00:01Z"}\n',
        encoding="utf-8",
    )
    summary, findings = audit([path], example_config, tmp_path / "a.duckdb")
    assert summary.executions == 1
    assert [f["id"] for f in findings] == ["AUD001"]
    assert findings[0]["first_seen"] == "2026-11-02 10:00:01"
