"""The significance test, the deadlines and the checklists of a breach.

LFPDPPP art. 19: a breach in any phase of processing that *significantly affects the
patrimonial or moral rights* of the titulares must be reported to them *immediately*, so they
can take steps to defend their rights. The statute gives no list of criteria; tutela applies a
stated, reviewable criterion to the affected data categories (docs/breach.md, "Significance"):

* patrimonial rights: financial or payment-card data (``patrimonial``, ``pci_*``), or
  identification together with contact data (enough to impersonate the person);
* moral rights: sensitive data (``sensible``, ``biometrico``), legal data (``legal``) or
  physical characteristics such as the voice (``caracteristicas``);
* when no affected column is identified (only a destination, say), the breach cannot be
  shown to be harmless: it counts as significant (fail closed) until the data are listed or
  the responsable records an ``assessment``;
* data that were encrypted or unreadable, with the keys not compromised
  (``data_unreadable: true``), lower the result to "not significant" with that reason.

The responsable's own ``assessment`` in the incident file prevails, and the register records
both. The criterion is tutela's, not the statute's: the reviewer's appendix says so.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from tutela.breach.affected import PCI, Affected
from tutela.breach.load import Incident

__all__ = [
    "PCI_12_10",
    "Deadline",
    "Significance",
    "assess_significance",
    "deadlines",
]

PATRIMONIAL = frozenset({"patrimonial"}) | PCI
MORAL = frozenset({"sensible", "biometrico", "legal", "caracteristicas"})

# PCI DSS v4.0.1 requirement 12.10 (incident response), as items for the incident team. The
# project's legal reference does not transcribe 12.10: the reviewer's appendix says to check
# these paraphrases against the standard's text.
PCI_12_10: tuple[tuple[str, str], ...] = (
    (
        "12.10.1",
        "Activar el plan de respuesta a incidentes: roles y comunicación, incluida la "
        "notificación a las marcas de pago y al adquirente; contención y mitigación; "
        "continuidad; respaldo de datos; análisis de los requisitos legales de aviso; "
        "procedimientos de respuesta de las marcas de pago.",
    ),
    ("12.10.3", "Tener personal designado disponible 24/7 para responder al incidente."),
    (
        "12.10.5",
        "Incluir en la respuesta las alertas de los sistemas de monitoreo de seguridad.",
    ),
    (
        "12.10.6",
        "Modificar y actualizar el plan con las lecciones de este incidente.",
    ),
    (
        "12.10.7",
        "Si se encontró PAN almacenado donde no se esperaba: determinar qué hacer con él, "
        "de dónde vino y cómo llegó ahí, y corregir el proceso que lo dejó.",
    ),
)


@dataclass(frozen=True)
class Reason:
    """One ground of the significance test, with the columns that meet it."""

    right: str  # "patrimonial" | "moral" | "unknown" | "mitigated"
    text: str  # Spanish, for the register
    columns: tuple[str, ...]


@dataclass(frozen=True)
class Significance:
    """The result of the significance test."""

    significant: bool
    by_tutela: bool
    reasons: tuple[Reason, ...]
    assessment: dict[str, Any] | None = None

    @property
    def decided_by(self) -> str:
        """Who decided: ``responsable`` (the incident's assessment) or ``tutela``."""
        return "responsable" if self.assessment is not None else "tutela"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "significant": self.significant,
            "by_tutela": self.by_tutela,
            "decided_by": self.decided_by,
            "reasons": [
                {"right": r.right, "text": r.text, "columns": list(r.columns)} for r in self.reasons
            ],
            "assessment": self.assessment,
        }


