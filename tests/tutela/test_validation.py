"""The constant Cerberus schemas the run time trusts pass Cerberus' own definition check."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from cerberus.schema import DefinitionSchema, SchemaError

from tutela.inventory.load import _validator
from tutela.inventory.schema import SCHEMA as INVENTORY_SCHEMA
from tutela.shares.schema import SCHEMA as MANIFEST_SCHEMA
from tutela.validation import SchemaValidator, trusted_schema

SCHEMAS = {"inventory": INVENTORY_SCHEMA, "manifest": MANIFEST_SCHEMA}


def _checked(schema: dict[str, Any]) -> DefinitionSchema:
    SchemaValidator.clear_caches()  # no earlier run may have vouched for the schema
    return DefinitionSchema(SchemaValidator(), copy.deepcopy(schema))


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_trusted_schema_passes_the_definition_check(name: str) -> None:
    checked = _checked(SCHEMAS[name])  # raises SchemaError if the definition is invalid
    assert trusted_schema(copy.deepcopy(SCHEMAS[name])).schema == checked.schema


def test_the_definition_check_catches_a_bad_schema() -> None:
    with pytest.raises(SchemaError):
        _checked({"n": {"type": "integer", "check_with": "no_such_check"}})


def test_inventory_validator_uses_the_checked_schema() -> None:
    assert _validator().schema.schema == _checked(INVENTORY_SCHEMA).schema
