"""RET004 is opt-in: off by default, on when selected by its code (RuleIndex.select)."""

from __future__ import annotations

import json
from pathlib import Path

from tutela.engine.base import builtin_policy_dir
from tutela.rules import load_rule_index


def test_opt_in_rule_runs_only_when_selected_by_code() -> None:
    index = load_rule_index([builtin_policy_dir()])
    assert index.get("RET004") is not None and index.get("RET004").opt_in  # type: ignore[union-attr]
    assert "RET004" not in {r.id for r in index.select()}
    assert "RET004" not in {r.id for r in index.select(["RET"])}
    assert "RET004" in {r.id for r in index.select(["ALL", "RET004"])}
    assert "RET004" in {r.id for r in index.select(["read-without-time-window"])}


def test_lint_reports_ret004_only_when_selected(run_cli, example_dir: Path) -> None:
    target = "models/cobranza/worklist_bpo.sql"
    _, out, err = run_cli("lint", target, "--format", "json", "--no-cache", cwd=example_dir)
    ids = {f["id"] for f in json.loads(out)["findings"]}
    assert "RET004" not in ids, err
    _, out, err = run_cli(
        "lint", target, "--format", "json", "--no-cache", "--select", "ALL,RET004", cwd=example_dir
    )
    found = [f for f in json.loads(out)["findings"] if f["id"] == "RET004"]
    assert found and found[0]["severity"] == "info", (out, err)
