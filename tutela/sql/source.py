"""Reading SQL files: decoding, pragmas, and splitting into statements with positions.

Files arrive in every encoding users have. :func:`decode_sql` reads them with the one reader
for user files (:mod:`tutela.textfile`): UTF-8 (with or without BOM), UTF-16/32 with a BOM,
and a Windows-1252 / Latin-1 guess for legacy files with no UTF-8 in them (reported in the
fact as ``encoding``, and as a warning). NUL bytes mean a binary file.

Pragmas are SQL comments that tell tutela what a statement is for::

    -- tutela: purpose=cobranza
    -- tutela: dialect=redshift
    -- tutela: share=bpo_cobranza
    -- tutela: ignore[PUR003] reason   (suppressions; see tutela.suppressions)

A pragma before the first statement applies to the whole file; one placed between
statements applies to the statement that follows it and overrides the file's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tutela.errors import SQLInputError
from tutela.textfile import MAX_TEXT_BYTES, LineIndex, decode, normalize_newlines

__all__ = [
    "MAX_SQL_BYTES",
    "LineIndex",
    "Pragma",
    "decode_sql",
    "find_pragmas",
    "normalize_newlines",
]

MAX_SQL_BYTES = MAX_TEXT_BYTES

_PRAGMA = re.compile(
    r"(?:--|#|/\*)\s*tutela\s*:\s*(?P<body>[^\n]*?)\s*(?:\*/)?\s*$", re.IGNORECASE | re.MULTILINE
)
_KV = re.compile(r"(?P<key>purpose|dialect|share)\s*=\s*(?P<value>[A-Za-z0-9_.\-@/:]+)", re.I)


def decode_sql(data: bytes, file: str) -> tuple[str, str]:
    """Decode SQL file bytes with the one reader (:mod:`tutela.textfile`); ``(text, encoding)``.

    SQL allows the legacy guess (Windows-1252, then Latin-1) for text that is not UTF-8;
    :func:`tutela.sql.files.analyze_path` then checks the guess cannot change a statement.

    Raises:
        SQLInputError: binary data, a broken BOM, broken UTF-8, or an oversize file.

    Example:
        >>> decode_sql(b"\\xef\\xbb\\xbfselect 1", "a.sql")
        ('select 1', 'utf-8-sig')
        >>> decode_sql("select 'año'".encode("latin-1"), "a.sql")
        ("select 'año'", 'cp1252')
    """
    decoded = decode(data, file, what="file", legacy=True, error=SQLInputError)
    return decoded.text, decoded.encoding


@dataclass(frozen=True)
class Pragma:
    """One ``-- tutela: key=value`` comment."""

    line: int
    values: dict[str, str]


def find_pragmas(text: str) -> list[Pragma]:
    """Return the key=value pragmas (purpose, dialect, share) in ``text``, in order.

    Example:
        >>> find_pragmas("-- tutela: purpose=cobranza share=bpo\\nselect 1")
        [Pragma(line=1, values={'purpose': 'cobranza', 'share': 'bpo'})]
    """
    out = []
    for match in _PRAGMA.finditer(text):
        body = match.group("body")
        if body.lower().startswith(("ignore", "ignore-file")):
            continue
        values = {m.group("key").lower(): m.group("value") for m in _KV.finditer(body)}
        if values:
            out.append(Pragma(text.count("\n", 0, match.start()) + 1, values))
    return out
