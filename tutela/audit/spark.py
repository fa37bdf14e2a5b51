"""``tutela audit --engine spark``: the same audit on Apache Spark (PySpark).

For histories one machine cannot hold, or that already live in Spark (Databricks'
``system.query.history``). The per-execution work (read, map columns, pre-key, attribution
join, grouping, usage) runs as Spark SQL; shapes are normalised and judged on the executors
(``mapPartitions``), one tutela engine per executor process (built once from the broadcast
:class:`~tutela.audit.judge.JudgeContext`), after fingerprints are deduplicated. Results
land in the same DuckDB file, so ``tutela report`` and a later local run read them alike;
the findings are identical to a local run's on the same input (a test).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from tutela.audit.attribution import Attribution
from tutela.audit.fingerprint import NORMALIZER_VERSION, prekey_sql, shapes_of
from tutela.audit.judge import JudgeContext, Unit, judge_units
from tutela.audit.run import (
    PRINCIPAL_COLUMNS,
    AuditRequest,
    AuditSummary,
    _sha256,
    attribute_principal,
    file_format,
    record_run,
    store_judgements,
    store_shapes,
)
from tutela.audit.store import bulk_insert, connect
from tutela.audit.vendors import VENDORS, detect_vendor, resolve_columns
from tutela.errors import InputError


def session(master: str) -> Any:
    """A SparkSession on ``master`` (UTC, quiet).

    Raises:
        InputError: PySpark or a Java runtime is missing.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise InputError(
            "--engine spark needs PySpark, which is not installed",
            hint="pip install 'tutela[spark]' (and a Java runtime: make setup-spark)",
        ) from None
    import shutil

    if shutil.which("java") is None:
        raise InputError(
            "--engine spark needs a Java runtime, and `java` is not on the PATH",
            hint="install one from the OS packages (make setup-spark)",
        )
    import os
    import sys

    # Executors run this interpreter, which has tutela installed (not whatever is on PATH).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # a local master stays on loopback
    spark = (
        SparkSession.builder.master(master)
        .config("spark.pyspark.python", sys.executable)
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .appName("tutela-audit")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "8")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _read(spark: Any, path: Path, fmt: str) -> Any:
    if fmt == "csv":
        return (
            spark.read.option("header", True)
            .option("multiLine", True)
            .option("escape", '"')
            .csv(str(path))
        )
    if fmt == "parquet":
        return spark.read.parquet(str(path))
    return spark.read.json(str(path))


def _canonical(df: Any, request: AuditRequest, path: Path, source: str) -> tuple[Any, str]:
    from pyspark.sql import functions as F
    from pyspark.sql.types import ArrayType, MapType, StructType

    types = {f.name: f.dataType for f in df.schema.fields}
    vendor = VENDORS.get(request.vendor or "") or detect_vendor(list(types))
    if vendor is None:
        raise InputError(
            "cannot tell which warehouse wrote this history from its columns",
            str(path),
            hint=f"pass --vendor ({', '.join(VENDORS)})",
        )
    mapped = resolve_columns(vendor, list(types))
    if mapped.get("query_text") is None:
        raise InputError(f"the export has no query_text column for {vendor.title}", str(path))

    def text(name: str) -> Any:
        column = mapped.get(name)
        if column is None:
            return F.lit(None).cast("string")
        if isinstance(types[column], (StructType, ArrayType, MapType)):
            return F.to_json(F.col(f"`{column}`"))
        return F.col(f"`{column}`").cast("string")

    dialect = str(request.config.audit.get("dialects", {}).get(vendor.name, vendor.dialect))
    start = text("start_time")
    out = df.select(
        F.lit(source).alias("source"),
        F.lit(vendor.name).alias("vendor"),
        F.lit(dialect).alias("dialect"),
        text("query_text").alias("query_text"),
        text("user").alias("user_name"),
        text("user_type").alias("user_type"),
        text("role").alias("role_name"),
        text("warehouse").alias("warehouse"),
        text("query_tag").alias("query_tag"),
        text("application").alias("application"),
        F.coalesce(F.try_to_timestamp(start), F.expr("try_cast(NULL AS timestamp)")).alias(
            "start_time"
        ),
        F.coalesce(text("executions").try_cast("bigint"), F.lit(1)).alias("executions"),
        text("status").alias("_status"),
        text("statement_type").alias("_stype"),
    )
    out = out.where(F.col("query_text").isNotNull() & (F.trim(F.col("query_text")) != ""))
    if vendor.failed and mapped.get("status"):
        out = out.where(~F.upper(F.coalesce(F.col("_status"), F.lit(""))).isin(*vendor.failed))
    if vendor.skip_statement_types and mapped.get("statement_type"):
        skip = vendor.skip_statement_types
        out = out.where(~F.upper(F.coalesce(F.col("_stype"), F.lit(""))).isin(*skip))
    pragma = F.regexp_extract(
        F.col("query_text"), r"tutela\s*:[^\n]*purpose\s*=\s*([A-Za-z0-9_.@/:-]+)", 1
    )
    out = out.drop("_status", "_stype").withColumn(
        "pragma", F.when(pragma == "", None).otherwise(pragma)
    )
    return out, vendor.name


