"""The renderer's Jinja context: dbt's builtins, ``var``, YAML values rendered, ``graph``."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from typing import TYPE_CHECKING, Any

from tutela.sql.dbt.project import DbtProject
from tutela.sql.dbt.values import (
    _NO_DEFAULT,
    _RUN_STARTED_AT,
    _env_var,
    _flatten,
    _fromjson,
    _fromyaml,
    _LazyGraph,
    _Obj,
    _timezone,
)

if TYPE_CHECKING:
    from tutela.sql.dbt.macros import MacroLibrary


class _ContextMixin:
    """Part of the renderer: the context every model and macro sees."""

    project: DbtProject
    library: MacroLibrary
    adapter: Any
    env: Any
    _templates: dict[tuple[str, bool], Any]

    if TYPE_CHECKING:

        def _ref(self, *args: Any, **kwargs: Any) -> Any: ...
        def _source(self, source_name: Any, table_name: Any) -> Any: ...
        def _run_query(self, sql: Any = "", *args: Any, **kwargs: Any) -> Any: ...
        def _load_relation(self, relation: Any) -> Any: ...
        def _statement(self, name: Any = None, fetch_result: Any = False, **kwargs: Any) -> str: ...
        def _load_result(self, name: Any) -> Any: ...

    def _builtins(self, api: Any) -> dict[str, Any]:
        from tutela.sql.dbt.relations import CompilerError, do_return

        def raise_compiler_error(message: Any = "", *args: Any) -> None:
            raise CompilerError(str(message))

        exceptions = _Obj(
            raise_compiler_error=raise_compiler_error,
            warn=lambda *a, **k: "",
            raise_not_implemented=raise_compiler_error,
            raise_fail_fast_error=raise_compiler_error,
            column_type_missing=raise_compiler_error,
        )
        return {
            "ref": self._ref,
            "source": self._source,
            "var": self._var_function(self.project.name),
            "env_var": _env_var,
            "is_incremental": lambda: False,
            "should_full_refresh": lambda: True,
            "execute": True,
            "flags": _Obj(
                WHICH="compile",
                FULL_REFRESH=False,
                STORE_FAILURES=False,
                WARN_ERROR=False,
                EMPTY=False,
            ),
            "adapter": self.adapter,
            "api": api,
            "exceptions": exceptions,
            "return": do_return,
            "log": lambda *a, **k: "",
            "print": lambda *a, **k: "",
            "run_query": self._run_query,
            "load_relation": self._load_relation,
            "statement": self._statement,
            "load_result": self._load_result,
            "tojson": lambda value, *a, **k: json.dumps(value, default=str),
            "fromjson": lambda text, default=None: _fromjson(text, default),
            "toyaml": lambda value, *a, **k: json.dumps(value, default=str),
            "fromyaml": lambda text, default=None: _fromyaml(text, default),
            "zip": lambda *a, **k: list(zip(*a, strict=False)),
            "set": lambda value, default=None: set(value) if value is not None else default,
            "set_strict": set,
            "local_md5": lambda text: hashlib.md5(
                str(text).encode(), usedforsecurity=False
            ).hexdigest(),
            "modules": _Obj(
                datetime=_dt,
                pytz=_Obj(timezone=_timezone, utc=_dt.UTC, UTC=_dt.UTC),
                re=re,
            ),
            "run_started_at": _RUN_STARTED_AT,
            "invocation_id": "00000000-0000-0000-0000-000000000000",
            "dbt_version": "1.8.0",
            "graph": _LazyGraph(self._graph),
            "doc": lambda *a: "",
        }

    def _finalize(self, value: Any) -> Any:
        from tutela.sql.jinja_placeholder import Placeholder

        if value is None:
            return ""  # `{{ none }}` renders as nothing, as in dbt
        if isinstance(value, Placeholder) and "inline if-expression" in str(
            value._undefined_hint or ""
        ):
            return ""  # `{{ x if cond }}` with a false condition prints nothing, as in dbt
        return value

    def _var_function(self, package: str) -> Any:
        from tutela.sql.jinja_placeholder import Placeholder

        project = self.project

        def var(name: Any, default: Any = _NO_DEFAULT) -> Any:
            key = str(name)
            root_vars = project.vars
            scoped = root_vars.get(package)
            own = project.packages[package].vars if package in project.packages else {}
            own_scoped = own.get(package)
            for layer in (scoped, root_vars, own_scoped, own):
                if isinstance(layer, dict) and key in layer and key not in project.packages:
                    return self._render_var(layer[key], package)
            if default is not _NO_DEFAULT:  # as in dbt, an explicit None is a default
                return default
            return Placeholder(name=key, kind="var", expression=f"var({key!r})")

        return var

    def _render_var(self, value: Any, package: str) -> Any:
        if isinstance(value, str) and ("{{" in value or "{%" in value):
            return self.render_value(value, package)
        return value

    def render_value(self, value: Any, package: str | None = None) -> Any:
        """A YAML value as dbt renders it (Jinja in dbt_project.yml, sources, vars)."""
        if not isinstance(value, str) or ("{{" not in value and "{%" not in value):
            return value
        scope = self.library.scope(package or self.project.name)
        whole = re.fullmatch(r"\s*\{\{(.*?)\}\}\s*", value, re.S)
        if whole and "}}" not in whole.group(1) and "{{" not in whole.group(1):
            try:
                expression = self._compiled(whole.group(1), expression=True)
                return expression(**_flatten(scope))
            except Exception:  # noqa: S110 - not an expression: render it as text
                pass
        return str(self._compiled(value).render(_flatten(scope))).strip()

    def _compiled(self, source: str, *, expression: bool = False) -> Any:
        """A YAML value's template, compiled once (projects repeat the same values a lot)."""
        key = (source, expression)
        if key not in self._templates:
            env = self.env
            compiled = env.compile_expression(source) if expression else env.from_string(source)
            self._templates[key] = compiled
        return self._templates[key]

    def _graph(self) -> dict[str, Any]:
        nodes: dict[str, Any] = {}
        for name, path in self.project.models.items():
            unique = f"model.{self.project.name}.{name}"
            try:
                rel = path.relative_to(self.project.root).as_posix()
            except ValueError:
                rel = str(path)
            nodes[unique] = {
                "unique_id": unique,
                "name": name,
                "resource_type": "model",
                "package_name": self.project.name,
                "original_file_path": rel,
                "path": rel,
                "config": {},
                "tags": [],
            }
        sources = {
            f"source.{self.project.name}.{s}.{t}": {
                "unique_id": f"source.{self.project.name}.{s}.{t}",
                "source_name": s,
                "name": t,
                "resource_type": "source",
                "package_name": self.project.name,
            }
            for s, t in self.project.raw_sources
        }
        return {"nodes": nodes, "sources": sources, "exposures": {}, "metrics": {}}
