"""The objects a dbt model sees while it renders: relations, columns, ``adapter``.

dbt renders a model with a context of functions and objects; tutela builds the same context
without a profile or a warehouse:

* :class:`Relation` is what ``ref()``, ``source()`` and ``this`` return: it prints as
  ``database.schema.identifier`` and has dbt's attributes (``.database``, ``.schema``,
  ``.identifier``, ``.include()``...), and it is a mapping with ``metadata.type``, which
  ``dbt_utils`` checks before it accepts a relation.
* :class:`Adapter` answers ``adapter.dispatch`` (``<adapter>__x``, then the parent adapters',
  then ``default__x``, searching the packages in the project's ``dispatch`` order) and the
  introspective calls. ``get_columns_in_relation`` and ``get_relation`` answer from the
  inventory's column lists (or through a model that only selects from a declared relation);
  for any other relation they return an :class:`Introspection` placeholder, which renders as
  an identifier in SQL but fails closed the moment a template iterates it or tests it, since
  only the warehouse knows the answer. ``run_query`` and ``load_result`` answer a
  :class:`QueryResult`: one row of data values.

The macros (:class:`~tutela.sql.dbt.macros.MacroLibrary`) are in :mod:`tutela.sql.dbt.macros`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import jinja2

from tutela.sql.dbt_crossdb import dispatch_prefixes
from tutela.sql.jinja_placeholder import DATA_PREFIX, DataValue, Placeholder, data_name


class MacroLibrary(Protocol):
    """What the adapter needs of :class:`tutela.sql.dbt.macros.MacroLibrary`.

    Typed here by shape, so this module never imports the one that imports it.
    """

    @property
    def packages(self) -> Mapping[str, Any]: ...

    def search_order(self, namespace: str | None) -> list[str]: ...

    def get(self, package: str, name: str) -> Any: ...


class MacroReturn(Exception):
    """``{{ return(value) }}``: ends the macro with ``value`` (dbt's semantics)."""

    def __init__(self, value: Any) -> None:
        super().__init__("return")
        self.value = value


class CompilerError(Exception):
    """``exceptions.raise_compiler_error()``, or a dbt construct tutela refuses."""


def do_return(value: Any = None) -> None:
    """The ``return()`` of dbt macros."""
    raise MacroReturn(value)


class Relation(Mapping[str, Any]):
    """A dbt relation (``ref``, ``source``, ``this``): prints as its dotted name."""

    def __init__(
        self,
        database: str | None,
        schema: str | None,
        identifier: str | None,
        *,
        kind: str = "table",
        model: str | None = None,
    ) -> None:
        self.database = database or None
        self.schema = schema or None
        self.identifier = identifier or None
        self.type = kind
        self.tutela_model = model

    # --- dbt's Relation API -------------------------------------------------------------
    @property
    def name(self) -> str | None:
        return self.identifier

    table = name

    @property
    def is_table(self) -> bool:
        return self.type == "table"

    @property
    def is_view(self) -> bool:
        return self.type == "view"

    is_cte = False
    is_materialized_view = False

    @property
    def path(self) -> dict[str, str | None]:
        return {"database": self.database, "schema": self.schema, "identifier": self.identifier}

    def include(
        self, database: bool = True, schema: bool = True, identifier: bool = True
    ) -> Relation:
        return Relation(
            self.database if database else None,
            self.schema if schema else None,
            self.identifier if identifier else None,
            kind=self.type,
            model=self.tutela_model,
        )

    def quote(self, *args: Any, **kwargs: Any) -> Relation:
        return self

    def incorporate(self, *args: Any, **kwargs: Any) -> Relation:
        return self

    def render(self) -> str:
        return str(self)

    def without_identifier(self) -> Relation:
        return self.include(identifier=False)

    # --- mapping (dbt relations are mappings; dbt_utils checks metadata.type) -------------
    def _as_dict(self) -> dict[str, Any]:
        return {
            **self.path,
            "path": self.path,
            "type": self.type,
            "metadata": {"type": "BaseRelation"},
        }

    def __getitem__(self, key: str) -> Any:
        return self._as_dict()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._as_dict())

    def __len__(self) -> int:
        return len(self._as_dict())

    def __str__(self) -> str:
        return ".".join(p for p in (self.database, self.schema, self.identifier) if p)

    __html__ = __str__

    def __repr__(self) -> str:
        return f"<Relation {self}>"

    def __eq__(self, other: object) -> bool:
        return str(self) == str(other) if isinstance(other, (Relation, str)) else False

    def __hash__(self) -> int:
        return hash(str(self))

    def __add__(self, other: Any) -> str:
        return str(self) + str(other)

    def __radd__(self, other: Any) -> str:
        return str(other) + str(self)


