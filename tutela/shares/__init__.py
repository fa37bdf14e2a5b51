"""Data-sharing manifests: schema, loader, facts and the ``tutela shares check`` gate.

Example:
    >>> from tutela.shares import SCHEMA_VERSION
    >>> SCHEMA_VERSION
    1
"""

from __future__ import annotations

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
