"""``tutela policy test``: run the Rego unit tests on the embedded engine, like ``opa test``."""

from __future__ import annotations

from pathlib import Path

import click

from tutela.cli.options import config_option, resolve_config
from tutela.engine.policytest import run_policy_tests, summary
from tutela.errors import TutelaError


@click.group()
def policy() -> None:
    """Policy tools: run the Rego tests."""


@policy.command("test")
@click.argument("dirs", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Print every test, not only failures.")
@click.option("--run", "run", metavar="REGEX", help="Only tests whose package.name matches.")
@click.option("--no-builtin", is_flag=True, help="Do not load the built-in rule families.")
@config_option
def test(
    dirs: tuple[Path, ...],
    verbose: bool,
    run: str | None,
    no_builtin: bool,
    config_path: Path | None,
) -> int:
    """Run every test_* rule of every *_test.rego (built-in policies plus DIRS).

    DIRS default to the configured `policy_dirs`. Exit 0 when all pass, 1 on a failure,
    2 when a policy does not compile or no test is found.
    """
    folders = list(dirs) if dirs else resolve_config(config_path).policy_dirs
    results = run_policy_tests(folders, include_builtin=not no_builtin, run=run)
    for result in results:
        if result.outcome == "PASS" and not verbose:
            continue
        click.echo(f"{result.outcome} {result.full_name} ({result.file}:{result.line})")
        if result.detail:
            click.echo(f"  {result.detail}")
        if verbose and result.outcome != "PASS":
            for line in result.prints:
                click.echo(f"  print: {line}")
    click.echo(summary(results))
    if not results:
        raise TutelaError(
            "no tests found",
            hint="tests are `test_*` rules in `*_test.rego` files"
            + (f" matching --run {run!r}" if run else ""),
        )
    return 1 if any(r.outcome != "PASS" for r in results) else 0