@dataclass
class Column:
    """A column as ``adapter.get_columns_in_relation`` returns it (dbt's ``Column``)."""

    column: str
    dtype: str = ""
    char_size: int | None = None
    numeric_precision: int | None = None
    numeric_scale: int | None = None

    @property
    def name(self) -> str:
        return self.column

    @property
    def data_type(self) -> str:
        """The warehouse type; the inventory lists names only, so an unknown type is ``varchar``.

        Macros such as ``dbt_utils.union_relations`` print ``cast(col as {{ col.data_type }})``:
        a type name keeps that SQL parseable and the column's flow intact (the same choice as an
        unknown macro in type position).
        """
        return self.dtype or "varchar"

    @property
    def quoted(self) -> str:
        return f'"{self.column}"'

    def is_string(self) -> bool:
        return self.dtype.lower().startswith(("varchar", "text", "string", "char"))

    def is_number(self) -> bool:
        return self.is_numeric() or self.is_integer() or self.is_float()

    def is_numeric(self) -> bool:
        return self.dtype.lower().startswith(("numeric", "decimal"))

    def is_integer(self) -> bool:
        return self.dtype.lower() in ("int", "integer", "bigint", "smallint", "int64")

    def is_float(self) -> bool:
        return self.dtype.lower().startswith(("float", "double", "real"))

    def string_size(self) -> int:
        return self.char_size or 256


class Introspection(Placeholder):
    """An answer only the warehouse has: prints as an identifier, fails closed on any use."""

    __slots__ = ()

    def __init__(self, expression: str) -> None:
        super().__init__(name="introspection", kind="introspection", expression=expression)


class QueryResult:
    """What ``run_query`` and ``load_result`` answer: one row whose every value is data.

    tutela never runs a model's queries. What they return is data (distinct values to pivot
    over, a first date, a count), so the answer is the shape dbt gives (an agate table, or
    ``load_result``'s ``{'data': ..., 'table': ...}``) holding one row of
    :class:`~tutela.sql.jinja_placeholder.DataValue`: printed, a value names where it came
    from (``tutela_data_<name>``) and shows up as an unknown column or table, never hiding
    one; compared or searched, it fails closed, as there the real values would decide which
    SQL runs. One row is what a date spine gets too (macros.py).

    >>> result = QueryResult("run_query()", "run_query")
    >>> [str(v) for v in result.columns[0].values()], result.rows[0][0], result["data"][0][0]
    (['tutela_data_run_query'], 'tutela_data_run_query', 'tutela_data_run_query')
    >>> result.columns["min_date"][0], result.rows[0]["min_date"]  # agate: by name too
    ('tutela_data_run_query', 'tutela_data_run_query')
    """

    def __init__(self, source: str, name: Any) -> None:
        self._value = DataValue(data_name(name), source)
        self.column_names = [self._value]

    @property
    def columns(self) -> _ByName:
        return _ByName([_QueryColumn(self._value)])

    @property
    def rows(self) -> list[_ByName]:
        return [_ByName([self._value])]

    @property
    def table(self) -> QueryResult:
        return self

    def __len__(self) -> int:
        return 1

    def __iter__(self) -> Iterator[list[Any]]:
        return iter(self.rows)

    def __getitem__(self, key: Any) -> Any:
        if key == "data":
            return self.rows
        if key == "table":
            return self
        if key == "response":
            return {"code": "SELECT", "rows_affected": 1}
        if isinstance(key, str):  # a column by name: data, like every value of the answer
            return self._value
        return self.rows[key]


