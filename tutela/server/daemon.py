"""The daemon: listen on the repository's socket, run each request as the CLI would.

Requests are served one at a time (the pre-commit hooks are ``require_serial``; an editor
uses its own LSP process), so the process-wide state a CLI run touches — the working
directory, ``sys.stdin``/``stdout``/``stderr`` — is swapped in and out around each run.

Request ``{"op": "run", "argv": [...], "cwd": "...", "stdin": "..." | null, "tty": bool,
"stamp": "..."}`` → ``{"code": int, "stdout": "...", "stderr": "..."}``;
``{"op": "ping"}`` → ``{"pid": int, "stamp": "...", "root": "..."}``;
``{"op": "stop"}`` → ``{"stopped": true}``. A request whose ``stamp`` differs from the
daemon's (tutela changed since it started) → ``{"stale": true}`` and the daemon exits.
"""

from __future__ import annotations

import contextlib
import io
import os
import socket
import struct
import sys
import time
from pathlib import Path
from typing import Any

from tutela.server.wire import WireError, code_stamp, private_folder, receive, send

_REQUEST_TIMEOUT = 30.0  # a client that connects and sends nothing is dropped


class _Capture(io.StringIO):
    """A text stream that answers ``isatty()`` as the client's terminal would."""

    def __init__(self, tty: bool) -> None:
        super().__init__()
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def warm() -> None:
    """Make this process a warm one: keep compiled engines and built gates between runs.

    Both caches rebuild when any input they were made from changes (see
    :func:`tutela.engine.keep_engines` and :func:`tutela.gate.keep_gates`).
    """
    from tutela.engine import keep_engines
    from tutela.gate import keep_gates

    keep_engines()
    keep_gates()


def run_cli(argv: list[str], cwd: str, stdin: str | None, tty: bool = False) -> dict[str, Any]:
    """Run ``tutela ARGV`` in this process as if from ``cwd``; return code and output."""
    from tutela.cli.main import main

    out, err = _Capture(tty), _Capture(False)
    saved = os.getcwd()  # noqa: PTH109
    saved_stdin = sys.stdin
    try:
        os.chdir(cwd)
        sys.stdin = io.StringIO(stdin or "")
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        sys.stdin = saved_stdin
        os.chdir(saved)
    return {"code": code, "stdout": out.getvalue(), "stderr": err.getvalue()}


def _peer_is_us(conn: socket.socket) -> bool:
    """On Linux, the connecting process must run as our user (the socket is 0600 too)."""
    if not hasattr(socket, "SO_PEERCRED"):
        return True  # the 0600 socket in a 0700 folder is the guard elsewhere
    creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return bool(uid == os.getuid())


class Daemon:
    """One listening socket and the loop that serves it until idle or stopped."""

    def __init__(self, path: Path, root: Path, idle_timeout: float) -> None:
        self.path = path
        self.root = root
        self.idle_timeout = idle_timeout
        self.stamp = code_stamp()
        self._running = True

    def _bind(self) -> socket.socket | None:
        if not private_folder(self.path.parent):
            sys.stderr.write(f"tutela server: {self.path.parent} is not a private folder\n")
            return None
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
                probe.connect(str(self.path))
            sock.close()
            return None  # another daemon already serves this repository
        except OSError:
            with contextlib.suppress(FileNotFoundError):
                self.path.unlink()  # a stale socket of a daemon that died
        old = os.umask(0o177)
        try:
            sock.bind(str(self.path))
        except OSError as exc:
            sock.close()
            sys.stderr.write(f"tutela server: cannot listen on {self.path}: {exc}\n")
            return None
        finally:
            os.umask(old)
        sock.listen(16)
        return sock

    def serve(self) -> int:
        """Serve until ``stop``, a stale client or ``idle_timeout`` seconds of silence."""
        sock = self._bind()
        if sock is None:
            return 0
        warm()  # an unchanged request reuses its gate and compiled engine
        inode = self.path.stat().st_ino
        try:
            sock.settimeout(self.idle_timeout)
            while self._running:
                try:
                    conn, _ = sock.accept()
                except TimeoutError:
                    break
                with conn:
                    self._handle(conn)
        finally:
            sock.close()
            with contextlib.suppress(OSError):
                if self.path.stat().st_ino == inode:  # never remove a successor's socket
                    self.path.unlink()
        return 0

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(_REQUEST_TIMEOUT)
        try:
            if not _peer_is_us(conn):
                return
            request = receive(conn)
            conn.settimeout(None)
            send(conn, self.answer(request))
        except (WireError, OSError):
            return  # the client falls back to linting in-process

    def answer(self, request: Any) -> dict[str, Any]:
        """The reply to one request (see the module docstring)."""
        op = request.get("op") if isinstance(request, dict) else None
        if op == "ping":
            return {"pid": os.getpid(), "stamp": self.stamp, "root": str(self.root)}
        if op == "stop":
            self._running = False
            return {"stopped": True}
        if op != "run":
            return {"error": f"unknown request {op!r}"}
        if request.get("stamp") != self.stamp:
            self._running = False
            return {"stale": True}
        argv, cwd = request.get("argv"), request.get("cwd")
        if not isinstance(argv, list) or not all(isinstance(a, str) for a in argv):
            return {"error": "argv must be a list of strings"}
        if not isinstance(cwd, str):
            return {"error": "cwd must be a string"}
        started = time.perf_counter()
        reply = run_cli(argv, cwd, request.get("stdin"), bool(request.get("tty")))
        reply["seconds"] = round(time.perf_counter() - started, 6)
        return reply


def main(argv: list[str] | None = None) -> int:
    """``python -m tutela.server.daemon SOCKET ROOT IDLE_TIMEOUT`` (what the client spawns)."""
    args = sys.argv[1:] if argv is None else argv
    path, root, idle = Path(args[0]), Path(args[1]), float(args[2])
    return Daemon(path, root, idle).serve()


if __name__ == "__main__":
    sys.exit(main())
