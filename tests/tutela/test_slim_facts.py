"""Slim facts (``LintRequest.keep_facts=False``, what the CLI runs): the same report, less kept.

Once a batch is judged, each fact keeps only its place and the positions its findings point
to, so a large run's memory does not hold every fact until the report. The report must not
change by a byte, serially or with workers.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import tutela.lint as lint_module
from tests.conftest import EXAMPLE, lint_models
from tutela.reporters import render


@pytest.mark.parametrize(("jobs", "step"), [(1, 100), (1, 4), (2, 100)])
def test_slim_facts_give_the_same_report(tmp_path: Path, monkeypatch, jobs: int, step: int) -> None:
    monkeypatch.setattr(lint_module, "PARALLEL_MIN_FILES", 2)  # workers even for the example
    # Findings are made batch by batch (step 4: a dozen batches, suppressions in several).
    monkeypatch.setattr(lint_module, "_SLIM_STEP", step)
    project = tmp_path / "example"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".tutela_cache"))
    full = lint_models(project, keep=True, jobs=1)
    slim = lint_models(project, keep=False, jobs=jobs)
    assert len(full.report.findings) > 30  # the example has findings of many rules
    for fmt in ("json", "text", "sarif"):
        assert render(fmt, slim.report) == render(fmt, full.report)
    # ... and far less was kept: a stub of each fact, no exposure lists
    assert len(slim.facts) == len(full.facts)
    assert any("exposures" in f and isinstance(f["exposures"], list) for f in full.facts)
    for fact in slim.facts:
        assert not any(isinstance(v, list) for v in fact.values()), fact
