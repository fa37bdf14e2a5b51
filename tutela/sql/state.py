"""One statement under analysis: its text and positions, the catalog, and the fact it fills.

Every pass of :mod:`tutela.sql` (``parse``, ``statements``, ``egress``, ``resolve``,
``exposures``, ``predicates``, ``exclusion``) is a function over a :class:`Statement`: it
reads the statement's tree and adds entries to ``statement.fact`` through the primitives
here, so every pass writes reads, writes, egress, column entries and positions the same way.

A pass that meets a construct it cannot analyse soundly raises :class:`NotAnalysed` — the
one way to say "not analysed"; the driver (:mod:`tutela.sql.facts`) turns it into a fact
with ``parsed: false`` that the policies report as SQL001.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, NoReturn, Protocol

from sqlglot import exp
from sqlglot.tokens import Token  # type: ignore[attr-defined]

from tutela.sql.catalog import Catalog, TableInfo
from tutela.sql.flow import READ_TAG, Flow, table_name
from tutela.sql.personal import looks_personal

FACTS_VERSION = 1

_DATA_KEYWORDS = re.compile(
    r"\b(SELECT|INSERT|COPY\s+INTO|UNLOAD|EXPORT\s+DATA|MERGE|UPDATE|DELETE)\b", re.IGNORECASE
)


class Positions(Protocol):
    """Offsets -> 1-based (line, col): a :class:`~tutela.sql.source.LineIndex` or a shift."""

    def position(self, offset: int) -> tuple[int, int]:
        """Return (line, col) of ``offset``."""
        ...  # pragma: no cover


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


@dataclass
class Sink:
    """Where a query's output goes: ``result``, ``write``, ``egress`` or ``none``."""

    kind: str
    target: str | None = None


