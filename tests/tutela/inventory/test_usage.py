"""``usage``: per purpose, how a column (or every column of a table) may be used."""

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


def test_usage_is_read_and_exposed_for_notices() -> None:
    inv = load_inventory(EXAMPLES)
    assert inv.column_usage("dwh.crm.clientes", "telefono", "analitica") == ("aggregated",)
    assert inv.column_usage("dwh.crm.clientes", "telefono", "atencion") == ("raw",)
    assert inv.column_usage("dwh.cobranza.cartera", "saldo", "analitica") == (
        "aggregated",
        "pseudonymised",
    )
    assert inv.column_usage("dwh.cobranza.cartera", "saldo", "mercadotecnia") == ()
    uses = inv.restricted_uses()
    assert {"purpose": "analitica", "table": "dwh.crm.clientes", "column": "telefono",
            "usage": ["aggregated"]} in uses  # fmt: skip
    assert {(u["table"], u["column"]) for u in uses if u["table"] == "dwh.cobranza.cartera"} == {
        ("dwh.cobranza.cartera", c)
        for c in ("id_deudor", "nombre", "telefono", "saldo", "fecha_incumplimiento")
    }


def test_unknown_purpose_in_usage_is_an_error(tmp_path: Path) -> None:
    path = _with(tmp_path, "usage: {analitica: [aggregated, pseudonymised]}",
                 "usage: {analitika: [aggregated]}")  # fmt: skip
    with pytest.raises(InventoryError) as info:
        load_inventory(path)
    problem = info.value.problems[0]
    assert "unknown purpose 'analitika'" in problem.message
    assert problem.line is not None
    assert "analitica" in (problem.hint or "")


def test_unknown_usage_kind_is_an_error(tmp_path: Path) -> None:
    path = _with(tmp_path, "usage: {analitica: [aggregated]}", "usage: {analitica: [anonymous]}")
    with pytest.raises(InventoryError) as info:
        load_inventory(path)
    assert "anonymous" in str(info.value.problems[0].message)
