"""Load and validate an incident file against its schema and the inventory.

The steps mirror the inventory's and the manifests': safe YAML with positions → the Cerberus
schema (:mod:`tutela.breach.schema`) with the shared error machinery → cross-references
against the inventory (tables, columns, recipients, query and manifest files, dialects,
the order of the timestamps). Every problem is located at ``file:line:col`` and raised
together as one :class:`~tutela.errors.InputError` (exit 2).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutela.breach.schema import SCHEMA, SCHEMA_VERSION
from tutela.errors import InputError, Problem
from tutela.inventory import Inventory
from tutela.names import table_key
from tutela.validation import (
    PathKey,
    ProblemCollector,
    SchemaValidator,
    did_you_mean,
    run_schema,
    sort_problems,
    top_level_map,
)
from tutela.yamlsafe import YamlDoc, load_yaml

__all__ = ["Incident", "load_incident", "parse_instant"]


class _IncidentValidator(SchemaValidator):
    def _check_with_datetime(self, field: str, value: Any) -> None:
        if isinstance(value, str):
            try:
                parse_instant(value)
            except ValueError:
                self._error(field, f"{value!r} is not a real date and time")


def parse_instant(value: str) -> _dt.datetime:
    """Parse an ISO 8601 date-time with offset (``Z`` accepted).

    Example:
        >>> parse_instant("2026-11-25T08:30:00-06:00").isoformat()
        '2026-11-25T08:30:00-06:00'
    """
    parsed = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("no UTC offset")
    return parsed


@dataclass(frozen=True, eq=False)
class Incident:
    """A validated incident: its data, where each value is, and the files it names."""

    file: str
    data: dict[str, Any]
    doc: YamlDoc = field(repr=False)
    base_dir: Path = field(default_factory=Path)

    @property
    def id(self) -> str:
        """The incident's folio."""
        return str(self.data["id"])

    def when(self, key: str) -> _dt.datetime | None:
        """The instant stored under ``key`` (``detected_at``…), or None."""
        value = self.data.get(key)
        return parse_instant(value) if isinstance(value, str) else None

    def mark(self, path: PathKey) -> tuple[int, int] | None:
        """(line, col) of the value at ``path`` (nearest parent when absent)."""
        return self.doc.mark(path)


def _collector(doc: YamlDoc) -> ProblemCollector:
    return ProblemCollector(
        doc,
        SCHEMA,
        version_hint=f"this tutela reads incident files of version {SCHEMA_VERSION}",
    )


