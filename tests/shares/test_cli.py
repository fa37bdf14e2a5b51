"""``tutela shares check`` end to end (real CLI, real YAML, Cerberus, sqlglot and regorus).

Malformed manifests: each file in ``tests/fixtures/shares/broken/`` ends with ``# expect:``
lines, the exact text report; a new error case is a new fixture file. The example project's
verdicts are pinned by golden text reports (``--update-goldens`` rewrites them).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from tests.conftest import EXAMPLE, REPO

FIXTURES = REPO / "tests" / "fixtures" / "shares"
PROJECT = FIXTURES / "project"
BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))
GOLDEN = FIXTURES / "golden"
TODAY = ("--today", "2026-11-28", "--no-cache")

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    (root / "shares").mkdir(exist_ok=True)  # git keeps no empty folder
    return root


def _manifest(name: str, **changes: object) -> str:
    data = yaml.safe_load((FIXTURES / "bases" / f"{name}.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_malformed_manifest_exact_errors_exit_2(path: Path, project: Path, run_cli: Run) -> None:
    expected = [
        line.removeprefix("# expect: ")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("# expect: ")
    ]
    assert expected, f"{path.name} has no '# expect:' lines"
    (project / "broken").mkdir()
    shutil.copy(path, project / "broken" / path.name)
    code, out, err = run_cli("shares", "check", *TODAY, f"broken/{path.name}", cwd=project)
    assert code == 2, err
    assert out.splitlines() == [*expected, "No findings in 1 file (1 file could not be analysed)."]


@pytest.mark.parametrize(
    ("profile", "golden_name"), [("", "example.txt"), ("strict", "example.strict.txt")]
)
def test_example_verdicts(
    profile: str, golden_name: str, run_cli: Run, golden: Callable[[Path, str], None]
) -> None:
    args = ["--profile", profile] if profile else []
    code, out, err = run_cli("shares", "check", *TODAY, "--color", "never", *args, cwd=EXAMPLE)
    assert code == 1, err
    golden(GOLDEN / golden_name, out)


def test_example_json_names_manifest_fields(run_cli: Run) -> None:
    code, out, _ = run_cli(
        "shares", "check", *TODAY, "--format", "json", "shares/pagos_conciliacion.yaml",
        cwd=EXAMPLE,
    )  # fmt: skip
    assert code == 1
    found = {(f["id"], f["location"]["line"], tuple(f["location"]["path"]))
             for f in json.loads(out)["findings"]}  # fmt: skip
    text = (EXAMPLE / "shares" / "pagos_conciliacion.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    columns = next(n for n, text in enumerate(lines, 1) if "columns: [id_pago" in text)
    purpose = lines.index("purpose: pagos") + 1
    assert found == {
        ("SHR001", columns, ("data", "tables", 0, "columns", 2)),
        ("SHR002", columns, ("data", "tables", 0, "columns", 1)),
        ("TRF007", purpose, ("purpose",)),
        ("SHR010", lines.index("transport:") + 1, ("transport",)),
    }


def test_sarif_output_file(run_cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "shares.sarif"
    code, out, _ = run_cli(
        "shares", "check", *TODAY, "--format", "sarif", "-o", str(target), cwd=EXAMPLE
    )
    assert code == 1 and out == ""
    sarif = json.loads(target.read_text(encoding="utf-8"))
    rules = {r["ruleId"] for r in sarif["runs"][0]["results"]}
    assert {"SHR001", "REM005", "TRF001"} <= rules


def test_query_findings_point_inside_the_sql_block(project: Path, run_cli: Run) -> None:
    text = _manifest("banco").replace(
        "SELECT c.id_credito, c.estado", "SELECT c.id_credito, c.saldo"
    )
    text = text.replace("recipient: banco", "recipient: banco\nrecipient_purposes: [mercadotecnia]")
    (project / "shares" / "m.yaml").write_text(text, encoding="utf-8")
    code, out, _ = run_cli("shares", "check", *TODAY, "--format", "json", cwd=project)
    assert code == 1
    lines = text.splitlines()
    findings = json.loads(out)["findings"]
    saldo = next(f for f in findings if "saldo" in f["msg"])
    line, col = saldo["location"]["line"], saldo["location"]["col"]
    # The extractor points at the column reference (from its qualifier, if any) in the block.
    assert lines[line - 1][col - 1 :].startswith(("c.saldo", "saldo"))
    assert saldo["location"]["path"] == ["data", "query", "sql"]


def test_profile_flag_overrides_config(project: Path, run_cli: Run) -> None:
    (project / "shares" / "socio.yaml").write_text(_manifest("socio"), encoding="utf-8")
    code, out, _ = run_cli("shares", "check", *TODAY, "--profile", "legal", cwd=project)
    assert (code, out) == (0, "All checks passed (1 file).\n")
    code, out, _ = run_cli("shares", "check", *TODAY, cwd=project)  # config says strict
    assert code == 1 and "TRF001" in out


def test_suppression_above_a_key_covers_its_block(project: Path, run_cli: Run) -> None:
    text = _manifest("banco", notice=None).replace("notice: null\n", "")
    text = text.replace(
        "legal_basis:", "# tutela: ignore[TRF002] aviso entregado por correo (PRIV-7)\nlegal_basis:"
    )
    (project / "shares" / "m.yaml").write_text(text, encoding="utf-8")
    code, out, _ = run_cli("shares", "check", *TODAY, "--format", "json", cwd=project)
    assert code == 0
    (finding,) = json.loads(out)["findings"]
    assert (finding["id"], finding["suppressed"], finding["suppression_reason"]) == (
        "TRF002", True, "aviso entregado por correo (PRIV-7)",
    )  # fmt: skip


def test_duplicate_ids_are_an_input_error(project: Path, run_cli: Run) -> None:
    for name in ("a", "b"):
        (project / "shares" / f"{name}.yaml").write_text(_manifest("banco"), encoding="utf-8")
    code, out, err = run_cli("shares", "check", *TODAY, cwd=project)
    assert (code, out) == (2, "")
    assert err.startswith(
        "Error: shares/b.yaml:2:5: id: duplicate manifest id 'banco_resultados' "
        "(first in shares/a.yaml:2)"
    ), err


def test_nothing_to_check_is_an_error(project: Path, run_cli: Run) -> None:
    shutil.rmtree(project / "shares")
    code, _, err = run_cli("shares", "check", *TODAY, cwd=project)
    assert code == 2
    assert err.startswith("Error: no manifests to check"), err


def test_missing_path_is_an_error(project: Path, run_cli: Run) -> None:
    code, _, err = run_cli("shares", "check", *TODAY, "shares/nope.yaml", cwd=project)
    assert code == 2
    assert err.startswith("Error: shares/nope.yaml: no such file, folder or glob match"), err


def test_lint_and_shares_agree_on_egress(project: Path, run_cli: Run) -> None:
    """An export citing a manifest is clean when the manifest is approved, flagged when not."""
    manifest = _manifest(
        "socio",
        transport={
            "method": "s3",
            "destinations": ["s3://socio-bucket/audiencias/"],
            "encryption_in_transit": True,
        },
    )
    (project / "shares" / "socio.yaml").write_text(manifest, encoding="utf-8")
    (project / "models").mkdir()
    (project / "models" / "export.sql").write_text(
        "-- tutela: purpose=mercadotecnia\n"
        "-- tutela: share=socio_audiencia\n"
        "COPY INTO 's3://socio-bucket/audiencias/2026-11/'\n"
        "FROM (SELECT p.telefono FROM dwh.crm.prospectos AS p WHERE p.acepta_promociones = TRUE\n"
        "      AND NOT EXISTS (SELECT 1 FROM dwh.crm.exclusion AS x\n"
        "                      WHERE x.telefono = p.telefono))\n"
        "FILE_FORMAT = (TYPE = CSV);\n",
        encoding="utf-8",
    )

    def egress_ids() -> set[str]:
        code, out, err = run_cli(
            "lint", *TODAY, "--format", "json", "--select", "EGR001", "models", cwd=project
        )
        assert code in (0, 1), err
        return {f["id"] for f in json.loads(out)["findings"]}

    assert egress_ids() == set()
    (project / "shares" / "socio.yaml").write_text(
        manifest.replace("status: approved", "status: draft"), encoding="utf-8"
    )
    assert egress_ids() == {"EGR001"}


def test_lint_fails_closed_on_an_invalid_manifest(project: Path, run_cli: Run) -> None:
    (project / "shares" / "bad.yaml").write_text("version: 1\nid: x\n", encoding="utf-8")
    (project / "q.sql").write_text("-- tutela: purpose=cobranza\nSELECT 1;\n", encoding="utf-8")
    code, out, _ = run_cli("lint", *TODAY, "q.sql", cwd=project)
    assert code == 2
    assert "shares/bad.yaml:1:1: could not analyse: description: required key is missing" in out


def test_workflow_runs_both_gates_and_uploads_sarif() -> None:
    path = EXAMPLE / ".github" / "workflows" / "tutela.yml"
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True; GitHub reads it as "on".
    triggers = workflow.get("on", workflow.get(True))
    assert "pull_request" in triggers
    steps = workflow["jobs"]["tutela"]["steps"]
    uses = [s.get("uses", "") for s in steps]
    runs = [s.get("run", "") for s in steps]
    assert any(u.startswith("actions/checkout@") for u in uses)
    assert any(u.startswith("actions/setup-python@") for u in uses)
    assert any(r.startswith("pip install tutela") for r in runs)
    lint = next(s for s in steps if s.get("run", "").startswith("tutela lint"))
    shares = next(s for s in steps if s.get("run", "").startswith("tutela shares check"))
    assert "--format sarif -o lint.sarif" in lint["run"]
    assert "--format sarif -o shares.sarif" in shares["run"]
    assert shares.get("if") == "always()"
    uploads = [
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")
    ]
    assert sorted(s["with"]["sarif_file"] for s in uploads) == ["lint.sarif", "shares.sarif"]
    assert all(s.get("if") == "always()" for s in uploads)


def test_docs_field_table_matches_schema(update_goldens: bool) -> None:
    from tutela.shares import render_manifest_docs

    path = REPO / "docs" / "shares.md"
    text = path.read_text(encoding="utf-8")
    begin = text.index("-->", text.index("<!-- fields:begin")) + len("-->\n")
    end = text.index("<!-- fields:end -->")
    if update_goldens:
        text = text[:begin] + render_manifest_docs() + text[end:]
        path.write_text(text, encoding="utf-8", newline="")
    assert text[begin:end] == render_manifest_docs(), "run `make goldens` and review the diff"


def test_opa_engine_gives_the_same_report(run_cli: Run) -> None:
    """The OPA back end (a local server speaking OPA's REST API over real regorus).

    The server runs in a child process: its handler threads hold regorus engines, which may
    only be dropped on the thread that made them, so they must not outlive into this one.
    """
    import subprocess
    import sys

    args = ["shares", "check", *TODAY, "--format", "json"]
    _, embedded, _ = run_cli(*args, cwd=EXAMPLE)
    script = (
        "import importlib.util, sys\n"
        "spec = importlib.util.spec_from_file_location('opa_server', sys.argv[1])\n"
        "module = sys.modules['opa_server'] = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(module)\n"
        "from tutela.cli.main import main\n"
        "with module.OpaServer() as server:\n"
        "    code = main([*sys.argv[2:], '--engine', 'opa', '--opa-url', server.url])\n"
        "sys.exit(code)\n"
    )
    server = str(REPO / "tests" / "fixtures" / "opa_server.py")
    remote = subprocess.run(
        [sys.executable, "-c", script, server, *args],
        cwd=EXAMPLE, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert (remote.returncode, remote.stderr) == (1, "")
    assert json.loads(remote.stdout) == json.loads(embedded)


def test_checked_manifest_may_not_reuse_an_id_of_the_folder(project: Path, run_cli: Run) -> None:
    """pre-commit passes only changed files; ids stay unique across the shares folder."""
    (project / "shares" / "a.yaml").write_text(_manifest("banco"), encoding="utf-8")
    (project / "nuevo.yaml").write_text(_manifest("banco"), encoding="utf-8")
    code, out, err = run_cli("shares", "check", *TODAY, "nuevo.yaml", cwd=project)
    assert (code, out) == (2, "")
    assert err.startswith(
        "Error: nuevo.yaml:2:5: id: manifest id 'banco_resultados' is already used by shares/a.yaml"
    ), err
    code, _, err = run_cli("shares", "check", *TODAY, "shares/a.yaml", cwd=project)
    assert code == 0, err


def test_sarif_of_the_whole_example_is_valid(run_cli: Run, tmp_path: Path) -> None:
    # The autouse check in tests/conftest.py validates the log where it is rendered; this
    # test renders the largest one the example has: every manifest, every rule family.
    code, out, err = run_cli("shares", "check", *TODAY, "--format", "sarif", cwd=EXAMPLE)
    assert code in (0, 1), err
    assert json.loads(out)["runs"][0]["results"]