def assess_significance(incident: Incident, affected: Affected) -> Significance:
    """Apply the criterion of the module docstring; the incident's ``assessment`` prevails.

    Example:
        >>> from tutela.breach.affected import AffectedColumn
        >>> a = Affected(columns=[AffectedColumn("t", "clabe", "patrimonial", "", "", "table")])
        >>> class I: data = {}
        >>> assess_significance(I(), a).significant  # type: ignore[arg-type]
        True
    """

    def cols(cats: frozenset[str]) -> tuple[str, ...]:
        return tuple(f"{c.table}.{c.column}" for c in affected.columns if c.category in cats)

    reasons: list[Reason] = []
    money = cols(PATRIMONIAL)
    if money:
        reasons.append(Reason("patrimonial", "datos financieros o de tarjeta de pago", money))
    ident = cols(frozenset({"identificacion"}))
    contact = cols(frozenset({"contacto"}))
    if ident and contact:
        reasons.append(
            Reason(
                "patrimonial",
                "datos de identificación junto con datos de contacto (riesgo de suplantación)",
                ident + contact,
            )
        )
    moral = cols(MORAL)
    if moral:
        reasons.append(
            Reason(
                "moral",
                "datos sensibles, jurídicos o características físicas como la voz",
                moral,
            )
        )
    if not affected.columns:
        # Fail closed: with no affected column identified the breach cannot be shown to be
        # harmless; it is treated as significant until the data are listed or assessed.
        reasons.append(
            Reason(
                "unknown",
                "no se identificó ninguna columna afectada: no puede descartarse la afectación",
                (),
            )
        )
    significant = bool(reasons)
    if significant and incident.data.get("data_unreadable") is True:
        reasons.append(
            Reason(
                "mitigated",
                "los datos estaban cifrados o ilegibles y las claves no se comprometieron",
                (),
            )
        )
        significant = False
    assessment = incident.data.get("assessment")
    if assessment is not None:
        return Significance(
            bool(assessment["significant"]), significant, tuple(reasons), dict(assessment)
        )
    return Significance(significant, significant, tuple(reasons))


@dataclass(frozen=True)
class Deadline:
    """One deadline: whom to notify, by when, and on what ground."""

    to: str
    label: str  # Spanish
    basis: str
    due: _dt.datetime | None  # None: "immediately" with no SLA configured
    sent_at: _dt.datetime | None = None

    @property
    def status(self) -> str:
        """``enviado``, ``enviado fuera de plazo`` or ``pendiente``."""
        if self.sent_at is None:
            return "pendiente"
        if self.due is not None and self.sent_at > self.due:
            return "enviado fuera de plazo"
        return "enviado"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data."""
        return {
            "to": self.to,
            "label": self.label,
            "basis": self.basis,
            "due": self.due.isoformat() if self.due else None,
            "sent_at": self.sent_at.isoformat() if self.sent_at else None,
            "status": self.status,
        }


@dataclass(frozen=True)
class SLA:
    """The company's own deadlines, in hours from confirmation (else detection)."""

    titulares_hours: float | None = None
    recipients_hours: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def deadlines(
    incident: Incident,
    significance: Significance,
    notify: list[str],
    sla: SLA,
) -> list[Deadline]:
    """The deadlines of the register: the titulares (when significant) and each recipient.

    The law says "immediately" (Art. 19); the company's SLA, when configured, gives the
    latest acceptable instant, counted from ``confirmed_at`` (else ``detected_at``).
    """
    start = incident.when("confirmed_at") or incident.when("detected_at")
    if start is None:  # pragma: no cover - detected_at is required by the schema
        raise ValueError("the incident has no detected_at")
    sent: dict[str, _dt.datetime] = {}
    for item in incident.data.get("notifications") or []:
        at = _dt.datetime.fromisoformat(str(item["at"]).replace("Z", "+00:00"))
        if item["to"] not in sent or at < sent[item["to"]]:
            sent[item["to"]] = at

    def due(hours: float | None) -> _dt.datetime | None:
        return start + _dt.timedelta(hours=hours) if hours is not None else None

    out: list[Deadline] = []
    if significance.significant:
        out.append(
            Deadline(
                "titulares",
                "Aviso a los titulares: de inmediato",
                "LFPDPPP art. 19",
                due(sla.titulares_hours),
                sent.get("titulares"),
            )
        )
    for rid in notify:
        out.append(
            Deadline(
                rid,
                "Aviso al destinatario según la cláusula breach_notice del contrato",
                "contrato (cláusula de aviso de vulneraciones)",
                due(sla.recipients_hours),
                sent.get(rid),
            )
        )
    return out
