"""ARCO requests as SQL: acceso, rectificación, cancelación, oposición and revocación.

Given the inventory and one titular's subject key, :func:`plan_arco` finds every dataset that
holds the titular's data (datasets with a ``subject_key``) and writes, per right:

* **acceso** (LFPDPPP Art. 22): one ``SELECT`` of the inventory's columns per dataset, plus the
  purposes, recipients and transfers that applied (for the response letter);
* **rectificación** (Arts. 23, 30): one parameterised ``UPDATE`` per rectifiable column
  (the new value is a named placeholder: ``:new_<column>`` in the dialect's style);
* **cancelación** (Arts. 24, 25, 2 fr. III): phase 1 bloqueo (move to the bloqueo store or
  mark), phase 2 supresión guarded by the blocking period (and the statutory keep period when
  ``retention.statutory``), suspended by ``legal_holds``; plus the list of recipients to tell;
* **oposición** (Art. 26) / **revocación** (Art. 7): insert into the exclusion list
  (``limit_use.exclusion_list.table``) and set the consent columns of the purposes concerned
  to false.

The subject key is always a sqlglot string literal (quoted by sqlglot for the dialect) or,
with ``parameters=True``, the named placeholder ``subject_key``; it never appears in a comment.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlglot import exp

from tutela.errors import TutelaError
from tutela.templating import fecha_larga

from .calendar import BusinessCalendar
from .retention import (
    UNPLANNED_STORE,
    Dataset,
    Duration,
    Step,
    block_statements,
    blocked_rows,
    can_block,
    col,
    datasets_of,
    date_literal,
    holds_comment,
    render_steps,
    store_cutoff,
    table_expr,
    why_not_blockable,
)

RIGHTS = ("acceso", "rectificacion", "cancelacion", "oposicion", "revocacion")

#: Legal basis named in the script and the JSON, per right.
BASIS: dict[str, list[str]] = {
    "acceso": ["LFPDPPP art. 22", "art. 31"],
    "rectificacion": ["LFPDPPP art. 23", "art. 30", "art. 31"],
    "cancelacion": ["LFPDPPP art. 24", "art. 2 fr. III", "art. 25", "art. 31"],
    "oposicion": ["LFPDPPP art. 26", "art. 15 fr. IV", "Reglamento art. 110"],
    "revocacion": ["LFPDPPP art. 7", "art. 15 fr. IV"],
}
_NOT_RECTIFIABLE = frozenset({"ninguna", "clave", "pci_pan", "pci_cvv", "pci_pin", "pci_track"})
_MARKETING_TAGS = frozenset({"marketing", "telemarketing", "profiling"})


@dataclass
class ArcoPlan:
    """The SQL steps and the response facts for one ARCO request."""

    right: str
    as_of: _dt.date
    steps: list[Step]
    datasets: list[str]
    purposes: list[dict[str, Any]]
    recipients: list[dict[str, Any]]
    propagation: list[dict[str, Any]]
    not_planned: dict[str, str] = field(default_factory=dict)
    parameters: list[str] = field(default_factory=list)
    purposes_concerned: list[str] = field(default_factory=list)

    def to_sql(self, dialect: str) -> str:
        """Return the request as one script for ``dialect``."""
        header = [
            f"tutela arco plan: derecho {self.right}, as of {self.as_of.isoformat()}, "
            f"dialect {dialect}",
            "Fundamento: " + "; ".join(BASIS[self.right]),
            "The subject key is a quoted literal or a bound parameter; it is never in comments.",
        ]
        if self.parameters:
            header.append("Bind parameters: " + ", ".join(self.parameters))
        for purpose in self.purposes:
            header.append(f"Finalidad {purpose['id']}: {purpose['description']}")
        for rec in self.recipients:
            header.append(
                f"Destinatario {rec['id']} ({rec['kind']}, {rec['country']}): {rec['name']}; "
                f"finalidades {', '.join(rec['purposes'])}"
            )
        if self.purposes_concerned:
            header.append("Finalidades a detener: " + ", ".join(self.purposes_concerned))
        why = (
            "LFPDPPP art. 24: tell recipients of the cancellation"
            if self.right == "cancelacion"
            else "tell recipients of the rectification"
        )
        for rec in self.propagation:
            header.append(
                f"NOTIFY {rec['id']} ({rec['kind']}): {rec['name']} received these data ({why})"
            )
        for table, reason in sorted(self.not_planned.items()):
            header.append(f"NOT PLANNED {table}: {reason}")
        return render_steps(header, self.steps, dialect)

    def to_json(self, dialect: str) -> str:
        """Return the plan as JSON with the SQL rendered for ``dialect``."""
        payload = {
            "right": self.right,
            "as_of": self.as_of.isoformat(),
            "dialect": dialect,
            "legal_basis": BASIS[self.right],
            "parameters": self.parameters,
            "datasets": self.datasets,
            "purposes": self.purposes,
            "purposes_concerned": self.purposes_concerned,
            "recipients": self.recipients,
            "propagation": self.propagation,
            "not_planned": dict(sorted(self.not_planned.items())),
            "steps": [s.to_json(dialect) for s in self.steps],
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def _did_you_mean(value: str, choices: Sequence[str]) -> str:
    close = difflib.get_close_matches(value, choices, n=1)
    prefix = f"did you mean {close[0]!r}? " if close else ""
    return prefix + "choose one of: " + ", ".join(choices)


def _key_expr(subject_key: str, parameters: bool) -> exp.Expr:
    return exp.Placeholder(this="subject_key") if parameters else exp.Literal.string(subject_key)


def _is_rectifiable(ds: Dataset, name: str) -> bool:
    info = ds.column_info[name]
    if name in {ds.subject_key, ds.timestamp, ds.marker_column}:
        return False
    if "rectifiable" in info:
        return bool(info["rectifiable"])
    return str(info.get("category", "ninguna")) not in _NOT_RECTIFIABLE


def _recipients_for(inventory: Mapping[str, Any], purposes: set[str]) -> list[dict[str, Any]]:
    out = []
    for rec in inventory.get("recipients") or []:
        shared = sorted(set(rec.get("purposes") or ()) & purposes)
        if not shared:
            continue
        role = rec.get("role")
        out.append(
            {
                "id": rec["id"],
                "name": rec.get("name", rec["id"]),
                "role": role,
                "kind": "remision" if role == "encargado" else "transferencia",
                "country": rec.get("country", ""),
                "purposes": shared,
            }
        )
    return sorted(out, key=lambda r: r["id"])


def plan_arco(
    inventory: Mapping[str, Any],
    right: str,
    subject_key: str,
    *,
    as_of: _dt.date,
    purposes: Sequence[str] = (),
    data_subjects: Sequence[str] = (),
    parameters: bool = False,
) -> ArcoPlan:
    """Plan the SQL for one ARCO request.

    Args:
        inventory: the validated inventory data (``Inventory.data``).
        right: one of :data:`RIGHTS`.
        subject_key: the titular's key value (any text; it is only ever a literal).
        as_of: the date the plan is executed (bloqueo date; supresión guards count from it).
        purposes: for oposición/revocación, the purposes concerned (default: every purpose
            that requires consent).
        data_subjects: the data-subject categories the titular belongs to; required when
            the inventory's keyed datasets hold more than one.
        parameters: bind the key as the placeholder ``subject_key`` instead of a literal.

    Returns:
        An :class:`ArcoPlan`; render it with ``to_sql(dialect)`` or ``to_json(dialect)``.

    Raises:
        TutelaError: unknown right, purpose or data subject, or no dataset holds subject data.

    Example:
        >>> inv = {"datasets": [{"table": "crm.c", "subject_key": "id",
        ...                      "columns": [{"name": "id"}, {"name": "email"}]}]}
        >>> plan = plan_arco(inv, "acceso", "x'1", as_of=_dt.date(2026, 1, 1))
        >>> [s.sql("postgres") for s in plan.steps[0].statements]
        ["SELECT id, email FROM crm.c WHERE id = 'x''1'"]
    """
    if right not in RIGHTS:
        raise TutelaError(f"unknown ARCO right {right!r}", hint=_did_you_mean(right, RIGHTS))
    if not isinstance(subject_key, str) or subject_key == "":
        raise TutelaError("the subject key is empty", hint="pass --subject-key VALUE")
    datasets = datasets_of(inventory)
    holding = _holding(datasets, data_subjects)
    inv_purposes = {p["id"]: p for p in inventory.get("purposes") or []}
    key = _key_expr(subject_key, parameters)
    builder = _Builder(inventory, datasets, holding, key, as_of)
    concerned: list[str] = []
    if right == "acceso":
        builder.acceso()
    elif right == "rectificacion":
        builder.rectificacion()
    elif right == "cancelacion":
        builder.cancelacion()
    else:
        concerned = _purposes_concerned(right, purposes, inv_purposes)
        builder.oposicion(right, concerned)
    used = sorted({p for d in holding if not d.blocked for p in d.purposes})
    purpose_rows = [
        {
            "id": p,
            "description": str(inv_purposes.get(p, {}).get("description", "")),
            "requires_consent": bool(inv_purposes.get(p, {}).get("requires_consent", False)),
        }
        for p in used
    ]
    recipients = _recipients_for(inventory, set(used))
    params = ["subject_key"] if parameters else []
    params += builder.params
    return ArcoPlan(
        right=right,
        as_of=as_of,
        steps=builder.steps,
        datasets=[d.table for d in holding],
        purposes=purpose_rows,
        recipients=recipients,
        propagation=recipients if right in {"cancelacion", "rectificacion"} else [],
        not_planned=builder.not_planned,
        parameters=params,
        purposes_concerned=concerned,
    )


def _holding(datasets: Sequence[Dataset], data_subjects: Sequence[str]) -> list[Dataset]:
    """The datasets that can hold the titular's data, for the categories named."""
    keyed = [d for d in datasets if d.subject_key]
    subjects = sorted({d.data_subject for d in keyed if d.data_subject})
    if not data_subjects and len(subjects) > 1:
        # A customer's key must never select an employee's rows that happen to share it.
        raise TutelaError(
            f"the inventory holds several data subjects ({', '.join(subjects)}); "
            "say whose request this is",
            hint="pass --data-subject ID (repeatable) with one of: " + ", ".join(subjects),
        )
    for name in data_subjects:
        if name not in subjects:
            raise TutelaError(
                f"no dataset with a `subject_key` holds data subject {name!r}",
                hint=_did_you_mean(name, subjects),
            )
    wanted = {*data_subjects, None}
    holding = [d for d in keyed if not data_subjects or d.data_subject in wanted]
    if not holding:
        raise TutelaError(
            "no dataset in the inventory has a `subject_key`",
            hint="add `subject_key:` (the column that identifies the titular) to the datasets",
        )
    return holding


