"""``tutela audit``: judge the queries a warehouse executed, from its query-history exports."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tutela.cli.options import (
    config_option,
    inventory_option,
    resolve_config,
    resolve_inventory_path,
)
from tutela.errors import ConfigError

if TYPE_CHECKING:
    from tutela.audit.run import AuditSummary

SEVERITY_RANK = {"info": 0, "warning": 1, "error": 2}


def default_db(cfg: Any, explicit: Path | None) -> Path:
    """The results file: the flag, else ``[audit] db``, else ./tutela-audit.duckdb."""
    from tutela.audit.run import DEFAULT_DB

    if explicit is not None:
        return explicit
    configured = cfg.audit.get("db") if isinstance(cfg.audit, dict) else None
    return Path(configured) if configured else Path(DEFAULT_DB)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Any]:
    """A ``progress(stage, done, total)`` callback drawing tqdm bars on stderr (TTY only)."""
    if not enabled:
        yield None
        return
    try:
        from tqdm import tqdm
    except ImportError:  # the bar is a nicety; the run does not need it
        yield None
        return
    bars: dict[str, Any] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=stage, unit="", leave=False, file=sys.stderr)
        bar.total = total
        bar.n = done
        bar.refresh()

    try:
        yield update
    finally:
        for bar in bars.values():
            bar.close()


def summary_text(s: AuditSummary, findings: list[dict[str, Any]]) -> str:
    """The closing summary: what was read, what was judged, what was found."""
    errors = sum(1 for f in findings if f["severity"] == "error")
    warnings = sum(1 for f in findings if f["severity"] == "warning")
    shapes = len({f["fingerprint"] for f in findings})
    rate = s.executions / s.seconds if s.seconds else 0.0
    return (
        f"Audited {s.executions:,} executions ({s.rows:,} rows in {len(s.sources)} "
        f"file{'s' if len(s.sources) != 1 else ''}): {s.shapes:,} shapes, {s.units:,} "
        f"(shape, purpose) units; judged {s.judged:,} new, reused {s.reused:,} "
        f"in {s.seconds:.1f} s ({rate:,.0f} executions/s).\n"
        f"Found {errors} error{'s' if errors != 1 else ''}, {warnings} "
        f"warning{'s' if warnings != 1 else ''} on {shapes} shape{'s' if shapes != 1 else ''}.\n"
    )


def findings_text(findings: list[dict[str, Any]], limit: int) -> str:
    """One block per finding: rule, message, then executions, users, time span and purpose."""
    lines = []
    for f in findings[:limit] if limit else findings:
        lines.append(
            f"audit:{f['fingerprint']}:{f['line'] or 1}: {f['id']} [{f['severity']}] {f['msg']}"
        )
        users = ", ".join(f["user_names"][:3]) + (" ..." if len(f["user_names"]) > 3 else "")
        lines.append(
            f"  executions: {f['executions']:,} · users: {f['users']} ({users}) · "
            f"{f['first_seen'] or '?'} .. {f['last_seen'] or '?'} · "
            f"purpose: {f['purpose'] or '(unattributed)'}"
        )
        lines.append(f"  query: {f['sample'][:160]}")
    if limit and len(findings) > limit:
        lines.append(f"... and {len(findings) - limit} more (--limit 0 shows all; --format json)")
    return "\n".join(lines) + ("\n" if lines else "")


@click.command("audit")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--vendor",
    type=click.Choice(["snowflake", "bigquery", "redshift", "databricks", "postgres"]),
    help="The export's layout (default: detected from its columns).",
)
@click.option(
    "--input-format",
    "input_format",
    type=click.Choice(["csv", "jsonl", "parquet"]),
    help="The export's format (default: from the file suffix).",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Results file (DuckDB; default: config [audit] db, else ./tutela-audit.duckdb).",
)
@click.option(
    "--engine",
    type=click.Choice(["local", "spark"]),
    default="local",
    show_default=True,
    help="Where to run: DuckDB in this process, or Apache Spark (pip install 'tutela[spark]').",
)
@click.option(
    "--master",
    default="local[2]",
    show_default=True,
    help="Spark master URL (with --engine spark).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="Worker processes judging shapes locally (0: one per core).",
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning", "info"]),
    help="Lowest severity that makes the exit code 1 (default: config, else error).",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are found.")
@click.option(
    "--limit",
    type=click.IntRange(min=0),
    default=20,
    show_default=True,
    help="Findings printed in text format (0: all).",
)
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Run date the retention rules measure from (default: today).",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Progress bars on stderr (default: when stderr is a terminal).",
)
@config_option
@inventory_option
def audit(
    paths: tuple[Path, ...],
    vendor: str | None,
    input_format: str | None,
    db: Path | None,
    engine: str,
    master: str,
    jobs: int,
    fmt: str,
    fail_on: str | None,
    exit_zero: bool,
    limit: int,
    today: datetime | None,
    progress: bool | None,
    config_path: Path | None,
    inventory_path: Path | None,
) -> int:
    """Audit query-history exports: judge each distinct query shape once.

    PATHS are exports of Snowflake ACCOUNT_USAGE.QUERY_HISTORY, BigQuery
    INFORMATION_SCHEMA.JOBS, Redshift SYS_QUERY_HISTORY, Databricks system.query.history or
    PostgreSQL pg_stat_statements, as CSV, JSON Lines or Parquet (docs/audit.md). Queries
    without a `-- tutela: purpose=` pragma get their purpose from the [audit.purposes] globs;
    unattributed queries on personal data are AUD001. Results go to a DuckDB file; a later
    run judges only shapes it has not seen, and everything again when the policies or the
    inventory change. `tutela report` renders them.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 could not run, 3 internal bug.
    """
    from tutela.audit.entry import run_audit
    from tutela.audit.run import AuditRequest, run_findings

    if not paths:
        raise ConfigError(
            "nothing to audit", hint="pass one or more query-history exports (docs/audit.md)"
        )
    cfg = resolve_config(config_path)
    store = default_db(cfg, db)
    show = sys.stderr.isatty() if progress is None else progress
    with progress_bar(show and fmt == "text") as bar:
        request = AuditRequest(
            paths=list(paths),
            config=cfg,
            inventory_path=resolve_inventory_path(cfg, inventory_path),
            db=store,
            vendor=vendor,
            fmt=input_format,
            engine=engine,
            master=master,
            jobs=jobs,
            policy_dirs=list(cfg.policy_dirs),
            today=today.date() if today else date.today(),
            progress=bar,
        )
        summary = run_audit(request)
    findings = run_findings(store, summary.version, summary.sources)
    threshold = SEVERITY_RANK[fail_on or cfg.fail_on]
    if fmt == "json":
        payload = {"summary": vars(summary), "db": str(store), "findings": findings}
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(findings_text(findings, limit), nl=False)
        click.echo(summary_text(summary, findings), nl=False)
        click.echo(f"Results in {store} (tutela report --db {store}).")
    failing = any(SEVERITY_RANK.get(f["severity"], 0) >= threshold for f in findings)
    return 1 if failing and not exit_zero else 0
