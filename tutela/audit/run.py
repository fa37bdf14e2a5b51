"""``tutela audit``: judge what the warehouse really executed, by shape, incrementally.

The per-execution path is vectorised in DuckDB (read, map columns, pre-key, group); Python
runs once per distinct principal (attribution), once per new pre-key (sqlglot
normalisation) and once per new unit (the lint path: facts, engine). See docs/audit.md.

Stages::

    read        each export -> canonical rows (tutela.audit.vendors), failed runs dropped
    attribute   distinct (user, role, warehouse, tag, application) -> purpose (globs)
    normalise   new pre-keys -> fingerprint (tutela.audit.fingerprint)
    judge       new (fingerprint, purpose) units -> findings, stored under the version
    usage       executions per shape, purpose, user, role, warehouse and day, per source
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tutela.audit.attribution import Attribution, tag_text, warehouse_text
from tutela.audit.fingerprint import NORMALIZER_VERSION, prekey_sql, shapes_of
from tutela.audit.judge import JudgeContext, Unit, adopt_engine, canonical_json, judge_units
from tutela.audit.judge import version_key as _version_key
from tutela.audit.store import bulk_insert, connect
from tutela.audit.vendors import VENDORS, Vendor, detect_vendor, resolve_columns
from tutela.config import Config
from tutela.errors import EngineError, InputError

FORMATS = ("csv", "jsonl", "parquet")
JUDGE_BATCH = 200
DEFAULT_DB = "tutela-audit.duckdb"

Progress = Callable[[str, int, int], None]
"""``progress(stage, done, total)``: called as a stage advances (the CLI draws a bar)."""


@dataclass
class AuditRequest:
    """What to audit and how (the CLI fills it from flags and configuration)."""

    paths: Sequence[Path]
    config: Config
    inventory_path: Path
    db: Path | None = None  # None: in memory (nothing kept)
    vendor: str | None = None  # None: detected from the columns
    fmt: str | None = None  # None: from the file suffix
    engine: str = "local"  # local | spark
    master: str = "local[2]"
    jobs: int = 1
    policy_dirs: Sequence[Path] = ()
    today: date = field(default_factory=date.today)
    progress: Progress | None = None


@dataclass
class AuditSummary:
    """Counts of one run (printed at the end; also in ``runs``)."""

    executions: int = 0
    rows: int = 0
    shapes: int = 0
    units: int = 0
    judged: int = 0
    reused: int = 0
    normalised: int = 0
    seconds: float = 0.0
    version: str = ""
    sources: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def file_format(path: Path, fmt: str | None) -> str:
    """The export's format: ``fmt``, else from the suffix.

    Example:
        >>> file_format(Path("h.ndjson"), None), file_format(Path("h.csv.gz"), None)
        ('jsonl', 'csv')

    Raises:
        InputError: the suffix names no known format.
    """
    if fmt:
        return fmt
    suffixes = [s.lower() for s in path.suffixes if s.lower() not in {".gz", ".zst"}]
    last = suffixes[-1] if suffixes else ""
    for name, found in ((".csv", "csv"), (".parquet", "parquet"), (".pq", "parquet")):
        if last == name:
            return found
    if last in {".jsonl", ".ndjson", ".json"}:
        return "jsonl"
    raise InputError(
        f"cannot tell the format of {path.name!r} from its name",
        str(path),
        hint=f"name it .csv, .jsonl or .parquet, or pass --input-format ({', '.join(FORMATS)})",
    )


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _reader(path: Path, fmt: str) -> str:
    name = _sql_string(str(path))
    if fmt == "csv":
        return f"read_csv({name}, header = true, all_varchar = true)"
    if fmt == "parquet":
        return f"read_parquet({name})"
    return f"read_json({name}, format = 'newline_delimited')"


def _as_text(column: str, column_type: str) -> str:
    quoted = '"' + column.replace('"', '""') + '"'
    nested = column_type.upper().startswith(("STRUCT", "MAP", "UNION")) or column_type.endswith("]")
    if nested:
        return f"CAST(to_json({quoted}) AS VARCHAR)"
    return f"CAST({quoted} AS VARCHAR)"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def canonical_select(
    columns: dict[str, str], vendor: Vendor, dialect: str, source: str, reader: str
) -> str:
    """The DuckDB query mapping one export to canonical rows (one row per execution set)."""
    mapped = resolve_columns(vendor, list(columns))
    for required in vendor.required:
        if mapped.get(required) is None:
            raise InputError(
                f"the export has no {required} column for the {vendor.title} layout "
                f"(expected one of: {', '.join(vendor.columns[required])})",
                hint="export the vendor's columns unchanged (docs/audit.md lists them), or "
                "pass --vendor for another layout",
            )

    def text(name: str) -> str:
        column = mapped.get(name)
        return _as_text(column, columns[column]) if column else "CAST(NULL AS VARCHAR)"

    start = mapped.get("start_time")
    start_sql = "CAST(NULL AS TIMESTAMP)"
    if start:
        raw = text("start_time")
        start_sql = (
            f"coalesce(CAST(TRY_CAST({raw} AS TIMESTAMPTZ) AS TIMESTAMP), "
            f"TRY_CAST({raw} AS TIMESTAMP))"
        )
    runs = f"coalesce(TRY_CAST({text('executions')} AS BIGINT), 1)"
    where = [f"{text('query_text')} IS NOT NULL", f"trim({text('query_text')}) <> ''"]
    if vendor.failed and mapped.get("status"):
        failed = ", ".join(_sql_string(s) for s in sorted(vendor.failed))
        where.append(f"coalesce(upper({text('status')}), '') NOT IN ({failed})")
    if vendor.skip_statement_types and mapped.get("statement_type"):
        skip = ", ".join(_sql_string(s) for s in sorted(vendor.skip_statement_types))
        where.append(f"coalesce(upper({text('statement_type')}), '') NOT IN ({skip})")
    query = text("query_text")
    pragma = (
        f"nullif(regexp_extract({query}, "
        r"'tutela\s*:[^\n]*purpose\s*=\s*([A-Za-z0-9_.@/:-]+)', 1), '')"
    )
    fields = {
        "source": _sql_string(source),
        "vendor": _sql_string(vendor.name),
        "dialect": _sql_string(dialect),
        "query_text": query,
        "user_name": text("user"),
        "user_type": text("user_type"),
        "role_name": text("role"),
        "warehouse": text("warehouse"),
        "query_tag": text("query_tag"),
        "application": text("application"),
        "start_time": start_sql,
        "executions": runs,
        "pragma": pragma,
    }
    select = ", ".join(f"{expr} AS {name}" for name, expr in fields.items())
    return f"SELECT {select} FROM {reader} WHERE {' AND '.join(where)}"


PRINCIPAL_COLUMNS = (
    "vendor",
    "user_name",
    "user_type",
    "role_name",
    "warehouse",
    "query_tag",
    "application",
    "pragma",
)


def principal_key_sql() -> str:
    """One hash per distinct principal combination (equal on DuckDB and Spark)."""
    parts = ", ".join(f"coalesce({c}, '\u2400')" for c in PRINCIPAL_COLUMNS)
    return f"md5(concat_ws('\u241f', {parts}))"


def attribute_principal(
    attribution: Attribution, row: Sequence[str | None]
) -> tuple[str, str, str | None]:
    """(purpose or '', attributed_by, warehouse) for one distinct principal row."""
    vendor_name, user, user_type, role, warehouse, tag, app, pragma = row
    if pragma:
        return pragma, "pragma", warehouse_text(warehouse)
    vendor = VENDORS[str(vendor_name)]
    wh = warehouse_text(warehouse)
    values = {
        "query_tag": tag_text(tag),
        "application": app,
        "service_account": user if vendor.is_service(user, user_type) else None,
        "user": user,
        "role": role,
        "warehouse": wh,
    }
    purpose, by = attribution.attribute(values)
    return purpose or "", by or "", wh


def policy_version(ctx_parts: Sequence[str]) -> str:
    """See :func:`tutela.audit.judge.version_key`."""
    return _version_key(ctx_parts)


def build_context(request: AuditRequest) -> tuple[JudgeContext, Any, Any]:
    """(judge context, inventory, engine) for a run; the engine is built here, once.

    Raises:
        TutelaError: the inventory, configuration or a policy is invalid (exit 2).
    """
    import sqlglot

    from tutela import __version__
    from tutela.engine import make_engine
    from tutela.engine.base import engine_data, load_policies, user_data
    from tutela.inventory import load_inventory
    from tutela.lint import LintRequest, _code_fingerprint, _shares, policy_config, rule_index
    from tutela.sql import FACTS_VERSION

    config = request.config
    inventory = load_inventory(request.inventory_path)
    lint_request = LintRequest(
        paths=(), config=config, inventory_path=request.inventory_path, use_cache=False
    )
    shares, share_errors = _shares(lint_request, inventory)
    if share_errors:
        first = share_errors[0]
        raise InputError(f"a sharing manifest is invalid: {first.message}", first.file)
    data = engine_data(
        inventory=inventory.to_data(),
        config=policy_config(config, request.today, shares),
        user=user_data(config.data_files),
    )
    policies = load_policies(list(request.policy_dirs))
    index = rule_index(config, request.policy_dirs)
    engine = make_engine("embedded", policy_dirs=list(request.policy_dirs), data=data)
    parts = [
        __version__,
        str(FACTS_VERSION),
        str(getattr(sqlglot, "__version__", "?")),
        _code_fingerprint(),
        canonical_json(data),
        canonical_json(sorted(config.severity.items())),
        str(getattr(config, "lang", "")),  # stored messages are in this language
        *(f"{m.id}\0{m.text}" for m in policies.modules),
    ]
    ctx = JudgeContext(
        datasets=list(inventory.datasets),
        engine_data=data,
        policy_dirs=tuple(str(p) for p in request.policy_dirs),
        index=index,
        version=policy_version(parts),
    )
    return ctx, inventory, engine


def _note(request: AuditRequest, stage: str, done: int, total: int) -> None:
    if request.progress is not None:
        request.progress(stage, done, total)


def judge_all(request: AuditRequest, ctx: JudgeContext, units: list[Unit]) -> list[dict[str, Any]]:
    """Judge ``units`` in batches, in worker processes when ``jobs`` > 1."""
    workers = request.jobs or (os.cpu_count() or 1)
    # Batches amortise the engine's fixed cost a query; four a worker balance the load.
    size = max(1, min(JUDGE_BATCH, -(-len(units) // (workers * 4))))
    batches = [units[i : i + size] for i in range(0, len(units), size)]
    results: list[dict[str, Any]] = []
    _note(request, "judge", 0, len(units))
    if workers <= 1 or len(batches) <= 1:
        for batch in batches:
            results.extend(judge_units(ctx, batch))
            _note(request, "judge", len(results), len(units))
        return results
    import gc
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    gc.collect()  # regorus engines are dropped by the thread that made them
    try:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for part in pool.map(judge_units, [ctx] * len(batches), batches):
                results.extend(part)
                _note(request, "judge", len(results), len(units))
    except BrokenProcessPool:
        raise EngineError(
            "a worker process judging query shapes died; no result is reported",
            hint="run with --jobs 1 to find the shape that crashes it, and report the bug",
        ) from None
    return results


def load_sources(con: Any, request: AuditRequest) -> tuple[list[tuple[str, str, str, int]], int]:
    """Read every export into the temporary table ``execs``; (sources, rows read)."""
    dialects = request.config.audit.get("dialects", {})
    con.execute(
        """CREATE OR REPLACE TEMP TABLE execs (source VARCHAR, vendor VARCHAR,
        dialect VARCHAR, query_text VARCHAR, user_name VARCHAR, user_type VARCHAR,
        role_name VARCHAR, warehouse VARCHAR, query_tag VARCHAR, application VARCHAR,
        start_time TIMESTAMP, executions BIGINT, pragma VARCHAR)"""
    )
    sources: list[tuple[str, str, str, int]] = []
    total_rows = 0
    duck = __import__("duckdb")
    for number, path in enumerate(request.paths):
        _note(request, "read", number, len(request.paths))
        if not path.is_file():
            raise InputError("no such history file", str(path), hint="check the path")
        fmt = file_format(path, request.fmt)
        reader = _reader(path, fmt)
        try:
            described = con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()
            rows_read = con.execute(f"SELECT count(*) FROM {reader}").fetchone()[0]
        except duck.Error as exc:
            first = str(exc).splitlines()[0]
            raise InputError(
                f"cannot read the history as {fmt}: {first}",
                str(path),
                hint="export the query history as CSV with a header, JSON Lines or Parquet",
            ) from None
        columns = {str(r[0]): str(r[1]) for r in described}
        vendor = VENDORS.get(request.vendor or "") or detect_vendor(list(columns))
        if vendor is None:
            raise InputError(
                "cannot tell which warehouse wrote this history from its columns "
                f"({', '.join(list(columns)[:8])}{'...' if len(columns) > 8 else ''})",
                str(path),
                hint=f"pass --vendor ({', '.join(VENDORS)}); docs/audit.md lists each layout",
            )
        source = _sha256(path)
        dialect = str(dialects.get(vendor.name, vendor.dialect))
        try:
            select = canonical_select(columns, vendor, dialect, source, reader)
        except InputError as exc:
            raise InputError(exc.message, str(path), hint=exc.hint) from None
        try:
            con.execute(f"INSERT INTO execs {select}")
        except duck.Error as exc:
            raise InputError(
                f"cannot read the history: {str(exc).splitlines()[0]}", str(path)
            ) from None
        sources.append((source, str(path), vendor.name, int(rows_read)))
        total_rows += int(rows_read)
    _note(request, "read", len(request.paths), len(request.paths))
    return sources, total_rows


def run_local(
    request: AuditRequest,
    ctx: JudgeContext,
    engine: Any,
    attribution: Attribution,
    summary: AuditSummary,
    started: float,
) -> AuditSummary:
    """The audit on this machine (DuckDB for the per-execution work); see :mod:`.entry`."""
    adopt_engine(ctx, engine)
    con = connect(request.db)
    try:
        con.execute("SET TimeZone = 'UTC'")
        mark = time.perf_counter()
        sources, summary.rows = load_sources(con, request)
        summary.sources = [s[0] for s in sources]
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE execs_k AS SELECT *,
            {prekey_sql("query_text")} AS prekey, {principal_key_sql()} AS pkey FROM execs"""
        )
        summary.timings["read"] = time.perf_counter() - mark

        mark = time.perf_counter()
        cols = ", ".join(PRINCIPAL_COLUMNS)
        principals = con.execute(f"SELECT DISTINCT pkey, {cols} FROM execs_k").fetchall()
        attributed = [(row[0], *attribute_principal(attribution, row[1:])) for row in principals]
        con.execute(
            """CREATE OR REPLACE TEMP TABLE principals (pkey VARCHAR, purpose VARCHAR,
            attributed_by VARCHAR, warehouse_name VARCHAR)"""
        )
        if attributed:
            bulk_insert(con, "principals", attributed)
        summary.timings["attribute"] = time.perf_counter() - mark

        mark = time.perf_counter()
        new = con.execute(
            """SELECT e.dialect, e.prekey, min(e.query_text) FROM execs_k e
            ANTI JOIN prekeys p ON p.dialect = e.dialect AND p.prekey = e.prekey
                AND p.norm_version = ?
            GROUP BY e.dialect, e.prekey ORDER BY e.dialect, e.prekey""",
            [NORMALIZER_VERSION],
        ).fetchall()
        _note(request, "normalise", 0, len(new))
        shaped = shapes_of(new)
        _note(request, "normalise", len(new), len(new))
        summary.normalised = len(shaped)
        store_shapes(con, shaped)
        summary.timings["normalise"] = time.perf_counter() - mark

        mark = time.perf_counter()
        con.execute(
            """CREATE OR REPLACE TEMP TABLE execs_f AS SELECT e.*, p.fingerprint,
            r.purpose, r.attributed_by, r.warehouse_name FROM execs_k e
            JOIN prekeys p ON p.dialect = e.dialect AND p.prekey = e.prekey
                AND p.norm_version = ?
            JOIN principals r ON r.pkey = e.pkey""",
            [NORMALIZER_VERSION],
        )
        todo = con.execute(
            """SELECT e.fingerprint, e.purpose, any_value(e.dialect), min(e.query_text)
            FROM execs_f e ANTI JOIN judgements j ON j.fingerprint = e.fingerprint
                AND j.purpose = e.purpose AND j.version = ?
            GROUP BY e.fingerprint, e.purpose ORDER BY e.fingerprint, e.purpose""",
            [ctx.version],
        ).fetchall()
        counts = con.execute(
            """SELECT sum(executions), count(DISTINCT fingerprint),
            count(DISTINCT (fingerprint, purpose)) FROM execs_f"""
        ).fetchone()
        summary.executions = int(counts[0] or 0)
        summary.shapes = int(counts[1] or 0)
        summary.units = int(counts[2] or 0)
        units = [
            Unit(fp, purpose or None, dialect, sample) for fp, purpose, dialect, sample in todo
        ]
        summary.judged = len(units)
        summary.reused = summary.units - summary.judged
        results = judge_all(request, ctx, units)
        store_judgements(con, ctx.version, units, results)
        summary.timings["judge"] = time.perf_counter() - mark

        mark = time.perf_counter()
        store_usage(con, sources)
        summary.timings["usage"] = time.perf_counter() - mark
        summary.seconds = time.perf_counter() - started
        record_run(con, summary, "local")
    finally:
        con.close()
    return summary


