"""SQL text -> one fact document per statement (the contract with the policies).

The fact says what a statement *does* with data — never whether that is allowed.
Its JSON shape is versioned (``FACTS_VERSION``) and documented in
``tutela/schemas/facts.schema.json`` and docs/facts.md.

The analysis is a short pipeline of passes, one module each, run in order over one
statement and filling one fact (:class:`~tutela.sql.state.Statement`), the way sqlglot's
optimizer is one module per rule::

    file        normalise newlines -> pragmas -> tokenize -> split at ';'      (this module)
    parse       limits, parse, fallbacks for what sqlglot cannot parse        (parse.py)
    statements  operation, writes; each query and the sink its output goes to (statements.py)
    egress      COPY / UNLOAD / EXPORT / shares: destinations                 (egress.py)
    per query   (query.py):
      resolve     reads, unknown tables, stars; qualify; scopes and lineage   (resolve.py)
      exposures   where each value goes, through which transforms             (exposures.py)
      references  columns used to decide (WHERE, JOIN, GROUP BY...)           (references.py)
      predicates  consent filters, time filters                               (predicates.py)
      exclusion   anti-joins against exclusion lists                          (exclusion.py)

A statement that cannot be parsed, or that a pass cannot analyse soundly, still yields a
fact, with ``parsed: false`` and the reason and position (the pass raised
:class:`~tutela.sql.state.NotAnalysed`): nothing is dropped silently.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlglot.errors import SqlglotError, TokenError
from sqlglot.tokens import Token, TokenType  # type: ignore[attr-defined]

from tutela.sql.catalog import Catalog
from tutela.sql.dialects import DIALECTS, dialect_object
from tutela.sql.parse import parse_statement
from tutela.sql.source import LineIndex, find_pragmas, normalize_newlines
from tutela.sql.state import (
    FACTS_VERSION,
    Chunk,
    NotAnalysed,
    Statement,
    StatementContext,
    unparsed_fact,
)
from tutela.sql.statements import analyze_statement

__all__ = ["DIALECTS", "FACTS_VERSION", "analyze_sql", "split_statements"]

logging.getLogger("sqlglot").setLevel(logging.CRITICAL)  # its fallbacks are ours to report
log = logging.getLogger("tutela")


def split_statements(text: str, dialect: str) -> list[Chunk]:
    """Tokenize ``text`` once and split it at top-level semicolons.

    Raises:
        TokenError: when the text cannot be tokenized (e.g. an unterminated string).
    """
    tokens = dialect_object(dialect).tokenize(text)
    chunks: list[Chunk] = []
    current: list[Token] = []
    for token in tokens:
        if token.token_type == TokenType.SEMICOLON:
            if current:
                chunks.append(Chunk(current, current[0].start, current[-1].end))
            current = []
            continue
        current.append(token)
    if current:
        chunks.append(Chunk(current, current[0].start, current[-1].end))
    return chunks


def analyze_sql(
    text: str,
    *,
    dialect: str,
    catalog: Catalog | None = None,
    file: str = "<stdin>",
    purpose: str | None = None,
    purpose_source: str = "none",
    encoding: str = "utf-8",
    line_offset: int = 0,
) -> list[dict[str, Any]]:
    """Return one fact per statement of ``text``.

    Args:
        text: SQL text (any newline convention).
        dialect: sqlglot dialect name; a file pragma ``-- tutela: dialect=x`` overrides it.
        catalog: the inventory's tables (:class:`Catalog`); empty when None.
        file: name recorded in the facts' locations.
        purpose: purpose from configuration or dbt ``meta`` (pragmas override it).
        purpose_source: where ``purpose`` came from (``config``, ``dbt``, ``none``).
        encoding: the encoding the text was decoded from (recorded in the facts).
        line_offset: added to every line (for SQL embedded in another file).

    Example:
        >>> cat = Catalog.from_datasets([{"table": "crm.clientes", "columns": [
        ...     {"name": "curp", "category": "identificacion"},
        ...     {"name": "id", "category": "clave"}]}])
        >>> fact = analyze_sql("SELECT curp FROM crm.clientes", dialect="postgres",
        ...                    catalog=cat)[0]
        >>> [(e["table"], e["column"], e["sink"]) for e in fact["exposures"]]
        [('crm.clientes', 'curp', 'result')]
    """
    catalog = catalog or Catalog.empty()
    text = normalize_newlines(text)
    index = LineIndex(text)
    pragmas = find_pragmas(text)
    file_dialect = dialect
    for pragma in pragmas:
        if "dialect" in pragma.values:
            file_dialect = pragma.values["dialect"].lower()
            break
    if file_dialect not in DIALECTS:
        return [
            unparsed_fact(
                StatementContext(
                    file, file_dialect, 0, purpose, purpose_source, None, None, encoding
                ),
                (1 + line_offset, 1, 1 + line_offset, 1),
                f"unknown SQL dialect {file_dialect!r} (known: {', '.join(DIALECTS)})",
                None,
                "dialect",
            )
        ]
    try:
        chunks = split_statements(text, file_dialect)
    except (TokenError, SqlglotError, ValueError) as exc:
        ctx = StatementContext(file, file_dialect, 0, purpose, purpose_source, None, None, encoding)
        return [
            unparsed_fact(
                ctx,
                (1 + line_offset, 1, index.position(len(text))[0] + line_offset, 1),
                f"cannot tokenize: {exc}",
                None,
                "tokenize",
            )
        ]
    facts = []
    for number, chunk in enumerate(chunks):
        first_line = index.position(chunk.start)[0]
        ctx = _context_for(
            pragmas, first_line, number, file, file_dialect, purpose, purpose_source, encoding
        )
        facts.append(_analyze_statement(Statement(text, chunk, ctx, catalog, index, line_offset)))
    return facts


def _context_for(
    pragmas: list[Any],
    first_line: int,
    number: int,
    file: str,
    dialect: str,
    purpose: str | None,
    purpose_source: str,
    encoding: str,
) -> StatementContext:
    ctx = StatementContext(file, dialect, number, purpose, purpose_source, None, None, encoding)
    # File-level pragmas come first; a later pragma before this statement overrides them.
    for pragma in pragmas:
        if pragma.line > first_line:
            break
        if "purpose" in pragma.values:
            ctx.purpose = pragma.values["purpose"]
            ctx.purpose_source = "pragma"
            ctx.purpose_line = pragma.line
        if "share" in pragma.values:
            ctx.share = pragma.values["share"]
    return ctx


def _analyze_statement(st: Statement) -> dict[str, Any]:
    """Run the passes over one statement; a statement they cannot analyse fails closed."""
    try:
        expression = parse_statement(st)
        if expression is None:
            st.fact["operation"] = "empty"
            return st.fact
        analyze_statement(st, expression)
    except NotAnalysed as exc:
        return _not_analysed(st, exc)
    except RecursionError:
        return _not_analysed(
            st, NotAnalysed("statement is too deeply nested to analyse", None, "limits")
        )
    except (AttributeError, TypeError, KeyError, IndexError, ValueError, SqlglotError) as exc:
        # A statement shape the analyser does not handle: fail closed on this statement
        # (an SQL001 error names it) and keep judging the others.
        log.debug("analyser error", exc_info=True)
        reason = (
            f"tutela could not analyse this statement ({type(exc).__name__}: {exc}); "
            "please report it"
        )
        return _not_analysed(st, NotAnalysed(reason, None, "analyse"))
    return st.fact


def _not_analysed(st: Statement, exc: NotAnalysed) -> dict[str, Any]:
    fact = unparsed_fact(st.ctx, st.span(), exc.reason, exc.pos, exc.stage)
    fact.update(exc.keep)
    return fact
