r"""DDL that moves or opens up data: renames and swaps, grants, streams.

These statements copy no rows with a query, yet personal data moves: ``ALTER TABLE
clientes RENAME TO otro.copia`` puts every column under a name the inventory does not
know; ``ALTER TABLE x SWAP WITH clientes`` exchanges two tables' contents;
``GRANT SELECT ON clientes TO ROLE PUBLIC`` lets a role read it (and ``… TO SHARE s``
hands it to another Snowflake account); ``CREATE STREAM s ON TABLE clientes`` publishes
its changes. Each is recorded as what it does — writes and exposures of every column, or
an egress to the grantee — so the purpose, egress and inventory rules judge it.

Example:
    >>> from tutela.sql import Catalog, analyze_sql
    >>> cat = Catalog.from_datasets([{"table": "crm.clientes", "columns": [
    ...     {"name": "curp", "category": "identificacion"}]}])
    >>> fact = analyze_sql("GRANT SELECT ON crm.clientes\nTO ROLE analistas",
    ...                    dialect="snowflake", catalog=cat)[0]
    >>> fact["operation"], [(g["target"], g["target_type"]) for g in fact["egress"]]
    ('grant', [('role:analistas', 'role')])
    >>> [(e["column"], e["sink"], e["target"]) for e in fact["exposures"]]
    [('curp', 'egress', 'role:analistas')]
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp

from tutela.sql.dialects import sqlglot_name
from tutela.sql.query import analyze_table, expose_also
from tutela.sql.state import Sink, Statement

# Privileges that let the grantee read the rows (write privileges alone expose nothing).
_READING = {"SELECT", "ALL", "ALL PRIVILEGES", "OWNERSHIP", "READ", "REFERENCES"}
_BIGQUERY_READER = re.compile(r"^ROLES/BIGQUERY\.(DATA(VIEWER|EDITOR|OWNER)|ADMIN)$")
_GRANT_RE = re.compile(
    r"^\s*(?P<privileges>[\w\s,]+?)\s+ON\s+(?P<kind>ALL\s+(?:TABLES|VIEWS)\s+IN\s+SCHEMA|"
    r"FUTURE\s+(?:TABLES|VIEWS)\s+IN\s+SCHEMA|TABLE|VIEW|SECURE\s+VIEW|SCHEMA|DATABASE)?\s*"
    r"(?P<object>[\w.\"$`-]+)\s+TO\s+(?P<grantee_kind>SHARE|ROLE|DATABASE\s+ROLE|APPLICATION"
    r"\s+ROLE|USER|GROUP)?\s*(?P<grantee>[\w.\"$`@-]+)",
    re.IGNORECASE,
)
_STREAM_RE = re.compile(
    r"^\s*(?:OR\s+REPLACE\s+)?STREAM\s+(?:IF\s+NOT\s+EXISTS\s+)?(?P<stream>[\w.\"$`]+)"
    r"(?:\s+COPY\s+GRANTS)?\s+ON\s+(?:TABLE|VIEW|EXTERNAL\s+TABLE|DYNAMIC\s+TABLE)\s+"
    r"(?P<table>[\w.\"$`]+)",
    re.IGNORECASE,
)


def analyze_ddl(st: Statement, expression: exp.Expr, text: str | None = None) -> bool:
    """Fill the fact of a rename, swap, grant or stream; False when ``expression`` is none.

    ``text`` is the body of a statement sqlglot kept as a command (``GRANT … TO SHARE``,
    ``CREATE STREAM``), after its first keyword.
    """
    if isinstance(expression, exp.Alter):
        return _alter(st, expression)
    if isinstance(expression, exp.Grant):
        return _grant(st, expression)
    if isinstance(expression, exp.Command) and text is not None:
        keyword = str(expression.this).upper()
        if keyword == "GRANT":
            return _grant_text(st, text)
        if keyword == "CREATE":
            return _stream(st, text)
    return False


def _alter(st: Statement, expression: exp.Alter) -> bool:
    source = expression.this
    actions = expression.args.get("actions") or []
    if not isinstance(source, exp.Table) or len(actions) != 1:
        return False
    action = actions[0]
    if isinstance(action, exp.AlterRename) and isinstance(action.this, exp.Table):
        # The rows stay; their table's name changes: every column now lives at the new name.
        st.fact["operation"] = "rename"
        name = st.write(action.this, "rename")
        analyze_table(st, source.copy(), Sink("write", name))
        return True
    if isinstance(action, exp.SwapTable) and isinstance(action.this, exp.Table):
        st.fact["operation"] = "swap"
        left = st.write(source, "swap")
        right = st.write(action.this, "swap")
        analyze_table(st, action.this.copy(), Sink("write", left))
        analyze_table(st, source.copy(), Sink("write", right))
        return True
    return False


def _grant(st: Statement, expression: exp.Grant) -> bool:
    privileges = {p.name.upper() for p in expression.args.get("privileges") or []}
    securable = expression.args.get("securable")
    if not any(_reads(p) for p in privileges) or not isinstance(securable, exp.Table):
        return False
    grantees = [
        _grantee(str(p.args.get("kind") or ""), p.name)
        for p in expression.args.get("principals") or []
    ]
    if not grantees:
        return False
    _expose_to(st, [securable], grantees)
    return True


def _grant_text(st: Statement, text: str) -> bool:
    match = _GRANT_RE.match(text)
    if match is None:
        return False
    privileges = {p.strip().upper() for p in match.group("privileges").split(",")}
    grantee = _grantee(match.group("grantee_kind") or "", match.group("grantee"))
    reading = any(_reads(p) for p in privileges)
    # USAGE opens a database or schema to a share: the share exists, nothing is readable yet.
    if not reading and not (grantee[1] == "share" and privileges & {"USAGE", "REFERENCE_USAGE"}):
        return False
    kind = re.sub(r"\s+", " ", (match.group("kind") or "TABLE").upper())
    obj = match.group("object")
    tables: list[exp.Table] = []
    if "IN SCHEMA" in kind or kind in ("SCHEMA", "DATABASE"):
        if reading:
            tables = _tables_under(st, obj.strip('"`').lower())
    else:
        tables = [sqlglot.parse_one(obj, into=exp.Table, dialect=sqlglot_name(st.ctx.dialect))]
    _expose_to(st, tables, [grantee])
    return True


def _reads(privilege: str) -> bool:
    """Whether a privilege lets its grantee read rows (BigQuery: a data viewer/editor/owner)."""
    return privilege in _READING or bool(_BIGQUERY_READER.match(privilege))


def _grantee(kind: str, name: str) -> tuple[str, str]:
    """(target, target type) of a grantee: ``role:analistas``, ``user:ana``, a share's name.

    BigQuery members already say what they are (``user:ana@x.mx``, ``group:...``).
    """
    kind = re.sub(r"\s+", "_", kind.strip().lower()) or "user"
    name = name.strip('"`')
    if kind == "share":
        return name, "share"
    if re.match(r"^[a-z]+:", name, re.I):
        return name.lower(), "role"
    prefix = "role" if kind.endswith("role") else kind
    return f"{prefix}:{name.lower()}", "role"


def _expose_to(st: Statement, tables: list[exp.Table], grantees: list[tuple[str, str]]) -> None:
    share = grantees[0][1] == "share"
    st.fact["operation"] = "share_grant" if share else "grant"
    for target, target_type in grantees:
        st.egress("share_grant" if target_type == "share" else "grant", target, target_type, None)
    start = len(st.fact["exposures"])
    for table in tables:
        analyze_table(st, table, Sink("egress", grantees[0][0]))
    for target, _ in grantees[1:]:
        expose_also(st, start, Sink("egress", target))


def _tables_under(st: Statement, schema: str) -> list[exp.Table]:
    """The inventory tables of a schema (or database) a grant covers."""
    return [
        exp.to_table(key)
        for key in sorted(st.catalog.tables)
        if key.rsplit(".", 1)[0] == schema
        or key.rsplit(".", 1)[0].endswith("." + schema)
        or key.split(".")[0] == schema
    ]


def _stream(st: Statement, text: str) -> bool:
    match = _STREAM_RE.match(text)
    if match is None:
        return False
    # A stream publishes the table's changed rows, every column, to whoever reads it.
    st.fact["operation"] = "create_stream"
    dialect = sqlglot_name(st.ctx.dialect)
    stream = sqlglot.parse_one(match.group("stream"), into=exp.Table, dialect=dialect)
    name = st.write(stream, "stream")
    source = sqlglot.parse_one(match.group("table"), into=exp.Table, dialect=dialect)
    analyze_table(st, source, Sink("write", name))
    return True
