"""The JSON reporter's output validates against tutela/schemas/findings.schema.json.

No jsonschema dependency: a small validator for exactly the draft 2020-12 keywords the schema
uses. It refuses any other keyword, so the schema cannot grow a constraint that is silently
not checked here.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import pytest

from tests.jsonschema_mini import validate
from tutela.findings import Finding, LegalBasis, Location, Severity
from tutela.reporters import Report, render


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    text = resources.files("tutela").joinpath("schemas/findings.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def test_schema_declares_draft_2020_12(schema):
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_json_output_validates(schema, sample_report):
    extra = Finding(
        "PCI001",
        "m",
        Severity.INFO,
        Location("s.yaml", None, None, ("recipients", 0, "columns", 2)),
        legal_basis=(LegalBasis("PCI DSS", "3.3.1", note="CVV"),),
        extra={"columns": ["cvv"]},
    )
    reports = [
        sample_report(),
        sample_report(findings=[], errors=[], files=[]),
        Report([extra], ["s.yaml"]),
    ]
    for report in reports:
        assert validate(json.loads(render("json", report)), schema, schema) == []


@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        (lambda d: d.pop("summary"), "$: missing 'summary'"),
        (lambda d: d.update(version=2), "$.version: 2 != 1"),
        (lambda d: d["findings"][0].update(severity="fatal"), "$.findings[0].severity: 'fatal'"),
        (
            lambda d: d["findings"][0]["location"].update(line=0),
            "$.findings[0].location.line: 0 < 1",
        ),
        (lambda d: d["findings"][0].update(id="pur-1"), "$.findings[0].id: 'pur-1' does not match"),
        (lambda d: d["errors"][0].update(surprise=1), "$.errors[0]: unexpected key 'surprise'"),
        (lambda d: d["summary"].update(files="4"), "$.summary.files: '4' is not of type"),
    ],
)
def test_validator_catches_a_broken_document(schema, mutate, error, sample_report):
    data = json.loads(render("json", sample_report()))
    mutate(data)
    errors = validate(data, schema, schema)
    assert any(e.startswith(error) for e in errors), errors
