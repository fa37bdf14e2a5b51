"""A table can be several exclusion lists at once (REPEP copy and internal list).

Checked end to end: the inventory loader (real YAML, real Cerberus), the catalog, and the
facts of an anti-join (which kinds the check counts for, by the columns it compares).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.sql.test_fixtures import CATALOG
from tutela.errors import InventoryError
from tutela.inventory import load_inventory
from tutela.sql import analyze_sql

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "contact-center" / "inventory.yaml"
LIST_TABLE = """
  - table: cc_dwh.marketing.no_contactar
    description: Copia del REPEP y listado propio en una tabla.
{lists}
    columns:
      - {{name: telefono, category: contacto, contact_type: phone}}
      - {{name: correo, category: contacto, contact_type: email}}
"""


def _inventory(tmp_path: Path, lists: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    head, sep, tail = text.partition("\ndatasets:\n")
    path = tmp_path / "inventory.yaml"
    path.write_text(head + sep + LIST_TABLE.lstrip("\n").format(lists=lists) + tail, "utf-8")
    return path


def test_the_loader_gives_every_kind(tmp_path: Path) -> None:
    lists = (
        "    exclusion_lists:\n"
        "      - {kind: repep, contact_columns: [telefono]}\n"
        "      - {kind: internal, contact_columns: [telefono, correo]}"
    )
    inventory = load_inventory(_inventory(tmp_path, lists))
    dataset = inventory.table("cc_dwh.marketing.no_contactar")
    assert [x["kind"] for x in dataset["exclusion_lists"]] == ["repep", "internal"]
    assert dataset["exclusion_list"]["kind"] == "repep"  # the first, for one-kind readers


@pytest.mark.parametrize(
    ("lists", "message"),
    [
        (
            "    exclusion_list: {kind: internal, contact_columns: [telefono]}\n"
            "    exclusion_lists:\n      - {kind: repep, contact_columns: [telefono]}",
            "gives both `exclusion_list` and `exclusion_lists`",
        ),
        (
            "    exclusion_lists:\n      - {kind: repep, contact_columns: [telefono]}\n"
            "      - {kind: repep, contact_columns: [correo]}",
            "kind 'repep' is given twice",
        ),
        (
            "    exclusion_lists:\n      - {kind: repep, contact_columns: [celular]}",
            "celular",
        ),
    ],
)
def test_bad_lists_are_refused_with_their_line(tmp_path: Path, lists: str, message: str) -> None:
    with pytest.raises(InventoryError) as info:
        load_inventory(_inventory(tmp_path, lists))
    assert message in info.value.render()
    assert "inventory.yaml:" in info.value.render()


@pytest.mark.parametrize("dialect", ["snowflake", "bigquery", "postgres", "databricks"])
def test_an_email_anti_join_counts_for_the_internal_list_only(dialect: str) -> None:
    sql = (
        "SELECT c.correo FROM cc_dwh.crm.clientes c WHERE NOT EXISTS "
        "(SELECT 1 FROM cc_dwh.marketing.no_contactar n WHERE n.correo = c.correo)"
    )
    check = analyze_sql(sql, dialect=dialect, catalog=CATALOG)[0]["exclusion_checks"][0]
    assert (check["exclusion_kind"], check["exclusion_kinds"]) == ("internal", ["internal"])
    sql = sql.replace("correo", "telefono")
    check = analyze_sql(sql, dialect=dialect, catalog=CATALOG)[0]["exclusion_checks"][0]
    assert check["exclusion_kinds"] == ["repep", "internal"]
