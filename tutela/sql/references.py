r"""References: every column a statement uses outside its outputs, and in which clause.

A reference is a column read in WHERE, JOIN, GROUP BY, HAVING, QUALIFY, ORDER BY, a window,
a CASE condition, a predicate subquery or a table function's input — used to decide, not
returned. (Columns that reach an output are exposures, :mod:`tutela.sql.exposures`.)

Example:
    >>> from tutela.sql import Catalog, analyze_sql
    >>> cat = Catalog.from_datasets([{"table": "crm.clientes", "columns": [
    ...     {"name": "nombre", "category": "identificacion"},
    ...     {"name": "curp", "category": "identificacion"}]}])
    >>> fact = analyze_sql("SELECT nombre FROM crm.clientes c\nWHERE c.curp IS NOT NULL",
    ...                    dialect="postgres", catalog=cat)[0]
    >>> [(r["column"], r["clause"], r["line"], r["col"]) for r in fact["references"]]
    [('nombre', 'projection', 1, 8), ('curp', 'where', 2, 7)]
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from tutela.sql.lineage import Lineage
from tutela.sql.state import Statement


def references(st: Statement, lineage: Lineage, root: Scope) -> None:
    """Record the references of every scope of a query (each column and clause once)."""
    for scope in root.traverse():
        _references(st, lineage, scope, root)


def _references(st: Statement, lineage: Lineage, scope: Scope, root: Scope) -> None:
    if _is_lateral_subquery(scope):
        return  # its subquery's own scope records these columns, in their clauses
    for column in scope.columns:
        if isinstance(column.this, exp.Star):
            continue
        if _in_nested_subquery(column, scope.expression):
            continue  # a correlated column of a LATERAL subquery: recorded in its scope
        clause = _clause_of(column, scope.expression)
        if (
            scope is not root
            and clause == "projection"
            and _in_predicate_subquery(scope)
            and not (scope.parent is not None and _is_lateral_subquery(scope.parent))
        ):
            clause = "subquery"
        for flow in lineage.resolve_column(column, scope):
            line, col = st.pos(column)
            key = (flow.table, flow.column, clause, line, col)
            if key in st.seen_refs:
                continue
            st.seen_refs.add(key)
            entry = st.column_info(flow.table, flow.column)
            entry.update({"clause": clause, "line": line, "col": col})
            if flow.candidates:
                entry["candidates"] = list(flow.candidates)
            parent = column.parent
            if isinstance(parent, exp.Is) and isinstance(parent.expression, exp.Null):
                entry["null_check"] = True
                negated = bool(parent.args.get("negate")) or isinstance(parent.parent, exp.Not)
                entry["null_test"] = "is_not_null" if negated else "is_null"
            st.fact["references"].append(entry)
            st.unclassified(flow, line, col)
    _order_by_aliases(st, lineage, scope)


def _order_by_aliases(st: Statement, lineage: Lineage, scope: Scope) -> None:
    """ORDER BY <projection alias>: qualify leaves it unqualified; follow the projection."""
    select = scope.expression
    order = select.args.get("order") if isinstance(select, exp.Select) else None
    if order is None:
        return
    projections = {p.alias_or_name.lower(): p for p in select.expressions}
    for column in order.find_all(exp.Column):
        if column.table or column.name.lower() not in projections:
            continue
        for flow in lineage.flows_of(projections[column.name.lower()], scope):
            line, col = st.pos(column)
            key = (flow.table, flow.column, "order_by", line, col)
            if key in st.seen_refs:
                continue
            st.seen_refs.add(key)
            entry = st.column_info(flow.table, flow.column)
            entry.update({"clause": "order_by", "line": line, "col": col})
            st.fact["references"].append(entry)


def _clause_of(column: exp.Expr, top: exp.Expr) -> str:
    """The clause a column sits in within its scope's expression."""
    node: exp.Expr = column
    inside_condition = False
    inside_window = False
    inside_order = False
    while node.parent is not None and node is not top:
        parent = node.parent
        key = node.arg_key
        if isinstance(parent, exp.If) and key == "this":
            inside_condition = True
        if isinstance(parent, exp.Window) and key in ("partition_by", "order"):
            inside_window = True
        if isinstance(parent, exp.Order) and key == "expressions":
            inside_order = True
        if isinstance(parent, exp.Filter) and key == "expression":
            inside_condition = True
        if isinstance(parent, (exp.Lateral, exp.Unnest, exp.TableFromRows)):
            return "lateral"
        if isinstance(parent, exp.Table) and key == "this" and isinstance(node, exp.Func):
            return "lateral"  # JSON_TABLE(col, ...) AS j and other table functions
        if isinstance(parent, exp.Join) and key in ("on", "using"):
            return "join"
        if parent is top:
            mapping = {
                "where": "where",
                "joins": "join",
                "group": "group_by",
                "having": "having",
                "qualify": "qualify",
                "order": "order_by",
                "expressions": "projection",
                "distinct": "projection",
                "laterals": "lateral",
                "from_": "from",
                "from": "from",
            }
            clause = mapping.get(key or "", "other")
            if clause == "other" and isinstance(
                top, (exp.Table, exp.Lateral, exp.Unnest, exp.TableFromRows)
            ):
                clause = "lateral"  # TABLE(FLATTEN(input => col)): the input of a table function
            if clause == "projection":
                if inside_condition:
                    return "case_condition"
                if inside_window:
                    return "window"
                if inside_order:
                    return "order_by"
            return clause
        node = parent
    return "other"


def _in_predicate_subquery(scope: Scope) -> bool:
    """A subquery scope, or a branch of a set operation that is one (IN (a UNION b))."""
    while scope is not None:
        if scope.is_subquery:
            return True
        if scope.parent is not None and any(
            branch is scope for branch in scope.parent.set_operation_scopes
        ):
            scope = scope.parent
            continue
        return False
    return False


def _in_nested_subquery(node: exp.Expr, top: exp.Expr) -> bool:
    current = node.parent
    while current is not None and current is not top:
        if isinstance(current, exp.Subquery) and isinstance(current.parent, exp.Lateral):
            return True
        current = current.parent
    return False


def _is_lateral_subquery(scope: Scope) -> bool:
    """LATERAL (SELECT ...) / CROSS APPLY (SELECT ...): a derived table, not a table function."""
    expression = scope.expression
    return bool(
        scope.is_udtf
        and isinstance(expression, exp.Lateral)
        and isinstance(expression.this, exp.Subquery)
    )
