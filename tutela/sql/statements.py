r"""Statements: what operation a statement is, what it writes, and which queries it runs.

The first pass over a parsed statement. It names the operation (``select``, ``insert``,
``create_table_as``, ``merge``, ``update``, ``delete``…), records the tables written
(``writes``, ``written_columns``), and hands every query the statement holds to
:func:`tutela.sql.query.analyze_query` with the sink its output goes to. DML without a
query of its own (UPDATE, DELETE, MERGE) is rewritten as the SELECT that reads what it
reads. Export statements (COPY, UNLOAD, EXPORT DATA, shares) go to :mod:`tutela.sql.egress`.
A statement that reads or moves data in a form tutela does not model (a task, procedure,
``INSERT ALL``, a data-modifying CTE) is refused: :class:`~tutela.sql.state.NotAnalysed`.

Example:
    >>> from tutela.sql import Catalog, analyze_sql
    >>> cat = Catalog.from_datasets([{"table": "crm.clientes", "columns": [
    ...     {"name": "curp", "category": "identificacion"}]}])
    >>> fact = analyze_sql("UPDATE crm.clientes\nSET curp = NULL WHERE curp = 'X'",
    ...                    dialect="postgres", catalog=cat)[0]
    >>> fact["operation"], [(w["table"], w["mode"]) for w in fact["writes"]]
    ('update', [('crm.clientes', 'update')])
    >>> [(c["column"], c["value"]) for c in fact["written_columns"]]
    [('curp', 'null')]
"""

from __future__ import annotations

import re
from typing import Any

from sqlglot import exp

from tutela.sql.egress import analyze_egress, target_type
from tutela.sql.parse import OUTFILE
from tutela.sql.query import analyze_query
from tutela.sql.state import NotAnalysed, Sink, Statement, refuse_hidden_data_flow


def analyze_statement(st: Statement, expression: exp.Expr) -> None:
    """Fill the fact of one parsed statement (operation, writes, and its queries' passes).

    Raises:
        NotAnalysed: the statement reads or moves data in a way tutela does not model.
    """
    with_ = expression.args.get("with_")
    for cte in with_.expressions if isinstance(with_, exp.With) else ():
        if isinstance(cte.this, (exp.Insert, exp.Update, exp.Delete, exp.Merge)):
            # PostgreSQL's WITH moved AS (DELETE ... RETURNING *) INSERT ... SELECT FROM moved:
            # the rows a CTE changes and returns flow on unseen (the outer query reads
            # `moved` as an unknown table). Refused rather than judged half-seen. PostgreSQL
            # allows such CTEs only in the top-level WITH, the one looked at here.
            raise NotAnalysed(
                f"a data-modifying CTE ({cte.alias_or_name} AS ({cte.this.key.upper()} "
                "...)) moves data that tutela does not follow; split it into separate "
                "statements",
                st.pos(cte.args.get("alias") or cte),
            )
    # Built before the statement's own analysis renames its tables.
    returning = _returning_query(expression)
    _dispatch(st, expression)
    if returning is not None:
        # DELETE/UPDATE/INSERT ... RETURNING hands the listed columns of the changed rows
        # back to the caller: they are exposed to the result like a SELECT's.
        analyze_query(st, returning, Sink("result"))


def _dispatch(st: Statement, expression: exp.Expr) -> None:
    fact = st.fact
    outfile = expression.meta.get(OUTFILE) if isinstance(expression, exp.Query) else None
    if outfile is not None:  # MySQL SELECT ... INTO OUTFILE 'f' (see tutela.sql.parse)
        fact["operation"] = "select_into_outfile"
        st.egress("into_outfile", outfile, "file", None)
        analyze_query(st, expression, Sink("egress", outfile))
    elif isinstance(expression, exp.Query):
        into = expression.args.get("into") if isinstance(expression, exp.Select) else None
        if isinstance(into, exp.Into):
            target = into.this
            expression = expression.copy()
            expression.set("into", None)
            fact["operation"] = "select_into"
            name = st.write(target, "create")
            analyze_query(st, expression, Sink("write", name))
        else:
            fact["operation"] = "select"
            analyze_query(st, expression, Sink("result"))
    elif isinstance(expression, exp.Insert):
        _insert(st, expression)
    elif isinstance(expression, exp.Create):
        _create(st, expression)
    elif isinstance(expression, exp.Merge):
        _merge(st, expression)
    elif isinstance(expression, exp.Update):
        _update(st, expression)
    elif isinstance(expression, exp.Delete):
        _delete(st, expression)
    elif isinstance(expression, exp.LoadData):  # BigQuery / Hive LOAD DATA INTO t
        fact["operation"] = "copy_in"
        st.write(expression.this, "load")
    elif isinstance(expression, (exp.Copy, exp.Export, exp.Command)):
        analyze_egress(st, expression)
    else:
        fact["operation"] = "other"
        fact["command"] = expression.key.lower()
        refuse_hidden_data_flow(st, expression)


