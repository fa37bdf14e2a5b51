"""``tutela lint --statistics``: how many findings each rule produced, like ``ruff --statistics``.

One line per rule with at least one unsuppressed finding, most frequent first (then by code):
the count, the code, the rule's name, its severity, and how many more it had suppressed. The
summary line of the run closes the table. Words follow the report's language (``--lang``);
codes, names and severities are the same tokens in every language, as in the text report.
"""

from __future__ import annotations

from collections import Counter

from tutela.reporters.base import Report, summary_line
from tutela.terminal import visible


def _suppressed(count: int, lang: str) -> str:
    """``3 suppressed``, or in Spanish ``3 suprimidos`` (the table follows ``--lang``)."""
    if lang == "es":
        return f"{count} suprimido" + ("s" if count != 1 else "")
    return f"{count} suppressed"


def render_statistics(report: Report) -> str:
    """Counts per rule, then the summary line.

    Example:
        >>> from tutela.findings import Finding, Location, Severity
        >>> loc = Location("a.sql", 1, 1)
        >>> report = Report(
        ...     [Finding("PUR003", "m", Severity.WARNING, loc, name="select-star"),
        ...      Finding("PUR003", "n", Severity.WARNING, loc, name="select-star"),
        ...      Finding("PCI001", "p", Severity.ERROR, loc, name="cvv-stored")],
        ...     ["a.sql"])
        >>> print(render_statistics(report), end="")
        2  PUR003  select-star  [warning]
        1  PCI001  cvv-stored  [error]
        Found 1 error, 2 warnings in 1 file.
    """
    active = Counter(f.id for f in report.active)
    suppressed = Counter(f.id for f in report.suppressed)
    names: dict[str, str] = {}
    severities: dict[str, str] = {}
    for finding in report.findings:
        rule = report.rule(finding.id)
        names.setdefault(finding.id, finding.name or (rule.name if rule else ""))
        severities.setdefault(finding.id, finding.severity.value)
    width = len(str(max(active.values(), default=0)))
    lines = []
    for code, count in sorted(active.items(), key=lambda item: (-item[1], item[0])):
        line = f"{count:>{width}}  {visible(code)}  {visible(names[code])}  [{severities[code]}]"
        if suppressed[code]:
            line += f"  (+{_suppressed(suppressed[code], report.lang)})"
        lines.append(line)
    lines.append(summary_line(report))
    return "\n".join(lines) + "\n"
