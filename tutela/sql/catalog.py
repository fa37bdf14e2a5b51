"""The inventory as the SQL layer sees it: tables, columns and their classification.

Table names in SQL may be partly qualified (``crm.clientes`` for the inventory's
``cc_dwh.crm.clientes``), quoted, or written in another case. :class:`Catalog`
resolves a name by its trailing parts, case-insensitively. Matching ignores case
even for quoted identifiers in dialects where quoting makes names case-sensitive:
a false match yields an extra finding, a missed match would hide one (fail closed).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

PERSONAL_EXEMPT = {"ninguna"}


@dataclass(frozen=True)
class ColumnInfo:
    """One inventory column."""

    name: str
    category: str
    contact_type: str | None = None
    sensitive_kind: str | None = None
    purposes: tuple[str, ...] | None = None  # narrower than the table's, when the inventory says


@dataclass
class TableInfo:
    """One inventory dataset, keyed by its lower-cased qualified name."""

    key: str
    alias: str  # synthetic identifier used while qualifying (tutela_t<n>)
    columns: dict[str, ColumnInfo]
    blocked: bool = False
    exclusion_kind: str | None = None
    exclusion_columns: tuple[str, ...] = ()
    consent_columns: dict[str, list[str]] = field(default_factory=dict)  # column -> purposes
    timestamp: str | None = None
    purposes: tuple[str, ...] = ()

    @property
    def personal(self) -> bool:
        """Whether any column holds personal data."""
        return any(c.category not in PERSONAL_EXEMPT for c in self.columns.values())


class Catalog:
    """Lookup of inventory tables by full or trailing name parts.

    Example:
        >>> cat = Catalog.from_datasets([{"table": "cc_dwh.crm.clientes",
        ...     "columns": [{"name": "curp", "category": "identificacion"}]}])
        >>> cat.resolve(["CRM", "Clientes"]).key
        'cc_dwh.crm.clientes'
        >>> cat.resolve(["otra"]) is None
        True
    """

    def __init__(self, tables: Iterable[TableInfo]) -> None:
        self.tables: dict[str, TableInfo] = {t.key: t for t in tables}
        self._by_alias = {t.alias: t for t in self.tables.values()}
        self._suffix: dict[tuple[str, ...], list[str]] = {}
        for key in self.tables:
            parts = tuple(key.split("."))
            for n in range(1, len(parts) + 1):
                self._suffix.setdefault(parts[-n:], []).append(key)
        # dialect -> sqlglot MappingSchema over every table (built on first use, per process)
        self._schemas: dict[str, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        """Pickle without the per-process schema cache (workers rebuild it)."""
        state = dict(self.__dict__)
        state["_schemas"] = {}
        return state

    @classmethod
    def from_datasets(cls, datasets: Iterable[Mapping[str, Any]]) -> Catalog:
        """Build from inventory ``datasets`` entries (validated dicts)."""
        tables = []
        for index, ds in enumerate(datasets):
            columns = {}
            for col in ds.get("columns", []):
                name = str(col["name"]).lower()
                columns[name] = ColumnInfo(
                    name=name,
                    category=str(col.get("category", "ninguna")),
                    contact_type=col.get("contact_type"),
                    sensitive_kind=col.get("sensitive_kind"),
                    purposes=tuple(col["purposes"]) if col.get("purposes") else None,
                )
            consent: dict[str, list[str]] = {}
            for purpose, column in sorted((ds.get("consent_columns") or {}).items()):
                consent.setdefault(str(column).lower(), []).append(purpose)
            excl = ds.get("exclusion_list") or {}
            tables.append(
                TableInfo(
                    key=str(ds["table"]).lower(),
                    alias=f"tutela_t{index}",
                    columns=columns,
                    blocked=bool(ds.get("blocked", False)),
                    exclusion_kind=excl.get("kind") if excl else None,
                    exclusion_columns=tuple(str(c).lower() for c in excl.get("contact_columns", []))
                    if excl
                    else (),
                    consent_columns=consent,
                    timestamp=str(ds["timestamp"]).lower() if ds.get("timestamp") else None,
                    purposes=tuple(ds.get("purposes") or ()),
                )
            )
        return cls(tables)

    @classmethod
    def empty(cls) -> Catalog:
        """A catalog with no tables (every table is unknown)."""
        return cls([])

    def resolve(self, parts: list[str]) -> TableInfo | None:
        """Find the table named by ``parts`` (catalog, schema, table; any trailing subset)."""
        key = tuple(p.lower() for p in parts if p)
        if not key:
            return None
        hits = self._suffix.get(key, [])
        if len(hits) == 1:
            return self.tables[hits[0]]
        return None

    def ambiguous(self, parts: list[str]) -> list[str]:
        """Inventory tables that ``parts`` could mean, when more than one."""
        hits = self._suffix.get(tuple(p.lower() for p in parts if p), [])
        return sorted(hits) if len(hits) > 1 else []

    def by_alias(self, alias: str) -> TableInfo | None:
        """The table behind a synthetic ``tutela_t<n>`` name (any case)."""
        return self._by_alias.get(alias.lower())

    def qualify_schema(self, name: str, dialect: Any) -> Any:
        """The sqlglot ``MappingSchema`` of :meth:`sqlglot_schema` for a dialect, built once.

        ``name`` keys the cache; ``dialect`` is sqlglot's dialect (a name or an instance; an
        instance spares sqlglot building one per lookup).

        Every table is in it: qualify only looks up the tables a query reads, and building
        the schema (about 0.1 ms per column) once per process instead of once per statement
        is a tenth of the analysis time.
        """
        schema = self._schemas.get(name)
        if schema is None:
            from sqlglot.schema import MappingSchema

            schema = MappingSchema(dict(self.sqlglot_schema()), dialect=dialect)
            self._schemas[name] = schema
        return schema

    def sqlglot_schema(self, keys: Iterable[str] | None = None) -> dict[str, dict[str, str]]:
        """The schema handed to sqlglot's qualify: synthetic table name -> columns.

        Args:
            keys: only these tables (inventory keys); all tables when None.
        """
        tables = self.tables.values() if keys is None else (self.tables[k] for k in keys)
        return {
            t.alias: {name: "VARCHAR" for name in t.columns} or {"__tutela_no_columns": "VARCHAR"}
            for t in tables
        }
