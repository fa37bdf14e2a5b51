"""Options and helpers shared by several commands (click lives only in cli/)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tutela.config import Config, load_config

F = TypeVar("F", bound=Callable[..., Any])


def config_option(func: F) -> F:
    """``--config FILE``: use this tutela.toml / pyproject.toml instead of discovering one."""
    return click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="tutela.toml or pyproject.toml to use (default: found upwards from the cwd).",
    )(func)


def inventory_option(func: F) -> F:
    """``--inventory FILE``: the data inventory (default from config, else inventory.yaml)."""
    return click.option(
        "--inventory",
        "-i",
        "inventory_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Data inventory YAML (default: config `inventory`, else ./inventory.yaml).",
    )(func)


def resolve_config(config_path: Path | None) -> Config:
    """Load the explicit config file, or discover one upwards from the cwd."""
    return load_config(config_path)


def resolve_inventory_path(cfg: Config, explicit: Path | None) -> Path:
    """The inventory to use: the flag, else the config, else ``./inventory.yaml``."""
    if explicit is not None:
        return explicit
    if cfg.inventory is not None:
        return cfg.inventory
    return Path("inventory.yaml")