def _purposes_concerned(
    right: str, requested: Sequence[str], inv_purposes: Mapping[str, Mapping[str, Any]]
) -> list[str]:
    for purpose in requested:
        if purpose not in inv_purposes:
            raise TutelaError(
                f"unknown purpose {purpose!r}", hint=_did_you_mean(purpose, sorted(inv_purposes))
            )
    if requested:
        return sorted(set(requested))
    chosen = sorted(p for p, v in inv_purposes.items() if v.get("requires_consent"))
    if not chosen:
        raise TutelaError(
            f"no purpose requires consent, so {right} has no default purposes",
            hint="name the purposes concerned with --purpose ID",
        )
    return chosen


class _Builder:
    def __init__(
        self,
        inventory: Mapping[str, Any],
        datasets: list[Dataset],
        holding: list[Dataset],
        key: exp.Expr,
        as_of: _dt.date,
    ) -> None:
        self.inventory = inventory
        self.by_table = {d.table: d for d in datasets}
        self.holding = holding
        self.key = key
        self.as_of = as_of
        self.steps: list[Step] = []
        self.not_planned: dict[str, str] = {}
        self.params: list[str] = []
        self.stores = {d.store for d in datasets if d.store}

    def match(self, ds: Dataset, table: str | None = None) -> exp.Expr:
        return col(str(ds.subject_key), table).eq(self.key.copy())

    def acceso(self) -> None:
        for ds in self.holding:
            select = exp.select(*[col(c) for c in ds.columns]).from_(table_expr(ds.table))
            note = f"{ds.table}: datos del titular"
            if ds.blocked:
                note += " (en bloqueo: solo para responder al titular, art. 2 fr. III)"
            self.steps.append(
                Step(
                    ds.table,
                    "select",
                    ["LFPDPPP art. 22"],
                    [note],
                    [select.where(self.match(ds))],
                )
            )

    def rectificacion(self) -> None:
        for ds in self.holding:
            if ds.blocked or ds.exclusion_list:
                continue
            names = [c for c in ds.columns if _is_rectifiable(ds, c)]
            if not names:
                continue
            statements: list[exp.Expr] = []
            for name in names:
                param = f"new_{name}"
                if param not in self.params:
                    self.params.append(param)
                where = self.match(ds)
                if ds.marker_column:  # blocked rows are storage only (Art. 2 fr. III)
                    where = exp.and_(where, col(ds.marker_column).is_(exp.null()))
                statements.append(
                    exp.update(
                        table_expr(ds.table), {name: exp.Placeholder(this=param)}, where=where
                    )
                )
            self.steps.append(
                Step(
                    ds.table,
                    "update",
                    ["LFPDPPP art. 23", "art. 30"],
                    [
                        f"{ds.table}: plantillas de rectificación; ejecute solo las columnas "
                        "que el titular pidió corregir, con el valor acreditado"
                    ],
                    statements,
                )
            )

    def cancelacion(self) -> None:
        for ds in self.holding:
            if ds.exclusion_list:
                self.not_planned[ds.table] = (
                    "exclusion list: kept so that the titular's refusal keeps being honoured "
                    "(LFPDPPP art. 25; Reglamento art. 110)"
                )
                continue
            if ds.blocked:
                if ds.table not in self.stores:
                    self._cancel_in_store(ds)
                continue
            if not can_block(ds):
                self.not_planned[ds.table] = why_not_blockable(ds)
                continue
            self._cancel(ds)

    def _cancel_in_store(self, ds: Dataset) -> None:
        cutoff = store_cutoff(ds, self.as_of)
        if cutoff is None or not ds.timestamp:
            self.not_planned[ds.table] = UNPLANNED_STORE
            return
        if ds.legal_holds:
            self.steps.append(
                Step(ds.table, "suppress_suspended", ["LFPDPPP art. 25"], [holds_comment(ds)])
            )
            return
        self.steps.append(
            Step(
                ds.table,
                "suppress",
                ["LFPDPPP art. 24", "art. 10 párr. 2"],
                [
                    f"{ds.table}: datos ya bloqueados; supresión de las filas cuyo bloqueo "
                    f"terminó ({ds.timestamp} <= {cutoff.isoformat()})"
                ],
                [
                    exp.delete(
                        table_expr(ds.table),
                        where=exp.and_(self.match(ds), col(ds.timestamp) <= date_literal(cutoff)),
                    )
                ],
            )
        )

    def _cancel(self, ds: Dataset) -> None:
        if ds.blocking is None:  # pragma: no cover - can_block() checked it
            return
        store = self.by_table[ds.store] if ds.store else None
        direct = store is None and ds.marker_column is None
        if not direct:
            self.steps.append(
                Step(
                    ds.table,
                    "block",
                    ["LFPDPPP art. 24", "art. 2 fr. III"],
                    [
                        f"{ds.table}: fase 1, bloqueo ({ds.blocking.iso}, "
                        f"{ds.blocking_basis or 'sin fundamento'}); solo almacenamiento y "
                        "defensa legal podrán leer estos datos"
                    ],
                    block_statements(ds, self.match(ds), self.as_of, store),
                    transactional=True,
                )
            )
        if ds.legal_holds:
            self.steps.append(
                Step(ds.table, "suppress_suspended", ["LFPDPPP art. 25"], [holds_comment(ds)])
            )
            return
        earliest = ds.blocking.after(self.as_of)
        # Rows blocked on or before (run date - blocking period): a plan generated today
        # deletes nothing it has just blocked; regenerate it with --as-of on or after `earliest`.
        table, guard = blocked_rows(ds, store, ds.blocking.before(self.as_of))
        cond = self.match(ds) if direct else exp.and_(self.match(ds), guard)
        if direct:
            comments = [f"{table}: supresión directa (periodo de bloqueo P0D)"]
        else:
            comments = [
                f"{table}: fase 2, supresión; borra solo filas bloqueadas hace "
                f"{ds.blocking.iso} o más: genere el plan con --as-of {earliest.isoformat()} "
                "o después"
            ]
        if ds.statutory and ds.retention is not None and ds.timestamp:
            cond = exp.and_(
                cond, col(ds.timestamp) <= date_literal(ds.retention.before(self.as_of))
            )
            comments.append(
                f"plazo legal de conservación {ds.retention.iso} ({ds.retention_basis}) "
                f"desde {ds.timestamp}: LFPDPPP art. 25 fr. II; no se suprime antes"
            )
        self.steps.append(
            Step(
                ds.table,
                "suppress",
                ["LFPDPPP art. 24", "art. 10 párr. 2"],
                comments,
                [exp.delete(table_expr(table), where=cond)],
            )
        )

    def oposicion(self, right: str, purposes: list[str]) -> None:
        inv_purposes = {p["id"]: p for p in self.inventory.get("purposes") or []}
        marketing = any(_MARKETING_TAGS & set(inv_purposes[p].get("tags") or ()) for p in purposes)
        if right == "oposicion" or marketing:
            self._exclusion_insert()
        stopped: set[str] = set()
        for ds in self.holding:
            sets: dict[str, object] = {
                column: exp.false()
                for purpose, column in sorted(ds.consent_columns.items())
                if purpose in purposes
            }
            if not sets or ds.blocked:
                continue
            stopped |= {p for p in ds.consent_columns if p in purposes}
            self.steps.append(
                Step(
                    ds.table,
                    "update",
                    BASIS[right][:1],
                    [
                        f"{ds.table}: detener finalidades "
                        + ", ".join(p for p in sorted(ds.consent_columns) if p in purposes)
                    ],
                    [exp.update(table_expr(ds.table), sets, where=self.match(ds))],
                )
            )
        for purpose in purposes:
            if purpose not in stopped:
                self.not_planned[f"purpose {purpose}"] = (
                    "no dataset has a consent column for it: stop it in the systems that "
                    "run it and record the refusal"
                )

    def _exclusion_insert(self) -> None:
        table = ((self.inventory.get("limit_use") or {}).get("exclusion_list") or {}).get("table")
        excl = self.by_table.get(str(table)) if table else None
        if excl is None or not excl.exclusion_list:
            self.not_planned["exclusion list"] = (
                "the inventory names no exclusion list (limit_use.exclusion_list.table)"
            )
            return
        contacts = [str(c) for c in excl.exclusion_list.get("contact_columns") or []]
        source = self._contact_source(excl, contacts)
        if source is None:
            self.not_planned[excl.table] = (
                "no dataset of the titular holds all of its contact columns " + ", ".join(contacts)
            )
            return
        ds, mapping = source
        names: list[str] = []
        values: list[exp.Expr] = []
        if excl.subject_key:
            names.append(excl.subject_key)
            values.append(col(str(ds.subject_key), "s"))
        for contact in contacts:
            names.append(contact)
            values.append(col(mapping[contact], "s"))
        if excl.timestamp:
            names.append(excl.timestamp)
            values.append(date_literal(self.as_of))
        if excl.subject_key:
            already: exp.Expr = col(excl.subject_key, "e").eq(col(str(ds.subject_key), "s"))
        else:
            already = exp.and_(*[col(c, "e").eq(col(mapping[c], "s")) for c in contacts])
        exists = exp.Exists(
            this=exp.select(exp.Literal.number(1)).from_(table_expr(excl.table, "e")).where(already)
        )
        select = (
            exp.select(*values)
            .distinct()
            .from_(table_expr(ds.table, "s"))
            .where(exp.and_(self.match(ds, "s"), exists.not_()))
        )
        self.steps.append(
            Step(
                excl.table,
                "insert",
                ["LFPDPPP art. 15 fr. IV", "art. 26", "Reglamento art. 110"],
                [
                    f"{excl.table}: inscribir al titular en el listado de exclusión (gratuito; "
                    "entregar constancia)"
                ],
                [exp.insert(select, table_expr(excl.table), columns=names)],
            )
        )

    def _contact_source(
        self, excl: Dataset, contacts: list[str]
    ) -> tuple[Dataset, dict[str, str]] | None:
        for ds in self.holding:
            if ds.blocked or ds.exclusion_list:
                continue
            mapping: dict[str, str] = {}
            for contact in contacts:
                if contact in ds.columns:
                    mapping[contact] = contact
                    continue
                kind = excl.column_info.get(contact, {}).get("contact_type")
                same = [
                    c for c in ds.columns if kind and ds.column_info[c].get("contact_type") == kind
                ]
                if same:
                    mapping[contact] = same[0]
            if len(mapping) == len(contacts):
                return ds, mapping
        return None


