"""Every fact tutela produces validates against tutela/schemas/facts.schema.json (the contract).

Checked with the ``jsonschema`` package (draft 2020-12, formats included), the validator a
policy author would use on facts of their own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.schemas import errors, validator
from tests.sql.test_fixtures import CATALOG
from tutela.sql import FACTS_VERSION, analyze_sql

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def schema() -> Draft202012Validator:
    return validator("facts")


def test_schema_version_matches_the_code(schema) -> None:
    document: dict[str, Any] = schema.schema
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert document["properties"]["version"]["const"] == FACTS_VERSION


def test_example_facts_validate(schema) -> None:
    facts = json.loads((HERE.parent / "golden" / "facts" / "contact-center.json").read_text())
    assert len(facts) > 40
    for fact in facts:
        assert errors(schema, fact) == [], fact["file"]


def test_every_fixture_fact_validates(schema) -> None:
    count = 0
    for path in sorted((HERE / "fixtures").rglob("*.sql")):
        text = path.read_text(encoding="utf-8")
        dialect = dict(re.findall(r"^--\s*(dialect)\s*:\s*(.*?)\s*$", text, re.M)).get(
            "dialect", path.stem
        )
        for fact in analyze_sql(text, dialect=dialect, catalog=CATALOG, file=path.name):
            found = errors(schema, fact)
            assert found == [], f"{path}: {found[:3]}"
            count += 1
    assert count > 400


def test_schema_rejects_a_fact_with_a_wrong_shape(schema) -> None:
    fact = analyze_sql("SELECT 1", dialect="postgres")[0]
    assert errors(schema, fact) == []
    broken = {**fact, "operation": "teleport", "extra": 1}
    found = {(path, keyword) for path, keyword, _ in errors(schema, broken)}
    assert ("$.operation", "enum") in found, found
    assert ("$", "additionalProperties") in found, found
