"""Table names as warehouses spell them, reduced to one key for matching.

Inventories and SQL spell a table in many ways: ``cc_dwh.crm.clientes``,
``CC_DWH.CRM.CLIENTES``, ``"CC_DWH"."CRM"."Clientes"`` (Snowflake, PostgreSQL),
``[dwh].[crm].[clientes]`` (T-SQL), ``my-project-prod.crm.clientes`` and
```my-project-prod.crm.clientes``` (BigQuery: a project id has hyphens, and one pair of
backticks may quote the whole dotted name). :func:`table_key` reduces each to its parts,
unquoted and lower-cased, joined by dots — the key the inventory, the SQL facts and the
policies share. Matching ignores case even for quoted names (fail closed: a false match
yields an extra finding, a missed one would hide a finding).

Example:
    >>> table_key('"CC_DWH"."CRM".Clientes')
    'cc_dwh.crm.clientes'
    >>> table_key("`my-project-prod.crm.clientes`")
    'my-project-prod.crm.clientes'
    >>> table_parts("[dwh].[crm].[clientes]")
    ['dwh', 'crm', 'clientes']
"""

from __future__ import annotations

import re

_BARE = r"[A-Za-z0-9_][A-Za-z0-9_$-]*"
_QUOTED = r'"[^"]+"|\[[^\]]+\]|`[^`]+`'
_PART = rf"(?:{_BARE}|{_QUOTED})"
TABLE_NAME_PATTERN = rf"^(?:`[^`]+\.[^`]+`|{_PART}(?:\.{_PART}){{1,3}})$"
"""A table name of 2 to 4 dotted parts, each bare (letters, digits, ``_ $ -``) or quoted.

A BigQuery name may also be quoted whole (```project.dataset.table```)."""

_TOKEN = re.compile(_PART)


def table_parts(name: str) -> list[str]:
    """The parts of a dotted table name, unquoted (case kept).

    A backtick-quoted part may itself hold dots (BigQuery's ```project.dataset.table```):
    they separate parts too. Text that is no table name yields what it can; callers that
    accept user input validate it with :data:`TABLE_NAME_PATTERN` first.
    """
    parts: list[str] = []
    for token in _TOKEN.findall(name):
        if token[0] == "`":
            parts.extend(p for p in token[1:-1].split(".") if p)
        elif token[0] in '"[':
            parts.append(token[1:-1])
        else:
            parts.append(token)
    return parts


def table_key(name: str) -> str:
    """The matching key of a table name: its unquoted parts, lower-cased, joined by dots."""
    return ".".join(part.lower() for part in table_parts(name))
