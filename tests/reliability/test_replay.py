"""Run records (tutela.replay): an unchanged lint run is replayed; any change is a real run.

Issue #15 (an unchanged file in a cold process >= 10x faster than SQLFluff). The runs go
through the real console script; whether a run was replayed is read from ``-X importtime``
(a replay imports neither click nor the library), and a replay must print, byte for byte,
what the recorded run printed, with its exit code. Every input is aged first: ``stat`` cannot
be trusted for a file modified within the last seconds (tutela.watch.SETTLE), so a fresh
file is never recorded (a test below checks that too).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tutela import cache, replay

BIN = Path(sys.executable).parent
# One process: a run that starts worker processes (24 files or more, by default) is not
# recorded, because what its workers read is not seen here (a test below checks that).
MODELS = ("models", "--jobs", "1")
ENTRY = "from tutela.cli.entry import entry; entry()"


def _age(*roots: Path) -> None:
    """Set every file and folder below ``roots`` a minute into the past (past SETTLE)."""
    then = time.time() - 60
    for root in roots:
        for path in [root, *root.rglob("*")]:
            os.utime(path, (then, then), follow_symlinks=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    copy = tmp_path / "example"
    shutil.copytree(EXAMPLE, copy, ignore=shutil.ignore_patterns(".tutela_cache"))
    cache.cache_key()  # the per-user key exists, and is old, before the first run
    _age(copy, cache.key_path().parent)
    return copy


def _runs() -> list[Path]:
    return sorted(Path(replay.folder()).glob("*.json"))


def _lint(
    project: Path, *args: str, probe: bool = False, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``tutela lint`` in a fresh process: the console script, or (``probe``) the same entry
    point under ``-X importtime``, whose stderr then lists every module imported."""
    head = [sys.executable, "-X", "importtime", "-c", ENTRY] if probe else [str(BIN / "tutela")]
    return subprocess.run(
        [*head, "lint", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
        env=env,
    )


def _imported(done: subprocess.CompletedProcess[str]) -> set[str]:
    return {line.split("|")[-1].strip() for line in done.stderr.splitlines()}


def _replayed(project: Path, *args: str, env: dict[str, str] | None = None) -> bool:
    return "click" not in _imported(_lint(project, *args, probe=True, env=env))


def _record(project: Path, *args: str) -> tuple[int, str, str]:
    """A recorded run, through the console script: its exit code, stdout and stderr."""
    before = set(_runs())
    done = _lint(project, *args)
    assert set(_runs()) - before, f"no run record was written\n{done.stderr}"
    return done.returncode, done.stdout, done.stderr


def test_an_unchanged_run_is_replayed_byte_for_byte_without_click_or_sqlglot(
    project: Path,
) -> None:
    code, out, err = _record(project, *MODELS, "--format=json")
    assert code == 1 and json.loads(out)["findings"]  # the example has findings
    again = _lint(project, *MODELS, "--format=json", probe=True)
    assert not {"click", "sqlglot", "tutela.lint", "regorus"} & _imported(again)
    assert again.returncode == code
    assert again.stdout == out
    replayed_err = "".join(
        line + "\n" for line in again.stderr.splitlines() if "import time:" not in line
    )
    assert replayed_err == err


def test_the_text_report_and_its_stderr_are_replayed_in_order(project: Path) -> None:
    code, out, err = _record(project, *MODELS, "-v")
    done = _lint(project, *MODELS, "-v")
    assert (done.returncode, done.stdout, done.stderr) == (code, out, err)
    assert _replayed(project, *MODELS, "-v")


def _edit_model(project: Path) -> None:
    model = next((project / "models").rglob("*.sql"))
    model.write_text(model.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")


def _edit_inventory(project: Path) -> None:
    inventory = project / "inventory.yaml"
    inventory.write_text(inventory.read_text(encoding="utf-8") + "\n# edited\n", "utf-8")


def _edit_config(project: Path) -> None:
    config = project / "tutela.toml"
    config.write_text(config.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")


def _add_model(project: Path) -> None:
    (project / "models" / "nuevo.sql").write_text("select 1 as uno;\n", encoding="utf-8")


def _add_dbt_project(project: Path) -> None:
    # A file the run looked for and did not find: it appearing changes what the run means.
    (project / "models" / "dbt_project.yml").write_text("name: nuevo\n", encoding="utf-8")


@pytest.mark.parametrize(
    "change", [_edit_model, _edit_inventory, _edit_config, _add_model, _add_dbt_project]
)
def test_any_changed_input_is_a_real_run(project: Path, change: Callable[[Path], None]) -> None:
    _record(project, *MODELS)
    assert _replayed(project, *MODELS)
    change(project)
    _age(project)  # old enough to be trusted: only the change itself can tell the runs apart
    assert not _replayed(project, *MODELS)


def test_another_environment_or_argument_is_another_record(project: Path) -> None:
    _record(project, *MODELS)
    assert not _replayed(project, *MODELS, env={**os.environ, "NO_COLOR": "1"})
    assert not _replayed(project, *MODELS, "--lang", "en")


def test_the_date_is_part_of_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    today = replay.key(["lint", *MODELS])
    monkeypatch.setattr(replay.time, "strftime", lambda _: "2099-01-01")
    assert replay.key(["lint", *MODELS]) != today


def test_a_file_written_just_now_is_never_recorded(project: Path) -> None:
    _edit_model(project)  # younger than SETTLE: stat could not see a second write
    before = set(_runs())
    _lint(project, *MODELS)
    assert set(_runs()) == before


def test_an_error_run_is_never_recorded(project: Path) -> None:
    (project / "tutela.toml").write_text("fail_on = 'nunca'\n", encoding="utf-8")
    _age(project)
    before = set(_runs())
    done = _lint(project, *MODELS)
    assert done.returncode == 2
    assert set(_runs()) == before


def test_a_tampered_record_is_not_replayed(project: Path) -> None:
    code, out, _ = _record(project, *MODELS)
    newest = max(_runs(), key=lambda p: p.stat().st_mtime_ns)
    head, _, body = newest.read_bytes().partition(b"\n")
    record = json.loads(body)
    record["code"] = 0  # a passing gate, forged
    newest.write_bytes(head + b"\n" + json.dumps(record).encode())
    assert not _replayed(project, *MODELS)
    done = _lint(project, *MODELS)
    assert (done.returncode, done.stdout) == (code, out)


@pytest.mark.parametrize(
    "argv",
    [
        ["lint", *MODELS, "-o", "r.sarif"],
        ["lint", *MODELS, "--output=r.sarif"],
        ["lint", "-vo", "r.sarif", *MODELS],
        ["lint", "--no-cache", *MODELS],
        ["lint", "--stdin-filename", "a.sql"],
        ["lint", "--help"],
        ["shares", "check"],
        ["notice"],
    ],
)
def test_commands_with_side_effects_are_never_replayed(argv: list[str]) -> None:
    assert not replay.eligible(argv)


def test_a_run_that_starts_a_process_or_writes_a_file_is_not_recorded(tmp_path: Path) -> None:
    started = replay.Recorder("started")
    started.start()
    try:
        subprocess.run([sys.executable, "-c", "pass"], check=True)
    finally:
        started.stop()
    assert started.save(0) == "subprocess.Popen"

    wrote = replay.Recorder("wrote")
    wrote.start()
    try:
        (tmp_path / "out.txt").write_text("x", encoding="utf-8")
    finally:
        wrote.stop()
    assert (wrote.save(0) or "").startswith("wrote ")


def test_cache_entries_are_not_inputs(tmp_path: Path) -> None:
    recorder = replay.Recorder("entries")
    recorder.start()
    try:
        cache.write_entry(tmp_path / "e.json", "facts", b"[]", tmp_path)
        assert cache.read_entry(tmp_path / "e.json", "facts", tmp_path) == b"[]"
    finally:
        recorder.stop()
    assert not any(path.startswith(str(tmp_path)) for path, _ in recorder.inputs)
    assert recorder.refused is None


def test_a_run_with_worker_processes_is_not_recorded(project: Path) -> None:
    before = set(_runs())
    _lint(project, "models", "--jobs", "2")
    assert set(_runs()) == before
