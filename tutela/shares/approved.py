"""Which manifests exist and what they approve: the part of the manifest gate the SQL gate reads.

``tutela lint`` judges egress statements against the approved shares (:func:`approved_shares`);
``tutela shares check`` loads the manifests it checks with :func:`load_manifests`. Both import
this module, never each other.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tutela.config import Config
from tutela.errors import TutelaError, dotted_path
from tutela.inventory import Inventory
from tutela.reporters.base import FileError
from tutela.shares.facts import manifest_fact, share_summary
from tutela.shares.load import Manifest, check_unique_ids, expand_manifest_paths, load_manifest
from tutela.shares.paths import default_share_paths
from tutela.sql import Catalog

__all__ = ["approved_shares", "default_share_paths", "load_manifests"]


def load_manifests(
    paths: Sequence[str | Path], config: Config, inventory: Inventory
) -> tuple[list[Manifest], list[FileError]]:
    """Load every manifest under ``paths``; invalid ones become file errors.

    Raises:
        InputError: a path matches nothing.
        ManifestError: two valid manifests share an id.
    """
    manifests: list[Manifest] = []
    errors: list[FileError] = []
    for path in expand_manifest_paths(paths, config):
        name = config.relpath(path)
        try:
            manifests.append(load_manifest(path, inventory, display=name))
        except TutelaError as exc:
            errors.extend(_file_errors(exc, name))
    check_unique_ids(manifests)
    return manifests, errors


def _file_errors(exc: TutelaError, file: str) -> list[FileError]:
    """One file error per located problem, named by its key path (``transport.method: ...``)."""
    if not exc.problems:
        return FileError.from_exception(exc, file)
    out = []
    for problem in exc.problems:
        dotted = dotted_path(problem.path)
        message = f"{dotted}: {problem.message}" if dotted else problem.message
        where = problem.file or file
        out.append(FileError(where, message, problem.line, problem.col, problem.hint))
    return out


def approved_shares(
    config: Config, inventory: Inventory
) -> tuple[list[dict[str, Any]], list[FileError]]:
    """The manifests ``tutela lint`` passes to the SQL rules, and the invalid ones.

    Returns:
        ``[{"id", "recipient", "destinations", "approved", "purpose"}]`` for every valid
        manifest in the configured ``shares`` folders (default ``shares/`` beside the
        configuration), and a file error for every manifest that fails to load.
    """
    paths = [p for p in default_share_paths(config) if p.exists() or config.shares]
    if not paths:
        return [], []
    manifests, errors = load_manifests(paths, config, inventory)
    catalog = Catalog.from_datasets(inventory.datasets)
    summaries = []
    for manifest in manifests:
        summary = share_summary(manifest)
        # What the manifest lets leave, so an egress statement cannot send more (or after
        # its contract ended) than the manifest gate approved.
        fact = manifest_fact(manifest, inventory, catalog)
        summary["columns"] = sorted(
            {
                f"{c['table']}.{c['column']}".lower()
                for c in fact.get("columns", [])
                if c.get("table") and c.get("column")
            }
        )
        contract = manifest.data.get("contract") or {}
        recipient = inventory.recipients.get(manifest.data["recipient"], {})
        summary["valid_until"] = contract.get("valid_until") or (
            recipient.get("contract") or {}
        ).get("valid_until")
        summaries.append(summary)
    return summaries, errors
