"""Replay a ``tutela lint`` run none of whose inputs changed, before click or the library load.

A pre-commit hook or an editor asks the same question again and again of unchanged files.
The per-file caches already skip the analysis, but a cold process still pays for click, the
gate and the engine (~90 ms). The answer, though, is a pure function of what the run read,
so the console script (:mod:`tutela.cli.entry`) keeps a **run record** and, when every input
is as it was, prints the recorded output and exits with the recorded code (~25 ms).

What a record is keyed by: tutela's version, the Python interpreter, the arguments, the
working folder, the whole environment, today's date, and which standard streams are
terminals (and the terminal's size). What it checks, by ``stat`` (size, modification and
change times, inode, as :mod:`tutela.watch` does): every file the run opened or asked about,
every folder it listed, and the source of every module it imported. A path the run looked
for and did not find is recorded as missing: it appearing is a change. A folder it only
asked about (does it exist, is it a folder) is checked for that alone; a folder it listed,
for its entries too. Compiled bytecode (``__pycache__``) is neither an input nor a side
effect: it is a function of its source, which is recorded.

What is never recorded (the next run is a normal one):

* a run whose exit code is not 0 or 1 (errors are re-evaluated every time);
* ``--no-cache``, ``-o``/``--output`` (the report goes to a file), ``--stdin-filename``,
  ``--help``, ``--version``, or short options stuck together that could hide one of those;
* a run that started a process, connected a socket, changed folder, or wrote, moved or
  removed anything other than a cache entry (a cache entry can change the time a run takes,
  never its output, so what :func:`tutela.cache.entry_work` reads or writes is not an input);
* a run in which an input was modified less than :data:`tutela.watch.SETTLE` seconds before
  it was read (``stat`` cannot tell two writes within one clock tick apart) or changed while
  the run read it;
* output written around ``sys.stdout``/``sys.stderr`` (their binary buffers), a progress bar
  (carriage returns), or more than :data:`MAX_OUTPUT` characters.

A record is a sealed cache entry (:mod:`tutela.cache`): one that does not verify under the
user's key is ignored, so a restored cache can cost time, never a verdict. Records live in
the user's cache folder (``$XDG_CACHE_HOME/tutela/runs``, default ``~/.cache/tutela/runs``)
because they must be found before the configuration, which names the project's cache
folder, is read; at most :data:`KEEP` are kept. ``--no-cache`` neither reads nor writes one.

While a run is recorded, ``os.stat`` and ``os.lstat`` are wrapped (to see the paths it asks
about) and the standard streams are teed; both are restored before the record is written.

Example:
    >>> eligible(["lint", "models"]), eligible(["lint", "models", "-o", "r.sarif"])
    (True, False)
    >>> eligible(["lint", "-vo", "r.sarif"]), eligible(["shares", "check"])
    (False, False)
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import Any

FORMAT = "tutela-run-1"
COMMANDS = frozenset({"lint"})
NOT_REPLAYED = frozenset({"--no-cache", "--output", "--stdin-filename", "--help", "--version"})
NOT_REPLAYED_SHORT = frozenset("oh")  # -o FILE, -h
KEEP = 256  # records kept; the oldest quarter goes when there are more
MAX_OUTPUT = 8_000_000  # characters of output a record may hold
# Events after which the output may depend on something no stat can see.
REFUSED_EVENTS = frozenset(
    {
        "os.chdir",
        "os.exec",
        "os.fork",
        "os.forkpty",
        "os.posix_spawn",
        "os.spawn",
        "os.startfile",
        "os.system",
        "pty.spawn",
        "socket.connect",
        "socket.sendto",
        "subprocess.Popen",
        "urllib.Request",
    }
)
# Changes to the file system: allowed inside a cache folder only.
WRITE_EVENTS = frozenset(
    {
        "os.chmod",
        "os.chown",
        "os.link",
        "os.mkdir",
        "os.remove",
        "os.rename",
        "os.rmdir",
        "os.symlink",
        "os.truncate",
        "os.utime",
        "shutil.copyfile",
        "shutil.copymode",
        "shutil.copystat",
        "shutil.copytree",
        "shutil.move",
        "shutil.rmtree",
    }
)
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
_STAT, _LSTAT = os.stat, os.lstat  # the real ones: a recorded run wraps them
_PYCACHE = f"{os.sep}__pycache__{os.sep}"

Signature = list[int]  # [kind, ...]: see _signature


def eligible(argv: list[str]) -> bool:
    """Whether this command line may be answered from, and recorded into, a run record."""
    if not argv or argv[0] not in COMMANDS:
        return False
    for arg in argv[1:]:
        if arg == "--":
            break
        if arg == "-" or arg.split("=", 1)[0] in NOT_REPLAYED:
            return False
        if arg.startswith("-") and not arg.startswith("--") and NOT_REPLAYED_SHORT & set(arg[1:]):
            return False
    return True


def folder() -> str:
    """Where run records live: ``$XDG_CACHE_HOME/tutela/runs`` (default ``~/.cache``)."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    if not os.path.isabs(base):  # noqa: PTH117 - os.path: pathlib is not needed on a hit
        base = os.path.join(os.path.expanduser("~"), ".cache")  # noqa: PTH111, PTH118
    return os.path.join(base, "tutela", "runs")  # noqa: PTH118


