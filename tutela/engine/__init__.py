"""Policy engines: evaluate facts against the Rego rule families.

The public API (see docs/engines.md)::

    make_engine(kind, *, policy_dirs, data, opa_url=None, timeout=10.0) -> Engine
    engine_data(*, inventory, config, user) -> dict      # the data document
    config_data(config) -> dict                          # data.tutela.config
    user_data(files) -> dict                             # data.user from data_files
    load_policies(policy_dirs, *, include_builtin=True, tests=False) -> PolicySet
    builtin_policy_dir() -> Path

The back ends live in :mod:`tutela.engine.embedded` (regorus) and :mod:`tutela.engine.opa`,
both built on :mod:`tutela.engine.base`. The factory is here, where both back ends are known
(it imports them lazily, so ``import tutela.engine`` stays cheap): the base never imports the
back ends built on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tutela.engine.base import (
    AGGREGATE_PATH,
    AGGREGATE_RULE,
    Engine,
    EngineKind,
    PolicyModule,
    PolicySet,
    RawFinding,
    builtin_policy_dir,
    config_data,
    engine_data,
    load_policies,
    user_data,
)

__all__ = [
    "AGGREGATE_PATH",
    "AGGREGATE_RULE",
    "Engine",
    "EngineKind",
    "PolicyModule",
    "PolicySet",
    "RawFinding",
    "builtin_policy_dir",
    "config_data",
    "engine_data",
    "load_policies",
    "make_engine",
    "user_data",
]


def make_engine(
    kind: EngineKind,
    *,
    policy_dirs: Sequence[Path] = (),
    data: Mapping[str, Any],
    opa_url: str | None = None,
    timeout: float = 10.0,
    include_builtin: bool = True,
    opa_push: bool = True,
    cache_dir: Path | None = None,
) -> Engine:
    """Create a policy engine.

    Args:
        kind: ``"embedded"`` (regorus, in process) or ``"opa"`` (an OPA server).
        policy_dirs: user policy folders, loaded after the built-in policies.
        data: the data document, see :func:`engine_data`.
        opa_url: the OPA server, e.g. ``http://localhost:8181`` (``opa`` only).
        timeout: seconds per HTTP request (``opa`` only).
        include_builtin: load the built-in rule families (the machinery is always loaded).
        opa_push: upload policies and data to the server (``False``: the server already runs
            a tutela bundle; only query it).
        cache_dir: the cache folder, where the embedded engine keeps its compiled VM programs
            between runs (None: compile each time).

    Raises:
        PolicyError: a policy fails to load or compile.
        EngineError: the back end cannot be reached or set up.
        ConfigError: unknown ``kind`` or missing ``opa_url``.
    """
    from tutela.errors import ConfigError

    policies = load_policies(policy_dirs, include_builtin=include_builtin)
    if kind == "embedded":
        from tutela.engine.embedded import EmbeddedEngine

        if _KEPT is None:
            return EmbeddedEngine(policies, data, program_cache=cache_dir)
        key = _kept_key(policies, data)
        engine = _KEPT.pop(key, None) or EmbeddedEngine(policies, data, program_cache=cache_dir)
        _KEPT[key] = engine  # most recently used last
        while len(_KEPT) > _KEEP:
            _KEPT.pop(next(iter(_KEPT)))
        return engine
    if kind == "opa":
        if not opa_url:
            raise ConfigError(
                "the opa engine needs a server URL",
                hint="set `opa_url` in the configuration or pass --opa-url",
            )
        from tutela.engine.opa import OpaEngine

        return OpaEngine(policies, data, url=opa_url, timeout=timeout, push=opa_push)
    raise ConfigError(f"unknown engine {kind!r} (expected embedded or opa)")


# Embedded engines a warm process keeps (``tutela server``): None outside one, so a run of the
# command line builds its engine as before. Keyed by the policies' revision (every module's
# id and text) and a digest of the data document, so any change to a policy, the inventory,
# the configuration or the approved shares builds a new engine: never a stale verdict.
_KEPT: dict[str, Engine] | None = None
_KEEP = 4


def keep_engines(count: int = 4) -> None:
    """Keep up to ``count`` embedded engines for reuse (the daemon calls this once)."""
    global _KEPT, _KEEP
    _KEPT, _KEEP = {}, count


def _kept_key(policies: PolicySet, data: Mapping[str, Any]) -> str:
    import hashlib
    import json

    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return policies.revision + hashlib.sha256(text.encode()).hexdigest()
