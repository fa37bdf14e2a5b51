"""Breach response documents rendered from an incident file and the inventory.

For one incident (``tutela.breach``) this module gathers a plain, sorted context and renders,
from the templates in ``notices/breach/``:

* ``aviso``: the notice to the titulares (LFPDPPP art. 19), in plain Spanish, with the
  content the Reglamento 2011 art. 65 lists (nature of the incident, data compromised,
  recommendations, corrective actions, where to learn more);
* ``telefono``: the same notice as a script for the phone channel;
* ``registro``: the internal incident-register entry (timestamps, affected set, the
  significance test and its grounds, deadlines, PCI DSS 12.10 items, the reviewer's
  appendix) as Markdown, and as JSON (:func:`register_json`);
* ``notificacion``: one letter per recipient whose contract has the ``breach_notice`` clause
  and that received the affected data.

It also writes the dry-run count queries (``--count-sql``) per dialect with sqlglot. The
generation time is injected, never read from the clock in a template.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from typing import Any, Literal

from sqlglot import exp

from tutela.breach.affected import Affected
from tutela.breach.assess import (
    PCI_12_10,
    SLA,
    Deadline,
    Significance,
    assess_significance,
    deadlines,
)
from tutela.breach.load import Incident
from tutela.errors import InputError
from tutela.inventory import Inventory
from tutela.templating import make_env

from .retention import check_dialect, col, comment_line, for_dialect, table_expr

__all__ = [
    "DOCUMENTS",
    "BreachReport",
    "build_report",
    "count_sql",
    "register_json",
    "render_document",
]

Document = Literal["aviso", "aviso.html", "telefono", "registro", "notificacion"]
DOCUMENTS: dict[str, str] = {
    "aviso": "breach/aviso_titulares.md.j2",
    "aviso.html": "breach/aviso_titulares.html.j2",
    "telefono": "breach/telefono.txt.j2",
    "registro": "breach/registro.md.j2",
    "notificacion": "breach/notificacion.md.j2",
}


@dataclass
class BreachReport:
    """Everything the documents are rendered from."""

    incident: Incident
    affected: Affected
    significance: Significance
    deadlines: list[Deadline]
    notify: list[str]  # recipient ids with a breach_notice clause that got the data
    context: dict[str, Any]


def _s(value: Any) -> str:
    return "" if value is None else " ".join(str(value).split())


def _phrase(value: Any) -> str:
    return _s(value).rstrip(".").rstrip()


def build_report(
    incident: Incident,
    inventory: Inventory,
    affected: Affected,
    *,
    sla: SLA,
    generated_at: _dt.datetime,
) -> BreachReport:
    """Assess the incident and gather the context of every document."""
    significance = assess_significance(incident, affected)
    notify = [
        r.id
        for r in affected.recipients
        if r.why in {"origin", "destination", "manifest"} and "breach_notice" in r.clauses
    ]
    dls = deadlines(incident, significance, notify, sla)
    d = incident.data
    controller = inventory.data.get("controller", {})
    dept = controller.get("privacy_department", {})
    contact = {
        "name": _s((d.get("contact") or {}).get("name") or dept.get("name")),
        "email": _s((d.get("contact") or {}).get("email") or dept.get("email")),
        "phone": _s((d.get("contact") or {}).get("phone") or dept.get("phone")),
    }
    groups: dict[str, list[str]] = {}
    for c in affected.columns:
        group = "pci" if c.category.startswith("pci_") else c.category
        if c.category == "clave":
            continue
        groups.setdefault(group, [])
        label = _phrase(c.description) or c.column
        if label not in groups[group]:
            groups[group].append(label)
    contact_types = sorted(
        {
            str(col_.get("contact_type"))
            for c in affected.columns
            if c.category == "contacto"
            for ds in [inventory.table(c.table) or {}]
            for col_ in ds.get("columns", [])
            if col_["name"] == c.column and col_.get("contact_type")
        }
    )
    recipients = {r.id: r for r in affected.recipients}

    def when(key: str) -> str:
        value = incident.when(key)
        return value.isoformat() if value else ""

    context: dict[str, Any] = {
        "incident": {
            "id": incident.id,
            "title": _s(d["title"]),
            "description": _s(d["description"]),
            "types": list(d.get("types") or []),
            "occurred_at": when("occurred_at"),
            "detected_at": when("detected_at"),
            "confirmed_at": when("confirmed_at"),
            "origin": {
                "recipient": _s((d.get("origin") or {}).get("recipient")),
                "recipient_name": _s(
                    recipients[(d.get("origin") or {})["recipient"]].name
                    if (d.get("origin") or {}).get("recipient") in recipients
                    else ""
                ),
                "system": _s((d.get("origin") or {}).get("system")),
            },
            "measures": [_phrase(m) for m in d["measures"]],
            "recommendations": [_phrase(m) for m in d.get("recommendations") or []],
            "data_unreadable": d.get("data_unreadable") is True,
            "file": incident.file,
        },
        "controller": {
            "legal_name": _s(controller.get("legal_name")),
            "trade_name": _s(controller.get("trade_name")),
        },
        "contact": contact,
        "data_groups": [{"category": k, "items": sorted(v)} for k, v in sorted(groups.items())],
        "contact_types": contact_types,
        "categories": affected.categories,
        "affected": affected.to_dict(),
        "significance": significance.to_dict(),
        "deadlines": [dl.to_dict() for dl in dls],
        "notify": [vars(recipients[r]) | {"clauses": list(recipients[r].clauses)} for r in notify],
        "maybe_recipients": [
            vars(r) | {"clauses": list(r.clauses)}
            for r in affected.recipients
            if r.id not in notify
        ],
        "pci_items": [{"id": i, "text": t} for i, t in PCI_12_10] if affected.pci else [],
        "sla": {"titulares_hours": sla.titulares_hours, "recipients_hours": sla.recipients_hours},
        "generated_at": generated_at.isoformat(timespec="seconds"),
    }
    return BreachReport(incident, affected, significance, dls, notify, context)


def render_document(report: BreachReport, document: Document, *, recipient: str = "") -> str:
    """Render one document of the report (``notificacion`` needs ``recipient``)."""
    context = dict(report.context)
    if document == "notificacion":
        chosen = [r for r in report.context["notify"] if r["id"] == recipient]
        if not chosen:
            raise InputError(
                f"no notification for recipient {recipient!r}",
                hint="notifications go to recipients that received the data and whose contract "
                "has the breach_notice clause",
            )
        context["recipient"] = chosen[0]
    template = DOCUMENTS[document]
    html = document.endswith(".html")
    context["html"] = html
    text: str = make_env(html=html).get_template(template).render(context)
    return text


def register_json(report: BreachReport) -> str:
    """The register entry as JSON (one object; deterministic key order)."""
    c = report.context
    entry = {
        "version": 1,
        "incident": c["incident"],
        "affected": c["affected"],
        "significance": c["significance"],
        "deadlines": c["deadlines"],
        "notifications_required": [r["id"] for r in c["notify"]],
        "pci_dss_12_10": [i["id"] for i in c["pci_items"]],
        "generated_at": c["generated_at"],
    }
    return json.dumps(entry, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def count_sql(incident: Incident, affected: Affected, dialect: str, *, source_dialect: str) -> str:
    """Dry-run count queries, one per affected table: rows and distinct titulares.

    Each table's ``where`` (written in ``source_dialect``, the incident's SQL dialect) is
    parsed by sqlglot and rendered for ``dialect`` together with the count.

    Raises:
        InputError: a ``where`` condition does not parse (file:line of the key).
    """
    import sqlglot
    from sqlglot.errors import ParseError

    dialect = check_dialect(dialect)
    header = [
        f"tutela breach --count-sql: incidente {incident.id} ({dialect})",
        "Solo lectura: cuenta los registros y los titulares afectados por tabla.",
    ]
    lines = [comment_line(h) for h in header]
    where_at = {
        item["key"]: i for i, item in enumerate(incident.data["involved"].get("tables") or [])
    }
    for table in affected.tables:
        select = exp.select(exp.alias_(exp.Count(this=exp.Star()), "registros"))
        if table["subject_key"]:
            distinct = exp.Count(this=exp.Distinct(expressions=[col(table["subject_key"])]))
            select = select.select(exp.alias_(distinct, "titulares"))
        select = select.from_(table_expr(table["table"]))
        if table["where"]:
            try:
                condition = sqlglot.parse_one(
                    table["where"], read=source_dialect, into=exp.Condition
                )
            except ParseError as exc:
                index = where_at.get(table["table"].lower())
                pos = (
                    incident.mark(("involved", "tables", index, "where"))
                    if index is not None
                    else None
                )
                line, column = pos or (None, None)
                raise InputError(
                    f"the `where` of {table['table']} is not a SQL condition: "
                    f"{str(exc).splitlines()[0]}",
                    incident.file,
                    line,
                    column,
                    hint="write a condition such as `fecha_llamada >= DATE '2026-11-01'`",
                ) from None
            select = select.where(condition)
        lines.append("")
        lines.append(comment_line(f"{table['table']}: {', '.join(table['columns'])}"))
        lines.append(for_dialect(select, dialect) + ";")
    for i, query in enumerate(incident.data["involved"].get("queries") or []):
        lines.extend(_query_counts(incident, i, query, dialect, source_dialect))
    if not affected.tables:
        lines.append(comment_line("no affected table with personal data"))
    return "\n".join(lines) + "\n"


def _query_counts(
    incident: Incident, index: int, query: dict[str, Any], dialect: str, source_dialect: str
) -> list[str]:
    """``SELECT COUNT(*) FROM (<the query's SELECT>)`` for each statement of an incident query.

    What the query returned (or exported) if run again now: a COPY, INSERT or CTAS
    contributes its inner SELECT, with its own filters, rendered for ``dialect``.
    """
    import sqlglot
    from sqlglot.errors import SqlglotError

    if "file" in query:
        name = str(query["file"])
        text = (incident.base_dir / name).read_text(encoding="utf-8-sig")
    else:
        name, text = f"{incident.file} (involved.queries[{index}])", str(query["sql"])
    read = str(query.get("dialect") or source_dialect).lower()
    try:
        statements = [s for s in sqlglot.parse(text, read=read) if s is not None]
    except SqlglotError as exc:
        raise InputError(
            f"the query {name} does not parse: {str(exc).splitlines()[0]}",
            incident.file,
            hint="fix the query, or list the affected tables under `involved.tables`",
        ) from None
    out: list[str] = []
    for statement in statements:
        select = statement if isinstance(statement, exp.Select) else statement.find(exp.Select)
        if select is None:
            continue
        count = exp.select(exp.alias_(exp.Count(this=exp.Star()), "registros")).from_(
            exp.Subquery(this=select.copy(), alias=exp.TableAlias(this=exp.to_identifier("q")))
        )
        out.append("")
        out.append(comment_line(f"filas de la consulta {name}"))
        out.append(for_dialect(count, dialect) + ";")
    return out


def summary_lines(report: BreachReport) -> list[str]:
    """The short English summary ``tutela breach`` prints."""
    a, s = report.affected, report.significance
    lines = [
        f"incident {report.incident.id}: {len(a.columns)} column(s) in {len(a.tables)} "
        f"table(s); data subjects: {', '.join(x['id'] for x in a.data_subjects) or '-'}",
        f"categories: {', '.join(a.categories) or '-'}"
        + (" (payment-card data: PCI DSS 12.10 applies)" if a.pci else ""),
        f"records: {a.records if a.records is not None else 'unknown (run --count-sql)'}",
        "significant (LFPDPPP art. 19): "
        + ("yes" if s.significant else "no")
        + f" (decided by {s.decided_by})",
    ]
    for dl in report.deadlines:
        due = dl.due.isoformat() if dl.due else "immediately (no SLA configured)"
        lines.append(f"deadline {dl.to}: {due} [{dl.status}]")
    if not a.columns:
        lines.append(
            "warning: no inventory column identified; list `involved.tables` or a query so "
            "the affected data can be derived (the breach counts as significant meanwhile)"
        )
    if a.unknown_tables:
        lines.append(f"warning: tables not in the inventory: {', '.join(a.unknown_tables)}")
    return lines
