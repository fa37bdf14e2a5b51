r"""Exclusion checks: anti-joins of a query against the inventory's exclusion lists.

Marketing and collections audiences must leave out the titulares who asked not to be
contacted (the internal do-not-contact list) and the phones registered in the REPEP. For
every scope whose rows reach the output, each way SQL can filter against a list is
recorded with its *form* (``not_exists``, ``not_in``, ``left_join_is_null``, ``anti_join``,
``except``…; and the non-filtering ``exists``, ``in``, ``inner_join``, ``left_join``…),
whether it is an anti-join, and the *pairs*: which outer contact column (and which
occurrence of its table) is compared with which list column.

Example:
    >>> from tutela.sql import Catalog, analyze_sql
    >>> cat = Catalog.from_datasets([
    ...     {"table": "crm.clientes", "columns": [{"name": "tel", "category": "contacto"}]},
    ...     {"table": "crm.no_llamar", "exclusion_list": {"kind": "internal",
    ...      "contact_columns": ["tel"]}, "columns": [{"name": "tel", "category": "contacto"}]}])
    >>> fact = analyze_sql("SELECT c.tel FROM crm.clientes c\nWHERE NOT EXISTS (SELECT 1 "
    ...     "FROM crm.no_llamar n WHERE n.tel = c.tel)", dialect="postgres", catalog=cat)[0]
    >>> check = fact["exclusion_checks"][0]
    >>> check["form"], check["anti"], [(p["column"], p["exclusion_column"]) for p in check["pairs"]]
    ('not_exists', True, [('tel', 'tel')])
"""

from __future__ import annotations

from typing import Any

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from tutela.sql.catalog import TableInfo
from tutela.sql.flow import Flow
from tutela.sql.lineage import Lineage
from tutela.sql.scopes import conjuncts, split_and
from tutela.sql.state import Statement, read_index


def exclusion_checks(st: Statement, lineage: Lineage, root: Scope, feeding: set[int]) -> None:
    """Record every check against an exclusion list in the scopes that feed the output."""
    for scope in root.traverse():
        if id(scope) in feeding:
            _exclusion_checks(st, lineage, scope)


def _exclusion_checks(st: Statement, lineage: Lineage, scope: Scope) -> None:
    select = scope.expression
    if isinstance(select, (exp.Except, exp.Intersect)):
        _except_check(st, lineage, scope, isinstance(select, exp.Except))
        return
    if not isinstance(select, exp.Select):
        return
    for _clause, predicate, restricts in conjuncts(scope):
        node = predicate
        negated = False
        while isinstance(node, exp.Not):
            negated = not negated
            node = node.this
        if isinstance(node, exp.Paren):
            node = node.this
        if isinstance(node, exp.Exists):
            sub = _scope_for(scope, node.this)
            if sub is not None:
                _subquery_check(
                    st,
                    lineage,
                    scope,
                    sub,
                    "not_exists" if negated else "exists",
                    negated and restricts,
                    node,
                )
        elif isinstance(node, exp.In) and node.args.get("query") is not None:
            sub = _scope_for(scope, node.args["query"].this)
            if sub is not None:
                _in_check(st, lineage, scope, sub, node, negated, restricts)
        elif isinstance(node, (exp.NEQ, exp.EQ)) and isinstance(
            node.expression, (exp.All, exp.Any)
        ):
            # sqlglot reads `x NOT IN (SELECT ...)` as `x <> ALL (SELECT ...)`, and
            # `x IN (SELECT ...)` as `x = ANY (...)`.
            quantified = node.expression
            query = (
                quantified.this.this
                if isinstance(quantified.this, exp.Subquery)
                else quantified.this
            )
            sub = _scope_for(scope, query)
            anti = isinstance(node, exp.NEQ) and isinstance(quantified, exp.All)
            if sub is not None:
                _in_check(st, lineage, scope, sub, node, anti != negated, restricts)
    for join in select.args.get("joins") or []:
        _join_check(st, lineage, scope, join)


def _exclusion_source(
    st: Statement, lineage: Lineage, scope: Scope
) -> list[tuple[TableInfo, exp.Table]]:
    found = []
    for key, known, table in lineage.base_tables(scope):
        info = st.catalog.tables.get(key or "") if known else None
        if info is not None and info.exclusion_kind:
            found.append((info, table))
    return found


def _pair(outer: Flow, exclusion: Flow) -> dict[str, Any]:
    """An exclusion-check pair: the outer contact column (and its occurrence) and the list's."""
    return {
        "table": outer.table,
        "column": outer.column,
        "exclusion_table": exclusion.table,
        "exclusion_column": exclusion.column,
        **read_index(outer),
    }


