r"""Parse one statement: guard its size, parse its tokens, and fall back where sqlglot cannot.

The statement's tokens (already split at top-level semicolons) are checked against the
limits that keep every file's cost bounded, parsed with the dialect's parser, and — for
the two export forms sqlglot does not parse (Databricks ``INSERT OVERWRITE DIRECTORY …
USING fmt``, MySQL ``SELECT … INTO OUTFILE``) — rewritten into a tree the statements pass
understands. Anything else that does not parse is :class:`~tutela.sql.state.NotAnalysed`
with the parser's message and position.

Example:
    >>> from tutela.sql import analyze_sql
    >>> fact = analyze_sql("SELECT a FROM t\nWHERE (", dialect="postgres")[0]
    >>> fact["parsed"], fact["error"]["stage"], fact["error"]["message"][:30]
    (False, 'parse', 'sqlglot cannot parse this stat')
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlglot import exp
from sqlglot.errors import ParseError, SqlglotError
from sqlglot.tokens import Token, TokenType  # type: ignore[attr-defined]

from tutela.sql.dialects import dialect_object
from tutela.sql.state import NotAnalysed, Statement

MAX_NESTING = 200
MAX_STATEMENT_TOKENS = 200_000
# Long AND/OR/UNION chains parse into trees as deep as the chain is long; sqlglot's qualify
# and the scope walks are quadratic in that depth (a 20,000-term OR took minutes).
MAX_TREE_DEPTH = 1_000
OUTFILE = "tutela_outfile"
"""Meta key of a query parsed from ``SELECT … INTO OUTFILE 'f'``: the file it writes."""


def parse_statement(st: Statement) -> exp.Expr | None:
    """The statement's tree (None for an empty statement), within tutela's limits.

    Raises:
        NotAnalysed: the statement is over a limit or cannot be parsed.
    """
    tokens = st.chunk.tokens
    if len(tokens) > MAX_STATEMENT_TOKENS:
        raise NotAnalysed(
            f"statement has {len(tokens):,} tokens; tutela analyses "
            f"statements up to {MAX_STATEMENT_TOKENS:,}",
            None,
            "limits",
        )
    depth = _nesting(tokens)
    if depth > MAX_NESTING:
        raise NotAnalysed(
            f"statement nests parentheses {depth} levels deep; tutela analyses up to {MAX_NESTING}",
            None,
            "limits",
        )
    try:
        expression = _parse(st, tokens)
    except ParseError as exc:
        expression = _fallback(st)
        if expression is None:
            error = exc.errors[0] if exc.errors else {}
            line = error.get("line")
            col = error.get("col")
            message = str(error.get("description") or exc).split("\n")[0]
            pos = (int(line) + st.line_offset, int(col)) if line and col else None
            raise NotAnalysed(
                f"sqlglot cannot parse this statement: {message}", pos, "parse"
            ) from None
    except RecursionError:
        raise NotAnalysed("statement is too deeply nested to analyse", None, "limits") from None
    except (SqlglotError, ValueError, TypeError, AttributeError) as exc:
        raise NotAnalysed(f"sqlglot cannot parse this statement: {exc}", None, "parse") from None
    if expression is None:
        return None
    # Each level of a tree costs at least one token, give or take a few wrapper nodes
    # (From > Table > TableAlias > Identifier): short statements cannot be too deep.
    depth = _tree_depth(expression) if 3 * len(tokens) + 10 > MAX_TREE_DEPTH else 0
    if depth > MAX_TREE_DEPTH:
        raise NotAnalysed(
            f"statement's expression tree is {depth:,} levels deep (a long AND, OR or "
            f"UNION chain?); tutela analyses up to {MAX_TREE_DEPTH:,}",
            None,
            "limits",
        )
    return expression


def _parse(st: Statement, tokens: list[Token]) -> exp.Expr | None:
    parser = dialect_object(st.ctx.dialect).parser()
    results = parser.parse(tokens, st.text)
    return results[0] if results else None


def _try_parse(st: Statement, tokens: list[Token]) -> exp.Expr | None:
    """Parse for a fallback: a failure means the fallback does not apply (None)."""
    try:
        return _parse(st, tokens)
    except (SqlglotError, ValueError, TypeError, AttributeError, RecursionError):
        return None


def _fallback(st: Statement) -> exp.Expr | None:
    """A tree for the export statements sqlglot cannot parse, else None."""
    tokens = st.chunk.tokens
    upper = [t.text.upper() for t in tokens]
    # Databricks/Spark: INSERT OVERWRITE [LOCAL] DIRECTORY 'path' USING fmt [OPTIONS (..)] query
    if upper[:2] == ["INSERT", "OVERWRITE"] and "DIRECTORY" in upper[:4]:
        path_token = _directory_path(tokens, upper)
        start = _query_start(tokens, after=upper.index("DIRECTORY") + 1)
        if start is not None and path_token is not None:
            query = _try_parse(st, tokens[start:])
            if query is not None:
                directory = exp.Directory(this=exp.Literal.string(path_token.text))
                return exp.Insert(this=directory, expression=query)
    # MySQL: SELECT ... INTO OUTFILE|DUMPFILE 'file' [options] FROM ...
    for i, word in enumerate(upper[:-2]):
        if word == "INTO" and upper[i + 1] in ("OUTFILE", "DUMPFILE"):
            target = tokens[i + 2]
            stop = i + 3
            while stop < len(tokens) and upper[stop] not in (
                "FROM",
                "WHERE",
                "GROUP",
                "ORDER",
                "LIMIT",
                "UNION",
            ):
                stop += 1
            query = _try_parse(st, tokens[:i] + tokens[stop:])
            if query is not None:
                query.meta[OUTFILE] = target.text
                return query
    return None


def _nesting(tokens: Iterable[Token]) -> int:
    depth = deepest = 0
    for token in tokens:
        if token.token_type in (TokenType.L_PAREN, TokenType.L_BRACKET):
            depth += 1
            deepest = max(deepest, depth)
        elif token.token_type in (TokenType.R_PAREN, TokenType.R_BRACKET):
            depth -= 1
    return deepest


def _tree_depth(root: exp.Expr) -> int:
    """Depth of an expression tree, measured without recursion."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in node.iter_expressions())
    return deepest


def _directory_path(tokens: list[Token], upper: list[str]) -> Token | None:
    """The destination of INSERT OVERWRITE DIRECTORY.

    The string right after DIRECTORY, else the value of ``OPTIONS ('path' '...')``.
    """
    start = upper.index("DIRECTORY") + 1
    if start < len(tokens) and tokens[start].token_type == TokenType.STRING:
        return tokens[start]
    for i in range(start, len(tokens) - 1):
        if (
            tokens[i].token_type == TokenType.STRING
            and tokens[i].text.lower() == "path"
            and tokens[i + 1].token_type == TokenType.STRING
        ):
            return tokens[i + 1]
    return None


def _query_start(tokens: list[Token], after: int) -> int | None:
    for i in range(after, len(tokens)):
        if tokens[i].token_type in (TokenType.SELECT, TokenType.WITH) or (
            tokens[i].token_type == TokenType.L_PAREN
            and i + 1 < len(tokens)
            and tokens[i + 1].token_type in (TokenType.SELECT, TokenType.WITH)
            and tokens[i - 1].token_type != TokenType.VAR
            and tokens[i - 1].text.upper() != "OPTIONS"
        ):
            return i
    return None
