"""Where the daemon listens and how a request travels.

No click and no sqlglot here: the client imports this on every warm run.

A message is a 4-byte big-endian length and that many bytes of UTF-8 JSON. The socket
lives in the repository's cache folder (``<cache_dir>/server/<code stamp>.sock``) unless that
path is too long for ``AF_UNIX`` (about 107 bytes), in which case it moves to an
owner-only folder of the user's runtime directory named after a digest of the repository
root. Either folder must belong to the user and be 0700, or the server is not used.

Example:
    >>> import socket
    >>> a, b = socket.socketpair()
    >>> send(a, {"op": "ping"})
    >>> receive(b)
    {'op': 'ping'}
    >>> a.close(), b.close()
    (None, None)
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import struct
from pathlib import Path
from typing import Any

DEFAULT_IDLE_TIMEOUT = 900.0  # seconds without a request before a daemon exits
MAX_MESSAGE = 256 * 1024 * 1024  # a report of a very large run still fits
_HEADER = struct.Struct(">I")
_SUN_PATH_MAX = 100  # sockaddr_un.sun_path is 108 bytes on Linux, 104 on macOS


class WireError(OSError):
    """The peer went away or sent something that is not a message."""


def socket_path(cache_dir: Path, root: Path, stamp: str) -> Path:
    """The daemon's socket for the repository at ``root`` and tutela's code ``stamp``.

    One daemon per repository *and* installation: the pre-commit hook's environment and a
    developer's virtualenv each get their own, instead of replacing each other's.
    """
    preferred = cache_dir / "server" / f"{stamp[:12]}.sock"
    if len(os.fsencode(preferred)) <= _SUN_PATH_MAX:
        return preferred
    digest = hashlib.sha256(os.fsencode(root) + stamp.encode()).hexdigest()[:16]
    base = os.environ.get("XDG_RUNTIME_DIR")
    if not base:
        import tempfile  # only here: most sockets live in the cache folder

        base = tempfile.gettempdir()
    return Path(base) / f"tutela-{os.getuid()}" / f"{digest}.sock"


def private_folder(folder: Path) -> bool:
    """Create ``folder`` 0700 if missing; true when it is ours and nobody else's."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and (info.st_mode & 0o777) == 0o700


def send(conn: socket.socket, message: Any) -> None:
    """Write one message."""
    data = json.dumps(message, ensure_ascii=False).encode("utf-8")
    conn.sendall(_HEADER.pack(len(data)) + data)


def _exactly(conn: socket.socket, size: int) -> bytes:
    chunks: list[bytes] = []
    while size:
        chunk = conn.recv(min(size, 1 << 20))
        if not chunk:
            raise WireError("the peer closed the connection")
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def receive(conn: socket.socket) -> Any:
    """Read one message.

    Raises:
        WireError: when the peer closes early or the bytes are not a message.
    """
    (size,) = _HEADER.unpack(_exactly(conn, _HEADER.size))
    if size > MAX_MESSAGE:
        raise WireError(f"message of {size} bytes is over the {MAX_MESSAGE}-byte limit")
    try:
        return json.loads(_exactly(conn, size).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WireError(f"not a message: {exc}") from None


def code_stamp() -> str:
    """A digest of tutela's installed code (names, sizes, modification times).

    A daemon started before tutela was upgraded or edited answers with another stamp, so
    the client never takes a verdict from old code.
    """
    import importlib.util

    from tutela import __version__

    digest = hashlib.sha256(__version__.encode())
    for package in ("tutela", "tutela.cli", "tutela.generators", "tutela.policies"):
        spec = importlib.util.find_spec(package)
        for location in (spec.submodule_search_locations or []) if spec else []:
            for folder, dirs, files in os.walk(location):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for name in sorted(files):
                    if name.endswith((".py", ".rego", ".yaml", ".json")):
                        info = os.stat(os.path.join(folder, name))  # noqa: PTH116, PTH118
                        digest.update(
                            f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns};".encode()
                        )
    return digest.hexdigest()
