"""The public API of `import tutela` is small and pinned; adding to it is a decision."""

from __future__ import annotations

import subprocess
import sys

import tutela


def test_public_names_are_pinned() -> None:
    assert tutela.__all__ == [
        "Catalog",
        "Finding",
        "Inventory",
        "LintRequest",
        "Location",
        "Severity",
        "TutelaError",
        "__version__",
        "analyze_sql",
        "lint",
        "load_inventory",
    ]
    for name in tutela.__all__:
        assert getattr(tutela, name) is not None


def test_import_is_cheap() -> None:
    """`import tutela` must not pull sqlglot, Jinja, regorus or the OPA client."""
    code = (
        "import sys, tutela; heavy = [m for m in ('sqlglot', 'jinja2', 'regorus', "
        "'opa_client', 'cerberus') if m in sys.modules]; print(','.join(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_cli_help_does_not_import_the_engines() -> None:
    code = (
        "import sys; from tutela.cli.main import main; main(['--help']);"
        "print([m for m in ('sqlglot', 'jinja2', 'regorus', 'opa_client') "
        "if m in sys.modules])"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().endswith("[]")
