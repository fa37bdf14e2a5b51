"""One reader for the files users give tutela: SQL, the inventory, manifests.

Bytes become text in one place, with one set of rules and messages:

- **Regular files only**, up to :data:`MAX_TEXT_BYTES` (a pipe or a device would block or never
  end; a huge file would not be bounded in time or memory).
- **A byte-order mark decides**: UTF-8, UTF-16 or UTF-32 with a BOM is decoded as such (the BOM
  is dropped); a file that starts with one and is not valid in it is refused.
- **NUL bytes without a BOM** mean a binary file (or UTF-16 without a BOM): refused.
- **UTF-8 is the default.** Text that is not valid UTF-8 is refused with the byte, line and
  reason, except where the caller allows a *legacy guess* (SQL): then a file with no valid
  multi-byte UTF-8 sequence at all is read as Windows-1252 (Latin-1 for the five bytes
  Windows-1252 leaves undefined), and the :class:`Text` says it was a guess (``assumed``) so the
  caller warns and checks that the guess cannot change what the file means. A file that mixes
  valid UTF-8 with invalid bytes, or holds an encoded UTF-16 surrogate (CESU-8/WTF-8), is broken
  UTF-8, never a legacy file: refused, never decoded in silence.
"""

from __future__ import annotations

import codecs
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from tutela.errors import InputError

MAX_TEXT_BYTES = 8 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A valid UTF-8 multi-byte sequence (2, 3 or 4 bytes, surrogates and overlongs excluded).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)
_SURROGATE = re.compile(rb"\xed[\xa0-\xbf][\x80-\xbf]")
LEGACY = "cp1252"
ENCODING_NAMES = {"cp1252": "Windows-1252", "latin-1": "Latin-1"}


@dataclass(frozen=True)
class Text:
    """Decoded text and how it was decoded.

    ``encoding`` is the codec used (``utf-8``, ``utf-8-sig``, ``utf-16``, ``utf-32``,
    ``cp1252`` or ``latin-1``); ``assumed`` is true when it was a guess, not a fact of the
    bytes (no BOM, not UTF-8).
    """

    text: str
    encoding: str
    assumed: bool = False

    def warning(self, file: str) -> str | None:
        """The warning to show when the encoding was a guess, else ``None``."""
        return guess_warning(file, self.encoding) if self.assumed else None


def guess_warning(file: str, encoding: str) -> str:
    """The warning for a file whose encoding tutela assumed.

    Example:
        >>> print(guess_warning("a.sql", "cp1252"))
        a.sql: not UTF-8; read as Windows-1252 by guess (no byte-order mark, no UTF-8 in it). ...
    """
    name = ENCODING_NAMES.get(encoding, encoding)
    return (
        f"{file}: not UTF-8; read as {name} by guess (no byte-order mark, no UTF-8 in it). "
        "Save it as UTF-8."
    )


def read_bytes(
    path: Path,
    file: str,
    *,
    what: str = "file",
    error: type[InputError] = InputError,
    max_bytes: int = MAX_TEXT_BYTES,
    missing_hint: str | None = None,
) -> bytes:
    """Read a user's file; refuse what is not a regular file or is over ``max_bytes``.

    Raises:
        InputError: (or ``error``) missing, a directory, unreadable, a pipe/socket/device, or
            oversize; the message names ``what`` ("inventory", "manifest", "file").
    """
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise error(f"{what} path is a directory, not a file", file)
        if not stat.S_ISREG(info.st_mode):
            raise error(
                "not a regular file (a pipe, socket or device)",
                file,
                hint="give text files only, or exclude this path in the configuration",
            )
        if info.st_size > max_bytes:
            raise _too_big(info.st_size, max_bytes, file, error)
        data = path.read_bytes()
    except FileNotFoundError as exc:
        if missing_hint is not None:
            raise error(f"{what} file not found", file, hint=missing_hint) from None
        raise error(f"cannot read {what}: {exc.strerror}", file) from None
    except OSError as exc:
        raise error(f"cannot read {what}: {exc.strerror}", file) from None
    if len(data) > max_bytes:  # grew while being read
        raise _too_big(len(data), max_bytes, file, error)
    return data


def _too_big(size: int, limit: int, file: str, error: type[InputError]) -> InputError:
    return error(
        f"file is {size / 1048576:.1f} MiB; tutela reads files up to {limit // 1048576} MiB",
        file,
        hint="split the file, or exclude it in the configuration (`exclude`)",
    )


