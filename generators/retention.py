"""Retention jobs: block rows past their retention period, suppress rows past their blocking.

Python observes the inventory and writes SQL; it decides nothing legal that the inventory
does not already say. For every dataset with a ``retention`` rule, a ``timestamp`` column and a
``blocking`` rule the plan holds, in this order:

1. dry-run ``COUNT(*)`` queries for what would be blocked and what would be suppressed;
2. the bloqueo (LFPDPPP Art. 2 fr. III, Art. 10 ¶2): rows whose ``timestamp`` is on or before
   ``as_of - retention.period`` are *moved* into the dataset's bloqueo store
   (``blocking.store``, a dataset with ``blocked: true``; its ``timestamp`` column records the
   date of the bloqueo) or *marked* (``blocking.marker_column`` set to the date);
3. the supresión (Art. 24, Art. 10 ¶2): rows blocked on or before ``as_of - blocking.period``
   are deleted — unless the dataset records ``legal_holds`` (Art. 25), which suspend it.

A ``blocking.period`` of ``P0D`` with no store and no marker means "suppress directly".
Tables without a retention rule (or without the timestamp, or without a way to block) are
*reported*, never guessed. Every value is a sqlglot literal rendered per dialect.

See docs/retention.md for the design and the inventory fields it reads.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlglot import exp

from tutela.errors import InventoryError, TutelaError

#: Dialects the scripts are proved to render for (sqlglot names).
DIALECTS = (
    "snowflake",
    "bigquery",
    "postgres",
    "redshift",
    "databricks",
    "mysql",
    "tsql",
    "duckdb",
    "sqlite",
)
#: Dialects without multi-statement transactions in a plain script.
_NO_TRANSACTIONS = frozenset({"databricks"})

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


# --------------------------------------------------------------------------- durations


@dataclass(frozen=True)
class Duration:
    """An ISO-8601 date duration (years, months, days), subtracted with calendar arithmetic."""

    iso: str
    years: int = 0
    months: int = 0
    days: int = 0

    def before(self, day: _dt.date) -> _dt.date:
        """Return ``day`` minus this duration (29 Feb clamps to 28 Feb).

        Example:
            >>> parse_duration("P5Y").before(_dt.date(2026, 11, 28)).isoformat()
            '2021-11-28'
            >>> parse_duration("P1M").before(_dt.date(2026, 3, 31)).isoformat()
            '2026-02-28'
        """
        return self._shift(day, -1)

    def after(self, day: _dt.date) -> _dt.date:
        """Return ``day`` plus this duration."""
        return self._shift(day, 1)

    def _shift(self, day: _dt.date, sign: int) -> _dt.date:
        total = day.year * 12 + (day.month - 1) + sign * (self.years * 12 + self.months)
        year, month = divmod(total, 12)
        month += 1
        last = (_dt.date(year + month // 12, month % 12 + 1, 1) - _dt.timedelta(days=1)).day
        return _dt.date(year, month, min(day.day, last)) + _dt.timedelta(days=sign * self.days)


def parse_duration(value: Any) -> Duration:
    """Read a duration as the inventory holds it: ``"P5Y"`` or ``{"iso": "P5Y", "days": ...}``.

    Example:
        >>> parse_duration({"iso": "P1Y6M", "days": 545})
        Duration(iso='P1Y6M', years=1, months=6, days=0)

    Raises:
        ValueError: the value is not an ISO-8601 date duration.
    """
    iso = value.get("iso") if isinstance(value, Mapping) else value
    match = _DURATION.match(str(iso)) if isinstance(iso, str) else None
    if not match or iso == "P":
        raise ValueError(f"{iso!r} is not an ISO-8601 duration such as P5Y, P18M or P90D")
    years, months, weeks, days = (int(g) if g else 0 for g in match.groups())
    return Duration(str(iso), years, months, days + 7 * weeks)


# --------------------------------------------------------------------------- inventory view


@dataclass(frozen=True)
class Dataset:
    """What the generators need to know about one dataset of the inventory."""

    index: int
    table: str
    columns: tuple[str, ...]
    column_info: Mapping[str, Mapping[str, Any]]
    purposes: tuple[str, ...]
    data_subject: str | None = None
    subject_key: str | None = None
    timestamp: str | None = None
    blocked: bool = False
    exclusion_list: Mapping[str, Any] | None = None
    consent_columns: Mapping[str, str] = field(default_factory=dict)
    retention: Duration | None = None
    retention_basis: str = ""
    retention_trigger: str = ""
    statutory: bool = False
    blocking: Duration | None = None
    blocking_basis: str = ""
    store: str | None = None
    marker_column: str | None = None
    legal_holds: tuple[str, ...] = ()


def _bad(message: str, path: tuple[str | int, ...], hint: str) -> InventoryError:
    from tutela.errors import dotted_path

    return InventoryError(f"{dotted_path(path)}: {message}", hint=hint)


def _duration_at(raw: Any, path: tuple[str | int, ...]) -> Duration:
    try:
        return parse_duration(raw)
    except ValueError as exc:
        raise _bad(str(exc), path, "write an ISO-8601 duration, e.g. P5Y, P18M, P90D") from None


def datasets_of(inventory: Mapping[str, Any]) -> list[Dataset]:
    """Return the inventory's datasets as :class:`Dataset` records, in table order.

    Reads the fields of docs/inventory-spec.yaml plus two tolerant ones that this generator
    proposes (see docs/retention.md): ``blocking.store`` / ``blocking.marker_column`` and
    ``retention.statutory``.

    Raises:
        InventoryError: a duration is malformed, or a blocking store is not a blocked dataset
            holding every column of the live table.
    """
    out: list[Dataset] = []
    for index, raw in enumerate(inventory.get("datasets") or []):
        columns = [c for c in raw.get("columns") or [] if isinstance(c, Mapping)]
        retention = raw.get("retention") or None
        blocking = raw.get("blocking") or None
        out.append(
            Dataset(
                index=index,
                table=str(raw["table"]),
                columns=tuple(str(c["name"]) for c in columns),
                column_info={str(c["name"]): c for c in columns},
                purposes=tuple(raw.get("purposes") or ()),
                data_subject=raw.get("data_subject"),
                subject_key=raw.get("subject_key"),
                timestamp=raw.get("timestamp"),
                blocked=bool(raw.get("blocked", False)),
                exclusion_list=raw.get("exclusion_list") or None,
                consent_columns=dict(raw.get("consent_columns") or {}),
                retention=(
                    _duration_at(
                        retention.get("period"), ("datasets", index, "retention", "period")
                    )
                    if retention
                    else None
                ),
                retention_basis=str((retention or {}).get("legal_basis", "")),
                retention_trigger=str((retention or {}).get("trigger", "")),
                statutory=bool((retention or {}).get("statutory", False)),
                blocking=(
                    _duration_at(blocking.get("period"), ("datasets", index, "blocking", "period"))
                    if blocking
                    else None
                ),
                blocking_basis=str((blocking or {}).get("legal_basis", "")),
                store=(blocking or {}).get("store"),
                marker_column=(blocking or {}).get("marker_column"),
                legal_holds=tuple(raw.get("legal_holds") or ()),
            )
        )
    by_table = {d.table: d for d in out}
    for ds in out:
        if ds.store is not None:
            store = by_table.get(ds.store)
            path = ("datasets", ds.index, "blocking", "store")
            if store is None or not store.blocked:
                raise _bad(
                    f"bloqueo store {ds.store!r} is not a dataset with blocked: true",
                    path,
                    "add the store table as a dataset with `blocked: true` and the live "
                    "table's columns plus a `timestamp` column for the date of the bloqueo",
                )
            missing = [c for c in ds.columns if c not in store.columns]
            if missing or not store.timestamp:
                what = f"lacks columns {missing}" if missing else "has no `timestamp` column"
                raise _bad(
                    f"bloqueo store {ds.store!r} {what}",
                    path,
                    "the store holds every column of the live table plus the `timestamp` "
                    "column where the bloqueo date is written",
                )
        if ds.marker_column is not None and ds.marker_column not in ds.columns:
            raise _bad(
                f"marker column {ds.marker_column!r} is not a column of {ds.table}",
                ("datasets", ds.index, "blocking", "marker_column"),
                "list the marker column under `columns` (category: ninguna)",
            )
    return sorted(out, key=lambda d: d.table)


#: Fields this generator reads that docs/inventory-spec.yaml does not define yet:
#: (section under a dataset, key, expected type). They are taken out before validation and
#: put back after it, so the inventory schema stays the one contract.
PROPOSED_FIELDS: tuple[tuple[str, str, type], ...] = (
    ("blocking", "store", str),
    ("blocking", "marker_column", str),
    ("retention", "statutory", bool),
)


def read_inventory(path: Path) -> dict[str, Any]:
    """Load and validate the inventory, accepting the fields in :data:`PROPOSED_FIELDS`.

    The file is read with :func:`tutela.yamlsafe.load_yaml` and validated with
    :func:`tutela.inventory.validate_document`; the proposed fields are checked here.

    Raises:
        TutelaError: the file cannot be read or fails validation.
    """
    from tutela.errors import InputError
    from tutela.inventory import validate_document
    from tutela.yamlsafe import load_yaml

    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"cannot read inventory: {exc.strerror}",
            file,
            hint="pass --inventory FILE or set `inventory` in tutela.toml",
        ) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"inventory is not UTF-8 (byte {exc.start})", file, hint="save the file as UTF-8"
        ) from None
    doc = load_yaml(text, file)
    extras: dict[tuple[int, str, str], Any] = {}
    datasets = doc.data.get("datasets") if isinstance(doc.data, dict) else None
    for index, ds in enumerate(datasets if isinstance(datasets, list) else []):
        for section, key, kind in PROPOSED_FIELDS:
            holder = ds.get(section) if isinstance(ds, dict) else None
            if not isinstance(holder, dict) or key not in holder:
                continue
            value = holder.pop(key)
            if not isinstance(value, kind):
                line, column = doc.mark(("datasets", index, section, key)) or (None, None)
                raise InventoryError(
                    f"datasets[{index}].{section}.{key}: expected {kind.__name__}",
                    file,
                    line,
                    column,
                    hint="see docs/retention.md for the bloqueo fields",
                )
            extras[(index, section, key)] = value
    data = validate_document(doc)
    for (index, section, key), value in extras.items():
        data["datasets"][index][section][key] = value
    return data


# --------------------------------------------------------------------------- SQL building


def table_expr(name: str, alias: str | None = None) -> exp.Table:
    """Return a table node for a dotted inventory name, quoting parts only when needed."""
    parts = name.split(".")
    table = exp.Table(this=exp.to_identifier(parts[-1]))
    if len(parts) >= 2:
        table.set("db", exp.to_identifier(parts[-2]))
    if len(parts) == 3:
        table.set("catalog", exp.to_identifier(parts[0]))
    if alias:
        table.set("alias", exp.TableAlias(this=exp.to_identifier(alias)))
    return table


def col(name: str, table: str | None = None) -> exp.Column:
    """Return a column node (quoted only when the name needs it)."""
    return exp.column(exp.to_identifier(name), table=exp.to_identifier(table) if table else None)


def date_literal(day: _dt.date) -> exp.Expr:
    """Return ``CAST('YYYY-MM-DD' AS DATE)``; sqlglot renders it per dialect."""
    return exp.cast(exp.Literal.string(day.isoformat()), exp.DataType.build("date"))


def for_dialect(stmt: exp.Expr, dialect: str) -> str:
    """Render ``stmt`` for ``dialect``, adapting the few nodes sqlglot leaves generic."""

    def fix(node: exp.Expr) -> exp.Expr:
        if dialect == "sqlite" and isinstance(node, exp.Table) and node.args.get("catalog"):
            # SQLite names at most schema.table (an attached database): a warehouse catalog
            # would make the script unparseable there (render_steps says so in a comment).
            node = node.copy()
            node.set("catalog", None)
            return node
        if dialect == "tsql":
            if isinstance(node, exp.Boolean):
                return exp.Literal.number(1 if node.this else 0)
            if isinstance(node, exp.Placeholder) and node.this:
                return exp.Parameter(this=exp.var(node.name))
        return node

    return stmt.copy().transform(fix).sql(dialect=dialect)


def comment_line(text: str) -> str:
    """Return ``-- text`` with line breaks removed (inventory text can never end a comment)."""
    return "-- " + " ".join(str(text).split())


@dataclass
class Step:
    """One unit of a plan: comments (why, with the legal basis) and the statements."""

    table: str
    action: str
    legal_basis: list[str]
    comments: list[str]
    statements: list[exp.Expr] = field(default_factory=list)
    transactional: bool = False

    def to_json(self, dialect: str) -> dict[str, Any]:
        """Return the step as JSON-ready data with the SQL rendered for ``dialect``."""
        return {
            "table": self.table,
            "action": self.action,
            "legal_basis": list(self.legal_basis),
            "comments": list(self.comments),
            "sql": [for_dialect(s, dialect) for s in self.statements],
        }


def render_steps(header: Sequence[str], steps: Iterable[Step], dialect: str) -> str:
    """Render a script: a header comment block, then each step's comments and statements."""
    lines = [comment_line(h) for h in header]
    steps = list(steps)
    if dialect == "sqlite" and any(step.table.count(".") >= 2 for step in steps):
        lines.append(
            comment_line(
                "sqlite names at most database.table: the inventory's catalog (the first part "
                "of a three-part name) is left out, so attach each schema as a database"
            )
        )
    for step in steps:
        lines.append("")
        lines.extend(comment_line(c) for c in step.comments)
        if step.legal_basis:
            lines.append(comment_line("Fundamento: " + "; ".join(step.legal_basis)))
        use_tx = step.transactional and len(step.statements) > 1
        if use_tx and dialect in _NO_TRANSACTIONS:
            lines.append(
                comment_line(
                    f"{dialect} has no multi-statement transactions: the copy runs before "
                    "the delete, so a failure leaves a duplicate, never a loss; rerun the step"
                )
            )
            use_tx = False
        if use_tx:
            lines.append(exp.Transaction().sql(dialect=dialect) + ";")
        lines.extend(for_dialect(s, dialect) + ";" for s in step.statements)
        if use_tx:
            lines.append(exp.Commit().sql(dialect=dialect) + ";")
    return "\n".join(lines) + "\n"


