"""Macros in the sandbox: the library of the project's and packages' macros, namespaces.

:class:`MacroLibrary` holds every macro of the project's ``macro-paths`` and of the
installed packages, compiled lazily in the sandbox, one scope per package so a package's
unqualified calls find its own macros first, as in dbt. ``{{ return(x) }}`` works.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from tutela.errors import InputError
from tutela.sql.dbt.relations import (
    Column,
    MacroReturn,
    Relation,
    _text,
)
from tutela.sql.dbt_crossdb import dispatch_prefixes, macros_for, type_name
from tutela.sql.jinja_placeholder import DataValue, Placeholder, data_name
from tutela.textfile import read_str

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


# dbt_utils.get_column_values reads a column's distinct values from the warehouse; models use
# them to pivot (`max(case when key = 'v' then value end) as v`). Printed, the values name the
# pivoted columns and never which table or column is read (both are in the SQL), so tutela
# answers one value that stands for all of them, `tutela_data_<column>`: every branch that
# reads the pivoted table renders. Compared or searched, a value would decide which SQL runs,
# and then it fails closed like any unknown (jinja_placeholder.DataValue). An empty answer
# would hide the pivot's read instead.
_COLUMN_VALUES = frozenset({"get_column_values", "default__get_column_values"})


def _column_values(table: Any = None, column: Any = None, *args: Any, **kwargs: Any) -> list[Any]:
    source = f"dbt_utils.get_column_values({table}, {column!r})"
    return [DataValue(data_name(column or "value"), source)]


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
                    text = read_str(file, what="macro file")
                except InputError:
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
        elif name in _COLUMN_VALUES:
            found = _column_values
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
            text = _prepare(read_str(file, what="macro file"))
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
