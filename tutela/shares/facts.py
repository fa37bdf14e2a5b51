"""Manifest facts: what a data-sharing manifest says will leave the company (no judgement).

One fact per manifest (``kind: "manifest"``); the transfer, remisión, international and
share rule families judge it. A manifest's ``query`` is analysed by the same extractor as
warehouse SQL (:func:`tutela.sql.analyze_sql`), so the columns it sends carry the same
``transforms`` and ``value_preserving`` observations, its consent filters and exclusion-list
anti-joins are seen the same way, and every position is mapped back into the manifest file.

Every located entry carries ``line``/``col`` (1-based, in the manifest) and ``path`` (the
keys into the manifest YAML); top-level scalars are located through ``fields``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from tutela.inventory import Inventory, duration_days
from tutela.names import table_key
from tutela.shares.load import Manifest
from tutela.sql import Catalog, analyze_sql

__all__ = ["MANIFEST_FACTS_VERSION", "locate", "manifest_fact", "share_summary"]

MANIFEST_FACTS_VERSION = 1

# Top-level fact keys -> the manifest key that states them (for locating findings).
_FIELDS: dict[str, tuple[str | int, ...]] = {
    "id": ("id",),
    "status": ("status",),
    "recipient": ("recipient",),
    "purpose": ("purpose",),
    "recipient_purposes": ("recipient_purposes",),
    "own_use": ("own_use",),
    "legal_basis": ("legal_basis",),
    "notice": ("notice",),
    "columns": ("data",),
    "tables": ("data",),
    "query": ("data", "query"),
    "frequency": ("frequency",),
    "transport": ("transport",),
    "country": ("country",),
    "retention_days": ("retention", "period"),
    "source_retention_days": ("retention", "period"),
    "contract": ("contract",),
    "approvals": ("approvals",),
    "approved": ("status",),
}


def _at(manifest: Manifest, path: tuple[str | int, ...], *, key: bool = False) -> dict[str, Any]:
    mark = manifest.key_mark(path) if key else manifest.mark(path)
    line, col = mark or (1, 1)
    return {"line": line, "col": col, "path": list(path)}


# Optional keys a finding may be about while absent: point at the nearest key that is there.
_FALLBACK: dict[str, tuple[str | int, ...]] = {
    "recipient_purposes": ("purpose",),
    "own_use": ("recipient",),
    "notice": ("legal_basis",),
    "contract": ("recipient",),
    "approvals": ("status",),
}


def _field(manifest: Manifest, path: tuple[str | int, ...]) -> dict[str, Any]:
    if path not in manifest.doc.marks and path[0] in _FALLBACK:
        path = _FALLBACK[str(path[0])]
    return _at(manifest, path, key=path[-1] in ("data", "legal_basis", "transport", "contract"))


def _approved(data: Mapping[str, Any]) -> bool:
    """Status ``approved`` and at least one approval by the privacy office."""
    return data["status"] == "approved" and any(
        a.get("role") == "privacy_office" for a in data.get("approvals", [])
    )


def _column_info(inventory: Inventory, table: str, column: str) -> dict[str, Any]:
    dataset = inventory.table(table)
    info: dict[str, Any] = {"known": False, "category": None, "purposes": []}
    if dataset is None:
        return info
    for col in dataset["columns"]:
        if col["name"].lower() == column.lower():
            info = {"known": True, "category": col["category"]}
            for key in ("contact_type", "sensitive_kind"):
                if key in col:
                    info[key] = col[key]
            info["purposes"] = list(col.get("purposes") or dataset.get("purposes", []))
    return info


def _table_columns(manifest: Manifest, inventory: Inventory, destination: str | None) -> list[Any]:
    out: list[dict[str, Any]] = []
    for i, entry in enumerate(manifest.data["data"].get("tables", [])):
        dataset = inventory.table(entry["table"])
        table = table_key(dataset["table"] if dataset else entry["table"])
        for j, column in enumerate(entry["columns"]):
            out.append(
                {
                    "table": table,
                    "column": column.lower(),
                    **_column_info(inventory, table, column),
                    "output": column.lower(),
                    "sink": "egress",
                    "target": destination,
                    "transforms": [],
                    "value_preserving": True,
                    **_at(manifest, ("data", "tables", i, "columns", j)),
                }
            )
    return out


def _locate_sql(
    node: Any, offsets: tuple[int, int, str], sql_at: tuple[int, int], path: list[str | int]
) -> None:
    """Move SQL positions into the manifest and tag every located entry with the sql path.

    ``offsets`` is (lines, columns, exact) with ``exact`` one of ``all`` (every position maps),
    ``first`` (only the SQL's first line maps) or ``none``; positions that do not map point at
    the ``sql`` value (``sql_at``).
    """
    if isinstance(node, dict):
        line = node.get("line")
        if isinstance(line, int):
            node.setdefault("path", list(path))
            if offsets[2] == "all" or (offsets[2] == "first" and line == 1):
                node["line"] = line + offsets[0]
                if isinstance(node.get("col"), int):
                    node["col"] += offsets[1]
            else:
                node["line"], node["col"] = sql_at
        if isinstance(node.get("end_line"), int):
            node["end_line"] = node["end_line"] + offsets[0] if offsets[2] == "all" else sql_at[0]
        if isinstance(node.get("end_col"), int):
            node["end_col"] = node["end_col"] + offsets[1] if offsets[2] == "all" else sql_at[1]
        for key, value in node.items():
            if key != "path":
                _locate_sql(value, offsets, sql_at, path)
    elif isinstance(node, list):
        for item in node:
            _locate_sql(item, offsets, sql_at, path)


def _sql_position(manifest: Manifest) -> tuple[int, int, str]:
    """(lines, columns, exact) to add to SQL positions to land in the manifest.

    Positions map exactly for a literal block (``sql: |``). A quoted or plain value maps its
    first line only (YAML folds the lines after it), and a folded block (``>``) none: findings
    there point at the ``sql`` value itself.
    """
    line, col = manifest.mark(("data", "query", "sql")) or (1, 1)
    lines = manifest.text.splitlines()
    indicator = lines[line - 1][col - 1 : col] if 0 < line <= len(lines) else ""
    if indicator == "|":  # literal block: content starts on the next line, indented
        body = lines[line] if line < len(lines) else ""
        return line, len(body) - len(body.lstrip(" ")), "all"
    if indicator == ">":
        return 0, 0, "none"
    if indicator in ('"', "'"):
        return line - 1, col, "first"
    return line - 1, col - 1, "first"


def _query(
    manifest: Manifest, inventory: Inventory, catalog: Catalog, destination: str | None
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    spec = manifest.data["data"]["query"]
    offsets = _sql_position(manifest)
    statements = analyze_sql(
        spec["sql"],
        dialect=spec["dialect"].lower(),
        catalog=catalog,
        file=manifest.file,
        purpose=manifest.data["purpose"],
        purpose_source="manifest",
    )
    statements = [s for s in statements if s["operation"] != "empty"]
    sql_path: list[str | int] = ["data", "query", "sql"]
    where = _at(manifest, ("data", "query", "sql"))
    for statement in statements:
        _locate_sql(statement, offsets, (where["line"], where["col"]), sql_path)
    first = statements[0] if statements else None
    query: dict[str, Any] = {
        "dialect": spec["dialect"].lower(),
        "statements": len(statements),
        "operation": first["operation"] if first else "empty",
        "parsed": all(s["parsed"] for s in statements) and bool(statements),
        "error": next((s["error"] for s in statements if s["error"]), None),
        **where,
    }
    keys = ("reads", "consent_filters", "exclusion_checks", "time_filters", "unknown_tables")
    for key in (*keys, "unclassified", "stars"):
        query[key] = [item for s in statements for item in s.get(key, [])]
    columns: list[dict[str, Any]] = []
    for statement in statements:
        for exposure in statement["exposures"]:
            entry = dict(exposure)
            if isinstance(entry.get("table"), str) and isinstance(entry.get("column"), str):
                info = _column_info(inventory, entry["table"], entry["column"])
                entry["purposes"] = info["purposes"]
            entry["sink"] = "egress"
            entry["target"] = destination
            columns.append(entry)
    return query, columns


def _tables(
    manifest: Manifest, inventory: Inventory, columns: Sequence[Mapping[str, Any]], reads: Any
) -> list[dict[str, Any]]:
    """The inventory tables the share draws on (columns sent, plus tables a query reads)."""
    firsts: dict[str, Mapping[str, Any]] = {}
    for entry in [*columns, *(reads or [])]:
        table = entry.get("table")
        if isinstance(table, str):
            firsts.setdefault(table_key(table), entry)
    sent = {table_key(c["table"]) for c in columns if isinstance(c.get("table"), str)}
    out: list[dict[str, Any]] = []
    for name, entry in firsts.items():
        dataset = inventory.table(name)
        retention = (dataset or {}).get("retention")
        blocking = (dataset or {}).get("blocking")
        # How long the source keeps the data: retention, then bloqueo before suppression.
        keep = retention["period"]["days"] if retention else None
        if keep is not None and blocking:
            keep += blocking["period"]["days"]
        out.append(
            {
                "table": name,
                "known": dataset is not None,
                "shared": name in sent,
                "blocked": bool((dataset or {}).get("blocked", False)),
                "consent_columns": dict((dataset or {}).get("consent_columns") or {}),
                # recipient id -> the column recording that titular's acceptance (SHR012)
                "transfer_consent_columns": dict(
                    (dataset or {}).get("transfer_consent_columns") or {}
                ),
                "retention_days": keep,
                "personal": any(
                    c["category"] in Inventory.personal_categories
                    for c in (dataset or {}).get("columns", [])
                ),
                "line": entry.get("line", 1),
                "col": entry.get("col", 1),
                "path": list(entry.get("path", ["data"])),
            }
        )
    return out


def _contract(manifest: Manifest, recipient: Mapping[str, Any]) -> dict[str, Any] | None:
    if "contract" in manifest.data:
        contract = dict(manifest.data["contract"])
        contract.setdefault("clauses", [])
        return {**contract, "source": "manifest", **_at(manifest, ("contract",), key=True)}
    if recipient.get("contract"):
        contract = dict(recipient["contract"])
        contract.setdefault("clauses", [])
        return {**contract, "source": "inventory", **_at(manifest, ("recipient",))}
    return None


def manifest_fact(
    manifest: Manifest, inventory: Inventory, catalog: Catalog | None = None
) -> dict[str, Any]:
    """Return the fact of one validated manifest (a JSON-serialisable dict).

    Args:
        manifest: from :func:`tutela.shares.load.load_manifest`.
        inventory: the inventory the manifest was validated against.
        catalog: the inventory's tables for SQL analysis (built when omitted).
    """
    data = manifest.data
    catalog = catalog or Catalog.from_datasets(inventory.datasets)
    destinations = list(data["transport"]["destinations"])
    destination = destinations[0] if destinations else None
    recipient = copy.deepcopy(inventory.recipients[data["recipient"]])
    if "query" in data["data"]:
        query, columns = _query(manifest, inventory, catalog, destination)
    else:
        query, columns = None, _table_columns(manifest, inventory, destination)
    tables = _tables(manifest, inventory, columns, query["reads"] if query else None)
    # The source's period that binds the recipient: the shortest of the tables whose columns
    # are sent (tables read only to filter, such as exclusion lists, send nothing).
    known_retention = [
        t["retention_days"] for t in tables if t["shared"] and t["retention_days"] is not None
    ]
    end_line = manifest.text.count("\n") + (0 if manifest.text.endswith("\n") else 1)
    fact: dict[str, Any] = {
        "kind": "manifest",
        "version": MANIFEST_FACTS_VERSION,
        "file": manifest.file,
        "id": data["id"],
        "location": {"line": 1, "col": 1, "end_line": max(end_line, 1), "end_col": 1},
        "description": data["description"],
        "owner": data["owner"],
        "status": data["status"],
        "approved": _approved(data),
        "approvals": [
            {**a, **_at(manifest, ("approvals", i))} for i, a in enumerate(data["approvals"])
        ],
        "recipient": {**recipient, **_at(manifest, ("recipient",))},
        "purpose": data["purpose"],
        "purpose_details": copy.deepcopy(inventory.purposes[data["purpose"]]),
        "recipient_purposes": list(data["recipient_purposes"]),
        "own_use": data["own_use"],
        "legal_basis": {**data["legal_basis"], **_at(manifest, ("legal_basis",), key=True)},
        "notice": {**data["notice"], **_at(manifest, ("notice",), key=True)}
        if "notice" in data
        else None,
        "columns": columns,
        "tables": tables,
        "query": query,
        "frequency": data["frequency"],
        "transport": {**data["transport"], **_at(manifest, ("transport",), key=True)},
        "country": data["country"],
        "retention_days": duration_days(data["retention"]["period"]),
        "source_retention_days": min(known_retention) if known_retention else None,
        "contract": _contract(manifest, recipient),
        "fields": {name: _field(manifest, path) for name, path in _FIELDS.items()},
    }
    return fact


def locate(
    fact: Mapping[str, Any], path: Sequence[Any]
) -> tuple[int | None, int | None, tuple[str | int, ...]]:
    """Line, column and manifest key path for a finding's ``path`` into a manifest fact.

    The deepest located entry along ``path`` wins; otherwise the manifest key that states
    the top-level fact key (``fields``); otherwise the manifest's ``id``.

    Example:
        >>> fact = {"fields": {"country": {"line": 9, "col": 10, "path": ["country"]},
        ...                    "id": {"line": 2, "col": 5, "path": ["id"]}},
        ...         "columns": [{"line": 14, "col": 9, "path": ["data", "tables", 0]}]}
        >>> locate(fact, ["columns", 0, "category"])
        (14, 9, ('data', 'tables', 0))
        >>> locate(fact, ["country"])
        (9, 10, ('country',))
    """
    fields = fact.get("fields", {})
    best: Mapping[str, Any] | None = None
    node: Any = fact
    for depth, key in enumerate(path):
        if depth == 0 and isinstance(key, str) and key in fields:
            best = fields[key]
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, Mapping) and isinstance(node.get("line"), int):
            best = node
    if best is None:
        best = fields.get("id")
    if best is None:
        return None, None, ()
    return best.get("line"), best.get("col"), tuple(best.get("path", ()))


def share_summary(manifest: Manifest) -> dict[str, Any]:
    """What ``tutela lint`` tells the SQL rules about a manifest (``data.tutela.config.shares``).

    Example shape: ``{"id": "bpo_diario", "recipient": "bpo_cobranza",
    "destinations": ["@stage"], "approved": True, "purpose": "cobranza"}``.
    """
    data = manifest.data
    return {
        "id": data["id"],
        "recipient": data["recipient"],
        "destinations": list(data["transport"]["destinations"]),
        "approved": _approved(data),
        "purpose": data["purpose"],
    }
