"""Human text, one finding per block, the way compilers and ruff print them.

::

    models/mkt.sql:3:8: PUR001 [error] Purpose "promo" is not in the privacy notice.
      legal basis: LFPDPPP art. 11
      help: Declare the purpose in the inventory (tutela rules explain PUR001)
    Found 1 error, 0 warnings in 1 file.

Suppressed findings are counted in the summary but not printed (json and sarif keep them).
Colour is added only when the caller asks for it; the CLI decides (TTY, ``--color``).
"""

from __future__ import annotations

from collections.abc import Iterator

from tutela.findings import Finding, Severity
from tutela.reporters.base import (
    FileError,
    Report,
    legal_basis_text,
    location_text,
    summary_line,
)
from tutela.terminal import visible

_RESET = "\x1b[0m"
_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_SEVERITY_COLOR = {
    Severity.ERROR: "\x1b[31m",  # red
    Severity.WARNING: "\x1b[33m",  # yellow
    Severity.INFO: "\x1b[36m",  # cyan
}


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def wrap(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.color else text


def _one_line(text: str, indent: str) -> str:
    # A message is one sentence, but if one carries line breaks the continuation lines are
    # indented so that every line that starts at column 0 is still `file:line:col: ...`.
    return f"\n{indent}".join(visible(text).splitlines() or [""])


def _finding(report: Report, finding: Finding, style: _Style) -> list[str]:
    loc = finding.location
    where = style.wrap(_BOLD, visible(location_text(loc.file, loc.line, loc.col)) + ":")
    sev = style.wrap(_SEVERITY_COLOR[finding.severity], f"[{finding.severity.value}]")
    code = style.wrap(_BOLD, visible(finding.id))  # a user policy's code is user text too
    lines = [f"{where} {code} {sev} {_one_line(finding.msg, '  ')}"]
    words = _LABELS.get(report.lang, _LABELS["en"])
    if finding.legal_basis:
        basis = legal_basis_text(finding.legal_basis, report.lang)
        lines.append(f"  {words['legal']}: {_one_line(basis, '  ')}")
    rule = report.rule(finding.id)
    action = rule.recommended_action.strip().removesuffix(".") if rule else ""
    explain = f"tutela rules explain {visible(finding.id)}"
    help_text = f"{_one_line(action, '    ')} ({explain})" if action else explain
    lines.append(f"  {style.wrap(_DIM, words['help'] + ':')} {help_text}")
    return lines


# The labels around a finding, in the report's language (the messages come translated).
_LABELS = {
    "en": {"legal": "legal basis", "help": "help", "error": "could not analyse"},
    "es": {"legal": "fundamento legal", "help": "ayuda", "error": "no se pudo analizar"},
}


def _error(error: FileError, style: _Style, lang: str) -> list[str]:
    words = _LABELS.get(lang, _LABELS["en"])
    where = style.wrap(_BOLD, visible(location_text(error.file, error.line, error.col)) + ":")
    label = style.wrap(_SEVERITY_COLOR[Severity.ERROR], words["error"] + ":")
    lines = [f"{where} {label} {_one_line(error.message, '  ')}"]
    if error.hint:
        lines.append(f"  {style.wrap(_DIM, words['help'] + ':')} {_one_line(error.hint, '    ')}")
    return lines


def render_text(report: Report, *, color: bool = False) -> str:
    """Render ``report`` for a person reading a terminal or a CI log.

    Example:
        >>> print(render_text(Report(files=["a.sql", "b.sql"])), end="")
        All checks passed (2 files).
    """
    return "".join(chunks_text(report, color=color))


def chunks_text(report: Report, *, color: bool = False) -> Iterator[str]:
    """:func:`render_text`'s text in pieces: one per file error or finding, then the summary."""
    style = _Style(color)
    for error in report.errors:
        yield "\n".join(_error(error, style, report.lang)) + "\n"
    for finding in report.active:
        yield "\n".join(_finding(report, finding, style)) + "\n"
    summary = summary_line(report)
    if report.exit_code:
        summary = style.wrap(_BOLD, summary)
    yield summary + "\n"