def decode(
    data: bytes,
    file: str,
    *,
    what: str = "file",
    legacy: bool = False,
    error: type[InputError] = InputError,
    max_bytes: int = MAX_TEXT_BYTES,
) -> Text:
    r"""Decode a user's file (the rules are in the module docstring).

    Args:
        data: the file's bytes.
        file: the name used in messages.
        what: what the file is, for messages ("inventory", "manifest", "SQL file").
        legacy: allow the Windows-1252/Latin-1 guess for text that is not UTF-8.
        error: the error class raised (``SQLInputError`` for SQL).
        max_bytes: the size limit.

    Raises:
        InputError: (or ``error``) oversize, binary, a broken BOM, or not UTF-8 when no guess
            is allowed or possible.

    Example:
        >>> decode(b"\xef\xbb\xbfselect 1", "a.sql")
        Text(text='select 1', encoding='utf-8-sig', assumed=False)
        >>> decode("select 'año'".encode("cp1252"), "a.sql", legacy=True)
        Text(text="select 'año'", encoding='cp1252', assumed=True)
        >>> try:
        ...     decode(b"select '\xed\xa0\x80'", "a.sql", legacy=True)
        ... except InputError as exc:
        ...     print(exc.message)
        file is not valid UTF-8 text (byte 8: an encoded UTF-16 surrogate, which UTF-8 forbids)
    """
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes, file, error)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return Text(data.decode(encoding), encoding)
            except UnicodeDecodeError as exc:
                raise error(
                    f"{what} starts with a {encoding} byte-order mark but is not valid "
                    f"{encoding} (byte {exc.start}: {exc.reason})",
                    file,
                    hint="save the file as UTF-8",
                ) from None
    if b"\x00" in data:
        raise error(
            f"{what} contains NUL bytes; it looks binary, not text",
            file,
            hint="give text files (UTF-8; UTF-16 only with a byte-order mark)",
        )
    try:
        return Text(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        surrogate = _SURROGATE.search(data)
        broken_utf8 = surrogate is not None or _UTF8_MULTIBYTE.search(data) is not None
        if legacy and not broken_utf8:
            try:
                return Text(data.decode(LEGACY), LEGACY, assumed=True)
            except UnicodeDecodeError:
                return Text(data.decode("latin-1"), "latin-1", assumed=True)
        start, reason = exc.start, exc.reason
        if surrogate is not None and surrogate.start() <= start:
            start, reason = surrogate.start(), "an encoded UTF-16 surrogate, which UTF-8 forbids"
        hint = "save the file as UTF-8 (UTF-16 is accepted only with a byte-order mark)"
        if surrogate is not None:
            hint = "save the file as UTF-8 (a lone surrogate is what CESU-8, WTF-8 or a broken "
            hint += "conversion writes; no character can be read from it)"
        elif broken_utf8 and legacy:
            hint = "save the file as UTF-8: it mixes UTF-8 with other bytes, so no other "
            hint += "encoding can be assumed"
        raise error(
            f"{what} is not valid UTF-8 text (byte {start}: {reason})",
            file,
            data[:start].count(b"\n") + 1,
            hint=hint,
        ) from None


def read_text(
    path: Path,
    file: str,
    *,
    what: str = "file",
    legacy: bool = False,
    error: type[InputError] = InputError,
    max_bytes: int = MAX_TEXT_BYTES,
    missing_hint: str | None = None,
) -> tuple[bytes, Text]:
    """Read and decode a user's file; return its bytes (for digests) and its text."""
    data = read_bytes(
        path, file, what=what, error=error, max_bytes=max_bytes, missing_hint=missing_hint
    )
    return data, decode(data, file, what=what, legacy=legacy, error=error, max_bytes=max_bytes)


def read_str(path: Path, *, what: str = "file") -> str:
    """:func:`read_text`'s text alone, for secondary reads (YAML beside a model, macros).

    Raises:
        InputError: as :func:`read_text` (missing, not a regular file, oversize, undecodable).
    """
    return read_text(path, str(path), what=what)[1].text


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF, so line numbers agree with editors.

    Example:
        >>> normalize_newlines("a\\r\\nb\\rc")
        'a\\nb\\nc'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
        line = bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1