def check_dialect(dialect: str) -> str:
    """Return ``dialect`` if sqlglot knows it, else raise a TutelaError with the choices.

    :data:`DIALECTS` are the ones tutela's tests render and pin; any other sqlglot dialect
    (``spark``, ``trino``, ...) is rendered by sqlglot the same way, untested here.

    Example:
        >>> check_dialect("trino")
        'trino'
    """
    from sqlglot.dialects.dialect import Dialect

    if dialect not in DIALECTS and Dialect.get(dialect) is None:
        import difflib

        close = difflib.get_close_matches(dialect, DIALECTS, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise TutelaError(
            f"unknown dialect {dialect!r}",
            hint=hint + "choose one of: " + ", ".join(DIALECTS),
        )
    return dialect


# --------------------------------------------------------------------------- bloqueo helpers


def block_statements(
    ds: Dataset, where: exp.Expr, as_of: _dt.date, store: Dataset | None
) -> list[exp.Expr]:
    """Statements that put the rows matching ``where`` under bloqueo (move or mark)."""
    live = table_expr(ds.table)
    if store is not None:
        names = [*ds.columns, str(store.timestamp)]
        select = exp.select(*[col(c) for c in ds.columns], date_literal(as_of)).from_(live.copy())
        select = select.where(where.copy())
        insert = exp.insert(select, table_expr(store.table), columns=names)
        delete = exp.delete(live.copy(), where=where.copy())
        return [insert, delete]
    if ds.marker_column is not None:
        cond = exp.and_(where.copy(), col(ds.marker_column).is_(exp.null()))
        return [exp.update(live, {ds.marker_column: date_literal(as_of)}, where=cond)]
    return []


def blocked_rows(ds: Dataset, store: Dataset | None, cutoff: _dt.date) -> tuple[str, exp.Expr]:
    """Return (table, condition) selecting rows blocked on or before ``cutoff``."""
    if store is not None:
        return store.table, col(str(store.timestamp)) <= date_literal(cutoff)
    if ds.marker_column is not None:
        return ds.table, exp.and_(
            col(ds.marker_column).is_(exp.null()).not_(),
            col(ds.marker_column) <= date_literal(cutoff),
        )
    # P0D without a store or marker: suppression applies to the live rows themselves.
    return ds.table, exp.true()


def can_block(ds: Dataset) -> bool:
    """Return whether the inventory says how to block this dataset (or to suppress directly)."""
    if ds.blocking is None:
        return False
    if ds.store or ds.marker_column:
        return True
    # Direct supresión needs no bloqueo, unless a hold suspends it: then the rows would
    # stay live and processed, which is exactly what a bloqueo must prevent.
    zero = (ds.blocking.years, ds.blocking.months, ds.blocking.days) == (0, 0, 0)
    return zero and not ds.legal_holds


def why_not_blockable(ds: Dataset) -> str:
    """Explain why :func:`can_block` is false for ``ds`` (for the not-planned report)."""
    if ds.blocking is None:
        return (
            "no `blocking:` rule in the inventory: add `blocking:` with `period` and "
            "`legal_basis` (period P0D to suppress directly)"
        )
    if ds.legal_holds:
        fractions = ", ".join(h.rpartition("_")[2] for h in ds.legal_holds)
        return (
            f"legal holds (LFPDPPP art. 25 fr. {fractions}) suspend the supresión, and with "
            "no bloqueo store or marker the rows would stay live: name `blocking.store` "
            "or `blocking.marker_column`"
        )
    return (
        f"blocking {ds.blocking.iso} but no way to block: name `blocking.store` (a dataset "
        "with `blocked: true`) or `blocking.marker_column`"
    )


def store_cutoff(ds: Dataset, as_of: _dt.date) -> _dt.date | None:
    """For a bloqueo store not named by any live dataset: the last ``timestamp`` to suppress.

    Its rows are blocked from their ``timestamp`` (plus ``retention.period``, if any) for
    ``blocking.period``; ``None`` when the store lacks the timestamp or the blocking rule.
    """
    if not ds.timestamp or ds.blocking is None:
        return None
    start = ds.retention.before(as_of) if ds.retention else as_of
    return ds.blocking.before(start)


UNPLANNED_STORE = (
    "bloqueo store without `timestamp` and `blocking:`: name it in a live dataset's "
    "`blocking.store`, or give it both"
)


def holds_comment(ds: Dataset) -> str:
    """Explain which Art. 25 grounds suspend suppression."""
    fractions = ", ".join(h.rpartition("_")[2] for h in ds.legal_holds)
    return (
        f"Supresión suspendida: LFPDPPP art. 25 fr. {fractions} (legal_holds: "
        f"{', '.join(ds.legal_holds)}); los datos permanecen bloqueados"
    )


# --------------------------------------------------------------------------- retention plan


@dataclass
class RetentionPlan:
    """The retention job for one ``as_of`` date: steps per table and tables not planned."""

    as_of: _dt.date
    steps: list[Step]
    explain: dict[str, list[str]]
    not_planned: dict[str, str]

    def to_sql(self, dialect: str) -> str:
        """Return the whole job as one script for ``dialect``."""
        header = [
            f"tutela retention plan: as of {self.as_of.isoformat()}, dialect {dialect}",
            "Run the COUNT queries first (dry run); then the bloqueo and supresión steps.",
            "Fundamento general: LFPDPPP art. 10 párr. 2 (conservación), art. 2 fr. III "
            "(bloqueo), art. 24 (supresión), art. 25 (excepciones)",
        ]
        for table, reason in sorted(self.not_planned.items()):
            header.append(f"NOT PLANNED {table}: {reason}")
        return render_steps(header, self.steps, dialect)

    def to_json(self, dialect: str) -> str:
        """Return the job as JSON (steps with SQL for ``dialect``, explanations, gaps)."""
        payload = {
            "as_of": self.as_of.isoformat(),
            "dialect": dialect,
            "steps": [s.to_json(dialect) for s in self.steps],
            "explain": self.explain,
            "not_planned": dict(sorted(self.not_planned.items())),
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"

    def explain_text(self) -> str:
        """Return the per-table reasoning as plain text."""
        lines: list[str] = []
        for table in sorted({*self.explain, *self.not_planned}):
            lines.append(f"{table}:")
            lines.extend(f"  {line}" for line in self.explain.get(table, []))
            if table in self.not_planned:
                lines.append(f"  not planned: {self.not_planned[table]}")
        return "\n".join(lines) + "\n"


def plan_retention(inventory: Mapping[str, Any], as_of: _dt.date) -> RetentionPlan:
    """Plan the bloqueo and supresión of every dataset for the date ``as_of``.

    Args:
        inventory: the validated inventory data (``Inventory.data``).
        as_of: the day the job runs; cutoffs are ``as_of`` minus each period.

    Returns:
        A :class:`RetentionPlan`; render it with ``to_sql(dialect)`` or ``to_json(dialect)``.

    Example:
        >>> inv = {"datasets": [{"table": "crm.t", "columns": [{"name": "a"}]}]}
        >>> plan_retention(inv, _dt.date(2026, 1, 1)).not_planned
        {'crm.t': 'no retention rule in the inventory (add `retention:`)'}
    """
    datasets = datasets_of(inventory)
    by_table = {d.table: d for d in datasets}
    stores = {d.store for d in datasets if d.store}
    steps: list[Step] = []
    explain: dict[str, list[str]] = {}
    not_planned: dict[str, str] = {}
    for ds in datasets:
        if ds.blocked:
            if ds.table not in stores:
                _plan_store(ds, as_of, steps, explain, not_planned)
            continue
        if ds.retention is None:
            not_planned[ds.table] = "no retention rule in the inventory (add `retention:`)"
            continue
        if not ds.timestamp:
            not_planned[ds.table] = (
                "retention rule but no `timestamp` column to count the period from"
            )
            continue
        if not can_block(ds):
            not_planned[ds.table] = why_not_blockable(ds)
            continue
        if ds.blocking is None:  # pragma: no cover - can_block() checked it
            continue
        store = by_table[ds.store] if ds.store else None
        cutoff = ds.retention.before(as_of)
        blocked_cutoff = ds.blocking.before(as_of)
        expired: exp.Expr = col(ds.timestamp) <= date_literal(cutoff)
        why = explain.setdefault(ds.table, [])
        why.append(
            f"retention {ds.retention.iso} from {ds.timestamp} "
            f"({ds.retention_basis or 'sin fundamento'}; "
            f"trigger: {ds.retention_trigger or 'n/d'}): rows with {ds.timestamp} <= "
            f"{cutoff.isoformat()} are past it"
        )
        basis_block = ["LFPDPPP art. 10 párr. 2", "art. 2 fr. III"]
        if ds.retention_basis:
            basis_block.append(ds.retention_basis)
        direct = store is None and ds.marker_column is None
        if direct:
            why.append("blocking P0D without store or marker: rows are suppressed directly")
        else:
            target = f"moved into {store.table}" if store else f"marked in {ds.marker_column}"
            why.append(f"bloqueo: those rows are {target} with date {as_of.isoformat()}")
            live_cond: exp.Expr = expired
            if ds.marker_column:
                live_cond = exp.and_(expired.copy(), col(ds.marker_column).is_(exp.null()))
            steps.append(
                Step(
                    ds.table,
                    "count_block",
                    [],
                    [f"{ds.table}: dry run, rows that the bloqueo would take"],
                    [
                        exp.select(exp.Count(this=exp.Star()))
                        .from_(table_expr(ds.table))
                        .where(live_cond)
                    ],
                )
            )
        sup_table, sup_cond = blocked_rows(ds, store, blocked_cutoff)
        if direct:
            sup_cond = expired
        else:
            why.append(
                f"blocking {ds.blocking.iso} ({ds.blocking_basis or 'sin fundamento'}): rows "
                f"blocked on or before {blocked_cutoff.isoformat()} are past it"
            )
        if not ds.legal_holds:
            steps.append(
                Step(
                    ds.table,
                    "count_suppress",
                    [],
                    [f"{sup_table}: dry run, rows that the supresión would delete"],
                    [
                        exp.select(exp.Count(this=exp.Star()))
                        .from_(table_expr(sup_table))
                        .where(sup_cond)
                    ],
                )
            )
        if not direct:
            steps.append(
                Step(
                    ds.table,
                    "block",
                    basis_block,
                    [
                        f"{ds.table}: bloqueo of rows past retention {ds.retention.iso} "
                        f"({ds.timestamp} <= {cutoff.isoformat()}); storage only from here on"
                    ],
                    block_statements(ds, expired, as_of, store),
                    transactional=True,
                )
            )
        if ds.legal_holds:
            why.append(holds_comment(ds))
            steps.append(
                Step(ds.table, "suppress_suspended", ["LFPDPPP art. 25"], [holds_comment(ds)])
            )
            continue
        basis_sup = ["LFPDPPP art. 10 párr. 2", "art. 24"]
        if ds.blocking_basis:
            basis_sup.append(ds.blocking_basis)
        why.append(f"supresión: rows deleted from {sup_table}")
        steps.append(
            Step(
                ds.table,
                "suppress",
                basis_sup,
                [f"{sup_table}: supresión of rows past the blocking period {ds.blocking.iso}"],
                [exp.delete(table_expr(sup_table), where=sup_cond)],
            )
        )
    return RetentionPlan(as_of, steps, explain, not_planned)


def _plan_store(
    ds: Dataset,
    as_of: _dt.date,
    steps: list[Step],
    explain: dict[str, list[str]],
    not_planned: dict[str, str],
) -> None:
    cutoff = store_cutoff(ds, as_of)
    if cutoff is None or ds.blocking is None or not ds.timestamp:
        not_planned[ds.table] = UNPLANNED_STORE
        return
    offset = f"{ds.retention.iso} + " if ds.retention else ""
    why = explain.setdefault(ds.table, [])
    why.append(
        f"bloqueo store: rows are blocked from {ds.timestamp} {offset}for {ds.blocking.iso} "
        f"({ds.blocking_basis or 'sin fundamento'}): rows with {ds.timestamp} <= "
        f"{cutoff.isoformat()} are past it"
    )
    if ds.legal_holds:
        why.append(holds_comment(ds))
        steps.append(Step(ds.table, "suppress_suspended", ["LFPDPPP art. 25"], [holds_comment(ds)]))
        return
    cond = col(ds.timestamp) <= date_literal(cutoff)
    why.append(f"supresión: rows deleted from {ds.table}")
    steps.append(
        Step(
            ds.table,
            "count_suppress",
            [],
            [f"{ds.table}: dry run, rows that the supresión would delete"],
            [exp.select(exp.Count(this=exp.Star())).from_(table_expr(ds.table)).where(cond)],
        )
    )
    basis = ["LFPDPPP art. 10 párr. 2", "art. 24"]
    if ds.blocking_basis:
        basis.append(ds.blocking_basis)
    steps.append(
        Step(
            ds.table,
            "suppress",
            basis,
            [f"{ds.table}: supresión of rows past the blocking period {ds.blocking.iso}"],
            [exp.delete(table_expr(ds.table), where=cond.copy())],
        )
    )