# --------------------------------------------------------------------------- response letter

#: How each right is named in the letter.
RIGHT_NAMES = {
    "acceso": "acceso",
    "rectificacion": "rectificación",
    "cancelacion": "cancelación",
    "oposicion": "oposición",
    "revocacion": "revocación del consentimiento",
}
#: Art. 33 grounds to refuse, by code (the text the letter cites).
REFUSAL_GROUNDS = {
    "art33_I": "quien presenta la solicitud no es el titular o su representante no está "
    "debidamente acreditado",
    "art33_II": "en nuestras bases de datos no se encuentran datos personales de quien lo solicita",
    "art33_III": "se lesionarían los derechos de un tercero",
    "art33_IV": "existe un impedimento legal o una resolución de autoridad competente que "
    "restringe el acceso, la rectificación, la cancelación o la oposición",
    "art33_V": "la rectificación, cancelación u oposición ya se había realizado",
}
#: Art. 25 grounds on which cancellation is not due, by code (docs/glossary.md).
CANCELLATION_GROUNDS = {
    "art25_I": "los datos se refieren a las partes de un contrato privado, social o "
    "administrativo y son necesarios para su desarrollo y cumplimiento",
    "art25_II": "una ley obliga a tratarlos",
    "art25_III": "cancelarlos obstaculizaría actuaciones judiciales o administrativas sobre "
    "obligaciones fiscales, la investigación y persecución de delitos o la actualización de "
    "sanciones administrativas",
    "art25_IV": "son necesarios para proteger los intereses jurídicamente tutelados de usted",
    "art25_V": "son necesarios para realizar una acción en función del interés público",
    "art25_VI": "son necesarios para cumplir una obligación legalmente adquirida por usted",
    "art25_VII": "son objeto de tratamiento para la prevención o el diagnóstico médico o la "
    "gestión de servicios de salud por un profesional sujeto a un deber de secreto",
}
OUTCOMES = ("procedente", "improcedente")
#: How access is delivered when the inventory does not say otherwise (Art. 32 ¶1).
DEFAULT_ACCESS_DELIVERY = (
    "en copias simples o en documentos electrónicos, por el mismo medio en que presentó su "
    "solicitud"
)
CHANNEL_NAMES = {
    "email": "Correo electrónico",
    "web": "Sitio web",
    "phone": "Teléfono",
    "in_person": "En persona",
    "mail": "Correo postal",
}


