"""``tutela lint``: the pre-commit gate for warehouse SQL."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from tutela.cli.options import (
    apply_jurisdictions,
    config_option,
    gate_options,
    inventory_option,
    lang_option,
    resolve_config,
    resolve_inventory_path,
)
from tutela.errors import ConfigError, InputError
from tutela.reporters import render, render_chunks
from tutela.sql.dialects import DIALECTS
from tutela.terminal import visible

if TYPE_CHECKING:
    from tutela.config import Config
    from tutela.reporters.base import Report

SEVERITIES = ("error", "warning", "info")
BLOCK = 1 << 16  # characters printed at once when a report comes in pieces


def split_codes(values: tuple[str, ...]) -> list[str]:
    """``--select PUR,CON001 --select pci-pan-unmasked`` -> a flat list.

    Example:
        >>> split_codes(("PUR,CON001", " pci "))
        ['PUR', 'CON001', 'pci']
    """
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def use_color(choice: str) -> bool:
    """Colour when asked, or on a terminal unless NO_COLOR is set."""
    import os

    if choice == "always":
        return True
    if choice == "never":
        return False
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def write_output(text: str | Iterable[str], output: Path | None) -> None:
    """Print ``text`` (a string, or its pieces), or write it atomically to ``output``.

    Pieces are printed in blocks of about :data:`BLOCK` characters as they come, so a large
    report is never held whole (``render_chunks``); a file is written whole, atomically.
    """
    pieces = [text] if isinstance(text, str) else text
    if output is None:
        block: list[str] = []
        size = 0
        for piece in pieces:
            block.append(piece)
            size += len(piece)
            if size >= BLOCK:
                click.echo("".join(block), nl=False)
                block, size = [], 0
        if block:
            click.echo("".join(block), nl=False)
        return
    from tutela.files import write_atomic

    write_atomic(output, "".join(pieces), force=True, parents=False)


def refuse_output_onto_inputs(output: Path | None, inputs: Iterable[Path | None]) -> None:
    """Refuse ``-o`` onto a file this run reads, or into a folder that does not exist.

    The files read are the inputs, the configuration and the inventory: a report written over
    ``inventory.yaml`` or over the SQL being linted would destroy what the user wrote. Checked
    before anything runs; links and ``..`` are resolved first.

    Raises:
        InputError: ``output`` is one of ``inputs``.
    """
    if output is None:
        return
    from tutela.files import check_target

    check_target(output, force=True, parents=False)  # said before the run, not after it
    target = output.resolve()
    for path in inputs:
        if path is None:
            continue
        same = path.resolve() == target
        if not same and path.exists() and output.exists():
            with contextlib.suppress(OSError):
                same = path.samefile(output)
        if same:
            raise InputError(
                f"is a file this run reads ({path.as_posix()}); the report would overwrite it",
                output.as_posix(),
                hint="write the report to a new file, e.g. `-o results.sarif`",
            )


def gate_fields(
    cfg: Config,
    *,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str | None,
    engine: str | None,
    opa_url: str | None,
    opa_timeout: float | None,
    policy_dirs: tuple[Path, ...],
    today: object,
    no_cache: bool,
) -> dict[str, Any]:
    """The request fields `lint` and `shares check` resolve alike: a flag wins over config."""
    return {
        "config": cfg,
        "select": split_codes(select) or cfg.select,
        "ignore": split_codes(ignore) or cfg.ignore,
        "fail_on": fail_on or cfg.fail_on,
        "engine": engine or cfg.engine,
        "opa_url": opa_url or cfg.opa_url,
        "opa_timeout": opa_timeout or cfg.opa_timeout,
        "policy_dirs": [*cfg.policy_dirs, *policy_dirs],
        "today": today.date() if isinstance(today, datetime) else date.today(),
        "use_cache": not no_cache,
    }


def finish_gate(report: Report, fmt: str, output: Path | None, color: str, exit_zero: bool) -> int:
    """Write the report and return the gate's exit code (`--exit-zero` only lowers 1 to 0)."""
    write_output(render_chunks(fmt, report, color=use_color(color)), output)
    code = report.exit_code
    return 0 if code == 1 and exit_zero else code