def _pairs(
    st: Statement,
    lineage: Lineage,
    predicate: exp.Expr | None,
    inner: Scope,
    outer: Scope,
    exclusion_keys: set[str],
) -> list[dict[str, Any]]:
    pairs: list[dict[str, Any]] = []
    if predicate is None:
        return pairs
    for eq in predicate.find_all(exp.EQ):
        left, right = eq.this, eq.expression
        if not (isinstance(left, exp.Column) and isinstance(right, exp.Column)):
            left_cols = list(left.find_all(exp.Column))
            right_cols = list(right.find_all(exp.Column))
            if len(left_cols) != 1 or len(right_cols) != 1:
                continue
            left, right = left_cols[0], right_cols[0]
        sides = []
        for column in (left, right):
            flows = lineage.resolve_column(column, inner)
            sides.append(flows)
        a, b = sides
        for fa in a:
            for fb in b:
                if fa.table in exclusion_keys and fb.table not in exclusion_keys:
                    pairs.append(_pair(fb, fa))
                elif fb.table in exclusion_keys and fa.table not in exclusion_keys:
                    pairs.append(_pair(fa, fb))
    del outer
    return _unique(pairs)


def _subquery_check(
    st: Statement,
    lineage: Lineage,
    scope: Scope,
    sub: Scope,
    form: str,
    anti: bool,
    node: exp.Expr,
) -> None:
    sources = _exclusion_source(st, lineage, sub)
    if not sources:
        return
    keys = {info.key for info, _ in sources}
    where = sub.expression.args.get("where") if isinstance(sub.expression, exp.Select) else None
    predicate = where.this if where is not None else None
    pairs = _pairs(st, lineage, predicate, sub, scope, keys)
    for join in (
        sub.expression.args.get("joins") or [] if isinstance(sub.expression, exp.Select) else []
    ):
        pairs += _pairs(st, lineage, join.args.get("on"), sub, scope, keys)
    correlated = bool(sub.external_columns)
    for info, table in sources:
        _add_exclusion(st, info, form, anti, correlated, pairs, node or table)


def _in_check(
    st: Statement,
    lineage: Lineage,
    scope: Scope,
    sub: Scope,
    node: exp.In | exp.NEQ | exp.EQ,
    negated: bool,
    restricts: bool,
) -> None:
    outputs = lineage.outputs(sub)
    left = node.this.expressions if isinstance(node.this, exp.Tuple) else [node.this]
    if restricts and not negated:  # x IN (values already filtered against a list)
        for item, (_, inner_flows) in zip(left, outputs, strict=False):
            if isinstance(item, exp.Column):
                outer = lineage.resolve_column(item, scope)
                _credit(st, outer, inner_flows, "filtered_in", node)
    sources = _exclusion_source(st, lineage, sub)
    if not sources:
        return
    pairs = []
    # (a, b) NOT IN (SELECT x, y ...): a pairs with x and b with y, position by position.
    for item, (_, inner_flows) in zip(left, outputs, strict=False):
        outer_flows = (
            lineage.resolve_column(item, scope)
            if isinstance(item, exp.Column)
            else lineage.flows_of(item, scope)
        )
        pairs += [_pair(o, i) for o in outer_flows for i in inner_flows]
    pairs = _unique(pairs)
    for info, _ in sources:
        _add_exclusion(
            st, info, "not_in" if negated else "in", negated and restricts, True, pairs, node
        )


def _join_check(st: Statement, lineage: Lineage, scope: Scope, join: exp.Join) -> None:
    if join.meta.get("tutela_merge_target"):
        return  # MERGE's own target: maintaining a list is not filtering against it
    source = join.this
    alias = source.alias_or_name
    target = scope.sources.get(alias) if alias else None
    if target is None:
        return
    if isinstance(target, exp.Table):
        key, known = lineage.base_table(target)
        info = st.catalog.tables.get(key or "") if known else None
        infos = [(info, target)] if info is not None and info.exclusion_kind else []
    elif isinstance(target, Scope):
        infos = _exclusion_source(st, lineage, target)
        if not join.side and (join.kind or "").upper() in ("", "INNER", "SEMI"):
            _credit_join(st, lineage, scope, join)
    else:
        infos = []
    if not infos:
        return
    keys = {info.key for info, _ in infos}
    pairs = _pairs(st, lineage, join.args.get("on"), scope, scope, keys)
    kind = (join.kind or "").upper()
    side = (join.side or "").upper()
    if kind == "ANTI":
        form, anti = "anti_join", True
    elif kind == "SEMI":
        form, anti = "semi_join", False
    elif side == "LEFT":
        null_checked = _null_check(st, lineage, scope, keys)
        form = "left_join_is_null" if null_checked else "left_join"
        anti = null_checked
    elif side in ("RIGHT", "FULL"):
        form, anti = f"{side.lower()}_join", False
    else:
        form, anti = "inner_join", False
    for info, _ in infos:
        _add_exclusion(st, info, form, anti, bool(pairs), pairs, join)


