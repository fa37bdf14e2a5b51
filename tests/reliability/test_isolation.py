"""Fail closed per unit: a rule that fails on one statement or manifest hides nothing else.

A user policy family (``tutela.boom``) raises a Rego run-time error (``to_number("x")``,
which the regorus interpreter reports as an error) on the facts of one file or one manifest
only. The run must still report every other unit's findings, give the failing unit an error
located at its statement with the Rego message, and exit 2 (never 0, never a bare crash).
Real CLI, real regorus, real sqlglot.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO

EXAMPLE = REPO / "examples" / "contact-center"
LINT_INVENTORY = REPO / "tests" / "fixtures" / "lint" / "inventory.yaml"
BAD = "-- tutela: purpose=atencion\nSELECT t.cvv FROM pagos.tarjetas t;\n"

BOOM = """package tutela.boom

import data.tutela.lib.finding

# METADATA
# title: Fails on purpose
# description: |
#   What it does: raises a Rego run-time error on the facts of files named boom*.
#   Why it matters: a test fixture for per-unit isolation.
# custom:
#   id: BOM001
#   name: boom
#   severity: error
#   legal_basis: [{instrument: LFPDPPP, article: "19"}]
#   recommended_action: None; this rule only fails.
deny contains finding.new("BOM001", "never", []) if {
	contains(input.file, "boom")
	to_number("not a number") > 0
}
"""


def _policies(root: Path) -> Path:
    folder = root / "extra" / "boom"
    folder.mkdir(parents=True)
    (folder / "boom.rego").write_text(BOOM, encoding="utf-8")
    return root / "extra"


@pytest.fixture
def sql_project(tmp_path: Path) -> Path:
    shutil.copy(LINT_INVENTORY, tmp_path / "inventory.yaml")
    _policies(tmp_path)
    (tmp_path / "tutela.toml").write_text(
        'inventory = "inventory.yaml"\ndialect = "snowflake"\npolicy_dirs = ["extra"]\n',
        encoding="utf-8",
    )
    models = tmp_path / "models"
    models.mkdir()
    for n in range(3):
        (models / f"bad{n}.sql").write_text(BAD, encoding="utf-8")
    (models / "boom.sql").write_text(BAD + "SELECT 1;\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_lint_reports_every_other_file_when_a_rule_fails_on_one(
    run_cli, sql_project: Path, jobs: str
) -> None:
    code, out, _ = run_cli(
        "lint", "models", "--no-cache", "--format", "json", "--jobs", jobs, cwd=sql_project
    )
    assert code == 2
    report = json.loads(out)
    by_file = {}
    for finding in report["findings"]:
        by_file.setdefault(finding["location"]["file"], set()).add(finding["id"])
    for n in range(3):
        assert "PCI001" in by_file[f"models/bad{n}.sql"]
    assert "models/boom.sql" not in by_file  # its statements were not judged
    errors = report["errors"]
    assert [(e["file"], e["line"]) for e in errors] == [
        ("models/boom.sql", 2),
        ("models/boom.sql", 3),
    ]
    assert all("policy evaluation failed" in e["message"] for e in errors)
    assert all("boom.rego:" in e["message"] for e in errors)  # where the rule failed


def test_lint_text_names_the_failing_statement(run_cli, sql_project: Path) -> None:
    code, out, _ = run_cli("lint", "models", "--no-cache", cwd=sql_project)
    assert code == 2
    assert "models/bad0.sql:2:8: PCI001 [error]" in out
    assert "models/boom.sql:2" in out and "policy evaluation failed" in out


def test_shares_check_reports_every_other_manifest(run_cli, tmp_path: Path) -> None:
    project = tmp_path / "p"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".tutela_cache"))
    shares = project / "shares"
    text = (shares / "voxinsight.yaml").read_text(encoding="utf-8")
    (shares / "boom.yaml").write_text(text.replace("id: voxinsight", "id: boom"), encoding="utf-8")
    _, baseline, _ = run_cli("shares", "check", "--no-cache", "--format", "json", cwd=project)
    _policies(project)
    config = project / "tutela.toml"
    config.write_text('policy_dirs = ["extra"]\n' + config.read_text(encoding="utf-8"))
    code, out, _ = run_cli("shares", "check", "--no-cache", "--format", "json", cwd=project)
    assert code == 2
    report, clean = json.loads(out), json.loads(baseline)
    assert {e["file"] for e in report["errors"]} == {"shares/boom.yaml"}
    assert all("policy evaluation failed" in e["message"] for e in report["errors"])
    others = [f for f in clean["findings"] if f["location"]["file"] != "shares/boom.yaml"]
    assert others, "the example's manifests have findings to keep"
    kept = [f for f in report["findings"] if f["location"]["file"] != "shares/boom.yaml"]
    assert kept == others
