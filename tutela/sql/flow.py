"""What a value is while the analysis follows it: one base column's ``Flow`` to an output.

Also how a FROM item is named (``table_name``) and which occurrence of a table it is
(``READ_TAG``/``read_tag``), which the analyser tags and the lineage reads.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlglot import exp

READ_TAG = "tutela_read"
"""Meta key of a FROM item (exp.Table): the index of its entry in the fact's ``reads``."""


def read_tag(node: exp.Expr) -> int | None:
    """The ``reads`` index tagged on a FROM item, if the analyser tagged it."""
    meta = node._meta
    tag = meta.get(READ_TAG) if meta else None
    return tag if isinstance(tag, int) else None


@dataclass(frozen=True)
class Flow:
    """One base column reaching an output, through ``transforms``.

    ``table`` is the inventory key, or the name as written for tables the inventory
    does not know (``known`` false), or None when the column could not be attributed
    to a table (ambiguous unqualified column over several unknown sources).
    """

    table: str | None
    column: str
    known: bool
    transforms: tuple[str, ...]
    node: exp.Expr
    # Which *occurrence* of the table the value is read from (a statement can read one table
    # twice: UNION branches, self-joins): the index in the fact's `reads` that the analyser
    # tagged on the FROM item (READ_TAG in its meta, which survives qualify's copies).
    source: int | None = None
    # Every table the column could come from, when an unqualified column over several
    # sources cannot be attributed to one: the analysis follows each of them (fail closed).
    candidates: tuple[str, ...] = ()
    # Whether a `*` chose this column at every step from its base table to this output (no
    # query on the way named it): what the minimisation rule judges.
    via_star: bool = False

    def at(self, node: exp.Expr) -> Flow:
        """The same flow, seen at another node (a reference to the output that carries it)."""
        return replace(self, node=node)


def table_name(table: exp.Table) -> str:
    """Dotted lower-case name of a table as written (``catalog.db.name``).

    A T-SQL session temp table keeps its ``#`` so it never matches an inventory table.

    Example:
        >>> import sqlglot
        >>> tree = sqlglot.parse_one("select 1\\nfrom Dwh.CRM.Clientes", read="snowflake")
        >>> table_name(tree.find(exp.Table))
        'dwh.crm.clientes'
    """
    if isinstance(table.this, exp.DynamicIdentifier) and isinstance(table.this.this, exp.Literal):
        return str(table.this.this.name).lower()  # Snowflake IDENTIFIER('db.schema.t')
    parts = [p.name for p in table.parts if p is not None]
    name = ".".join(p.lower() for p in parts if p)
    if isinstance(table.this, exp.Identifier) and table.this.args.get("temporary"):
        name = "#" + name
    return name