def _insert(st: Statement, expression: exp.Insert) -> None:
    target = expression.this
    query = expression.expression
    overwrite = bool(expression.args.get("overwrite"))
    if isinstance(target, exp.Directory):
        path = target.this.name if target.this is not None else "?"
        st.fact["operation"] = "insert_directory"
        st.egress("insert_directory", path, "directory", target)
        if query is not None:
            analyze_query(st, query, Sink("egress", path))
        return
    if isinstance(target, exp.Table) and re.match(r"^[a-z][a-z0-9+.-]*://", target.name, re.I):
        # Spark/Databricks path table: INSERT INTO delta.`s3://bucket/prefix` writes files.
        st.fact["operation"] = "insert_directory"
        st.egress("insert_directory", target.name, "directory", target)
        if query is not None:
            analyze_query(st, query, Sink("egress", target.name))
        return
    st.fact["operation"] = "insert"
    columns = []
    if isinstance(target, exp.Schema):
        columns = [c.name.lower() for c in target.expressions]
        target = target.this
    name = st.write(target, "overwrite" if overwrite else "insert")
    if query is not None:
        analyze_query(st, query, Sink("write", name), target_columns=columns)


def _create(st: Statement, expression: exp.Create) -> None:
    kind = str(expression.args.get("kind") or "").upper()
    target = expression.this
    if isinstance(target, exp.Schema):
        target = target.this
    query = expression.expression
    clone = expression.args.get("clone")
    if isinstance(clone, exp.Clone) and isinstance(clone.this, exp.Table):
        query = exp.select("*").from_(clone.this.copy())  # a zero-copy clone copies all rows
    location = None
    props = expression.args.get("properties")
    if isinstance(props, exp.Properties):
        for prop in props.expressions:
            if isinstance(prop, exp.LocationProperty):
                location = prop.this.name if prop.this is not None else None
    if kind == "VIEW":
        st.fact["operation"] = "create_view"
        name = st.write(target, "view")
    elif kind == "TABLE":
        st.fact["operation"] = (
            "create_table_as" if isinstance(query, exp.Query) else ("create_table")
        )
        name = st.write(target, "create")
    else:
        st.fact["operation"] = "other"
        st.fact["command"] = f"create {kind.lower()}".strip()
        if kind in ("PROCEDURE", "FUNCTION", "TASK", "STREAM", "PIPE", "DYNAMIC TABLE"):
            body = st.text[st.chunk.start : st.chunk.end + 1]
            refuse_hidden_data_flow(st, expression, body)
        else:
            refuse_hidden_data_flow(st, expression)
        return
    sink = Sink("write", name)
    if location:
        st.egress("create_table_location", location, target_type(location), props)
        sink = Sink("egress", location)
    if isinstance(query, exp.Query):
        analyze_query(st, query, sink)


def _merge(st: Statement, expression: exp.Merge) -> None:
    st.fact["operation"] = "merge"
    target = expression.this
    name = st.write(target, "merge")
    using = expression.args.get("using")
    values: list[exp.Expr] = []
    written: list[tuple[exp.Expr, exp.Expr]] = []
    conditions: list[exp.Expr] = []
    whens = expression.args.get("whens")
    for when in whens.expressions if whens is not None else []:
        then = when.args.get("then")
        condition = when.args.get("condition")
        if condition is not None and isinstance(then, (exp.Update, exp.Insert)):
            conditions.append(condition.copy())
        if isinstance(then, exp.Update):
            for assignment in then.expressions:
                if isinstance(assignment, exp.EQ):
                    written.append((assignment.this, assignment.expression))
                    values.append(assignment.expression)
        elif isinstance(then, exp.Insert):
            cols = then.this.expressions if isinstance(then.this, exp.Tuple) else []
            vals = then.expression.expressions if isinstance(then.expression, exp.Tuple) else []
            for col, val in zip(cols, vals, strict=False):
                written.append((col, val))
            values.extend(vals)
    select = exp.Select(expressions=[v.copy() for v in values] or [exp.Literal.number(1)])
    if using is not None:
        select = select.from_(using.copy(), copy=False)
        on = expression.args.get("on")
        select = select.join(target.copy(), on=on.copy() if on is not None else None, copy=False)
        select.args["joins"][-1].meta["tutela_merge_target"] = True
    if conditions:
        # WHEN [NOT] MATCHED AND <condition>: the rows a branch writes. One branch's
        # condition restricts what is written; several are OR-ed (none restricts alone).
        predicate = conditions[0]
        for other in conditions[1:]:
            predicate = exp.or_(predicate, other, copy=False)
        select.set("where", exp.Where(this=predicate))
    _record_written_columns(st, name, written)
    analyze_query(st, select, Sink("write", name))


