"""What every reporter reads: the :class:`Report` and the rule metadata it refers to.

A reporter is a pure function ``Report -> str``. The report is normalised once, here, so
that every format shows the same findings in the same order: findings by
:meth:`Finding.sort_key`, files and file errors sorted, the fail threshold a
:class:`Severity`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import cast

from tutela import __version__
from tutela.errors import TutelaError
from tutela.findings import Finding, LegalBasis, RuleInfo, RuleMeta, Severity
from tutela.spool import Findings, Subset

__all__ = [
    "TOOL_NAME",
    "FileError",
    "Report",
    "RuleInfo",  # defined in tutela.findings (suppressions read them there), re-exported
    "RuleMeta",
    "legal_basis_text",
    "location_text",
    "plural",
    "summary_line",
]

TOOL_NAME = "tutela"


@dataclass(frozen=True)
class FileError:
    """A file that could not be analysed. Any of these makes the exit code 2."""

    file: str
    message: str
    line: int | None = None
    col: int | None = None
    hint: str | None = None

    def sort_key(self) -> tuple[str, int, int, str]:
        """Deterministic order: file, line, column, message."""
        return (self.file, self.line or 0, self.col or 0, self.message)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of a file error (pinned by ``findings.schema.json``)."""
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "message": self.message,
            "hint": self.hint,
        }

    @classmethod
    def from_exception(cls, exc: TutelaError, file: str) -> list[FileError]:
        """Turn a :class:`TutelaError` raised while analysing ``file`` into file errors.

        One entry per located problem, or one for the error itself when it has none.

        Example:
            >>> err = TutelaError("not UTF-8", "a.sql", 3, hint="save the file as UTF-8")
            >>> [(e.file, e.line, e.message) for e in FileError.from_exception(err, "a.sql")]
            [('a.sql', 3, 'not UTF-8')]
        """
        if not exc.problems:
            return [cls(exc.file or file, exc.message, exc.line, exc.col, exc.hint)]
        return [
            cls(
                p.file or exc.file or file,
                f"{exc.message}: {p.message}",
                p.line,
                p.col,
                p.hint or exc.hint,
            )
            for p in exc.problems
        ]


@functools.cache
def _project_uri() -> str | None:
    from importlib import metadata  # 4-40 ms to import: only the JSON and SARIF reports ask

    try:
        urls = metadata.metadata("tutela").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return None
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() in {"homepage", "documentation", "source"} and url.strip():
            return url.strip()
    return None


@dataclass(frozen=True)
class Report:
    """Everything one run of ``tutela lint`` or ``tutela shares check`` has to say.

    Args:
        findings: all findings, suppressed ones included (they are the audit trail). Kept
            as a :class:`~tutela.spool.Findings`: sorted once, and spilled to a temporary
            file past a few thousand, so a large report's memory does not grow with it.
        files: the files that were analysed (relative, forward slashes).
        rules: metadata of the rules that ran, by id. tutela's meta rules (TUT…) are
            looked up in :data:`tutela.suppressions.META_RULES` when missing here.
        errors: files that could not be analysed; they make the exit code 2.
        tool_version: the tutela version to print.
        fail_on: the lowest severity that fails the run (``--fail-on``).
        information_uri: the project's home page for SARIF and JSON (None: the installed
            package's ``Project-URL``, when it has one, looked up by :meth:`home_page` only
            when a report prints it).
        skipped: how many files were left out, by why (``excluded``, ``dbt target``); the
            summary line says so, so a folder that lints clean is never mistaken for one
            whose files were all read.
        lang: the language of the messages (``es`` or ``en``); the text reporter's labels
            and summary follow it.
    """

    findings: Sequence[Finding] = ()
    files: Sequence[str] = ()
    rules: Mapping[str, RuleMeta] = field(default_factory=dict)
    errors: Sequence[FileError] = ()
    tool_version: str = __version__
    fail_on: Severity | str = Severity.ERROR
    information_uri: str | None = None
    skipped: Mapping[str, int] = field(default_factory=dict)
    lang: str = "en"

    def home_page(self) -> str | None:
        """``information_uri``, else the installed package's home page (or None)."""
        return self.information_uri if self.information_uri is not None else _project_uri()

    def __post_init__(self) -> None:
        try:
            fail_on = Severity(self.fail_on)
        except ValueError:
            choices = ", ".join(s.value for s in Severity)
            raise TutelaError(
                f"unknown severity {self.fail_on!r} for fail_on",
                hint=f"use one of: {choices}",
            ) from None
        object.__setattr__(self, "fail_on", fail_on)
        found = self.findings if isinstance(self.findings, Findings) else Findings(self.findings)
        object.__setattr__(self, "findings", found.seal())
        object.__setattr__(self, "files", tuple(sorted(set(self.files))))
        object.__setattr__(self, "errors", tuple(sorted(self.errors, key=FileError.sort_key)))
        object.__setattr__(self, "rules", dict(sorted(self.rules.items())))

    @property
    def threshold(self) -> Severity:
        """``fail_on`` as a :class:`Severity` (normalised in ``__post_init__``)."""
        return Severity(self.fail_on)

    @property
    def _found(self) -> Findings:
        return cast(Findings, self.findings)  # __post_init__ made it one

    @property
    def active(self) -> Subset:
        """The findings that were not suppressed (counted without reading them)."""
        return Subset(self._found, suppressed=False)

    @property
    def suppressed(self) -> Subset:
        """The findings an inline suppression silenced."""
        return Subset(self._found, suppressed=True)

    def count(self, severity: Severity) -> int:
        """How many unsuppressed findings have ``severity``."""
        return self._found.active_count(severity)

    def fails(self, finding: Finding) -> bool:
        """Whether ``finding`` is at or above ``fail_on`` (suppressed ones never fail)."""
        return not finding.suppressed and finding.severity.rank >= self.threshold.rank

    @property
    def exit_code(self) -> int:
        """2 if a file could not be analysed, 1 if a finding fails the run, else 0.

        ``--exit-zero`` (turning 1 into 0) is the CLI's business.
        """
        if self.errors:
            return 2
        failing = (s for s in Severity if s.rank >= self.threshold.rank)
        return 1 if any(self.count(s) for s in failing) else 0

    def rule(self, rule_id: str) -> RuleMeta | None:
        """Metadata for ``rule_id``: the report's rules, then tutela's meta rules."""
        if rule_id in self.rules:
            return self.rules[rule_id]
        from tutela.suppressions import META_RULES  # suppressions imports findings, not us

        return META_RULES.get(rule_id)

    def rule_ids(self) -> list[str]:
        """Every rule id the report mentions (its rules and its findings' ids), sorted."""
        return sorted(set(self.rules) | {f.id for f in self.findings})

    def summary(self) -> dict[str, object]:
        """Counts shared by the text, json and github reporters."""
        return {
            "files": len(self.files),
            "findings": len(self.active),
            "by_severity": {s.value: self.count(s) for s in Severity},
            "suppressed": len(self.suppressed),
            "file_errors": len(self.errors),
            "fail_on": self.threshold.value,
            "exit_code": self.exit_code,
        }


