"""Results are kept by shape and version: a nightly run judges only new shapes."""

from __future__ import annotations

import shutil

import duckdb

from tests.audit.conftest import EXAMPLE, audit
from tutela.audit.fingerprint import normalize, shape_of
from tutela.audit.sample import write_history


def test_second_run_judges_only_new_shapes(tmp_path, example_config):
    db = tmp_path / "a.duckdb"
    first = write_history(tmp_path / "d1.csv", "snowflake", executions=300, shapes=16, seed=1)
    s1, f1 = audit([first], example_config, db)
    assert s1.judged == s1.units > 0 and s1.reused == 0
    # The same file again: nothing judged, nothing normalised, same findings, no double count.
    s2, f2 = audit([first], example_config, db)
    assert (s2.judged, s2.normalised, s2.reused) == (0, 0, s1.units)
    assert f2 == f1
    # The next night's export: more shapes; only the new ones are judged.
    second = write_history(tmp_path / "d2.csv", "snowflake", executions=300, shapes=24, seed=2)
    s3, _ = audit([second], example_config, db)
    assert 0 < s3.judged < s3.units
    assert s3.reused == s3.units - s3.judged


def test_inventory_or_policy_change_rejudges_everything(tmp_path, example_config):
    db = tmp_path / "a.duckdb"
    history = write_history(tmp_path / "h.csv", "snowflake", executions=200, shapes=16)
    s1, _ = audit([history], example_config, db)
    inventory = tmp_path / "inventory.yaml"
    shutil.copy(EXAMPLE / "inventory.yaml", inventory)
    with inventory.open("a", encoding="utf-8") as handle:
        handle.write("\n# a reviewed comment changes the inventory's bytes\n")
    s2, _ = audit([history], example_config, db, inventory=inventory)
    assert s2.version != s1.version
    assert s2.judged == s2.units == s1.units
    policies = tmp_path / "policies" / "extra"
    policies.mkdir(parents=True)
    (policies / "noop.rego").write_text("package tutela.extra\n\ndeny := set()\n", encoding="utf-8")
    s3, _ = audit([history], example_config, db, policy_dirs=[tmp_path / "policies"])
    assert s3.version not in {s1.version, s2.version}
    assert s3.judged == s3.units
    con = duckdb.connect(str(db))
    versions = con.execute("SELECT count(DISTINCT version) FROM judgements").fetchone()[0]
    assert versions == 3


def test_fingerprint_ignores_values_not_structure():
    a = shape_of("SELECT nombre FROM t WHERE id = 1 AND x IN (1, 2, 3)", "snowflake")
    b = shape_of("select  NOMBRE from t where id = 99 and x in (4) -- hi", "snowflake")
    c = shape_of("SELECT nombre, rfc FROM t WHERE id = 1 AND x IN (1)", "snowflake")
    assert a == b != c
    assert shape_of("SELECT a FROM t", "snowflake") != shape_of("SELECT a FROM t", "bigquery")
    assert normalize("INSERT INTO t (a, b) VALUES (1, 'x'), (2, 'y')", "snowflake") == (
        "INSERT INTO t (a, b) VALUES (?, ?)"
    )
    assert normalize("SELECT a FROM t WHERE id = $1", "postgres") == normalize(
        "SELECT a FROM t WHERE id = 7", "postgres"
    )
    assert normalize("SELEC broken FROM", "snowflake").startswith("unparsed: ")


def test_export_destinations_and_unload_queries_are_never_merged(tmp_path, example_config):
    """Their literals are where the data goes, or the query that runs: not values."""
    a = shape_of("COPY INTO 's3://a/x/' FROM (SELECT curp FROM t)", "snowflake")
    b = shape_of("COPY INTO 's3://b/x/' FROM (SELECT curp FROM t)", "snowflake")
    c = shape_of("UNLOAD ('SELECT curp FROM t') TO 's3://a/'", "redshift")
    d = shape_of("UNLOAD ('SELECT rfc FROM t') TO 's3://a/'", "redshift")
    assert len({a, b, c, d}) == 4
    assert (
        shape_of("-- nightly\nCOPY INTO 's3://a/x/'  FROM (SELECT curp FROM t)", "snowflake")[1]
        == "verbatim: -- nightly COPY INTO 's3://a/x/' FROM (SELECT curp FROM t)"
    )
    history = write_history(tmp_path / "h.csv", "snowflake", executions=400, shapes=20)
    _, findings = audit([history], example_config, tmp_path / "a.duckdb")
    targets = {f["sample"].split("'")[1] for f in findings if f["sample"].startswith("COPY INTO '")}
    assert targets == {"s3://respaldo-analistas/clientes_0/", "s3://respaldo-analistas/clientes_1/"}


def test_worker_processes_judge_like_one_process(tmp_path, example_config):
    history = write_history(tmp_path / "h.csv", "snowflake", executions=200, shapes=16)
    _, serial = audit([history], example_config, tmp_path / "one.duckdb", jobs=1)
    summary, parallel = audit([history], example_config, tmp_path / "two.duckdb", jobs=2)
    assert summary.judged == 16
    assert parallel == serial
