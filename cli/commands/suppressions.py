"""``tutela suppressions``: the audit trail of every inline exception, expired ones first."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import click

from tutela.cli.options import config_option, resolve_config
from tutela.errors import TutelaError
from tutela.terminal import visible


@click.command("suppressions")
@click.argument("paths", nargs=-1)
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
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date `until=` is compared with (default: today).",
)
@config_option
def suppressions(paths: tuple[str, ...], fmt: str, today: object, config_path: Path | None) -> int:
    """List every `tutela: ignore` comment: what is suppressed, by whom, why, until when.

    Reads SQL files, folders or globs (default: the current folder) and the sharing
    manifests (given, or the configured `shares`). Expired suppressions come first, then
    invalid ones (which apply to nothing), then temporary and permanent ones. Exit 0, or 2
    if a file cannot be read.
    """
    from tutela.shares.load import MANIFEST_SUFFIXES, expand_manifest_paths
    from tutela.shares.paths import default_share_paths
    from tutela.sql import expand_paths
    from tutela.suppressions import audit_trail, parse_suppressions
    from tutela.textfile import decode, read_bytes

    cfg = resolve_config(config_path)
    day = today.date() if isinstance(today, datetime) else date.today()
    sql_args = [p for p in paths if Path(p).suffix.lower() not in MANIFEST_SUFFIXES]
    shares: list[str | Path] = [p for p in paths if Path(p).suffix.lower() in MANIFEST_SUFFIXES]
    if not paths:  # the current folder's SQL and the configured manifests
        sql_args = ["."]
        shares = list(default_share_paths(cfg))
    files = expand_paths(sql_args, cfg) if sql_args else []
    files += expand_manifest_paths(shares, cfg) if shares else []
    found = []
    errors: list[TutelaError] = []
    for path in files:
        name = cfg.relpath(path)
        try:
            text = decode(read_bytes(path, name), name, legacy=path.suffix == ".sql").text
        except TutelaError as exc:
            errors.append(exc)
            continue
        found += parse_suppressions(text, name)
    rows = audit_trail(found, day)
    if fmt == "json":
        click.echo(
            json.dumps(
                {"today": day.isoformat(), "suppressions": rows}, indent=2, ensure_ascii=False
            )
        )
    else:
        for row in rows:
            click.echo(visible(_line(row)))
        counts = {s: sum(1 for r in rows if r["status"] == s) for s in ("expired", "invalid")}
        click.echo(
            f"{len(rows)} suppression{'s' if len(rows) != 1 else ''} in {len(files)} files "
            f"({counts['expired']} expired, {counts['invalid']} invalid)."
        )
    for error in errors:
        click.echo(f"Error: {visible(error.render())}", err=True)
    return 2 if errors else 0


def _line(row: dict[str, object]) -> str:
    """``EXPIRED  models/a.sql:3  PUR002  @datos  until 2026-01-31  reason``."""
    codes = ",".join(str(c) for c in row["codes"]) or "-"  # type: ignore[attr-defined]
    owner = row["owner"] or "(no owner)"
    until = f"until {row['until']}" if row["until"] else "permanent"
    why = row["error"] if row["status"] == "invalid" else row["reason"]
    return (
        f"{str(row['status']).upper():9} {row['file']}:{row['line']}  {codes}  {owner}  "
        f"{until}  {why}"
    )
