"""GitHub Actions workflow commands: one annotation per finding on the pull request diff.

::

    ::error file=models/mkt.sql,line=3,col=8,title=PUR001 purpose-not-in-notice::Purpose ...

Suppressed findings are not annotated (they are in the json and sarif audit trail). Files
that could not be analysed are ``::error`` annotations too. The last line is the plain-text
summary, which the Actions log shows as is.
"""

from __future__ import annotations

from tutela.findings import Finding, Severity
from tutela.reporters.base import FileError, Report, legal_basis_text, summary_line

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    r"""Escape a command's message the way the Actions runner unescapes it.

    Example:
        >>> escape_data("100% sure\r\nyes")
        '100%25 sure%0D%0Ayes'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a command property value (``file=``, ``title=``): also ``:`` and ``,``.

    Example:
        >>> escape_property("a,b: c")
        'a%2Cb%3A c'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _command(kind: str, props: list[tuple[str, str | int | None]], message: str) -> str:
    rendered = ",".join(f"{k}={escape_property(str(v))}" for k, v in props if v is not None)
    return f"::{kind} {rendered}::{escape_data(message)}"


def _finding(report: Report, finding: Finding) -> str:
    loc = finding.location
    rule = report.rule(finding.id)
    name = finding.name or (rule.name if rule else "")
    title = f"{finding.id} {name}".strip()
    message = finding.msg
    if finding.legal_basis:
        message += f"\nLegal basis: {legal_basis_text(finding.legal_basis)}"
    props: list[tuple[str, str | int | None]] = [
        ("file", loc.file.replace("\\", "/")),
        ("line", loc.line),
        ("col", loc.col if loc.line is not None else None),
        ("title", title),
    ]
    return _command(_COMMAND[finding.severity], props, message)


def _error(error: FileError) -> str:
    message = error.message + (f"\nhelp: {error.hint}" if error.hint else "")
    props: list[tuple[str, str | int | None]] = [
        ("file", error.file.replace("\\", "/")),
        ("line", error.line),
        ("col", error.col if error.line is not None else None),
        ("title", "tutela could not analyse this file"),
    ]
    return _command("error", props, message)


def render_github(report: Report) -> str:
    """Render ``report`` as GitHub Actions workflow commands plus a summary line.

    Example:
        >>> print(render_github(Report(files=["a.sql"])), end="")
        All checks passed (1 file).
    """
    lines = [_error(e) for e in report.errors]
    lines += [_finding(report, f) for f in report.active]
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
