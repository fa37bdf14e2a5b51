r"""Exposures: where each personal value goes — a result, a table, or out of the warehouse.

For every output column of a query, the lineage gives the base-table columns whose values
reach it and the chain of transforms on the way (``SHA2``, ``COUNT``, ``RIGHT(…, 4)``).
Each becomes an exposure: the column and what the inventory says of it, the output name,
the sink (``result``, ``write`` with the table, ``egress`` with the destination), the
transforms, whether they preserve the value, and which occurrence of the table it is.

Example:
    >>> from tutela.sql import Catalog, analyze_sql
    >>> cat = Catalog.from_datasets([{"table": "crm.clientes", "columns": [
    ...     {"name": "curp", "category": "identificacion"}]}])
    >>> fact = analyze_sql("SELECT SHA2(curp, 256) AS h\nFROM crm.clientes",
    ...                    dialect="snowflake", catalog=cat)[0]
    >>> [(e["column"], e["output"], e["sink"], e["transforms"], e["value_preserving"])
    ...  for e in fact["exposures"]]
    [('curp', 'h', 'result', ['sha2'], False)]
"""

from __future__ import annotations

from sqlglot.optimizer.scope import Scope

from tutela.sql.lineage import Lineage
from tutela.sql.state import Sink, Statement, read_index
from tutela.sql.transforms import preserving


def exposures(
    st: Statement, lineage: Lineage, root: Scope, sink: Sink, target_columns: list[str]
) -> None:
    """Record where the output columns of ``root`` come from, for a query going to ``sink``.

    ``target_columns`` names the outputs by position (``INSERT INTO t (a, b) SELECT ...``).
    A query whose output goes nowhere (``DELETE``'s synthetic one) exposes nothing.
    """
    if sink.kind == "none":
        return
    seen = set()
    for position, (name, flows) in enumerate(lineage.outputs(root)):
        output = target_columns[position] if position < len(target_columns) else name
        for flow in flows:
            if flow.column == "*" and not flow.known:
                continue
            line, col = st.pos(flow.node)
            read = read_index(flow)
            # The occurrence is part of the key: `SELECT u.x FROM (... UNION ALL ...) u`
            # shows one node for both branches, and each must be judged (CON001, EXC001).
            key = (flow.table, flow.column, output, flow.transforms, line, col, *read.values())
            if key in seen:
                continue
            seen.add(key)
            entry = st.column_info(flow.table, flow.column)
            entry.update(
                {
                    "output": output,
                    "sink": sink.kind,
                    "target": sink.target,
                    "transforms": list(flow.transforms),
                    "value_preserving": preserving(flow.transforms),
                    "via_star": flow.via_star,
                    "line": line,
                    "col": col,
                    **read,
                }
            )
            if flow.candidates:
                entry["candidates"] = list(flow.candidates)
            st.fact["exposures"].append(entry)
            st.unclassified(flow, line, col)
