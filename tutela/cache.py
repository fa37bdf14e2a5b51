"""Authenticated cache entries: a cache restored from elsewhere can cost time, never a verdict.

Every cache entry tutela writes (the facts of a file, the validated inventory, the approved
shares, the rule index) is sealed with an HMAC-SHA256 under a per-user key, and is trusted
only when the seal verifies. An entry that was edited, truncated, copied from another key's
slot, or written by someone who does not hold the key (for example a CI job restoring
``.tutela_cache`` from a shared cache) fails the check and is recomputed from the source.

The key is 32 random bytes in ``$XDG_CONFIG_HOME/tutela/cache.key`` (default
``~/.config/tutela/cache.key``), created on first use with mode 0600: outside the repository
and outside the cache folder, so whoever can write the cache cannot forge a seal. When the key
cannot be created or read, is not private to the user (group or world bits set, another owner),
or lies inside the cache folder, no entry is trusted and none is written (caching is off).
``tutela lint --no-cache`` turns the cache off explicitly.

Entry format: one line ``tutela-cache-1 <kind> <hex HMAC>`` then the body; the HMAC covers the
kind, the entry's name (its cache key) and the body.

Example:
    >>> import os, tempfile
    >>> saved = os.environ.get("XDG_CONFIG_HOME")
    >>> os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp()
    >>> sealed = seal("facts", "abc", b"[]")
    >>> unseal("facts", "abc", sealed)
    b'[]'
    >>> unseal("facts", "other", sealed) is None  # moved to another key's slot
    True
    >>> unseal("facts", "abc", sealed.replace(b"[]", b"{}")) is None  # edited
    True
    >>> oct(key_path().stat().st_mode & 0o777)
    '0o600'
    >>> _ = os.environ.pop("XDG_CONFIG_HOME") if saved is None else os.environ.update(
    ...     XDG_CONFIG_HOME=saved)
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

MAGIC = b"tutela-cache-1"
KEY_BYTES = 32
_KEYS: dict[Path, bytes] = {}
_ENTRY_WORK = threading.local()


@contextlib.contextmanager
def entry_work() -> Iterator[None]:
    """Mark what this thread reads and writes as cache work, not as a run's input or output.

    A cache entry can change how long a run takes, never what it prints, so a recorded run
    (:mod:`tutela.replay`) does not count the files touched here as inputs or side effects.
    Only this module's entry reads and writes, and the cache folder's marker, use it.
    """
    _ENTRY_WORK.depth = getattr(_ENTRY_WORK, "depth", 0) + 1
    try:
        yield
    finally:
        _ENTRY_WORK.depth -= 1


def in_entry_work() -> bool:
    """Whether this thread is inside :func:`entry_work`."""
    return getattr(_ENTRY_WORK, "depth", 0) > 0


def _log() -> Any:  # logging is imported only when there is something to say
    import logging

    return logging.getLogger("tutela")


def key_path() -> Path:
    """Where the per-user cache key lives (``$XDG_CONFIG_HOME/tutela/cache.key``)."""
    base = os.environ.get("XDG_CONFIG_HOME") or ""
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "tutela" / "cache.key"


def _private(info: os.stat_result) -> bool:
    owner_ok = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISREG(info.st_mode) and owner_ok and not (info.st_mode & 0o077)


def _create(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    import secrets

    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
        with contextlib.suppress(FileExistsError):  # another process made it first: use theirs
            os.link(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def cache_key(cache_dir: Path | None = None) -> bytes | None:
    """The per-user key (created on first use), or None when no key can be trusted.

    ``cache_dir``: the cache folder; a key inside it would be readable and writable by whoever
    controls the cache, so it is refused.
    """
    path = key_path()
    if cache_dir is not None:
        with contextlib.suppress(OSError, ValueError), entry_work():
            if path.resolve().is_relative_to(cache_dir.resolve()):
                _log().debug("cache key %s is inside the cache folder; cache off", path)
                return None
    if path in _KEYS:
        return _KEYS[path]
    try:
        if not path.exists():
            _create(path)
        info = path.stat()
        if not _private(info):
            _log().warning(
                "tutela: the cache key %s is readable or writable by others; the cache is off "
                "(chmod 600 it, or delete it to make a new one)",
                path,
            )
            return None
        key = path.read_bytes()
    except OSError as exc:
        _log().debug("cannot use the cache key %s: %s; cache off", path, exc)
        return None
    if len(key) < KEY_BYTES:
        _log().debug("cache key %s is too short; cache off", path)
        return None
    _KEYS[path] = key
    return key


def _mac(key: bytes, kind: str, name: str, body: bytes) -> str:
    digest = hmac.new(key, digestmod=hashlib.sha256)
    for part in (kind.encode(), name.encode(), body):
        digest.update(len(part).to_bytes(8, "big") + part)
    return digest.hexdigest()


def seal(kind: str, name: str, body: bytes, cache_dir: Path | None = None) -> bytes | None:
    """``body`` as an authenticated entry named ``name``, or None when there is no key."""
    key = cache_key(cache_dir)
    if key is None:
        return None
    return b"%s %s %s\n" % (MAGIC, kind.encode(), _mac(key, kind, name, body).encode()) + body


def unseal(kind: str, name: str, data: bytes, cache_dir: Path | None = None) -> bytes | None:
    """The body of an entry whose seal verifies for ``kind`` and ``name``; else None."""
    head, sep, body = data.partition(b"\n")
    parts = head.split(b" ")
    if not sep or len(parts) != 3 or parts[0] != MAGIC or parts[1] != kind.encode():
        return None
    key = cache_key(cache_dir)
    if key is None:
        return None
    expected = _mac(key, kind, name, body).encode()
    return body if hmac.compare_digest(parts[2], expected) else None


def read_entry(path: Path, kind: str, cache_dir: Path | None = None) -> bytes | None:
    """The verified body of the entry at ``path`` (named by its file stem), or None."""
    try:
        with entry_work():
            data = path.read_bytes()
    except OSError:
        return None
    body = unseal(kind, path.stem, data, cache_dir)
    if body is None:
        _log().debug("ignoring unauthenticated cache entry %s", path)
    return body


def write_entry(path: Path, kind: str, body: bytes, cache_dir: Path | None = None) -> None:
    """Seal ``body`` and write it atomically at ``path``; a failure only costs time."""
    from tutela.errors import TutelaError
    from tutela.files import write_atomic

    sealed = seal(kind, path.stem, body, cache_dir)
    if sealed is None:
        return
    with contextlib.suppress(TutelaError, OSError), entry_work():
        write_atomic(path, sealed, force=True)


CACHE_GITIGNORE = "# Created by tutela: a cache, safe to delete, never to commit.\n*\n"


def mark_cache_dir(folder: Path) -> None:
    """Put a ``.gitignore`` that ignores everything into a cache folder (best effort).

    Like pytest's and ruff's caches: a cache inside a repository never shows in
    ``git status``, so linting leaves the user's working tree as it was.
    """
    marker = folder / ".gitignore"
    with entry_work():
        if marker.exists():
            return
        with contextlib.suppress(OSError):  # a read-only cache folder only costs the marker
            marker.write_text(CACHE_GITIGNORE, encoding="utf-8")
