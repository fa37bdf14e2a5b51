"""Column provenance over sqlglot scopes: which base-table columns reach which outputs.

One scope walk per statement (``build_scope``) after ``qualify``; no ``sqlglot.lineage``
(50 statements/s, too slow for pre-commit). For every output column of a scope we keep
the *flows*: the base table column it comes from and the chain of transforms (function
names, outermost last) applied on the way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from tutela.sql.catalog import Catalog
from tutela.sql.flow import Flow, read_tag, table_name
from tutela.sql.transforms import transform_name, value_columns

_UDTF_NAMES = {exp.Unnest: "unnest", exp.Explode: "explode", exp.Lateral: "lateral"}


class Lineage:
    """Memoised provenance for the scopes of one statement.

    Example (a table the catalog does not know keeps its written name):
        >>> import sqlglot
        >>> from sqlglot.optimizer.scope import build_scope
        >>> tree = sqlglot.parse_one("select upper(c.nombre) as n\\nfrom crm.clientes as c")
        >>> [(name, [(f.table, f.column, f.transforms) for f in flows])
        ...  for name, flows in Lineage(Catalog.from_datasets([])).outputs(build_scope(tree))]
        [('n', [('crm.clientes', 'nombre', ('upper',))])]
    """

    def __init__(
        self, catalog: Catalog, ctes: set[str] | None = None, starred: set[int] | None = None
    ) -> None:
        self.catalog = catalog
        # id() of the SELECTs that had a `*` before qualify expanded it.
        self.starred = starred or set()
        # CTE names: a bare table reference to one inside its own body is a recursive
        # reference (T-SQL and others write recursive CTEs without RECURSIVE).
        self.ctes = ctes or set()
        self._outputs: dict[int, list[tuple[str, list[Flow]]]] = {}
        self._busy: set[int] = set()
        # id(scope) -> its base tables: a CTE read by several CTEs is walked once, not once
        # per path (dbt's inlined ephemeral models nest CTE graphs that are exponential).
        self._bases: dict[int, list[tuple[str | None, bool, exp.Table]]] = {}

    # -- base tables ---------------------------------------------------------------------
    def base_table(self, table: exp.Table) -> tuple[str | None, bool]:
        """Return (inventory key or written name, known) for a Table source."""
        info = self.catalog.by_alias(table.name)
        if info is not None:
            return info.key, True
        return table_name(table) or None, False

    # -- outputs of a scope ----------------------------------------------------------------
    def outputs(self, scope: Scope) -> list[tuple[str, list[Flow]]]:
        """Output columns of ``scope`` (name, flows), in projection order."""
        key = id(scope)
        if key in self._outputs:
            return self._outputs[key]
        if key in self._busy:  # recursive CTE: the recursive branch adds nothing new
            return []
        self._busy.add(key)
        try:
            result = self._compute_outputs(scope)
        finally:
            self._busy.discard(key)
        self._outputs[key] = result
        return result

    def _compute_outputs(self, scope: Scope) -> list[tuple[str, list[Flow]]]:
        expression = scope.expression
        if isinstance(expression, exp.SetOperation):
            branches = [self.outputs(s) for s in scope.set_operation_scopes]
            if isinstance(expression, exp.Except):
                branches = branches[:1]  # EXCEPT removes the right branch's rows
            if not branches:
                return []
            merged: list[tuple[str, list[Flow]]] = []
            for index, (name, flows) in enumerate(branches[0]):
                combined = list(flows)
                for other in branches[1:]:
                    if index < len(other):
                        combined.extend(other[index][1])
                merged.append((name, combined))
            return merged
        if scope.is_udtf:
            inner = expression.this if isinstance(expression, exp.Lateral) else None
            if isinstance(inner, exp.Subquery):  # LATERAL (SELECT ...) / APPLY: a derived table
                for source in scope.sources.values():
                    if isinstance(source, Scope) and source.expression is inner.this:
                        return self.outputs(source)
            flows = self.udtf_flows(scope)
            names = _udtf_column_names(expression)
            return [(n, flows) for n in names] if names else [("*", flows)]
        if not isinstance(expression, exp.Select):
            return []
        result = []
        for projection in expression.expressions:
            name = projection.alias_or_name
            result.append((name.lower(), self.flows_of(projection, scope)))
        return result

    def udtf_flows(self, scope: Scope) -> list[Flow]:
        """Everything an UNNEST / FLATTEN / LATERAL VIEW explodes flows to its columns."""
        expression = scope.expression
        label = "unnest"
        for cls, name in _UDTF_NAMES.items():
            if expression.find(cls) is not None:
                label = name
                break
        inner = expression.this if isinstance(expression, exp.Lateral) else expression
        flows = []
        for column in inner.find_all(exp.Column):
            for flow in self.resolve_column(column, scope.parent or scope):
                flows.append(_push(flow, (label,)))
        return flows

    # -- flows of an expression --------------------------------------------------------------
    def flows_of(self, node: exp.Expr, scope: Scope) -> list[Flow]:
        """The value flows of ``node`` evaluated in ``scope``."""
        out: list[Flow] = []
        for column, chain in value_columns(node):
            if isinstance(column, exp.TableColumn):
                star = exp.Column(this=exp.Star(), table=column.this.copy())
                star.parent = column.parent
                out.extend(_push(f, chain) for f in self._star_flows(star, scope))
                continue
            if isinstance(column, exp.Star):  # OBJECT_CONSTRUCT(*), HASH(*), TO_JSON(*)...
                star = exp.Column(this=exp.Star())
                star.parent = column.parent
                out.extend(_push(f, chain) for f in self._star_flows(star, scope))
                continue
            if isinstance(column, (exp.Subquery, exp.Select)):
                sub = self._subquery_scope(column, scope)
                if sub is not None:
                    for _, flows in self.outputs(sub)[:1]:
                        out.extend(_push(f, chain) for f in flows)
                continue
            if isinstance(column, exp.Column):
                flows = self._starred(column, scope, self.resolve_column(column, scope))
                out.extend(_push(flow, chain) for flow in flows)
        return out

    def _starred(self, column: exp.Column, scope: Scope, flows: list[Flow]) -> list[Flow]:
        """Mark whether a star chose the column (``via_star``), for the minimisation rule.

        A column qualify expanded from a ``*`` of this SELECT is chosen by the star when it
        comes from a base table, and as chosen as it was below when it comes from a derived
        table; a column named here was chosen, whatever a star did below.
        """
        if id(scope.expression) in self.starred and _expanded(column):
            source = _lookup(scope, column.table) if column.table else None
            if isinstance(source, exp.Table):
                return [replace(f, via_star=True) for f in flows]
            return flows
        return [replace(f, via_star=False) if f.via_star else f for f in flows]

    def _subquery_scope(self, node: exp.Expr, scope: Scope) -> Scope | None:
        target = node.this if isinstance(node, exp.Subquery) else node
        for sub in scope.subquery_scopes:
            if sub.expression is target:
                return sub
        return None

    def resolve_column(self, column: exp.Column, scope: Scope) -> list[Flow]:
        """Base-table flows of one column reference in ``scope`` (through CTEs etc.)."""
        if isinstance(column.this, exp.Star):
            return self._star_flows(column, scope)
        name = column.name.lower()
        qualifier = column.table
        if not qualifier:
            whole_row = _lookup(scope, column.name)
            if whole_row is not None and not self._is_column_of(whole_row, name):
                # A table alias used as a value (row_to_json(k), TO_JSON_STRING(k)): every
                # column of that source leaves in it.
                return self._star_flows(
                    exp.Column(this=exp.Star(), table=column.this.copy()), scope
                )
        source: exp.Table | Scope | None = None
        if qualifier:
            source = _lookup(scope, qualifier)
        else:
            selected = list(scope.selected_sources.values()) if scope.selected_sources else []
            if len(scope.sources) == 1:
                source = next(iter(scope.sources.values()))
            elif len(selected) == 1:
                source = selected[0][1]
        if source is None and qualifier:
            pivoted = self._pivot_flows(column, scope, qualifier, name)
            if pivoted is not None:
                return pivoted
        if source is None and not qualifier:
            candidates = self._candidates(scope, name)
            if len(candidates) == 1:
                source = candidates[0]
            elif candidates:
                flows = [f for c in candidates for f in self._from_source(column, name, c, scope)]
                tables = tuple(sorted({f.table for f in flows if f.table}))
                return [replace(f, candidates=tables) for f in flows]
        if source is None:
            if qualifier and scope.parent is not None:
                return self.resolve_column(column, scope.parent)  # correlated reference
            return [Flow(None, name, False, (), column)]
        return self._from_source(column, name, source, scope)

    def _candidates(self, scope: Scope, name: str) -> list[exp.Table | Scope]:
        """The sources of ``scope`` an unqualified column ``name`` may come from.

        qualify attributes a column that only one inventory table has; what is left is a
        column that several inventory tables have, or that an unknown table may have.
        A known table without the column, or a derived table that does not output it, is
        no candidate.
        """
        found: list[exp.Table | Scope] = []
        for source in scope.sources.values():
            if isinstance(source, exp.Table):
                if self.is_cte_reference(source) or isinstance(source.this, exp.Func):
                    continue
                info = self.catalog.by_alias(source.name)
                if info is None or name in info.columns:
                    found.append(source)
            elif isinstance(source, Scope) and not source.is_udtf:
                outputs = {out for out, _ in self.outputs(source)}
                if name in outputs or "*" in outputs:
                    found.append(source)
        return found

    def _from_source(
        self, column: exp.Column, name: str, source: exp.Table | Scope, scope: Scope
    ) -> list[Flow]:
        """The flows of column ``name`` of one FROM source (a table or a derived scope)."""
        if isinstance(source, exp.Table):
            if self.is_cte_reference(source):
                return []  # the recursive branch repeats columns the anchor already gives
            function = source.this
            if isinstance(function, exp.Func) and not isinstance(function, exp.DynamicIdentifier):
                # A table function over columns (MySQL JSON_TABLE(c.tels, ...) AS j): its
                # columns carry what it reads, like UNNEST.
                label = transform_name(function)
                return [
                    _push(f, (label,))
                    for inner in function.find_all(exp.Column)
                    for f in self.resolve_column(inner, scope)
                ]
            key, known = self.base_table(source)
            return [Flow(key, name, known, (), column, read_tag(source))]
        expression = source.expression
        if source.is_udtf and not (
            isinstance(expression, exp.Lateral) and isinstance(expression.this, exp.Subquery)
        ):
            return [_push(f, ()) for f in self.udtf_flows(source)]
        outputs = self.outputs(source)
        flows = [f.at(column) for out, out_flows in outputs if out == name for f in out_flows]
        if not flows and any(out == "*" for out, _ in outputs):
            flows = [f.at(column) for _, out_flows in outputs for f in out_flows]
        return flows

    def _pivot_flows(
        self, column: exp.Column, scope: Scope, qualifier: str, name: str
    ) -> list[Flow] | None:
        """Columns of ``FROM x PIVOT (...) AS p`` / ``UNPIVOT``: traced to x's columns."""
        select = scope.expression
        if not isinstance(select, exp.Select):
            return None
        from_ = select.args.get("from_") or select.args.get("from")
        items = [from_.this] if isinstance(from_, exp.From) else []
        items += [j.this for j in select.args.get("joins") or []]
        for item in items:
            for pivot in item.args.get("pivots") or []:
                if pivot.alias.lower() != qualifier.lower() and item.alias_or_name.lower() != (
                    qualifier.lower()
                ):
                    continue
                inner = self._item_flows(item, scope)
                if name in inner:
                    return [f.at(column) for f in inner[name]]
                flows: list[Flow] = []
                if pivot.args.get("unpivot"):
                    # UNPIVOT (valor FOR campo IN (a, b)): the value column carries a and b.
                    values = {v.name.lower() for v in pivot.expressions}
                    if name in values:
                        for field in pivot.args.get("fields") or []:
                            for listed in field.expressions:
                                flows += inner.get(listed.name.lower(), [])
                    return [f.at(column) for f in flows]
                # PIVOT (SUM(x) FOR k IN (...)): every pivoted column carries the aggregate.
                for aggregate in pivot.expressions:
                    for leaf, chain in value_columns(aggregate):
                        if isinstance(leaf, exp.Column):
                            for f in inner.get(leaf.name.lower(), []):
                                flows.append(_push(f, chain).at(column))
                return flows
        return None

    def _item_flows(self, item: exp.Expr, scope: Scope) -> dict[str, list[Flow]]:
        """Output name -> flows of one FROM item (a derived table or a base table)."""
        for source in scope.sources.values():
            if (
                isinstance(source, Scope)
                and isinstance(item, exp.Subquery)
                and (source.expression is item.this)
            ):
                out: dict[str, list[Flow]] = {}
                for out_name, flows in self.outputs(source):
                    out.setdefault(out_name, []).extend(flows)
                return out
        if isinstance(item, exp.Table):
            key, known = self.base_table(item)
            info = self.catalog.by_alias(item.name)
            columns = info.columns if info is not None else {}
            return {c: [Flow(key, c, known, (), item, read_tag(item))] for c in columns}
        return {}

    def _is_column_of(self, source: exp.Table | Scope, name: str) -> bool:
        if isinstance(source, exp.Table):
            info = self.catalog.by_alias(source.name)
            return info is None or name in info.columns
        return any(out == name for out, _ in self.outputs(source))

    def _star_flows(self, column: exp.Column, scope: Scope) -> list[Flow]:
        qualifier = column.table
        sources = [_lookup(scope, qualifier)] if qualifier else list(scope.sources.values())
        flows: list[Flow] = []
        for source in sources:
            if isinstance(source, exp.Table):
                key, known = self.base_table(source)
                info = self.catalog.by_alias(source.name)
                if info is not None:
                    flows.extend(
                        Flow(key, c, True, (), column, read_tag(source), via_star=True)
                        for c in info.columns
                    )
                else:
                    flows.append(Flow(key, "*", known, (), column, read_tag(source)))
            elif isinstance(source, Scope):
                for _, out_flows in self.outputs(source):
                    flows.extend(f.at(column) for f in out_flows)
        return flows

    def is_cte_reference(self, table: exp.Table) -> bool:
        """Whether ``table`` names a CTE of the statement (not a base table)."""
        return not table.args.get("db") and table.name.lower() in self.ctes

    def base_tables(self, scope: Scope) -> Iterator[tuple[str | None, bool, exp.Table]]:
        """Every base table whose rows ``scope`` (or a scope it selects from) can return."""
        key = id(scope)
        if key not in self._bases:
            seen: set[int] = set()
            found = []
            for entry in self._base_tables(scope):  # each table occurrence once
                if id(entry[2]) not in seen:
                    seen.add(id(entry[2]))
                    found.append(entry)
            self._bases[key] = found
        return iter(self._bases[key])

    def _base_tables(self, scope: Scope) -> Iterator[tuple[str | None, bool, exp.Table]]:
        for source in scope.sources.values():
            if isinstance(source, exp.Table) and self.is_cte_reference(source):
                continue
            if isinstance(source, exp.Table):
                key, known = self.base_table(source)
                yield key, known, source
            elif isinstance(source, Scope):
                yield from self.base_tables(source)
        branches = scope.set_operation_scopes
        if isinstance(scope.expression, exp.Except):
            branches = branches[:1]  # EXCEPT's right branch removes rows, it gives none
        for sub in branches:
            yield from self.base_tables(sub)


def _lookup(scope: Scope, qualifier: str) -> exp.Table | Scope | None:
    source = scope.sources.get(qualifier)
    if source is None:
        lowered = qualifier.lower()
        for name, value in scope.sources.items():
            if name.lower() == lowered:
                return value
    return source


def _udtf_column_names(expression: exp.Expr) -> list[str]:
    alias = expression.args.get("alias")
    if isinstance(alias, exp.TableAlias):
        columns = [c.name.lower() for c in alias.columns]
        if columns:
            return columns
        if alias.name:
            return [alias.name.lower()]
    return []


def _push(flow: Flow, chain: tuple[str, ...]) -> Flow:
    return replace(flow, transforms=flow.transforms + chain)


def _expanded(projection: exp.Expr) -> bool:
    """Whether qualify wrote this projection while expanding a ``*`` (it has no position)."""
    if not isinstance(projection, exp.Column) or not isinstance(projection.this, exp.Identifier):
        return False
    meta = projection.this._meta
    return not (meta and "start" in meta)