def _update(st: Statement, expression: exp.Update) -> None:
    st.fact["operation"] = "update"
    target = expression.this
    from_ = expression.args.get("from_") or expression.args.get("from")
    aliased = _aliased_source(target, from_)  # T-SQL: UPDATE c ... FROM clientes AS c
    name = st.write(aliased if aliased is not None else target, "update")
    written = []
    values = []
    for assignment in expression.expressions:
        if isinstance(assignment, exp.EQ):
            written.append((assignment.this, assignment.expression))
            values.append(assignment.expression.copy())
    select = exp.Select(expressions=values or [exp.Literal.number(1)])
    if aliased is None:
        select = select.from_(target.copy(), copy=False)
        if isinstance(from_, exp.From):
            select = select.join(from_.this.copy(), copy=False)
    elif isinstance(from_, exp.From):
        select = select.from_(from_.this.copy(), copy=False)
    for join in expression.args.get("joins") or []:
        select = select.join(join.copy(), copy=False)
    where = expression.args.get("where")
    if isinstance(where, exp.Where):
        select.set("where", where.copy())
    _record_written_columns(st, name, written)
    analyze_query(st, select, Sink("write", name))


def _delete(st: Statement, expression: exp.Delete) -> None:
    st.fact["operation"] = "delete"
    target = expression.this
    name = st.write(target, "delete")
    select = exp.Select(expressions=[exp.Literal.number(1)]).from_(target.copy(), copy=False)
    using = expression.args.get("using")
    for source in using or []:
        select = select.join(source.copy(), copy=False)
    where = expression.args.get("where")
    if isinstance(where, exp.Where):
        select.set("where", where.copy())
    analyze_query(st, select, Sink("none", name))


def _record_written_columns(
    st: Statement, table: str, written: list[tuple[exp.Expr, exp.Expr]]
) -> None:
    for target, value in written:
        column = target.name.lower()
        if isinstance(value, exp.Null):
            source = "null"
        elif isinstance(value, (exp.Literal, exp.Boolean)):
            source = "literal"
        else:
            source = "expression"
        line, col = st.pos(target)
        st.fact["written_columns"].append(
            {"table": table, "column": column, "value": source, "line": line, "col": col}
        )


def _aliased_source(target: exp.Expr, from_: Any) -> exp.Table | None:
    """The FROM table that an UPDATE target names by its alias (T-SQL), if any."""
    if (
        not isinstance(target, exp.Table)
        or target.args.get("db")
        or not isinstance(from_, exp.From)
    ):
        return None
    sources = [from_.this, *(j.this for j in from_.args.get("joins") or [])]
    for source in sources:
        if (
            isinstance(source, exp.Table)
            and source.alias
            and (source.alias.lower() == target.name.lower())
        ):
            return source
    return None


def _returning_query(statement: exp.Expr) -> exp.Select | None:
    """``SELECT <returned columns> FROM <target>`` for a DML statement with RETURNING, else None.

    Example:
        >>> import sqlglot
        >>> delete = sqlglot.parse_one("DELETE FROM t RETURNING a, b", read="postgres")
        >>> _returning_query(delete).sql()
        'SELECT a, b FROM t AS t'
    """
    if not isinstance(statement, (exp.Delete, exp.Update, exp.Insert)):
        return None
    returning = statement.args.get("returning")
    target = statement.this
    if isinstance(target, exp.Schema):  # INSERT INTO t (a, b)
        target = target.this
    if not isinstance(returning, exp.Returning) or not isinstance(target, exp.Table):
        return None
    source = target.copy()
    if source.args.get("alias") is None:
        # An alias with no position: the qualifier qualify adds to `RETURNING curp` must not
        # place the column at the table name (positions take a column's first written part).
        source.set("alias", exp.TableAlias(this=exp.to_identifier(source.name)))
    select = exp.Select(expressions=[e.copy() for e in returning.expressions])
    return select.from_(source, copy=False)
