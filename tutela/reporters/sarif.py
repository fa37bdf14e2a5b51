"""SARIF 2.1.0, shaped for GitHub code scanning.

- The driver declares every rule that ran (not only those that fired), so code scanning can
  tell "ran and found nothing" from "does not exist" and close fixed alerts.
- Artifact URIs are relative to ``%SRCROOT%`` with forward slashes, so alerts keep their
  identity across machines and runs.
- Suppressed findings stay in ``results`` with an ``inSource`` suppression and its
  justification (the audit trail), and ``properties.owner``/``until`` when the comment names
  them; code scanning shows them as dismissed.
- ``partialFingerprints["tutela/v1"]`` hashes rule, file, key path and the finding's values
  (its message when it has none), not the line, so an alert survives lines being added above
  it, and the message language (``--lang``) does not change its identity.
- ``properties.values`` carries the values the message is built from (machine-readable).
- Files that could not be analysed become ``toolExecutionNotifications`` and
  ``executionSuccessful: false``.
- Every rule carries ``help`` (text and markdown). Rules that enforce a legal basis are tagged
  ``security`` with a ``security-severity`` score from their default severity
  (:data:`SECURITY_SEVERITY`), which code scanning shows as critical/high/medium/low; tutela's
  own meta rules (suppression hygiene, no legal basis) are not security alerts.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from tutela.errors import dotted_path
from tutela.findings import Finding, Severity
from tutela.reporters.base import TOOL_NAME, FileError, Report, RuleMeta, legal_basis_text
from tutela.reporters.stream import iter_json

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}

#: ``security-severity`` by a rule's default severity. GitHub code scanning reads the score
#: as critical (9.0-10.0), high (7.0-8.9), medium (4.0-6.9) or low (0.1-3.9).
SECURITY_SEVERITY = {Severity.ERROR: "8.0", Severity.WARNING: "5.0", Severity.INFO: "2.0"}


def _security_severity(severity: str) -> str:
    try:
        return SECURITY_SEVERITY[Severity(severity)]
    except ValueError:
        return SECURITY_SEVERITY[Severity.WARNING]


def _level(severity: str) -> str:
    try:
        return _LEVEL[Severity(severity)]
    except ValueError:
        return "warning"


def artifact_location(file: str) -> dict[str, str]:
    r"""A SARIF ``artifactLocation`` for ``file``: relative to ``%SRCROOT%`` when it can be.

    Example:
        >>> artifact_location("models\\marketing/campaña 1.sql")
        {'uri': 'models/marketing/campa%C3%B1a%201.sql', 'uriBaseId': '%SRCROOT%'}
        >>> artifact_location("/srv/repo/a.sql")
        {'uri': 'file:///srv/repo/a.sql'}
    """
    if PurePosixPath(file).is_absolute():
        return {"uri": PurePosixPath(file).as_uri()}
    if PureWindowsPath(file).is_absolute():
        return {"uri": PureWindowsPath(file).as_uri()}
    posix = file.replace("\\", "/")
    while posix.startswith("./"):
        posix = posix[2:]
    return {"uri": quote(posix, safe="/"), "uriBaseId": SRCROOT}


def _physical(file: str, line: int | None, col: int | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact_location(file)}
    if line is not None and line >= 1:
        region: dict[str, int] = {"startLine": line}
        if col is not None and col >= 1:
            region["startColumn"] = col
        physical["region"] = region
    return physical


def _descriptor(rule_id: str, rule: RuleMeta | None, names: dict[str, str]) -> dict[str, Any]:
    if rule is None:
        # A finding from a rule without metadata (e.g. a user policy without METADATA).
        fallback: dict[str, Any] = {"id": rule_id}
        if names.get(rule_id):
            fallback["name"] = names[rule_id]
        fallback["shortDescription"] = {"text": names.get(rule_id) or rule_id}
        # Code scanning shows `help` on every alert: say where the rule comes from.
        fallback["help"] = {
            "text": f"{rule_id} has no METADATA in its policy. "
            f"More: tutela rules explain {rule_id}",
            "markdown": f"`{rule_id}` has no METADATA in its policy.\n\n"
            f"More: `tutela rules explain {rule_id}`",
        }
        return fallback
    action = rule.recommended_action.strip()
    basis = legal_basis_text(rule.legal_basis)
    text = rule.description.strip()
    markdown = f"**{rule.title}**\n\n{text}"
    if action:
        text += f"\n\nHow to fix: {action}"
        markdown += f"\n\n**How to fix:** {action}"
    if basis:
        text += f"\n\nLegal basis: {basis}"
        markdown += f"\n\n**Legal basis:** {basis}"
    text += f"\n\nMore: tutela rules explain {rule_id}"
    markdown += f"\n\nMore: `tutela rules explain {rule_id}`"
    instruments = sorted({b.instrument for b in rule.legal_basis})
    descriptor: dict[str, Any] = {
        "id": rule_id,
        "name": rule.name,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description.strip()},
        "help": {"text": text, "markdown": markdown},
    }
    help_uri = getattr(rule, "help_uri", None)
    if help_uri:
        descriptor["helpUri"] = help_uri
    properties: dict[str, Any] = {
        "tags": ["privacy", *(["security"] if rule.legal_basis else []), *instruments],
        "legal_basis": [
            {k: v for k, v in asdict(b).items() if v is not None} for b in rule.legal_basis
        ],
    }
    if rule.legal_basis:
        properties["security-severity"] = _security_severity(rule.severity)
    descriptor["properties"] = properties
    descriptor["defaultConfiguration"] = {"level": _level(rule.severity)}
    return descriptor


def _fingerprint_base(finding: Finding) -> str:
    loc = finding.location
    content = (
        json.dumps(
            [finding.variant, finding.values], sort_keys=True, ensure_ascii=False, default=str
        )
        if finding.values
        else finding.msg
    )
    parts = [finding.id, loc.file.replace("\\", "/"), dotted_path(loc.path), content]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()[:32]


def _result(
    finding: Finding, index: int, fingerprint: str, rule: RuleMeta | None
) -> dict[str, Any]:
    loc = finding.location
    location: dict[str, Any] = {"physicalLocation": _physical(loc.file, loc.line, loc.col)}
    if loc.path:
        location["logicalLocations"] = [{"fullyQualifiedName": dotted_path(loc.path)}]
    result: dict[str, Any] = {
        "ruleId": finding.id,
        "ruleIndex": index,
        "level": _level(finding.severity),
        "message": {"text": finding.msg},
        "locations": [location],
        "partialFingerprints": {"tutela/v1": fingerprint},
    }
    if finding.suppressed:
        suppression: dict[str, Any] = {"kind": "inSource", "status": "accepted"}
        if finding.suppression_reason:
            suppression["justification"] = finding.suppression_reason
        owner = {"owner": finding.suppression_owner, "until": finding.suppression_until}
        if any(owner.values()):
            suppression["properties"] = {k: v for k, v in owner.items() if v}
        result["suppressions"] = [suppression]
    properties: dict[str, Any] = {}
    if finding.name or (rule and rule.name):
        properties["name"] = finding.name or (rule.name if rule else "")
    if finding.legal_basis:
        properties["legal_basis"] = legal_basis_text(finding.legal_basis)
    if finding.values:
        properties["values"] = finding.values
    properties["jurisdiction"] = finding.jurisdiction
    if properties:
        result["properties"] = properties
    return result


def _notification(error: FileError) -> dict[str, Any]:
    text = error.message + (f"\nhelp: {error.hint}" if error.hint else "")
    return {
        "level": "error",
        "message": {"text": text},
        "locations": [{"physicalLocation": _physical(error.file, error.line, error.col)}],
    }


def report_to_sarif(report: Report) -> dict[str, Any]:
    """The SARIF log as Python data (what :func:`render_sarif` serialises)."""
    rule_ids = report.rule_ids()
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    driver: dict[str, Any] = {
        "name": TOOL_NAME,
        "version": report.tool_version,
        "semanticVersion": report.tool_version,
    }
    home = report.home_page()
    if home:
        driver["informationUri"] = home
    names = {f.id: f.name for f in report.findings if f.name}
    driver["rules"] = [_descriptor(i, report.rule(i), names) for i in rule_ids]

    seen: dict[str, int] = {}
    results = []
    for finding in report.findings:
        base = _fingerprint_base(finding)
        # Identical findings in one file (the same rule firing twice on the same text) get
        # their occurrence number, so each keeps its own alert.
        seen[base] = seen.get(base, 0) + 1
        fingerprint = f"{base}:{seen[base]}"
        rule = report.rule(finding.id)
        results.append(_result(finding, index[finding.id], fingerprint, rule))

    invocation: dict[str, Any] = {"executionSuccessful": not report.errors}
    if report.errors:
        invocation["toolExecutionNotifications"] = [_notification(e) for e in report.errors]
    run = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def render_sarif(report: Report) -> str:
    """Render ``report`` as a SARIF 2.1.0 log (indented JSON ending in a newline)."""
    return "".join(chunks_sarif(report))


def chunks_sarif(report: Report) -> Iterator[str]:
    """:func:`render_sarif`'s text in pieces (:mod:`tutela.reporters.stream`)."""
    yield from iter_json(report_to_sarif(report))
    yield "\n"
