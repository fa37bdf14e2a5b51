"""`tutela lint` through the real CLI: exit codes, formats, selection, stdin, errors."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE, REPO

INVENTORY = REPO / "tests" / "fixtures" / "lint" / "inventory.yaml"
GOOD = "-- tutela: purpose=atencion\nSELECT c.nombre FROM crm.clientes c;\n"
BAD = "-- tutela: purpose=atencion\nSELECT t.cvv FROM pagos.tarjetas t;\n"
STAR = "-- tutela: purpose=atencion\nSELECT * FROM crm.clientes;\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copy(INVENTORY, tmp_path / "inventory.yaml")
    (tmp_path / "tutela.toml").write_text(
        'inventory = "inventory.yaml"\ndialect = "snowflake"\n', encoding="utf-8"
    )
    (tmp_path / "good.sql").write_text(GOOD, encoding="utf-8")
    (tmp_path / "bad.sql").write_text(BAD, encoding="utf-8")
    (tmp_path / "star.sql").write_text(STAR, encoding="utf-8")
    return tmp_path


def test_clean_file_exits_0(run_cli, project: Path) -> None:
    code, out, err = run_cli("lint", "good.sql", "--no-cache", cwd=project)
    assert (code, out, err) == (0, "All checks passed (1 file).\n", "")


def test_violation_exits_1_with_location_rule_basis_and_help(run_cli, project: Path) -> None:
    code, out, _ = run_cli("lint", "bad.sql", "--no-cache", "--select", "PCI", cwd=project)
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("bad.sql:2:8: PCI001 [error] ")
    assert (
        lines[1]
        == "  legal basis: PCI DSS req. 3.3.1 (v4.0.1); PCI DSS req. 3.3.1.1-3.3.1.3 (v4.0.1)"
    )
    assert lines[2].startswith("  help: ") and lines[2].endswith("(tutela rules explain PCI001)")
    assert lines[-1] == "Found 1 error, 0 warnings in 1 file."


def test_warning_fails_only_with_fail_on_warning(run_cli, project: Path) -> None:
    code, out, _ = run_cli("lint", "star.sql", "--no-cache", cwd=project)
    assert code == 0 and "MIN001 [warning]" in out
    code, _, _ = run_cli("lint", "star.sql", "--no-cache", "--fail-on", "warning", cwd=project)
    assert code == 1


def test_exit_zero_turns_findings_into_0_but_not_errors(run_cli, project: Path) -> None:
    assert run_cli("lint", "bad.sql", "--no-cache", "--exit-zero", cwd=project)[0] == 0
    (project / "bin.sql").write_bytes(b"\x00\x01SELECT")
    code, out, _ = run_cli("lint", "bin.sql", "--no-cache", "--exit-zero", cwd=project)
    assert code == 2
    assert "bin.sql" in out and "NUL bytes" in out


def test_select_and_ignore_by_code_prefix_or_name(run_cli, project: Path) -> None:
    assert run_cli("lint", "bad.sql", "--no-cache", "--ignore", "PCI", cwd=project)[0] == 0
    assert (
        run_cli(
            "lint",
            "bad.sql",
            "--no-cache",
            "--ignore",
            "sensitive-authentication-data-read",
            cwd=project,
        )[0]
        == 0
    )
    assert run_cli("lint", "bad.sql", "--no-cache", "--select", "MIN001", cwd=project)[0] == 0
    code, _, err = run_cli("lint", "bad.sql", "--select", "PCX001", cwd=project)
    assert code == 2 and "PCX001" in err


def test_json_output_and_one_bad_file_does_not_hide_the_others(run_cli, project: Path) -> None:
    (project / "broken.sql").write_bytes("SELECT 'ñ'".encode("utf-16-le"))  # no BOM: binary
    code, out, _ = run_cli("lint", ".", "--no-cache", "--format", "json", cwd=project)
    report = json.loads(out)
    assert code == 2  # a file could not be analysed: never clean
    assert [e["file"] for e in report["errors"]] == ["broken.sql"]
    assert {(f["location"]["file"], f["id"]) for f in report["findings"]} == {
        ("bad.sql", "PCI001"),
        ("star.sql", "MIN001"),
    }


def test_unparsable_statement_is_an_error_finding_not_a_pass(run_cli, project: Path) -> None:
    (project / "odd.sql").write_text(
        "-- tutela: purpose=atencion\nSELECT FROM WHERE (;\n", encoding="utf-8"
    )
    code, out, _ = run_cli("lint", "odd.sql", "--no-cache", cwd=project)
    assert code == 1
    assert "odd.sql:2:" in out and "SQL001 [error]" in out


def test_stdin_filename(run_cli, project: Path) -> None:
    code, out, _ = run_cli(
        "lint", "--stdin-filename", "editor.sql", "--no-cache", cwd=project, input=BAD
    )
    assert code == 1 and out.startswith("editor.sql:2:8: PCI001")


def test_suppression_with_reason_silences_and_is_reported_in_json(run_cli, project: Path) -> None:
    (project / "bad.sql").write_text(
        "-- tutela: purpose=atencion\n-- tutela: ignore[PCI001] migración aprobada por PCI QSA\n"
        "SELECT t.cvv FROM pagos.tarjetas t;\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli("lint", "bad.sql", "--no-cache", "--format", "json", cwd=project)
    assert code == 0
    finding = json.loads(out)["findings"][0]
    assert (finding["id"], finding["suppressed"], finding["suppression_reason"]) == (
        "PCI001",
        True,
        "migración aprobada por PCI QSA",
    )


def test_unknown_purpose_is_an_input_error_with_a_suggestion(run_cli, project: Path) -> None:
    (project / "typo.sql").write_text("-- tutela: purpose=atencio\nSELECT 1;\n", encoding="utf-8")
    code, out, _ = run_cli("lint", "typo.sql", "--no-cache", cwd=project)
    assert code == 2
    assert "typo.sql:1: could not analyse: unknown purpose 'atencio' (not in the inventory)" in out
    assert "did you mean 'atencion'?" in out


def test_invalid_inventory_exits_2_before_linting(run_cli, project: Path) -> None:
    (project / "inventory.yaml").write_text("version: 1\ncontroller: [\n", encoding="utf-8")
    code, _, err = run_cli("lint", "good.sql", "--no-cache", cwd=project)
    assert code == 2
    assert "inventory.yaml:" in err and "invalid YAML" in err


def test_output_file_and_sarif(run_cli, project: Path) -> None:
    code, out, _ = run_cli(
        "lint", "bad.sql", "--no-cache", "--format", "sarif", "-o", "r.sarif", cwd=project
    )
    assert (code, out) == (1, "")
    sarif = json.loads((project / "r.sarif").read_text(encoding="utf-8"))
    assert sarif["runs"][0]["results"][0]["ruleId"] == "PCI001"


def test_cache_is_used_and_lint_writes_nothing_else(run_cli, project: Path) -> None:
    before = {p for p in project.rglob("*") if ".tutela_cache" not in p.parts}
    first = run_cli("lint", "bad.sql", cwd=project)
    second = run_cli("lint", "bad.sql", cwd=project)
    assert first == second
    assert (project / ".tutela_cache").is_dir()
    after = {p for p in project.rglob("*") if ".tutela_cache" not in p.parts}
    assert before == after


def test_nothing_to_lint_is_a_usage_error(run_cli, project: Path) -> None:
    code, _, err = run_cli("lint", cwd=project)
    assert code == 2 and "nothing to lint" in err


def test_user_policy_folder_and_data_file(run_cli, project: Path) -> None:
    """conftest-style: a user family in its own folder, reading its own data (data.user)."""
    family = project / "mis_politicas" / "casa"
    family.mkdir(parents=True)
    (family / "tabla_vetada.rego").write_text(
        """package tutela.casa

