"""Machine-readable JSON, version 1. Its shape is ``tutela/schemas/findings.schema.json``.

Suppressed findings are included with ``"suppressed": true`` and their reason: the JSON
output is the audit trail of what was silenced and why.
"""

from __future__ import annotations

import json
from typing import Any

from tutela.reporters.base import TOOL_NAME, Report

#: Bumped only on a breaking change to the JSON shape.
JSON_VERSION = 1


def report_to_dict(report: Report) -> dict[str, Any]:
    """The JSON document as Python data (what :func:`render_json` serialises).

    Example:
        >>> report_to_dict(Report(files=["a.sql"], tool_version="0.1.0"))["summary"]["files"]
        1
    """
    return {
        "version": JSON_VERSION,
        "tool": {
            "name": TOOL_NAME,
            "version": report.tool_version,
            "information_uri": report.home_page(),
        },
        "lang": report.lang,
        "files": list(report.files),
        "findings": [f.to_dict() for f in report.findings],
        "errors": [e.to_dict() for e in report.errors],
        "summary": report.summary(),
    }


def render_json(report: Report) -> str:
    """Render ``report`` as indented UTF-8 JSON text ending in a newline."""
    return json.dumps(report_to_dict(report), indent=2, ensure_ascii=False, default=str) + "\n"
