r"""Filters on consent and time columns: which predicates restrict the rows that leave.

For every scope, the conjuncts of WHERE / HAVING / QUALIFY / inner-join ON are read for
(a) **consent filters** — a predicate on a table's consent column, with its polarity
(``positive`` keeps those who said yes) and whether it restricts the output rows; and (b)
**time filters** — comparisons of a date/timestamp column with a bound, the bound evaluated
per dialect (:mod:`tutela.sql.timebounds`).

Example:
    >>> from tutela.sql import Catalog, analyze_sql
    >>> cat = Catalog.from_datasets([{"table": "crm.clientes", "timestamp": "alta",
    ...     "consent_columns": {"mercadotecnia": "acepta"}, "columns": [
    ...     {"name": "telefono", "category": "contacto"}, {"name": "acepta", "category": "ninguna"},
    ...     {"name": "alta", "category": "ninguna"}]}])
    >>> fact = analyze_sql("SELECT telefono FROM crm.clientes\n"
    ...     "WHERE acepta = TRUE AND alta >= CURRENT_DATE - 30", dialect="postgres", catalog=cat)[0]
    >>> [(c["column"], c["polarity"], c["restricts"]) for c in fact["consent_filters"]]
    [('acepta', 'positive', True)]
    >>> [(t["column"], t["op"], t["bound"]["kind"]) for t in fact["time_filters"]]
    [('alta', '>=', 'relative')]
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from tutela.sql import timebounds
from tutela.sql.dialects import sqlglot_name
from tutela.sql.lineage import Lineage
from tutela.sql.scopes import conjuncts
from tutela.sql.state import Statement, read_index


def filters(st: Statement, lineage: Lineage, root: Scope, feeding: set[int]) -> None:
    """Record the consent and time filters of every scope of a query.

    Consent predicates in a predicate subquery are recorded but never restrict: whether an
    IN/EXISTS on consenting ids filters the output is not proven here. Time filters count
    only in scopes whose rows reach the output (``feeding``).
    """
    for scope in root.traverse():
        _consent_filters(st, lineage, scope, id(scope) in feeding)
        if id(scope) in feeding:
            _time_filters(st, lineage, scope)


def _consent_filters(st: Statement, lineage: Lineage, scope: Scope, feeding: bool) -> None:
    for clause, predicate, conjunct in conjuncts(scope):
        restricts = conjunct and feeding
        for column in predicate.find_all(exp.Column):
            if _inside_subquery(column, predicate):
                continue
            for flow in lineage.resolve_column(column, scope):
                info = st.catalog.tables.get(flow.table or "")
                if info is None or (
                    flow.column not in info.consent_columns
                    and flow.column not in info.recipient_consent
                ):
                    continue
                polarity = _polarity(predicate, column)
                line, col = st.pos(column)
                entry = {
                    "table": flow.table,
                    "column": flow.column,
                    "purposes": info.consent_columns.get(flow.column, []),
                    "polarity": polarity,
                    "restricts": restricts and polarity != "unknown",
                    "clause": clause,
                    "predicate": predicate.sql(sqlglot_name(st.ctx.dialect))[:200],
                    "line": line,
                    "col": col,
                    **read_index(flow),
                }
                if flow.column in info.recipient_consent:
                    # a recipient's transfer-consent column (SHR012 checks shares filter on it)
                    entry["recipients"] = info.recipient_consent[flow.column]
                if entry not in st.fact["consent_filters"]:
                    st.fact["consent_filters"].append(entry)


def _time_filters(st: Statement, lineage: Lineage, scope: Scope) -> None:
    for clause, predicate, restricts in conjuncts(scope):
        for column, op, bound in timebounds.comparisons(predicate):
            evaluated = timebounds.evaluate(bound, sqlglot_name(st.ctx.dialect))
            for flow in lineage.resolve_column(column, scope):
                info = st.catalog.tables.get(flow.table or "")
                is_timestamp = bool(info and info.timestamp == flow.column)
                if evaluated["kind"] == "unknown" and not is_timestamp:
                    continue  # `dias_mora > 30` is not a time filter
                line, col = st.pos(column)
                entry = {
                    "table": flow.table,
                    "column": flow.column,
                    "retention_timestamp": is_timestamp,
                    "op": op,
                    "bound": evaluated,
                    "clause": clause,
                    "restricts": restricts,
                    "line": line,
                    "col": col,
                }
                if entry not in st.fact["time_filters"]:
                    st.fact["time_filters"].append(entry)


_TRUE_WORDS = {"true", "t", "1", "s", "si", "sí", "y", "yes"}
_FALSE_WORDS = {"false", "f", "0", "n", "no"}


def _truth(node: exp.Expr) -> bool | None:
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    if isinstance(node, exp.Literal):
        text = str(node.this).strip().lower()
        if text in _TRUE_WORDS:
            return True
        if text in _FALSE_WORDS:
            return False
    return None


def _polarity(predicate: exp.Expr, column: exp.Column) -> str:
    """Whether ``predicate`` keeps rows whose consent ``column`` is true.

    ``positive`` (= TRUE, IS TRUE, bare column, <> FALSE), ``negative`` (= FALSE,
    IS NOT TRUE, NOT col, IS NULL), ``not_null`` (IS NOT NULL — e.g. a consent
    timestamp), ``unknown`` otherwise.
    """
    node = predicate
    negated = False
    while isinstance(node, (exp.Not, exp.Paren)):
        if isinstance(node, exp.Not):
            negated = not negated
        node = node.this
    if isinstance(node, exp.Is) and node.args.get("negate"):
        negated = not negated  # PostgreSQL: `x IS NOT NULL` is Is(negate=True)
    result: str = "unknown"
    if node is column or (isinstance(node, exp.Column) and node == column):
        result = "positive"
    elif isinstance(node, exp.Is):
        target = node.expression
        if isinstance(target, exp.Null):
            result = "negative"
        elif _truth(target) is not None:
            result = "positive" if _truth(target) else "negative"
            if negated and not _truth(target):
                return "not_false"  # x IS NOT FALSE: NULL (never answered) passes
    elif isinstance(node, exp.In) and node.expressions and not node.args.get("query"):
        values = {_truth(v) for v in node.expressions}
        if values == {True}:
            result = "positive"
        elif values == {False}:
            result = "negative"
    elif isinstance(node, (exp.EQ, exp.NEQ)):
        side = node.this if _contains(node.this, column) else node.expression
        other = node.expression if side is node.this else node.this
        value = _truth(other)
        if value is not None:
            positive = value if isinstance(node, exp.EQ) else not value
            result = "positive" if positive else "negative"
            default = _null_default(side)
            if result == "positive" and default is not None and default == value:
                # COALESCE(x, TRUE) = TRUE: a titular who never answered (NULL) passes.
                result = "not_false"
    if negated:
        if (
            result == "negative"
            and isinstance(node, exp.Is)
            and isinstance(node.expression, exp.Null)
        ):
            return "not_null"
        return {"positive": "negative", "negative": "positive"}.get(result, result)
    return result


def _null_default(node: exp.Expr) -> bool | None:
    """The truth value COALESCE/IFNULL/NVL substitutes for NULL, if ``node`` is one."""
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Coalesce):
        defaults = node.expressions
        return _truth(defaults[-1]) if defaults else None
    if isinstance(node, exp.Anonymous) and str(node.this).lower() in ("ifnull", "nvl", "isnull"):
        return _truth(node.expressions[-1]) if len(node.expressions) > 1 else None
    return None


def _contains(node: exp.Expr, column: exp.Column) -> bool:
    return any(c is column for c in node.find_all(exp.Column))


def _inside_subquery(node: exp.Expr, stop: exp.Expr) -> bool:
    if node is stop:
        return False
    current = node.parent
    while current is not None and current is not stop:
        if isinstance(current, (exp.Subquery, exp.Select)):
            return True
        current = current.parent
    return False
