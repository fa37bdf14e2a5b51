"""The progress bar: drawn with rich on a terminal for long runs, never in CI or non-TTY output."""

from __future__ import annotations

import io

from rich.console import Console

from tests.conftest import EXAMPLE
from tutela.cli.progress import progress_bar, wanted


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_only_on_a_terminal_and_never_in_ci():
    assert wanted(_Tty(), {}) is True
    assert wanted(io.StringIO(), {}) is False  # a pipe, a file, a CI log
    assert wanted(_Tty(), {"CI": "true"}) is False
    assert wanted(_Tty(), {"TUTELA_NO_PROGRESS": "1"}) is False


def test_the_bar_draws_after_the_delay_and_goes_away():
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=80)
    with progress_bar(True, console=console, delay=0) as update:
        assert update is not None
        update(5, 10)
        update(10, 10)
    assert "Analysing" in out.getvalue() and "10/10" in out.getvalue()
    quiet = io.StringIO()
    with progress_bar(True, console=Console(file=quiet, force_terminal=True), delay=60) as update:
        assert update is not None
        update(1, 2)  # a short run: nothing drawn
    assert quiet.getvalue() == ""
    with progress_bar(False) as update:
        assert update is None


def test_lint_reports_progress_per_batch_and_the_cli_draws_nothing_off_a_terminal(run_cli):
    from tutela.config import load_config
    from tutela.lint import LintRequest, lint

    calls: list[tuple[int, int]] = []
    config = load_config(EXAMPLE / "tutela.toml", start=EXAMPLE)
    request = LintRequest(
        paths=[str(EXAMPLE / "models")],
        config=config,
        inventory_path=EXAMPLE / "inventory.yaml",
        jobs=1,
        use_cache=False,
        progress=lambda done, total: calls.append((done, total)),
    )
    lint(request)
    total = calls[-1][1]
    assert total > 25 and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls) and len(calls) >= 2
    code, out, err = run_cli("lint", "models", "--no-cache", cwd=EXAMPLE)
    assert code == 1 and "Analysing" not in err + out and "\x1b" not in err + out
