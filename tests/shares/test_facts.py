"""Manifest facts: what a manifest says will leave, observed without judgement."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tutela.inventory import Inventory, load_inventory
from tutela.shares import load_manifest, manifest_fact, share_summary

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "shares"


@pytest.fixture(scope="module")
def inventory() -> Inventory:
    return load_inventory(FIXTURES / "project" / "inventory.yaml")


def _fact(tmp_path: Path, inventory: Inventory, base: str, **changes: object) -> dict[str, Any]:
    data = yaml.safe_load((FIXTURES / "bases" / f"{base}.yaml").read_text(encoding="utf-8"))
    data.update(changes)
    path = tmp_path / f"{base}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    fact: dict[str, Any] = manifest_fact(
        load_manifest(path, inventory, display=f"shares/{base}.yaml"), inventory
    )
    return fact


def test_tables_form(tmp_path: Path, inventory: Inventory) -> None:
    fact = _fact(tmp_path, inventory, "bpo")
    assert (fact["kind"], fact["version"], fact["file"]) == ("manifest", 1, "shares/bpo.yaml")
    assert [
        (c["table"], c["column"], c["category"], c["transforms"], c["value_preserving"])
        for c in fact["columns"]
    ] == [
        ("dwh.cobranza.cartera", "id_credito", "clave", [], True),
        ("dwh.cobranza.cartera", "nombre", "identificacion", [], True),
        ("dwh.cobranza.cartera", "telefono", "contacto", [], True),
        ("dwh.cobranza.cartera", "saldo", "patrimonial", [], True),
    ]
    first = fact["columns"][0]
    assert (first["line"], first["path"]) == (14, ["data", "tables", 0, "columns", 0])
    assert (first["sink"], first["target"]) == ("egress", "@dwh.cobranza.stage_bpo")
    assert fact["query"] is None
    assert (fact["retention_days"], fact["source_retention_days"]) == (90, 1825)
    # The contract comes from the inventory's recipient when the manifest has none.
    assert (fact["contract"]["reference"], fact["contract"]["source"]) == ("C-BPO", "inventory")
    assert fact["recipient"]["role"] == "encargado"
    assert fact["recipient_purposes"] == ["cobranza"]
    assert fact["approved"] is True


def test_query_form_uses_the_sql_extractor(tmp_path: Path, inventory: Inventory) -> None:
    fact = _fact(tmp_path, inventory, "socio")
    assert [(c["column"], c["sink"], c["target"]) for c in fact["columns"]] == [
        ("telefono", "egress", "gs://socio/audiencias/"),
        ("segmento", "egress", "gs://socio/audiencias/"),
    ]
    query = fact["query"]
    assert (query["parsed"], query["statements"], query["operation"]) == (True, 1, "select")
    assert [(f["column"], f["polarity"], f["restricts"]) for f in query["consent_filters"]] == [
        ("acepta_promociones", "positive", True)
    ]
    assert [(x["form"], x["anti"]) for x in query["exclusion_checks"]] == [("not_exists", True)]
    # The exclusion list is read to filter, not sent: it does not bind the retention.
    assert [(t["table"], t["shared"]) for t in fact["tables"]] == [
        ("dwh.crm.prospectos", True),
        ("dwh.crm.exclusion", False),
    ]
    assert fact["source_retention_days"] == 365


def test_aggregates_are_not_value_preserving(tmp_path: Path, inventory: Inventory) -> None:
    sql = "SELECT p.campania, COUNT(p.telefono) AS n FROM dwh.crm.prospectos AS p GROUP BY 1\n"
    fact = _fact(tmp_path, inventory, "socio", data={"query": {"dialect": "snowflake", "sql": sql}})
    telefono = next(c for c in fact["columns"] if c["column"] == "telefono")
    assert (telefono["transforms"], telefono["value_preserving"]) == (["count"], False)


def test_approval_needs_the_privacy_office(tmp_path: Path, inventory: Inventory) -> None:
    approvals = [{"name": "Dueño", "role": "data_owner", "date": "2026-01-01"}]
    fact = _fact(tmp_path, inventory, "banco", approvals=approvals)
    assert (fact["status"], fact["approved"]) == ("approved", False)
    path = tmp_path / "banco.yaml"
    assert share_summary(load_manifest(path, inventory)) == {
        "id": "banco_resultados",
        "recipient": "banco",
        "destinations": ["s3://banco/resultados/"],
        "approved": False,
        "purpose": "cobranza",
    }


@pytest.mark.parametrize(
    ("style", "exact"),
    [("|", True), (">", False), ("single", True)],
)
def test_sql_positions_map_into_the_manifest(
    tmp_path: Path, inventory: Inventory, style: str, exact: bool
) -> None:
    sql = "SELECT p.telefono\n  FROM dwh.crm.prospectos AS p"
    text = (FIXTURES / "bases" / "socio.yaml").read_text(encoding="utf-8")
    start = text.index("    sql: |")
    end = text.index("frequency:")
    if style == "single":
        block = '    sql: "' + sql.replace("\n", " ") + '"\n'
    else:
        block = f"    sql: {style}\n" + "".join(f"      {line}\n" for line in sql.splitlines())
    path = tmp_path / "m.yaml"
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    fact = manifest_fact(load_manifest(path, inventory), inventory)
    (column,) = fact["columns"]
    lines = path.read_text(encoding="utf-8").splitlines()
    if exact:
        assert lines[column["line"] - 1][column["col"] - 1 :].startswith("p.telefono")
    else:  # a folded block joins lines: point at the sql value itself
        assert (column["line"], column["col"]) == (fact["query"]["line"], fact["query"]["col"])
    assert column["path"] == ["data", "query", "sql"]
