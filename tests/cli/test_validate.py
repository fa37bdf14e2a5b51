"""`tutela validate`: exit codes and exact output through the real CLI."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "inventory"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copyfile(FIXTURES / "valid.yaml", tmp_path / "inventory.yaml")
    shutil.copyfile(FIXTURES / "broken" / "unknown_value.yaml", tmp_path / "bad.yaml")
    (tmp_path / "tutela.toml").write_text('cache_dir = ".tutela_cache"\n', encoding="utf-8")
    return tmp_path


def test_valid_inventory_exits_0(run_cli, project: Path) -> None:
    code, out, err = run_cli("validate", "inventory.yaml", cwd=project)
    assert (code, err) == (0, "")
    assert out == "inventory.yaml: valid (3 purposes, 2 datasets, 5 columns, 1 recipient)\n"


def test_default_inventory_and_cache_from_config(run_cli, project: Path) -> None:
    code, out, _ = run_cli("validate", cwd=project)
    assert code == 0
    assert out.startswith("inventory.yaml: valid (")
    assert len(list((project / ".tutela_cache").glob("inventory-*.json"))) == 1
    # the second run is served from the cache and says the same
    assert run_cli("validate", cwd=project)[:2] == (0, out)


def test_config_inventory_key(run_cli, project: Path) -> None:
    (project / "data").mkdir()
    shutil.move(project / "inventory.yaml", project / "data" / "inv.yaml")
    (project / "tutela.toml").write_text('inventory = "data/inv.yaml"\n', encoding="utf-8")
    code, out, _ = run_cli("validate", cwd=project)
    assert code == 0
    assert out.startswith("data/inv.yaml: valid (")


def test_invalid_inventory_exits_2_with_located_problems(run_cli, project: Path) -> None:
    code, out, err = run_cli("validate", "bad.yaml", cwd=project)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "Error: bad.yaml: inventory has 1 problem",
        "  bad.yaml:59:19: datasets[0].columns[0].category: unknown value 'identidad' "
        "(expected one of identificacion, contacto, patrimonial, laboral, academico, "
        "sensible, biometrico, electronico, geolocalizacion, caracteristicas, legal, "
        "pci_pan, pci_cvv, pci_pin, pci_track, clave, ninguna)",
        "    help: did you mean 'identificacion'?",
    ]


def test_json_invalid_prints_problems_and_exits_2(run_cli, project: Path) -> None:
    code, out, err = run_cli("validate", "--format", "json", "bad.yaml", cwd=project)
    assert (code, err) == (2, "")
    report = json.loads(out)
    assert report == {
        "file": "bad.yaml",
        "valid": False,
        "problems": [
            {
                "file": "bad.yaml",
                "line": 59,
                "col": 19,
                "path": "datasets[0].columns[0].category",
                "message": "unknown value 'identidad' (expected one of identificacion, "
                "contacto, patrimonial, laboral, academico, sensible, biometrico, "
                "electronico, geolocalizacion, caracteristicas, legal, pci_pan, pci_cvv, "
                "pci_pin, pci_track, clave, ninguna)",
                "hint": "did you mean 'identificacion'?",
            }
        ],
    }


def test_json_valid(run_cli, project: Path) -> None:
    code, out, _ = run_cli("validate", "--format=json", cwd=project)
    assert code == 0
    assert json.loads(out) == {
        "file": "inventory.yaml",
        "valid": True,
        "problems": [],
        "warnings": [],
    }


def test_id_column_marked_clave_is_a_located_warning(run_cli, project: Path) -> None:
    text = (project / "inventory.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    i = next(n for n, line in enumerate(lines) if "category:" in line)
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    assert lines[i - 1].strip() == "- name: cliente_id"
    lines[i] = f"{indent}category: clave"
    (project / "inventory.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run_cli("validate", "inventory.yaml", cwd=project)
    assert code == 0, err
    assert out.endswith("valid (3 purposes, 2 datasets, 5 columns, 1 recipient)\n")
    assert err.splitlines() == [
        f"inventory.yaml:{i + 1}:{len(indent) + 11}: datasets[0].columns[0].category: column "
        "'cliente_id' is marked `clave`, which means credentials (passwords, PINs, tokens), "
        "not a key (warning)",
        "  help: a surrogate key that only joins tables is `category: ninguna` (docs/glossary.md)",
    ]
    _, out, _ = run_cli("validate", "--format=json", cwd=project)
    (warning,) = json.loads(out)["warnings"]
    assert (warning["line"], warning["path"]) == (i + 1, "datasets[0].columns[0].category")


def test_json_unreadable_yaml_is_a_problem_too(run_cli, project: Path) -> None:
    (project / "tag.yaml").write_text("version: !!python/name:os.system\n", encoding="utf-8")
    code, out, _ = run_cli("validate", "--format", "json", "tag.yaml", cwd=project)
    assert code == 2
    (problem,) = json.loads(out)["problems"]
    assert (problem["line"], problem["col"], problem["path"]) == (1, 10, "")
    assert problem["message"] == "tag 'tag:yaml.org,2002:python/name:os.system' is not allowed"


def test_missing_inventory_exits_2(run_cli, tmp_path: Path) -> None:
    code, out, err = run_cli("validate", cwd=tmp_path)
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        "Error: inventory.yaml: inventory file not found",
        '  help: pass the inventory path, or set `inventory = "..."` in tutela.toml',
    ]


def test_bad_format_is_usage_error(run_cli, project: Path) -> None:
    code, _, err = run_cli("validate", "--format", "xml", cwd=project)
    assert code == 2
    assert "Invalid value for '--format'" in err


def test_inventory_option_is_accepted(run_cli, project: Path) -> None:
    code, out, _ = run_cli("validate", "-i", "bad.yaml", cwd=project)
    assert code == 2
    code, out, _ = run_cli("validate", "--inventory", "inventory.yaml", cwd=project)
    assert (code, out.split(":")[0]) == (0, "inventory.yaml")


def test_argument_and_option_disagreeing_is_usage_error(run_cli, project: Path) -> None:
    code, _, err = run_cli("validate", "inventory.yaml", "-i", "bad.yaml", cwd=project)
    assert code == 2
    assert "give the inventory once" in err
