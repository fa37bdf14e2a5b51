"""Findings: what a policy says about one fact (STYLE.md 7.4).

Rego emits ``id``, the ``values`` that name the object and ``path``; Python renders ``msg``
from the rule's message catalogue (:mod:`tutela.messages`) in the configured language and
adds the location (file, line, column), the severity and the legal basis from the METADATA.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol, runtime_checkable


class Severity(StrEnum):
    """How bad a finding is. ``deny`` rules default to error, ``warn`` rules to warning."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Order for ``--fail-on``: info < warning < error."""
        return {"info": 0, "warning": 1, "error": 2}[self.value]


@dataclass(frozen=True, order=True, slots=True)
class Location:
    """Where a finding points: a file and, when known, a line, column and key path."""

    file: str
    line: int | None = None
    col: int | None = None
    path: tuple[str | int, ...] = ()


@dataclass(frozen=True)
class LegalBasis:
    """One legal citation, e.g. LFPDPPP art. 11, or PCI DSS req. 3.3.1."""

    instrument: str
    article: str
    fraction: str | None = None
    paragraph: str | None = None
    note: str | None = None

    def render(self, lang: str = "en") -> str:
        """Human form, e.g. ``LFPDPPP art. 7 ¶5``; a known note is translated for ``lang``.

        Example:
            >>> LegalBasis("LFPDPPP", "15", fraction="III").render()
            'LFPDPPP art. 15 fr. III'
            >>> LegalBasis("PCI DSS", "3.3.1").render()
            'PCI DSS req. 3.3.1'
            >>> LegalBasis("LFPDPPP", "13", note="tool requirement").render("es")
            'LFPDPPP art. 13 (requisito de la herramienta)'
        """
        word = "req." if self.instrument.upper().startswith("PCI") else "art."
        text = f"{self.instrument} {word} {self.article}"
        if self.fraction:
            text += f" fr. {self.fraction}"
        if self.paragraph:
            text += f" ¶{self.paragraph}"
        if self.note:
            note = NOTES.get(lang, {}).get(self.note, self.note)
            text += f" ({note})"
        return text


#: Translations of the notes the built-in rules attach to a citation (METADATA is English).
NOTES: dict[str, dict[str, str]] = {
    "es": {
        "Reglamento 2011; binding status uncertain": "Reglamento de 2011; vigencia incierta",
        "tool requirement": "requisito de la herramienta",
        "tool requirement: the gate fails closed": "requisito de la herramienta: la "
        "verificación falla en modo cerrado",
    },
}


def _basis_dict(basis: LegalBasis) -> dict[str, str]:
    out = {"instrument": basis.instrument, "article": basis.article}
    for key in ("fraction", "paragraph", "note"):
        value = getattr(basis, key)
        if value is not None:
            out[key] = value
    return out


def _plain(value: Any) -> Any:
    """A copy of a JSON-like value (dicts and lists copied, the rest shared)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@dataclass(frozen=True, slots=True)
class Finding:
    """One verdict of one rule on one fact."""

    id: str
    msg: str
    severity: Severity
    location: Location
    name: str = ""
    legal_basis: tuple[LegalBasis, ...] = ()
    suppressed: bool = False
    suppression_reason: str | None = None
    suppression_owner: str | None = None
    suppression_until: str | None = None
    # Which law the rule belongs to: "lfpdppp" (Mexico: LFPDPPP, LFPC, PCI DSS) or "gdpr".
    jurisdiction: str = "lfpdppp"
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: the values the rule returned (the machine-readable content of ``msg``)
    values: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    #: which of the rule's sentences ``msg`` is, when it has more than one
    variant: str | None = None

    def sort_key(self) -> tuple[Any, ...]:
        """Deterministic order: file, line, column, rule id, message."""
        loc = self.location
        return (loc.file, loc.line or 0, loc.col or 0, self.id, self.msg)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of a finding (pinned by tests).

        Built field by field (``dataclasses.asdict`` deep-copies every value: 150 µs a
        finding, most of a large JSON report's time).

        Example:
            >>> finding = Finding("PUR001", "m", Severity.ERROR, Location("a.sql", 1, 2))
            >>> finding.to_dict()["location"]
            {'file': 'a.sql', 'line': 1, 'col': 2, 'path': []}
        """
        loc = self.location
        data: dict[str, Any] = {
            "id": self.id,
            "msg": self.msg,
            "severity": self.severity.value,
            "location": {
                "file": loc.file,
                "line": loc.line,
                "col": loc.col,
                "path": list(loc.path),
            },
            "name": self.name,
            "legal_basis": [_basis_dict(b) for b in self.legal_basis],
            "suppressed": self.suppressed,
            "suppression_reason": self.suppression_reason,
        }
        # the owner and the expiry only when the comment says them
        if self.suppression_owner is not None:
            data["suppression_owner"] = self.suppression_owner
        if self.suppression_until is not None:
            data["suppression_until"] = self.suppression_until
        data["jurisdiction"] = self.jurisdiction
        if self.extra:
            data["extra"] = _plain(self.extra)
        data["values"] = _plain(self.values)
        if self.variant is not None:
            data["variant"] = self.variant
        return data


@runtime_checkable
class RuleMeta(Protocol):
    """The rule metadata reporters need (``tutela.rules.Rule`` satisfies it).

    ``help_uri`` is optional: reporters read it with ``getattr(rule, "help_uri", None)``.
    """

    @property
    def id(self) -> str:
        """Permanent code, e.g. ``PUR001``."""

    @property
    def name(self) -> str:
        """Kebab-case name, e.g. ``purpose-not-in-notice``."""

    @property
    def title(self) -> str:
        """One-line title."""

    @property
    def description(self) -> str:
        """What the rule checks and why it matters."""

    @property
    def severity(self) -> str:
        """Default severity (a :class:`Severity` value)."""

    @property
    def legal_basis(self) -> Sequence[LegalBasis]:
        """The legal citations the rule enforces."""

    @property
    def recommended_action(self) -> str:
        """How to fix a finding, one sentence."""


@dataclass(frozen=True)
class RuleInfo:
    """A plain :class:`RuleMeta`, used for tutela's own meta rules (TUT001…)."""

    id: str
    name: str
    title: str
    description: str
    severity: str
    recommended_action: str
    legal_basis: tuple[LegalBasis, ...] = ()
    help_uri: str | None = None
