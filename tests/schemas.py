"""The JSON Schemas tutela publishes, checked with the maintained ``jsonschema`` package.

``validator(name)`` loads ``tutela/schemas/<name>.schema.json`` from the installed package,
checks the schema itself against its metaschema (draft 2020-12) and returns a validator that
also checks ``format``. ``errors(validator, document)`` lists every violation as
``(json_path, keyword, message)``, deepest first, so a test can say which rule broke where.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker


@cache
def schema(name: str) -> dict[str, Any]:
    text = resources.files("tutela").joinpath(f"schemas/{name}.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def validator(name: str) -> Draft202012Validator:
    document = schema(name)
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document, format_checker=FormatChecker())


def errors(check: Draft202012Validator, document: object) -> list[tuple[str, str, str]]:
    found = sorted(check.iter_errors(document), key=lambda e: -len(e.absolute_path))
    return [(e.json_path, str(e.validator), e.message) for e in found]
