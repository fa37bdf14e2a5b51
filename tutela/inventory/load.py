"""Load, validate and normalise ``inventory.yaml`` into an :class:`Inventory`.

The steps are: read bytes (:mod:`tutela.textfile`: UTF-8, or UTF-8/16/32 with BOM) → safe YAML with
positions (:mod:`tutela.yamlsafe`) → Cerberus schema (:mod:`tutela.inventory.schema`) →
cross-reference checks → normalisation (defaults, durations in days). Every problem found
by the schema or the cross-references is collected, located at ``file:line:col`` and raised
together as one :class:`~tutela.errors.InventoryError`.

A validated inventory can be cached as JSON (keyed by the SHA-256 of the file bytes, the
schema version and the tutela version) so that pre-commit runs skip YAML and Cerberus.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutela import __version__
from tutela.cache import mark_cache_dir
from tutela.errors import InventoryError
from tutela.inventory.model import Inventory
from tutela.inventory.schema import (
    COLUMN_PATTERN,
    DEFAULT_CHANNEL_NOTICE,
    DURATION_PATTERN,
    ID_PATTERN,
    PERSONAL_CATEGORIES,
    SCHEMA,
    SCHEMA_VERSION,
    TABLE_PATTERN,
)
from tutela.names import table_key, table_parts
from tutela.textfile import decode, read_bytes

if TYPE_CHECKING:
    # Cerberus and the validation machinery are imported only when an inventory is validated:
    # a cached inventory is read without them (about 50 ms of every warm start).
    from tutela.validation import ProblemCollector, SchemaValidator
    from tutela.yamlsafe import YamlDoc

__all__ = ["duration_days", "load_inventory"]

log = logging.getLogger("tutela")

PathKey = tuple[str | int, ...]

_CACHE_FORMAT = 1

_VALIDATOR: SchemaValidator | None = None


def _validator() -> SchemaValidator:
    global _VALIDATOR
    if _VALIDATOR is None:
        from tutela.validation import SchemaValidator, trusted_schema

        # The schema is a constant checked by the tests: skip Cerberus' definition check.
        _VALIDATOR = SchemaValidator(trusted_schema(SCHEMA), allow_unknown=False)
    return _VALIDATOR


def duration_days(iso: str) -> int:
    """Convert an ISO-8601 duration to days with Y=365, M=30, W=7, D=1.

    Example:
        >>> duration_days("P1Y6M")
        545
        >>> duration_days("P0D")
        0
    """
    match = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?", iso)
    if not match or iso == "P":
        raise ValueError(f"not an ISO-8601 duration: {iso!r}")
    years, months, weeks, days = (int(g or 0) for g in match.groups())
    return years * 365 + months * 30 + weeks * 7 + days


def duration_months(iso: str) -> int | None:
    """Whole calendar months of an ISO-8601 duration made of years and months only, else None.

    The retention policies count such a period back by the calendar (``P5Y`` is the date five
    years before the run date, as ``DATEADD(year, -5, CURRENT_DATE)`` is).

    Example:
        >>> duration_months("P1Y6M"), duration_months("P90D"), duration_months("P0D")
        (18, None, None)
    """
    match = re.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?", iso)
    if not match or iso == "P":
        return None
    total = int(match.group(1) or 0) * 12 + int(match.group(2) or 0)
    return total or None


# --------------------------------------------------------------------------------------------
# Reading


def _decode(raw: bytes, file: str) -> str:
    return decode(raw, file, what="inventory").text


def _read(path: Path, file: str) -> bytes:
    return read_bytes(
        path,
        file,
        what="inventory",
        missing_hint='pass the inventory path, or set `inventory = "..."` in tutela.toml',
    )


# --------------------------------------------------------------------------------------------
# Schema errors -> problems


def _collector(doc: YamlDoc) -> ProblemCollector:
    """A problem collector for the inventory schema (shared machinery: tutela.validation)."""
    from tutela.validation import ProblemCollector

    return ProblemCollector(
        doc,
        SCHEMA,
        regex_hints={
            DURATION_PATTERN: "write P<n>Y, P<n>M, P<n>W or P<n>D (combinations allowed: P1Y6M)"
        },
        key_regex=ID_PATTERN,
        key_message="key {value!r} is not a purpose id (lower_snake_case)",
        version_hint=f"this tutela reads inventory schema version {SCHEMA_VERSION}",
    )


def _did_you_mean(value: Any, choices: list[str]) -> str | None:
    from tutela.validation import did_you_mean

    return did_you_mean(value, choices)


# --------------------------------------------------------------------------------------------
# Cross-references


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class _Refs:
    """Cross-reference and conditional checks over the (possibly invalid) raw data."""

    def __init__(self, data: dict[str, Any], out: ProblemCollector) -> None:
        self.data = data
        self.out = out
        self.ids: dict[str, dict[str, PathKey]] = {}

    def run(self) -> None:
        for section in (
            "data_subjects",
            "channels",
            "purposes",
            "recipients",
            "tracking_technologies",
        ):
            self.ids[section] = self._collect_ids(section)
        tables = self._collect_tables()
        self._purposes()
        self._channels()
        self._datasets(tables)
        self._recipients()
        self._tracking()
        self._limit_use(tables)
        self._revocation()
        self._database_aliases(tables)
        self._engagements()

    # --- notices (issue 14): engagements and notice-only fields ---------------------------
    def _engagements(self) -> None:
        self.ids["engagements"] = self._collect_ids("engagements")
        owner: dict[tuple[str, str], PathKey] = {}
        for i, item in enumerate(_as_list(self.data.get("engagements"))):
            engagement = _as_dict(item)
            base: PathKey = ("engagements", i)
            self._refs(
                (*base, "data_subjects"),
                engagement.get("data_subjects"),
                "data_subjects",
                "data subject",
            )
            self._refs((*base, "purposes"), engagement.get("purposes"), "purposes", "purpose")
            self._ref((*base, "recipient"), engagement.get("recipient"), "recipients", "recipient")
            for subject in _as_list(engagement.get("data_subjects")):
                for j, purpose in enumerate(_as_list(engagement.get("purposes"))):
                    key = (str(subject), str(purpose))
                    if key in owner:
                        first = self.out.doc.mark(owner[key])
                        self.out.add(
                            (*base, "purposes", j),
                            f"purpose {purpose!r} of data subject {subject!r} is already in "
                            f"another engagement{f' (line {first[0]})' if first else ''}",
                            hint="one engagement per purpose and data subject: merge them",
                        )
                    owner.setdefault(key, (*base, "purposes", j))
        for i, item in enumerate(_as_list(self.data.get("purposes"))):
            purpose = _as_dict(item)
            if purpose.get("legal_provision") and purpose.get("exception") != "art9_I":
                self.out.add(
                    ("purposes", i, "legal_provision"),
                    "only meaningful with `exception: art9_I` (a legal provision requires it)",
                    hint="remove `legal_provision:` or set `exception: art9_I`",
                    at_key=True,
                )

    def _collect_ids(self, section: str) -> dict[str, PathKey]:
        seen: dict[str, PathKey] = {}
        for i, item in enumerate(_as_list(self.data.get(section))):
            ident = _as_dict(item).get("id")
            if not isinstance(ident, str):
                continue
            path: PathKey = (section, i, "id")
            if ident in seen:
                self._duplicate(path, "id", ident, seen[ident])
            else:
                seen[ident] = path
        return seen

    def _duplicate(self, path: PathKey, what: str, value: str, first: PathKey) -> None:
        mark = self.out.doc.mark(first)
        where = f" (first at line {mark[0]})" if mark else ""
        self.out.add(
            path,
            f"duplicate {what} {value!r}{where}",
            hint=f"each {what} must be unique; rename or merge the two entries",
        )

    def _collect_tables(self) -> dict[str, tuple[int, dict[str, Any]]]:
        tables: dict[str, tuple[int, dict[str, Any]]] = {}
        for i, item in enumerate(_as_list(self.data.get("datasets"))):
            dataset = _as_dict(item)
            name = dataset.get("table")
            if not isinstance(name, str) or not re.fullmatch(TABLE_PATTERN, name):
                continue  # the schema reported it
            path: PathKey = ("datasets", i, "table")
            parts = table_parts(name)
            if not 2 <= len(parts) <= 4:
                self.out.add(
                    path,
                    f"table name {name!r} has {len(parts)} part(s)",
                    hint="write schema.table or database.schema.table, as the warehouse names it",
                )
                continue
            if dataset.get("databases") and len(parts) < 3:
                self.out.add(
                    ("datasets", i, "databases"),
                    f"table {name!r} names no database, so `databases:` has nothing to replace",
                    hint="write the table as database.schema.table, or drop `databases:`",
                )
            key = table_key(name)
            if key in tables:
                self._duplicate(
                    ("datasets", i, "table"), "table", name, ("datasets", tables[key][0], "table")
                )
            else:
                tables[key] = (i, dataset)
        return tables

    def _ref(self, path: PathKey, value: Any, section: str, what: str) -> None:
        if not isinstance(value, str) or not re.fullmatch(ID_PATTERN, value):
            return  # not an id at all: the schema already reported it
        known = self.ids.get(section, {})
        if value in known:
            return
        hint = _did_you_mean(value, list(known))
        if hint is None:
            hint = (
                f"define it under `{section}:`"
                if not known
                else f"known {what}s: {', '.join(known)}"
            )
        self.out.add(path, f"unknown {what} {value!r}", hint=hint)

    def _refs(self, path: PathKey, values: Any, section: str, what: str) -> None:
        for j, value in enumerate(_as_list(values)):
            self._ref((*path, j), value, section, what)

    def _purposes(self) -> None:
        for i, item in enumerate(_as_list(self.data.get("purposes"))):
            purpose = _as_dict(item)
            base: PathKey = ("purposes", i)
            requires = purpose.get("requires_consent")
            if requires is True and "consent" not in purpose:
                self.out.add(
                    (*base, "consent"),
                    "required when requires_consent is true",
                    hint="add `consent: tacit`, `express` or `express_written` (Arts. 7-8)",
                    at=(*base, "requires_consent"),
                )
            if requires is False and "exception" not in purpose:
                self.out.add(
                    (*base, "exception"),
                    "required when requires_consent is false",
                    hint="add the Art. 9 fraction that exempts it from consent, "
                    "e.g. `exception: art9_IV` (legal relationship)",
                    at=(*base, "requires_consent"),
                )
            if requires is True and "exception" in purpose:
                self.out.add(
                    (*base, "exception"),
                    "an Art. 9 exception means consent is not required, but "
                    "requires_consent is true",
                    hint="remove `exception:` or set `requires_consent: false`",
                )
            if purpose.get("automated_decision") is True and not purpose.get(
                "human_review_channel"
            ):
                self.out.add(
                    (*base, "human_review_channel"),
                    "required when automated_decision is true",
                    hint="say how the titular asks for human review (Art. 26 fr. II)",
                    at=(*base, "automated_decision"),
                )
            self._refs(
                (*base, "data_subjects"),
                purpose.get("data_subjects"),
                "data_subjects",
                "data subject",
            )

    def _channels(self) -> None:
        for i, item in enumerate(_as_list(self.data.get("channels"))):
            channel = _as_dict(item)
            base: PathKey = ("channels", i)
            self._refs(
                (*base, "data_subjects"),
                channel.get("data_subjects"),
                "data_subjects",
                "data subject",
            )
            recording = _as_dict(channel.get("recording"))
            self._refs(
                (*base, "recording", "purposes"), recording.get("purposes"), "purposes", "purpose"
            )
            kind = channel.get("type")
            if kind == "indirect" and "source" not in channel:
                self.out.add(
                    (*base, "source"),
                    "required for channels of type 'indirect'",
                    hint="add `source: {provider: ...}`: where the data come from (Art. 17)",
                    at=(*base, "type"),
                )
            if kind != "indirect" and isinstance(kind, str) and "source" in channel:
                self.out.add(
                    (*base, "source"),
                    "only allowed for channels of type 'indirect'",
                    hint="remove `source:` or set `type: indirect`",
                    at_key=True,
                )
            source = _as_dict(channel.get("source"))
            self._ref(
                (*base, "source", "recipient"), source.get("recipient"), "recipients", "recipient"
            )

    def _datasets(self, tables: dict[str, tuple[int, dict[str, Any]]]) -> None:
        for i, item in enumerate(_as_list(self.data.get("datasets"))):
            dataset = _as_dict(item)
            base: PathKey = ("datasets", i)
            table = dataset.get("table")
            where = f" of {table}" if isinstance(table, str) else ""
            columns: dict[str, tuple[int, str]] = {}
            for j, col_item in enumerate(_as_list(dataset.get("columns"))):
                column = _as_dict(col_item)
                name = column.get("name")
                cbase: PathKey = (*base, "columns", j)
                if isinstance(name, str):
                    if name.lower() in columns:
                        first = columns[name.lower()][0]
                        self._duplicate(
                            (*cbase, "name"), "column", name, (*base, "columns", first, "name")
                        )
                    else:
                        columns[name.lower()] = (j, name)
                self._column(cbase, column, dataset)
            names = [name for _, name in columns.values()]

            def col_ref(
                path: PathKey, value: Any, names: list[str] = names, where: str = where
            ) -> None:
                if (
                    not isinstance(value, str)
                    or not re.fullmatch(COLUMN_PATTERN, value)
                    or value.lower() in {n.lower() for n in names}
                ):
                    return
                hint = _did_you_mean(value, names) or (
                    f"columns{where}: {', '.join(names)}" if names else None
                )
                self.out.add(path, f"unknown column {value!r} (not a column{where})", hint=hint)

            self._ref(
                (*base, "data_subject"),
                dataset.get("data_subject"),
                "data_subjects",
                "data subject",
            )
            col_ref((*base, "subject_key"), dataset.get("subject_key"))
            col_ref((*base, "timestamp"), dataset.get("timestamp"))
            self._refs((*base, "purposes"), dataset.get("purposes"), "purposes", "purpose")
            self._usage(base, dataset)
            consent = _as_dict(dataset.get("consent_columns"))
            for purpose_id, column_name in consent.items():
                self._ref((*base, "consent_columns", purpose_id), purpose_id, "purposes", "purpose")
                col_ref((*base, "consent_columns", purpose_id), column_name)
            exclusion = _as_dict(dataset.get("exclusion_list"))
            for j, column_name in enumerate(_as_list(exclusion.get("contact_columns"))):
                col_ref((*base, "exclusion_list", "contact_columns", j), column_name)
            self._exclusion_lists(base, dataset, col_ref)
            blocking = _as_dict(dataset.get("blocking"))
            col_ref((*base, "blocking", "marker_column"), blocking.get("marker_column"))
            self._blocking_store((*base, "blocking", "store"), blocking.get("store"), tables)

    # usage (semantics): every purpose a `usage` map names exists.
    def _usage(self, base: PathKey, owner: dict[str, Any]) -> None:
        for purpose_id in _as_dict(owner.get("usage")):
            self._ref((*base, "usage", purpose_id), purpose_id, "purposes", "purpose")

    def _blocking_store(
        self, path: PathKey, store: Any, tables: dict[str, tuple[int, dict[str, Any]]]
    ) -> None:
        if not isinstance(store, str) or not re.fullmatch(TABLE_PATTERN, store):
            return
        found = tables.get(table_key(store))
        if found is None:
            names = [
                n
                for n in (_as_dict(d).get("table") for d in _as_list(self.data.get("datasets")))
                if isinstance(n, str)
            ]
            self.out.add(
                path,
                f"unknown table {store!r} (not a dataset)",
                hint=_did_you_mean(store, names) or "add the bloqueo table under `datasets:`",
            )
        elif found[1].get("blocked") is not True:
            self.out.add(
                path,
                f"table {store!r} is not marked as a bloqueo store",
                hint=f"add `blocked: true` to datasets[{found[0]}] (storage only, Art. 2 fr. III)",
            )

    def _column(self, base: PathKey, column: dict[str, Any], dataset: dict[str, Any]) -> None:
        category = column.get("category")
        if category == "sensible" and "sensitive_kind" not in column:
            self.out.add(
                (*base, "sensitive_kind"),
                "required for category 'sensible'",
                hint="add `sensitive_kind:` (salud, origen_etnico, genetica, religion, "
                "politica, ...; Art. 2 fr. VI)",
                at=(*base, "category"),
            )
        if category == "contacto" and "contact_type" not in column:
            self.out.add(
                (*base, "contact_type"),
                "required for category 'contacto'",
                hint="add `contact_type: phone`, `email` or `address`",
                at=(*base, "category"),
            )
        self._refs((*base, "purposes"), column.get("purposes"), "purposes", "purpose")
        self._usage(base, column)
        table_purposes = _as_list(dataset.get("purposes"))
        if table_purposes:
            for j, purpose in enumerate(_as_list(column.get("purposes"))):
                if (
                    isinstance(purpose, str)
                    and purpose in self.ids.get("purposes", {})
                    and purpose not in table_purposes
                ):
                    self.out.add(
                        (*base, "purposes", j),
                        f"purpose {purpose!r} is not among the table's purposes",
                        hint="a column's purposes narrow the table's; add it to the "
                        "table's `purposes:` too",
                    )

    def _recipients(self) -> None:
        for i, item in enumerate(_as_list(self.data.get("recipients"))):
            recipient = _as_dict(item)
            self._refs(
                ("recipients", i, "purposes"), recipient.get("purposes"), "purposes", "purpose"
            )
            # processors' scope (semantics): consent columns name a dataset and its column
            for table, column in _as_dict(recipient.get("consent_columns")).items():
                self._recipient_consent(("recipients", i, "consent_columns", table), table, column)

    def _recipient_consent(self, path: PathKey, table: Any, column: Any) -> None:
        if not isinstance(table, str) or not isinstance(column, str):
            return
        datasets = [_as_dict(d) for d in _as_list(self.data.get("datasets"))]
        found = next(
            (d for d in datasets if isinstance(d.get("table"), str)
             and table_key(d["table"]) == table_key(table)),
            None,
        )  # fmt: skip
        if found is None:
            names = [d["table"] for d in datasets if isinstance(d.get("table"), str)]
            self.out.add(
                path,
                f"unknown table {table!r} (not a dataset)",
                hint=_did_you_mean(table, names) or "name a table listed under `datasets:`",
                at_key=True,
            )
            return
        names = [c.get("name") for c in (_as_dict(x) for x in _as_list(found.get("columns")))]
        if column.lower() not in {str(n).lower() for n in names if isinstance(n, str)}:
            self.out.add(
                path,
                f"unknown column {column!r} (not a column of {found['table']})",
                hint=_did_you_mean(column, [n for n in names if isinstance(n, str)]),
            )

    def _tracking(self) -> None:
        for i, item in enumerate(_as_list(self.data.get("tracking_technologies"))):
            self._ref(
                ("tracking_technologies", i, "purpose"),
                _as_dict(item).get("purpose"),
                "purposes",
                "purpose",
            )

    def _limit_use(self, tables: dict[str, tuple[int, dict[str, Any]]]) -> None:
        exclusion = _as_dict(_as_dict(self.data.get("limit_use")).get("exclusion_list"))
        table = exclusion.get("table")
        if not isinstance(table, str) or not re.fullmatch(TABLE_PATTERN, table):
            return
        path: PathKey = ("limit_use", "exclusion_list", "table")
        found = tables.get(table_key(table))
        if found is None:
            names = [_as_dict(d).get("table") for d in _as_list(self.data.get("datasets"))]
            hint = _did_you_mean(table, [n for n in names if isinstance(n, str)])
            self.out.add(
                path,
                f"unknown table {table!r} (not a dataset)",
                hint=hint or "add the exclusion-list table under `datasets:`",
            )
        elif "exclusion_list" not in found[1] and "exclusion_lists" not in found[1]:
            self.out.add(
                path,
                f"table {table!r} is not marked as an exclusion list",
                hint=f"add `exclusion_list: {{kind: internal, contact_columns: [...]}}` "
                f"to datasets[{found[0]}]",
            )

    def _exclusion_lists(
        self, base: PathKey, dataset: dict[str, Any], col_ref: Callable[[PathKey, Any], None]
    ) -> None:
        """``exclusion_lists``: instead of ``exclusion_list``, one entry per kind."""
        lists = _as_list(dataset.get("exclusion_lists"))
        if lists and "exclusion_list" in dataset:
            self.out.add(
                (*base, "exclusion_lists"),
                "a table gives both `exclusion_list` and `exclusion_lists`",
                hint="list every kind under `exclusion_lists:` and drop `exclusion_list:`",
                at_key=True,
            )
        seen: dict[str, int] = {}
        for j, entry in enumerate(lists):
            entry = _as_dict(entry)
            kind = entry.get("kind")
            if isinstance(kind, str) and kind in seen:
                self.out.add(
                    (*base, "exclusion_lists", j, "kind"),
                    f"exclusion-list kind {kind!r} is given twice (entry {seen[kind]} too)",
                    hint="give each kind once, with all its contact columns",
                )
            elif isinstance(kind, str):
                seen[kind] = j
            for k, column_name in enumerate(_as_list(entry.get("contact_columns"))):
                col_ref((*base, "exclusion_lists", j, "contact_columns", k), column_name)

    def _database_aliases(self, tables: dict[str, tuple[int, dict[str, Any]]]) -> None:
        """Every database given aliases is the database part of some dataset (else a typo)."""
        databases = {key.split(".")[-3] for key in tables if key.count(".") >= 2}
        for name in _as_dict(self.data.get("database_aliases")):
            if isinstance(name, str) and table_key(name) not in databases:
                self.out.add(
                    ("database_aliases", name),
                    f"no dataset lives in database {name!r}",
                    hint=_did_you_mean(name, sorted(databases))
                    or "use the database part of a dataset's `table:` (database.schema.table)",
                    at_key=True,
                )

    def _revocation(self) -> None:
        needing = [
            _as_dict(p).get("id")
            for p in _as_list(self.data.get("purposes"))
            if _as_dict(p).get("requires_consent") is True
        ]
        if needing and "revocation" not in self.data:
            names = ", ".join(repr(n) for n in needing if isinstance(n, str))
            self.out.add(
                ("revocation",),
                f"required because purposes {names} require consent",
                hint="add `revocation: {channels: [...]}`: how the titular revokes "
                "consent (Art. 7)",
                at=(),
            )


# --------------------------------------------------------------------------------------------
# Normalisation


def _normalize(data: dict[str, Any]) -> dict[str, Any]:
    """Fill derived defaults and expand durations (input already passed the schema)."""
    for channel in data.get("channels", []):
        if "notice" not in channel and channel["type"] in DEFAULT_CHANNEL_NOTICE:
            channel["notice"] = DEFAULT_CHANNEL_NOTICE[channel["type"]]
    aliases = {table_key(k): v for k, v in (data.get("database_aliases") or {}).items()}
    # processors' scope (semantics): a recipient without purposes has none; each dataset
    # learns which recipients' transfer consent it records (`transfer_consent_columns`).
    by_key = {table_key(d["table"]): d for d in data.get("datasets", [])}
    for recipient in data.get("recipients", []):
        recipient.setdefault("purposes", [])
        for table, column in (recipient.get("consent_columns") or {}).items():
            target = by_key.get(table_key(table))
            if target is not None:
                target.setdefault("transfer_consent_columns", {})[recipient["id"]] = column
    for dataset in data.get("datasets", []):
        # One shape for readers: `exclusion_lists` (one entry per kind); `exclusion_list`
        # stays the first entry, for readers that know one kind per table.
        if "exclusion_list" in dataset:
            dataset["exclusion_lists"] = [dataset["exclusion_list"]]
        elif dataset.get("exclusion_lists"):
            dataset["exclusion_list"] = dataset["exclusion_lists"][0]
        parts = table_key(dataset["table"]).split(".")
        # database_aliases apply to every table of that database: spelled out per table, so
        # the SQL layer reads one list (`databases`) per dataset.
        extra = aliases.get(parts[-3], []) if len(parts) >= 3 else []
        if extra:
            dataset["databases"] = list(dict.fromkeys([*dataset.get("databases", []), *extra]))
        for column in dataset["columns"]:
            column.setdefault("rectifiable", column["category"] in PERSONAL_CATEGORIES)
        for key in ("retention", "blocking"):
            block = dataset.get(key)
            if block is not None:
                iso = block["period"]
                block["period"] = {"iso": iso, "days": duration_days(iso)}
                months = duration_months(iso)
                if months is not None:
                    block["period"]["months"] = months
    return data


# --------------------------------------------------------------------------------------------
# Cache


def _cache_key(digest: str) -> str:
    material = f"{digest}:{SCHEMA_VERSION}:{__version__}".encode()
    return hashlib.sha256(material).hexdigest()


def _canonical(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _seal(cache_file: Path, body: bytes) -> str | None:
    """The entry's HMAC under the per-user key (:mod:`tutela.cache`), None without a key.

    A plain digest can be recomputed by whoever edits the cache; the HMAC cannot, so a
    tampered inventory entry (a CVV column flipped to ``ninguna``) is validated again.
    """
    from tutela.cache import seal

    sealed = seal("inventory", cache_file.stem, body, cache_file.parent)
    return None if sealed is None else sealed.partition(b"\n")[0].rsplit(b" ", 1)[1].decode()


def _cache_read(cache_file: Path, key: str) -> dict[str, Any] | None:
    """The cached normalised data, or None when absent, stale or damaged in any way.

    An entry is one header line (format, key, length and HMAC of the payload) and the
    payload; a truncated, edited or foreign entry fails one of the checks and is ignored.
    """
    from tutela.cache import entry_work

    try:
        with entry_work():  # a cache entry, not an input (tutela.replay)
            raw = cache_file.read_bytes()
        head, _, body = raw.partition(b"\n")
        header = json.loads(head)
        if not (
            isinstance(header, dict)
            and header.get("format") == _CACHE_FORMAT
            and header.get("key") == key
            and header.get("length") == len(body)
            and hmac.compare_digest(str(header.get("mac", "")), _seal(cache_file, body) or "-")
        ):
            raise ValueError("stale or damaged entry")
        data = json.loads(body)
        if not isinstance(data, dict) or data.get("version") != SCHEMA_VERSION:
            raise ValueError("not an inventory")
        checked: dict[str, Any] = data
        return checked
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, UnicodeDecodeError) as exc:
        log.debug("ignoring corrupt inventory cache %s: %s", cache_file, exc)
        return None


def _cache_write(cache_file: Path, key: str, data: dict[str, Any]) -> None:
    # Not key-sorted: the YAML order of keys survives a cache hit.
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = {
        "format": _CACHE_FORMAT,
        "key": key,
        "length": len(body),
        "mac": _seal(cache_file, body),
    }
    if header["mac"] is None:
        return  # no trusted cache key (tutela.cache): nothing is cached
    from tutela.cache import entry_work

    with entry_work():
        _write_entry_file(cache_file, header, body)


def _write_entry_file(cache_file: Path, header: dict[str, Any], body: bytes) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        mark_cache_dir(cache_file.parent)
        fd, tmp = tempfile.mkstemp(prefix=".inventory-", suffix=".tmp", dir=cache_file.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(_canonical(header).encode("utf-8") + b"\n" + body)
            Path(tmp).replace(cache_file)
        except BaseException:
            with contextlib.suppress(OSError):
                Path(tmp).unlink()
            raise
    except OSError as exc:  # a cache that cannot be written only costs time
        log.debug("cannot write inventory cache %s: %s", cache_file, exc)


# --------------------------------------------------------------------------------------------
# Public entry point


def load_inventory(path: Path, *, cache_dir: Path | None = None) -> Inventory:
    """Load, validate and normalise the inventory at ``path``.

    Args:
        path: the inventory YAML file; its string form names the file in messages.
        cache_dir: when given, a validated inventory is cached there as JSON and a later
            load of the same bytes skips YAML parsing and Cerberus.

    Returns:
        The validated, normalised :class:`Inventory`.

    Raises:
        InputError: the file cannot be read or decoded.
        YAMLError: the YAML is malformed or unsafe (tags, alias bombs, duplicate keys).
        InventoryError: the schema or the cross-references fail; ``problems`` lists
            every problem, sorted by line.
    """
    file = str(path)
    raw = _read(path, file)
    digest = hashlib.sha256(raw).hexdigest()
    text = _decode(raw, file)
    cache_file = None
    if cache_dir is not None:
        key = _cache_key(digest)
        cache_file = cache_dir / f"inventory-{key}.json"
        cached = _cache_read(cache_file, key)
        if cached is not None:  # positions are parsed again only if someone asks for one
            return Inventory(file=file, sha256=digest, data=cached, source_text=text)
    from tutela.yamlsafe import load_yaml  # PyYAML: a cache hit never parses the YAML

    doc = load_yaml(text, file)
    data = validate_document(doc)
    if cache_file is not None:
        _cache_write(cache_file, _cache_key(digest), data)
    return Inventory(
        file=file, sha256=digest, data=data, marks=dict(doc.marks), key_marks=dict(doc.key_marks)
    )


def validate_document(doc: YamlDoc) -> dict[str, Any]:
    """Validate a loaded YAML document; return the normalised data.

    Raises:
        InventoryError: with every schema and cross-reference problem, sorted by line.
    """
    out = _collector(doc)
    from tutela.validation import run_schema, sort_problems, top_level_map

    data = top_level_map(
        doc, InventoryError, "inventory", "the example: examples/contact-center/inventory.yaml"
    )
    validator = _validator()
    run_schema(validator, data, out)
    _Refs(data, out).run()
    if out.problems:
        problems = sort_problems(out.problems)
        count = len(problems)
        raise InventoryError(
            f"inventory has {count} problem{'s' if count != 1 else ''}", doc.file, problems=problems
        )
    normalized: dict[str, Any] = validator.document
    return _normalize(normalized)
