"""Who and what a breach affects, derived from the inventory and from the facts.

Python observes: the incident names tables (and columns), queries, sharing manifests or egress
destinations; each is turned into the inventory columns it touches — a query through the same
SQL facts ``tutela lint`` uses (its exposures: the columns whose values reach the output), a
manifest through its share facts (the columns it sends) — and each column carries its data
category, its table's data subjects and purposes. Recipients are the ones the data went to
(a destination or manifest names them, or the incident happened there) and, because they may
hold copies, those whose role in the inventory covers a purpose of an affected table.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tutela.breach.load import Incident
from tutela.errors import InputError
from tutela.inventory import Inventory
from tutela.names import table_key

__all__ = ["Affected", "AffectedColumn", "AffectedRecipient", "derive_affected"]

PCI = frozenset({"pci_pan", "pci_cvv", "pci_pin", "pci_track"})
NON_PERSONAL = frozenset({"ninguna"})


@dataclass(frozen=True, order=True)
class AffectedColumn:
    """One inventory column the breach touched, and how tutela knows."""

    table: str
    column: str
    category: str
    sensitive_kind: str
    description: str
    via: str  # "table", "query <file>:<line>", "manifest <file>", ...


@dataclass(frozen=True)
class AffectedRecipient:
    """A recipient that received (or may hold) the affected data."""

    id: str
    name: str
    role: str
    country: str
    clauses: tuple[str, ...]
    contract: str
    why: str  # "origin", "destination", "manifest", "purpose"


@dataclass
class Affected:
    """The affected set: columns, tables, data subjects, categories, purposes, recipients."""

    columns: list[AffectedColumn] = field(default_factory=list)
    tables: list[dict[str, Any]] = field(default_factory=list)
    data_subjects: list[dict[str, str]] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    purposes: list[dict[str, str]] = field(default_factory=list)
    recipients: list[AffectedRecipient] = field(default_factory=list)
    records: int | None = None
    records_basis: str = ""
    unknown_tables: list[str] = field(default_factory=list)

    @property
    def pci(self) -> bool:
        """Whether payment-card data (PAN, CVV, PIN, track) are involved."""
        return any(c.category in PCI for c in self.columns)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready data (sorted, deterministic)."""
        return {
            "columns": [vars(c) for c in self.columns],
            "tables": self.tables,
            "data_subjects": self.data_subjects,
            "categories": self.categories,
            "purposes": self.purposes,
            "recipients": [{**vars(r), "clauses": list(r.clauses)} for r in self.recipients],
            "records": self.records,
            "records_basis": self.records_basis,
            "pci": self.pci,
        }


def _column_record(ds: Mapping[str, Any], name: str, via: str) -> AffectedColumn | None:
    for col in ds["columns"]:
        if col["name"].lower() == name.lower():
            return AffectedColumn(
                ds["table"],
                col["name"],
                col.get("category", "ninguna"),
                col.get("sensitive_kind", ""),
                " ".join(str(col.get("description", "")).split()),
                via,
            )
    return None


def _query_columns(
    incident: Incident, inventory: Inventory, index: int, query: Mapping[str, Any], dialect: str
) -> tuple[list[tuple[str, str, str]], list[str], list[str]]:
    """(table, column, via) of the columns a query exposes; its egress targets; unknown tables."""
    from tutela.sql import Catalog, analyze_sql

    if "file" in query:
        name = query["file"]
        text = (incident.base_dir / name).read_text(encoding="utf-8-sig")
        line_offset = 0
    else:
        name = incident.file
        text = query["sql"]
        line_offset = (incident.mark(("involved", "queries", index, "sql")) or (1, 1))[0]
    catalog = Catalog.from_datasets(inventory.datasets)
    facts = analyze_sql(
        text,
        dialect=(query.get("dialect") or dialect).lower(),
        catalog=catalog,
        file=name,
        line_offset=line_offset,
    )
    out: list[tuple[str, str, str]] = []
    targets: list[str] = []
    unknown: list[str] = []
    for fact in facts:
        if fact.get("error"):
            line = fact.get("location", {}).get("line")
            raise InputError(
                f"the query cannot be analysed: {fact['error']}",
                name,
                line,
                hint="fix the query, or list the affected tables under `involved.tables`",
            )
        for exposure in fact.get("exposures", []):
            if exposure.get("known"):
                out.append(
                    (exposure["table"], exposure["column"], f"query {name}:{exposure.get('line')}")
                )
        for read in fact.get("reads", []):
            if read.get("known") is False:
                unknown.append(str(read.get("table")))
        targets.extend(str(e["target"]) for e in fact.get("egress", []) if e.get("target"))
    return out, targets, unknown


def _manifest_columns(
    incident: Incident, inventory: Inventory, manifest_path: str
) -> tuple[list[tuple[str, str, str]], str]:
    from tutela.shares.facts import manifest_fact
    from tutela.shares.load import load_manifest

    manifest = load_manifest(incident.base_dir / manifest_path, inventory, display=manifest_path)
    fact = manifest_fact(manifest, inventory)
    cols = [
        (c["table"], c["column"], f"manifest {manifest_path}")
        for c in fact.get("columns", [])
        if c.get("known")
    ]
    return cols, str(manifest.data["recipient"])


