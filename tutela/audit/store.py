"""The audit's results: one embedded DuckDB file, no server (default ``tutela-audit.duckdb``).

Tables (``SCHEMA_VERSION`` in ``meta``)::

    prekeys     (dialect, prekey, norm_version) -> fingerprint    what normalisation decided
    shapes      fingerprint -> dialect, normalised text
    judgements  (fingerprint, purpose, version) -> sample, summary, findings (JSON)
    usage       per source file, shape, purpose, user, role, warehouse and day: executions
    sources     each history file audited (SHA-256 of its bytes), its vendor and counts
    runs        each run: when, the version, units judged and reused, seconds

``version`` is the policy/inventory version (:func:`tutela.audit.judge.version_key`): a run
with other policies or another inventory finds no judgement of that version and judges
every shape again; a run with the same ones judges only shapes it has not seen. ``purpose``
is ``''`` for an unattributed unit. Re-auditing a file (same bytes) replaces its usage rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tutela.errors import InputError

SCHEMA_VERSION = "1"

DDL = (
    "CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    """CREATE TABLE IF NOT EXISTS prekeys (dialect VARCHAR, prekey VARCHAR,
        norm_version VARCHAR, fingerprint VARCHAR, PRIMARY KEY (dialect, prekey, norm_version))""",
    """CREATE TABLE IF NOT EXISTS shapes (fingerprint VARCHAR PRIMARY KEY, dialect VARCHAR,
        normalized VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS judgements (fingerprint VARCHAR, purpose VARCHAR,
        version VARCHAR, sample VARCHAR, summary VARCHAR, findings VARCHAR,
        PRIMARY KEY (fingerprint, purpose, version))""",
    """CREATE TABLE IF NOT EXISTS usage (source VARCHAR, vendor VARCHAR, fingerprint VARCHAR,
        purpose VARCHAR, attributed_by VARCHAR, user_name VARCHAR, role_name VARCHAR,
        warehouse VARCHAR, day DATE, executions BIGINT, first_seen TIMESTAMP,
        last_seen TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS sources (source VARCHAR PRIMARY KEY, path VARCHAR,
        vendor VARCHAR, rows_read BIGINT, executions BIGINT, audited_at TIMESTAMP)""",
    """CREATE TABLE IF NOT EXISTS runs (run_at TIMESTAMP, version VARCHAR, engine VARCHAR,
        executions BIGINT, shapes BIGINT, units BIGINT, judged BIGINT, reused BIGINT,
        seconds DOUBLE)""",
)


def bulk_insert(con: Any, table: str, rows: Sequence[Sequence[Any]], verb: str = "INSERT") -> None:
    """Insert ``rows`` into ``table`` in multi-row statements.

    ``executemany`` runs one statement a row: storing 20,000 shapes took minutes. ``verb``
    may be ``INSERT OR REPLACE`` or ``INSERT OR IGNORE``.
    """
    if not rows:
        return
    width = len(rows[0])
    one = "(" + ", ".join("?" for _ in range(width)) + ")"
    step = max(1, 2000 // width)
    for start in range(0, len(rows), step):
        chunk = rows[start : start + step]
        values = ", ".join(one for _ in chunk)
        con.execute(f"{verb} INTO {table} VALUES {values}", [v for row in chunk for v in row])


def duckdb_module() -> Any:
    """The duckdb module, or a clear error naming the extra to install."""
    try:
        import duckdb
    except ImportError:
        raise InputError(
            "tutela audit needs DuckDB, which is not installed",
            hint="pip install 'tutela[audit]'",
        ) from None
    return duckdb


def connect(path: Path | None) -> Any:
    """Open (or create) the results file; ``None`` opens an in-memory store.

    Raises:
        InputError: the file cannot be opened, or was written by another schema version.
    """
    duckdb = duckdb_module()
    if path is not None and path.is_file() and path.stat().st_size > 0:
        with path.open("rb") as handle:
            head = handle.read(16)
        if head[8:12] != b"DUCK":  # DuckDB's file magic; anything else is the user's data
            raise InputError(
                "cannot open the audit results file: it is not a DuckDB database",
                str(path),
                hint="pass --db a new file name (tutela never writes over other files)",
            )
    try:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(str(path) if path is not None else ":memory:")
    except (OSError, duckdb.Error) as exc:
        raise InputError(
            f"cannot open the audit results file: {exc}",
            str(path),
            hint="check the path and that no other process holds the file open",
        ) from None
    for statement in DDL:
        con.execute(statement)
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        con.execute("INSERT INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])
    elif row[0] != SCHEMA_VERSION:
        con.close()
        raise InputError(
            f"the audit results file has schema version {row[0]}, this tutela writes "
            f"{SCHEMA_VERSION}",
            str(path),
            hint="audit into a new file (--db), or delete this one to start over",
        )
    return con
