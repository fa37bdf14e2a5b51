"""``tutela report``: the evaluation report of the audits stored in a results file."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from tutela.cli.commands.audit import default_db
from tutela.cli.options import (
    config_option,
    inventory_option,
    resolve_config,
    resolve_inventory_path,
)


@click.command("report")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(["html", "md"]),
    default="html",
    show_default=True,
    help="html: one standalone accessible file with inline SVG charts; md: Markdown tables.",
)
@click.option(
    "--lang",
    type=click.Choice(["es", "en"]),
    default="es",
    show_default=True,
    help="Language of the report.",
)
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Audit results file (default: config [audit] db, else ./tutela-audit.duckdb).",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (default: stdout).",
)
@click.option("--force", is_flag=True, help="Replace --out if it exists.")
@click.option(
    "--date",
    "when",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Date printed on the report (default: today).",
)
@config_option
@inventory_option
def report(
    fmt: str,
    lang: str,
    db: Path | None,
    out: Path | None,
    force: bool,
    when: datetime | None,
    config_path: Path | None,
    inventory_path: Path | None,
) -> int:
    """Render the evaluation report from `tutela audit`'s results.

    Findings over time (daily and weekly), by rule family, purpose, user, role and table; the
    most executed shapes; egress destinations; the data map / record of processing per
    purpose (inventory plus what the audit saw); and the drift between what is declared and
    what the warehouse does. Spanish by default, English with --lang en.
    """
    from tutela.files import write_atomic
    from tutela.generators.report import render_report, report_data
    from tutela.inventory import load_inventory

    cfg = resolve_config(config_path)
    inventory = load_inventory(resolve_inventory_path(cfg, inventory_path))
    data = report_data(
        default_db(cfg, db), inventory, generated=when.date() if when else date.today(), lang=lang
    )
    text = render_report(data, fmt)
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out, text, force=force)
        click.echo(f"Wrote {out}.", err=True)
    return 0
