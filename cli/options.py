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


def lang_option(func: F) -> F:
    """``--lang es|en``: the language of finding messages and rule docs."""
    from tutela.messages import LANGS

    return click.option(
        "--lang",
        type=click.Choice(LANGS),
        help="Language of the messages and rule docs (default: config `lang`, else en).",
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


def apply_jurisdictions(cfg: Config, jurisdictions: tuple[str, ...]) -> None:
    """``--jurisdiction``: ``gdpr`` alone adds the GDPR profile to the configured laws."""
    if not jurisdictions:
        return
    chosen = list(jurisdictions)
    if chosen == ["gdpr"]:  # the Mexican rules keep running beside the GDPR profile
        chosen = [*cfg.jurisdiction, "gdpr"]
    cfg.jurisdiction = list(dict.fromkeys(chosen))


def gate_options(report_example: str, code_prefix: str) -> Callable[[F], F]:
    """The options `tutela lint` and `tutela shares check` share.

    Formats, exit policy, rule selection, profile, engine, policies, cache, run date, colour.

    Args:
        report_example: a file name for the ``--output`` help (``results.sarif``).
        code_prefix: a rule-code prefix for the ``--select`` help (``PUR``).
    """
    from tutela.reporters import FORMATS

    options = [
        click.option(
            "--format",
            "-f",
            "fmt",
            type=click.Choice(FORMATS),
            default="text",
            show_default=True,
            help="Output format.",
        ),
        click.option(
            "--output",
            "-o",
            type=click.Path(dir_okay=False, path_type=Path),
            help=f"Write the report to this file instead of stdout (e.g. "
            f"{report_example}); an existing report is replaced.",
        ),
        click.option(
            "--fail-on",
            type=click.Choice(("error", "warning", "info")),
            help="Lowest severity that makes the exit code 1 (default: config "
            "`fail_on`, else error).",
        ),
        click.option(
            "--exit-zero",
            is_flag=True,
            help="Exit 0 even when findings fail the run (never hides exit 2 or 3).",
        ),
        click.option(
            "--select",
            multiple=True,
            help=f"Only these rules: codes, prefixes "
            f"({code_prefix}) or names; repeatable or comma-separated.",
        ),
        click.option(
            "--ignore", multiple=True, help="Skip these rules (codes, prefixes or names)."
        ),
        click.option(
            "--profile",
            type=click.Choice(("strict", "legal")),
            help="Transfer profile (default: config `profile`, else strict).",
        ),
        click.option(
            "--jurisdiction",
            "jurisdictions",
            multiple=True,
            type=click.Choice(("lfpdppp", "gdpr")),
            help="Law whose rules run (repeatable; default: config `jurisdiction`, else "
            "lfpdppp). `--jurisdiction gdpr` adds the GDPR profile to the Mexican rules.",
        ),
        click.option(
            "--engine",
            type=click.Choice(("embedded", "opa")),
            help="Policy engine (default: config `engine`, else embedded).",
        ),
        click.option("--opa-url", help="OPA server URL for --engine opa."),
        click.option("--opa-timeout", type=float, help="Seconds per OPA request (default 10)."),
        click.option(
            "--policy-dir",
            "policy_dirs",
            multiple=True,
            type=click.Path(file_okay=False, path_type=Path),
            help="Extra policy folder (repeatable); adds to config `policy_dirs`.",
        ),
        click.option(
            "--no-cache",
            is_flag=True,
            help="Do not read or write the cache (.tutela_cache/, and the run records that "
            "replay an unchanged `tutela lint` run), e.g. in CI with an untrusted cache "
            "(entries are authenticated either way).",
        ),
        click.option(
            "--today",
            type=click.DateTime(formats=["%Y-%m-%d"]),
            help="Run date for contract validity, time bounds and expiring "
            "suppressions (default: today).",
        ),
        click.option(
            "--server/--no-server",
            default=None,
            expose_value=False,  # read before click runs: see tutela.server.client
            help="Run on the repository's warm tutela server, starting it if needed "
            "(what the pre-commit hooks do; falls back to this process when no server "
            "can run it). Env TUTELA_SERVER=0/1 overrides.",
        ),
        click.option(
            "--color",
            type=click.Choice(("auto", "always", "never")),
            default="auto",
            show_default=True,
            help="Colour in the text format.",
        ),
    ]

    def apply(func: F) -> F:
        for option in reversed(options):
            func = option(func)
        return func

    return apply