def location_text(file: str, line: int | None, col: int | None) -> str:
    """``file:line:col`` with the parts that are known.

    Example:
        >>> location_text("a.sql", 3, None)
        'a.sql:3'
    """
    text = file
    if line is not None:
        text += f":{line}"
        if col is not None:
            text += f":{col}"
    return text


def legal_basis_text(bases: Sequence[LegalBasis], lang: str = "en") -> str:
    """Citations joined for one line, e.g. ``LFPDPPP art. 11; LFPDPPP art. 58 fr. IX``."""
    return "; ".join(b.render(lang) for b in bases)


def plural(count: int, word: str) -> str:
    """``1 error``, ``2 errors``.

    Example:
        >>> plural(1, "file"), plural(0, "warning")
        ('1 file', '0 warnings')
    """
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


_ES_PLURAL = {
    "file": ("archivo", "archivos"),
    "error": ("error", "errores"),
    "warning": ("advertencia", "advertencias"),
    "info": ("informativo", "informativos"),
    "suppressed": ("suprimido", "suprimidos"),
}


def _es(count: int, word: str) -> str:
    one, many = _ES_PLURAL[word]
    return f"{count} {one if count == 1 else many}"


# Why a file was left out (Report.skipped's keys), in the Spanish summary.
_SKIPPED_ES = {
    "excluded": "excluido",
    "dbt target": "en target/ de dbt",
    "disabled in dbt": "desactivado en dbt",
}


def _summary_es(report: Report) -> str:
    files = _es(len(report.files), "file")
    notes = []
    if report.suppressed:
        notes.append(_es(len(report.suppressed), "suppressed"))
    if report.errors:
        failed = len({e.file for e in report.errors})
        verb = "no se pudo analizar" if failed == 1 else "no se pudieron analizar"
        notes.append(f"{_es(failed, 'file')} {verb}")
    skipped = sum(report.skipped.values())
    if skipped:
        why = ", ".join(
            f"{n} {_SKIPPED_ES.get(reason, reason)}"
            for reason, n in sorted(report.skipped.items())
            if n
        )
        notes.append(f"{_es(skipped, 'file')} {'omitido' if skipped == 1 else 'omitidos'}: {why}")
    if not report.active and not report.errors:
        extra = f", {'; '.join(notes)}" if notes else ""
        return f"Todas las comprobaciones pasaron ({files}{extra})."
    if not report.active:
        return f"Sin hallazgos en {files} ({'; '.join(notes)})."
    parts = [_es(report.count(Severity.ERROR), "error")]
    parts.append(_es(report.count(Severity.WARNING), "warning"))
    if report.count(Severity.INFO):
        parts.append(_es(report.count(Severity.INFO), "info"))
    tail = f" ({'; '.join(notes)})" if notes else ""
    return f"Hallazgos: {', '.join(parts)} en {files}{tail}."


def summary_line(report: Report) -> str:
    """The one-line verdict, e.g. ``Found 2 errors, 1 warning in 3 files (1 suppressed).``.

    In Spanish (``report.lang == "es"``): ``Hallazgos: 2 errores, 1 advertencia en 3 archivos
    (1 suprimido).``
    """
    if report.lang == "es":
        return _summary_es(report)
    files = plural(len(report.files), "file")
    notes = []
    if report.suppressed:
        notes.append(f"{len(report.suppressed)} suppressed")
    if report.errors:
        failed = len({e.file for e in report.errors})
        notes.append(f"{plural(failed, 'file')} could not be analysed")
    if sum(report.skipped.values()):
        why = ", ".join(f"{n} {reason}" for reason, n in sorted(report.skipped.items()) if n)
        notes.append(f"{plural(sum(report.skipped.values()), 'file')} skipped: {why}")
    if not report.active and not report.errors:
        extra = f", {'; '.join(notes)}" if notes else ""
        return f"All checks passed ({files}{extra})."
    if not report.active:
        return f"No findings in {files} ({'; '.join(notes)})."
    parts = [plural(report.count(Severity.ERROR), "error")]
    parts.append(plural(report.count(Severity.WARNING), "warning"))
    if report.count(Severity.INFO):
        parts.append(f"{report.count(Severity.INFO)} info")
    tail = f" ({'; '.join(notes)})" if notes else ""
    return f"Found {', '.join(parts)} in {files}{tail}."
