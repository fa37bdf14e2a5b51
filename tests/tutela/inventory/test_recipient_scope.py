"""Recipients' scope in the inventory: purposes optional, categories, consent columns."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutela.errors import InventoryError
from tutela.inventory import load_inventory

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = REPO / "policies" / "lib" / "examples_inventory.yaml"


def _with(tmp_path: Path, old: str, new: str) -> Path:
    text = EXAMPLES.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "inventory.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_scope_is_loaded_and_spelled_out_on_datasets() -> None:
    inv = load_inventory(EXAMPLES)
    assert inv.recipients["auditor"]["purposes"] == []  # declared without purposes yet
    assert inv.recipients["bpo"]["categories"] == [
        "identificacion",
        "contacto",
        "patrimonial",
        "clave",
    ]
    clientes = inv.table("dwh.crm.clientes")
    assert clientes is not None
    assert clientes["transfer_consent_columns"] == {"socio": "acepta_publicidad"}


@pytest.mark.parametrize(
    ("new", "message"),
    [
        (
            "consent_columns: {dwh.crm.clientez: acepta_publicidad}",
            "unknown table 'dwh.crm.clientez'",
        ),
        ("consent_columns: {dwh.crm.clientes: acepta_socio}", "unknown column 'acepta_socio'"),
    ],
)
def test_consent_columns_name_a_dataset_column(tmp_path: Path, new: str, message: str) -> None:
    path = _with(tmp_path, "consent_columns: {dwh.crm.clientes: acepta_publicidad}", new)
    with pytest.raises(InventoryError) as info:
        load_inventory(path)
    assert message in info.value.problems[0].message
    assert info.value.problems[0].line is not None


def test_unknown_category_in_scope_is_an_error(tmp_path: Path) -> None:
    path = _with(tmp_path, "categories: [identificacion, contacto, patrimonial, clave]",
                 "categories: [identificacion, tarjeta]")  # fmt: skip
    with pytest.raises(InventoryError) as info:
        load_inventory(path)
    assert "tarjeta" in info.value.problems[0].message