def spanish_duration(duration: Duration | None) -> str:
    """Say a duration in Spanish.

    Example:
        >>> spanish_duration(Duration("P1Y6M", years=1, months=6))
        '1 año y 6 meses'
    """
    if duration is None:
        return "sin periodo registrado"
    parts = []
    for amount, one, many in (
        (duration.years, "año", "años"),
        (duration.months, "mes", "meses"),
        (duration.days, "día", "días"),
    ):
        if amount:
            parts.append(f"{amount} {one if amount == 1 else many}")
    if not parts:
        return "0 días"
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " y " + parts[-1]


def letter_context(
    inventory: Mapping[str, Any],
    right: str,
    *,
    received: _dt.date,
    issued: _dt.date,
    calendar: BusinessCalendar,
    outcome: str = "procedente",
    refusal: Sequence[str] = (),
    titular: str = "",
    folio: str = "",
    purposes: Sequence[str] = (),
    data_subjects: Sequence[str] = (),
) -> dict[str, Any]:
    """Return the data the response letter shows: deadlines of Art. 31 and the facts.

    ``purposes`` are, for oposición and revocación, the purposes concerned (default: those
    that require consent, as in :func:`plan_arco`); ``data_subjects`` selects the datasets as
    in :func:`plan_arco`.

    Deadlines count business days after the day of receipt (see :mod:`.calendar`):
    the answer within ``arco.response_days`` (20), extendable once for an equal period; the
    execution within ``arco.execution_days`` (15) after the answer, extendable once.

    Raises:
        TutelaError: unknown right, outcome or refusal ground; a refusal without grounds;
            a letter dated before the request was received.
    """
    if right not in RIGHTS:
        raise TutelaError(f"unknown ARCO right {right!r}", hint=_did_you_mean(right, RIGHTS))
    if outcome not in OUTCOMES:
        raise TutelaError(f"unknown outcome {outcome!r}", hint=_did_you_mean(outcome, OUTCOMES))
    grounds = list(REFUSAL_GROUNDS) + (list(CANCELLATION_GROUNDS) if right == "cancelacion" else [])
    for code in refusal:
        if code not in grounds:
            extra = (
                " (the Art. 25 grounds apply only to cancelacion)"
                if code in CANCELLATION_GROUNDS
                else ""
            )
            raise TutelaError(
                f"unknown refusal ground {code!r}{extra}", hint=_did_you_mean(code, grounds)
            )
    if outcome == "improcedente" and not refusal:
        raise TutelaError(
            "a refusal must give its grounds (LFPDPPP art. 33)",
            hint="pass --refusal art33_I..art33_V (repeatable)",
        )
    if issued < received:
        raise TutelaError(
            f"the letter date {issued.isoformat()} is before the request was received "
            f"({received.isoformat()})",
            hint="check --date and --received",
        )
    arco = dict(inventory.get("arco") or {})
    response_days = int(arco.get("response_days") or 20)
    execution_days = int(arco.get("execution_days") or 15)
    response_due = calendar.add_business_days(received, response_days)
    datasets = [d for d in _holding(datasets_of(inventory), data_subjects) if not d.blocked]
    inv_purposes = {p["id"]: p for p in inventory.get("purposes") or []}
    subjects = set(data_subjects) or {d.data_subject for d in datasets if d.data_subject}

    def of_subject(pid: str) -> bool:
        # Only that titular's purposes: a debtor is never promised the end of HR processing.
        listed = set(inv_purposes.get(pid, {}).get("data_subjects") or ())
        return not listed or bool(listed & subjects)

    used = sorted({p for d in datasets for p in d.purposes if of_subject(p)})
    subject_purposes = {p: v for p, v in inv_purposes.items() if p in used}
    concerned = (
        _purposes_concerned(right, purposes, subject_purposes if not purposes else inv_purposes)
        if right in {"oposicion", "revocacion"}
        else []
    )
    for pid in concerned:
        if pid not in used:
            raise TutelaError(
                f"purpose {pid!r} does not apply to this titular's data "
                f"({', '.join(sorted(subjects))})",
                hint="choose among: " + ", ".join(used),
            )

    def name(pid: str) -> str:
        p = inv_purposes.get(pid, {})
        return str(p.get("name") or p.get("description") or pid).strip().rstrip(".")

    raw = [dict(r) for r in inventory.get("datasets") or []]
    by_table = {str(r.get("table")): r for r in raw}
    categories: dict[str, set[str]] = {}
    for d in datasets:
        for column in by_table.get(d.table, {}).get("columns") or []:
            category = str(column.get("category") or "ninguna")
            if category in {"ninguna", "clave", "pci_pan", "pci_cvv", "pci_pin", "pci_track"}:
                continue
            categories.setdefault(category, set()).add(
                str(column.get("description") or column.get("name")).strip().rstrip(".")
            )
    sources = []
    for ch in inventory.get("channels") or []:
        listed = set(ch.get("data_subjects") or ())
        if listed and not listed & subjects:
            continue
        provider = (ch.get("source") or {}).get("provider")
        sources.append(
            {
                "description": str(ch.get("description") or "").strip().rstrip("."),
                "provider": str(provider or ""),
            }
        )
    warnings: list[str] = []
    if issued > response_due:
        warnings.append(
            f"the letter date {issued.isoformat()} is after the answer deadline "
            f"{response_due.isoformat()} (LFPDPPP art. 31); an extension must have been "
            "notified within the original period"
        )
    if not calendar.is_business_day(issued):
        warnings.append(
            f"the letter date {issued.isoformat()} is not a business day "
            f"({calendar.rest_day_name(issued)})"
        )
    extended = calendar.add_business_days(received, 2 * response_days)
    holy = _holy_week(received, extended)
    if holy:
        days = " y ".join(f"el {n} ({fecha_larga(d)})" for n, d in holy)
        if all(not calendar.is_business_day(d) for _, d in holy):
            holy_week = (
                f"No contamos como días hábiles {days}, que {'son' if len(holy) > 1 else 'es'} "
                "días inhábiles en nuestro calendario."
            )
        else:
            holy_week = (
                f"Contamos como días hábiles {days}: no son días de descanso obligatorio de la "
                "Ley Federal del Trabajo (art. 74)."
            )
    else:
        holy_week = ""
    controller = dict(inventory.get("controller") or {})
    descriptions = {
        str(r.get("table")): str(r.get("description") or "")
        for r in inventory.get("datasets") or []
    }
    return {
        "right": right,
        "right_name": RIGHT_NAMES[right],
        "outcome": outcome,
        "refusal": [
            {
                "code": c,
                "article": "33" if c in REFUSAL_GROUNDS else "25",
                "fraction": c.partition("_")[2],
                "text": REFUSAL_GROUNDS.get(c) or CANCELLATION_GROUNDS[c],
            }
            for c in sorted(set(refusal), key=grounds.index)
        ],
        "access_delivery": str(arco.get("access_delivery") or "").strip().rstrip(".")
        or DEFAULT_ACCESS_DELIVERY,
        "categories": [{"category": c, "items": sorted(v)} for c, v in sorted(categories.items())],
        "sources": sorted(sources, key=lambda s: (s["provider"], s["description"])),
        "titular": titular,
        "folio": folio,
        "controller": controller,
        "domicile": dict(controller.get("domicile") or {}),
        "department": arco.get("department")
        or (controller.get("privacy_department") or {}).get("name", ""),
        "channels": [
            {"kind": CHANNEL_NAMES.get(str(c.get("type")), str(c.get("type"))), **c}
            for c in arco.get("channels") or []
        ],
        "identity_verification": arco.get("identity_verification", ""),
        "received": received.isoformat(),
        "issued": issued.isoformat(),
        "response_days": response_days,
        "execution_days": execution_days,
        "response_due": response_due.isoformat(),
        "response_due_extended": calendar.add_business_days(
            received, 2 * response_days
        ).isoformat(),
        "late": issued > response_due,
        "warnings": warnings,
        "holy_week": holy_week,
        "execution_due": calendar.add_business_days(issued, execution_days).isoformat(),
        "execution_due_extended": calendar.add_business_days(
            issued, 2 * execution_days
        ).isoformat(),
        "rest_days": [
            {"date": d.isoformat(), "name": n}
            for d, n in calendar.rest_days_between(received, response_due)
        ],
        "purposes": [
            {
                "id": p,
                "name": name(p),
                "description": str(inv_purposes.get(p, {}).get("description", p))
                .strip()
                .rstrip("."),
            }
            for p in used
        ],
        "concerned": [
            {
                "id": p,
                "name": name(p),
                "description": str(inv_purposes[p].get("description", p)).strip().rstrip("."),
            }
            for p in concerned
        ],
        "recipients": [
            {**r, "purpose_names": [name(p) for p in r["purposes"]]}
            for r in _recipients_for(inventory, set(used))
        ],
        "datasets": [
            {
                "description": (descriptions.get(d.table) or d.table).strip().rstrip("."),
                "blocking": spanish_duration(d.blocking),
                "immediate": d.blocking is not None
                and (d.blocking.years, d.blocking.months, d.blocking.days) == (0, 0, 0),
                "blocking_basis": _public(d.blocking_basis or "", warnings, d.table),
                "holds": [h.partition("_")[2] for h in d.legal_holds],
                "hold_grounds": [
                    {"fraction": h.partition("_")[2], "text": CANCELLATION_GROUNDS[h]}
                    for h in d.legal_holds
                    if h in CANCELLATION_GROUNDS
                ],
                "exclusion_list": bool(d.exclusion_list),
            }
            for d in datasets
        ],
        "exclusion_list": (
            dict((inventory.get("limit_use") or {}).get("exclusion_list") or {})
            if right == "oposicion"
            or any(_MARKETING_TAGS & set(inv_purposes[p].get("tags") or ()) for p in concerned)
            else {}
        ),
    }


