"""The ``tutela`` command: the one error boundary of the program.

Exit codes (STYLE.md 7.5): 0 clean · 1 findings at or above ``--fail-on`` ·
2 could not run (usage, unreadable or invalid input, policy or engine error) ·
3 internal bug (the traceback is written to a file whose path is printed) ·
130 interrupted.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
from typing import Any

import click

from tutela import __version__
from tutela.errors import TutelaError
from tutela.terminal import visible

# name -> (module, attribute, one-line help). Modules are imported only when the verb runs,
# so `tutela lint` never pays for Jinja or the OPA client.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "validate": ("tutela.cli.commands.validate", "validate", "Validate the data inventory."),
    "notice": ("tutela.cli.commands.notice", "notice", "Generate an aviso de privacidad."),
    "facts": ("tutela.cli.commands.facts", "facts", "Print what SQL statements do, as JSON facts."),
    "lint": ("tutela.cli.commands.lint", "lint", "Lint warehouse SQL against the policies."),
    "rules": ("tutela.cli.commands.rules", "rules", "List the rules or explain one."),
    "policy": ("tutela.cli.commands.policy", "policy", "Policy tools: run the Rego tests."),
    "bundle": ("tutela.cli.commands.bundle", "bundle", "Build an OPA bundle (.tar.gz)."),
    "shares": ("tutela.cli.commands.shares", "shares", "Check data-sharing manifests."),
    "arco": ("tutela.cli.commands.arco", "arco", "Plan ARCO requests; render response letters."),
    "breach": (
        "tutela.cli.commands.breach",
        "breach",
        "Breach response: affected data, significance, notices.",
    ),
    "gdpr": (
        "tutela.cli.commands.gdpr",
        "gdpr",
        "GDPR profile: Art. 13 / Art. 14 notices (docs/gdpr.md).",
    ),
    "server": (
        "tutela.cli.commands.server",
        "server",
        "The warm server for pre-commit (socket) and editors (LSP).",
    ),
    "suppressions": (
        "tutela.cli.commands.suppressions",
        "suppressions",
        "List inline suppressions: what, by whom, why, until when.",
    ),
    "audit": ("tutela.cli.commands.audit", "audit", "Audit the queries a warehouse executed."),
    "report": ("tutela.cli.commands.report", "report", "Render the evaluation report of audits."),
    "retention": (
        "tutela.cli.commands.retention",
        "retention",
        "Plan retention (bloqueo, supresion).",
    ),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(n for n, (mod, _, _) in COMMANDS.items() if importlib.util.find_spec(mod))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, attr, _ = COMMANDS[cmd_name]
        if importlib.util.find_spec(module) is None:
            return None
        command = getattr(importlib.import_module(module), attr)
        if not isinstance(command, click.Command):  # pragma: no cover - a wiring bug
            raise TypeError(f"{module}.{attr} is not a click command")
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tutela")
def cli() -> None:
    """tutela: policy-as-code for Mexico's personal-data law (LFPDPPP 2025).

    Lint warehouse SQL, gate data-sharing manifests in CI, and generate the avisos de
    privacidad from one data inventory. Exit codes: 0 clean, 1 findings, 2 could not
    run, 3 internal bug.
    """


def _report_bug(exc: BaseException) -> int:
    # Imported here: every start would otherwise pay for modules that only a crash needs.
    import os
    import tempfile
    import traceback

    fd, path = tempfile.mkstemp(prefix="tutela-crash-", suffix=".txt")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(f"tutela {__version__}\n")
        handle.write("".join(traceback.format_exception(exc)))
    click.echo(
        f"Internal error: {type(exc).__name__}: {visible(str(exc))}\n"
        f"This is a bug in tutela. The traceback is in {path}; please attach it to a report.",
        err=True,
    )
    return 3


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (never raises)."""
    try:
        result: Any = cli.main(args=argv, prog_name="tutela", standalone_mode=False)
    except TutelaError as exc:
        # Messages quote file names, values and arguments the user gave: never let their
        # escape sequences, bidi overrides or zero-width characters reach the terminal.
        click.echo(f"Error: {visible(exc.render())}", err=True)
        return 2
    except click.exceptions.Abort:
        click.echo("Interrupted.", err=True)
        return 130
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    except click.ClickException as exc:
        shown = io.StringIO()
        exc.show(file=shown)  # usage errors echo the arguments as given: escape them
        click.echo(visible(shown.getvalue()), err=True, nl=False)
        return 2 if exc.exit_code == 1 else exc.exit_code  # usage errors: always 2
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except BrokenPipeError:
        return 1
    except Exception as exc:  # the one place that turns a bug into exit 3
        return _report_bug(exc)
    return int(result or 0)
