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

import bisect
import logging
import time
from collections.abc import Iterator
from typing import Any

from sqlglot.errors import SqlglotError, TokenError
from sqlglot.tokens import Token, TokenType  # type: ignore[attr-defined]

from tutela.errors import SQLInputError
from tutela.sql.catalog import Catalog
from tutela.sql.dialects import DIALECTS, dialect_object
from tutela.sql.parse import parse_statement
from tutela.sql.source import LineIndex, Pragma, find_pragmas, header_end, normalize_newlines
from tutela.sql.state import (
    FACTS_VERSION,
    Chunk,
    NotAnalysed,
    Statement,
    StatementContext,
    unparsed_fact,
)
from tutela.sql.statements import analyze_statement

__all__ = [
    "DEFAULT_MAX_STATEMENTS",
    "DEFAULT_TIME_BUDGET",
    "DIALECTS",
    "FACTS_VERSION",
    "analyze_sql",
    "iter_statements",
    "split_statements",
]

DEFAULT_MAX_STATEMENTS = 5_000
"""Statements analysed per file by default (configuration key ``max_statements``)."""
DEFAULT_TIME_BUDGET = 60.0
"""Seconds of analysis per file by default (configuration key ``file_time_budget``)."""
PIECE_CHARS = 256 * 1024

logging.getLogger("sqlglot").setLevel(logging.CRITICAL)  # its fallbacks are ours to report
log = logging.getLogger("tutela")


def split_statements(text: str, dialect: str) -> list[Chunk]:
    """Tokenize ``text`` and split it at top-level semicolons.

    Raises:
        TokenError: when the text cannot be tokenized (e.g. an unterminated string).
    """
    try:
        return list(iter_statements(text, dialect))
    except Untokenizable as exc:
        raise exc.error from None


class Untokenizable(Exception):
    """The text from ``offset`` on cannot be tokenized (the statements before it can)."""

    def __init__(self, error: Exception, offset: int) -> None:
        super().__init__(str(error))
        self.error = error
        self.offset = offset


def iter_statements(text: str, dialect: str, piece: int = PIECE_CHARS) -> Iterator[Chunk]:
    """Yield the statements of ``text`` one by one, tokenizing it a piece at a time.

    A file is tokenized in pieces of about ``piece`` characters that end at a line break,
    so a caller that stops early (a statement budget) never pays for the rest of the file,
    and memory holds one piece's tokens, not the whole file's. Every piece starts where a
    statement starts; the statement a piece cuts off is tokenized again, whole, in the next
    one (some dialects read a command's text raw, up to the next ``;``). A piece that ends
    inside a string or comment fails to tokenize and is grown, as is a piece holding no
    complete statement. Tokens are shifted to their offsets and lines in the whole text.

    Raises:
        Untokenizable: the text from its ``offset`` on cannot be tokenized.

    Example:
        >>> [(c.start, c.end) for c in iter_statements("SELECT 1;\\nSELECT 'a;b'", "ansi", 4)]
        [(0, 7), (10, 21)]
    """
    dialect_obj = dialect_object(dialect)
    start, line, size = 0, 0, len(text)
    grow = piece
    while start < size:
        end = _piece_end(text, start, grow)
        try:
            tokens = dialect_obj.tokenize(text[start:end])
        except (TokenError, SqlglotError, ValueError) as exc:
            if end >= size:
                raise Untokenizable(exc, start) from None
            grow *= 2
            continue
        last = max(
            (i for i, t in enumerate(tokens) if t.token_type == TokenType.SEMICOLON), default=-1
        )
        if end < size:
            if last < 0:  # no statement ends in this piece: take more
                grow *= 2
                continue
            tokens = tokens[: last + 1]  # the cut-off statement starts the next piece
        grow = piece
        current: list[Token] = []
        for token in tokens:
            token.start += start
            token.end += start
            token.line += line
            if token.token_type == TokenType.SEMICOLON:
                if current:
                    yield Chunk(current, current[0].start, current[-1].end)
                current = []
            else:
                current.append(token)
        if current:  # the file's last statement, with no semicolon
            yield Chunk(current, current[0].start, current[-1].end)
        consumed = tokens[-1].end + 1 if end < size else size
        line += text.count("\n", start, consumed)
        start = consumed