def _matches(destination: str, declared: str) -> bool:
    a, b = destination.rstrip("/").lower(), declared.rstrip("/").lower()
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


def derive_affected(incident: Incident, inventory: Inventory, *, dialect: str) -> Affected:
    """Derive the affected set of ``incident`` (see the module docstring).

    Raises:
        InputError: a query cannot be analysed, or a manifest is invalid.
    """
    involved = incident.data["involved"]
    picked: dict[tuple[str, str], AffectedColumn] = {}
    per_table: dict[str, dict[str, Any]] = {}
    direct: dict[str, str] = {}  # recipient id -> why
    unknown: list[str] = []

    def add(table: str, column: str, via: str) -> None:
        ds = inventory.table(table)
        if ds is None:
            return
        record = _column_record(ds, column, via)
        if record is None:
            return
        key = (table_key(ds["table"]), record.column.lower())
        picked.setdefault(key, record)
        per_table.setdefault(table_key(ds["table"]), {"dataset": ds})

    for item in involved.get("tables") or []:
        ds = inventory.table(item["table"])
        if ds is None:  # load_incident reported it
            continue
        names = item.get("columns") or [c["name"] for c in ds["columns"]]
        for name in names:
            add(ds["table"], name, "table")
        entry = per_table.setdefault(table_key(ds["table"]), {"dataset": ds})
        entry["where"] = item.get("where")
        entry["records"] = item.get("records")
    targets: list[str] = list(involved.get("destinations") or [])
    for i, query in enumerate(involved.get("queries") or []):
        cols, egress, missing = _query_columns(incident, inventory, i, query, dialect)
        for table, column, via in cols:
            add(table, column, via)
        targets.extend(egress)
        unknown.extend(missing)
    for path in involved.get("manifests") or []:
        cols, manifest_recipient = _manifest_columns(incident, inventory, path)
        for table, column, via in cols:
            add(table, column, via)
        direct.setdefault(manifest_recipient, "manifest")
    origin = (incident.data.get("origin") or {}).get("recipient")
    if origin:
        direct[origin] = "origin"
    for target in targets:
        for rid, recipient in inventory.recipients.items():
            if any(_matches(target, d) for d in recipient.get("destinations") or []):
                direct.setdefault(rid, "destination")

    columns = sorted(c for c in picked.values() if c.category not in NON_PERSONAL)
    affected_tables = {table_key(c.table) for c in columns}
    tables: list[dict[str, Any]] = []
    subjects: set[str] = set()
    purposes: set[str] = set()
    total = 0
    known_total = True
    for key in sorted(affected_tables):
        entry = per_table[key]
        ds = entry["dataset"]
        if ds.get("data_subject"):
            subjects.add(ds["data_subject"])
        purposes.update(ds.get("purposes") or [])
        records = entry.get("records")
        if records is None:
            known_total = False
        else:
            total += records
        tables.append(
            {
                "table": ds["table"],
                "description": " ".join(str(ds.get("description", "")).split()),
                "data_subject": ds.get("data_subject", ""),
                "subject_key": ds.get("subject_key", ""),
                "columns": [c.column for c in columns if table_key(c.table) == key],
                "where": entry.get("where") or "",
                "records": records,
            }
        )
    overall = incident.data.get("records")
    if overall:
        records_total: int | None = int(overall["count"])
        basis = str(overall.get("basis", ""))
    elif tables and known_total:
        records_total, basis = total, "suma de los registros por tabla del archivo del incidente"
    else:
        records_total, basis = None, ""

    recipients: list[AffectedRecipient] = []
    for rid, recipient in inventory.recipients.items():
        why = direct.get(rid)
        if why is None and purposes & set(recipient.get("purposes") or []):
            why = "purpose"
        if why is None:
            continue
        contract = recipient.get("contract") or {}
        recipients.append(
            AffectedRecipient(
                rid,
                recipient.get("name", rid),
                recipient.get("role", ""),
                recipient.get("country", ""),
                tuple(contract.get("clauses") or ()),
                str(contract.get("reference", "")),
                why,
            )
        )
    recipients.sort(key=lambda r: (r.why != "origin", r.why == "purpose", r.id))
    return Affected(
        columns=columns,
        tables=tables,
        data_subjects=[
            {
                "id": s,
                "description": " ".join(
                    str(inventory.data_subjects.get(s, {}).get("description", s)).split()
                ),
            }
            for s in sorted(subjects)
        ],
        categories=sorted({c.category for c in columns}),
        purposes=[
            {
                "id": p,
                "description": " ".join(
                    str(inventory.purposes.get(p, {}).get("description", "")).split()
                ),
            }
            for p in sorted(purposes)
            if p in inventory.purposes
        ],
        recipients=recipients,
        records=records_total,
        records_basis=basis,
        unknown_tables=sorted(set(unknown)),
    )
