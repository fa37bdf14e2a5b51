"""The client side of ``--server``: hand a CLI run to the repository's daemon.

:func:`forward` returns the daemon's exit code after printing its output, or ``None``
when no daemon could serve the run (the caller then lints in-process, so the result is
the same either way). Starting a daemon is part of forwarding: the first client spawns
``python -m tutela.server.daemon`` in its own session and waits briefly for the socket.

Environment: ``TUTELA_SERVER=0`` turns forwarding off, ``TUTELA_SERVER=1`` turns it on
for any ``lint``/``shares check`` run; on CI (``CI`` set) a daemon is never *started*
unless ``TUTELA_SERVER=1``, so no process outlives the job.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from tutela.server.flags import FLAG, NO_FLAG
from tutela.server.wire import (
    DEFAULT_IDLE_TIMEOUT,
    WireError,
    code_stamp,
    private_folder,
    receive,
    send,
    socket_path,
)

START_TIMEOUT = 5.0  # seconds to wait for a new daemon's socket


def locate(cwd: Path, stamp: str | None = None) -> tuple[Path, Path]:
    """(socket, repository root) for a run from ``cwd``, by the configuration found there.

    Only the file and its ``cache_dir`` are read (:mod:`tutela.configfile`): validating the
    configuration is the daemon's work, which reports an invalid one as the CLI would.
    """
    from tutela.configfile import cache_folder, find_config, read_table

    file = find_config(cwd)
    if file is None:
        root, table = cwd.resolve(), {}
    else:
        root, table = file.parent.resolve(), read_table(file)[0]
    return socket_path(cache_folder(table, root), root, stamp or code_stamp()), root


def _connect(path: Path) -> socket.socket | None:
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(str(path))
    except OSError:
        conn.close()
        return None
    return conn


def start(path: Path, root: Path, idle_timeout: float | None = None) -> socket.socket | None:
    """Spawn a daemon for ``root`` and return a connection to it (None if it never came)."""
    from tutela.cache import mark_cache_dir

    if not private_folder(path.parent):
        return None
    if path.parent.name == "server":  # in the cache folder, which never shows in `git status`
        mark_cache_dir(path.parent.parent)
    log = path.parent / "server.log"
    with open(log, "ab") as err:  # noqa: PTH123 - a file handle for the child's stderr
        daemon = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tutela.server.daemon",
                str(path),
                str(root),
                str(idle_timeout or DEFAULT_IDLE_TIMEOUT),
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
            start_new_session=True,
            cwd=root,
        )
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        conn = _connect(path)
        if conn is not None:
            return conn
        if daemon.poll() is not None:
            return None  # it exited (see server.log); this run goes in-process
        time.sleep(0.02)
    # Too slow to come up (a loaded machine): this run goes in-process, and a daemon nobody
    # waited for must not linger until its idle timeout.
    daemon.kill()
    daemon.wait()
    return None


def request(path: Path, message: dict[str, Any]) -> Any:
    """Send one request to a running daemon; None when none answers."""
    conn = _connect(path)
    if conn is None:
        return None
    with conn:
        try:
            send(conn, message)
            return receive(conn)
        except (WireError, OSError):
            return None


def forward(argv: list[str], cwd: Path | None = None) -> int | None:
    """Run ``tutela ARGV`` on the daemon, print its output, return its exit code.

    ``None``: no daemon could run it (the caller lints in-process instead). A daemon that
    answers with an error is exit 2: a server failure is never a pass.
    """
    here = (cwd or Path.cwd()).resolve()
    stamp = code_stamp()
    try:
        path, root = locate(here, stamp)
    except Exception:
        return None
    run = [a for a in argv if a not in (FLAG, NO_FLAG)]
    stdin = sys.stdin.read() if "--stdin-filename" in run else None
    message = {
        "op": "run",
        "argv": run,
        "cwd": str(here),
        "stdin": stdin,
        "tty": sys.stdout.isatty(),
        "stamp": stamp,
    }
    for _attempt in range(2):  # a stale daemon exits; the second attempt starts a fresh one
        reply = _exchange(path, root, message)
        if reply is None:
            break
        if reply.get("stale"):
            continue
        if "error" in reply or not isinstance(reply.get("code"), int):
            sys.stderr.write(f"Error: the tutela server failed: {reply.get('error', reply)}\n")
            return 2
        sys.stdout.write(reply.get("stdout", ""))
        sys.stderr.write(reply.get("stderr", ""))
        return int(reply["code"])
    if stdin is not None:  # the in-process run reads stdin again: give it what was read
        import io

        sys.stdin = io.StringIO(stdin)
    return None


def _exchange(path: Path, root: Path, message: dict[str, Any]) -> dict[str, Any] | None:
    conn = _connect(path)
    if conn is None:
        if os.environ.get("CI") and os.environ.get("TUTELA_SERVER", "").lower() not in {
            "1",
            "true",
            "yes",
            "on",
        }:
            return None
        conn = start(path, root)
        if conn is None:
            return None
    with conn:
        try:
            send(conn, message)
            reply = receive(conn)
        except (WireError, OSError):
            return None
    return reply if isinstance(reply, dict) else None
