"""The objects a dbt model sees while it renders: relations, columns, ``adapter``, macros.

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
  only the warehouse knows the answer. ``run_query`` always does.
* :class:`MacroLibrary` holds every macro of the project's ``macro-paths`` and of the
  installed packages, compiled lazily in the sandbox, one scope per package so a package's
  unqualified calls find its own macros first, as in dbt. ``{{ return(x) }}`` works.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from tutela.errors import InputError
from tutela.sql.dbt_crossdb import dispatch_prefixes, macros_for, type_name
from tutela.sql.jinja_placeholder import Placeholder

_MACRO_DEF = re.compile(r"\{%-?\s*macro\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(")
# dbt's own block tags, which plain Jinja does not know: generic tests are macros named
# test_<name>; materializations, docs and snapshots never render inside a model.
_TEST_OPEN = re.compile(r"\{%(-?)\s*test\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(")
_TEST_CLOSE = re.compile(r"\{%(-?)\s*endtest\s*(-?)%\}")
_SKIPPED_BLOCKS = re.compile(
    r"\{%-?\s*(materialization|docs|snapshot)\b.*?\{%-?\s*end\1\s*-?%\}", re.S
)


_DBT_CONTEXT_NAMES = frozenset(
    {"run_query", "is_incremental", "statement", "load_result", "should_full_refresh", "ref"}
)


_PROBED = frozenset({"unsafe_callable", "alters_data", "jinja_pass_arg", "jinja_async_variant"})


# A date spine asks the warehouse how many periods lie between two dates (`run_query`).
# That number sets how many rows the spine generates and never which tables or columns a
# model reads (the bounds are in the spine's SQL), so tutela answers what dbt_utils itself
# answers when the query returns nothing: 1.
_SPINE_LENGTH = frozenset({"get_intervals_between", "default__get_intervals_between"})


def _spine_length(*args: Any, **kwargs: Any) -> int:
    return 1


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
        return self.dtype

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
        return [Column(n) for n in names]

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


class Namespace:
    """``dbt_utils`` or ``my_project`` in a model: the macros of one package."""

    def __init__(self, library: MacroLibrary, package: str) -> None:
        self._library = library
        self._package = package

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in _PROBED:
            raise AttributeError(name)
        found = self._library.get(self._package, name)
        if found is None:
            return Placeholder(name=name, parts=(self._package, name))
        return found

    def __str__(self) -> str:
        return Placeholder(name=self._package).__str__()


class _Scope(dict[str, Any]):
    """A package's names, then the project's: a dict for Jinja, read through to ``base``."""

    def __init__(self, own: dict[str, Any], base: dict[str, Any]) -> None:
        super().__init__(own)
        self.base = base

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self.base

    def __getitem__(self, key: str) -> Any:
        if dict.__contains__(self, key):
            return dict.__getitem__(self, key)
        return self.base[key]

    def get(self, key: str, default: Any = None) -> Any:
        if key in self:  # through to base: dict.get would not look there
            return self[key]
        return default


@dataclass
class Package:
    """A dbt project whose macros a model can call (the root project or an installed one)."""

    name: str
    root: Path
    macro_paths: list[str]
    vars: dict[str, Any] = field(default_factory=dict)
    files: dict[str, Path] = field(default_factory=dict)  # macro name -> file

    def index(self) -> None:
        for macro_path in self.macro_paths:
            base = self.root / macro_path
            if not base.is_dir():
                continue
            for file in sorted(base.rglob("*.sql")):
                try:
                    text = file.read_text(encoding="utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    continue
                text = _prepare(text)
                for name in _MACRO_DEF.findall(text):
                    self.files.setdefault(name, file)


def _prepare(text: str) -> str:
    """Dbt's block tags, as plain Jinja: tests become macros, the rest is dropped."""
    text = _SKIPPED_BLOCKS.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    text = _TEST_OPEN.sub(r"{%\1 macro test_\2(", text)
    return _TEST_CLOSE.sub(r"{%\1 endmacro \2%}", text)


class DbtMacro:
    """A macro from a project or package, callable from Jinja and Python (handles return)."""

    def __init__(self, macro: Any, package: str, name: str, file: Path) -> None:
        self._macro = macro
        self.package = package
        self.name = name
        self.file = file

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return self._macro(*args, **kwargs)
        except MacroReturn as returned:
            return returned.value


class BuiltinMacro:
    """One of dbt's cross-database macros, rendered for the target adapter."""

    def __init__(self, name: str, function: Callable[..., str]) -> None:
        self.name = name
        self._function = function

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return markupsafe.Markup(self._function(*args, **kwargs))  # noqa: S704 - SQL, not HTML


