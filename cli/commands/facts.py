"""``tutela facts``: print what SQL statements do, as JSON facts (one per statement)."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path

import click

from tutela.cli.options import (
    config_option,
    inventory_option,
    resolve_config,
    resolve_inventory_path,
)
from tutela.errors import TutelaError
from tutela.sql import DIALECTS, Catalog, analyze_path, expand_paths
from tutela.terminal import visible


@click.command("facts")
@click.argument("paths", nargs=-1)
@click.option(
    "--dialect",
    "-d",
    type=click.Choice(DIALECTS),
    help="SQL dialect when neither a pragma nor the configuration gives one (default: ansi).",
)
@click.option(
    "--no-inventory", is_flag=True, help="Analyse without an inventory (every table is unknown)."
)
@click.option("--stdin-filename", help="Read SQL from stdin and report it under this name.")
@click.option("--compact", is_flag=True, help="One JSON document per line (JSON Lines).")
@click.option(
    "--schema",
    type=click.Choice(["facts", "findings"]),
    is_flag=False,
    flag_value="facts",
    default=None,
    help="Print the JSON Schema (draft 2020-12) of the facts (the default) or of "
    "`lint --format json` reports, then exit. See docs/schemas.md.",
)
@config_option
@inventory_option
def facts(
    paths: tuple[str, ...],
    dialect: str | None,
    no_inventory: bool,
    stdin_filename: str | None,
    compact: bool,
    schema: str | None,
    config_path: Path | None,
    inventory_path: Path | None,
) -> int:
    """Print the facts tutela extracts from SQL files, folders or globs, as JSON.

    The facts are the contract between the SQL layer and the policies (see
    docs/facts.md): operation, tables read and written, columns exposed and where they
    go, columns only referenced, consent filters, exclusion-list checks, time filters,
    egress targets. Use them to debug a finding or to write your own policies. Exit 2
    if a file cannot be read; statements sqlglot cannot parse are printed with
    ``"parsed": false`` and the parser's message.
    """
    if schema is not None:
        if paths or stdin_filename:
            raise click.UsageError("--schema prints the schema only: give no SQL with it")
        resource = resources.files("tutela").joinpath(f"schemas/{schema}.schema.json")
        click.echo(resource.read_text(encoding="utf-8"), nl=False)
        return 0
    if bool(paths) == bool(stdin_filename):
        raise click.UsageError(
            "give SQL files, folders or globs, or --stdin-filename NAME (to read stdin), not both"
        )
    cfg = resolve_config(config_path)
    catalog = Catalog.empty()
    purposes = None
    if not no_inventory:
        from tutela.inventory import load_inventory

        inventory = load_inventory(
            resolve_inventory_path(cfg, inventory_path), cache_dir=cfg.cache_dir
        )
        catalog = Catalog.from_datasets(inventory.datasets)
        purposes = set(inventory.purposes)
    documents = []
    errors: list[TutelaError] = []
    if stdin_filename:
        text = sys.stdin.read()
        documents += analyze_path(
            Path(stdin_filename),
            config=cfg,
            catalog=catalog,
            display=stdin_filename,
            dialect=dialect,
            purposes=purposes,
            text=text,
        )
    else:
        for path in expand_paths(paths, cfg):
            try:
                documents += analyze_path(
                    path, config=cfg, catalog=catalog, dialect=dialect, purposes=purposes
                )
            except TutelaError as exc:
                errors.append(exc)
    if compact:
        for document in documents:
            click.echo(json.dumps(document, ensure_ascii=False, sort_keys=True))
    else:
        click.echo(json.dumps(documents, ensure_ascii=False, indent=2, sort_keys=True))
    from tutela.sql.files import encoding_warnings

    for warning in encoding_warnings(documents):
        click.echo(f"warning: {visible(warning)}", err=True)
    if errors:
        for error in errors:
            click.echo(f"Error: {visible(error.render())}", err=True)
        raise click.exceptions.Exit(2)
    return 0