def run_spark(
    request: AuditRequest,
    ctx: JudgeContext,
    attribution: Attribution,
    summary: AuditSummary,
    started: float,
) -> AuditSummary:
    """Run the audit on Spark and store the results in the DuckDB file."""
    from pyspark.sql import functions as F

    spark = session(request.master)
    frames = []
    sources = []
    for path in request.paths:
        if not path.is_file():
            raise InputError("no such history file", str(path), hint="check the path")
        source = _sha256(path)
        df = _read(spark, path, file_format(path, request.fmt))
        frame, vendor = _canonical(df, request, path, source)
        frames.append(frame)
        sources.append((source, str(path), vendor, int(df.count())))
    execs = frames[0]
    for frame in frames[1:]:
        execs = execs.unionByName(frame)
    summary.rows = sum(s[3] for s in sources)
    summary.sources = [s[0] for s in sources]
    key = F.md5(
        F.concat_ws("\u241f", *[F.coalesce(F.col(c), F.lit("\u2400")) for c in PRINCIPAL_COLUMNS])
    )
    execs = execs.withColumn("prekey", F.expr(prekey_sql("query_text", engine="spark")))
    execs = execs.withColumn("pkey", key).cache()

    principals = execs.select("pkey", *PRINCIPAL_COLUMNS).distinct().collect()
    attributed = [(r[0], *attribute_principal(attribution, list(r[1:]))) for r in principals]
    pframe = spark.createDataFrame(
        attributed, "pkey string, purpose string, attributed_by string, warehouse_name string"
    )

    con = connect(request.db)
    try:
        known = {
            (d, p): fp
            for d, p, fp in con.execute(
                "SELECT dialect, prekey, fingerprint FROM prekeys WHERE norm_version = ?",
                [NORMALIZER_VERSION],
            ).fetchall()
        }
        groups = execs.groupBy("dialect", "prekey").agg(F.min("query_text").alias("text"))
        fresh = groups.rdd.filter(lambda r: (r[0], r[1]) not in known).mapPartitions(
            lambda rows: iter(shapes_of([tuple(r) for r in rows]))
        )
        shaped = fresh.collect()
        summary.normalised = len(shaped)
        store_shapes(con, shaped)
        mapping = [(d, p, fp) for (d, p), fp in known.items()] + [
            (d, p, fp) for d, p, fp, _ in shaped
        ]
        mframe = spark.createDataFrame(mapping, "dialect string, prekey string, fingerprint string")
        joined = (
            execs.join(F.broadcast(mframe), ["dialect", "prekey"])
            .join(F.broadcast(pframe), "pkey")
            .cache()
        )
        judged = {
            (fp, p)
            for fp, p in con.execute(
                "SELECT fingerprint, purpose FROM judgements WHERE version = ?", [ctx.version]
            ).fetchall()
        }
        units_df = joined.groupBy("fingerprint", "purpose").agg(
            F.first("dialect").alias("dialect"), F.min("query_text").alias("sample")
        )
        all_units = units_df.collect()
        summary.units = len(all_units)
        summary.shapes = len({r[0] for r in all_units})
        todo = sorted((r[0], r[1], r[2], r[3]) for r in all_units if (r[0], r[1]) not in judged)
        summary.judged = len(todo)
        summary.reused = summary.units - summary.judged
        if todo:
            context = spark.sparkContext.broadcast(ctx)

            def judge(rows: Iterator[Any]) -> Iterator[dict[str, Any]]:
                # judge_units builds one engine per executor process and caches it there.
                units = [Unit(r[0], r[1] or None, r[2], r[3]) for r in rows]
                if units:
                    yield from judge_units(context.value, units)

            parallel = max(2, spark.sparkContext.defaultParallelism)
            results = spark.sparkContext.parallelize(todo, parallel).mapPartitions(judge).collect()
            by_key = {(r["fingerprint"], r["purpose"] or ""): r for r in results}
            units = [Unit(fp, p or None, d, s) for fp, p, d, s in todo]
            store_judgements(
                con, ctx.version, units, [by_key[(u.fingerprint, u.purpose or "")] for u in units]
            )
        usage = (
            joined.withColumn("day", F.to_date("start_time"))
            .groupBy(
                "source",
                "vendor",
                "fingerprint",
                "purpose",
                "attributed_by",
                "user_name",
                "role_name",
                "warehouse_name",
                "day",
            )
            .agg(
                F.sum("executions").alias("executions"),
                F.min("start_time").alias("first_seen"),
                F.max("start_time").alias("last_seen"),
            )
            .collect()
        )
        totals = {s[0]: 0 for s in sources}
        for row in usage:
            totals[row[0]] += int(row[9])
        summary.executions = sum(totals.values())
        for source, file, vendor, rows_read in sources:
            con.execute("DELETE FROM usage WHERE source = ?", [source])
            con.execute("DELETE FROM sources WHERE source = ?", [source])
            con.execute(
                "INSERT INTO sources VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP)",
                [source, Path(file).name, vendor, rows_read, totals[source]],
            )
        if usage:
            bulk_insert(con, "usage", [tuple(r) for r in usage])
        summary.seconds = time.perf_counter() - started
        record_run(con, summary, "spark")
    finally:
        con.close()
        execs.unpersist()
    return summary
