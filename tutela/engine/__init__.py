"""Policy engines: evaluate facts against the Rego rule families.

The public API (see docs/engines.md)::

    make_engine(kind, *, policy_dirs, data, opa_url=None, timeout=10.0) -> Engine
    engine_data(*, inventory, config, user) -> dict      # the data document
    config_data(config) -> dict                          # data.tutela.config
    user_data(files) -> dict                             # data.user from data_files
    load_policies(policy_dirs, *, include_builtin=True, tests=False) -> PolicySet
    builtin_policy_dir() -> Path

The back ends live in :mod:`tutela.engine.embedded` (regorus) and :mod:`tutela.engine.opa`
(imported lazily by :func:`make_engine`, so ``import tutela.engine`` stays cheap).
"""

from __future__ import annotations

from tutela.engine.base import (
    AGGREGATE_PATH,
    AGGREGATE_RULE,
    Engine,
    PolicyModule,
    PolicySet,
    RawFinding,
    builtin_policy_dir,
    config_data,
    engine_data,
    load_policies,
    make_engine,
    user_data,
)

__all__ = [
    "AGGREGATE_PATH",
    "AGGREGATE_RULE",
    "Engine",
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
