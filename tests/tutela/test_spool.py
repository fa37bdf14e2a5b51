"""A report's findings spilled to a temporary file: the same order, counts and reports.

:class:`tutela.spool.Findings` keeps a few thousand findings in memory and writes the rest
as sorted runs merged on reading (issue 15: memory flat in corpus size). Whether a run
spilled must never show in what is reported.
"""

from __future__ import annotations

import pickle
import random
import shutil
from pathlib import Path

import pytest

import tutela.lint as lint_module
from tests.conftest import EXAMPLE, lint_models
from tutela.findings import Finding, LegalBasis, Location, Severity
from tutela.reporters import FORMATS, Report, render
from tutela.reporters.statistics import render_statistics
from tutela.spool import Findings


def _findings(n: int, seed: int = 3) -> list[Finding]:
    """Findings with many equal sort keys (file, line, col, id, msg) that differ elsewhere."""
    rng = random.Random(seed)  # noqa: S311 - test data, a fixed seed
    out = []
    for i in range(n):
        out.append(
            Finding(
                id=rng.choice(["PUR001", "PUR002", "RET001"]),
                msg=rng.choice(["a", "b"]),
                severity=rng.choice(list(Severity)),
                location=Location(rng.choice(["a.sql", "b.sql"]), rng.randint(1, 3), 1, ("x", i)),
                name="some-rule",
                legal_basis=(LegalBasis("LFPDPPP", "11"),),
                suppressed=rng.random() < 0.2,
                values={"i": i},
            )
        )
    return out


@pytest.mark.parametrize("limit", [1, 7, 64, 10_000])
def test_order_is_a_stable_sort_whatever_was_spilled(limit: int) -> None:
    items = _findings(300)
    found = Findings(limit=limit)
    for at in range(0, len(items), 13):  # added in batches, as the collector adds them
        found.extend(items[at : at + 13])
    found.seal()
    expected = sorted(items, key=Finding.sort_key)  # stable: equal keys keep their order
    assert found.spilled == (limit < len(items))
    assert list(found) == expected
    assert list(found) == expected  # iterating twice reads the runs again
    assert [f.values["i"] for f in found] == [f.values["i"] for f in expected]
    assert len(found) == 300
    assert found[0] == expected[0] and found[-1] == expected[-1]
    assert found[10:12] == expected[10:12]
    assert found == expected and found == tuple(expected)
    for severity in Severity:
        active = sum(1 for f in items if not f.suppressed and f.severity == severity)
        assert found.active_count(severity) == active
    assert found.suppressed_count() == sum(f.suppressed for f in items)
    assert list(pickle.loads(pickle.dumps(found))) == expected  # noqa: S301 - our own bytes


def test_a_sealed_collection_refuses_more_findings() -> None:
    found = Findings(_findings(3), limit=2).seal()
    with pytest.raises(RuntimeError, match="sealed"):
        found.extend(_findings(1))


def test_every_report_format_is_the_same_spilled_or_not() -> None:
    items = _findings(200)
    kept = Report(items, files=["a.sql", "b.sql"], fail_on="warning")
    spilled = Report(Findings(items, limit=9), files=["a.sql", "b.sql"], fail_on="warning")
    assert isinstance(spilled.findings, Findings) and spilled.findings.spilled
    assert not kept.findings.spilled  # type: ignore[attr-defined]
    for fmt in FORMATS:
        assert render(fmt, spilled) == render(fmt, kept), fmt
    assert render_statistics(spilled) == render_statistics(kept)
    assert spilled.summary() == kept.summary()
    assert len(spilled.active) == sum(not f.suppressed for f in items)
    assert list(spilled.suppressed) == [f for f in kept.findings if f.suppressed]
    assert spilled.exit_code == 1


@pytest.mark.parametrize(
    ("severities", "fail_on", "code"),
    [
        ([Severity.INFO], "warning", 0),
        ([Severity.INFO, Severity.WARNING], "warning", 1),
        ([Severity.ERROR], "error", 1),
        ([Severity.WARNING], "error", 0),
    ],
)
def test_exit_code_from_the_counts(severities, fail_on: str, code: int) -> None:
    items = [Finding("PUR001", "m", s, Location("a.sql", 1)) for s in severities]
    silenced = Finding("PUR001", "m", Severity.ERROR, Location("a.sql", 2), suppressed=True)
    report = Report(Findings([*items, silenced], limit=1), files=["a.sql"], fail_on=fail_on)
    assert report.exit_code == code  # a suppressed error never fails the run


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_spilling_lint_run_reports_the_same(tmp_path: Path, monkeypatch, jobs: int) -> None:
    monkeypatch.setattr(lint_module, "PARALLEL_MIN_FILES", 2)  # workers even for the example
    monkeypatch.setattr(lint_module, "_SLIM_STEP", 4)  # findings added over many batches
    project = tmp_path / "example"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".tutela_cache"))
    kept = lint_models(project, jobs=jobs).report
    monkeypatch.setattr("tutela.spool.SPILL", 5)  # the example's ~40 findings in many runs
    spilled = lint_models(project, jobs=jobs).report
    assert isinstance(spilled.findings, Findings) and spilled.findings.spilled
    assert not kept.findings.spilled  # type: ignore[attr-defined]
    assert len(kept.findings) > 30
    for fmt in FORMATS:
        assert render(fmt, spilled) == render(fmt, kept), fmt
