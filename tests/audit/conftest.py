"""Fixtures for the audit tests: the example project's config and small generated histories."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutela.audit.entry import run_audit
from tutela.audit.run import AuditRequest, run_findings
from tutela.config import Config, load_config

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "contact-center"

pytest.importorskip("duckdb", reason="the audit needs DuckDB (pip install 'tutela[audit]')")


@pytest.fixture
def example_config() -> Config:
    return load_config(EXAMPLE / "tutela.toml")


def audit(paths, config: Config, db: Path, **kw):
    """Run an audit of ``paths`` into ``db``; (summary, findings of this run's files)."""
    request = AuditRequest(
        paths=list(paths),
        config=config,
        inventory_path=kw.pop("inventory", EXAMPLE / "inventory.yaml"),
        db=db,
        **kw,
    )
    summary = run_audit(request)
    return summary, run_findings(db, summary.version, summary.sources)
