"""The profile-enabled copy of the example: inventory.yaml + gdpr/gdpr.yaml."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "contact-center"


@pytest.fixture
def gdpr_project(tmp_path: Path) -> Path:
    """A copy of the example whose inventory carries the `gdpr:` block, profile on."""
    project = tmp_path / "contact-center"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".tutela_cache"))
    inventory = project / "inventory.yaml"
    inventory.write_text(
        inventory.read_text(encoding="utf-8")
        + (project / "gdpr" / "gdpr.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    toml = project / "tutela.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'fail_on = "error"', 'fail_on = "error"\njurisdiction = ["lfpdppp", "gdpr"]'
        ),
        encoding="utf-8",
    )
    return project
