"""``tutela shares``: the CI gate for data-sharing manifests (``tutela shares check``)."""

from __future__ import annotations

from pathlib import Path

import click

from tutela.cli.commands.lint import finish_gate, gate_fields, refuse_output_onto_inputs
from tutela.cli.options import (
    apply_jurisdictions,
    config_option,
    gate_options,
    inventory_option,
    lang_option,
    resolve_config,
    resolve_inventory_path,
)


@click.group("shares")
def shares() -> None:
    """Check data-sharing manifests (shares/*.yaml) against the transfer rules."""


@shares.command("check")
@click.argument("paths", nargs=-1)
@gate_options("shares.sarif", "TRF")
@lang_option
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
    jurisdictions: tuple[str, ...],
    engine: str | None,
    opa_url: str | None,
    opa_timeout: float | None,
    policy_dirs: tuple[Path, ...],
    no_cache: bool,
    today: object,
    color: str,
    lang: str | None,
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
    if lang:
        cfg.lang = lang
    apply_jurisdictions(cfg, jurisdictions)
    inventory_file = resolve_inventory_path(cfg, inventory_path)
    if output is not None:
        from tutela.shares.load import expand_manifest_paths
        from tutela.shares.paths import default_share_paths

        sources = list(paths) or default_share_paths(cfg)
        manifests = expand_manifest_paths(sources, cfg) if sources else []
        refuse_output_onto_inputs(output, [*manifests, cfg.source, inventory_file])
    request = SharesRequest(
        paths=paths,
        inventory_path=inventory_file,
        **gate_fields(
            cfg,
            select=select,
            ignore=ignore,
            fail_on=fail_on,
            engine=engine,
            opa_url=opa_url,
            opa_timeout=opa_timeout,
            policy_dirs=policy_dirs,
            today=today,
            no_cache=no_cache,
        ),
    )
    return finish_gate(check_shares(request).report, fmt, output, color, exit_zero)
