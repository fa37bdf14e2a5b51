"""Find, load and validate data-sharing manifests (``shares/*.yaml``).

The steps mirror the inventory's: read bytes (UTF-8, with or without BOM) → safe YAML with
positions (:mod:`tutela.yamlsafe`) → the Cerberus schema (:mod:`tutela.shares.schema`) with
the shared error machinery (:mod:`tutela.validation`) → cross-references against the
inventory (recipient, purposes, tables, columns, dialect). Every problem of a file is
located at ``file:line:col`` and raised together as one :class:`~tutela.errors.ManifestError`.
"""

from __future__ import annotations

import glob
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutela.config import Config
from tutela.errors import InputError, ManifestError, Problem
from tutela.inventory import Inventory
from tutela.inventory.schema import DURATION_PATTERN, ID_PATTERN
from tutela.shares.schema import SCHEMA, SCHEMA_VERSION
from tutela.sql.dialects import DIALECTS
from tutela.textfile import decode, read_bytes

if TYPE_CHECKING:
    # Cerberus and the validation machinery are imported only when a manifest is validated:
    # `tutela lint` with cached share summaries never needs them.
    from tutela.validation import PathKey, ProblemCollector
    from tutela.yamlsafe import YamlDoc

__all__ = ["MANIFEST_SUFFIXES", "Manifest", "expand_manifest_paths", "load_manifest"]

MANIFEST_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, eq=False)
class Manifest:
    """One validated manifest: its normalised data, its text and where each value is."""

    file: str
    data: dict[str, Any]
    text: str
    sha256: str
    doc: YamlDoc = field(repr=False)

    @property
    def id(self) -> str:
        """The manifest id."""
        return str(self.data["id"])

    def mark(self, path: PathKey) -> tuple[int, int] | None:
        """(line, col) of the value at ``path`` (nearest parent when absent)."""
        return self.doc.mark(path)

    def key_mark(self, path: PathKey) -> tuple[int, int] | None:
        """(line, col) of the key holding ``path``."""
        return self.doc.key_mark(path)


def expand_manifest_paths(paths: Iterable[str | Path], config: Config) -> list[Path]:
    """Files, folders (searched recursively for ``*.yaml``/``*.yml``) and globs, sorted.

    Raises:
        InputError: a path matches nothing.
    """
    found: dict[Path, None] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                if (
                    candidate.is_file()
                    and candidate.suffix.lower() in MANIFEST_SUFFIXES
                    and not config.excluded(candidate)
                ):
                    found.setdefault(candidate, None)
        elif path.is_file():
            found.setdefault(path, None)
        else:
            pattern = str(raw)
            matches = sorted(Path(m) for m in glob.glob(pattern, recursive=True))  # noqa: PTH207
            files = [m for m in matches if m.is_file()]
            if not files:
                raise InputError(
                    "no such file, folder or glob match",
                    config.relpath(path),
                    hint="pass manifest files or the folder that holds them (e.g. shares/), "
                    "and check `shares` in the configuration",
                )
            for match in files:
                found.setdefault(match, None)
    return list(found)


def _decode(raw: bytes, file: str) -> str:
    return decode(raw, file, what="manifest").text


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _collector(doc: YamlDoc) -> ProblemCollector:
    from tutela.validation import ProblemCollector

    return ProblemCollector(
        doc,
        SCHEMA,
        regex_hints={DURATION_PATTERN: "write P<n>Y, P<n>M, P<n>W or P<n>D (e.g. P90D, P1Y)"},
        key_regex=ID_PATTERN,
        version_hint=f"this tutela reads manifest version {SCHEMA_VERSION}",
    )


