"""Helpers over sqlglot scopes that several passes share: filters and the scopes that feed.

Example:
    >>> import sqlglot
    >>> from sqlglot.optimizer.scope import build_scope
    >>> root = build_scope(sqlglot.parse_one("SELECT a FROM t JOIN u ON t.k = u.k "
    ...     "WHERE t.x = 1 AND (t.y = 2 OR t.z = 3)"))
    >>> for clause, predicate, restricts in conjuncts(root):
    ...     print(clause, predicate.sql(), restricts)
    where t.x = 1 True
    where t.y = 2 False
    where t.z = 3 False
    join t.k = u.k True
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp
from sqlglot.optimizer.scope import Scope


def conjuncts(scope: Scope) -> Iterator[tuple[str, exp.Expr, bool]]:
    """(clause, predicate, restricts) for the filters of one scope.

    ``restricts`` is true for a conjunct that every output row satisfies (a WHERE/HAVING/
    QUALIFY conjunct, or the ON of an inner join); a disjunct of an OR restricts nothing.
    """
    select = scope.expression
    if not isinstance(select, exp.Select):
        return
    for clause in ("where", "having", "qualify"):
        node = select.args.get(clause)
        if node is not None:
            yield from split_and(node.this, clause, True)
    for join in select.args.get("joins") or []:
        on = join.args.get("on")
        if on is not None:
            inner = not join.side and join.kind not in ("ANTI", "SEMI")
            yield from split_and(on, "join", inner)


def split_and(node: exp.Expr, clause: str, restricts: bool) -> Iterator[tuple[str, exp.Expr, bool]]:
    stack = [node]
    while stack:
        current = stack.pop()
        while isinstance(current, exp.Paren):
            current = current.this
        if isinstance(current, exp.And):
            stack.append(current.expression)
            stack.append(current.this)
        elif isinstance(current, exp.Or):
            yield from ((clause, part, False) for part in _flatten_or(current))
        else:
            yield clause, current, restricts


def _flatten_or(node: exp.Expr) -> Iterator[exp.Expr]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (exp.Or, exp.And)):
            stack.extend([current.expression, current.this])
        else:
            yield current


def feeding_scopes(root: Scope) -> set[int]:
    """Scopes whose rows reach the statement's output (root, CTEs, derived tables, unions)."""
    feeding: set[int] = set()
    stack = [root]
    while stack:
        scope = stack.pop()
        if id(scope) in feeding:
            continue
        feeding.add(id(scope))
        for source in scope.sources.values():
            if isinstance(source, Scope):
                stack.append(source)
        stack.extend(scope.set_operation_scopes)
    return feeding
