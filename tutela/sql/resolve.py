r"""Resolve a query: its tables against the inventory, its stars, its columns (qualify).

The first pass over a query. It records every table occurrence the query reads (``reads``,
each FROM item tagged with its index so later passes can say which occurrence a value
comes from), the tables the inventory does not know (``unknown_tables``), every ``*`` and
the tables under it (``stars``), and string literals that look like personal data. Then
it renames inventory tables to synthetic names so sqlglot's ``qualify`` sees one flat
schema of the inventory's column lists, qualifies every column and expands stars, and
builds the scope tree and the :class:`~tutela.sql.lineage.Lineage` the other passes walk.

Example:
    >>> from tutela.sql import Catalog, analyze_sql
    >>> cat = Catalog.from_datasets([{"table": "crm.clientes", "columns": [
    ...     {"name": "curp", "category": "identificacion"}]}])
    >>> fact = analyze_sql("SELECT *\nFROM crm.clientes JOIN otra ON TRUE",
    ...                    dialect="postgres", catalog=cat)[0]
    >>> [(r["table"], r["known"], r["line"]) for r in fact["reads"]]
    [('crm.clientes', True, 2), ('otra', False, 2)]
    >>> [(s["qualifier"], [t["table"] for t in s["tables"]]) for s in fact["stars"]]
    [(None, ['crm.clientes', 'otra'])]
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import Scope, build_scope
from sqlglot.tokens import TokenType  # type: ignore[attr-defined]

from tutela.sql.dialects import dialect_object, sqlglot_name
from tutela.sql.flow import table_name
from tutela.sql.lineage import Lineage
from tutela.sql.personal import personal_literal
from tutela.sql.state import NotAnalysed, Statement


def resolve(st: Statement, query: exp.Expr) -> tuple[Scope, Lineage] | None:
    """Record the query's tables and stars, qualify it, and return its scope tree.

    The statement's tree is ours alone: it is rewritten and qualified in place, no copy.
    Returns None for a query with no scope (nothing to follow).

    Raises:
        NotAnalysed: a column alias list renames an inventory table's columns by position.
    """
    _collect_stars(st, query)
    _rewrite_tables(st, query)
    schema = st.catalog.qualify_schema(st.ctx.dialect, dialect_object(st.ctx.dialect))
    try:
        qualified = qualify(
            query,
            schema=schema,
            dialect=dialect_object(st.ctx.dialect),
            validate_qualify_columns=False,
            quote_identifiers=False,
            identify=False,
        )
    except (SqlglotError, KeyError, ValueError, TypeError, AttributeError):
        qualified = query
        st.fact["qualified"] = False
    _literals(st, qualified)
    root = build_scope(qualified)
    if root is None:
        return None
    ctes = {c.alias_or_name.lower() for c in qualified.find_all(exp.CTE)}
    return root, Lineage(st.catalog, ctes, set(st.star_positions))


def _collect_stars(st: Statement, query: exp.Expr) -> None:
    """Record ``*`` / ``alias.*`` projections and the tables directly under them."""
    ctes = {c.alias_or_name.lower() for c in query.find_all(exp.CTE)}
    for select in query.find_all(exp.Select):
        sources: dict[str, exp.Expr] = {}
        from_ = select.args.get("from_") or select.args.get("from")
        items = [from_.this] if isinstance(from_, exp.From) else []
        items += [j.this for j in select.args.get("joins") or []]
        for item in items:
            sources[item.alias_or_name.lower()] = item
        for projection in select.expressions:
            qualifier = None
            if isinstance(projection, exp.Star):
                pass
            elif isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star):
                qualifier = projection.table.lower()
            else:
                continue
            targets = (
                [sources[qualifier]]
                if qualifier in sources
                else list(sources.values())
                if qualifier is None
                else []
            )
            tables = []
            derived = False
            for target in targets:
                if isinstance(target, exp.Table) and not (
                    not target.args.get("db") and target.name.lower() in ctes
                ):
                    info = st.catalog.resolve([p.name for p in target.parts])
                    tables.append(
                        {
                            "table": info.key if info else table_name(target),
                            "known": info is not None,
                            "personal": bool(info and info.personal),
                        }
                    )
                else:
                    derived = True
            line, col = _star_pos(st, select, projection)
            st.star_positions.setdefault(id(select), (line, col))
            st.fact["stars"].append(
                {
                    "qualifier": qualifier,
                    "tables": tables,
                    "derived": derived,
                    "line": line,
                    "col": col,
                }
            )


def _star_pos(st: Statement, select: exp.Select, projection: exp.Expr) -> tuple[int, int]:
    if isinstance(projection, exp.Column) and projection.table:
        start = st.start(projection.args["table"])  # alias.* starts at the alias
        if start is not None:
            return st.at(start)
    # A bare * has no identifier: take the last projection '*' token (after SELECT, a
    # comma or DISTINCT) that comes before this SELECT's FROM clause.
    from_ = select.args.get("from_") or select.args.get("from")
    limit = None
    if from_ is not None:
        limit = min((s for s in map(st.start, from_.walk()) if s is not None), default=None)
    best = None
    tokens = st.chunk.tokens
    for i, token in enumerate(tokens):
        if token.token_type != TokenType.STAR or i == 0:
            continue
        if tokens[i - 1].token_type not in (
            TokenType.SELECT,
            TokenType.COMMA,
            TokenType.DISTINCT,
        ):
            continue
        if limit is not None and token.start > limit:
            break
        best = token
    if best is None:
        return st.pos(select)
    return st.at(best.start)


def _rewrite_tables(st: Statement, query: exp.Expr) -> set[str]:
    """Replace inventory tables by synthetic names so qualify sees one flat schema.

    Returns the inventory keys of the tables replaced.
    """
    used: set[str] = set()
    ctes = {c.alias_or_name.lower() for c in query.find_all(exp.CTE)}
    for table in list(query.find_all(exp.Table)):
        if isinstance(table.this, (exp.Var, exp.Literal)) or (
            not table.name and not isinstance(table.this, exp.DynamicIdentifier)
        ):
            continue  # stages and locations are not tables
        if isinstance(table.this, exp.Anonymous | exp.Func) and not isinstance(
            table.this, exp.DynamicIdentifier
        ):
            continue  # table functions (FLATTEN, UNNEST...) are not tables
        if not table.args.get("db") and table.name.lower() in ctes:
            continue
        dynamic = table.this
        if isinstance(dynamic, exp.DynamicIdentifier) and not isinstance(dynamic.this, exp.Literal):
            # IDENTIFIER($t), IDENTIFIER(:name): which table is read is decided at run time.
            raise NotAnalysed(
                f"the table is named at run time ({dynamic.sql(sqlglot_name(st.ctx.dialect))}): "
                "tutela cannot know "
                "which table this statement reads; name the table, or lint the SQL with the "
                "variable replaced",
                st.pos(table),
            )
        written = table_name(table)
        parts = written.split(".")
        info = None if written.startswith("#") else st.catalog.resolve(parts)
        line, col = st.pos(table)
        if info is None:
            ambiguous = st.catalog.ambiguous(parts)
            entry = {"table": written, "line": line, "col": col}
            if ambiguous:
                entry["candidates"] = ambiguous
            if entry not in st.fact["unknown_tables"]:
                st.fact["unknown_tables"].append(entry)
            st.add_read(table, st.table_entry(written, None, table))
            continue
        used.add(info.key)
        st.add_read(table, st.table_entry(info.key, info, table))
        alias = table.args.get("alias")
        if isinstance(alias, exp.TableAlias) and alias.columns:
            # `FROM t AS x(a, b)` renames t's columns by position; the inventory does not
            # record column order, so which personal column `a` is cannot be known.
            raise NotAnalysed(
                f"a column alias list renames the columns of inventory table {info.key} "
                f"by position (AS {alias.name}({', '.join(c.name for c in alias.columns)})),"
                " which tutela cannot map to the inventory; select the columns by name "
                "and alias them one by one instead",
                st.pos(alias.columns[0]),
            )
        if alias is None:
            table.set("alias", exp.TableAlias(this=exp.to_identifier(table.name)))
            alias_node = table.args["alias"].this
            alias_node.meta.update(table.this.meta)
        meta = dict(table.this.meta)
        new_name = exp.to_identifier(info.alias)
        new_name.meta.update(meta)
        table.set("this", new_name)
        table.set("db", None)
        table.set("catalog", None)
    return used


def _literals(st: Statement, query: exp.Expr) -> None:
    for literal in query.find_all(exp.Literal):
        if not literal.is_string:
            continue
        kind = personal_literal(literal.this)
        if kind:
            line, col = st.pos(literal.parent)
            st.add_unclassified(
                {
                    "table": None,
                    "column": None,
                    "reason": f"literal looks like a {kind}",
                    "looks_personal": True,
                    "pattern": kind,
                    "line": line,
                    "col": col,
                }
            )
