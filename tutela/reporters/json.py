"""Machine-readable JSON, version 1. Its shape is ``tutela/schemas/findings.schema.json``.

Suppressed findings are included with ``"suppressed": true`` and their reason: the JSON
output is the audit trail of what was silenced and why.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tutela.reporters.base import TOOL_NAME, Report
from tutela.reporters.stream import iter_json

#: Bumped only on a breaking change to the JSON shape.
JSON_VERSION = 1


def report_to_dict(report: Report) -> dict[str, Any]:
    """The JSON document as Python data (what :func:`render_json` serialises).

    Example:
        >>> report_to_dict(Report(files=["a.sql"], tool_version="0.1.0"))["summary"]["files"]
        1
    """
    document = _document(report)
    document["findings"] = list(document["findings"])
    return document


def _document(report: Report) -> dict[str, Any]:
    """The document with its findings as a generator: each dict made as it is written."""
    return {
        "version": JSON_VERSION,
        "tool": {
            "name": TOOL_NAME,
            "version": report.tool_version,
            "information_uri": report.home_page(),
        },
        "lang": report.lang,
        "files": list(report.files),
        "findings": (f.to_dict() for f in report.findings),
        "errors": [e.to_dict() for e in report.errors],
        "summary": report.summary(),
    }


def render_json(report: Report) -> str:
    """Render ``report`` as indented UTF-8 JSON text ending in a newline."""
    return "".join(chunks_json(report))


def chunks_json(report: Report) -> Iterator[str]:
    """:func:`render_json`'s text in pieces (:mod:`tutela.reporters.stream`)."""
    yield from iter_json(_document(report))
    yield "\n"