class MacroLibrary:
    """Every macro a model can call, by package; compiled on first use."""

    def __init__(
        self,
        env: jinja2.Environment,
        root: str,
        packages: dict[str, Package],
        dispatch: dict[str, list[str]],
        adapter_type: str,
    ) -> None:
        self.env = env
        self.root = root
        self.packages = packages
        self.dispatch = dispatch
        self.adapter_type = adapter_type
        self.base: dict[str, Any] = {}
        self.scopes: dict[str, _Scope] = {}
        self._modules: dict[Path, Any] = {}
        self._macros: dict[tuple[str, str], Any] = {}
        self._builtins = {
            name: BuiltinMacro(name, fn) for name, fn in macros_for(adapter_type).items()
        }

    def scope(self, package: str) -> dict[str, Any]:
        """The names a macro of ``package`` sees (the root project's scope is ``base``)."""
        if package == self.root or package not in self.packages:
            return self.base
        if package not in self.scopes:
            own: dict[str, Any] = {}
            self.scopes[package] = _Scope(own, self.base)
        return self.scopes[package]

    def get(self, package: str, name: str) -> Any:
        """The macro ``name`` of ``package`` (``dbt``: the built-in ones), or None."""
        key = (package, name)
        if key in self._macros:
            return self._macros[key]
        found: Any = None
        if name in _SPINE_LENGTH:
            found = _spine_length
        elif package == "dbt":
            found = self._dbt(name)
        elif package in self.packages:
            file = self.packages[package].files.get(name)
            if file is not None:
                module = self._module(package, file)
                macro = getattr(module, name, None)
                if macro is not None:
                    found = DbtMacro(macro, package, name, file)
        self._macros[key] = found
        return found

    def _dbt(self, name: str) -> Any:
        for prefix in ("default__", *(p for p in dispatch_prefixes(self.adapter_type))):
            if name.startswith(prefix) and name[len(prefix) :] in self._builtins:
                return self._builtins[name[len(prefix) :]]
        if name in self._builtins:
            # dbt.x dispatches: a project may override it with <adapter>__x / default__x.
            return _Dispatching(self, name)
        if name in _DBT_CONTEXT_NAMES:  # dbt.run_query, dbt.is_incremental...
            return self.base.get(name)
        if name == "get_columns_in_relation":
            return self.base["adapter"].get_columns_in_relation
        return None

    def _module(self, package: str, file: Path) -> Any:
        if file not in self._modules:
            text = _prepare(file.read_text(encoding="utf-8-sig"))
            try:
                # Named by its file, so a model's error line is never a macro file's line.
                code = self.env.compile(text, str(file), str(file))
                template = self.env.template_class.from_code(
                    self.env, code, self.env.make_globals(None)
                )
            except jinja2.TemplateSyntaxError as exc:
                raise InputError(
                    f"dbt macro file has a Jinja syntax error: {exc.message}",
                    str(file),
                    exc.lineno,
                ) from None
            self._modules[file] = template.make_module(self.scope(package), shared=True)
        return self._modules[file]

    def search_order(self, namespace: str | None) -> list[str]:
        """The packages ``adapter.dispatch`` searches, as dbt orders them."""
        if namespace is None:
            return [self.root, "dbt"]
        if namespace in self.dispatch:
            return self.dispatch[namespace]
        if namespace in self.packages and namespace != self.root:
            return [self.root, namespace]
        return [namespace]

    def unqualified(self, package: str) -> dict[str, Any]:
        """Macros callable without a namespace from ``package``: its own, then dbt's."""
        names: dict[str, Any] = {}
        for name in self._builtins:
            names[name] = self.get("dbt", name)
        if package in self.packages:
            for name in self.packages[package].files:
                names[name] = _Lazy(self, package, name)
        return names


class _Dispatching:
    """``dbt.dateadd(...)``: dispatch through the project first, then the built-in."""

    def __init__(self, library: MacroLibrary, name: str) -> None:
        self._library = library
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        for package in (self._library.root, "dbt"):
            for prefix in dispatch_prefixes(self._library.adapter_type):
                found = self._library.get(package, prefix + self.name)
                if found is not None:
                    return found(*args, **kwargs)
        return self._library._builtins[self.name](*args, **kwargs)


class _Lazy:
    """A macro looked up when first called (so that indexing a project compiles nothing)."""

    def __init__(self, library: MacroLibrary, package: str, name: str) -> None:
        self._library = library
        self._package = package
        self.name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        macro = self._library.get(self._package, self.name)
        if macro is None:
            return Placeholder(name=self.name)(*args, **kwargs)
        return macro(*args, **kwargs)


def api_namespace(adapter_type: str) -> Any:
    """``api.Relation`` and ``api.Column`` as macros use them."""

    class _Relation:
        @staticmethod
        def create(
            database: Any = None,
            schema: Any = None,
            identifier: Any = None,
            type: Any = None,
            **kwargs: Any,
        ) -> Relation:
            return Relation(_text(database), _text(schema), _text(identifier))

    class _Column:
        @staticmethod
        def create(name: Any, dtype: Any = "") -> Column:
            return Column(str(name), str(dtype))

        @staticmethod
        def translate_type(dtype: Any) -> str:
            kinds = {"string": "string", "text": "string", "timestamp": "timestamp"}
            kinds.update(float="float", integer="int", int="int", boolean="boolean")
            kind = kinds.get(str(dtype).lower())
            return type_name(kind, adapter_type) if kind else str(dtype)

        def __call__(self, name: Any, dtype: Any = "", *args: Any, **kwargs: Any) -> Column:
            return Column(str(name), str(dtype))

    class _Api:
        Relation = _Relation()
        Column = _Column()

    return _Api()
