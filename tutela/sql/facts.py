"""SQL text -> one fact document per statement (the contract with the policies).

The fact says what a statement *does* with data — never whether that is allowed.
Its JSON shape is versioned (``FACTS_VERSION``) and documented in
``tutela/schemas/facts.schema.json`` and docs/facts.md.

Pipeline per file (each step a function below, in this order)::

    decode -> normalise newlines -> pragmas -> tokenize -> split at ';'
      -> per statement: guard depth -> parse (with fallbacks for what sqlglot
         cannot parse) -> operation & sinks -> rewrite inventory tables ->
         qualify -> scopes -> exposures, references, consent filters,
         exclusion checks, time filters, stars, unclassified columns

A statement that cannot be parsed still yields a fact, with ``parsed: false`` and the
parser's message and position: nothing is dropped silently.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import ParseError, SqlglotError, TokenError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import Scope, build_scope
from sqlglot.tokens import Token, TokenType  # type: ignore[attr-defined]

from tutela.sql import timebounds
from tutela.sql.catalog import Catalog, TableInfo
from tutela.sql.lineage import READ_TAG, Flow, Lineage, table_name
from tutela.sql.personal import looks_personal, personal_literal
from tutela.sql.source import LineIndex, find_pragmas, normalize_newlines

FACTS_VERSION = 1
MAX_NESTING = 200
MAX_STATEMENT_TOKENS = 200_000
# Long AND/OR/UNION chains parse into trees as deep as the chain is long; sqlglot's qualify
# and the scope walks are quadratic in that depth (a 20,000-term OR took minutes).
MAX_TREE_DEPTH = 1_000

DIALECTS = (
    "ansi",
    "snowflake",
    "bigquery",
    "postgres",
    "redshift",
    "databricks",
    "spark",
    "mysql",
    "tsql",
    "duckdb",
    "sqlite",
    "oracle",
    "trino",
    "presto",
    "hive",
    "clickhouse",
)

logging.getLogger("sqlglot").setLevel(logging.CRITICAL)  # its fallbacks are ours to report
log = logging.getLogger("tutela")

# Transforms that do not carry the input value through (aggregates, hashes, masks,
# comparisons, generalisations). Everything else — including unknown functions and UDFs —
# is treated as value-preserving, so an unknown function never hides a value.
NON_PRESERVING = frozenset(
    {
        "count",
        "sum",
        "avg",
        "stddev",
        "stddevpop",
        "stddevsamp",
        "variance",
        "variancepop",
        "approxdistinct",
        "approx_count_distinct",
        "countif",
        "hll",
        "median",
        "quantile",
        "approxquantile",
        "percentilecont",
        "percentiledisc",
        "corr",
        "covarsamp",
        "covarpop",
        "md5",
        "md5digest",
        "sha",
        "sha1",
        "sha2",
        "sha256",
        "sha512",
        "farm_fingerprint",
        "farmfingerprint",
        "sha1digest",
        "sha2digest",
        "digest",
        "crypt",
        "fnv_hash",
        "func_sha1",
        "checksum",
        "binary_checksum",
        "stuff",
        "overlay",
        "hash",
        "hash_agg",
        "xxhash64",
        "crc32",
        "hmac",
        "standardhash",
        "md5_hex",
        "md5_number_lower64",
        "sha1_hex",
        "sha2_hex",
        "keyed_hash",
        "right",
        "left",
        "substring",
        "substr",
        "regexpreplace",
        "regexp_replace",
        "translate",
        "mask",
        "mask_last_n",
        "mask_first_n",
        "mask_show_last_n",
        "mask_show_first_n",
        "repeat",
        "length",
        "len",
        "bytelength",
        "octet_length",
        "char_length",
        "eq",
        "neq",
        "gt",
        "gte",
        "lt",
        "lte",
        "is",
        "like",
        "ilike",
        "in",
        "between",
        "not",
        "and",
        "or",
        "exists",
        "regexplike",
        "regexp_like",
        "startswith",
        "contains",
        "year",
        "month",
        "quarter",
        "week",
        "dayofweek",
        "extract",
        "datetrunc",
        "timestamptrunc",
        "date_trunc",
        "trunc",
        "datediff",
        "timestampdiff",
        "round",
        "floor",
        "ceil",
        "sign",
        "abs",
        "isnull",
        "is_null",
        "nvl2",
    }
)

_STAGE_RE = re.compile(r"^@")
_DATA_KEYWORDS = re.compile(
    r"\b(SELECT|INSERT|COPY\s+INTO|UNLOAD|EXPORT\s+DATA|MERGE|UPDATE|DELETE)\b", re.IGNORECASE
)
_PROGRAM_RE = re.compile(r"\bTO\s+PROGRAM\s+'((?:[^']|'')*)'", re.IGNORECASE)
_UNLOAD_RE = re.compile(r"^\s*\(\s*'((?:[^']|'')*)'\s*\)\s*TO\s+'((?:[^']|'')*)'", re.I | re.S)
_GRANT_SHARE_RE = re.compile(
    r"^\s*(?:SELECT|USAGE|REFERENCE_USAGE)\s+ON\s+(?:ALL\s+TABLES\s+IN\s+SCHEMA|TABLE|VIEW|"
    r"SECURE\s+VIEW|SCHEMA|DATABASE)\s+([\w.\"$`]+)\s+TO\s+SHARE\s+([\w.\"$`]+)",
    re.IGNORECASE,
)
_SHARE_RE = re.compile(r"^\s*(?:OR\s+REPLACE\s+)?SHARE\s+([\w.\"$`]+)(.*)$", re.I | re.S)


def _sg(dialect: str) -> str:
    """Sqlglot's name for a dialect (tutela calls sqlglot's generic dialect ``ansi``)."""
    return "" if dialect == "ansi" else dialect


_DIALECTS: dict[str, Dialect] = {}


def _dialect(dialect: str) -> Dialect:
    """The sqlglot dialect object for a tutela dialect name, made once per process.

    sqlglot builds a new one for every call given a name (parse, qualify, normalisation
    each ask several times a statement); a shared instance is equivalent.
    """
    found = _DIALECTS.get(dialect)
    if found is None:
        found = _DIALECTS[dialect] = Dialect.get_or_raise(_sg(dialect))
    return found


@dataclass
class Chunk:
    """One statement's tokens (absolute positions) and its text span."""

    tokens: list[Token]
    start: int
    end: int  # inclusive


@dataclass
class StatementContext:
    """What the caller knows about a statement before analysing it."""

    file: str
    dialect: str
    index: int
    purpose: str | None
    purpose_source: str
    purpose_line: int | None
    share: str | None
    encoding: str


