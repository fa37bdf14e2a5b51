"""Every fact tutela produces validates against tutela/schemas/facts.schema.json (the contract)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tests.jsonschema_mini import validate
from tests.sql.test_fixtures import CATALOG
from tutela.sql import FACTS_VERSION, analyze_sql

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    text = resources.files("tutela").joinpath("schemas/facts.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def test_schema_version_matches_the_code(schema) -> None:
    assert schema["properties"]["version"]["const"] == FACTS_VERSION


def test_example_facts_validate(schema) -> None:
    facts = json.loads((HERE.parent / "golden" / "facts" / "contact-center.json").read_text())
    assert len(facts) > 40
    for fact in facts:
        assert validate(fact, schema, schema) == [], fact["file"]


def test_every_fixture_fact_validates(schema) -> None:
    count = 0
    for path in sorted((HERE / "fixtures").rglob("*.sql")):
        text = path.read_text(encoding="utf-8")
        dialect = dict(re.findall(r"^--\s*(dialect)\s*:\s*(.*?)\s*$", text, re.M)).get(
            "dialect", path.stem
        )
        for fact in analyze_sql(text, dialect=dialect, catalog=CATALOG, file=path.name):
            errors = validate(fact, schema, schema)
            assert errors == [], f"{path}: {errors[:3]}"
            count += 1
    assert count > 400


def test_schema_rejects_a_fact_with_a_wrong_shape(schema) -> None:
    fact = analyze_sql("SELECT 1", dialect="postgres")[0]
    assert validate(fact, schema, schema) == []
    broken = {**fact, "operation": "teleport", "extra": 1}
    errors = validate(broken, schema, schema)
    assert any("teleport" in e for e in errors) and any("extra" in e for e in errors)
