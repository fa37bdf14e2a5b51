"""Load, validate and normalise ``inventory.yaml`` into an :class:`Inventory`.

The steps are: read bytes (UTF-8, UTF-8 with BOM, UTF-16 with BOM) → safe YAML with
positions (:mod:`tutela.yamlsafe`) → Cerberus schema (:mod:`tutela.inventory.schema`) →
cross-reference checks → normalisation (defaults, durations in days). Every problem found
by the schema or the cross-references is collected, located at ``file:line:col`` and raised
together as one :class:`~tutela.errors.InventoryError`.

A validated inventory can be cached as JSON (keyed by the SHA-256 of the file bytes, the
schema version and the tutela version) so that pre-commit runs skip YAML and Cerberus.
"""

from __future__ import annotations

import codecs
import contextlib
import copy
import datetime as dt
import difflib
import hashlib
import json
import logging
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cerberus import Validator
from cerberus.errors import ValidationError
from cerberus.validator import TypeDefinition

from tutela import __version__
from tutela.errors import InputError, InventoryError, Problem
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
    Rules,
)
from tutela.yamlsafe import YamlDoc, load_yaml, yaml11_hint

__all__ = ["duration_days", "load_inventory"]

log = logging.getLogger("tutela")

PathKey = tuple[str | int, ...]

_CACHE_FORMAT = 1

# Cerberus error codes (cerberus.errors): stable since 1.0.
_UNKNOWN_FIELD = 0x03
_REQUIRED = 0x02
_EMPTY = 0x22
_NULLABLE = 0x23
_TYPE = 0x24
_MIN_LENGTH = 0x27
_REGEX = 0x41
_MIN = 0x42
_ALLOWED = 0x44
_KEYSRULES = 0x83
_VALUESRULES = 0x84
_CUSTOM = 0x00

_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "boolean": "true or false",
    "list": "a list",
    "dict": "a map",
}


class _Validator(Validator):  # type: ignore[misc]
    """Cerberus with strict integers (``true`` is not ``1``) and a real-date check."""

    types_mapping = Validator.types_mapping.copy()
    types_mapping["integer"] = TypeDefinition("integer", (int,), (bool,))

    def _check_with_date(self, field: str, value: Any) -> None:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                self._error(field, f"{value!r} is not a calendar date")


_VALIDATOR: _Validator | None = None


def _validator() -> _Validator:
    global _VALIDATOR
    if _VALIDATOR is None:
        _VALIDATOR = _Validator(SCHEMA, allow_unknown=False)
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


# --------------------------------------------------------------------------------------------
# Reading


def _decode(raw: bytes, file: str) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        encoding, body = "utf-8", raw[len(codecs.BOM_UTF8) :]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding, body = "utf-16", raw
    else:
        encoding, body = "utf-8", raw
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1 if encoding == "utf-8" else None
        raise InputError(
            f"inventory is not valid {encoding.upper()} text (byte {exc.start}: {exc.reason})",
            file,
            line,
            hint="save the file as UTF-8 (UTF-16 is accepted only with a byte-order mark)",
        ) from None


