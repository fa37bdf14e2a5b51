"""Purpose attribution for executed queries that carry no ``-- tutela: purpose=`` pragma.

Configured in ``[audit.purposes]`` of tutela.toml, one table per dimension, each mapping
globs (case-insensitive, ``fnmatch``) to a purpose id of the inventory::

    [audit.purposes.role]
    "COBRANZA_*" = "cobranza"
    [audit.purposes.query_tag]
    "*campaign=*" = "mercadotecnia"

The first dimension that matches wins, in the order of :data:`DIMENSIONS` (the most
deliberate signal first: a tag or an application is set per job, a role per team); within
one dimension the longest matching glob wins. A query no glob matches is *unattributed*:
if it touches personal data, rule AUD001 reports it.

Attribution runs once per distinct combination of (user, role, warehouse, tag,
application), never per execution.
"""

from __future__ import annotations

import difflib
import fnmatch
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tutela.errors import ConfigError

DIMENSIONS = ("query_tag", "application", "service_account", "user", "role", "warehouse")
"""Attribution dimensions, in order of precedence."""

AUDIT_KEYS = ("purposes", "db", "dialects")


@dataclass(frozen=True)
class Attribution:
    """The ``[audit.purposes]`` globs: dimension -> ((glob, purpose), ...)."""

    rules: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    def purposes(self) -> set[str]:
        """Every purpose id the globs name."""
        return {p for pairs in self.rules.values() for _, p in pairs}

    def attribute(self, values: Mapping[str, str | None]) -> tuple[str | None, str | None]:
        """(purpose, ``dimension:glob`` that chose it) for one principal's values.

        Example:
            >>> a = Attribution({"role": (("COBRANZA_*", "cobranza"),),
            ...                  "user": (("ana@*", "calidad"), ("ana@ci.mx", "arco"))})
            >>> a.attribute({"role": "cobranza_rw", "user": "ana@ci.mx"})
            ('arco', 'user:ana@ci.mx')
            >>> a.attribute({"role": "cobranza_rw", "user": "luis@ci.mx"})
            ('cobranza', 'role:COBRANZA_*')
            >>> a.attribute({"role": "OTRO"})
            (None, None)
        """
        for dimension in DIMENSIONS:
            value = values.get(dimension)
            if not value:
                continue
            low = value.lower()
            best: tuple[int, str, str] | None = None
            for pattern, purpose in self.rules.get(dimension, ()):
                if fnmatch.fnmatchcase(low, pattern.lower()) and (
                    best is None or len(pattern) > best[0]
                ):
                    best = (len(pattern), pattern, purpose)
            if best is not None:
                return best[2], f"{dimension}:{best[1]}"
        return None, None


def parse_attribution(table: Mapping[str, Any], file: str, line_of: Any) -> Attribution:
    """Validate ``[audit.purposes]`` and return the globs.

    ``line_of(key)`` gives the line of a key in the configuration file (for errors).

    Raises:
        ConfigError: an unknown dimension (with a suggestion) or a value that is not a string.
    """
    rules: dict[str, tuple[tuple[str, str], ...]] = {}
    for dimension, globs in table.items():
        if dimension not in DIMENSIONS:
            close = difflib.get_close_matches(dimension, DIMENSIONS, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(DIMENSIONS)}"
            raise ConfigError(
                f"audit.purposes.{dimension}: unknown dimension",
                file,
                line_of(dimension),
                None,
                hint=hint,
            )
        if not isinstance(globs, dict):
            raise ConfigError(
                f"audit.purposes.{dimension}: expected a table of glob = purpose",
                file,
                line_of(dimension),
                None,
                hint=f'write [audit.purposes.{dimension}] and lines like "PATTERN*" = "purpose"',
            )
        pairs = []
        for pattern, purpose in globs.items():
            if not isinstance(purpose, str) or not purpose:
                raise ConfigError(
                    f"audit.purposes.{dimension}.{pattern}: expected a purpose id (a string)",
                    file,
                    line_of(pattern),
                    None,
                )
            pairs.append((str(pattern), purpose))
        rules[dimension] = tuple(pairs)
    return Attribution(rules)


def tag_text(raw: str | None) -> str | None:
    """A query tag or label set as one string: JSON labels become ``k=v,k=v`` (sorted).

    BigQuery writes ``labels`` as ``[{"key": k, "value": v}, ...]``, Databricks
    ``query_tags`` as a map; anything else (Snowflake's free-text ``QUERY_TAG``) is kept.

    Example:
        >>> tag_text('[{"key": "team", "value": "cobranza"}, {"key": "app", "value": "x"}]')
        'app=x,team=cobranza'
        >>> tag_text('{"dashboard": "kpi"}')
        'dashboard=kpi'
        >>> tag_text("nightly_dbt")
        'nightly_dbt'
    """
    if raw is None or raw == "":
        return None
    text = raw.strip()
    if text[:1] in "[{":
        try:
            data = json.loads(text)
        except ValueError:
            return raw
        pairs: list[tuple[str, str]] = []
        if isinstance(data, dict):
            if set(data) == {"key", "value"}:
                pairs = [(str(data["key"]), str(data["value"]))]
            else:
                pairs = [(str(k), str(v)) for k, v in data.items()]
        elif isinstance(data, list):
            for item in data:
                if isinstance(item, dict) and "key" in item:
                    pairs.append((str(item["key"]), str(item.get("value", ""))))
        if not pairs:
            return None
        return ",".join(f"{k}={v}" for k, v in sorted(pairs))
    return raw


def warehouse_text(raw: str | None) -> str | None:
    """The compute's name or id (Databricks ``compute`` is a struct, often JSON text).

    Example:
        >>> warehouse_text('{"type": "WAREHOUSE", "warehouse_id": "4b9f"}')
        '4b9f'
        >>> warehouse_text("WH_COBRANZA")
        'WH_COBRANZA'
    """
    if raw is None or raw == "":
        return None
    text = raw.strip()
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError:
            return raw
        if isinstance(data, dict):
            for key in ("warehouse_id", "cluster_id", "name"):
                if data.get(key):
                    return str(data[key])
        return None
    return raw