class NotAnalysed(Exception):
    """A statement tutela recognises but cannot analyse soundly: its fact fails closed.

    Args:
        reason: the sentence the SQL001 finding shows.
        pos: (line, col) of the construct, or None for the statement's start.
        stage: ``parse``, ``analyse`` or ``limits`` (recorded in ``error.stage``).
        keep: fact fields that stay as the pass had set them (``command``, ``operation``,
            ``egress``) so the finding can say what the statement was.
    """

    def __init__(
        self,
        reason: str,
        pos: tuple[int, int] | None = None,
        stage: str = "analyse",
        keep: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.pos = pos
        self.stage = stage
        self.keep = keep or {}


def refuse_hidden_data_flow(st: Statement, expression: exp.Expr, text: str | None = None) -> None:
    """A statement tutela does not model but that reads or moves data fails closed.

    Snowflake's multi-table INSERT ALL, procedures, tasks and functions whose body holds a
    query: judging them clean would let personal data pass unseen, so the statement is not
    analysed (the policies turn that into an SQL001 error); its fact keeps ``command``.

    Raises:
        NotAnalysed: the statement (or its body ``text``) holds a query or a data keyword.
    """
    moves = (
        expression.find(exp.Query) is not None
        or expression.find(exp.Insert) is not None
        or (text is not None and _DATA_KEYWORDS.search(text) is not None)
    )
    if moves:
        command = st.fact["command"]
        raise NotAnalysed(
            f"tutela does not analyse {command or 'this kind of'} statements that read or "
            "move data",
            None,
            "parse",
            keep={"command": command},
        )


def refuse_procedure_call(command: str) -> NoReturn:
    """CALL / EXEC fails closed: a procedure may read or move any data, out of sight here.

    Raises:
        NotAnalysed: always (the fact keeps ``command``).

    Example:
        >>> try:
        ...     refuse_procedure_call("call")
        ... except NotAnalysed as exc:
        ...     print(exc.stage, exc.keep, exc.reason[:40])
        analyse {'command': 'call'} CALL runs a procedure whose reads and wr
    """
    raise NotAnalysed(
        f"{command.upper()} runs a procedure whose reads and writes tutela cannot see; lint "
        "the procedure's own SQL, or suppress this finding with the reason it is safe",
        None,
        "analyse",
        {"command": command},
    )


def empty_fact(ctx: StatementContext, span: tuple[int, int, int, int]) -> dict[str, Any]:
    """The fact of a statement before any pass ran (the JSON shape of facts.schema.json)."""
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


def unparsed_fact(
    ctx: StatementContext,
    span: tuple[int, int, int, int],
    reason: str,
    error_pos: tuple[int, int] | None,
    stage: str,
) -> dict[str, Any]:
    """The fact of a statement that was not analysed (``parsed: false`` and the reason)."""
    fact = empty_fact(ctx, span)
    fact["parsed"] = False
    fact["operation"] = "unparsed"
    line, col = error_pos or (span[0], span[1])
    fact["error"] = {"message": reason, "line": line, "col": col, "stage": stage}
    return fact


@dataclass
class Statement:
    """The state every pass shares for one statement."""

    text: str
    chunk: Chunk
    ctx: StatementContext
    catalog: Catalog
    index: Positions
    line_offset: int
    fact: dict[str, Any] = field(default_factory=dict)
    # id(exp.Select) -> position of its `*`: columns qualify expands from it have none.
    star_positions: dict[int, tuple[int, int]] = field(default_factory=dict)
    seen_refs: set[tuple[Any, ...]] = field(default_factory=set)
    pos_text: str = ""

    def __post_init__(self) -> None:
        self.pos_text = self.pos_text or self.text
        self.fact = self.fact or empty_fact(self.ctx, self.span())

    # -- positions ------------------------------------------------------------------------
    def pos(self, node: exp.Expr | None) -> tuple[int, int]:
        """1-based (line, col) of the first character of ``node``, else the statement's."""
        if node is not None:
            synthesized = False
            first: int | None = None
            if isinstance(node, exp.Column):
                synthesized = self.start(node.this) is None
                first = self._column_start(node)
            elif isinstance(node, exp.Table):
                # A table starts at its first written part (`crm.clientes` at `crm`).
                starts = [self.start(part) for part in node.parts if part is not None]
                first = min((s for s in starts if s is not None), default=None)
            if first is not None:
                return self.at(first)
            for sub in () if synthesized else node.walk():
                start = self.start(sub)
                if start is not None:
                    return self.at(start)
            # Columns that qualify expanded from a star carry no position: use the star's.
            parent = node.parent
            while parent is not None:
                if id(parent) in self.star_positions:
                    return self.star_positions[id(parent)]
                parent = parent.parent
        return self.at(self.chunk.start)

    def _column_start(self, column: exp.Column) -> int | None:
        """Where a column starts as written: at its qualifier (`t.cvv` at `t`), if written.

        qualify gives an unqualified column the table's alias as qualifier, and that
        identifier carries the alias's position (in the FROM clause): a qualifier counts
        only when it is written right before the name, separated by a dot.
        """
        start = self.start(column.this)
        if start is None:
            return None
        for part in reversed(column.parts[:-1]):
            part_start = self.start(part) if part is not None else None
            if part_start is None:
                break
            end = int(part.meta.get("end", part_start))
            if self.pos_text[end + 1 : start].strip() != ".":
                break
            start = part_start
        return start

    def at(self, offset: int) -> tuple[int, int]:
        """(line, col) in the file of an offset into the text positions are read from."""
        line, col = self.index.position(offset)
        return line + self.line_offset, col

    def start(self, node: exp.Expr) -> int | None:
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
        text = self.pos_text[start : end + 1].strip('"`[]')
        name = str(node.this)
        return start if text == name or text.lower() == name.lower() else None

    def span(self) -> tuple[int, int, int, int]:
        """(line, col, end_line, end_col) of the whole statement."""
        line, col = self.at(self.chunk.start)
        end_line, end_col = self.at(self.chunk.end)
        return line, col, end_line, end_col

    @contextlib.contextmanager
    def embedded(self, text: str, index: Positions) -> Iterator[None]:
        """Read positions from SQL embedded in a string of this statement (UNLOAD ('...'))."""
        saved = (self.index, self.pos_text)
        self.index, self.pos_text = index, text
        try:
            yield
        finally:
            self.index, self.pos_text = saved

    # -- fact primitives ------------------------------------------------------------------
    def table_entry(
        self, name: str, info: TableInfo | None, node: exp.Expr | None, **extra: Any
    ) -> dict[str, Any]:
        """A ``reads``/``writes`` entry: the table, what the inventory says of it, where."""
        line, col = self.pos(node)
        entry: dict[str, Any] = {"table": name, "known": info is not None}
        if info is not None:
            entry["personal"] = info.personal
            entry["blocked"] = info.blocked
            entry["exclusion_list"] = info.exclusion_kind
            if len(info.exclusion_lists) > 1:
                entry["exclusion_kinds"] = info.exclusion_kinds
        entry.update(extra)
        entry["line"], entry["col"] = line, col
        return entry

    def write(self, target: exp.Expr | None, mode: str) -> str:
        """Record a table the statement writes; return its inventory key or written name."""
        if isinstance(target, exp.Schema):
            target = target.this
        if not isinstance(target, exp.Table):
            name = target.sql() if isinstance(target, exp.Expr) else "?"
            self.fact["writes"].append(self.table_entry(name, None, target, mode=mode))
            return name
        written = table_name(target)
        info = None if written.startswith("#") else self.catalog.resolve(written.split("."))
        name = info.key if info else written
        self.fact["writes"].append(self.table_entry(name, info, target, mode=mode))
        return name

    def egress(self, kind: str, target: str, target_type: str, node: exp.Expr | None) -> None:
        """Record data leaving the warehouse (a stage, URI, file, share, program...)."""
        line, col = self.pos(node)
        self.fact["egress"].append(
            {"kind": kind, "target": target, "target_type": target_type, "line": line, "col": col}
        )

    def add_read(self, table: exp.Table, read: dict[str, Any]) -> None:
        """Record a read (once per table occurrence) and tag the FROM item with its index.

        The tag lives in the node's meta, which sqlglot copies with the node (qualify copies
        tables inside parenthesised joins), so flows from a copy still name the occurrence.
        """
        reads = self.fact["reads"]
        if read not in reads:
            reads.append(read)
        table.meta[READ_TAG] = reads.index(read)

    def column_info(self, table: str | None, column: str) -> dict[str, Any]:
        """A column entry: the table and column, and what the inventory says of them."""
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

    def unclassified(self, flow: Flow, line: int, col: int) -> None:
        """Record a column the inventory does not classify (with a name heuristic's hint)."""
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
        self.add_unclassified(
            {
                "table": flow.table,
                "column": flow.column,
                "reason": reason,
                "looks_personal": hint is not None,
                "pattern": hint,
                "line": line,
                "col": col,
            }
        )

    def add_unclassified(self, entry: dict[str, Any]) -> None:
        """Add an ``unclassified`` entry once."""
        if entry not in self.fact["unclassified"]:
            self.fact["unclassified"].append(entry)


def read_index(flow: Flow) -> dict[str, int]:
    """``{"read": i}``: the ``reads`` entry (table occurrence) a flow comes from, if known."""
    return {} if flow.source is None else {"read": flow.source}
