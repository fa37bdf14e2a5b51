"""Issue 19.5 (terminal part): escape sequences, bidi overrides and zero-width characters from
the inventory, the SQL or the command line never reach the terminal verbatim; they are shown
as \\uXXXX (tutela/terminal.py). Real CLI, real inventory, real policies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE

HOSTILE = "x\x1b]8;;evil\x1b\\\x1b[2J\u202ecod\u200bigo\u2066"
CARD_TABLE = "cc_dwh.pagos.legacy_ivr_pagos"
RAW = re.compile("[\x1b\u202e\u200b\u2066\x07\x9b]")


def _clean(text: str) -> None:
    assert not RAW.search(text), repr(text)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    inventory = (EXAMPLE / "inventory.yaml").read_text(encoding="utf-8")
    (tmp_path / "inventory.yaml").write_text(inventory, encoding="utf-8")
    (tmp_path / "tutela.toml").write_text('inventory = "inventory.yaml"\n', encoding="utf-8")
    return tmp_path


def test_lint_text_output_escapes_hostile_names(run_cli, project: Path) -> None:
    name = f"q{HOSTILE}.sql"
    (project / name).write_text(
        f'-- tutela: purpose=pagos\nSELECT "cvv{HOSTILE[1:]}" FROM {CARD_TABLE};\n',
        encoding="utf-8",
    )
    code, out, err = run_cli("lint", name, "--no-cache", cwd=project)
    assert code in (0, 1), err
    _clean(out + err)
    assert "\\u001b[2j" in out.lower() and "\\u202e" in out


def test_error_messages_escape_arguments_and_file_names(run_cli, project: Path) -> None:
    for args in (
        ("lint", f"missing{HOSTILE}.sql", "--no-cache"),
        ("validate", f"inv{HOSTILE}.yaml"),
        ("shares", "check", f"m{HOSTILE}.yaml", "--no-cache"),
        ("lint", f"--format={HOSTILE}", "x.sql"),  # a click usage error echoes the value
        ("lint", f"--no-such-option{HOSTILE}"),
    ):
        code, out, err = run_cli(*args, cwd=project)
        assert code == 2, (args, out, err)
        _clean(out + err)
        assert "\\u001b" in err or "\\x1b" in err, (args, err)


def test_validate_escapes_a_hostile_inventory(run_cli, project: Path) -> None:
    text = (project / "inventory.yaml").read_text(encoding="utf-8")
    (project / "inventory.yaml").write_text(
        text.replace(
            "legal_name:", f"legal_name: {HOSTILE!r}\n  x_unknown{HOSTILE}: 1\n  _was:", 1
        ),
        encoding="utf-8",
    )
    code, out, err = run_cli("validate", cwd=project)
    assert code == 2, out + err
    _clean(out + err)
    name = project / f"ok{HOSTILE}.yaml"
    name.write_text(text, encoding="utf-8")
    code, out, err = run_cli("validate", name.name, cwd=project)
    assert code == 0, err
    _clean(out)
    assert "\\u202e" in out and "valid" in out