def _read(path: Path, file: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(
            "inventory file not found",
            file,
            hint='pass the inventory path, or set `inventory = "..."` in tutela.toml',
        ) from None
    except IsADirectoryError:
        raise InputError("inventory path is a directory, not a file", file) from None
    except OSError as exc:
        raise InputError(f"cannot read inventory: {exc.strerror}", file) from None


# --------------------------------------------------------------------------------------------
# Schema errors -> problems


def _rules_at(path: PathKey) -> Rules | None:
    """The schema rules governing the value at ``path`` (None if the path is unknown)."""
    rules: Rules = {"type": "dict", "schema": SCHEMA}
    for part in path:
        if isinstance(part, int):
            item = rules.get("schema") if rules.get("type") == "list" else None
            if not isinstance(item, dict):
                return None
            rules = item
        else:
            if rules.get("type") == "dict" and isinstance(rules.get("schema"), dict):
                child = rules["schema"].get(part)
                if child is None:
                    return None
                rules = child
            elif rules.get("type") == "dict" and "valuesrules" in rules:
                rules = rules["valuesrules"]
            else:
                return None
    return rules


def _known_keys(path: PathKey) -> list[str]:
    rules = _rules_at(path)
    if rules and isinstance(rules.get("schema"), dict) and rules.get("type") == "dict":
        return list(rules["schema"])
    return []


def _leaf_errors(
    errors: list[ValidationError], in_keys: bool = False
) -> Iterator[tuple[ValidationError, bool]]:
    """Yield each leaf error and whether it is about a map *key* (Cerberus keysrules)."""
    for error in errors:
        if error.is_group_error and error.child_errors:
            yield from _leaf_errors(list(error.child_errors), in_keys or error.code == _KEYSRULES)
        else:
            yield error, in_keys


def _value_kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    return type(value).__name__


def _did_you_mean(value: Any, choices: list[str]) -> str | None:
    if not isinstance(value, str) or not choices:
        return None
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if value.lower() in lowered:
            close = [lowered[value.lower()]]
    return f"did you mean {close[0]!r}?" if close else None


def _describe(path: PathKey) -> str | None:
    rules = _rules_at(path)
    if rules is None:
        return None
    meta = rules.get("meta", {})
    return str(meta["description"]) if "description" in meta else None


class _Collector:
    """Accumulates problems located in one YAML document."""

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self._seen: set[tuple[PathKey, str]] = set()

    def add(
        self,
        path: PathKey,
        message: str,
        *,
        hint: str | None = None,
        at_key: bool = False,
        at: PathKey | None = None,
    ) -> None:
        if (path, message) in self._seen:
            return
        self._seen.add((path, message))
        target = path if at is None else at
        mark = self.doc.key_mark(target) if at_key else self.doc.mark(target)
        line, col = mark if mark else (None, None)
        self.problems.append(Problem(message, self.doc.file, line, col, path, hint))

    def schema_error(self, error: ValidationError, in_keys: bool = False) -> None:
        path: PathKey = tuple(error.document_path)
        value = error.value
        if isinstance(value, _Wrong):
            value = value.original
        code = error.code
        if in_keys:
            hint = _hint_for((), value, regex=ID_PATTERN)
            self.add(
                path,
                f"key {value!r} is not a purpose id (lower_snake_case)",
                hint=hint,
                at_key=True,
            )
        elif code == _UNKNOWN_FIELD:
            key = str(path[-1]) if path else ""
            known = _known_keys(path[:-1])
            hint = _did_you_mean(key, known) or (
                f"allowed keys here: {', '.join(known)}" if known else None
            )
            self.add(path, f"unknown key {key!r}", hint=hint, at_key=True)
        elif code == _REQUIRED:
            key = str(path[-1])
            desc = _describe(path)
            hint = f"add `{key}:`" + (f" ({desc})" if desc else "")
            self.add(path, "required key is missing", hint=hint, at=path[:-1])
        elif code == _NULLABLE:
            self.add(
                path,
                "has no value",
                at_key=True,
                hint="write a value after the colon, or remove the key",
            )
        elif code == _EMPTY:
            self.add(path, "must not be empty", hint=_hint_for(path))
        elif code == _TYPE:
            self._type_error(path, value, str(error.constraint))
        elif code == _ALLOWED:
            allowed = [str(v) for v in error.constraint]
            shown = ", ".join(allowed)
            hint = _did_you_mean(value, allowed)
            if path == ("version",):
                hint = f"this tutela reads inventory schema version {SCHEMA_VERSION}"
            self.add(path, f"unknown value {value!r} (expected one of {shown})", hint=hint)
        elif code == _REGEX:
            self._format_error(path, value)
        elif code == _MIN_LENGTH:
            self.add(
                path,
                f"needs at least {error.constraint} item" + ("s" if error.constraint != 1 else ""),
                hint=_hint_for(path),
            )
        elif code == _MIN:
            self.add(path, f"must be at least {error.constraint} (got {value!r})")
        elif code == _CUSTOM:
            message = str(error.info[0]) if error.info else "invalid value"
            self.add(path, message, hint=_hint_for(path))
        else:  # pragma: no cover - a rule the schema does not use
            self.add(path, f"invalid value {value!r} ({error.rule})")

    def _type_error(self, path: PathKey, value: Any, expected: str) -> None:
        want = _TYPE_NAMES.get(expected, expected)
        hint = None
        if expected == "boolean":
            hint = yaml11_hint(value)
        elif (
            expected == "string" and isinstance(value, (int, float)) and not isinstance(value, bool)
        ):
            hint = f'quote it: "{value}"'
        elif expected == "integer" and isinstance(value, str) and value.strip().isdigit():
            hint = f"write {value.strip()} without quotes"
        elif expected == "list" and isinstance(value, str):
            hint = f"write a list: [{value}]"
        elif expected == "list" and isinstance(value, dict):
            hint = "write each list item on its own line, starting with `- `"
        elif expected == "dict" and isinstance(value, str):
            keys = [
                k
                for k, r in ((_rules_at(path) or {}).get("schema") or {}).items()
                if r.get("required")
            ]
            if keys:
                hint = (
                    f"write a map: `{keys[0]}: {value}` plus "
                    + ", ".join(f"`{k}:`" for k in keys[1:])
                    if len(keys) > 1
                    else f"write a map: `{keys[0]}: {value}`"
                )
        self.add(
            path,
            f"expected {want}, got {_value_kind(value)}"
            + (f" {value!r}" if isinstance(value, (str, int, float)) else ""),
            hint=hint,
        )

    def _format_error(self, path: PathKey, value: Any) -> None:
        rules = _rules_at(path) or {}
        fmt = rules.get("meta", {}).get("format")
        hint = _hint_for(path, value)
        self.add(path, f"{value!r} is not {fmt or 'in the expected format'}", hint=hint)


def _hint_for(path: PathKey, value: Any = None, *, regex: str | None = None) -> str | None:
    rules: Rules = {} if regex is not None else (_rules_at(path) or {})
    regex = regex or rules.get("regex")
    if regex == DURATION_PATTERN:
        return "write P<n>Y, P<n>M, P<n>W or P<n>D (combinations allowed: P1Y6M)"
    if isinstance(value, str) and regex and "a-z" in regex and "_" in regex:
        fixed = re.sub(r"[^a-z0-9_]+", "_", value.strip().lower()).strip("_")
        if fixed and re.fullmatch(regex, fixed):
            return f"write {fixed!r}"
    if isinstance(value, str) and rules.get("meta", {}).get("format", "").startswith("an ISO"):
        if len(value) == 3 and value.isalpha():
            return "use the two-letter code (MEX -> MX, USA -> US)"
        if value.isalpha() and len(value) == 2:
            return f"write {value.upper()!r}"
    desc = rules.get("meta", {}).get("description")
    return f"expected: {desc}" if desc and rules.get("type") != "dict" else None


# --------------------------------------------------------------------------------------------
# Cross-references


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


class _Refs:
    """Cross-reference and conditional checks over the (possibly invalid) raw data."""

    def __init__(self, data: dict[str, Any], out: _Collector) -> None:
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
            if not isinstance(name, str):
                continue
            key = name.lower()
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
        del tables
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
            consent = _as_dict(dataset.get("consent_columns"))
            for purpose_id, column_name in consent.items():
                self._ref((*base, "consent_columns", purpose_id), purpose_id, "purposes", "purpose")
                col_ref((*base, "consent_columns", purpose_id), column_name)
            exclusion = _as_dict(dataset.get("exclusion_list"))
            for j, column_name in enumerate(_as_list(exclusion.get("contact_columns"))):
                col_ref((*base, "exclusion_list", "contact_columns", j), column_name)

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
        found = tables.get(table.lower())
        if found is None:
            names = [_as_dict(d).get("table") for d in _as_list(self.data.get("datasets"))]
            hint = _did_you_mean(table, [n for n in names if isinstance(n, str)])
            self.out.add(
                path,
                f"unknown table {table!r} (not a dataset)",
                hint=hint or "add the exclusion-list table under `datasets:`",
            )
        elif "exclusion_list" not in found[1]:
            self.out.add(
                path,
                f"table {table!r} is not marked as an exclusion list",
                hint=f"add `exclusion_list: {{kind: internal, contact_columns: [...]}}` "
                f"to datasets[{found[0]}]",
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
    for dataset in data.get("datasets", []):
        for column in dataset["columns"]:
            column.setdefault("rectifiable", column["category"] in PERSONAL_CATEGORIES)
        for key in ("retention", "blocking"):
            block = dataset.get(key)
            if block is not None:
                block["period"] = {"iso": block["period"], "days": duration_days(block["period"])}
    return data


# --------------------------------------------------------------------------------------------
# Cache


def _cache_key(digest: str) -> str:
    material = f"{digest}:{SCHEMA_VERSION}:{__version__}".encode()
    return hashlib.sha256(material).hexdigest()


def _canonical(payload: Any) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _cache_read(cache_file: Path, key: str) -> dict[str, Any] | None:
    """The cached normalised data, or None when absent, stale or damaged in any way.

    An entry is one header line (format, key, SHA-256 and length of the payload) and the
    payload; a truncated, edited or foreign entry fails one of the checks and is ignored.
    """
    try:
        raw = cache_file.read_bytes()
        head, _, body = raw.partition(b"\n")
        header = json.loads(head)
        if not (
            isinstance(header, dict)
            and header.get("format") == _CACHE_FORMAT
            and header.get("key") == key
            and header.get("length") == len(body)
            and header.get("digest") == hashlib.sha256(body).hexdigest()
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
        "digest": hashlib.sha256(body).hexdigest(),
    }
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
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
    out = _Collector(doc)
    data = doc.data
    if data is None:
        raise InventoryError(
            "inventory is empty",
            doc.file,
            hint="start from the example: examples/contact-center/inventory.yaml",
        )
    if not isinstance(data, dict):
        line_col = doc.mark(())
        raise InventoryError(
            f"inventory must be a map of keys, got {_value_kind(data)}",
            doc.file,
            *(line_col or (None, None)),
        )
    validator = _validator()
    valid = validator.validate(_shield(data, {"type": "dict", "schema": SCHEMA}))
    if not valid:
        for error, in_keys in _leaf_errors(list(validator._errors)):
            out.schema_error(error, in_keys)
    _Refs(data, out).run()
    if out.problems:
        problems = sorted(
            out.problems, key=lambda p: (p.line or 0, p.col or 0, _dotted(p.path), p.message)
        )
        count = len(problems)
        raise InventoryError(
            f"inventory has {count} problem{'s' if count != 1 else ''}", doc.file, problems=problems
        )
    normalized: dict[str, Any] = validator.document
    return _normalize(normalized)


class _Wrong:
    """A list where a map belongs, or the reverse, hidden from Cerberus.

    Cerberus 1.3 normalises a field's ``schema`` rule before it checks the field's type,
    and crashes when a list field holds a map. Wrapping such values makes Cerberus report a
    plain type error instead; the messages unwrap them.
    """

    def __init__(self, original: Any) -> None:
        self.original = original


def _shield(value: Any, rules: Rules) -> Any:
    """Copy ``value``, wrapping every container whose kind contradicts the schema."""
    kind = rules.get("type")
    if isinstance(value, dict):
        if kind != "dict":
            return _Wrong(value) if kind == "list" else copy.deepcopy(value)
        fields = rules.get("schema")
        out: dict[str, Any] = {}
        for key, child in value.items():
            child_rules = fields.get(key) if isinstance(fields, dict) else rules.get("valuesrules")
            out[key] = _shield(child, child_rules) if child_rules else copy.deepcopy(child)
        return out
    if isinstance(value, list):
        if kind != "list":
            return _Wrong(value) if kind == "dict" else copy.deepcopy(value)
        item = rules.get("schema")
        return [_shield(v, item) if isinstance(item, dict) else copy.deepcopy(v) for v in value]
    return value


def _dotted(path: PathKey) -> str:
    return ".".join(str(p) for p in path)