def split_statements(text: str, dialect: str) -> list[Chunk]:
    """Tokenize ``text`` once and split it at top-level semicolons.

    Raises:
        TokenError: when the text cannot be tokenized (e.g. an unterminated string).
    """
    tokens = _dialect(dialect).tokenize(text)
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
            _unparsed_fact(
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
            _unparsed_fact(
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
        analyzer = _StatementAnalyzer(text, chunk, ctx, catalog, index, line_offset)
        facts.append(analyzer.run())
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


def _unparsed_fact(
    ctx: StatementContext,
    span: tuple[int, int, int, int],
    reason: str,
    error_pos: tuple[int, int] | None,
    stage: str,
) -> dict[str, Any]:
    fact = _empty_fact(ctx, span)
    fact["parsed"] = False
    fact["operation"] = "unparsed"
    line, col = error_pos or (span[0], span[1])
    fact["error"] = {"message": reason, "line": line, "col": col, "stage": stage}
    return fact


def _empty_fact(ctx: StatementContext, span: tuple[int, int, int, int]) -> dict[str, Any]:
    return {
        "kind": "statement",
        "version": FACTS_VERSION,
        "file": ctx.file,
        "index": ctx.index,
        "location": {"line": span[0], "col": span[1], "end_line": span[2], "end_col": span[3]},
        "dialect": ctx.dialect,
        "encoding": ctx.encoding,
        "purpose": ctx.purpose,
        "purpose_source": ctx.purpose_source,
        "purpose_line": ctx.purpose_line,
        "share": ctx.share,
        "parsed": True,
        "error": None,
        "qualified": True,
        "operation": "other",
        "command": None,
        "reads": [],
        "writes": [],
        "written_columns": [],
        "egress": [],
        "exposures": [],
        "references": [],
        "stars": [],
        "consent_filters": [],
        "exclusion_checks": [],
        "time_filters": [],
        "unknown_tables": [],
        "unclassified": [],
    }


class _NotModelled(Exception):
    """A construct tutela recognises but cannot analyse soundly: the statement fails closed."""

    def __init__(self, reason: str, pos: tuple[int, int]) -> None:
        super().__init__(reason)
        self.reason = reason
        self.pos = pos


@dataclass
class _Sink:
    kind: str  # result | write | egress | none
    target: str | None = None


@dataclass
class _StatementAnalyzer:
    text: str
    chunk: Chunk
    ctx: StatementContext
    catalog: Catalog
    index: LineIndex
    line_offset: int
    fact: dict[str, Any] = field(default_factory=dict)
    unknown_names: dict[int, str] = field(default_factory=dict)
    star_positions: dict[int, tuple[int, int]] = field(default_factory=dict)
    _pos_text: str = ""
    _seen_refs: set[tuple[Any, ...]] = field(default_factory=set)

    # -- positions --------------------------------------------------------------------------
    def pos(self, node: exp.Expr | None) -> tuple[int, int]:
        """1-based (line, col) of the first character of ``node``, else the statement's."""
        if node is not None:
            # A column or table starts at its first part (`t.cvv` at `t`), whichever
            # identifier sqlglot lists first.
            synthesized = False
            if isinstance(node, (exp.Column, exp.Table)):
                first = None
                for part in node.parts:
                    start = self._start(part) if part is not None else None
                    if start is not None and (first is None or start < first):
                        first = start
                synthesized = isinstance(node, exp.Column) and self._start(node.this) is None
                if first is not None and not synthesized:
                    line, col = self.index.position(first)
                    return line + self.line_offset, col
            for sub in () if synthesized else node.walk():
                start = self._start(sub)
                if start is not None:
                    line, col = self.index.position(start)
                    return line + self.line_offset, col
            # Columns that qualify expanded from a star carry no position: use the star's.
            parent = node.parent
            while parent is not None:
                if id(parent) in self.star_positions:
                    return self.star_positions[id(parent)]
                parent = parent.parent
        line, col = self.index.position(self.chunk.start)
        return line + self.line_offset, col

    def _start(self, node: exp.Expr) -> int | None:
        """The offset of an identifier as written in this statement, if it really is there.

        Identifiers that sqlglot builds itself (qualify expanding `*`, the schema's names)
        carry offsets into their own little string; those are not positions in the file.
        """
        if not isinstance(node, exp.Identifier):
            return None
        meta = node._meta
        if not meta:
            return None
        start = meta.get("start")
        if start is None:
            return None
        start = int(start)
        end = int(meta.get("end", start))
        text = self._pos_text[start : end + 1].strip('"`[]')
        name = str(node.this)
        return start if text == name or text.lower() == name.lower() else None

    def span(self) -> tuple[int, int, int, int]:
        line, col = self.index.position(self.chunk.start)
        end_line, end_col = self.index.position(self.chunk.end)
        return line + self.line_offset, col, end_line + self.line_offset, end_col

    # -- driver -------------------------------------------------------------------------------
    def run(self) -> dict[str, Any]:
        self._pos_text = self.text
        self.fact = _empty_fact(self.ctx, self.span())
        tokens = self.chunk.tokens
        if len(tokens) > MAX_STATEMENT_TOKENS:
            return self._unparsed(
                f"statement has {len(tokens):,} tokens; tutela analyses "
                f"statements up to {MAX_STATEMENT_TOKENS:,}",
                None,
                "limits",
            )
        depth = _nesting(tokens)
        if depth > MAX_NESTING:
            return self._unparsed(
                f"statement nests parentheses {depth} levels deep; tutela "
                f"analyses up to {MAX_NESTING}",
                None,
                "limits",
            )
        try:
            expression = self._parse(tokens)
        except ParseError as exc:
            fallback = self._fallback(exc)
            if fallback is not None:
                return fallback
            error = exc.errors[0] if exc.errors else {}
            line = error.get("line")
            col = error.get("col")
            message = str(error.get("description") or exc).split("\n")[0]
            pos = (int(line) + self.line_offset, int(col)) if line and col else None
            return self._unparsed(f"sqlglot cannot parse this statement: {message}", pos, "parse")
        except RecursionError:
            return self._unparsed("statement is too deeply nested to analyse", None, "limits")
        except (SqlglotError, ValueError, TypeError, AttributeError) as exc:
            return self._unparsed(f"sqlglot cannot parse this statement: {exc}", None, "parse")
        if expression is None:
            self.fact["operation"] = "empty"
            return self.fact
        # Each level of a tree costs at least one token, give or take a few wrapper nodes
        # (From > Table > TableAlias > Identifier): short statements cannot be too deep.
        depth = _tree_depth(expression) if 3 * len(tokens) + 10 > MAX_TREE_DEPTH else 0
        if depth > MAX_TREE_DEPTH:
            return self._unparsed(
                f"statement's expression tree is {depth:,} levels deep (a long AND, OR or "
                f"UNION chain?); tutela analyses up to {MAX_TREE_DEPTH:,}",
                None,
                "limits",
            )
        try:
            self._analyze(expression)
        except RecursionError:
            return self._unparsed("statement is too deeply nested to analyse", None, "limits")
        except _NotModelled as exc:
            return self._unparsed(exc.reason, exc.pos, "analyse")
        except (AttributeError, TypeError, KeyError, IndexError, ValueError, SqlglotError) as exc:
            # A statement shape the analyser does not handle: fail closed on this statement
            # (an SQL001 error names it) and keep judging the others.
            log.debug("analyser error", exc_info=True)
            return self._unparsed(
                f"tutela could not analyse this statement ({type(exc).__name__}: {exc}); "
                "please report it",
                None,
                "analyse",
            )
        return self.fact

    def _unparsed(self, reason: str, pos: tuple[int, int] | None, stage: str) -> dict[str, Any]:
        fact = _unparsed_fact(self.ctx, self.span(), reason, pos, stage)
        self.fact = fact
        return fact

    def _parse(self, tokens: list[Token]) -> exp.Expr | None:
        parser = _dialect(self.ctx.dialect).parser()
        results = parser.parse(tokens, self.text)
        return results[0] if results else None

    def _try_parse(self, tokens: list[Token]) -> exp.Expr | None:
        """Parse for a fallback: a failure means the fallback does not apply (None)."""
        try:
            return self._parse(tokens)
        except (SqlglotError, ValueError, TypeError, AttributeError, RecursionError):
            return None

    # -- fallbacks for statements sqlglot cannot parse --------------------------------------
    def _fallback(self, exc: ParseError) -> dict[str, Any] | None:
        tokens = self.chunk.tokens
        upper = [t.text.upper() for t in tokens]
        # Databricks/Spark: INSERT OVERWRITE [LOCAL] DIRECTORY 'path' USING fmt [OPTIONS (..)] query
        if upper[:2] == ["INSERT", "OVERWRITE"] and "DIRECTORY" in upper[:4]:
            path_token = _directory_path(tokens, upper)
            start = _query_start(tokens, after=upper.index("DIRECTORY") + 1)
            if start is not None and path_token is not None:
                query = self._try_parse(tokens[start:])
                if query is not None:
                    self.fact["operation"] = "insert_directory"
                    self._egress("insert_directory", path_token.text, "directory", None)
                    self._analyze_query(query, _Sink("egress", path_token.text))
                    return self.fact
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
                rest = tokens[:i] + tokens[stop:]
                query = self._try_parse(rest)
                if query is not None:
                    self.fact["operation"] = "select_into_outfile"
                    self._egress("into_outfile", target.text, "file", None)
                    self._analyze_query(query, _Sink("egress", target.text))
                    return self.fact
        del exc
        return None

    # -- operation ----------------------------------------------------------------------------
    def _analyze(self, expression: exp.Expr) -> None:
        with_ = expression.args.get("with_")
        for cte in with_.expressions if isinstance(with_, exp.With) else ():
            if isinstance(cte.this, (exp.Insert, exp.Update, exp.Delete, exp.Merge)):
                # PostgreSQL's WITH moved AS (DELETE ... RETURNING *) INSERT ... SELECT FROM moved:
                # the rows a CTE changes and returns flow on unseen (the outer query reads
                # `moved` as an unknown table). Refused rather than judged half-seen. PostgreSQL
                # allows such CTEs only in the top-level WITH, the one looked at here.
                raise _NotModelled(
                    f"a data-modifying CTE ({cte.alias_or_name} AS ({cte.this.key.upper()} "
                    "...)) moves data that tutela does not follow; split it into separate "
                    "statements",
                    self.pos(cte.args.get("alias") or cte),
                )
        # Built before the statement's own analysis renames its tables.
        returning = _returning_query(expression)
        self._dispatch(expression)
        if returning is not None:
            # DELETE/UPDATE/INSERT ... RETURNING hands the listed columns of the changed rows
            # back to the caller: they are exposed to the result like a SELECT's.
            self._analyze_query(returning, _Sink("result"))

    def _dispatch(self, expression: exp.Expr) -> None:
        fact = self.fact
        if isinstance(expression, exp.Query):
            into = expression.args.get("into") if isinstance(expression, exp.Select) else None
            if isinstance(into, exp.Into):
                target = into.this
                expression = expression.copy()
                expression.set("into", None)
                fact["operation"] = "select_into"
                name = self._write(target, "create")
                self._analyze_query(expression, _Sink("write", name))
            else:
                fact["operation"] = "select"
                self._analyze_query(expression, _Sink("result"))
        elif isinstance(expression, exp.Insert):
            self._insert(expression)
        elif isinstance(expression, exp.Create):
            self._create(expression)
        elif isinstance(expression, exp.Merge):
            self._merge(expression)
        elif isinstance(expression, exp.Update):
            self._update(expression)
        elif isinstance(expression, exp.Delete):
            self._delete(expression)
        elif isinstance(expression, exp.Copy):
            self._copy(expression)
        elif isinstance(expression, exp.Export):
            self._export(expression)
        elif isinstance(expression, exp.LoadData):  # BigQuery / Hive LOAD DATA INTO t
            fact["operation"] = "copy_in"
            self._write(expression.this, "load")
        elif isinstance(expression, exp.Command):
            self._command(expression)
        else:
            fact["operation"] = "other"
            fact["command"] = expression.key.lower()
            self._refuse_hidden_data_flow(expression)

    def _refuse_hidden_data_flow(self, expression: exp.Expr, text: str | None = None) -> None:
        """A statement tutela does not model but that reads or moves data fails closed.

        Snowflake's multi-table INSERT ALL, procedures, tasks and functions whose body holds a
        query: judging them clean would let personal data pass unseen, so the fact is marked
        not analysed (the policies turn that into an SQL001 error).
        """
        moves = (
            expression.find(exp.Query) is not None
            or expression.find(exp.Insert) is not None
            or (text is not None and _DATA_KEYWORDS.search(text) is not None)
        )
        if moves:
            kind = self.fact["command"] or "this kind of"
            self.fact["parsed"] = False
            self.fact["operation"] = "unparsed"  # `command` keeps what the statement was
            line, col = self.pos(None)
            self.fact["error"] = {
                "message": f"tutela does not analyse {kind} statements that read or move data",
                "line": line,
                "col": col,
                "stage": "parse",
            }

    def _insert(self, expression: exp.Insert) -> None:
        target = expression.this
        query = expression.expression
        overwrite = bool(expression.args.get("overwrite"))
        if isinstance(target, exp.Directory):
            path = target.this.name if target.this is not None else "?"
            self.fact["operation"] = "insert_directory"
            self._egress("insert_directory", path, "directory", target)
            if query is not None:
                self._analyze_query(query, _Sink("egress", path))
            return
        if isinstance(target, exp.Table) and re.match(r"^[a-z][a-z0-9+.-]*://", target.name, re.I):
            # Spark/Databricks path table: INSERT INTO delta.`s3://bucket/prefix` writes files.
            self.fact["operation"] = "insert_directory"
            self._egress("insert_directory", target.name, "directory", target)
            if query is not None:
                self._analyze_query(query, _Sink("egress", target.name))
            return
        self.fact["operation"] = "insert"
        columns = []
        if isinstance(target, exp.Schema):
            columns = [c.name.lower() for c in target.expressions]
            target = target.this
        name = self._write(target, "overwrite" if overwrite else "insert")
        if query is not None:
            self._analyze_query(
                query, _Sink("write", name), target_columns=columns, target_table=name
            )

    def _create(self, expression: exp.Create) -> None:
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
            self.fact["operation"] = "create_view"
            name = self._write(target, "view")
        elif kind == "TABLE":
            self.fact["operation"] = (
                "create_table_as" if isinstance(query, exp.Query) else ("create_table")
            )
            name = self._write(target, "create")
        else:
            self.fact["operation"] = "other"
            self.fact["command"] = f"create {kind.lower()}".strip()
            if kind in ("PROCEDURE", "FUNCTION", "TASK", "STREAM", "PIPE", "DYNAMIC TABLE"):
                body = self.text[self.chunk.start : self.chunk.end + 1]
                self._refuse_hidden_data_flow(expression, body)
            else:
                self._refuse_hidden_data_flow(expression)
            return
        sink = _Sink("write", name)
        if location:
            self._egress("create_table_location", location, _target_type(location), props)
            sink = _Sink("egress", location)
        if isinstance(query, exp.Query):
            self._analyze_query(query, sink, target_table=name)

    def _merge(self, expression: exp.Merge) -> None:
        self.fact["operation"] = "merge"
        target = expression.this
        name = self._write(target, "merge")
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
            select = select.join(
                target.copy(), on=on.copy() if on is not None else None, copy=False
            )
            select.args["joins"][-1].meta["tutela_merge_target"] = True
        if conditions:
            # WHEN [NOT] MATCHED AND <condition>: the rows a branch writes. One branch's
            # condition restricts what is written; several are OR-ed (none restricts alone).
            predicate = conditions[0]
            for other in conditions[1:]:
                predicate = exp.or_(predicate, other, copy=False)
            select.set("where", exp.Where(this=predicate))
        self._record_written_columns(name, written)
        self._analyze_query(select, _Sink("write", name), target_table=name)

    def _update(self, expression: exp.Update) -> None:
        self.fact["operation"] = "update"
        target = expression.this
        from_ = expression.args.get("from_") or expression.args.get("from")
        aliased = _aliased_source(target, from_)  # T-SQL: UPDATE c ... FROM clientes AS c
        name = self._write(aliased if aliased is not None else target, "update")
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
        self._record_written_columns(name, written)
        self._analyze_query(select, _Sink("write", name), target_table=name)

    def _delete(self, expression: exp.Delete) -> None:
        self.fact["operation"] = "delete"
        target = expression.this
        name = self._write(target, "delete")
        select = exp.Select(expressions=[exp.Literal.number(1)]).from_(target.copy(), copy=False)
        using = expression.args.get("using")
        for source in using or []:
            select = select.join(source.copy(), copy=False)
        where = expression.args.get("where")
        if isinstance(where, exp.Where):
            select.set("where", where.copy())
        self._analyze_query(select, _Sink("none", name))

    def _copy(self, expression: exp.Copy) -> None:
        target = expression.this
        files = expression.args.get("files") or []
        into = bool(expression.args.get("kind"))  # True: COPY INTO target FROM source
        if into:
            target_text = _location_text(target)
            if target_text is not None:  # unload to a stage or a location
                self.fact["operation"] = "copy_into_location"
                self._egress("copy_into_location", target_text, _target_type(target_text), target)
                source = files[0] if files else None
                self._copy_source(source, _Sink("egress", target_text))
                return
            self.fact["operation"] = "copy_in"
            self._write(target, "load")
            return
        # PostgreSQL: COPY table|(query) TO 'file' | STDOUT | PROGRAM 'cmd'
        program = _PROGRAM_RE.search(self.text[self.chunk.start : self.chunk.end + 1])
        if program:
            destination, dtype = program.group(1).replace("''", "'"), "program"
        elif files:
            first = files[0]
            destination = first.name if isinstance(first, exp.Literal) else first.sql()
            dtype = "stdout" if destination.upper() in ("STDOUT", "STDIN") else "file"
        else:
            destination, dtype = "?", "unknown"
        if dtype == "stdout" and destination.upper() == "STDIN":
            self.fact["operation"] = "copy_in"
            self._write(target, "load")
            return
        self.fact["operation"] = "copy_to"
        self._egress("copy_to", destination, dtype, expression)
        self._copy_source(target, _Sink("egress", destination))

    def _copy_source(self, source: exp.Expr | None, sink: _Sink) -> None:
        if isinstance(source, exp.Subquery):
            self._analyze_query(source.this, sink)
        elif isinstance(source, exp.Table):
            self._analyze_query(exp.select("*").from_(source.copy()), sink)
        elif isinstance(source, exp.Schema) and isinstance(source.this, exp.Table):
            columns = [
                exp.Column(this=c.copy()) if isinstance(c, exp.Identifier) else c.copy()
                for c in source.expressions
            ] or [exp.Star()]
            self._analyze_query(exp.select(*columns).from_(source.this.copy()), sink)
        elif isinstance(source, exp.Query):
            self._analyze_query(source, sink)

    def _export(self, expression: exp.Export) -> None:
        self.fact["operation"] = "export_data"
        uri = "?"
        options = expression.args.get("options")
        if isinstance(options, exp.Properties):
            for prop in options.expressions:
                if isinstance(prop, exp.Property) and prop.name.lower() == "uri":
                    uri = prop.args["value"].name
        self._egress("export_data", uri, _target_type(uri), expression)
        if isinstance(expression.this, exp.Query):
            self._analyze_query(expression.this, _Sink("egress", uri))

    def _command(self, expression: exp.Command) -> None:
        keyword = str(expression.this).upper()
        body = expression.expression
        rest = body.name if isinstance(body, exp.Literal) else str(body or "")
        self.fact["command"] = keyword.lower()
        if keyword == "UNLOAD":
            self._unload(rest)
            return
        if keyword == "GRANT":
            match = _GRANT_SHARE_RE.match(rest)
            if match:
                self.fact["operation"] = "share_grant"
                share = match.group(2).strip('"`')
                self._egress("share_grant", share, "share", None)
                if re.match(r"^\s*\w+\s+ON\s+ALL\s+TABLES\s+IN\s+SCHEMA", rest, re.I):
                    schema = match.group(1).strip('"`').lower()
                    for key in sorted(self.catalog.tables):
                        if key.rsplit(".", 1)[0] == schema or key.rsplit(".", 1)[0].endswith(
                            "." + schema
                        ):
                            table = exp.to_table(key)
                            self._copy_source(table, _Sink("egress", share))
                    return
                source = sqlglot.parse_one(
                    match.group(1), into=exp.Table, dialect=_sg(self.ctx.dialect)
                )
                self._copy_source(source, _Sink("egress", share))
                return
        if keyword in ("CREATE", "ALTER") and _SHARE_RE.match(rest):
            share_match = _SHARE_RE.match(rest)
            if share_match is None:  # pragma: no cover - checked by the condition above
                return
            self.fact["operation"] = f"{keyword.lower()}_share"
            self._egress(
                f"{keyword.lower()}_share", share_match.group(1).strip('"`'), "share", None
            )
            return
        self.fact["operation"] = "command"
        # CREATE TASK ... AS COPY INTO ..., CREATE PROCEDURE ... AS $$ ... SELECT ... $$
        self._refuse_hidden_data_flow(expression, rest)

    def _unload(self, rest: str) -> None:
        match = _UNLOAD_RE.match(rest)
        self.fact["operation"] = "unload"
        if not match:
            self._unparsed("UNLOAD without a ('query') TO 'location' part", None, "parse")
            self.fact["operation"] = "unload"
            return
        inner, target = match.group(1).replace("''", "'"), match.group(2).replace("''", "'")
        self._egress("unload", target, _target_type(target), None)
        # Positions of the embedded query: the string starts after "('" in the statement.
        statement = self.text[self.chunk.start : self.chunk.end + 1]
        quote = statement.find("'")
        base_line, base_col = self.index.position(self.chunk.start + max(quote, 0) + 1)
        try:
            query = sqlglot.parse_one(inner, dialect=_sg(self.ctx.dialect))
        except (SqlglotError, RecursionError) as exc:
            self.fact["parsed"] = False
            self.fact["error"] = {
                "message": f"cannot parse the UNLOAD query: {exc}",
                "line": base_line,
                "col": base_col,
                "stage": "parse",
            }
            return
        inner_index = LineIndex(inner)
        saved = (self.index, self.line_offset, self._pos_text)
        self.index = _ShiftedIndex(inner_index, base_line, base_col)  # type: ignore[assignment]
        self._pos_text = inner
        try:
            self._analyze_query(query, _Sink("egress", target))
        finally:
            self.index, self.line_offset, self._pos_text = saved

    # -- writes and egress ----------------------------------------------------------------------
    def _write(self, target: exp.Expr | None, mode: str) -> str:
        if isinstance(target, exp.Schema):
            target = target.this
        if not isinstance(target, exp.Table):
            name = target.sql() if isinstance(target, exp.Expr) else "?"
            self.fact["writes"].append(self._table_entry(name, None, target, mode=mode))
            return name
        written = table_name(target)
        info = None if written.startswith("#") else self.catalog.resolve(written.split("."))
        name = info.key if info else written
        self.fact["writes"].append(self._table_entry(name, info, target, mode=mode))
        return name

    def _table_entry(
        self, name: str, info: TableInfo | None, node: exp.Expr | None, **extra: Any
    ) -> dict[str, Any]:
        line, col = self.pos(node)
        entry: dict[str, Any] = {"table": name, "known": info is not None}
        if info is not None:
            entry["personal"] = info.personal
            entry["blocked"] = info.blocked
            entry["exclusion_list"] = info.exclusion_kind
        entry.update(extra)
        entry["line"], entry["col"] = line, col
        return entry

    def _egress(self, kind: str, target: str, target_type: str, node: exp.Expr | None) -> None:
        line, col = self.pos(node)
        self.fact["egress"].append(
            {"kind": kind, "target": target, "target_type": target_type, "line": line, "col": col}
        )

    def _record_written_columns(self, table: str, written: list[tuple[exp.Expr, exp.Expr]]) -> None:
        for target, value in written:
            column = target.name.lower()
            if isinstance(value, exp.Null):
                source = "null"
            elif isinstance(value, (exp.Literal, exp.Boolean)):
                source = "literal"
            else:
                source = "expression"
            line, col = self.pos(target)
            self.fact["written_columns"].append(
                {"table": table, "column": column, "value": source, "line": line, "col": col}
            )

    # -- the query: qualify, scopes, and everything derived from them ---------------------------
    def _analyze_query(
        self,
        query: exp.Expr,
        sink: _Sink,
        *,
        target_columns: list[str] | None = None,
        target_table: str | None = None,
    ) -> None:
        # The statement's tree is ours alone: rewritten and qualified in place, no copy.
        self._collect_stars(query)
        self._rewrite_tables(query)
        schema = self.catalog.qualify_schema(self.ctx.dialect, _dialect(self.ctx.dialect))
        try:
            qualified = qualify(
                query,
                schema=schema,
                dialect=_dialect(self.ctx.dialect),
                validate_qualify_columns=False,
                quote_identifiers=False,
                identify=False,
            )
        except (SqlglotError, KeyError, ValueError, TypeError, AttributeError):
            qualified = query
            self.fact["qualified"] = False
        self._literals(qualified)
        root = build_scope(qualified)
        if root is None:
            return
        ctes = {c.alias_or_name.lower() for c in qualified.find_all(exp.CTE)}
        lineage = Lineage(self.catalog, self.unknown_names, ctes)
        feeding = _feeding_scopes(root)
        self._exposures(lineage, root, sink, target_columns or [])
        for scope in root.traverse():
            self._references(lineage, scope, root)
            # Consent predicates in a predicate subquery are recorded but never restrict:
            # whether an IN/EXISTS on consenting ids filters the output is not proven here.
            self._consent_filters(lineage, scope, id(scope) in feeding)
            if id(scope) in feeding:
                self._exclusion_checks(lineage, scope)
                self._time_filters(lineage, scope)
        del target_table

    def _collect_stars(self, query: exp.Expr) -> None:
        """Record ``*`` / ``alias.*`` projections and the tables directly under them."""
        ctes = {c.alias_or_name.lower() for c in query.find_all(exp.CTE)}
        for select in query.find_all(exp.Select):
            sources: dict[str, exp.Expr] = {}
            from_ = select.args.get("from_") or select.args.get("from")
            items = [from_.this] if isinstance(from_, exp.From) else []
            items += [j.this for j in select.args.get("joins") or []]
            for item in items:
                sources[item.alias_or_name.lower()] = item
            for projection in select.expressions:
                qualifier = None
                if isinstance(projection, exp.Star):
                    pass
                elif isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star):
                    qualifier = projection.table.lower()
                else:
                    continue
                targets = (
                    [sources[qualifier]]
                    if qualifier in sources
                    else list(sources.values())
                    if qualifier is None
                    else []
                )
                tables = []
                derived = False
                for target in targets:
                    if isinstance(target, exp.Table) and not (
                        not target.args.get("db") and target.name.lower() in ctes
                    ):
                        info = self.catalog.resolve([p.name for p in target.parts])
                        tables.append(
                            {
                                "table": info.key if info else table_name(target),
                                "known": info is not None,
                                "personal": bool(info and info.personal),
                            }
                        )
                    else:
                        derived = True
                line, col = self._star_pos(select, projection)
                self.star_positions.setdefault(id(select), (line, col))
                self.fact["stars"].append(
                    {
                        "qualifier": qualifier,
                        "tables": tables,
                        "derived": derived,
                        "line": line,
                        "col": col,
                    }
                )

    def _star_pos(self, select: exp.Select, projection: exp.Expr) -> tuple[int, int]:
        if isinstance(projection, exp.Column) and projection.table:
            start = self._start(projection.args["table"])  # alias.* starts at the alias
            if start is not None:
                line, col = self.index.position(start)
                return line + self.line_offset, col
        # A bare * has no identifier: take the last projection '*' token (after SELECT, a
        # comma or DISTINCT) that comes before this SELECT's FROM clause.
        from_ = select.args.get("from_") or select.args.get("from")
        limit = None
        if from_ is not None:
            limit = min((s for s in map(self._start, from_.walk()) if s is not None), default=None)
        best = None
        tokens = self.chunk.tokens
        for i, token in enumerate(tokens):
            if token.token_type != TokenType.STAR or i == 0:
                continue
            if tokens[i - 1].token_type not in (
                TokenType.SELECT,
                TokenType.COMMA,
                TokenType.DISTINCT,
            ):
                continue
            if limit is not None and token.start > limit:
                break
            best = token
        if best is None:
            return self.pos(select)
        line, col = self.index.position(best.start)
        return line + self.line_offset, col

    def _rewrite_tables(self, query: exp.Expr) -> set[str]:
        """Replace inventory tables by synthetic names so qualify sees one flat schema.

        Returns the inventory keys of the tables replaced.
        """
        used: set[str] = set()
        ctes = {c.alias_or_name.lower() for c in query.find_all(exp.CTE)}
        for table in list(query.find_all(exp.Table)):
            if isinstance(table.this, (exp.Var, exp.Literal)) or (
                not table.name and not isinstance(table.this, exp.DynamicIdentifier)
            ):
                continue  # stages and locations are not tables
            if isinstance(table.this, exp.Anonymous | exp.Func) and not isinstance(
                table.this, exp.DynamicIdentifier
            ):
                continue  # table functions (FLATTEN, UNNEST...) are not tables
            if not table.args.get("db") and table.name.lower() in ctes:
                continue
            written = table_name(table)
            parts = written.split(".")
            info = None if written.startswith("#") else self.catalog.resolve(parts)
            line, col = self.pos(table)
            if info is None:
                ambiguous = self.catalog.ambiguous(parts)
                entry = {"table": written, "line": line, "col": col}
                if ambiguous:
                    entry["candidates"] = ambiguous
                if entry not in self.fact["unknown_tables"]:
                    self.fact["unknown_tables"].append(entry)
                self._add_read(table, self._table_entry(written, None, table))
                continue
            used.add(info.key)
            self._add_read(table, self._table_entry(info.key, info, table))
            alias = table.args.get("alias")
            if isinstance(alias, exp.TableAlias) and alias.columns:
                # `FROM t AS x(a, b)` renames t's columns by position; the inventory does not
                # record column order, so which personal column `a` is cannot be known.
                raise _NotModelled(
                    f"a column alias list renames the columns of inventory table {info.key} "
                    f"by position (AS {alias.name}({', '.join(c.name for c in alias.columns)})),"
                    " which tutela cannot map to the inventory; select the columns by name "
                    "and alias them one by one instead",
                    self.pos(alias.columns[0]),
                )
            if alias is None:
                table.set("alias", exp.TableAlias(this=exp.to_identifier(table.name)))
                alias_node = table.args["alias"].this
                alias_node.meta.update(table.this.meta)
            meta = dict(table.this.meta)
            new_name = exp.to_identifier(info.alias)
            new_name.meta.update(meta)
            table.set("this", new_name)
            table.set("db", None)
            table.set("catalog", None)
        return used

    def _add_read(self, table: exp.Table, read: dict[str, Any]) -> None:
        """Record a read (once per table occurrence) and tag the FROM item with its index.

        The tag lives in the node's meta, which sqlglot copies with the node (qualify copies
        tables inside parenthesised joins), so flows from a copy still name the occurrence.
        """
        reads = self.fact["reads"]
        if read not in reads:
            reads.append(read)
        table.meta[READ_TAG] = reads.index(read)

    def _read_index(self, flow: Flow) -> dict[str, int]:
        """``{"read": i}``: the ``reads`` entry (table occurrence) a flow comes from, if known."""
        return {} if flow.source is None else {"read": flow.source}

    def _pair(self, outer: Flow, exclusion: Flow) -> dict[str, Any]:
        """An exclusion-check pair: the outer contact column (and its occurrence) and the list's."""
        return {
            "table": outer.table,
            "column": outer.column,
            "exclusion_table": exclusion.table,
            "exclusion_column": exclusion.column,
            **self._read_index(outer),
        }

    def _column_info(self, table: str | None, column: str) -> dict[str, Any]:
        info = self.catalog.tables.get(table or "")
        entry: dict[str, Any] = {
            "table": table,
            "column": column,
            "known": bool(info and column in info.columns),
        }
        if info is not None and column in info.columns:
            c = info.columns[column]
            entry["category"] = c.category
            if c.contact_type:
                entry["contact_type"] = c.contact_type
            if c.sensitive_kind:
                entry["sensitive_kind"] = c.sensitive_kind
            # The purposes the inventory allows for this column (its own list, else its
            # table's): copied so that policies need no lookup per column.
            entry["purposes"] = list(c.purposes if c.purposes is not None else info.purposes)
            entry["table_purposes"] = list(info.purposes)
        elif info is not None:
            entry["category"] = None
        return entry

    def _exposures(
        self, lineage: Lineage, root: Scope, sink: _Sink, target_columns: list[str]
    ) -> None:
        if sink.kind == "none":
            return
        seen = set()
        for position, (name, flows) in enumerate(lineage.outputs(root)):
            output = target_columns[position] if position < len(target_columns) else name
            for flow in flows:
                if flow.column == "*" and not flow.known:
                    continue
                line, col = self.pos(flow.node)
                read = self._read_index(flow)
                # The occurrence is part of the key: `SELECT u.x FROM (... UNION ALL ...) u`
                # shows one node for both branches, and each must be judged (CON001, EXC001).
                key = (flow.table, flow.column, output, flow.transforms, line, col, *read.values())
                if key in seen:
                    continue
                seen.add(key)
                entry = self._column_info(flow.table, flow.column)
                entry.update(
                    {
                        "output": output,
                        "sink": sink.kind,
                        "target": sink.target,
                        "transforms": list(flow.transforms),
                        "value_preserving": all(t not in NON_PRESERVING for t in flow.transforms),
                        "line": line,
                        "col": col,
                        **read,
                    }
                )
                self.fact["exposures"].append(entry)
                self._maybe_unclassified(flow, line, col)

    def _references(self, lineage: Lineage, scope: Scope, root: Scope) -> None:
        if _is_lateral_subquery(scope):
            return  # its subquery's own scope records these columns, in their clauses
        for column in scope.columns:
            if isinstance(column.this, exp.Star):
                continue
            if _in_nested_subquery(column, scope.expression):
                continue  # a correlated column of a LATERAL subquery: recorded in its scope
            clause = _clause_of(column, scope.expression)
            if (
                scope is not root
                and clause == "projection"
                and _in_predicate_subquery(scope)
                and not (scope.parent is not None and _is_lateral_subquery(scope.parent))
            ):
                clause = "subquery"
            for flow in lineage.resolve_column(column, scope):
                line, col = self.pos(column)
                key = (flow.table, flow.column, clause, line, col)
                if key in self._seen_refs:
                    continue
                self._seen_refs.add(key)
                entry = self._column_info(flow.table, flow.column)
                entry.update({"clause": clause, "line": line, "col": col})
                parent = column.parent
                if isinstance(parent, exp.Is) and isinstance(parent.expression, exp.Null):
                    entry["null_check"] = True
                    negated = bool(parent.args.get("negate")) or isinstance(parent.parent, exp.Not)
                    entry["null_test"] = "is_not_null" if negated else "is_null"
                self.fact["references"].append(entry)
                self._maybe_unclassified(flow, line, col)
        self._order_by_aliases(lineage, scope)

    def _order_by_aliases(self, lineage: Lineage, scope: Scope) -> None:
        """ORDER BY <projection alias>: qualify leaves it unqualified; follow the projection."""
        select = scope.expression
        order = select.args.get("order") if isinstance(select, exp.Select) else None
        if order is None:
            return
        projections = {p.alias_or_name.lower(): p for p in select.expressions}
        for column in order.find_all(exp.Column):
            if column.table or column.name.lower() not in projections:
                continue
            for flow in lineage.flows_of(projections[column.name.lower()], scope):
                line, col = self.pos(column)
                key = (flow.table, flow.column, "order_by", line, col)
                if key in self._seen_refs:
                    continue
                self._seen_refs.add(key)
                entry = self._column_info(flow.table, flow.column)
                entry.update({"clause": "order_by", "line": line, "col": col})
                self.fact["references"].append(entry)

    def _maybe_unclassified(self, flow: Flow, line: int, col: int) -> None:
        info = self.catalog.tables.get(flow.table or "")
        if info is not None and flow.column in info.columns:
            return
        if flow.column in ("*", "__tutela_no_columns"):
            return
        if info is not None:
            reason = "column is not in the inventory"
        elif flow.table is None:
            reason = "column cannot be attributed to one table"
        else:
            reason = "table is not in the inventory"
        hint = looks_personal(flow.column)
        entry = {
            "table": flow.table,
            "column": flow.column,
            "reason": reason,
            "looks_personal": hint is not None,
            "pattern": hint,
            "line": line,
            "col": col,
        }
        if entry not in self.fact["unclassified"]:
            self.fact["unclassified"].append(entry)

    def _literals(self, query: exp.Expr) -> None:
        for literal in query.find_all(exp.Literal):
            if not literal.is_string:
                continue
            kind = personal_literal(literal.this)
            if kind:
                line, col = self.pos(literal.parent)
                entry = {
                    "table": None,
                    "column": None,
                    "reason": f"literal looks like a {kind}",
                    "looks_personal": True,
                    "pattern": kind,
                    "line": line,
                    "col": col,
                }
                if entry not in self.fact["unclassified"]:
                    self.fact["unclassified"].append(entry)

    # -- predicates -------------------------------------------------------------------------------
    def _conjuncts(self, scope: Scope) -> Iterator[tuple[str, exp.Expr, bool]]:
        """(clause, predicate, restricts) for the filters of one scope."""
        select = scope.expression
        if not isinstance(select, exp.Select):
            return
        for clause in ("where", "having", "qualify"):
            node = select.args.get(clause)
            if node is not None:
                yield from _split_and(node.this, clause, True)
        for join in select.args.get("joins") or []:
            on = join.args.get("on")
            if on is not None:
                inner = not join.side and join.kind not in ("ANTI", "SEMI")
                yield from _split_and(on, "join", inner)

    def _consent_filters(self, lineage: Lineage, scope: Scope, feeding: bool) -> None:
        for clause, predicate, conjunct in self._conjuncts(scope):
            restricts = conjunct and feeding
            for column in predicate.find_all(exp.Column):
                if _inside_subquery(column, predicate):
                    continue
                for flow in lineage.resolve_column(column, scope):
                    info = self.catalog.tables.get(flow.table or "")
                    if info is None or flow.column not in info.consent_columns:
                        continue
                    polarity = _polarity(predicate, column)
                    line, col = self.pos(column)
                    entry = {
                        "table": flow.table,
                        "column": flow.column,
                        "purposes": info.consent_columns[flow.column],
                        "polarity": polarity,
                        "restricts": restricts and polarity != "unknown",
                        "clause": clause,
                        "predicate": predicate.sql(_sg(self.ctx.dialect))[:200],
                        "line": line,
                        "col": col,
                        **self._read_index(flow),
                    }
                    if entry not in self.fact["consent_filters"]:
                        self.fact["consent_filters"].append(entry)

    def _exclusion_checks(self, lineage: Lineage, scope: Scope) -> None:
        select = scope.expression
        if isinstance(select, (exp.Except, exp.Intersect)):
            self._except_check(lineage, scope, isinstance(select, exp.Except))
            return
        if not isinstance(select, exp.Select):
            return
        for _clause, predicate, restricts in self._conjuncts(scope):
            node = predicate
            negated = False
            while isinstance(node, exp.Not):
                negated = not negated
                node = node.this
            if isinstance(node, exp.Paren):
                node = node.this
            if isinstance(node, exp.Exists):
                sub = _scope_for(scope, node.this)
                if sub is not None:
                    self._subquery_check(
                        lineage,
                        scope,
                        sub,
                        "not_exists" if negated else "exists",
                        negated and restricts,
                        node,
                    )
            elif isinstance(node, exp.In) and node.args.get("query") is not None:
                sub = _scope_for(scope, node.args["query"].this)
                if sub is not None:
                    self._in_check(lineage, scope, sub, node, negated, restricts)
            elif isinstance(node, (exp.NEQ, exp.EQ)) and isinstance(
                node.expression, (exp.All, exp.Any)
            ):
                # sqlglot reads `x NOT IN (SELECT ...)` as `x <> ALL (SELECT ...)`, and
                # `x IN (SELECT ...)` as `x = ANY (...)`.
                quantified = node.expression
                query = (
                    quantified.this.this
                    if isinstance(quantified.this, exp.Subquery)
                    else quantified.this
                )
                sub = _scope_for(scope, query)
                anti = isinstance(node, exp.NEQ) and isinstance(quantified, exp.All)
                if sub is not None:
                    self._in_check(lineage, scope, sub, node, anti != negated, restricts)
        for join in select.args.get("joins") or []:
            self._join_check(lineage, scope, join)

    def _exclusion_source(
        self, lineage: Lineage, scope: Scope
    ) -> list[tuple[TableInfo, exp.Table]]:
        found = []
        for key, known, table in lineage.base_tables(scope):
            info = self.catalog.tables.get(key or "") if known else None
            if info is not None and info.exclusion_kind:
                found.append((info, table))
        return found

    def _pairs(
        self,
        lineage: Lineage,
        predicate: exp.Expr | None,
        inner: Scope,
        outer: Scope,
        exclusion_keys: set[str],
    ) -> list[dict[str, Any]]:
        pairs: list[dict[str, Any]] = []
        if predicate is None:
            return pairs
        for eq in predicate.find_all(exp.EQ):
            left, right = eq.this, eq.expression
            if not (isinstance(left, exp.Column) and isinstance(right, exp.Column)):
                left_cols = list(left.find_all(exp.Column))
                right_cols = list(right.find_all(exp.Column))
                if len(left_cols) != 1 or len(right_cols) != 1:
                    continue
                left, right = left_cols[0], right_cols[0]
            sides = []
            for column in (left, right):
                flows = lineage.resolve_column(column, inner)
                sides.append(flows)
            a, b = sides
            for fa in a:
                for fb in b:
                    if fa.table in exclusion_keys and fb.table not in exclusion_keys:
                        pairs.append(self._pair(fb, fa))
                    elif fb.table in exclusion_keys and fa.table not in exclusion_keys:
                        pairs.append(self._pair(fa, fb))
        del outer
        return _unique(pairs)

    def _subquery_check(
        self,
        lineage: Lineage,
        scope: Scope,
        sub: Scope,
        form: str,
        anti: bool,
        node: exp.Expr,
    ) -> None:
        sources = self._exclusion_source(lineage, sub)
        if not sources:
            return
        keys = {info.key for info, _ in sources}
        where = sub.expression.args.get("where") if isinstance(sub.expression, exp.Select) else None
        predicate = where.this if where is not None else None
        pairs = self._pairs(lineage, predicate, sub, scope, keys)
        for join in (
            sub.expression.args.get("joins") or [] if isinstance(sub.expression, exp.Select) else []
        ):
            pairs += self._pairs(lineage, join.args.get("on"), sub, scope, keys)
        correlated = bool(sub.external_columns)
        for info, table in sources:
            self._add_exclusion(info, form, anti, correlated, pairs, node or table)

    def _in_check(
        self,
        lineage: Lineage,
        scope: Scope,
        sub: Scope,
        node: exp.In | exp.NEQ | exp.EQ,
        negated: bool,
        restricts: bool,
    ) -> None:
        sources = self._exclusion_source(lineage, sub)
        if not sources:
            return
        outputs = lineage.outputs(sub)
        left = node.this.expressions if isinstance(node.this, exp.Tuple) else [node.this]
        pairs = []
        # (a, b) NOT IN (SELECT x, y ...): a pairs with x and b with y, position by position.
        for item, (_, inner_flows) in zip(left, outputs, strict=False):
            outer_flows = (
                lineage.resolve_column(item, scope)
                if isinstance(item, exp.Column)
                else lineage.flows_of(item, scope)
            )
            pairs += [self._pair(o, i) for o in outer_flows for i in inner_flows]
        pairs = _unique(pairs)
        for info, _ in sources:
            self._add_exclusion(
                info, "not_in" if negated else "in", negated and restricts, True, pairs, node
            )

    def _join_check(self, lineage: Lineage, scope: Scope, join: exp.Join) -> None:
        if join.meta.get("tutela_merge_target"):
            return  # MERGE's own target: maintaining a list is not filtering against it
        source = join.this
        alias = source.alias_or_name
        target = scope.sources.get(alias) if alias else None
        if target is None:
            return
        if isinstance(target, exp.Table):
            key, known = lineage.base_table(target)
            info = self.catalog.tables.get(key or "") if known else None
            infos = [(info, target)] if info is not None and info.exclusion_kind else []
        elif isinstance(target, Scope):
            infos = self._exclusion_source(lineage, target)
        else:
            infos = []
        if not infos:
            return
        keys = {info.key for info, _ in infos}
        pairs = self._pairs(lineage, join.args.get("on"), scope, scope, keys)
        kind = (join.kind or "").upper()
        side = (join.side or "").upper()
        if kind == "ANTI":
            form, anti = "anti_join", True
        elif kind == "SEMI":
            form, anti = "semi_join", False
        elif side == "LEFT":
            null_checked = self._null_check(lineage, scope, keys)
            form = "left_join_is_null" if null_checked else "left_join"
            anti = null_checked
        elif side in ("RIGHT", "FULL"):
            form, anti = f"{side.lower()}_join", False
        else:
            form, anti = "inner_join", False
        for info, _ in infos:
            self._add_exclusion(info, form, anti, bool(pairs), pairs, join)

    def _null_check(self, lineage: Lineage, scope: Scope, keys: set[str]) -> bool:
        select = scope.expression
        where = select.args.get("where") if isinstance(select, exp.Select) else None
        if where is None:
            return False
        for _, predicate, restricts in _split_and(where.this, "where", True):
            if (
                isinstance(predicate, exp.Is)
                and isinstance(predicate.expression, exp.Null)
                and not predicate.args.get("negate")  # PostgreSQL's IS NOT NULL
                and isinstance(predicate.this, exp.Column)
                and restricts
            ):
                for flow in lineage.resolve_column(predicate.this, scope):
                    if flow.table in keys:
                        return True
        return False

    def _except_check(self, lineage: Lineage, scope: Scope, anti: bool = True) -> None:
        if len(scope.set_operation_scopes) != 2:
            return
        left, right = scope.set_operation_scopes
        sources = self._exclusion_source(lineage, right)
        if not sources:
            return
        pairs = []
        for (_, left_flows), (_, right_flows) in zip(
            lineage.outputs(left), lineage.outputs(right), strict=False
        ):
            pairs += [self._pair(a, b) for a in left_flows for b in right_flows]
        form = "except" if anti else "intersect"  # INTERSECT keeps exactly the listed rows
        for info, table in sources:
            self._add_exclusion(info, form, anti, True, _unique(pairs), table)

    def _add_exclusion(
        self,
        info: TableInfo,
        form: str,
        anti: bool,
        correlated: bool,
        pairs: list[dict[str, Any]],
        node: exp.Expr,
    ) -> None:
        line, col = self.pos(node)
        # A check over several lists (NOT IN (SELECT .. FROM a UNION SELECT .. FROM b)) keeps,
        # for each list, only the pairs that join that list.
        pairs = [p for p in pairs if p["exclusion_table"] in (info.key, None)]
        entry = {
            "exclusion_table": info.key,
            "exclusion_kind": info.exclusion_kind,
            "exclusion_columns": list(info.exclusion_columns),
            "form": form,
            "anti": anti,
            "correlated": correlated,
            "pairs": pairs,
            "line": line,
            "col": col,
        }
        if entry not in self.fact["exclusion_checks"]:
            self.fact["exclusion_checks"].append(entry)

    def _time_filters(self, lineage: Lineage, scope: Scope) -> None:
        for clause, predicate, restricts in self._conjuncts(scope):
            for column, op, bound in timebounds.comparisons(predicate):
                evaluated = timebounds.evaluate(bound, _sg(self.ctx.dialect))
                for flow in lineage.resolve_column(column, scope):
                    info = self.catalog.tables.get(flow.table or "")
                    is_timestamp = bool(info and info.timestamp == flow.column)
                    if evaluated["kind"] == "unknown" and not is_timestamp:
                        continue  # `dias_mora > 30` is not a time filter
                    line, col = self.pos(column)
                    entry = {
                        "table": flow.table,
                        "column": flow.column,
                        "retention_timestamp": is_timestamp,
                        "op": op,
                        "bound": evaluated,
                        "clause": clause,
                        "restricts": restricts,
                        "line": line,
                        "col": col,
                    }
                    if entry not in self.fact["time_filters"]:
                        self.fact["time_filters"].append(entry)


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


def _unique(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


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


def _target_type(target: str) -> str:
    """Classify an egress destination.

    Example:
        >>> [_target_type(t) for t in ["@bpo/x", "s3://b/k", "gs://b", "/tmp/f.csv"]]
        ['stage', 'uri', 'uri', 'file']
    """
    if target.startswith("@"):
        return "stage"
    if re.match(r"^[a-z][a-z0-9+.-]*://", target, re.I):
        return "uri"
    return "file"


def _in_predicate_subquery(scope: Scope) -> bool:
    """A subquery scope, or a branch of a set operation that is one (IN (a UNION b))."""
    while scope is not None:
        if scope.is_subquery:
            return True
        if scope.parent is not None and any(
            branch is scope for branch in scope.parent.set_operation_scopes
        ):
            scope = scope.parent
            continue
        return False
    return False


def _in_nested_subquery(node: exp.Expr, top: exp.Expr) -> bool:
    current = node.parent
    while current is not None and current is not top:
        if isinstance(current, exp.Subquery) and isinstance(current.parent, exp.Lateral):
            return True
        current = current.parent
    return False


def _is_lateral_subquery(scope: Scope) -> bool:
    """LATERAL (SELECT ...) / CROSS APPLY (SELECT ...): a derived table, not a table function."""
    expression = scope.expression
    return bool(
        scope.is_udtf
        and isinstance(expression, exp.Lateral)
        and isinstance(expression.this, exp.Subquery)
    )


def _feeding_scopes(root: Scope) -> set[int]:
    """Scopes whose rows reach the statement's output (root, CTEs, derived tables, unions)."""
    feeding: set[int] = set()
    stack = [root]
    while stack:
        scope = stack.pop()
        if id(scope) in feeding:
            continue
        feeding.add(id(scope))
        for source in scope.sources.values():
            if isinstance(source, Scope):
                stack.append(source)
        stack.extend(scope.set_operation_scopes)
    return feeding


def _scope_for(scope: Scope, select: exp.Expr) -> Scope | None:
    for sub in scope.subquery_scopes:
        if sub.expression is select:
            return sub
    return None


def _inside_subquery(node: exp.Expr, stop: exp.Expr) -> bool:
    if node is stop:
        return False
    current = node.parent
    while current is not None and current is not stop:
        if isinstance(current, (exp.Subquery, exp.Select)):
            return True
        current = current.parent
    return False


def _split_and(
    node: exp.Expr, clause: str, restricts: bool
) -> Iterator[tuple[str, exp.Expr, bool]]:
    stack = [node]
    while stack:
        current = stack.pop()
        while isinstance(current, exp.Paren):
            current = current.this
        if isinstance(current, exp.And):
            stack.append(current.expression)
            stack.append(current.this)
        elif isinstance(current, exp.Or):
            yield from ((clause, part, False) for part in _flatten_or(current))
        else:
            yield clause, current, restricts


def _flatten_or(node: exp.Expr) -> Iterator[exp.Expr]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, (exp.Or, exp.And)):
            stack.extend([current.expression, current.this])
        else:
            yield current


_TRUE_WORDS = {"true", "t", "1", "s", "si", "sí", "y", "yes"}
_FALSE_WORDS = {"false", "f", "0", "n", "no"}


def _truth(node: exp.Expr) -> bool | None:
    if isinstance(node, exp.Boolean):
        return bool(node.this)
    if isinstance(node, exp.Literal):
        text = str(node.this).strip().lower()
        if text in _TRUE_WORDS:
            return True
        if text in _FALSE_WORDS:
            return False
    return None


def _polarity(predicate: exp.Expr, column: exp.Column) -> str:
    """Whether ``predicate`` keeps rows whose consent ``column`` is true.

    ``positive`` (= TRUE, IS TRUE, bare column, <> FALSE), ``negative`` (= FALSE,
    IS NOT TRUE, NOT col, IS NULL), ``not_null`` (IS NOT NULL — e.g. a consent
    timestamp), ``unknown`` otherwise.
    """
    node = predicate
    negated = False
    while isinstance(node, (exp.Not, exp.Paren)):
        if isinstance(node, exp.Not):
            negated = not negated
        node = node.this
    if isinstance(node, exp.Is) and node.args.get("negate"):
        negated = not negated  # PostgreSQL: `x IS NOT NULL` is Is(negate=True)
    result: str = "unknown"
    if node is column or (isinstance(node, exp.Column) and node == column):
        result = "positive"
    elif isinstance(node, exp.Is):
        target = node.expression
        if isinstance(target, exp.Null):
            result = "negative"
        elif _truth(target) is not None:
            result = "positive" if _truth(target) else "negative"
            if negated and not _truth(target):
                return "not_false"  # x IS NOT FALSE: NULL (never answered) passes
    elif isinstance(node, exp.In) and node.expressions and not node.args.get("query"):
        values = {_truth(v) for v in node.expressions}
        if values == {True}:
            result = "positive"
        elif values == {False}:
            result = "negative"
    elif isinstance(node, (exp.EQ, exp.NEQ)):
        side = node.this if _contains(node.this, column) else node.expression
        other = node.expression if side is node.this else node.this
        value = _truth(other)
        if value is not None:
            positive = value if isinstance(node, exp.EQ) else not value
            result = "positive" if positive else "negative"
            default = _null_default(side)
            if result == "positive" and default is not None and default == value:
                # COALESCE(x, TRUE) = TRUE: a titular who never answered (NULL) passes.
                result = "not_false"
    if negated:
        if (
            result == "negative"
            and isinstance(node, exp.Is)
            and isinstance(node.expression, exp.Null)
        ):
            return "not_null"
        return {"positive": "negative", "negative": "positive"}.get(result, result)
    return result


def _null_default(node: exp.Expr) -> bool | None:
    """The truth value COALESCE/IFNULL/NVL substitutes for NULL, if ``node`` is one."""
    while isinstance(node, exp.Paren):
        node = node.this
    if isinstance(node, exp.Coalesce):
        defaults = node.expressions
        return _truth(defaults[-1]) if defaults else None
    if isinstance(node, exp.Anonymous) and str(node.this).lower() in ("ifnull", "nvl", "isnull"):
        return _truth(node.expressions[-1]) if len(node.expressions) > 1 else None
    return None


def _contains(node: exp.Expr, column: exp.Column) -> bool:
    return any(c is column for c in node.find_all(exp.Column))


def _clause_of(column: exp.Expr, top: exp.Expr) -> str:
    """The clause a column sits in within its scope's expression."""
    node: exp.Expr = column
    inside_condition = False
    inside_window = False
    inside_order = False
    while node.parent is not None and node is not top:
        parent = node.parent
        key = node.arg_key
        if isinstance(parent, exp.If) and key == "this":
            inside_condition = True
        if isinstance(parent, exp.Window) and key in ("partition_by", "order"):
            inside_window = True
        if isinstance(parent, exp.Order) and key == "expressions":
            inside_order = True
        if isinstance(parent, exp.Filter) and key == "expression":
            inside_condition = True
        if isinstance(parent, (exp.Lateral, exp.Unnest, exp.TableFromRows)):
            return "lateral"
        if isinstance(parent, exp.Table) and key == "this" and isinstance(node, exp.Func):
            return "lateral"  # JSON_TABLE(col, ...) AS j and other table functions
        if isinstance(parent, exp.Join) and key in ("on", "using"):
            return "join"
        if parent is top:
            mapping = {
                "where": "where",
                "joins": "join",
                "group": "group_by",
                "having": "having",
                "qualify": "qualify",
                "order": "order_by",
                "expressions": "projection",
                "distinct": "projection",
                "laterals": "lateral",
                "from_": "from",
                "from": "from",
            }
            clause = mapping.get(key or "", "other")
            if clause == "other" and isinstance(
                top, (exp.Table, exp.Lateral, exp.Unnest, exp.TableFromRows)
            ):
                clause = "lateral"  # TABLE(FLATTEN(input => col)): the input of a table function
            if clause == "projection":
                if inside_condition:
                    return "case_condition"
                if inside_window:
                    return "window"
                if inside_order:
                    return "order_by"
            return clause
        node = parent
    return "other"