import data.tutela.lib.finding

# METADATA
# title: Vetoed table
# description: |
#   What it does: flags reads of tables the company vetoes in data.user.vetadas.
#   Why it matters: house rule.
# custom:
#   id: USR001
#   name: vetoed-table
#   severity: error
#   legal_basis: [{instrument: LFPDPPP, article: "13"}]
#   recommended_action: Read another table.
deny contains finding.new("USR001", msg, ["reads", i]) if {
\tinput.kind == "statement"
\tsome i, r in input.reads
\tr.table in data.user.vetadas
\tmsg := sprintf("Table %s is vetoed by house policy.", [r.table])
}
""",
        encoding="utf-8",
    )
    # Saved by a Windows editor: a BOM and CRLF, read like every user file (tutela.textfile).
    (project / "vetadas.yaml").write_bytes(b"\xef\xbb\xbfvetadas: [dwh.crm.clientes]\r\n")
    (project / "tutela.toml").write_text(
        'inventory = "inventory.yaml"\ndialect = "snowflake"\npolicy_dirs = ["mis_politicas"]\n'
        'data_files = ["vetadas.yaml"]\n',
        encoding="utf-8",
    )
    code, out, _ = run_cli("lint", "good.sql", "--no-cache", cwd=project)
    assert code == 1
    assert "good.sql:2:22: USR001 [error] Table dwh.crm.clientes is vetoed by house policy." in out
    # A data file that is not text is refused with its name, never read as empty data.
    (project / "vetadas.yaml").write_bytes(b"\x00\x01\x02 binary")
    code, out, err = run_cli("lint", "good.sql", "--no-cache", cwd=project)
    assert code == 2 and "vetadas.yaml" in out + err and "USR001" not in out


def test_a_wide_truncation_of_a_card_number_is_not_a_mask(run_cli, project: Path) -> None:
    (project / "pan.sql").write_text(
        "-- tutela: purpose=atencion\nSELECT RIGHT(t.pan, 4) AS a, RIGHT(t.pan, 16) AS b\n"
        "FROM pagos.tarjetas t;\n",
        encoding="utf-8",
    )
    code, out, _ = run_cli("lint", "pan.sql", "--no-cache", "--select", "PCI002", cwd=project)
    assert code == 1
    assert [line.split(" [")[0] for line in out.splitlines() if line.startswith("pan.sql")] == [
        "pan.sql:2:36: PCI002"  # the RIGHT(t.pan, 16); RIGHT(t.pan, 4) is a mask
    ]


def test_sarif_of_the_whole_example_is_valid(run_cli) -> None:
    # Validated against the OASIS schema where it is rendered (tests/conftest.py).
    code, out, err = run_cli("lint", "models", "--no-cache", "--format", "sarif", cwd=EXAMPLE)
    assert code == 1, err
    run = json.loads(out)["runs"][0]
    assert len(run["results"]) > 20
    assert any(
        "security-severity" in r.get("properties", {}) for r in run["tool"]["driver"]["rules"]
    )