def store_shapes(con: Any, shaped: Sequence[tuple[str, str, str, str]]) -> None:
    """Insert new pre-key -> fingerprint maps and shapes."""
    if not shaped:
        return
    bulk_insert(
        con,
        "prekeys",
        [(d, pk, NORMALIZER_VERSION, fp) for d, pk, fp, _ in shaped],
        "INSERT OR REPLACE",
    )
    bulk_insert(con, "shapes", sorted({(fp, d, n) for d, _, fp, n in shaped}), "INSERT OR IGNORE")


def store_judgements(
    con: Any, version: str, units: Sequence[Unit], results: Sequence[dict[str, Any]]
) -> None:
    """Insert the judgements of ``units`` under ``version``."""
    if not units:
        return
    bulk_insert(
        con,
        "judgements",
        [
            (
                u.fingerprint,
                u.purpose or "",
                version,
                u.sample,
                canonical_json(r["summary"]),
                canonical_json(r["findings"]),
            )
            for u, r in zip(units, results, strict=True)
        ],
        "INSERT OR REPLACE",
    )


def store_usage(con: Any, sources: Sequence[tuple[str, str, str, int]]) -> None:
    """Replace the usage rows and the source records of the files just read."""
    for source, path, vendor, rows_read in sources:
        con.execute("DELETE FROM usage WHERE source = ?", [source])
        con.execute("DELETE FROM sources WHERE source = ?", [source])
        con.execute(
            """INSERT INTO sources SELECT ?, ?, ?, ?, coalesce(sum(executions), 0),
            now()::TIMESTAMP FROM execs_f WHERE source = ?""",
            [source, Path(path).name, vendor, rows_read, source],
        )
    con.execute(
        """INSERT INTO usage SELECT source, vendor, fingerprint, purpose, attributed_by,
        user_name, role_name, warehouse_name, CAST(start_time AS DATE) AS day,
        sum(executions), min(start_time), max(start_time) FROM execs_f
        GROUP BY ALL"""
    )


