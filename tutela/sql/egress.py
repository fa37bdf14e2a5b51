r"""Egress: statements that send data out of the warehouse, and where to.

``COPY INTO @stage`` / ``COPY INTO 's3://…'`` (Snowflake), ``COPY … TO`` file, STDOUT or
PROGRAM (PostgreSQL), ``UNLOAD ('query') TO 's3://…'`` (Redshift), ``EXPORT DATA`` (BigQuery),
``GRANT … TO SHARE`` and ``CREATE/ALTER SHARE`` (Snowflake). Each records an ``egress`` entry
(kind, destination, destination type) and analyses the query whose rows leave, with the
destination as its sink. A load (``COPY INTO table FROM @stage``) is a write, not an egress.

Example:
    >>> from tutela.sql import Catalog, analyze_sql
    >>> cat = Catalog.from_datasets([{"table": "crm.clientes", "columns": [
    ...     {"name": "curp", "category": "identificacion"}]}])
    >>> fact = analyze_sql("COPY INTO @bpo/salida/\nFROM (SELECT curp FROM crm.clientes)",
    ...                    dialect="snowflake", catalog=cat)[0]
    >>> [(e["kind"], e["target"], e["target_type"]) for e in fact["egress"]]
    [('copy_into_location', '@bpo/salida/', 'stage')]
    >>> [(e["column"], e["sink"], e["target"]) for e in fact["exposures"]]
    [('curp', 'egress', '@bpo/salida/')]
"""

from __future__ import annotations

import re

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

from tutela.sql.ddl import analyze_ddl
from tutela.sql.dialects import sqlglot_name
from tutela.sql.query import analyze_query, analyze_table
from tutela.sql.source import LineIndex
from tutela.sql.state import (
    NotAnalysed,
    Sink,
    Statement,
    refuse_hidden_data_flow,
    refuse_procedure_call,
)

_STAGE_RE = re.compile(r"^@")
_PROGRAM_RE = re.compile(r"\bTO\s+PROGRAM\s+'((?:[^']|'')*)'", re.IGNORECASE)
_UNLOAD_RE = re.compile(r"^\s*\(\s*'((?:[^']|'')*)'\s*\)\s*TO\s+'((?:[^']|'')*)'", re.I | re.S)
_SHARE_RE = re.compile(
    r"^\s*(?:SELECT|USAGE|REFERENCE_USAGE)\s+ON\s+(?:ALL\s+TABLES\s+IN\s+SCHEMA|TABLE|VIEW|"
    r"SECURE\s+VIEW|SCHEMA|DATABASE)\s+([\w.\"$`]+)\s+TO\s+SHARE\s+([\w.\"$`]+)",
    re.IGNORECASE,
)
_SHARE_RE = re.compile(
    r"^\s*(?:OR\s+REPLACE\s+)?SHARE\s+(?:IF\s+(?:NOT\s+)?EXISTS\s+)?([\w.\"$`]+)(.*)$", re.I | re.S
)
_ACCOUNTS_RE = re.compile(
    r"\b(?:ADD|SET)\s+ACCOUNTS\s*=\s*([\w.\"`$]+(?:\s*,\s*[\w.\"`$]+)*)", re.I
)
MAINTENANCE = frozenset(
    {"VACUUM", "ANALYZE", "OPTIMIZE", "REFRESH", "MSCK", "CLUSTER", "REINDEX", "FSCK", "CHECKPOINT"}
)
"""First keywords of maintenance statements: they move no data (an SQL002 warning at most)."""


def analyze_egress(st: Statement, expression: exp.Copy | exp.Export | exp.Command) -> None:
    """Fill the fact of a COPY, EXPORT DATA or opaque command (UNLOAD, GRANT, SHARE...).

    Raises:
        NotAnalysed: an UNLOAD whose query cannot be read, or an opaque command that reads
            or moves data in a form tutela does not model.
    """
    if isinstance(expression, exp.Copy):
        _copy(st, expression)
    elif isinstance(expression, exp.Export):
        _export(st, expression)
    else:
        _command(st, expression)


def _copy(st: Statement, expression: exp.Copy) -> None:
    target = expression.this
    files = expression.args.get("files") or []
    into = bool(expression.args.get("kind"))  # True: COPY INTO target FROM source
    if into:
        target_text = _location_text(target)
        if target_text is not None:  # unload to a stage or a location
            st.fact["operation"] = "copy_into_location"
            st.egress("copy_into_location", target_text, target_type(target_text), target)
            source = files[0] if files else None
            _copy_source(st, source, Sink("egress", target_text))
            return
        st.fact["operation"] = "copy_in"
        st.write(target, "load")
        return
    # PostgreSQL: COPY table|(query) TO 'file' | STDOUT | PROGRAM 'cmd'
    program = _PROGRAM_RE.search(st.text[st.chunk.start : st.chunk.end + 1])
    if program:
        destination, dtype = program.group(1).replace("''", "'"), "program"
    elif files:
        first = files[0]
        destination = first.name if isinstance(first, exp.Literal) else first.sql()
        dtype = "stdout" if destination.upper() in ("STDOUT", "STDIN") else "file"
    else:
        destination, dtype = "?", "unknown"
    if dtype == "stdout" and destination.upper() == "STDIN":
        st.fact["operation"] = "copy_in"
        st.write(target, "load")
        return
    st.fact["operation"] = "copy_to"
    st.egress("copy_to", destination, dtype, expression)
    _copy_source(st, target, Sink("egress", destination))


