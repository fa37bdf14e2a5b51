"""The validated inventory as one immutable object, with lookups and the Rego data view."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, ClassVar

from tutela.inventory.schema import CATEGORIES, PERSONAL_CATEGORIES, SCHEMA_VERSION
from tutela.names import table_key

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, eq=False)
class Inventory:
    """A validated, normalised inventory (build it with :func:`load_inventory`).

    ``data`` follows ``docs/inventory-spec.yaml`` with defaults filled in: ``arco``
    response and execution days, the domicile country, each channel's ``notice``, each
    column's ``rectifiable``, ``false`` for optional booleans, ``[]`` for the optional
    top-level lists; every duration is ``{"iso": "P5Y", "days": 1825}`` (plus
    ``"months": 60`` when it is whole years and months).

    Treat ``data`` and the records it returns as read-only.

    Example:
        >>> inv = Inventory("inv.yaml", "0" * 64, {"purposes": [{"id": "cobranza"}],
        ...     "datasets": [{"table": "dwh.crm.Clientes", "columns": [{"name": "RFC"}]}]})
        >>> inv.table("DWH.CRM.CLIENTES")["table"]
        'dwh.crm.Clientes'
        >>> inv.to_data()["tables"]["dwh.crm.clientes"]["columns_by_name"]["rfc"]
        {'name': 'RFC'}
    """

    file: str
    sha256: str
    data: dict[str, Any]
    marks: dict[PathKey, tuple[int, int]] | None = field(default=None, repr=False)
    key_marks: dict[PathKey, tuple[int, int]] | None = field(default=None, repr=False)
    # The YAML text, when the positions were not kept (a cache hit): parsed on first mark().
    source_text: str | None = field(default=None, repr=False)

    categories: ClassVar[tuple[str, ...]] = CATEGORIES
    personal_categories: ClassVar[tuple[str, ...]] = PERSONAL_CATEGORIES

    def _by_id(self, section: str) -> dict[str, dict[str, Any]]:
        return {item["id"]: item for item in self.data.get(section, [])}

    @cached_property
    def purposes(self) -> dict[str, dict[str, Any]]:
        """Purposes by id, in file order."""
        return self._by_id("purposes")

    @cached_property
    def recipients(self) -> dict[str, dict[str, Any]]:
        """Recipients by id, in file order."""
        return self._by_id("recipients")

    @cached_property
    def data_subjects(self) -> dict[str, dict[str, Any]]:
        """Data-subject categories by id, in file order."""
        return self._by_id("data_subjects")

    @cached_property
    def channels(self) -> dict[str, dict[str, Any]]:
        """Collection channels by id, in file order."""
        return self._by_id("channels")

    @property
    def datasets(self) -> list[dict[str, Any]]:
        """The datasets (tables), in file order."""
        datasets: list[dict[str, Any]] = self.data.get("datasets", [])
        return datasets

    @cached_property
    def _tables(self) -> dict[str, dict[str, Any]]:
        return {table_key(d["table"]): d for d in self.datasets}

    def table(self, name: str) -> dict[str, Any] | None:
        """Return the dataset named ``name``, ignoring case and quoting (see tutela.names)."""
        return self._tables.get(table_key(name))

    @cached_property
    def _positions(
        self,
    ) -> tuple[dict[PathKey, tuple[int, int]], dict[PathKey, tuple[int, int]]]:
        if self.marks is not None:
            return self.marks, self.key_marks or {}
        if self.source_text is not None:
            from tutela.yamlsafe import load_yaml  # positions: only when a message needs them

            doc = load_yaml(self.source_text, self.file)
            return doc.marks, doc.key_marks
        return {}, {}

    def mark(self, path: PathKey) -> tuple[int, int] | None:
        """(line, col), 1-based, of the value at ``path``, else of its nearest parent."""
        marks = self._positions[0]
        path = tuple(path)
        while True:
            if path in marks:
                return marks[path]
            if not path:
                return None
            path = path[:-1]

    def key_mark(self, path: PathKey) -> tuple[int, int] | None:
        """(line, col) of the key that holds ``path`` (falls back to :meth:`mark`)."""
        path = tuple(path)
        return self._positions[1].get(path) or self.mark(path)

    def to_data(self) -> dict[str, Any]:
        """The JSON-serialisable view that policies read as ``data.tutela.inventory``.

        It is ``data`` plus: for each dataset a lower-cased ``key`` and ``columns_by_name``
        (keyed by lower-cased column name); ``tables`` (datasets by ``key``);
        ``purposes_by_id``, ``recipients_by_id``, ``data_subjects_by_id``,
        ``channels_by_id``; ``categories``, ``personal_categories``, ``schema_version``,
        ``file`` and ``sha256``.
        """
        out = copy.deepcopy(self.data)
        tables: dict[str, Any] = {}
        for dataset in out.get("datasets", []):
            dataset["key"] = table_key(dataset["table"])
            dataset["columns_by_name"] = {c["name"].lower(): c for c in dataset["columns"]}
            tables[dataset["key"]] = dataset
        out["tables"] = tables
        for section in ("purposes", "recipients", "data_subjects", "channels"):
            out[f"{section}_by_id"] = {item["id"]: item for item in out.get(section, [])}
        out["categories"] = list(CATEGORIES)
        out["personal_categories"] = list(PERSONAL_CATEGORIES)
        out["schema_version"] = SCHEMA_VERSION
        out["file"] = self.file
        out["sha256"] = self.sha256
        return out

    # --- usage kinds (semantics) -------------------------------------------------------------
    def column_usage(self, table: str, column: str, purpose: str) -> tuple[str, ...]:
        """How ``purpose`` may use ``column`` of ``table``: the kinds, ``()`` when not at all.

        The column's own ``usage`` for the purpose wins; else, when the purpose may use the
        column (its ``purposes``, else its table's), the table's ``usage`` for it, else
        ``("raw",)``; a table's ``usage`` also lets the purpose use the columns that do not
        narrow their own ``purposes``. The same reading as PUR002 (policies/purpose).

        Example:
            >>> inv = Inventory("i.yaml", "0" * 64, {"datasets": [{"table": "crm.c",
            ...     "purposes": ["atencion"], "usage": {"analitica": ["aggregated"]},
            ...     "columns": [{"name": "tel", "usage": {"riesgo": ["pseudonymised"]}}]}]})
            >>> [inv.column_usage("crm.c", "tel", p) for p in ("atencion", "analitica", "riesgo")]
            [('raw',), ('aggregated',), ('pseudonymised',)]
        """
        dataset = self.table(table)
        if dataset is None:
            return ()
        col = next((c for c in dataset["columns"] if c["name"].lower() == column.lower()), None)
        if col is None:
            return ()
        own = col.get("usage") or {}
        if purpose in own:
            return tuple(own[purpose])
        narrowed = col.get("purposes")
        allowed = purpose in (narrowed if narrowed is not None else dataset.get("purposes", []))
        table_usage = dataset.get("usage") or {}
        if purpose in table_usage and (allowed or narrowed is None):
            return tuple(table_usage[purpose])
        return ("raw",) if allowed else ()

    def restricted_uses(self) -> list[dict[str, Any]]:
        """Every (purpose, table, column) whose use is limited to non-raw kinds, file order.

        A notice describes these as statistical or dissociated uses (``aggregated``) or as
        uses of pseudonymised / masked data: ``{purpose, table, column, usage}``.
        """
        out: list[dict[str, Any]] = []
        for dataset in self.datasets:
            purposes = [
                *(dataset.get("usage") or {}),
                *(p for c in dataset["columns"] for p in (c.get("usage") or {})),
            ]
            for col in dataset["columns"]:
                if col.get("category", "ninguna") == "ninguna":
                    continue
                for purpose in dict.fromkeys(purposes):
                    kinds = self.column_usage(dataset["table"], col["name"], purpose)
                    if kinds and "raw" not in kinds:
                        out.append(
                            {
                                "purpose": purpose,
                                "table": dataset["table"],
                                "column": col["name"],
                                "usage": list(kinds),
                            }
                        )
        return out

    # --- end usage kinds ---------------------------------------------------------------------