def _piece_end(text: str, start: int, piece: int) -> int:
    """The end of a piece: just after the last line break within ``piece`` characters."""
    if len(text) - start <= piece:
        return len(text)
    cut = text.rfind("\n", start, start + piece)
    if cut < 0:  # one very long line: cut at its end
        cut = text.find("\n", start + piece)
        return len(text) if cut < 0 else cut + 1
    return cut + 1


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
    max_statements: int | None = DEFAULT_MAX_STATEMENTS,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
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
        max_statements: statements analysed per text; the rest of a longer text becomes
            one not-analysed fact (SQL001), so the cost of a file is bounded. None: no cap.
        time_budget: seconds of analysis per text, likewise (None: no budget). A safety net
            for hostile input: ordinary files take a fraction of a second.

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
    candidates = find_pragmas(text)  # what looks like a pragma; kept when in a real comment
    header = header_end(text)
    file_dialect = dialect
    for pragma in candidates:
        if pragma.offset < header and "dialect" in pragma.values:
            file_dialect = pragma.values["dialect"].lower()
            break
    pragmas: list[Pragma] = []
    pending = iter(candidates)
    candidate = next(pending, None)
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
    facts: list[dict[str, Any]] = []
    deadline = time.monotonic() + time_budget if time_budget else None

    def rest(offset: int, reason: str, stage: str) -> dict[str, Any]:
        """The fact for the rest of the file from ``offset``, which was not analysed."""
        line, col = index.position(offset)
        ctx = _context_for(
            pragmas, line, len(facts), file, file_dialect, purpose, purpose_source, encoding
        )
        span = (line + line_offset, col, index.position(len(text))[0] + line_offset, 1)
        return unparsed_fact(ctx, span, reason, None, stage)

    chunks = iter_statements(text, file_dialect)
    previous_line = 0  # first line of the previous statement
    try:
        for number, chunk in enumerate(chunks):
            # Candidates before this statement lie between tokens: real comments.
            while candidate is not None and candidate.offset < chunk.start:
                pragmas.append(candidate)
                candidate = next(pending, None)
            if max_statements is not None and number >= max_statements:
                facts.append(rest(chunk.start, _over_count(max_statements), "limits"))
                break
            if deadline is not None and time.monotonic() > deadline:
                facts.append(rest(chunk.start, _over_time(time_budget or 0), "limits"))
                break
            # Candidates inside the statement: comments between its tokens count (a pragma on
            # its first line for it, later ones for the statements after it); text inside a
            # token (a string literal, a quoted identifier) does not.
            starts = [t.start for t in chunk.tokens]
            while candidate is not None and candidate.offset <= chunk.end:
                at = bisect.bisect_right(starts, candidate.offset) - 1
                if at < 0 or candidate.offset > chunk.tokens[at].end:
                    pragmas.append(candidate)
                candidate = next(pending, None)
            first_line = index.position(chunk.start)[0]
            _check_purpose_conflict(pragmas, previous_line, first_line, file, line_offset)
            previous_line = first_line
            ctx = _context_for(
                pragmas, first_line, number, file, file_dialect, purpose, purpose_source, encoding
            )
            statement = Statement(text, chunk, ctx, catalog, index, line_offset)
            facts.append(_analyze_statement(statement))
    except Untokenizable as exc:
        facts.append(rest(exc.offset, f"cannot tokenize: {exc.error}", "tokenize"))
    return facts


def _check_purpose_conflict(
    pragmas: list[Pragma], after: int, upto: int, file: str, line_offset: int
) -> None:
    """Two purpose pragmas for one statement (lines in ``(after, upto]``) are an input error.

    Raises:
        SQLInputError: naming both lines.
    """
    found = [p for p in pragmas if after < p.line <= upto and "purpose" in p.values]
    if len(found) < 2:
        return
    first, second = found[0], found[1]
    scope = "the file" if after == 0 else f"the statement on line {upto + line_offset}"
    raise SQLInputError(
        f"two purpose pragmas for {scope}: line {first.line + line_offset} "
        f"(purpose={first.values['purpose']}) and line {second.line + line_offset} "
        f"(purpose={second.values['purpose']})",
        file,
        second.line + line_offset,
        1,
        hint="keep one `-- tutela: purpose=...` line; a pragma applies to the statement after "
        "it, or to the whole file before the first statement",
    )


def _over_count(limit: int) -> str:
    return (
        f"the file has more than {limit:,} statements; tutela analysed the first {limit:,} "
        "and not the rest (split the file, or raise `max_statements` in the configuration)"
    )


def _over_time(budget: float) -> str:
    return (
        f"analysing the file took longer than its budget of {budget:g} s; the statements from "
        "here on were not analysed (split the file, or raise `file_time_budget` in the "
        "configuration)"
    )


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
