"""Has anything a warm process loaded changed on disk? A stat fingerprint that never lies.

A warm process (``tutela server``) keeps what it built from the configuration, the
inventory, the policies and the manifests, and must never answer from stale state. Reading
and hashing every input on each request is what made a warm request slow, so the inputs
are compared by ``stat`` instead — size, modification and change times, inode — the way
``make``, git's index and ruff's cache do.

``stat`` alone could lie about a file written twice within one tick of the file system's
clock (the same size, the same recorded time). That can only happen while the recorded
modification time is within a tick of now: a later write always records a later time. So,
as git does for its index ("racily clean" entries), a fingerprint taken while any input was
modified less than :data:`SETTLE` seconds ago is refused (``None``): the caller then builds
afresh and keeps nothing, and the next request, once the files have settled, takes a
fingerprint it can trust.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> (folder / "a.rego").write_text("package a")
    9
    >>> fingerprint([], [folder]) is None      # just written: too young to trust
    True
    >>> first = fingerprint([], [folder], settle=0)
    >>> first == fingerprint([], [folder], settle=0)
    True
    >>> (folder / "b.rego").write_text("package b")   # a new file changes it
    9
    >>> first == fingerprint([], [folder], settle=0)
    False
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

SETTLE = 2.0
"""Seconds a file must be older than the fingerprint for its ``stat`` to be trusted (FAT's
clock has 2-second ticks; most file systems' are far finer)."""

Fingerprint = tuple[tuple[str, int, int, int, int], ...]


def fingerprint(
    files: Iterable[Path], folders: Iterable[Path] = (), *, settle: float = SETTLE
) -> Fingerprint | None:
    """The stat fingerprint of ``files`` and of every file below ``folders``.

    A missing file is part of the fingerprint (it appearing changes it). ``None`` when an
    input changed less than ``settle`` seconds ago (see the module docstring).
    """
    paths = {str(p) for p in files}
    for folder in folders:
        for base, dirs, names in os.walk(folder):
            dirs.sort()
            paths.update(os.path.join(base, name) for name in names)  # noqa: PTH118
    now = time.time()
    entries = []
    for path in sorted(paths):
        try:
            info = os.stat(path)  # noqa: PTH116
        except OSError:
            entries.append((path, -1, 0, 0, 0))
            continue
        if now - info.st_mtime < settle:
            return None
        entries.append((path, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino))
    return tuple(entries)