@click.command("lint")
@click.argument("paths", nargs=-1)
@gate_options("results.sarif", "PUR")
@click.option(
    "--dialect",
    "-d",
    type=click.Choice(DIALECTS),
    help="Dialect for files that neither a pragma nor the config ([dialects] globs, then "
    "`dialect`) cover.",
)
@click.option(
    "--stdin-filename", help="Lint SQL read from stdin, reported under this name (for editors)."
)
@click.option(
    "--statistics",
    is_flag=True,
    help="Print how many findings each rule produced (most frequent first) instead of the "
    "findings; with -o FILE the report goes to FILE and the counts to stdout.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=0),
    default=0,
    help="Worker processes (0: one per core).",
)
@lang_option
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Also list the dbt models skipped because dbt disables them (enabled: false).",
)
@config_option
@inventory_option
def lint(
    paths: tuple[str, ...],
    fmt: str,
    output: Path | None,
    fail_on: str | None,
    exit_zero: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    dialect: str | None,
    profile: str | None,
    jurisdictions: tuple[str, ...],
    engine: str | None,
    opa_url: str | None,
    opa_timeout: float | None,
    policy_dirs: tuple[Path, ...],
    stdin_filename: str | None,
    statistics: bool,
    jobs: int,
    verbose: bool,
    no_cache: bool,
    today: object,
    color: str,
    lang: str | None,
    config_path: Path | None,
    inventory_path: Path | None,
) -> int:
    """Lint SQL files, folders or globs against the policies.

    Each statement becomes a fact (see `tutela facts`); the policies judge each fact and
    every finding names its file:line:col, rule, legal basis and a fix. Suppress a finding
    with `-- tutela: ignore[PUR001] reason` (a reason is required).

    Exit codes: 0 clean, 1 findings at or above --fail-on, 2 could not run (bad config,
    inventory or policy; unreadable file; engine error), 3 internal bug.
    """
    from tutela.lint import LintRequest
    from tutela.lint import lint as run_lint

    cfg = resolve_config(config_path)
    if profile:
        cfg.profile = profile
    if statistics and fmt != "text" and output is None:
        raise click.UsageError(
            "--statistics prints a text table: use it with --format text, or with -o FILE "
            "for the report"
        )
    if lang:
        cfg.lang = lang
    apply_jurisdictions(cfg, jurisdictions)
    if not paths and not stdin_filename:
        raise ConfigError(
            "nothing to lint",
            hint="pass SQL files, folders or globs, or "
            "--stdin-filename NAME to read SQL from stdin",
        )
    inventory_file = resolve_inventory_path(cfg, inventory_path)
    if output is not None:
        from tutela.shares.load import expand_manifest_paths
        from tutela.shares.paths import default_share_paths
        from tutela.sql import expand_paths

        inputs = expand_paths(paths, cfg) if paths else []
        shares = default_share_paths(cfg)  # lint reads the approved shares too
        inputs += expand_manifest_paths(shares, cfg) if shares else []
        refuse_output_onto_inputs(output, [*inputs, cfg.source, inventory_file])
    stdin_text = sys.stdin.read() if stdin_filename else None
    request = LintRequest(
        paths=paths,
        inventory_path=inventory_file,
        dialect=dialect,
        stdin_text=stdin_text,
        stdin_filename=stdin_filename,
        jobs=jobs,
        keep_facts=False,  # the report needs only where findings point: flat memory
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
    from tutela.cli.progress import progress_bar, wanted

    with progress_bar(wanted()) as progress:
        request.progress = progress
        result = run_lint(request)
    if verbose and paths:
        from tutela.sql.files import expand_paths, skipped_models

        for skipped in skipped_models(expand_paths(paths, cfg), cfg, dialect):
            click.echo(
                f"{cfg.relpath(skipped)}: skipped: disabled in dbt (enabled: false)", err=True
            )
    from tutela.sql.files import encoding_warnings

    for warning in encoding_warnings(result.facts):  # stderr: never mixed into the report
        click.echo(f"warning: {visible(warning)}", err=True)
    if statistics:
        from tutela.reporters.statistics import render_statistics

        if output is not None:
            write_output(render(fmt, result.report, color=False), output)
        click.echo(render_statistics(result.report), nl=False)
        code = result.report.exit_code
        return 0 if code == 1 and exit_zero else code
    return finish_gate(result.report, fmt, output, color, exit_zero)
