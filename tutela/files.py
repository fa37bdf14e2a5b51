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


def current_umask() -> int:
    """The process's umask (read from /proc where it can be, else set and restored at once)."""
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_target(path: Path, *, force: bool = False, parents: bool = True) -> None:
    """Refuse what :func:`write_atomic` would refuse, before any work is done.

    Raises:
        InputError: see :func:`write_atomic`.
    """
    if str(path) in ("", "."):
        raise InputError(
            "no output file name given (the path is empty)",
            hint="name the file to write, e.g. `--out aviso.md`",
        )
    name = str(path)
    if path.is_symlink() and not force:
        target = path.readlink()
        state = "" if path.exists() else ", which points nowhere"
        raise InputError(
            f"is a symbolic link to {target}{state}; pass --force to replace the link", name
        )
    if path.is_dir():
        raise InputError("is a folder, not a file", name)
    if path.exists() and not force:
        raise InputError("output file already exists", name, hint="pass --force to overwrite it")
    folder = path.parent if str(path.parent) else Path()
    if not parents and not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise InputError(
            f"cannot write: the folder {folder.as_posix()} {what}",
            name,
            hint="create the folder first; tutela does not create folders for its output",
        )


def write_atomic(
    path: Path,
    data: str | bytes,
    *,
    force: bool = False,
    mode: int = 0o666,
    parents: bool = True,
) -> None:
    """Write ``data`` to ``path`` atomically: the one writer of every file tutela makes.

    The file gets ``mode`` less the umask, as ``open()`` would give it (0644 under the usual
    022). An existing file, or a symbolic link (even a dangling one, which would otherwise be
    replaced by the new file), is replaced only with ``force``. With ``parents`` false (every
    output a user names: notices, plans, letters, bundles, reports) a missing folder is an
    error, never created silently; caches pass ``parents=True``.

    Raises:
        InputError: no file name, ``path`` exists (or is a link) and ``force`` is false, is a
            folder, its folder is missing (``parents`` false), or it cannot be written.

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
        >>> write_atomic(target, "hola\\n")
        >>> target.read_text()
        'hola\\n'
        >>> write_atomic(target, "otra")
        Traceback (most recent call last):
        ...
        tutela.errors.InputError: ...: output file already exists
          help: pass --force to overwrite it
    """
    check_target(path, force=force, parents=parents)
    folder = path.parent if str(path.parent) else Path()
    name = str(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror}", name) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data.encode("utf-8") if isinstance(data, str) else data)
        os.chmod(tmp, mode & ~current_umask())  # noqa: PTH101 - mkstemp creates 0600
        Path(tmp).replace(path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise InputError(f"cannot write: {exc.strerror}", name) from None
