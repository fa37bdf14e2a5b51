"""The GDPR profile: config and flag, the `gdpr:` block's validation, the rules in a real run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tutela.config import load_config
from tutela.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "contact-center"


def test_config_jurisdiction(tmp_path: Path) -> None:
    (tmp_path / "tutela.toml").write_text('jurisdiction = ["lfpdppp", "gdpr"]\n')
    assert load_config(tmp_path / "tutela.toml").jurisdiction == ["lfpdppp", "gdpr"]
    (tmp_path / "tutela.toml").write_text('jurisdiction = ["lfpdppp", "gpdr"]\n')
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / "tutela.toml")
    assert "unknown value 'gpdr'" in info.value.message and info.value.line == 1
    (tmp_path / "tutela.toml").write_text('dialect = "duckdb"\n')
    assert load_config(tmp_path / "tutela.toml").jurisdiction == ["lfpdppp"]


def test_block_is_ignored_when_the_profile_is_off(run_cli, gdpr_project: Path) -> None:
    inventory = gdpr_project / "inventory.yaml"
    inventory.write_text(
        inventory.read_text(encoding="utf-8") + "  unknown_key: 1\n", encoding="utf-8"
    )
    code, _, err = run_cli(
        "validate", "--config", str(EXAMPLE / "tutela.toml"), str(inventory), cwd=gdpr_project
    )
    assert code == 0, err
    code, _, err = run_cli("validate", "inventory.yaml", cwd=gdpr_project)
    assert code == 2
    assert "gdpr.unknown_key: unknown key 'unknown_key'" in err


def test_block_errors_are_located(run_cli, gdpr_project: Path) -> None:
    inventory = gdpr_project / "inventory.yaml"
    text = inventory.read_text(encoding="utf-8")
    text = text.replace(
        "      lawful_basis: contract\n      description_en: Handling",
        "      lawful_basis: contrato\n      description_en: Handling",
    )
    text = text.replace("    voxinsight: {safeguard: dpf", "    voxinsigt: {safeguard: dpf")
    text = text.replace(
        "      lawful_basis: legitimate_interests\n      legitimate_interest: Evaluar",
        "      lawful_basis: legitimate_interests\n      description_x: Evaluar",
    )
    inventory.write_text(text, encoding="utf-8")
    code, _, err = run_cli("validate", "inventory.yaml", cwd=gdpr_project)
    assert code == 2
    lines = err.splitlines()
    where = {t: n for n, t in enumerate(text.splitlines(), 1)}
    basis_line = where["      lawful_basis: contrato"]
    assert (
        f"  inventory.yaml:{basis_line}:21: gdpr.purposes.atencion_clientes.lawful_basis: "
        "unknown value 'contrato' (expected one of consent, contract, legal_obligation, "
        "vital_interests, public_task, legitimate_interests)"
    ) in lines, err
    assert "did you mean 'contract'" in err
    rep_line = next(n for t, n in where.items() if t.startswith("    voxinsigt:"))
    assert (
        f"  inventory.yaml:{rep_line}:5: gdpr.recipients.voxinsigt: unknown recipient 'voxinsigt'"
        in lines
    )
    assert "did you mean 'voxinsight'" in err
    assert any("gdpr.purposes.calidad.description_x" in x for x in lines), err
    assert all(x.startswith(("Error: ", "  ")) for x in lines)
    assert "inventory.yaml:" in err


def test_missing_block_with_profile_on(run_cli, tmp_path: Path) -> None:
    code, _, err = run_cli(
        "validate", "--jurisdiction", "gdpr", str(EXAMPLE / "inventory.yaml"), cwd=tmp_path
    )
    assert code == 2 and "has no `gdpr:` block" in err


def _lint(run_cli, project: Path, *args: str) -> list[dict]:
    code, out, err = run_cli("lint", "--format", "json", "--no-cache", *args, cwd=project)
    assert code in (0, 1), err
    return json.loads(out)["findings"]


def test_rules_run_beside_the_mexican_ones(run_cli, gdpr_project: Path) -> None:
    findings = _lint(run_cli, gdpr_project, "models/calidad/ausentismo_por_diagnostico.sql")
    by = {(f["id"], f["jurisdiction"]) for f in findings}
    assert ("GDP002", "gdpr") in by
    assert any(j == "lfpdppp" for _, j in by)  # the Mexican rules keep running
    gdp = next(f for f in findings if f["id"] == "GDP002")
    assert gdp["legal_basis"][0] == {"instrument": "GDPR", "article": "9(1)"}


def test_profile_off_runs_no_gdpr_rule(run_cli, gdpr_project: Path) -> None:
    toml = gdpr_project / "tutela.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace(
            'jurisdiction = ["lfpdppp", "gdpr"]', 'jurisdiction = ["lfpdppp"]'
        )
    )
    findings = _lint(run_cli, gdpr_project, "models/calidad/ausentismo_por_diagnostico.sql")
    assert findings and not [f for f in findings if f["jurisdiction"] == "gdpr"]
    # ... and --jurisdiction gdpr adds the profile to the configured laws
    findings = _lint(
        run_cli,
        gdpr_project,
        "--jurisdiction",
        "gdpr",
        "models/calidad/ausentismo_por_diagnostico.sql",
    )
    assert {"GDP002"} <= {f["id"] for f in findings}
    assert any(f["jurisdiction"] == "lfpdppp" for f in findings)


def test_missing_basis_and_safeguard_are_findings(run_cli, gdpr_project: Path) -> None:
    inventory = gdpr_project / "inventory.yaml"
    text = inventory.read_text(encoding="utf-8")
    text = text.replace(
        '    voxinsight: {safeguard: dpf, reference: "VoxInsight está certificada '
        'en el Marco de Privacidad de Datos UE-EE. UU."}\n',
        "",
    )
    text = text.replace(
        "    analitica:\n      lawful_basis: legitimate_interests\n"
        "      legitimate_interest: Conocer",
        "    analitica:\n      legitimate_interest: Conocer",
    )
    inventory.write_text(text, encoding="utf-8")
    findings = _lint(
        run_cli,
        gdpr_project,
        "models/exports/copy_grabaciones_voxinsight.sql",
        "models/analitica/sentimiento_semanal.sql",
    )
    ids = {f["id"] for f in findings}
    assert {"GDP001", "GDP003"} <= ids
    code, out, err = run_cli(
        "shares",
        "check",
        "--format",
        "json",
        "--no-cache",
        "shares/voxinsight.yaml",
        cwd=gdpr_project,
    )
    assert code == 1, err
    assert "GDP003" in {f["id"] for f in json.loads(out)["findings"]}


def test_docs_key_table_is_current() -> None:
    from tutela.gdpr.schema import render_gdpr_docs

    text = (REPO / "docs" / "gdpr.md").read_text(encoding="utf-8")
    block = text.split("<!-- gdpr-keys:start -->\n")[1].split("\n<!-- gdpr-keys:end -->")[0]
    assert block == render_gdpr_docs(), "regenerate the key table of docs/gdpr.md"