def record_run(con: Any, summary: AuditSummary, engine: str) -> None:
    """Append the run's counts to ``runs``."""
    con.execute(
        "INSERT INTO runs VALUES (now()::TIMESTAMP, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            summary.version,
            engine,
            summary.executions,
            summary.shapes,
            summary.units,
            summary.judged,
            summary.reused,
            summary.seconds,
        ],
    )


def run_findings(
    db: Path, version: str | None = None, sources: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """The findings of the stored results: one row per (rule, shape, purpose) with usage.

    Each row: ``{id, severity, msg, fingerprint, purpose, executions, users, roles,
    first_seen, last_seen, sample, legal_basis}``. ``version`` defaults to the last run's;
    ``sources`` limits the usage to those files (default: every file audited).
    """
    con = connect(db)
    try:
        return _findings(con, version, sources)
    finally:
        con.close()


def last_version(con: Any) -> str | None:
    """The version of the last run in the store, if any."""
    row = con.execute("SELECT version FROM runs ORDER BY run_at DESC LIMIT 1").fetchone()
    return str(row[0]) if row else None


def _findings(con: Any, version: str | None, sources: Sequence[str]) -> list[dict[str, Any]]:
    version = version or last_version(con)
    if version is None:
        return []
    where = ""
    params: list[Any] = [version]
    if sources:
        where = f"AND u.source IN ({', '.join('?' for _ in sources)})"
        params.extend(sources)
    rows = con.execute(
        f"""SELECT j.fingerprint, j.purpose, j.sample, j.findings, sum(u.executions),
        count(DISTINCT u.user_name), count(DISTINCT u.role_name), min(u.first_seen),
        max(u.last_seen), string_agg(DISTINCT u.user_name, ',' ORDER BY u.user_name)
        FROM judgements j JOIN usage u ON u.fingerprint = j.fingerprint
            AND u.purpose = j.purpose
        WHERE j.version = ? {where}
        GROUP BY j.fingerprint, j.purpose, j.sample, j.findings
        ORDER BY j.fingerprint, j.purpose""",
        params,
    ).fetchall()
    out = []
    for fp, purpose, sample, findings, runs, users, roles, first, last, names in rows:
        for finding in json.loads(findings):
            out.append(
                {
                    "id": finding["id"],
                    "name": finding.get("name", ""),
                    "severity": finding["severity"],
                    "msg": finding["msg"],
                    "legal_basis": finding.get("legal_basis", []),
                    "line": finding["location"].get("line"),
                    "fingerprint": fp,
                    "purpose": purpose or None,
                    "executions": int(runs or 0),
                    "users": int(users or 0),
                    "roles": int(roles or 0),
                    "user_names": (names or "").split(",") if names else [],
                    "first_seen": first.isoformat(sep=" ") if first else None,
                    "last_seen": last.isoformat(sep=" ") if last else None,
                    "sample": sample,
                }
            )
    out.sort(key=lambda f: (-f["executions"], f["id"], f["fingerprint"], f["purpose"] or ""))
    return out
