"""Shared pieces of the reliability suite: the hostile corpus and a resource-limited CLI run.

Hostile inputs run ``tutela`` in a child process under ``RLIMIT_AS`` (address space) and
``RLIMIT_CPU`` (CPU seconds): if tutela ever needed more, the kernel would kill it and the
test would see a signal instead of the expected exit code. No test asserts wall-clock time;
the CPU time (``os.wait4``) and peak memory (the child's VmHWM) of each run are reported so
docs/guarantees.md can state them.
"""

from __future__ import annotations

import importlib.util
import os
import resource
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
EXAMPLE_INVENTORY = REPO / "examples" / "contact-center" / "inventory.yaml"

#: The bounds every hostile file must be answered within (one ``tutela lint`` process).
LIMIT_AS_BYTES = 1536 * 1024 * 1024  # 1.5 GiB of address space
LIMIT_CPU_SECONDS = 60

# The child reports its own peak RSS (VmHWM, reset by exec): ru_maxrss from wait4 would also
# count the pytest process it was forked from.
_CLI = """
import atexit, os, sys
def _peak():
    with open("/proc/self/status") as status, open(os.environ["TUTELA_TEST_HWM"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))
atexit.register(_peak)
from tutela.cli.main import main
sys.exit(main(sys.argv[1:]))
"""


def load_corpus_module() -> ModuleType:
    """Import scripts/hostile_corpus.py (scripts/ is not a package)."""
    name = "tutela_hostile_corpus"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / "hostile_corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Limited:
    """What one resource-limited CLI run returned and used."""

    code: int  # exit code, or -signal when the kernel killed it
    output: str  # stdout + stderr
    cpu_seconds: float  # user + system CPU
    peak_rss_mib: float | None  # of the main process (workers not included)


def _limits(as_bytes: int, cpu_seconds: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (as_bytes, as_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds))


def run_limited(
    args: Sequence[str],
    cwd: Path,
    *,
    as_bytes: int = LIMIT_AS_BYTES,
    cpu_seconds: int = LIMIT_CPU_SECONDS,
    env: dict[str, str] | None = None,
) -> Limited:
    """Run ``tutela *args`` in a child process under resource limits."""
    fd, hwm = tempfile.mkstemp(prefix="tutela-hwm-")
    os.close(fd)
    child_env = {**os.environ, "PYTHONPATH": str(REPO), "TUTELA_TEST_HWM": hwm, **(env or {})}
    child_env.pop("COLUMNS", None)
    proc = subprocess.Popen(
        [sys.executable, "-c", _CLI, *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=child_env,
        preexec_fn=lambda: _limits(as_bytes, cpu_seconds),
    )
    assert proc.stdout is not None
    with proc.stdout:
        output = proc.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    peak = Path(hwm).read_text()
    Path(hwm).unlink()
    return Limited(
        proc.returncode,
        output,
        usage.ru_utime + usage.ru_stime,
        int(peak) / 1024 if peak else None,  # KiB; None when the kernel killed it
    )


def lint_args(*paths: str, jobs: int = 1) -> list[str]:
    """``tutela lint`` against the example inventory, no cache, snowflake by default."""
    return [
        "lint",
        "--inventory",
        str(EXAMPLE_INVENTORY),
        "--no-cache",
        "--dialect",
        "snowflake",
        "--today",
        "2026-11-28",
        "--color",
        "never",
        "--jobs",
        str(jobs),
        *paths,
    ]


@pytest.fixture(scope="session")
def corpus_module() -> ModuleType:
    return load_corpus_module()


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory, corpus_module: ModuleType):
    """The full hostile corpus (with the 5 MB files), generated once per session."""
    dest = tmp_path_factory.mktemp("hostile") / "corpus"
    cases = corpus_module.generate(dest)
    return dest, {c.name: c for c in cases}
