"""The CLI error boundary: help, version, usage errors exit 2."""

from __future__ import annotations

from tutela import __version__


def test_help_lists_commands(run_cli):
    code, out, _ = run_cli("--help")
    assert code == 0
    assert "Usage: tutela" in out


def test_version(run_cli):
    code, out, _ = run_cli("--version")
    assert code == 0
    assert out.strip() == f"tutela, version {__version__}"


def test_unknown_command_is_usage_error(run_cli):
    code, _, err = run_cli("frobnicate")
    assert code == 2
    assert "No such command 'frobnicate'" in err
