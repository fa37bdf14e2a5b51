"""Write the demo's query histories: several vendors' layouts, 120,000 executions in all.

python scripts/audit_demo_history.py OUT_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from tutela.audit.sample import write_history

PLAN = (
    ("snowflake_query_history.parquet", "snowflake", 60_000, 400),
    ("bigquery_jobs.jsonl", "bigquery", 30_000, 200),
    ("databricks_query_history.csv", "databricks", 20_000, 120),
    ("redshift_sys_query_history.parquet", "redshift", 10_000, 80),
)


def main(out: Path) -> int:
    for name, vendor, executions, shapes in PLAN:
        path = write_history(out / name, vendor, executions=executions, shapes=shapes, seed=11)
        print(f"  {path.name}: {executions:,} executions of {shapes} shapes ({vendor})")  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