def key(argv: list[str]) -> str:
    """The record's name: everything outside the file system that the output depends on."""
    import hashlib

    from tutela import __version__

    ttys = [_isatty(fd) for fd in (0, 1, 2)]
    size: list[int] = []
    if any(ttys):
        try:
            size = list(os.get_terminal_size(1 if ttys[1] else 2))
        except OSError:
            size = []
    material = [
        FORMAT,
        __version__,
        sys.executable,
        sys.version,
        argv,
        os.getcwd(),  # noqa: PTH109 - pathlib is not needed on a hit
        sorted(os.environ.items()),
        time.strftime("%Y-%m-%d"),  # the local date, as `date.today()` in the gate
        ttys,
        size,
    ]
    return hashlib.sha256(json.dumps(material).encode()).hexdigest()


def _isatty(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def _kind(mode: int) -> int:
    return mode >> 12  # the file type bits (S_IFMT), as a small number


def _signature(path: str, follow: bool, full: bool) -> Signature:
    """``[-1]`` missing; ``[type]`` for a folder only asked about; else type and stat."""
    try:
        info = _STAT(path) if follow else _LSTAT(path)
    except OSError:
        return [-1]
    kind = _kind(info.st_mode)
    if not full and kind == 4:  # S_IFDIR: whether it exists and is a folder, not its entries
        return [kind]
    return [kind, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino]


def lookup(name: str) -> dict[str, Any] | None:
    """The record ``name`` when it verifies and every input it names is unchanged."""
    from tutela.cache import read_entry

    runs = folder()
    body = read_entry(_entry_path(runs, name), "run", _as_path(runs))
    if body is None:
        return None
    try:
        record = json.loads(body)
        inputs = record["inputs"]
        for path, follow, full, signature in inputs:
            if _signature(path, follow, full) != signature:
                return None
        chunks = [(int(fd), str(text)) for fd, text in record["output"]]
        code = int(record["code"])
    except (ValueError, KeyError, TypeError):
        return None
    return {"output": chunks, "code": code}


def replay(record: dict[str, Any]) -> int:
    """Write the recorded output in its order; return the recorded exit code."""
    streams = {1: sys.stdout, 2: sys.stderr}
    try:
        for fd, text in record["output"]:
            streams[fd].write(text)
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        return 1  # as tutela.cli.main does
    return int(record["code"])


def _entry_path(runs: str, name: str) -> Any:
    return _as_path(os.path.join(runs, f"{name}.json"))  # noqa: PTH118


def _as_path(text: str) -> Any:
    from pathlib import Path

    return Path(text)


class _Tee:
    """A text stream that keeps what is written to it (in order, with the other stream)."""

    def __init__(self, stream: Any, fd: int, recorder: Recorder) -> None:
        self._stream = stream
        self._fd = fd
        self._recorder = recorder

    def write(self, text: str) -> int:
        self._recorder.wrote(self._fd, text)
        return int(self._stream.write(text))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    @property
    def buffer(self) -> Any:  # bytes written past the text layer cannot be kept in order
        self._recorder.refuse("binary output")
        return self._stream.buffer

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


class Recorder:
    """Watches one run in this process and writes its record if the run can be replayed."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.inputs: dict[tuple[str, bool], tuple[bool, Signature]] = {}
        self.output: list[tuple[int, str]] = []
        self.size = 0
        self.refused: str | None = None
        self.active = False
        self._saved: tuple[Any, ...] = ()
        self._cache_work: Any = lambda: False
        self._settle = 0.0

    # -- watching ---------------------------------------------------------------------------

    def start(self) -> None:
        """Begin watching: an audit hook (it stays, idle, after :meth:`stop`), stat, streams."""
        # Imported before the hook exists: the hook itself must never import.
        from tutela.cache import in_entry_work
        from tutela.watch import SETTLE

        self._cache_work, self._settle = in_entry_work, SETTLE

        def stat(path: Any, *args: Any, **kwargs: Any) -> Any:
            self._asked(path, kwargs, follow=kwargs.get("follow_symlinks", True))
            return _STAT(path, *args, **kwargs)

        def lstat(path: Any, *args: Any, **kwargs: Any) -> Any:
            self._asked(path, kwargs, follow=False)
            return _LSTAT(path, *args, **kwargs)

        self._saved = (sys.stdout, sys.stderr)
        os.stat, os.lstat = stat, lstat
        sys.stdout = _Tee(sys.stdout, 1, self)
        sys.stderr = _Tee(sys.stderr, 2, self)
        self.active = True
        sys.addaudithook(self._audit)

    def stop(self) -> None:
        """Stop watching and put ``os.stat``, ``os.lstat`` and the streams back."""
        self.active = False
        if self._saved:
            os.stat, os.lstat = _STAT, _LSTAT
            sys.stdout, sys.stderr = self._saved
            self._saved = ()

    def refuse(self, why: str) -> None:
        if self.refused is None:
            self.refused = why

    def wrote(self, fd: int, text: str) -> None:
        if not self.active:
            return
        self.size += len(text)
        if "\r" in text:
            self.refuse("a progress bar was drawn")
        elif self.size > MAX_OUTPUT:
            self.refuse("too much output")
        else:
            self.output.append((fd, text))

    def _asked(self, path: Any, kwargs: dict[str, Any], follow: bool) -> None:
        if not self.active or self.refused:
            return
        if kwargs.get("dir_fd") is not None:
            self.refuse("a path relative to a folder descriptor")
        elif not isinstance(path, int):  # os.stat(fd): a file the run opened, seen then
            self._see(path, follow=follow, full=False)

    def _see(self, path: Any, *, follow: bool, full: bool) -> None:
        if self._cache_work():
            return
        text = os.path.abspath(os.fsdecode(path))  # noqa: PTH100
        if _PYCACHE in text:
            return  # compiled bytecode is a function of its source, which is recorded
        was = self.inputs.get((text, follow))
        if was is not None and (was[0] or not full):
            return
        signature = _signature(text, follow, full)
        if len(signature) > 1 and time.time() - signature[2] / 1e9 < self._settle:
            self.refuse(f"{text} changed less than a few seconds ago")
        self.inputs[(text, follow)] = (full, signature)

    def _audit(self, event: str, args: tuple[Any, ...]) -> None:
        if not self.active or self.refused:
            return
        try:
            if event == "open":
                path, mode, flags = args
                if isinstance(path, int):
                    return  # os.fdopen of a descriptor whose open was seen
                writing = any(c in mode for c in "wax+") if mode else bool(flags & _WRITE_FLAGS)
                if writing:
                    self._wrote_at(path)
                else:
                    self._see(path, follow=True, full=True)
            elif event in ("os.listdir", "os.scandir"):
                path = args[0]
                if isinstance(path, int):
                    self.refuse("a folder listed by descriptor")
                else:
                    self._see("." if path is None else path, follow=True, full=True)
            elif event in WRITE_EVENTS:
                for path in args[:2]:
                    if isinstance(path, str | bytes | os.PathLike):
                        self._wrote_at(path)
            elif event in REFUSED_EVENTS:
                self.refuse(event)
        except Exception as exc:  # an audit hook must never break the operation it watches
            self.refuse(f"audit: {exc!r}")

    def _wrote_at(self, path: Any) -> None:
        if not self._cache_work() and _PYCACHE not in os.fsdecode(path):  # import writes .pyc
            self.refuse(f"wrote {os.fsdecode(path)}")

    # -- recording --------------------------------------------------------------------------

    def save(self, code: int) -> str | None:
        """Write the record of the finished run; return why not, or None when written."""
        self.stop()
        if code not in (0, 1):
            return f"exit code {code}"
        for module in list(sys.modules.values()):
            source = getattr(module, "__file__", None)
            if isinstance(source, str):
                self._see(source, follow=True, full=True)
        if self.refused:
            return self.refused
        inputs = []
        for (path, follow), (full, signature) in sorted(self.inputs.items()):
            if _signature(path, follow, full) != signature:
                return f"{path} changed during the run"
            inputs.append([path, follow, full, signature])
        from itertools import groupby

        # The pieces, joined per run of one stream (in order with the other stream).
        output = [
            (fd, "".join(text for _, text in run))
            for fd, run in groupby(self.output, key=lambda piece: piece[0])
        ]
        body = json.dumps({"inputs": inputs, "output": output, "code": code})
        from tutela.cache import write_entry

        runs = folder()
        write_entry(_entry_path(runs, self.name), "run", body.encode(), _as_path(runs))
        _prune(runs)
        return None


def _prune(runs: str) -> None:
    """Keep at most :data:`KEEP` records: the least recently written quarter goes first."""
    try:
        entries = [e for e in os.scandir(runs) if e.name.endswith(".json")]
        if len(entries) <= KEEP:
            return
        entries.sort(key=lambda e: e.stat().st_mtime_ns)
        for entry in entries[: len(entries) - KEEP * 3 // 4]:
            os.unlink(entry.path)  # noqa: PTH108
    except OSError:
        return  # a record too many costs disk, never a verdict
