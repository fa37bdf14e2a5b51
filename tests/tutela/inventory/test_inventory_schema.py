"""The schema itself: its generated docs page, its glossary, its agreement with the spec."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from cerberus import Validator

from tutela.inventory import SCHEMA, render_inventory_docs
from tutela.inventory.schema import (
    DATE_PATTERN,
    DURATION_PATTERN,
    ID_PATTERN,
    POSTAL_CODE_PATTERN,
    RFC_PATTERN,
    TABLE_PATTERN,
    glossary_values,
    iter_fields,
)
from tutela.yamlsafe import load_yaml

REPO = Path(__file__).resolve().parents[3]


def test_docs_page_is_generated_from_schema(golden) -> None:
    golden(REPO / "docs" / "inventory.md", render_inventory_docs() + "\n")


def test_every_field_has_a_spanish_description() -> None:
    for path, rules in iter_fields():
        description = rules.get("meta", {}).get("description", "")
        assert description.endswith((".", ")")), path
        item = rules.get("schema") if rules.get("type") == "list" else None
        if isinstance(item, dict) and "type" in item:
            assert item.get("meta", {}).get("description"), f"{path}[]"


def test_glossary_explains_every_spanish_identifier() -> None:
    text = (REPO / "docs" / "glossary.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([^`]+)` \|", text, flags=re.MULTILINE))
    required = set(glossary_values()) | {"arco", "remision", "bloqueo", "supresion"}
    assert sorted(required - listed) == []


def test_glossary_rows_have_three_cells() -> None:
    text = (REPO / "docs" / "glossary.md").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("| `"):
            cells = [c.strip() for c in line.strip("|").split(" | ")]
            assert len(cells) == 3 and all(cells), line


def _spec_keys(node: Any, prefix: str = "") -> set[str]:
    keys: set[str] = set()
    if isinstance(node, list) and node and isinstance(node[0], dict):
        return _spec_keys(node[0], f"{prefix}[]")
    if isinstance(node, dict):
        for key, value in node.items():
            path = f"{prefix}.{key}" if prefix else key
            keys.add(path)
            keys |= _spec_keys(value, path)
    return keys


def test_schema_matches_the_spec() -> None:
    spec_text = (REPO / "docs" / "inventory-spec.yaml").read_text(encoding="utf-8")
    spec = load_yaml(spec_text, "inventory-spec.yaml").data
    schema_keys = {path for path, _ in iter_fields()}
    # "channels: [same shape as arco.channels]" is prose in the spec: expand it.
    shared = {p.removeprefix("arco.channels") for p in schema_keys if p.startswith("arco.")}
    # "consent_columns: {purpose_id: column}" is a free map, not a key named purpose_id.
    spec_keys = _spec_keys(spec) - {
        "datasets[].consent_columns.purpose_id",
        "database_aliases.database",  # a free map too
        "datasets[].usage.purpose_id",  # usage: {purpose_id: [kinds]}, free maps too
        "datasets[].columns[].usage.purpose_id",
        "recipients[].consent_columns.table",
    }
    for owner in ("revocation.channels", "limit_use.channels"):
        spec_keys |= {owner + suffix for suffix in shared if suffix.startswith("[]")}
    assert sorted(spec_keys ^ schema_keys) == []


def test_schema_compiles_in_plain_cerberus_apart_from_custom_checks() -> None:
    def strip(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k != "check_with"}
        return node

    Validator(strip(SCHEMA))


@pytest.mark.parametrize(
    ("pattern", "good", "bad"),
    [
        (ID_PATTERN, ["cobranza", "a1_b"], ["Cobranza", "1a", "a-b", "", "cobranza "]),
        (
            DURATION_PATTERN,
            ["P5Y", "P1Y6M", "P18M", "P90D", "P0D", "P2W", "P1Y2M3W4D"],
            ["P", "5Y", "P1.5Y", "PT1H", "P6M1Y", "p5y"],
        ),
        (DATE_PATTERN, ["2026-01-15"], ["2026-1-15", "15/01/2026"]),
        (
            TABLE_PATTERN,
            [
                "crm.clientes",
                "cc_dwh.crm.clientes",
                "srv.cc_dwh.crm.clientes",
                "my-proj-prod.crm.clientes",
                "`my-proj-prod.crm.clientes`",
                "`my-proj-prod`.crm.clientes",
                '"CC_DWH"."CRM"."Clientes Web"',
                "[dwh].[crm].[clientes]",
                "db$1.crm.t$1",
            ],
            ["clientes", "a.b.c.d.e", "crm..clientes", "crm.clientes;", "crm.cli entes", ""],
        ),
        (POSTAL_CODE_PATTERN, ["01000", "06600"], ["1000", "060000", "0660A"]),
        (
            RFC_PATTERN,
            ["CEJ200101AB1", "GODE561231GR8", "ÑAÑ200101AB1", "&AB200101AB1"],
            ["CEJ2001", "cej200101ab1", "CEJ201301AB1", "GODE561231GRB"],
        ),
    ],
)
def test_patterns(pattern: str, good: list[str], bad: list[str]) -> None:
    for value in good:
        assert re.fullmatch(pattern, value), value
    for value in bad:
        assert not re.fullmatch(pattern, value), value