def _cross_references(data: dict[str, Any], inventory: Inventory, out: ProblemCollector) -> None:
    from tutela.validation import did_you_mean

    recipient = data.get("recipient")
    if (
        isinstance(recipient, str)
        and re.fullmatch(ID_PATTERN, recipient)
        and recipient not in inventory.recipients
    ):
        out.add(
            ("recipient",),
            f"unknown recipient {recipient!r} (not in the inventory's recipients)",
            hint=did_you_mean(recipient, list(inventory.recipients))
            or "declare the recipient under `recipients:` in the inventory (and so in "
            "the aviso) first",
        )
    purposes = list(inventory.purposes)
    refs: list[tuple[PathKey, Any]] = [(("purpose",), data.get("purpose"))]
    refs += [
        (("recipient_purposes", j), p)
        for j, p in enumerate(_as_list(data.get("recipient_purposes")))
    ]
    for path, value in refs:
        if isinstance(value, str) and re.fullmatch(ID_PATTERN, value) and value not in purposes:
            out.add(
                path,
                f"unknown purpose {value!r} (not in the inventory's purposes)",
                hint=did_you_mean(value, purposes) or f"known purposes: {', '.join(purposes)}",
            )
    shared = _as_dict(data.get("data"))
    if "data" in data and isinstance(data["data"], dict):
        has_tables, has_query = "tables" in shared, "query" in shared
        if has_tables == has_query:
            out.add(
                ("data",),
                "give exactly one of `tables` and `query`"
                if has_tables
                else "says nothing about what is shared",
                hint="list `tables:` with their `columns:`, or write a `query:` with "
                "`dialect:` and `sql:`",
                at_key=True,
            )
    for i, item in enumerate(_as_list(shared.get("tables"))):
        entry = _as_dict(item)
        table = entry.get("table")
        if not isinstance(table, str):
            continue
        dataset = inventory.table(table)
        if dataset is None:
            names = [d["table"] for d in inventory.datasets]
            out.add(
                ("data", "tables", i, "table"),
                f"unknown table {table!r} (not a dataset of the inventory)",
                hint=did_you_mean(table, names) or "add the table under `datasets:` first",
            )
            continue
        columns = {c["name"].lower(): c["name"] for c in dataset["columns"]}
        for j, column in enumerate(_as_list(entry.get("columns"))):
            if isinstance(column, str) and column.lower() not in columns:
                out.add(
                    ("data", "tables", i, "columns", j),
                    f"unknown column {column!r} (not a column of {dataset['table']})",
                    hint=did_you_mean(column, list(columns.values()))
                    or f"columns: {', '.join(columns.values())}",
                )
    query = _as_dict(shared.get("query"))
    dialect = query.get("dialect")
    if isinstance(dialect, str) and dialect.lower() not in DIALECTS:
        out.add(
            ("data", "query", "dialect"),
            f"unknown SQL dialect {dialect!r}",
            hint=did_you_mean(dialect.lower(), list(DIALECTS))
            or f"known dialects: {', '.join(DIALECTS)}",
        )


def validate_manifest(doc: YamlDoc, inventory: Inventory) -> dict[str, Any]:
    """Validate a loaded manifest document; return the normalised data.

    Raises:
        ManifestError: with every schema and cross-reference problem, sorted by line.
    """
    from tutela.validation import (
        SchemaValidator,
        run_schema,
        sort_problems,
        top_level_map,
        trusted_schema,
    )

    data = top_level_map(
        doc, ManifestError, "manifest", "an example: examples/contact-center/shares/"
    )
    out = _collector(doc)
    # The schema is a constant checked by the tests: skip Cerberus' definition check.
    validator = SchemaValidator(trusted_schema(SCHEMA), allow_unknown=False)
    run_schema(validator, data, out)
    _cross_references(data, inventory, out)
    if out.problems:
        problems: list[Problem] = sort_problems(out.problems)
        count = len(problems)
        raise ManifestError(
            f"manifest has {count} problem{'s' if count != 1 else ''}", doc.file, problems=problems
        )
    normalized: dict[str, Any] = validator.document
    normalized.setdefault("recipient_purposes", [normalized["purpose"]])
    if not normalized["recipient_purposes"]:
        normalized["recipient_purposes"] = [normalized["purpose"]]
    normalized.setdefault("approvals", [])
    return normalized


def load_manifest(path: Path, inventory: Inventory, *, display: str | None = None) -> Manifest:
    """Read and validate one manifest.

    Args:
        path: the manifest file.
        inventory: the validated inventory its references point into.
        display: the name used in messages (default: ``str(path)``).

    Raises:
        InputError: the file cannot be read or decoded.
        YAMLError: malformed or unsafe YAML.
        ManifestError: the schema or a cross-reference fails.
    """
    file = display or str(path)
    raw = read_bytes(path, file, what="manifest", missing_hint="check the manifest's path")
    text = _decode(raw, file)
    from tutela.yamlsafe import load_yaml  # PyYAML only when a manifest is read

    doc = load_yaml(text, file)
    data = validate_manifest(doc, inventory)
    return Manifest(file, data, text, hashlib.sha256(raw).hexdigest(), doc)


def check_unique_ids(manifests: Sequence[Manifest]) -> None:
    """Raise when two manifests share an id (the SQL pragma could not tell them apart).

    Raises:
        ManifestError: naming both files.
    """
    seen: dict[str, Manifest] = {}
    for manifest in manifests:
        first = seen.get(manifest.id)
        if first is None:
            seen[manifest.id] = manifest
            continue
        line, col = manifest.mark(("id",)) or (None, None)
        first_line = (first.mark(("id",)) or (0, 0))[0]
        raise ManifestError(
            f"id: duplicate manifest id {manifest.id!r} (first in {first.file}:{first_line})",
            manifest.file,
            line,
            col,
            hint="each manifest needs its own id; rename one of them",
        )
