"""Shared test fixtures: golden files, the example project, the CLI runner."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "contact-center"

# Engine errors must never carry Rust backtraces, whatever the environment says.
os.environ.setdefault("RUST_BACKTRACE", "1")

# The per-user cache key (tutela.cache) of the test run: never the developer's own.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="tutela-test-config-")
# ... and its run records (tutela.replay): never the developer's either.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="tutela-test-cache-")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="Rewrite golden files from the current output (then review `git diff`).",
    )


@pytest.fixture(autouse=True)
def _every_sarif_log_is_valid(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every SARIF log a test produces in-process is checked against the OASIS SARIF 2.1.0
    schema and what GitHub code scanning relies on (tests/schemas.py), where it is made."""
    from tutela.reporters import sarif

    original = sarif.report_to_sarif

    def checked(report):  # type: ignore[no-untyped-def]
        from tests.schemas import sarif_problems

        log = original(report)
        problems = sarif_problems(json.loads(json.dumps(log)))
        assert not problems, "invalid SARIF: " + "; ".join(problems[:5])
        return log

    monkeypatch.setattr(sarif, "report_to_sarif", checked)


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def golden(update_goldens: bool) -> Callable[[Path, str], None]:
    """Compare ``text`` with the golden file at ``path`` (or rewrite it with --update-goldens)."""

    def check(path: Path, text: str) -> None:
        if update_goldens or not path.exists():
            if not update_goldens:
                pytest.fail(
                    f"golden file {path.relative_to(REPO)} is missing; "
                    "run `make goldens` and review the diff"
                )
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8", newline="")
            return
        expected = path.read_text(encoding="utf-8")
        assert text == expected, (
            f"output differs from golden {path.relative_to(REPO)}; "
            "if the change is intended run `make goldens` and review the diff"
        )

    return check


@pytest.fixture
def example_dir() -> Path:
    return EXAMPLE


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., tuple[int, str, str]]:
    """Run ``tutela`` in-process through click's runner; returns (exit code, stdout, stderr)."""
    from click.testing import CliRunner

    from tutela.cli.main import cli, main

    def run(*args: str, cwd: Path | None = None, input: str | None = None) -> tuple[int, str, str]:
        if cwd is not None:
            monkeypatch.chdir(cwd)
        runner = CliRunner()
        captured: dict[str, int] = {}

        def invoke() -> None:
            captured["code"] = main(list(args))

        # CliRunner isolates stdout/stderr; main() is the real error boundary.
        result = runner.invoke(_wrap(invoke), [], input=input, catch_exceptions=False)
        return captured.get("code", result.exit_code), result.stdout, result.stderr

    del cli
    return run


def _wrap(func: Callable[[], None]):  # type: ignore[no-untyped-def]
    import click

    @click.command()
    def _cmd() -> None:
        func()

    return _cmd


def lint_models(project: Path, *, jobs: int, keep: bool = False):  # type: ignore[no-untyped-def]
    """``tutela.lint.lint`` over ``project``'s ``models/`` (no cache, a fixed today)."""
    from datetime import date

    from tutela.config import load_config
    from tutela.lint import LintRequest, lint

    config = load_config(project / "tutela.toml")
    cwd = Path.cwd()
    os.chdir(project)
    try:
        return lint(
            LintRequest(
                paths=["models"],
                config=config,
                inventory_path=Path("inventory.yaml"),
                jobs=jobs,
                use_cache=False,
                today=date(2026, 12, 3),
                keep_facts=keep,
            )
        )
    finally:
        os.chdir(cwd)
