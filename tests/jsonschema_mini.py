"""A small JSON Schema (draft 2020-12) validator for the keywords tutela's schemas use.

No jsonschema dependency. It refuses any keyword it does not check, so a schema cannot grow
a constraint that is silently ignored by the tests.
"""

from __future__ import annotations

import re
from typing import Any

ANNOTATIONS = {"$schema", "title", "description", "$defs"}
CHECKED = {
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "const",
    "$ref",
    "minimum",
    "pattern",
}
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}


def _is(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def validate(
    instance: Any, schema: dict[str, Any], root: dict[str, Any], where: str = "$"
) -> list[str]:
    """Return the errors of ``instance`` against ``schema`` (empty when valid)."""
    unknown = set(schema) - ANNOTATIONS - CHECKED
    assert not unknown, f"schema keyword(s) {unknown} at {where} are not checked by this test"
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return validate(instance, root["$defs"][name], root, where)
    errors: list[str] = []
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is(instance, n) for n in names):
            return [f"{where}: {instance!r} is not of type {names}"]
    if "const" in schema and instance != schema["const"]:
        errors.append(f"{where}: {instance!r} != {schema['const']!r}")
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{where}: {instance!r} not in {schema['enum']}")
    if "minimum" in schema and isinstance(instance, int) and instance < schema["minimum"]:
        errors.append(f"{where}: {instance} < {schema['minimum']}")
    pattern = schema.get("pattern")
    if pattern and isinstance(instance, str) and not re.search(pattern, instance):
        errors.append(f"{where}: {instance!r} does not match {schema['pattern']}")
    if isinstance(instance, dict):
        for key in schema.get("required", []):
            if key not in instance:
                errors.append(f"{where}: missing {key!r}")
        properties = schema.get("properties", {})
        for key, value in instance.items():
            if key in properties:
                errors += validate(value, properties[key], root, f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                errors.append(f"{where}: unexpected key {key!r}")
    if isinstance(instance, list) and "items" in schema:
        for index, item in enumerate(instance):
            errors += validate(item, schema["items"], root, f"{where}[{index}]")
    return errors
