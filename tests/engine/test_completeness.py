"""Verdict completeness: a fake or partial answer never passes (issue #19, hole 2).

The aggregator returns the loaded families, the policy revision and, per fact, the families
that answered. Both back ends check all three. The OPA probes use the local server that speaks
OPA's documented REST API (tests/fixtures/opa_server.py, evaluating with a real regorus): the
policies and data are pushed for real, then every ``POST`` answers with the forged body. Each
probe must end both gates with exit 2, where trusting the answer would have given exit 0.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO
from tutela.engine.base import engine_data, load_policies
from tutela.engine.embedded import EmbeddedEngine
from tutela.errors import EngineError

EXAMPLE = REPO / "examples" / "contact-center"
LINT_INVENTORY = REPO / "tests" / "fixtures" / "lint" / "inventory.yaml"
GOOD = "-- tutela: purpose=atencion\nSELECT c.nombre FROM crm.clientes c;\n"


def _loaded() -> tuple[list[str], str]:
    policies = load_policies()
    return list(policies.families), policies.revision


def _probes() -> dict[str, Any]:
    families, revision = _loaded()
    clean = {"deny": [], "warn": [], "families": families}
    return {
        "empty verdict": {"result": {"results": [{}]}},
        "unknown keys only": {
            "result": {"families": families, "revision": revision, "results": [{"allow": True}]}
        },
        "no families": {
            "result": {
                "families": [],
                "revision": revision,
                "results": [{"deny": [], "warn": [], "families": []}],
            }
        },
        "a family missing in the verdict": {
            "result": {
                "families": families,
                "revision": revision,
                "results": [{**clean, "families": families[1:]}],
            }
        },
        "another policy revision": {
            "result": {"families": families, "revision": "0" * 16, "results": [clean]}
        },
    }


PROBES = list(_probes())


@pytest.fixture
def sql_project(tmp_path: Path) -> Path:
    shutil.copy(LINT_INVENTORY, tmp_path / "inventory.yaml")
    (tmp_path / "tutela.toml").write_text(
        'inventory = "inventory.yaml"\ndialect = "snowflake"\n', encoding="utf-8"
    )
    (tmp_path / "good.sql").write_text(GOOD, encoding="utf-8")
    return tmp_path


def _answer_all(probe: str, count: int) -> Any:
    """The probe's body with one (forged) verdict per fact."""
    body = json.loads(json.dumps(_probes()[probe]))
    results = body["result"]["results"]
    body["result"]["results"] = results * count
    return body


def test_a_real_answer_passes_on_both_gates(run_cli, sql_project, opa_server, tmp_path) -> None:
    url = opa_server.url
    code, out, _ = run_cli(
        "lint", "good.sql", "--no-cache", "--engine", "opa", "--opa-url", url, cwd=sql_project
    )
    assert (code, out) == (0, "All checks passed (1 file).\n")
    project = tmp_path / "example"
    shutil.copytree(EXAMPLE, project)
    code, _, _ = run_cli(
        "shares", "check", "shares/voxinsight.yaml", "--no-cache", "--engine", "opa",
        "--opa-url", url, cwd=project,
    )  # fmt: skip
    assert code == 0


@pytest.mark.parametrize("probe", PROBES)
def test_forged_opa_answer_fails_lint(run_cli, sql_project, opa_server, probe) -> None:
    opa_server.faults.answer = _answer_all(probe, 1)
    code, out, err = run_cli(
        "lint", "good.sql", "--no-cache", "--engine", "opa", "--opa-url", opa_server.url,
        cwd=sql_project,
    )  # fmt: skip
    assert code == 2, out
    assert "All checks passed" not in out
    assert "incomplete policy verdict" in err or "malformed" in err


@pytest.mark.parametrize("probe", PROBES)
def test_forged_opa_answer_fails_shares_check(run_cli, opa_server, tmp_path, probe) -> None:
    project = tmp_path / "example"
    shutil.copytree(EXAMPLE, project)
    opa_server.faults.answer = _answer_all(probe, 1)
    code, out, err = run_cli(
        "shares", "check", "shares/voxinsight.yaml", "--no-cache", "--engine", "opa",
        "--opa-url", opa_server.url, cwd=project,
    )  # fmt: skip
    assert code == 2, out
    assert "incomplete policy verdict" in err or "malformed" in err


@pytest.mark.parametrize("mode", ["vm", "interpreter"])
def test_embedded_engine_requires_every_family_to_answer(mode: str) -> None:
    policies = load_policies()
    # A family whose package is not loaded (a module dropped after discovery): it cannot
    # answer, and the verdict must not pass without it.
    dropped = dataclasses.replace(
        policies,
        modules=tuple(m for m in policies.modules if m.package != "tutela.pci"),
    )
    engine = EmbeddedEngine(dropped, engine_data(), mode=mode, check=False)
    with pytest.raises(EngineError, match="incomplete policy verdict"):
        engine.evaluate([{"kind": "statement", "file": "a.sql"}])
