"""``tutela retention plan``: the bloqueo and supresión job for a date, per dialect.

Tables without a retention rule are reported (in the script header, the JSON and on
stderr), never guessed. ``--explain`` prints the reasoning per table instead of SQL.
"""

from __future__ import annotations

from pathlib import Path

import click

from tutela.cli.commands.arco import emit, parse_date, resolve_dialect
from tutela.cli.options import (
    config_option,
    inventory_option,
    resolve_config,
    resolve_inventory_path,
)
from tutela.generators.retention import DIALECTS, plan_retention, read_inventory


@click.group("retention")
def retention() -> None:
    """Plan retention jobs: bloqueo past retention, supresión past blocking."""


@retention.command("plan", short_help="Write the bloqueo and supresion job for a date.")
@click.option("--as-of", default=None, metavar="DATE", help="Run date (default: today).")
@click.option(
    "--dialect",
    "-d",
    default=None,
    metavar="|".join(DIALECTS),
    help="SQL dialect of the script (default: config `dialect`, else postgres).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["sql", "json"]),
    default="sql",
    show_default=True,
    help="Output format.",
)
@click.option("--explain", is_flag=True, help="Print the reasoning per table instead of SQL.")
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (atomically) instead of stdout.",
)
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@inventory_option
@config_option
def plan(
    as_of: str | None,
    dialect: str | None,
    output_format: str,
    explain: bool,
    out: Path | None,
    force: bool,
    inventory_path: Path | None,
    config_path: Path | None,
) -> int:
    """Write the statements that block and suppress rows, with dry-run COUNT queries."""
    cfg = resolve_config(config_path)
    chosen = resolve_dialect(dialect, cfg.dialect)
    inventory = read_inventory(resolve_inventory_path(cfg, inventory_path))
    result = plan_retention(inventory, parse_date(as_of, "--as-of"))
    if explain:
        text = result.explain_text()
    elif output_format == "json":
        text = result.to_json(chosen)
    else:
        text = result.to_sql(chosen)
    emit(text, out, force)
    for table, reason in sorted(result.not_planned.items()):
        click.echo(f"not planned: {table}: {reason}", err=True)
    return 0
