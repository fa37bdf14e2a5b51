"""Query shapes: one fingerprint for every execution of the same statement with other values.

Two steps, so that the cost per execution stays a few vectorised string operations:

1. **Pre-key** (per row, in DuckDB or Spark): the text with quoted strings and numbers
   replaced by ``?`` and runs of white space collapsed, hashed with MD5
   (:data:`PREKEY_STEPS`). Executions that differ only in their values share a pre-key.
2. **Fingerprint** (once per distinct pre-key, here): sqlglot parses the text, replaces
   every literal and parameter (``$1``, ``:name``, ``?``) by a placeholder, keeps one row of
   a ``VALUES`` list and one item of an ``IN`` list of placeholders, drops comments, and
   prints it with identifiers normalised (:func:`normalize`). Its SHA-256 is the
   fingerprint; pre-keys that print the same (case, spacing, ``IN`` list length) merge.

Text that sqlglot cannot parse keeps the pre-key text as its shape; the judgement of that
shape then reports it as not analysed (SQL001), so nothing is dropped silently.
"""

from __future__ import annotations

import hashlib
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError

NORMALIZER_VERSION = "1"
"""Bump when :func:`normalize` changes: stored pre-key -> fingerprint maps are recomputed."""

PREKEY_STEPS: tuple[tuple[str, str], ...] = (
    (r"'(?:[^']|'')*'", "?"),  # quoted strings ('' is an escaped quote)
    (r"\b[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?\b", "?"),  # numbers
    (r"\s+", " "),  # white space
)
"""(pattern, replacement) pairs applied in order; the same patterns in RE2 and Java regex."""

VERBATIM = r"(?is)^\s*(?:(?:--[^\n]*\n|/\*.*?\*/)\s*)*(?:copy|unload|export|execute\s+immediate)\b"
"""Statements whose literals are not values: the destination of ``COPY INTO 's3://…'`` or
``EXPORT DATA (uri = …)``, the query of Redshift's ``UNLOAD ('SELECT …')``. Their shape is
their whole text (white space collapsed), so two exports to different places never merge."""


def prekey_sql(column: str, *, engine: str = "duckdb") -> str:
    """The SQL expression (DuckDB or Spark SQL) that computes a row's pre-key.

    Example:
        >>> prekey_sql("q")[:30]
        'md5(trim(CASE WHEN regexp_matc'

    """
    expr = column
    spaces = PREKEY_STEPS[-1]
    for pattern, repl in PREKEY_STEPS:
        if engine == "spark":
            pat = pattern.replace("\\", "\\\\").replace("'", "\\'")
            expr = f"regexp_replace({expr}, '{pat}', '{repl}')"
        else:
            pat = pattern.replace("'", "''")
            expr = f"regexp_replace({expr}, '{pat}', '{repl}', 'g')"
    if engine == "spark":
        verbatim = VERBATIM.replace("\\", "\\\\")
        plain = f"regexp_replace({column}, '{spaces[0].replace(chr(92), chr(92) * 2)}', ' ')"
        return f"md5(trim(CASE WHEN {column} RLIKE '{verbatim}' THEN {plain} ELSE {expr} END))"
    plain = f"regexp_replace({column}, '{spaces[0]}', ' ', 'g')"
    return (
        f"md5(trim(CASE WHEN regexp_matches({column}, '{VERBATIM}') THEN {plain} ELSE {expr} END))"
    )


def prekey_text(text: str) -> str:
    """The pre-key's text, computed in Python (what the SQL expression hashes).

    Example:
        >>> prekey_text("SELECT a FROM t WHERE id = 42 AND n = 'x''y'")
        'SELECT a FROM t WHERE id = ? AND n = ?'
    """
    import re

    if re.search(VERBATIM, text):
        return re.sub(r"\s+", " ", text).strip()
    out = text
    for pattern, repl in PREKEY_STEPS:
        out = re.sub(pattern, repl, out)
    return out.strip()


_VALUES = (exp.Literal, exp.Parameter, exp.Placeholder, exp.National)


def _placeholders(node: exp.Expression) -> exp.Expression:
    # sqlglot's transform visits a node before its children: an IN list is collapsed while
    # its items are still literals, then each item becomes a placeholder.
    if isinstance(node, _VALUES):
        return exp.Placeholder()
    if isinstance(node, exp.Values):
        rows = node.expressions
        if len(rows) > 1:
            node.set("expressions", [rows[0]])
        return node
    if isinstance(node, exp.In):
        items = node.expressions
        if len(items) > 1 and all(isinstance(i, _VALUES) for i in items):
            node.set("expressions", [items[0]])
    return node


def normalize(text: str, dialect: str) -> str:
    """The normalised text of a query: literals and parameters out, comments out.

    Example:
        >>> normalize("select Nombre from crm.clientes where id in (1, 2, 3) -- x", "snowflake")
        'SELECT nombre FROM crm.clientes WHERE id IN (?)'
        >>> normalize("SELECT a FROM t WHERE id = $1", "postgres")
        'SELECT a FROM t WHERE id = %s'
        >>> normalize("INSERT INTO t VALUES (1, 'a'), (2, 'b')", "snowflake")
        'INSERT INTO t VALUES (?, ?)'
        >>> normalize("COPY INTO 's3://b/x/'  FROM (SELECT 1)", "snowflake")
        "verbatim: COPY INTO 's3://b/x/' FROM (SELECT 1)"
    """
    import re

    if re.search(VERBATIM, text):
        return "verbatim: " + re.sub(r"\s+", " ", text).strip()
    try:
        expressions = sqlglot.parse(text, read=dialect)
    except (SqlglotError, ValueError, RecursionError):
        return "unparsed: " + prekey_text(text)
    parts = []
    for expression in expressions:
        if expression is None:
            continue
        try:
            done = expression.transform(_placeholders, copy=False)
            parts.append(done.sql(dialect=dialect, normalize=True, comments=False))
        except (SqlglotError, ValueError, RecursionError):
            return "unparsed: " + prekey_text(text)
    return ";\n".join(parts) if parts else "unparsed: " + prekey_text(text)


def fingerprint(normalized: str, dialect: str) -> str:
    """A shape's fingerprint: SHA-256 (first 16 hex digits) of the dialect and its text.

    Example:
        >>> fingerprint("SELECT ?", "snowflake")
        '640272b9d0010ceb'

    """
    digest = hashlib.sha256(f"{dialect}\0{normalized}".encode())
    return digest.hexdigest()[:16]


def shape_of(text: str, dialect: str) -> tuple[str, str]:
    """(fingerprint, normalised text) of one query."""
    normalized = normalize(text, dialect)
    return fingerprint(normalized, dialect), normalized


def shapes_of(rows: Any) -> list[tuple[str, str, str, str]]:
    """(dialect, prekey, fingerprint, normalised) for each (dialect, prekey, text) row."""
    out = []
    for dialect, prekey, text in rows:
        fp, normalized = shape_of(text, dialect)
        out.append((dialect, prekey, fp, normalized))
    return out