class _ByName(list[Any]):
    """An agate row or column list: by position, or by a name (the one column answers)."""

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return list.__getitem__(self, 0)
        return list.__getitem__(self, key)


@dataclass
class _QueryColumn:
    """An agate column of a :class:`QueryResult`."""

    value: Any

    @property
    def name(self) -> Any:
        return self.value

    def values(self) -> list[Any]:
        return [self.value]

    def __getitem__(self, index: int) -> Any:
        return [self.value][index]

    def __len__(self) -> int:
        return 1

    def __iter__(self) -> Iterator[Any]:
        return iter([self.value])


def _call_text(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    shown = [str(a) if isinstance(a, Relation) else repr(a) for a in args]
    shown += [f"{k}={v}" if isinstance(v, Relation) else f"{k}={v!r}" for k, v in kwargs.items()]
    text = ", ".join(shown)
    return f"{name}({text if len(text) < 80 else text[:77] + '...'})"


class Columns:
    """Where introspection answers come from: the inventory, or a model over a declared table."""

    def __init__(self, lookup: Callable[[Relation | str], list[str] | None]) -> None:
        self.lookup = lookup


class Adapter:
    """``adapter`` in a model: dispatch, quoting, and introspection answered offline."""

    def __init__(self, adapter_type: str, library: MacroLibrary, columns: Columns) -> None:
        self._type = adapter_type
        self._library = library
        self._columns = columns

    def type(self) -> str:
        return self._type

    def dispatch(self, macro_name: Any, macro_namespace: Any = None, packages: Any = None) -> Any:
        name = str(macro_name)
        namespace = str(macro_namespace) if macro_namespace else None
        for package in self._library.search_order(namespace):
            for prefix in dispatch_prefixes(self._type):
                found = self._library.get(package, prefix + name)
                if found is not None:
                    return found
        # A namespace with no implementation (a package dispatching into the project that
        # calls it): the one installed package that implements it, if exactly one does.
        found_in = [
            package
            for package in self._library.packages
            if any(
                self._library.packages[package].files.get(prefix + name)
                for prefix in dispatch_prefixes(self._type)
            )
        ]
        if len(found_in) == 1:
            for prefix in dispatch_prefixes(self._type):
                found = self._library.get(found_in[0], prefix + name)
                if found is not None:
                    return found
        where = f"{namespace}." if namespace else ""
        return Placeholder(
            name=name,
            parts=(*(namespace.split(".") if namespace else ()), name),
            expression=f"{where}{name}",
        )

    def quote(self, identifier: Any) -> str:
        mark = "`" if self._type in ("bigquery", "spark", "databricks") else '"'
        return f"{mark}{identifier}{mark}"

    def quote_as_configured(self, identifier: Any, quote_key: Any = None) -> str:
        return str(identifier)

    def get_columns_in_relation(self, relation: Any) -> Any:
        names = self._columns.lookup(relation)
        if names is None:
            return Introspection(_call_text("adapter.get_columns_in_relation", (relation,), {}))
        # A column of a pivot over data values (tutela_data_...) is named by the data: its
        # name is a data value again, so a filter that compares it fails closed.
        source = f"the column names of {relation} (a pivot over data values)"
        return [Column(DataValue(n, source) if DATA_PREFIX in n else n) for n in names]

    def get_relation(self, database: Any = None, schema: Any = None, identifier: Any = None) -> Any:
        relation = Relation(_text(database), _text(schema), _text(identifier))
        if self._columns.lookup(relation) is None:
            return Introspection(
                _call_text(
                    "adapter.get_relation",
                    (),
                    {"database": database, "schema": schema, "identifier": identifier},
                )
            )
        return relation

    def get_missing_columns(self, from_relation: Any, to_relation: Any) -> Any:
        return Introspection(_call_text("adapter.get_missing_columns", (from_relation,), {}))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        # Any other adapter method asks the warehouse (list_relations, check_schema_exists...).
        return lambda *a, **k: Introspection(_call_text(f"adapter.{name}", a, k))


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, jinja2.Undefined):
        return None
    return str(value)
