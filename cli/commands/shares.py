"""``tutela shares``: the CI gate for data-sharing manifests (``tutela shares check``)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from tutela.cli.commands.lint import split_codes, use_color, write_output
from tutela.cli.options import (
    config_option,
    gate_options,
    inventory_option,
    resolve_config,
    resolve_inventory_path,
)
from tutela.reporters import render


@click.group("shares")
def shares() -> None:
    """Check data-sharing manifests (shares/*.yaml) against the transfer rules."""


@shares.command("check")
@click.argument("paths", nargs=-1)
@gate_options("shares.sarif", "TRF")
@config_option
@inventory_option
def check(
    paths: tuple[str, ...],
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    exit_zero: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    profile: str | None,
    engine: str | None,
    opa_url: str | None,
    opa_timeout: float | None,
    policy_dirs: tuple[Path, ...],
    no_cache: bool,
    today: object,
    color: str,
    config_path: Path | None,
    inventory_path: Path | None,
) -> int:
    """Check manifest files or folders (default: config `shares`, else ./shares/).

    Each manifest becomes a fact (recipient, purpose, legal basis, the columns sent and their
    transforms); the transfer, remision, international and share rules judge it, and every
    finding names the manifest field (file:line:col) that causes it. Suppress a finding with
    `# tutela: ignore[TRF001] reason` above the field.

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 could not run (bad config,
    inventory, manifest or policy; engine error), 3 internal bug.
    """
    from tutela.shares.check import SharesRequest, check_shares

    cfg = resolve_config(config_path)
    if profile:
        cfg.profile = profile
    run_date = today.date() if isinstance(today, datetime) else date.today()
    request = SharesRequest(
        paths=paths,
        config=cfg,
        inventory_path=resolve_inventory_path(cfg, inventory_path),
        select=split_codes(select) or cfg.select,
        ignore=split_codes(ignore) or cfg.ignore,
        fail_on=fail_on or cfg.fail_on,
        engine=engine or cfg.engine,
        opa_url=opa_url or cfg.opa_url,
        opa_timeout=opa_timeout or cfg.opa_timeout,
        policy_dirs=[*cfg.policy_dirs, *policy_dirs],
        today=run_date,
        use_cache=not no_cache,
    )
    result = check_shares(request)
    write_output(render(fmt, result.report, color=use_color(color)), output)
    code = result.report.exit_code
    if code == 1 and exit_zero:
        return 0
    return code
