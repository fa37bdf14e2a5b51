"""`tutela rules`, `tutela rules explain`: listing and documentation from METADATA."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutela.cli.commands.rules import render_markdown
from tutela.rules import load_rule_index

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def toy_project(tmp_path: Path, toy_dir: Path) -> Path:
    (tmp_path / "tutela.toml").write_text(
        f'policy_dirs = ["{toy_dir.as_posix()}"]\n[severity]\nstar-select = "info"\n',
        encoding="utf-8",
    )
    return tmp_path


def test_text_lists_toy_rules(run_cli, toy_project):
    code, out, err = run_cli("rules", cwd=toy_project)
    assert (code, err) == (0, "")
    toy = [line for line in out.splitlines() if line.startswith(("TOY", "OTH"))]
    width = max(len(line.split()[1]) for line in out.splitlines())
    assert toy == [
        f"OTH001  {'export-abroad':<{width}}  error    Export outside Mexico  "
        "(LFPDPPP art. 36 fr. I)",
        f"TOY001  {'secret-column-read':<{width}}  error    Secret column read  (LFPDPPP art. 19)",
        f"TOY002  {'star-select':<{width}}  info     Star select  (LFPDPPP art. 11 ¶2 (toy))",
    ]


def test_json(run_cli, toy_project):
    code, out, _ = run_cli("rules", "--format", "json", cwd=toy_project)
    assert code == 0
    rules = {r["id"]: r for r in json.loads(out)}
    assert rules["TOY002"] == {
        "id": "TOY002",
        "name": "star-select",
        "title": "Star select",
        "severity": "info",
        "kind": "warn",
        "family": "toy",
        "jurisdiction": "lfpdppp",
        "description": "What it does: warns when a statement uses `SELECT *`.\n"
        "Why it matters: a toy warning for tutela's own engine tests.",
        "legal_basis": [
            {"instrument": "LFPDPPP", "article": "11", "paragraph": "2", "note": "toy"}
        ],
        "recommended_action": "List the columns.",
        "deprecated": False,
        "opt_in": False,
        "aliases": ["select-star"],
        "file": rules["TOY002"]["file"],
        "line": 37,
    }


def test_explain_golden(run_cli, toy_project, golden):
    code, out, err = run_cli("rules", "explain", "TOY001", cwd=toy_project)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[-1].startswith("Defined in ") and lines[-1].endswith(
        "toy/toy/secret_column.rego:18"
    )
    golden(GOLDEN / "explain_TOY001.txt", "\n".join(lines[:-1]) + "\n")


def test_explain_by_name_and_alias(run_cli, toy_project):
    code, out, _ = run_cli("rules", "explain", "select-star", cwd=toy_project)
    assert code == 0
    assert out.splitlines()[:3] == [
        "TOY002 (star-select): Star select",
        "",
        "Severity: info (warn)",
    ]


def test_explain_unknown_suggests(run_cli, toy_project):
    code, out, err = run_cli("rules", "explain", "TOY003", cwd=toy_project)
    assert code == 2
    assert out == ""
    assert err.startswith("Error: unknown rule 'TOY003'\n  help: did you mean ")
    assert "'TOY001'" in err


def test_markdown_golden(toy_dir, golden, monkeypatch):
    monkeypatch.chdir(Path(__file__).resolve().parents[2])  # file names are cwd-relative
    golden(
        GOLDEN / "rules_toy.md",
        render_markdown(load_rule_index([toy_dir]).rules).replace(toy_dir.as_posix(), "<toy>"),
    )


def test_markdown_cli(run_cli, toy_project):
    code, out, _ = run_cli("rules", "--format", "markdown", cwd=toy_project)
    assert code == 0
    assert out.startswith("# Rule reference\n")
    assert "\n## TOY001\n" in out
    assert "| [TOY002](#toy002) | `star-select` | info | Star select |" in out
