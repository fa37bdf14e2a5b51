"""The inventory as the SQL layer sees it: tables, columns and their classification.

Table names in SQL may be partly qualified (``crm.clientes`` for the inventory's
``cc_dwh.crm.clientes``), more qualified than the inventory (``prod.crm.clientes`` for an
inventory ``crm.clientes`` that names no database), in another database of the same table
(``cc_dwh_dev.crm.clientes``, when the dataset lists ``databases: [cc_dwh_dev]`` or a glob
such as ``cc_dwh_pr_*``), quoted, or written in another case. :class:`Catalog` resolves a
name by its trailing parts, case-insensitively. Matching ignores case even for quoted
identifiers in dialects where quoting makes names case-sensitive: a false match yields
an extra finding, a missed match would hide one (fail closed).
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from tutela.names import table_key

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
    # (kind, contact columns) of each exclusion list the table is (REPEP and internal can
    # be one table); empty when it is none.
    exclusion_lists: tuple[tuple[str, tuple[str, ...]], ...] = ()
    consent_columns: dict[str, list[str]] = field(default_factory=dict)  # column -> purposes
    # column -> recipients whose transfer consent it records (inventory recipients'
    # `consent_columns`, spelled out on the dataset as `transfer_consent_columns`)
    recipient_consent: dict[str, list[str]] = field(default_factory=dict)
    timestamp: str | None = None
    purposes: tuple[str, ...] = ()
    # Other databases (names or globs, lower-cased) where the same table lives.
    databases: tuple[str, ...] = ()

    @property
    def exclusion_kind(self) -> str | None:
        """The first exclusion-list kind of the table, None when it is no list."""
        return self.exclusion_lists[0][0] if self.exclusion_lists else None

    @property
    def exclusion_kinds(self) -> list[str]:
        """Every exclusion-list kind of the table."""
        return [kind for kind, _ in self.exclusion_lists]

    @property
    def exclusion_columns(self) -> tuple[str, ...]:
        """The contact columns of all its lists, in order, once each."""
        return tuple(dict.fromkeys(c for _, columns in self.exclusion_lists for c in columns))

    def kinds_for(self, columns: set[str]) -> list[str]:
        """The kinds whose contact columns include one of ``columns`` (all when empty)."""
        return [k for k, cols in self.exclusion_lists if not columns or columns & set(cols)]

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
        >>> cat = Catalog.from_datasets([{"table": "`my-proj-prod.crm.clientes`",
        ...     "databases": ["my-proj-dev", "my-proj-pr-*"], "columns": []}])
        >>> cat.resolve(["my-proj-pr-42", "crm", "clientes"]).key
        'my-proj-prod.crm.clientes'
    """

    def __init__(self, tables: Iterable[TableInfo]) -> None:
        self.tables: dict[str, TableInfo] = {t.key: t for t in tables}
        self._by_alias = {t.alias: t for t in self.tables.values()}
        self._suffix: dict[tuple[str, ...], list[str]] = {}
        # (schema, table) -> tables that list other databases, for name-or-glob matching
        self._elsewhere: dict[tuple[str, ...], list[TableInfo]] = {}
        for key, info in self.tables.items():
            parts = tuple(key.split("."))
            for n in range(1, len(parts) + 1):
                self._suffix.setdefault(parts[-n:], []).append(key)
            if info.databases and len(parts) >= 3:
                self._elsewhere.setdefault(parts[-2:], []).append(info)
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
            transfer: dict[str, list[str]] = {}
            for recipient, column in sorted((ds.get("transfer_consent_columns") or {}).items()):
                transfer.setdefault(str(column).lower(), []).append(recipient)
            lists = ds.get("exclusion_lists") or (
                [ds["exclusion_list"]] if ds.get("exclusion_list") else []
            )
            tables.append(
                TableInfo(
                    key=table_key(str(ds["table"])),
                    alias=f"tutela_t{index}",
                    columns=columns,
                    blocked=bool(ds.get("blocked", False)),
                    exclusion_lists=tuple(
                        (
                            str(x["kind"]),
                            tuple(str(c).lower() for c in x.get("contact_columns", [])),
                        )
                        for x in lists
                    ),
                    consent_columns=consent,
                    recipient_consent=transfer,
                    timestamp=str(ds["timestamp"]).lower() if ds.get("timestamp") else None,
                    purposes=tuple(ds.get("purposes") or ()),
                    databases=tuple(_unquote(str(d)) for d in ds.get("databases") or ()),
                )
            )
        return cls(tables)

    @classmethod
    def empty(cls) -> Catalog:
        """A catalog with no tables (every table is unknown)."""
        return cls([])

    def resolve(self, parts: list[str]) -> TableInfo | None:
        """Find the table named by ``parts`` (catalog, schema, table; any trailing subset)."""
        hits = self._hits(parts)
        return self.tables[hits[0]] if len(hits) == 1 else None

    def ambiguous(self, parts: list[str]) -> list[str]:
        """Inventory tables that ``parts`` could mean, when more than one."""
        hits = self._hits(parts)
        return sorted(hits) if len(hits) > 1 else []

    def _hits(self, parts: list[str]) -> list[str]:
        """Inventory keys a SQL name may mean, most specific match first.

        1. the name is the inventory name or a trailing part of it (``crm.clientes``);
        2. the name's database is one the table lists under ``databases`` (name or glob);
        3. the inventory name is a trailing part of the name (the inventory names no
           database, or no server, and the SQL does).
        """
        key = tuple(p.lower() for p in parts if p)
        if not key:
            return []
        hits = self._suffix.get(key, [])
        if hits:
            return hits
        if len(key) >= 3:
            database, tail = key[-3], key[-2:]
            found = [
                info.key
                for info in self._elsewhere.get(tail, [])
                if info.key.split(".")[:-2] == [*key[:-3], database]
                or any(fnmatch.fnmatchcase(database, pattern) for pattern in info.databases)
            ]
            if found:
                return found
        for n in range(len(key) - 1, 1, -1):
            found = [k for k in self._suffix.get(key[-n:], []) if k.count(".") + 1 == n]
            if found:
                return found
        return []

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


def _unquote(name: str) -> str:
    """A database name or glob, lower-cased, without the quotes around it."""
    if len(name) > 1 and (name[0], name[-1]) in (('"', '"'), ("`", "`")):
        name = name[1:-1]
    return name.lower()
