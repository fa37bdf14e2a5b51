"""Data-sharing manifests: schema, loader, facts and the ``tutela shares check`` gate.

Example:
    >>> from tutela.shares import SCHEMA_VERSION
    >>> SCHEMA_VERSION
    1
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tutela.lazy import lazy_names

if TYPE_CHECKING:
    from tutela.shares.check import (
        SharesRequest,
        SharesResult,
        approved_shares,
        check_shares,
        default_share_paths,
        load_manifests,
    )
    from tutela.shares.facts import locate, manifest_fact, share_summary
    from tutela.shares.load import Manifest, expand_manifest_paths, load_manifest, validate_manifest
    from tutela.shares.schema import SCHEMA, SCHEMA_VERSION, render_manifest_docs

__all__ = [
    "SCHEMA",
    "SCHEMA_VERSION",
    "Manifest",
    "SharesRequest",
    "SharesResult",
    "approved_shares",
    "check_shares",
    "default_share_paths",
    "expand_manifest_paths",
    "load_manifest",
    "load_manifests",
    "locate",
    "manifest_fact",
    "render_manifest_docs",
    "share_summary",
    "validate_manifest",
]

# Imported on first use: ``tutela lint`` reads ``tutela.shares.paths`` on every run, and a run
# whose caches all hit must not import the manifest loader (and sqlglot behind it).
_LAZY = {
    "SharesRequest": "tutela.shares.check",
    "SharesResult": "tutela.shares.check",
    "approved_shares": "tutela.shares.approved",
    "check_shares": "tutela.shares.check",
    "default_share_paths": "tutela.shares.paths",
    "load_manifests": "tutela.shares.approved",
    "locate": "tutela.shares.facts",
    "manifest_fact": "tutela.shares.facts",
    "share_summary": "tutela.shares.facts",
    "Manifest": "tutela.shares.load",
    "expand_manifest_paths": "tutela.shares.load",
    "load_manifest": "tutela.shares.load",
    "validate_manifest": "tutela.shares.load",
    "SCHEMA": "tutela.shares.schema",
    "SCHEMA_VERSION": "tutela.shares.schema",
    "render_manifest_docs": "tutela.shares.schema",
}


__getattr__ = lazy_names(__name__, _LAZY)