def _cross_references(
    data: dict[str, Any], inventory: Inventory, base: Path, out: ProblemCollector
) -> None:
    from tutela.sql.facts import DIALECTS

    involved = data.get("involved") or {}
    if not any(involved.get(k) for k in ("tables", "queries", "manifests", "destinations")):
        out.add(
            ("involved",),
            "names nothing: no tables, queries, manifests or destinations",
            hint="list at least one of `tables:`, `queries:`, `manifests:` or `destinations:`",
            at_key=True,
        )
    names = [d["table"] for d in inventory.datasets]
    for i, item in enumerate(involved.get("tables") or []):
        path: PathKey = ("involved", "tables", i, "table")
        ds = inventory.table(item["table"])
        if ds is None:
            out.add(
                path,
                f"unknown table {item['table']!r} (not a dataset of {inventory.file})",
                hint=did_you_mean(item["table"], names) or "add the table to the inventory",
            )
            continue
        known = {c["name"].lower(): c["name"] for c in ds["columns"]}
        for j, column in enumerate(item.get("columns") or []):
            if column.lower() not in known:
                out.add(
                    ("involved", "tables", i, "columns", j),
                    f"unknown column {column!r} (not a column of {ds['table']})",
                    hint=did_you_mean(column, list(known.values()))
                    or f"columns of {ds['table']}: {', '.join(known.values())}",
                )
    for i, query in enumerate(involved.get("queries") or []):
        path = ("involved", "queries", i)
        if ("file" in query) == ("sql" in query):
            out.add(
                path,
                "give either `file:` or `sql:`, not both and not neither",
                hint="`file: consultas/extraccion.sql` or `sql: SELECT ...`",
                at_key=True,
            )
        if "file" in query and not (base / query["file"]).is_file():
            out.add(
                (*path, "file"),
                f"query file {query['file']!r} not found",
                hint=("paths are relative to the incident file's folder"),
            )
        dialect = query.get("dialect")
        if dialect is not None and dialect.lower() not in DIALECTS:
            out.add(
                (*path, "dialect"),
                f"unknown SQL dialect {dialect!r}",
                hint=did_you_mean(dialect, list(DIALECTS)) or f"known: {', '.join(DIALECTS)}",
            )
    for i, manifest in enumerate(involved.get("manifests") or []):
        if not (base / manifest).is_file():
            out.add(
                ("involved", "manifests", i),
                f"manifest {manifest!r} not found",
                hint="paths are relative to the incident file's folder",
            )
    recipients = list(inventory.recipients)
    origin = (data.get("origin") or {}).get("recipient")
    if origin is not None and origin not in inventory.recipients:
        out.add(
            ("origin", "recipient"),
            f"unknown recipient {origin!r}",
            hint=did_you_mean(origin, recipients) or f"known recipients: {', '.join(recipients)}",
        )
    for i, sent in enumerate(data.get("notifications") or []):
        to = sent.get("to")
        if to != "titulares" and to not in inventory.recipients:
            out.add(
                ("notifications", i, "to"),
                f"unknown addressee {to!r}",
                hint="write `titulares` or a recipient id: "
                + (did_you_mean(to, recipients) or ", ".join(recipients)),
            )
    _timestamps(data, out)


def _timestamps(data: dict[str, Any], out: ProblemCollector) -> None:
    def instant(key: str) -> _dt.datetime | None:
        value = data.get(key)
        try:
            return parse_instant(value) if isinstance(value, str) else None
        except ValueError:
            return None

    occurred, detected, confirmed = (
        instant(k) for k in ("occurred_at", "detected_at", "confirmed_at")
    )
    if occurred and detected and detected < occurred:
        out.add(
            ("detected_at",),
            "is earlier than occurred_at",
            hint="an incident is detected when or after it happens; check the two dates",
        )
    if detected and confirmed and confirmed < detected:
        out.add(
            ("confirmed_at",),
            "is earlier than detected_at",
            hint="an incident is confirmed when or after it is detected",
        )


def load_incident(path: Path, inventory: Inventory) -> Incident:
    """Read, validate and cross-check the incident file at ``path``.

    Raises:
        InputError: the file cannot be read, or it fails the schema or a cross-reference
            (every problem listed, ``file:line:col``, with a hint).
        YAMLError: the YAML is malformed or unsafe.
    """
    file = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(
            "incident file not found", file, hint="pass the path of an incident YAML file"
        ) from None
    except UnicodeDecodeError as exc:
        raise InputError(
            f"incident file is not UTF-8 text (byte {exc.start})", file, hint="save it as UTF-8"
        ) from None
    except OSError as exc:
        raise InputError(f"cannot read incident file: {exc.strerror or exc}", file) from None
    doc = load_yaml(text, file)
    data = top_level_map(doc, InputError, "incident file", "docs/breach.md")
    out = _collector(doc)
    validator = _IncidentValidator(SCHEMA, allow_unknown=False)
    valid = run_schema(validator, data, out)
    base = path.parent
    if valid:
        data = validator.document
        _cross_references(data, inventory, base, out)
    if out.problems:
        problems: list[Problem] = sort_problems(out.problems)
        count = len(problems)
        raise InputError(
            f"incident file has {count} problem{'s' if count != 1 else ''}",
            file,
            problems=problems,
            hint="the keys are documented in docs/breach.md",
        )
    for item in data.get("involved", {}).get("tables") or []:
        item["key"] = table_key(item["table"])
    return Incident(file=file, data=data, doc=doc, base_dir=base)
