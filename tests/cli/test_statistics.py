"""`lint --statistics` (counts per rule, like ruff) and the summary line's skipped files."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE


def test_statistics_count_every_unsuppressed_finding_per_rule(run_cli) -> None:
    args = ("lint", "models", "--no-cache", "--today", "2026-11-28", "--lang", "en")
    code, out, err = run_cli(*args, "--format", "json", cwd=EXAMPLE)
    report = json.loads(out)
    active = [f["id"] for f in report["findings"] if not f["suppressed"]]
    code_stats, stats, err = run_cli(*args, "--statistics", cwd=EXAMPLE)
    assert code_stats == code == 1, err
    rows = [re.match(r"\s*(\d+)  (\S+)  (\S+)  \[(\w+)\]", line) for line in stats.splitlines()]
    counts = {m[2]: int(m[1]) for m in rows if m}
    assert counts == {rule: active.count(rule) for rule in set(active)}
    ordered = [int(m[1]) for m in rows if m]
    assert ordered == sorted(ordered, reverse=True)
    assert "(+1 suppressed)" in stats
    assert stats.splitlines()[-1].startswith("Found ")
    assert "help:" not in stats  # the findings themselves are not printed


def test_statistics_speak_the_report_language(run_cli) -> None:
    args = ("lint", "models", "--no-cache", "--today", "2026-11-28", "--statistics")
    _, out, _ = run_cli(*args, "--lang", "es", cwd=EXAMPLE)
    assert "(+1 suprimido)" in out and "suppressed" not in out
    assert out.splitlines()[-1].startswith("Hallazgos: ")


def test_statistics_with_a_report_file(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "r.sarif"
    args = ("lint", "models", "--no-cache", "--lang", "en", "--statistics", "--format", "sarif")
    args = (*args, "-o", str(target))
    code, out, err = run_cli(*args, cwd=EXAMPLE)
    assert code == 1, err
    assert json.loads(target.read_text(encoding="utf-8"))["runs"][0]["results"]
    assert "PUR002" in out and out.splitlines()[-1].startswith("Found ")
    code, out, err = run_cli("lint", "models", "--statistics", "--format", "json", cwd=EXAMPLE)
    assert code == 2 and "--statistics prints a text table" in err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "inventory.yaml").write_bytes((EXAMPLE / "inventory.yaml").read_bytes())
    (tmp_path / "tutela.toml").write_text(
        'inventory = "inventory.yaml"\nexclude = ["models/legacy/**"]\n', encoding="utf-8"
    )
    for name in ("models/a.sql", "models/legacy/old.sql", "dbt/target/compiled/m.sql"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("SELECT 1;\n", encoding="utf-8")
    (tmp_path / "dbt" / "dbt_project.yml").write_text("name: x\n", encoding="utf-8")
    (tmp_path / "models" / "bin.sql").write_bytes(b"\x00")
    return tmp_path


def test_summary_line_says_what_was_analysed_skipped_and_unreadable(run_cli, project) -> None:
    code, out, err = run_cli("lint", "models", "dbt", "--no-cache", cwd=project)
    assert code == 2, err
    assert out.splitlines()[-1] == (
        "No findings in 2 files (1 file could not be analysed; "
        "2 files skipped: 1 dbt target, 1 excluded)."
    )
    (project / "models" / "bin.sql").unlink()
    code, out, err = run_cli("lint", "models", "--no-cache", cwd=project)
    assert code == 0, err
    assert out.splitlines()[-1] == "All checks passed (1 file, 1 file skipped: 1 excluded)."
