"""Reading SQL files: decoding, pragmas, and splitting into statements with positions.

Files arrive in every encoding users have. :func:`decode_sql` accepts UTF-8 (with or
without BOM), UTF-16/32 with a BOM, and falls back to Latin-1 / Windows-1252 for
legacy files (reported in the fact as ``encoding``). NUL bytes mean a binary file.

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

import codecs
import re
from dataclasses import dataclass, field

from tutela.errors import SQLInputError

MAX_SQL_BYTES = 8 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

_PRAGMA = re.compile(
    r"(?:--|#|/\*)\s*tutela\s*:\s*(?P<body>[^\n]*?)\s*(?:\*/)?\s*$", re.IGNORECASE | re.MULTILINE
)
_KV = re.compile(r"(?P<key>purpose|dialect|share)\s*=\s*(?P<value>[A-Za-z0-9_.\-@/:]+)", re.I)


def decode_sql(data: bytes, file: str) -> tuple[str, str]:
    """Decode SQL file bytes; return ``(text, encoding)``.

    Raises:
        SQLInputError: for binary data (NUL bytes without a UTF-16/32 BOM) or oversize files.

    Example:
        >>> decode_sql(b"\\xef\\xbb\\xbfselect 1", "a.sql")
        ('select 1', 'utf-8-sig')
        >>> decode_sql("select 'año'".encode("latin-1"), "a.sql")
        ("select 'año'", 'cp1252')
    """
    if len(data) > MAX_SQL_BYTES:
        raise SQLInputError(
            f"file is {len(data) / 1048576:.1f} MiB; tutela reads SQL files up to "
            f"{MAX_SQL_BYTES // 1048576} MiB",
            file,
            hint="split the file, or exclude it in the configuration (`exclude`)",
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise SQLInputError(
                    f"file starts with a {encoding} BOM but is not valid {encoding}: {exc.reason}",
                    file,
                ) from None
    if b"\x00" in data:
        raise SQLInputError(
            "file contains NUL bytes; it looks binary, not SQL text",
            file,
            hint="lint only SQL text files (UTF-8, UTF-16 with BOM, or Latin-1)",
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so line numbers agree with editors.

    Example:
        >>> normalize_newlines("a\\r\\nb\\rc")
        'a\\nb\\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


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


@dataclass
class LineIndex:
    """Maps 0-based character offsets to 1-based (line, col)."""

    text: str
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [0]
        for match in re.finditer("\n", self.text):
            self.starts.append(match.end())

    def position(self, offset: int) -> tuple[int, int]:
        """Return (line, col), both 1-based, of ``offset``.

        Example:
            >>> LineIndex("ab\\ncd").position(4)
            (2, 2)
        """
        import bisect

        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1
