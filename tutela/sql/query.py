"""One query, through the passes that follow its values: resolve, then what it exposes and filters.

A statement may hold several queries (``INSERT ... SELECT`` and its ``RETURNING``, a
MERGE's synthetic source); :mod:`tutela.sql.statements` and :mod:`tutela.sql.egress` hand
each one here with the *sink* its output goes to. The passes run in this order, each
filling its part of the fact::

    resolve     reads, unknown tables, stars, personal literals; qualify; scopes, lineage
    exposures   output columns -> base columns, transforms, sink
    references  columns used in WHERE / JOIN / GROUP BY / ... (not returned)
    predicates  consent filters and time filters
    exclusion   anti-joins against exclusion lists

Example:
    >>> from tutela.sql import Catalog, analyze_sql
    >>> cat = Catalog.from_datasets([{"table": "crm.clientes", "columns": [
    ...     {"name": "nombre", "category": "identificacion"}]}])
    >>> fact = analyze_sql("INSERT INTO marts.t (n)\\nSELECT nombre FROM crm.clientes",
    ...                    dialect="postgres", catalog=cat)[0]
    >>> [(e["column"], e["output"], e["sink"], e["target"]) for e in fact["exposures"]]
    [('nombre', 'n', 'write', 'marts.t')]
"""

from __future__ import annotations

from sqlglot import exp

from tutela.sql.exclusion import exclusion_checks
from tutela.sql.exposures import exposures
from tutela.sql.predicates import filters
from tutela.sql.references import references
from tutela.sql.resolve import resolve
from tutela.sql.scopes import feeding_scopes
from tutela.sql.state import Sink, Statement


def analyze_query(
    st: Statement, query: exp.Expr, sink: Sink, target_columns: list[str] | None = None
) -> None:
    """Run the query passes over ``query``, whose output goes to ``sink``.

    Raises:
        NotAnalysed: a pass met a construct it cannot analyse soundly.
    """
    resolved = resolve(st, query)
    if resolved is None:
        return
    root, lineage = resolved
    feeding = feeding_scopes(root)
    exposures(st, lineage, root, sink, target_columns or [])
    references(st, lineage, root)
    filters(st, lineage, root, feeding)
    exclusion_checks(st, lineage, root, feeding)