def render_letter(context: Mapping[str, Any]) -> str:
    """Render the Spanish response letter (Markdown) from :func:`letter_context`.

    Every value is made safe for Markdown first (HTML and link syntax escaped; control, bidi
    and zero-width characters shown as ``\\uXXXX``), the ``--titular`` name included.
    """
    from tutela.generators.notice import sanitize
    from tutela.templating import make_env

    safe = sanitize(dict(context), "md")
    return make_env().get_template("arco/response_letter.md.j2").render(**safe)


def _easter(year: int) -> _dt.date:
    """Easter Sunday (Gregorian computus, Meeus/Jones/Butcher).

    Example:
        >>> _easter(2026).isoformat(), _easter(2027).isoformat()
        ('2026-04-05', '2027-03-28')
    """
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month = (h + l_ - 7 * m + 114) // 31
    day = (h + l_ - 7 * m + 114) % 31 + 1
    return _dt.date(year, month, day)


def _holy_week(start: _dt.date, end: _dt.date) -> list[tuple[str, _dt.date]]:
    """Holy Thursday and Friday that fall in ``(start, end]``."""
    out = []
    for year in range(start.year, end.year + 1):
        sunday = _easter(year)
        for name, back in (("Jueves Santo", 3), ("Viernes Santo", 2)):
            day = sunday - _dt.timedelta(days=back)
            if start < day <= end:
                out.append((name, day))
    return out


_UNVERIFIED_MARK = re.compile(r"\s*\(?\bUNVERIFIED\b\)?", re.IGNORECASE)


def _public(text: str, warnings: list[str], where: str) -> str:
    """Drop an UNVERIFIED marker from text a titular reads; warn the user instead."""
    if not _UNVERIFIED_MARK.search(text):
        return text
    warnings.append(
        f"{where}: the basis {text!r} is marked UNVERIFIED; the marker is left out of the "
        "letter: confirm the basis with a lawyer"
    )
    return " ".join(_UNVERIFIED_MARK.sub("", text).split()).strip(" ;:")
