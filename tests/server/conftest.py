"""A copy of the example contact center per test, and a daemon that is always stopped."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "contact-center"
ENTRY = "import sys; from tutela.cli.entry import entry; entry()"


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """The example project in a temporary folder; its server is stopped afterwards."""
    root = tmp_path / "cc"
    shutil.copytree(EXAMPLE, root, ignore=shutil.ignore_patterns(".tutela_cache"))
    yield root
    tutela(root, "server", "stop")


def tutela(
    cwd: Path, *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point (what pre-commit runs) in a subprocess."""
    environ = {k: v for k, v in os.environ.items() if k not in {"CI", "TUTELA_SERVER"}}
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-c", ENTRY, *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=environ,
        timeout=300,
        check=False,
    )
