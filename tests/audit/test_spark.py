"""``--engine spark --master local[2]`` gives the local run's findings on the same input."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

from tests.audit.conftest import audit
from tutela.audit.sample import write_history

pytestmark = [
    pytest.mark.skipif(
        shutil.which("java") is None, reason="no Java runtime (make setup-spark installs one)"
    ),
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None,
        reason="PySpark is not installed (pip install 'tutela[spark]')",
    ),
    pytest.mark.slow,
]


def _key(findings):
    return sorted(
        (
            f["id"],
            f["fingerprint"],
            f["purpose"] or "",
            f["executions"],
            f["users"],
            f["first_seen"],
            f["last_seen"],
            f["msg"],
        )
        for f in findings
    )


def test_spark_equals_local(tmp_path, example_config):
    histories = [
        write_history(tmp_path / "sf.csv", "snowflake", executions=300, shapes=16, seed=5),
        write_history(tmp_path / "dbx.jsonl", "databricks", executions=200, shapes=8, seed=6),
        write_history(tmp_path / "pg.parquet", "postgres", executions=200, shapes=8, seed=7),
    ]
    local, local_findings = audit(histories, example_config, tmp_path / "local.duckdb")
    spark, spark_findings = audit(
        histories, example_config, tmp_path / "spark.duckdb", engine="spark", master="local[2]"
    )
    assert (spark.executions, spark.shapes, spark.units) == (
        local.executions,
        local.shapes,
        local.units,
    )
    assert spark.version == local.version
    assert _key(spark_findings) == _key(local_findings)
    assert spark_findings
