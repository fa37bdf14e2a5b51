"""Writing files safely: atomically, never over an existing file unless asked.

Every file tutela writes for a user (notices, plans, letters, bundles, reports) goes
through :func:`write_atomic`: the bytes land in a temporary file in the same folder and
are renamed over the target in one step, so a crash or a full disk never leaves half a
file, and an existing file is replaced only with ``force``.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from tutela.errors import InputError


def write_atomic(path: Path, data: str | bytes, *, force: bool = False, mode: int = 0o644) -> None:
    """Write ``data`` to ``path`` atomically.

    Raises:
        InputError: ``path`` exists and ``force`` is false, is a folder, or cannot be written.

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
        >>> write_atomic(target, "hola\\n")
        >>> target.read_text()
        'hola\\n'
        >>> write_atomic(target, "otra")
        Traceback (most recent call last):
        ...
        tutela.errors.InputError: ...: file exists; pass --force to replace it
    """
    if path.is_dir():
        raise InputError("is a folder, not a file", str(path))
    if path.exists() and not force:
        raise InputError("file exists; pass --force to replace it", str(path))
    folder = path.parent if str(path.parent) else Path()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", str(path)) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, mode)  # noqa: PTH101 - mkstemp creates 0600
        Path(tmp).replace(path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror}", str(path)) from None


CACHE_GITIGNORE = "# Created by tutela: a cache, safe to delete, never to commit.\n*\n"


def mark_cache_dir(folder: Path) -> None:
    """Put a ``.gitignore`` that ignores everything into a cache folder (best effort).

    Like pytest's and ruff's caches: a cache inside a repository never shows in
    ``git status``, so linting leaves the user's working tree as it was.
    """
    marker = folder / ".gitignore"
    if marker.exists():
        return
    with contextlib.suppress(OSError):  # a read-only cache folder only costs the marker
        marker.write_text(CACHE_GITIGNORE, encoding="utf-8")