def _copy_source(st: Statement, source: exp.Expr | None, sink: Sink) -> None:
    if isinstance(source, exp.Subquery):
        analyze_query(st, source.this, sink)
    elif isinstance(source, exp.Table):
        analyze_table(st, source.copy(), sink)
    elif isinstance(source, exp.Schema) and isinstance(source.this, exp.Table):
        columns = [
            exp.Column(this=c.copy()) if isinstance(c, exp.Identifier) else c.copy()
            for c in source.expressions
        ] or [exp.Star()]
        analyze_query(st, exp.select(*columns).from_(source.this.copy()), sink)
    elif isinstance(source, exp.Query):
        analyze_query(st, source, sink)


def _export(st: Statement, expression: exp.Export) -> None:
    st.fact["operation"] = "export_data"
    uri = "?"
    options = expression.args.get("options")
    if isinstance(options, exp.Properties):
        for prop in options.expressions:
            if isinstance(prop, exp.Property) and prop.name.lower() == "uri":
                uri = prop.args["value"].name
    st.egress("export_data", uri, target_type(uri), expression)
    if isinstance(expression.this, exp.Query):
        analyze_query(st, expression.this, Sink("egress", uri))


def _command(st: Statement, expression: exp.Command) -> None:
    keyword = str(expression.this).upper()
    body = expression.expression
    rest = body.name if isinstance(body, exp.Literal) else str(body or "")
    st.fact["command"] = keyword.lower()
    if keyword == "UNLOAD":
        _unload(st, rest)
        return
    if keyword in MAINTENANCE:
        st.fact["operation"] = "command"  # VACUUM DELETE ONLY t names DELETE, moves nothing
        return
    if keyword == "CALL":
        # A procedure may read or move any data, and its body is not in this statement.
        refuse_procedure_call("call")
    if analyze_ddl(st, expression, rest):
        return
    if keyword in ("CREATE", "ALTER") and _SHARE_RE.match(rest):
        share_match = _SHARE_RE.match(rest)
        if share_match is None:  # pragma: no cover - checked by the condition above
            return
        st.fact["operation"] = f"{keyword.lower()}_share"
        st.egress(f"{keyword.lower()}_share", share_match.group(1).strip('"`'), "share", None)
        # ALTER SHARE s ADD|SET ACCOUNTS = org.a, org.b: the consumers the share opens to
        accounts = _ACCOUNTS_RE.search(share_match.group(2))
        if accounts is not None:
            st.fact["egress"][-1]["accounts"] = [
                a.strip().strip('"`').lower() for a in accounts.group(1).split(",") if a.strip()
            ]
        return
    st.fact["operation"] = "command"
    # CREATE TASK ... AS COPY INTO ..., CREATE PROCEDURE ... AS $$ ... SELECT ... $$
    refuse_hidden_data_flow(st, expression, rest)


def _unload(st: Statement, rest: str) -> None:
    match = _UNLOAD_RE.match(rest)
    st.fact["operation"] = "unload"
    if not match:
        raise NotAnalysed(
            "UNLOAD without a ('query') TO 'location' part", None, "parse", {"operation": "unload"}
        )
    inner, target = match.group(1).replace("''", "'"), match.group(2).replace("''", "'")
    st.egress("unload", target, target_type(target), None)
    # Positions of the embedded query: the string starts after "('" in the statement.
    statement = st.text[st.chunk.start : st.chunk.end + 1]
    quote = statement.find("'")
    base_line, base_col = st.index.position(st.chunk.start + max(quote, 0) + 1)
    try:
        query = sqlglot.parse_one(inner, dialect=sqlglot_name(st.ctx.dialect))
    except (SqlglotError, RecursionError) as exc:
        # The statement is still an UNLOAD to that destination: the fact says so.
        raise NotAnalysed(
            f"cannot parse the UNLOAD query: {exc}",
            (base_line, base_col),
            "parse",
            {"operation": "unload", "command": "unload", "egress": list(st.fact["egress"])},
        ) from None
    with st.embedded(inner, _ShiftedIndex(LineIndex(inner), base_line, base_col)):
        analyze_query(st, query, Sink("egress", target))


class _ShiftedIndex:
    """Positions inside an embedded SQL string, mapped to the enclosing file."""

    def __init__(self, inner: LineIndex, base_line: int, base_col: int) -> None:
        self.inner = inner
        self.base_line = base_line
        self.base_col = base_col

    def position(self, offset: int) -> tuple[int, int]:
        line, col = self.inner.position(offset)
        if line == 1:
            return self.base_line, self.base_col + col - 1
        return self.base_line + line - 1, col


def _location_text(target: exp.Expr | None) -> str | None:
    if (
        isinstance(target, exp.Table)
        and isinstance(target.this, exp.Var)
        and _STAGE_RE.match(target.this.name)
    ):
        return target.this.name
    if isinstance(target, exp.Table) and isinstance(target.this, exp.Literal):
        return target.this.name
    if isinstance(target, exp.Literal):
        return target.name
    if isinstance(target, exp.Var) and _STAGE_RE.match(target.name):
        return target.name
    return None


def target_type(target: str) -> str:
    """Classify an egress destination.

    Example:
        >>> [target_type(t) for t in ["@bpo/x", "s3://b/k", "gs://b", "/tmp/f.csv"]]
        ['stage', 'uri', 'uri', 'file']
    """
    if target.startswith("@"):
        return "stage"
    if re.match(r"^[a-z][a-z0-9+.-]*://", target, re.I):
        return "uri"
    return "file"
