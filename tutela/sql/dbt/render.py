"""Render a dbt model to plain SQL: the sandbox, the renderer, ``ref``/``source``, entry points."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutela.errors import InputError
from tutela.sql.dbt.config import _ConfigMixin
from tutela.sql.dbt.context import _ContextMixin
from tutela.sql.dbt.errors import _decides_error, _relative_to_cwd, _template_line
from tutela.sql.dbt.introspect import _IntrospectionMixin
from tutela.sql.dbt.lines import (
    RenderedModel,
    _align,
    _continuations,
    _drop_line_comments,
    _mark_lines,
    _tutela_continue,
    _tutela_type,
    _type_positions,
    _unmark,
)
from tutela.sql.dbt.project import DbtProject, ModelConfig, _unquote
from tutela.sql.dbt.values import _as_bool, _as_number, _ConfigFn, _target
from tutela.textfile import read_str

if TYPE_CHECKING:
    from tutela.sql.catalog import Catalog


def _sandbox_class() -> Any:
    from jinja2.sandbox import SandboxedEnvironment

    from tutela.sql.dbt.macros import Namespace
    from tutela.sql.jinja_placeholder import keep_data_in_loop_filters

    class DbtSandbox(SandboxedEnvironment):
        """The sandbox, letting ``dbt_utils._is_relation`` through: dbt macros may start with _.

        Every template it parses passes data values through loop filters
        (:func:`~tutela.sql.jinja_placeholder.keep_data_in_loop_filters`).
        """

        def _parse(self, source: str, name: str | None, filename: str | None) -> Any:
            return keep_data_in_loop_filters(super()._parse(source, name, filename))

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if isinstance(obj, Namespace) and not attr.startswith("__"):
                return True
            return bool(super().is_safe_attribute(obj, attr, value))

    return DbtSandbox


def _DbtSandbox(**kwargs: Any) -> Any:
    return _sandbox_class()(**kwargs)


class _Renderer(_ContextMixin, _ConfigMixin, _IntrospectionMixin):
    """One project rendered for one dialect and inventory: the Jinja context, macros, refs."""

    def __init__(self, project: DbtProject, dialect: str, catalog: Catalog | None) -> None:
        from tutela.sql.dbt.macros import MacroLibrary, Namespace, api_namespace
        from tutela.sql.dbt.relations import Adapter, Columns
        from tutela.sql.dbt_crossdb import adapter_type
        from tutela.sql.jinja_placeholder import install

        self.project = project
        self.catalog = catalog
        self.adapter_type = adapter_type(dialect)
        env = _DbtSandbox(
            keep_trailing_newline=True, extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"]
        )
        install(env)
        env.filters.update(
            as_bool=_as_bool, as_number=_as_number, as_text=str, as_native=lambda v: v
        )
        env.finalize = self._finalize
        self.env = env
        self.library = MacroLibrary(
            env, project.name, project.packages, project.dispatch, self.adapter_type
        )
        self.adapter = Adapter(self.adapter_type, self.library, Columns(self._columns_of))
        self._sources: dict[tuple[str, str], Any] = {}
        self._templates: dict[tuple[str, bool], Any] = {}
        self._model_columns: dict[str, list[str] | None] = {}  # a model's output columns
        self._inlined: dict[str, str] = {}  # an ephemeral model's inlined SQL
        self._configs: dict[Path, ModelConfig] = {}
        self._lineage: set[str] = set()
        self.depth = 0
        base = self.library.base
        base.update(env.globals)
        base.update(self.library.unqualified(project.name))
        for name in project.packages:
            base[name] = Namespace(self.library, name)
        base["dbt"] = Namespace(self.library, "dbt")
        base.update(self._builtins(api_namespace(self.adapter_type)))
        base["target"] = _target(None, self.adapter_type)
        for name in project.packages:
            if name != project.name:
                scope = self.library.scope(name)
                # `var` stays the model's: dbt scopes vars by the node being compiled.
                scope.update(self.library.unqualified(name))

    def _ref(self, *args: Any, **kwargs: Any) -> Any:
        from tutela.sql.dbt.relations import Relation

        model = str(args[-1]) if args else str(kwargs.get("name", ""))
        target = self.project.models.get(model)
        if target is not None and self.depth < 5:
            config = self.config_for(target)
            if config.materialized == "ephemeral":
                return self._inline(model, target)
        relation = self.relation(model)
        parts = relation.split(".")
        while len(parts) < 3:
            parts.insert(0, "")
        return Relation(parts[-3], parts[-2], parts[-1], model=model)

    def _inline(self, model: str, target: Path) -> str:
        if model in self._inlined:  # an ephemeral model renders the same wherever it is used
            return self._inlined[model]
        try:
            inner = read_str(target)
        except InputError:
            return self.relation(model)
        current = self.current_path
        shown = target if current is None or current.is_absolute() else _relative_to_cwd(target)
        try:
            rendered = self.render(shown, inner)
        except InputError as exc:
            if exc.file == str(shown):
                exc.message += f" (ephemeral model {model!r}, inlined into {current})"
            raise
        body = _drop_line_comments(rendered.text).strip().rstrip(";")
        self._inlined[model] = f"({' '.join(body.split())})"
        return self._inlined[model]

    def _source(self, source_name: Any, table_name: Any) -> Any:
        from tutela.sql.dbt.relations import Relation

        key = (str(source_name), str(table_name))
        if key not in self._sources:
            manifest = self.project.manifest.get(f"source:{key[0]}.{key[1]}")
            raw = self.project.raw_sources.get(key)
            if manifest:
                parts = manifest.split(".")
            elif raw is not None:
                parts = [_unquote(str(self.render_value(v) or "")).strip() for v in raw[:3]]
            else:
                parts = [key[0], key[1]]
            while len(parts) < 3:
                parts.insert(0, "")
            self._sources[key] = Relation(parts[-3], parts[-2], parts[-1], kind="source")
        return self._sources[key]

    def _run_query(self, sql: Any = "", *args: Any, **kwargs: Any) -> Any:
        from tutela.sql.dbt.relations import QueryResult

        return QueryResult("run_query()", "run_query")

    def _load_relation(self, relation: Any) -> Any:
        """``load_relation(r)``: ``r`` if the inventory declares it (dbt asks the warehouse)."""
        from tutela.sql.dbt.relations import Introspection

        if self._columns_of(relation) is None:
            return Introspection(f"load_relation({relation})")
        return relation

    def _statement(self, name: Any = None, fetch_result: Any = False, **kwargs: Any) -> str:
        # `{% call statement('x', fetch_result=True) %}...{% endcall %}` runs SQL in the
        # warehouse; tutela never does, and load_result('x') answers one row of data values.
        return ""

    def _load_result(self, name: Any) -> Any:
        from tutela.sql.dbt.relations import QueryResult

        return QueryResult(f"load_result({str(name)!r})", name)

    # --- rendering ------------------------------------------------------------------------
    current_path: Path | None = None

    @contextmanager
    def _model_context(
        self, path: Path, config: ModelConfig, captured: dict[str, Any]
    ) -> Iterator[None]:
        from tutela.sql.dbt.relations import Relation

        base = self.library.base
        keys = ("this", "config", "model", "target", "current_path")
        saved = {k: base.get(k) for k in keys}
        saved_path = self.current_path
        relation = self.relation(config.name).split(".")
        while len(relation) < 3:
            relation.insert(0, "")
        base["this"] = Relation(relation[-3], relation[-2], relation[-1], model=config.name)
        base["config"] = _ConfigFn(captured, config)
        base["model"] = {
            "name": config.name,
            "unique_id": f"model.{self.project.name}.{config.name}",
            "package_name": self.project.name,
            "config": captured,
            "original_file_path": str(path),
            "resource_type": "model",
        }
        base["target"] = _target(config, self.adapter_type)
        self.current_path = path
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            self.current_path = saved_path
            for key, value in saved.items():
                if value is None:
                    base.pop(key, None)
                else:
                    base[key] = value

    def render(self, path: Path, text: str) -> RenderedModel:
        """Render one model file to plain SQL (see the module docstring).

        Raises:
            InputError: on a Jinja syntax error or a model that cannot be rendered.
        """
        import jinja2

        config = self.config_for(path)
        relation = self.relation(config.name)
        compiled = self.project.compiled_for(path, text) if self.depth == 0 else None
        if compiled is not None:
            return RenderedModel(
                compiled,
                _align(text, compiled),
                config.purpose,
                relation,
                config.materialized or "view",
                config.enabled,
                compiled=True,
            )
        if not config.enabled:  # disabled in dbt_project.yml or schema.yml: never rendered
            return RenderedModel("", [], None, relation, "view", enabled=False)
        captured: dict[str, Any] = {}
        try:
            rendered = self._render_text(path, text, config, captured)
        except InputError:
            if "enabled" in captured and _as_bool(captured["enabled"]) is False:
                # `config(enabled=false)` came first: dbt never renders the rest either.
                return RenderedModel("", [], None, relation, "view", enabled=False)
            raise
        sql, line_map = _unmark(rendered)
        purpose = config.purpose
        meta = captured.get("meta")
        declared = meta.get("purpose") if isinstance(meta, dict) else None
        # An unknown purpose (a placeholder) stays its identifier: the purpose check rejects it.
        if isinstance(declared, jinja2.Undefined) or declared:
            purpose = str(declared)
        materialized = captured.get("materialized")
        if isinstance(materialized, jinja2.Undefined) or not materialized:
            materialized = config.materialized or "view"
        enabled: bool = config.enabled
        if "enabled" in captured and _as_bool(captured["enabled"]) is False:
            enabled = False
        return RenderedModel(sql, line_map, purpose, relation, str(materialized), enabled)

    def _render_text(
        self, path: Path, text: str, config: ModelConfig, captured: dict[str, Any]
    ) -> str:
        """The model's text rendered (with line marks); errors become located InputErrors."""
        import jinja2

        from tutela.sql.dbt.relations import CompilerError, MacroReturn
        from tutela.sql.jinja_placeholder import PlaceholderDecides

        marked = _mark_lines(_type_positions(text))
        try:
            with self._model_context(path, config, captured):
                rendered: str = self._compiled(marked).render(self.library.base)
                rendered = _continuations(rendered)
        except jinja2.TemplateSyntaxError as exc:
            raise InputError(
                f"dbt model has a Jinja syntax error: {exc.message}", str(path), exc.lineno, None
            ) from None
        except PlaceholderDecides as exc:
            raise _decides_error(exc, path) from None
        except CompilerError as exc:
            raise InputError(
                f"dbt model cannot be rendered: it raises a compiler error: {exc}",
                str(path),
                _template_line(exc),
            ) from None
        except MacroReturn:
            raise InputError(
                "dbt model cannot be rendered: return() outside a macro", str(path)
            ) from None
        except jinja2.TemplateError as exc:
            raise InputError(f"dbt model cannot be rendered: {exc}", str(path)) from None
        except InputError:
            raise
        except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
            # `{{ 1 / 0 }}`, `{{ x | tojson }}`: the model's error, not tutela's (exit 2, not 3).
            raise InputError(
                f"dbt model cannot be rendered: {type(exc).__name__}: {exc}",
                str(path),
                _template_line(exc),
            ) from None
        except (RecursionError, MemoryError):
            raise InputError(
                "dbt model cannot be rendered: template too deep or too large", str(path)
            ) from None
        return rendered


_RENDERERS: dict[tuple[int, str, int], _Renderer] = {}


def renderer(
    project: DbtProject, dialect: str = "ansi", catalog: Catalog | None = None
) -> _Renderer:
    """The renderer of ``project`` for ``dialect`` and ``catalog`` (one per process)."""
    key = (id(project), dialect, id(catalog))
    found = _RENDERERS.get(key)
    if found is None or found.project is not project or found.catalog is not catalog:
        if len(_RENDERERS) > 8:
            _RENDERERS.clear()
        found = _RENDERERS[key] = _Renderer(project, dialect, catalog)
        found.library.base["tutela_type"] = _tutela_type
        found.library.base["tutela_continue"] = _tutela_continue
    return found


def render_model(
    project: DbtProject,
    path: Path,
    text: str,
    *,
    dialect: str = "ansi",
    catalog: Catalog | None = None,
) -> RenderedModel:
    """Render one model file to plain SQL (see the module docstring).

    Raises:
        InputError: on a Jinja syntax error or a model that cannot be rendered (with the
            model's file and line).
    """
    return renderer(project, dialect, catalog).render(path, text)
