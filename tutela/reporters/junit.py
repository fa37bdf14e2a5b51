"""JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure, CircleCI).

- one ``<testsuite>`` per file (analysed or failed), sorted by name;
- one ``<testcase>`` per finding (rule and location), named ``PUR001 purpose-… (line 3, col 8)``;
- a ``<failure>`` for findings at or above ``fail_on`` (default: error), so the report
  fails exactly when the exit code is 1; below it the case passes and carries the
  finding in ``<system-out>``;
- ``<skipped>`` for suppressed findings, with the justification;
- an ``<error>`` case for a file that could not be analysed;
- a single passing ``no findings`` case for a clean file, so it still counts as a test.

No timestamps or durations: the output is deterministic. Characters XML 1.0 cannot carry
(control characters) are replaced by U+FFFD.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from tutela.findings import Finding
from tutela.reporters.base import (
    TOOL_NAME,
    FileError,
    Report,
    legal_basis_text,
    location_text,
)

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _case_name(finding: Finding) -> str:
    loc = finding.location
    name = f"{finding.id} {finding.name}".strip()
    if loc.line is None:
        return name
    where = f"line {loc.line}" + (f", col {loc.col}" if loc.col is not None else "")
    return f"{name} ({where})"


def _details(report: Report, finding: Finding) -> str:
    loc = finding.location
    lines = [f"{location_text(loc.file, loc.line, loc.col)}: {finding.msg}"]
    if finding.legal_basis:
        lines.append(f"legal basis: {legal_basis_text(finding.legal_basis)}")
    rule = report.rule(finding.id)
    if rule and rule.recommended_action.strip():
        lines.append(f"help: {rule.recommended_action.strip()}")
    lines.append(f"tutela rules explain {finding.id}")
    return _clean("\n".join(lines))


class _Counts:
    def __init__(self) -> None:
        self.tests = self.failures = self.errors = self.skipped = 0

    def attrs(self) -> dict[str, str]:
        return {
            "tests": str(self.tests),
            "failures": str(self.failures),
            "errors": str(self.errors),
            "skipped": str(self.skipped),
        }

    def add(self, other: _Counts) -> None:
        self.tests += other.tests
        self.failures += other.failures
        self.errors += other.errors
        self.skipped += other.skipped


def _suite(
    report: Report, file: str, findings: list[Finding], errors: list[FileError]
) -> tuple[ET.Element, _Counts]:
    counts = _Counts()
    suite = ET.Element("testsuite", {"name": _clean(file)})
    cases: list[ET.Element] = []
    for error in errors:
        counts.tests += 1
        counts.errors += 1
        case = ET.Element("testcase", {"classname": _clean(file), "name": "analyse"})
        text = location_text(error.file, error.line, error.col) + f": {error.message}"
        if error.hint:
            text += f"\nhelp: {error.hint}"
        node = ET.SubElement(case, "error", {"message": _clean(error.message), "type": "error"})
        node.text = _clean(text)
        cases.append(case)
    for finding in findings:
        counts.tests += 1
        case = ET.Element(
            "testcase", {"classname": _clean(file), "name": _clean(_case_name(finding))}
        )
        if finding.suppressed:
            counts.skipped += 1
            reason = finding.suppression_reason or ""
            ET.SubElement(case, "skipped", {"message": _clean(f"suppressed: {reason}".strip())})
        elif report.fails(finding):
            counts.failures += 1
            node = ET.SubElement(
                case,
                "failure",
                {"message": _clean(finding.msg), "type": f"{finding.id} [{finding.severity}]"},
            )
            node.text = _details(report, finding)
        else:
            out = ET.SubElement(case, "system-out")
            out.text = f"[{finding.severity}] " + _details(report, finding)
        cases.append(case)
    if not cases:
        counts.tests += 1
        cases.append(ET.Element("testcase", {"classname": _clean(file), "name": "no findings"}))
    suite.attrib.update(counts.attrs())
    suite.extend(cases)
    return suite, counts


def render_junit(report: Report) -> str:
    """Render ``report`` as a JUnit XML document (UTF-8, indented, ending in a newline)."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_file[finding.location.file].append(finding)
    errors_by_file: dict[str, list[FileError]] = defaultdict(list)
    for error in report.errors:
        errors_by_file[error.file].append(error)
    files = sorted(set(report.files) | set(by_file) | set(errors_by_file))

    total = _Counts()
    root = ET.Element("testsuites", {"name": TOOL_NAME})
    suites = []
    for file in files:
        suite, counts = _suite(report, file, by_file.get(file, []), errors_by_file.get(file, []))
        total.add(counts)
        suites.append(suite)
    root.attrib.update(total.attrs())
    root.extend(suites)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
