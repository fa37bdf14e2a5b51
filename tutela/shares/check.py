"""The manifest gate: manifests -> facts -> policies -> suppressions -> a :class:`Report`.

It mirrors :mod:`tutela.lint` (same engines, rule index, selection, severities, suppressions,
reporters and exit codes). A manifest that cannot be read or fails its schema is a
:class:`~tutela.reporters.base.FileError` (exit 2, like an unreadable SQL file); the
inventory, the configuration, a policy or the engine failing raises (exit 2 in the CLI).
No click here: ``cli/commands/shares.py`` parses options and prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tutela.config import Config
from tutela.errors import InputError, ManifestError, TutelaError
from tutela.gate import Gate, GateOptions, Unit, load_gate_inventory, rule_index
from tutela.reporters.base import Report
from tutela.shares.approved import approved_shares, default_share_paths, load_manifests
from tutela.shares.facts import locate, manifest_fact, share_summary
from tutela.shares.load import Manifest, expand_manifest_paths
from tutela.sql import Catalog
from tutela.textfile import read_str
from tutela.yamlsafe import load_yaml

__all__ = [
    "SharesRequest",
    "SharesResult",
    "approved_shares",
    "check_shares",
    "default_share_paths",
    "load_manifests",
]


@dataclass
class SharesRequest:
    """What to check and how (the CLI fills it from flags and configuration)."""

    paths: Sequence[str]
    config: Config
    inventory_path: Path
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    fail_on: str = "error"
    engine: str = "embedded"
    opa_url: str | None = None
    opa_timeout: float = 10.0
    policy_dirs: Sequence[Path] = ()
    today: date = field(default_factory=date.today)
    use_cache: bool = True


@dataclass
class SharesResult:
    """The report plus the manifest facts it was computed from."""

    report: Report
    facts: list[dict[str, Any]]


def _check_ids_against_folders(manifests: Sequence[Manifest], config: Config) -> None:
    """Ids must be unique across the configured folders, also when only some files are checked.

    pre-commit passes only the changed manifests; a new manifest that reuses another's id would
    make ``-- tutela: share=<id>`` ambiguous. The other files are only parsed, not validated.

    Raises:
        ManifestError: a checked manifest reuses the id of another manifest.
    """
    folders = [p for p in default_share_paths(config) if p.is_dir()]
    if not folders or not manifests:
        return
    checked = {m.file for m in manifests}
    by_id = {m.id: m for m in manifests}
    for path in expand_manifest_paths(folders, config):
        if config.relpath(path) in checked:
            continue
        try:
            data = load_yaml(read_str(path, what="manifest"), str(path)).data
        except TutelaError:
            continue  # checked when that file itself is checked
        other = data.get("id") if isinstance(data, dict) else None
        if isinstance(other, str) and other in by_id:
            manifest = by_id[other]
            line, col = manifest.mark(("id",)) or (None, None)
            raise ManifestError(
                f"id: manifest id {other!r} is already used by {config.relpath(path)}",
                manifest.file,
                line,
                col,
                hint="each manifest needs its own id; rename this one",
            )


def _spans(manifest: Manifest) -> list[tuple[int, int]]:
    """(first, last) line of each top-level key's block: a suppression above a key covers it."""
    starts = sorted(line for path, (line, _) in manifest.doc.key_marks.items() if len(path) == 1)
    last = manifest.text.count("\n") + 1
    return [(a, (starts[i + 1] - 1) if i + 1 < len(starts) else last) for i, a in enumerate(starts)]


def check_shares(request: SharesRequest) -> SharesResult:
    """Run the manifest gate and return the report (one :class:`~tutela.gate.Gate` run).

    Raises:
        TutelaError: the inventory, the configuration or a policy is invalid, no manifest
            path matches, two manifests share an id, or the engine fails as a whole (all
            exit 2). Invalid manifests, and manifests a rule failed on, are in
            ``report.errors`` instead.
    """
    config = request.config
    options = GateOptions(
        config=config,
        inventory_path=request.inventory_path,
        engine=request.engine,
        opa_url=request.opa_url,
        opa_timeout=request.opa_timeout,
        policy_dirs=tuple(request.policy_dirs),
        today=request.today,
        use_cache=request.use_cache,
    )
    inventory = load_gate_inventory(options)
    paths: Sequence[str | Path] = list(request.paths) or default_share_paths(config)
    if not paths:
        raise InputError(
            "no manifests to check",
            hint="pass manifest files or folders, or create shares/ beside tutela.toml "
            "(or set `shares = [...]` in the configuration)",
        )
    manifests, errors = load_manifests(paths, config, inventory)
    if request.paths:
        _check_ids_against_folders(manifests, config)
    index = rule_index(config, request.policy_dirs)
    catalog = Catalog.from_datasets(inventory.datasets)
    facts = [manifest_fact(m, inventory, catalog) for m in manifests]
    gate = Gate(options, inventory, index, shares=[share_summary(m) for m in manifests])
    units = [
        Unit(m.file, [fact], m.text, "yaml", _spans(m))
        for m, fact in zip(manifests, facts, strict=True)
    ]
    report = gate.report(
        units,
        select=request.select,
        ignore=request.ignore,
        fail_on=request.fail_on,
        locate=locate,
        errors=errors,
        noun="manifests",
    )
    return SharesResult(report, facts)


def summaries(manifests: Sequence[Manifest]) -> list[Mapping[str, Any]]:
    """``share_summary`` of each manifest (for callers that loaded manifests themselves)."""
    return [share_summary(m) for m in manifests]
