"""The renderer's introspection, answered from the inventory: a relation's columns."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutela.errors import InputError
from tutela.sql.dbt.project import DbtProject, _unquote
from tutela.textfile import read_str

if TYPE_CHECKING:
    from tutela.sql.catalog import Catalog
    from tutela.sql.dbt.lines import RenderedModel


def _arg(tree: Any, name: str) -> Any:
    """A sqlglot node's argument (``from``/``with`` are ``from_``/``with_`` in newer sqlglot)."""
    return tree.args.get(name) or tree.args.get(name + "_")


class _IntrospectionMixin:
    """Part of the renderer: ``adapter.get_columns_in_relation`` and ``dbt_utils.star``."""

    project: DbtProject
    catalog: Catalog | None
    adapter_type: str
    depth: int
    _model_columns: dict[str, list[str] | None]
    _lineage: set[str]

    if TYPE_CHECKING:

        def relation(self, model: str) -> str: ...
        def render(self, path: Path, text: str) -> RenderedModel: ...

    def _columns_of(self, relation: Any) -> list[str] | None:
        """Columns of ``relation`` from the inventory, or via a model selecting from one."""
        text = str(relation)
        if not text or self.catalog is None:
            return None
        info = self.catalog.resolve([p for p in _unquote(text).split(".") if p])
        if info is not None:
            return list(info.columns)
        model = getattr(relation, "tutela_model", None)
        if model is None:
            model = next((m for m in self.project.models if self.relation(m) == text), None)
        if model not in self.project.models or model in self._lineage or self.depth >= 5:
            return None  # a model of no known file (another package's), or a cycle
        if model in self._model_columns:
            return self._model_columns[model]
        path = self.project.models[model]
        self._lineage.add(model)
        try:
            rendered = self.render(path, read_str(path))
        except InputError:
            self._model_columns[model] = None
            return None
        finally:
            self._lineage.discard(model)
        columns = self._select_columns(rendered.text)
        self._model_columns[model] = columns
        return columns

    def _select_columns(self, sql: str) -> list[str] | None:
        """The output columns of a query whose every column is named (or a known ``*``)."""
        import sqlglot
        from sqlglot import exp

        from tutela.sql.dialects import sqlglot_name

        try:
            tree = sqlglot.parse_one(sql, read=sqlglot_name(self._dialect_name()))
        except Exception:
            return None
        ctes = {}
        with_ = _arg(tree, "with") if isinstance(tree, exp.Expression) else None
        if with_ is not None:
            ctes = {cte.alias_or_name.lower(): cte.this for cte in with_.expressions}
        return self._output_columns(tree, ctes, 0)

    def _output_columns(self, tree: Any, ctes: dict[str, Any], depth: int) -> list[str] | None:
        from sqlglot import exp

        if depth > 20:
            return None
        if isinstance(tree, exp.Subquery):
            tree = tree.this
        if isinstance(tree, exp.Union):
            return self._output_columns(tree.left, ctes, depth + 1)
        if not isinstance(tree, exp.Select):
            return None
        names: list[str] = []
        for projection in tree.expressions:
            star = isinstance(projection, exp.Star) or (
                isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star)
            )
            if not star:
                if not projection.alias_or_name:
                    return None
                names.append(projection.alias_or_name.lower())
                continue
            sources = [_arg(tree, "from"), *(tree.args.get("joins") or [])]
            sources = [x.this for x in sources if x is not None]
            qualifier = projection.table if isinstance(projection, exp.Column) else ""
            if qualifier:
                sources = [x for x in sources if x.alias_or_name.lower() == qualifier.lower()]
            if len(sources) != 1:
                return None  # `*` over a join: which table's columns is not worth guessing
            source = sources[0]
            if isinstance(source, exp.Table) and source.name.lower() in ctes and not source.db:
                inner = self._output_columns(ctes[source.name.lower()], ctes, depth + 1)
            elif isinstance(source, exp.Table):
                inner = self._columns_of(".".join(p.name for p in source.parts))
            elif isinstance(source, exp.Subquery):
                inner = self._output_columns(source.this, ctes, depth + 1)
            else:
                inner = None
            if inner is None:
                return None
            names += inner
        return names

    def _dialect_name(self) -> str:
        from tutela.sql.dbt_crossdb import _ADAPTERS

        return next((d for d, a in _ADAPTERS.items() if a == self.adapter_type), "ansi")
