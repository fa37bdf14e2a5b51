"""``tutela validate [INVENTORY]``: check the data inventory against its schema and references.

Exit 0 when valid; exit 2 when the file cannot be read or is invalid (STYLE.md 7.5).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import click

from tutela.cli.options import (
    apply_jurisdictions,
    config_option,
    inventory_option,
    resolve_config,
    resolve_inventory_path,
)
from tutela.errors import InputError, InventoryError, Problem, TutelaError, dotted_path
from tutela.inventory import load_inventory
from tutela.inventory.advice import inventory_warnings
from tutela.terminal import visible


def _display(path: Path) -> Path:
    """The path as the user reads it: relative to the working directory when inside it."""
    if not path.is_absolute():
        return path
    try:
        return Path(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        return path


def _problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "file": problem.file,
        "line": problem.line,
        "col": problem.col,
        "path": dotted_path(problem.path),
        "message": problem.message,
        "hint": problem.hint,
    }


def _problems(exc: TutelaError) -> list[Problem]:
    if exc.problems:
        return list(exc.problems)
    return [Problem(exc.message, exc.file, exc.line, exc.col, (), exc.hint)]


@click.command("validate")
@click.argument("inventory", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option(
    "--jurisdiction",
    "jurisdictions",
    multiple=True,
    type=click.Choice(("lfpdppp", "gdpr")),
    help="Also validate what this law adds (gdpr: the `gdpr:` block; default: config "
    "`jurisdiction`).",
)
@inventory_option
@config_option
def validate(
    inventory: Path | None,
    output_format: str,
    jurisdictions: tuple[str, ...],
    inventory_path: Path | None,
    config_path: Path | None,
) -> int:
    """Validate the data inventory (default: config `inventory`, else ./inventory.yaml).

    Checks the schema (unknown keys, types, enumerations, formats) and that every
    purpose, data subject, recipient, table and column named anywhere exists.
    Warns (on stderr; exit still 0) about what is valid but probably not meant, such as an
    `id_*`/`*_id` column marked `clave` (credentials). Exit 0 when valid, 2 when not.
    """
    if inventory is not None and inventory_path is not None and inventory != inventory_path:
        raise click.UsageError("give the inventory once: as the argument or with --inventory")
    cfg = resolve_config(config_path)
    apply_jurisdictions(cfg, jurisdictions)
    path = _display(resolve_inventory_path(cfg, inventory or inventory_path))
    name = str(path)
    try:
        inv = load_inventory(path, cache_dir=cfg.cache_dir)
        if "gdpr" in cfg.jurisdiction:
            from tutela.gdpr import validate_gdpr

            validate_gdpr(inv)
    except (InventoryError, InputError) as exc:
        if output_format != "json":
            raise
        report = {
            "file": name,
            "valid": False,
            "problems": [_problem_json(p) for p in _problems(exc)],
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        raise click.exceptions.Exit(2) from None
    warnings = inventory_warnings(inv)
    if output_format == "json":
        report = {
            "file": name,
            "valid": True,
            "problems": [],
            "warnings": [_problem_json(w) for w in warnings],
        }
        click.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return 0
    for warning in warnings:
        click.echo(f"{warning.render()} (warning)", err=True)
        if warning.hint:
            click.echo(f"  help: {warning.hint}", err=True)
    columns = sum(len(d["columns"]) for d in inv.datasets)
    counts = ", ".join(
        _count(n, word)
        for n, word in (
            (len(inv.purposes), "purpose"),
            (len(inv.datasets), "dataset"),
            (columns, "column"),
            (len(inv.recipients), "recipient"),
        )
    )
    profile = " with the GDPR profile" if "gdpr" in cfg.jurisdiction else ""
    click.echo(f"{visible(name)}: valid{profile} ({counts})")
    return 0


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