def _credit_join(st: Statement, lineage: Lineage, scope: Scope, join: exp.Join) -> None:
    """An inner join on values already filtered against a list filters this side too."""
    on = join.args.get("on")
    if on is None:
        return
    for _, conjunct, restricts in split_and(on, "join", True):
        if not restricts or not isinstance(conjunct, exp.EQ):
            continue
        left, right = conjunct.this, conjunct.expression
        if not (isinstance(left, exp.Column) and isinstance(right, exp.Column)):
            continue
        a, b = lineage.resolve_column(left, scope), lineage.resolve_column(right, scope)
        _credit(st, a, b, "filtered_join", join)
        _credit(st, b, a, "filtered_join", join)


def _credit(st: Statement, outer: list[Flow], inner: list[Flow], form: str, node: exp.Expr) -> None:
    """Credit an anti-join to the occurrences ``outer`` when ``inner`` values were filtered.

    ``WITH ok AS (SELECT tel FROM clientes EXCEPT SELECT tel FROM no_llamar) SELECT c.tel
    FROM clientes c JOIN ok ON ok.tel = c.tel``: the rows of ``c`` that reach the output
    are those whose phone survived the EXCEPT, so the check counts for occurrence ``c``.
    """
    filtered = {
        (pair["table"], pair["column"], pair.get("read")): check
        for check in st.fact["exclusion_checks"]
        if check["anti"]
        for pair in check["pairs"]
    }
    for flow in inner:
        check = filtered.get((flow.table, flow.column, flow.source))
        if check is None:
            continue
        info = st.catalog.tables.get(check["exclusion_table"])
        column = next(
            (p["exclusion_column"] for p in check["pairs"] if p["column"] == flow.column), None
        )
        if info is None or column is None:
            continue
        pairs = [
            {"table": o.table, "column": o.column, "exclusion_table": info.key,
             "exclusion_column": column, **read_index(o)}
            for o in outer
            if (o.table, o.column, o.source) not in filtered
        ]  # fmt: skip
        if pairs:
            _add_exclusion(st, info, form, True, True, pairs, node)


def _null_check(st: Statement, lineage: Lineage, scope: Scope, keys: set[str]) -> bool:
    select = scope.expression
    where = select.args.get("where") if isinstance(select, exp.Select) else None
    if where is None:
        return False
    for _, predicate, restricts in split_and(where.this, "where", True):
        if (
            isinstance(predicate, exp.Is)
            and isinstance(predicate.expression, exp.Null)
            and not predicate.args.get("negate")  # PostgreSQL's IS NOT NULL
            and isinstance(predicate.this, exp.Column)
            and restricts
        ):
            for flow in lineage.resolve_column(predicate.this, scope):
                if flow.table in keys:
                    return True
    return False


def _except_check(st: Statement, lineage: Lineage, scope: Scope, anti: bool = True) -> None:
    if len(scope.set_operation_scopes) != 2:
        return
    left, right = scope.set_operation_scopes
    sources = _exclusion_source(st, lineage, right)
    if not sources:
        return
    pairs = []
    for (_, left_flows), (_, right_flows) in zip(
        lineage.outputs(left), lineage.outputs(right), strict=False
    ):
        pairs += [_pair(a, b) for a in left_flows for b in right_flows]
    form = "except" if anti else "intersect"  # INTERSECT keeps exactly the listed rows
    for info, table in sources:
        _add_exclusion(st, info, form, anti, True, _unique(pairs), table)


def _add_exclusion(
    st: Statement,
    info: TableInfo,
    form: str,
    anti: bool,
    correlated: bool,
    pairs: list[dict[str, Any]],
    node: exp.Expr,
) -> None:
    line, col = st.pos(node)
    # A check over several lists (NOT IN (SELECT .. FROM a UNION SELECT .. FROM b)) keeps,
    # for each list, only the pairs that join that list.
    pairs = [p for p in pairs if p["exclusion_table"] in (info.key, None)]
    # A table that is several lists (REPEP and internal) checks against the kinds whose
    # contact columns the statement compares with: a phone-only pair, only the phone lists.
    kinds = info.kinds_for({p["exclusion_column"] for p in pairs if p.get("exclusion_column")})
    entry = {
        "exclusion_table": info.key,
        "exclusion_kind": kinds[0] if kinds else info.exclusion_kind,
        "exclusion_kinds": kinds,
        "exclusion_columns": list(info.exclusion_columns),
        "form": form,
        "anti": anti,
        "correlated": correlated,
        "pairs": pairs,
        "line": line,
        "col": col,
    }
    if entry not in st.fact["exclusion_checks"]:
        st.fact["exclusion_checks"].append(entry)


def _scope_for(scope: Scope, select: exp.Expr) -> Scope | None:
    for sub in scope.subquery_scopes:
        if sub.expression is select:
            return sub
    return None


def _unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out
