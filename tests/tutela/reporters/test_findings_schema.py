"""The JSON reporter's output validates against tutela/schemas/findings.schema.json.

Checked with the ``jsonschema`` package (draft 2020-12, formats included): the validator a
consumer of ``--format json`` would use.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from tests.schemas import errors, validator
from tutela.findings import Finding, LegalBasis, Location, Severity
from tutela.reporters import Report, render


@pytest.fixture(scope="module")
def schema() -> Draft202012Validator:
    return validator("findings")


def test_schema_declares_draft_2020_12(schema):
    document: dict[str, Any] = schema.schema
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"


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
        assert errors(schema, json.loads(render("json", report))) == []


@pytest.mark.parametrize(
    ("mutate", "path", "keyword"),
    [
        (lambda d: d.pop("summary"), "$", "required"),
        (lambda d: d.update(version=2), "$.version", "const"),
        (lambda d: d["findings"][0].update(severity="fatal"), "$.findings[0].severity", "enum"),
        (
            lambda d: d["findings"][0]["location"].update(line=0),
            "$.findings[0].location.line",
            "minimum",
        ),
        (lambda d: d["findings"][0].update(id="pur-1"), "$.findings[0].id", "pattern"),
        (lambda d: d["errors"][0].update(surprise=1), "$.errors[0]", "additionalProperties"),
        (lambda d: d["summary"].update(files="4"), "$.summary.files", "type"),
    ],
)
def test_validator_catches_a_broken_document(schema, mutate, path, keyword, sample_report):
    data = json.loads(render("json", sample_report()))
    assert errors(schema, data) == []
    mutate(data)
    found = errors(schema, data)
    assert (path, keyword) in {(p, k) for p, k, _ in found}, found


def test_docs_publish_the_installed_schemas():
    from tests.conftest import REPO

    for name in ("facts", "findings"):
        installed = (REPO / "tutela" / "schemas" / f"{name}.schema.json").read_bytes()
        published = (REPO / "docs" / "schemas" / f"{name}.schema.json").read_bytes()
        assert published == installed, f"docs/schemas/{name}.schema.json: cp it from tutela/schemas"


def test_cli_prints_the_schemas(run_cli):
    for args, name in ((["--schema"], "facts"), (["--schema", "findings"], "findings")):
        code, out, err = run_cli("facts", *args)
        assert code == 0, err
        assert json.loads(out) == validator(name).schema
    code, _, err = run_cli("facts", "--schema", "facts", "x.sql")
    assert code == 2 and "give no SQL" in err
