"""``tutela bundle``: write a standard OPA bundle of the policies, inventory and config."""

from __future__ import annotations

from pathlib import Path

import click

from tutela.cli.options import (
    config_option,
    inventory_option,
    resolve_config,
    resolve_inventory_path,
)
from tutela.engine.base import config_data, engine_data, load_policies, user_data
from tutela.engine.bundle import write_bundle
from tutela.inventory import load_inventory


@click.command()
@click.option(
    "--out",
    "-o",
    "out",
    required=True,
    metavar="FILE.tar.gz",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Bundle file to write.",
)
@click.option("--revision", metavar="R", help="Bundle revision (default: a content hash).")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@config_option
@inventory_option
def bundle(
    out: Path,
    revision: str | None,
    force: bool,
    config_path: Path | None,
    inventory_path: Path | None,
) -> int:
    """Build an OPA bundle (.tar.gz) for an OPA server fleet.

    It holds the built-in and configured policies (without tests), the generated family
    list, and data.json files for data.tutela.inventory and data.tutela.config. Serve it
    with `opa run --server --bundle FILE.tar.gz` and use `engine = "opa"`.
    """
    cfg = resolve_config(config_path)
    inventory = load_inventory(resolve_inventory_path(cfg, inventory_path), cache_dir=cfg.cache_dir)
    policies = load_policies(cfg.policy_dirs)
    data = engine_data(
        inventory=inventory.to_data(), config=config_data(cfg), user=user_data(cfg.data_files)
    )
    rev = write_bundle(out, policies, data, revision=revision, force=force)
    click.echo(f"Wrote {out.as_posix()} (revision {rev}, {len(policies.families)} rule families).")
    return 0
