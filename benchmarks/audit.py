"""Audit benchmark: executions/s and shapes/s, history vs distinct statements, local vs Spark.

    python benchmarks/audit.py [--executions 1000000] [--shapes 20000] [--spark-executions N]

The target (issue 16): auditing N executions of S distinct shapes costs about as much as
auditing S statements. Both runs start from an empty results file; the ratio is their wall
time. Memory is the process's peak RSS. Spark runs on local[2] when Java and PySpark exist.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "contact-center"


def _run(paths: list[Path], db: Path, engine: str = "local", jobs: int = 1) -> tuple[float, object]:
    from tutela.audit.entry import run_audit
    from tutela.audit.run import AuditRequest
    from tutela.config import load_config

    config = load_config(EXAMPLE / "tutela.toml")
    start = time.perf_counter()
    summary = run_audit(
        AuditRequest(
            paths=paths,
            config=config,
            inventory_path=EXAMPLE / "inventory.yaml",
            db=db,
            engine=engine,
            jobs=jobs,
        )
    )
    return time.perf_counter() - start, summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--executions", type=int, default=1_000_000)
    parser.add_argument("--shapes", type=int, default=20_000)
    parser.add_argument("--spark-executions", type=int, default=100_000)
    parser.add_argument("--spark-shapes", type=int, default=2_000)
    parser.add_argument("--jobs", type=int, default=1)
    args = parser.parse_args(argv)
    from tutela.audit.sample import write_history

    tmp = Path(tempfile.mkdtemp(prefix="tutela-audit-bench-"))
    try:
        history = write_history(
            tmp / "h.parquet", "snowflake", executions=args.executions, shapes=args.shapes
        )
        # The baseline: every shape exactly once (the same shapes as statements).
        once = write_history(
            tmp / "once.parquet",
            "snowflake",
            executions=args.shapes,
            shapes=args.shapes,
            cover=True,
        )
        t_hist, s_hist = _run([history], tmp / "h.duckdb", jobs=args.jobs)
        t_once, s_once = _run([once], tmp / "o.duckdb", jobs=args.jobs)
        t_again, s_again = _run([history], tmp / "h.duckdb", jobs=args.jobs)
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"audit (local, jobs={args.jobs}):")
        print(
            f"  history: {s_hist.executions:,} executions, {s_hist.shapes:,} shapes, "
            f"{s_hist.units:,} units in {t_hist:.1f} s -> {s_hist.executions / t_hist:,.0f} "
            f"executions/s, {s_hist.shapes / t_hist:,.0f} shapes/s"
        )
        for stage, seconds in s_hist.timings.items():
            print(f"    {stage:<10} {seconds:7.2f} s")
        print(
            f"  statements: {s_once.executions:,} executions of {s_once.shapes:,} shapes "
            f"in {t_once:.1f} s"
        )
        print(f"  ratio history / statements: {t_hist / t_once:.2f}x (target ~1x)")
        print(
            f"  re-run (nothing new to judge): {t_again:.1f} s "
            f"({s_hist.executions / t_again:,.0f} executions/s)"
        )
        for stage, seconds in s_again.timings.items():
            print(f"    {stage:<10} {seconds:7.2f} s")
        print(f"  peak RSS: {rss:,.0f} MiB")
        if shutil.which("java") is None:
            print("  spark: skipped (no Java runtime; make setup-spark)")
            return 0
        try:
            import pyspark  # noqa: F401
        except ImportError:
            print("  spark: skipped (pip install 'tutela[spark]')")
            return 0
        small = write_history(
            tmp / "s.parquet",
            "snowflake",
            executions=args.spark_executions,
            shapes=args.spark_shapes,
        )
        t_local, s_local = _run([small], tmp / "sl.duckdb", jobs=args.jobs)
        t_spark, s_spark = _run([small], tmp / "ss.duckdb", engine="spark")
        print(
            f"  spark local[2] vs local on {s_local.executions:,} executions, "
            f"{s_local.shapes:,} shapes: local {t_local:.1f} s "
            f"({s_local.shapes / t_local:,.0f} shapes/s), spark {t_spark:.1f} s "
            f"({s_spark.shapes / t_spark:,.0f} shapes/s, session start included)"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
