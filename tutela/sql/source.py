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

Pragmas are read from real comments only, as the tokenizer sees them: text that looks like a
pragma inside a string literal or a quoted identifier does nothing (:func:`find_pragmas` gives
the candidates, :func:`tutela.sql.facts.analyze_sql` keeps those outside every token). The
``dialect`` pragma is read from the comments at the top of the file (the tokenizer depends on
it). Two ``purpose`` pragmas for the same statement (or, before the first statement, for the
file) are an input error naming both lines: no pragma silently wins over another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    """One ``-- tutela: key=value`` comment (``offset``: where its comment marker starts)."""

    line: int
    values: dict[str, str]
    offset: int = field(default=0, compare=False, repr=False)


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
            line = text.count("\n", 0, match.start()) + 1
            out.append(Pragma(line, values, match.start()))
    return out


def header_end(text: str) -> int:
    """Offset of the first character that is neither whitespace nor in a leading comment.

    Only ``--``, ``#`` and ``/* */`` comments are skipped, so whatever follows is where the
    first statement (or something that is not a comment in this dialect) starts.

    Example:
        >>> header_end("-- a\\n/* b */ SELECT 1")
        13
    """
    i, size = 0, len(text)
    while i < size:
        if text[i].isspace():
            i += 1
        elif text.startswith(("--", "#"), i):
            newline = text.find("\n", i)
            i = size if newline < 0 else newline + 1
        elif text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = size if close < 0 else close + 2
        else:
            break
    return i
