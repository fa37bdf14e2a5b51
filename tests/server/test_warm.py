"""The daemon's warm part: an unchanged request reuses its compiled engine, a change never."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import tutela.engine as engines


@pytest.fixture
def kept() -> Iterator[None]:
    engines.keep_engines(2)
    yield
    engines._KEPT = None  # back to the command line's behaviour


def test_same_policies_and_data_reuse_the_engine(kept: None, tmp_path: Path) -> None:
    data = engines.engine_data(inventory={"tables": {}}, config={"today": "2026-12-03"}, user={})
    first = engines.make_engine("embedded", data=data)
    assert engines.make_engine("embedded", data=dict(data)) is first
    other_day = engines.engine_data(
        inventory={"tables": {}}, config={"today": "2026-12-04"}, user={}
    )
    assert engines.make_engine("embedded", data=other_day) is not first
    folder = tmp_path / "userprobe"
    folder.mkdir()
    (folder / "r.rego").write_text("package tutela.userprobe\n\nx := 1\n")
    with_policy = engines.make_engine("embedded", data=data, policy_dirs=[tmp_path])
    assert with_policy is not first
    (folder / "r.rego").write_text("package tutela.userprobe\n\nx := 2\n")
    assert engines.make_engine("embedded", data=data, policy_dirs=[tmp_path]) is not with_policy
    # at most two are kept: the oldest (first) was dropped
    assert engines.make_engine("embedded", data=data) is not first


def test_outside_a_warm_process_every_call_builds(tmp_path: Path) -> None:
    data = engines.engine_data(inventory={"tables": {}}, config={}, user={})
    assert engines._KEPT is None
    assert engines.make_engine("embedded", data=data) is not engines.make_engine(
        "embedded", data=data
    )


# --- the stat fingerprint a warm process checks its inputs with -----------------------------


def _aged(path: Path, seconds: float = 60.0) -> None:
    """Date ``path`` back, as a file the user saved a while ago."""
    import os
    import time

    then = time.time() - seconds
    os.utime(path, (then, then))


def test_fingerprint_sees_a_new_a_changed_and_a_deleted_file(tmp_path: Path) -> None:
    from tutela.watch import fingerprint

    folder = tmp_path / "policies"
    folder.mkdir()
    rule = folder / "a.rego"
    rule.write_text("package a\n")
    single = tmp_path / "inventory.yaml"
    single.write_text("tables: {}\n")
    first = fingerprint([single], [folder], settle=0)
    assert first is not None and fingerprint([single], [folder], settle=0) == first
    (folder / "b.rego").write_text("package b\n")
    added = fingerprint([single], [folder], settle=0)
    assert added != first
    rule.write_text("package a  \n")
    changed = fingerprint([single], [folder], settle=0)
    assert changed not in (first, added)
    single.unlink()
    deleted = fingerprint([single], [folder], settle=0)
    assert deleted is not None and deleted != changed
    assert (str(single), -1, 0, 0, 0) in deleted  # a missing file is part of it


def test_a_file_younger_than_the_settle_time_is_never_trusted(tmp_path: Path) -> None:
    """Git's "racily clean" rule: a stat taken in the tick of a write may not show the next one."""
    from tutela.watch import fingerprint

    young = tmp_path / "tutela.toml"
    young.write_text("lang = 'es'\n")
    assert fingerprint([young], settle=30) is None
    _aged(young)
    assert fingerprint([young], settle=30) is not None


# --- gates kept by a warm process -----------------------------------------------------------


@pytest.fixture
def gates() -> Iterator[None]:
    import tutela.gate as gate

    gate.keep_gates(4)
    yield
    gate._KEPT = None


def _project(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "cc"
    example = Path(__file__).resolve().parents[2] / "examples" / "contact-center"
    shutil.copytree(example, root, ignore=shutil.ignore_patterns(".tutela_cache"))
    (root / "extra").mkdir()
    for path in [*root.rglob("*"), root]:
        _aged(path)
    return root


def _open(root: Path, **changes: object) -> object:
    import dataclasses

    from tutela.config import load_config
    from tutela.gate import Gate, GateOptions

    options = GateOptions(
        config=load_config(root / "tutela.toml"),
        inventory_path=root / "inventory.yaml",
        policy_dirs=[root / "extra"],
    )
    return Gate.open(dataclasses.replace(options, **changes), watch=[root / "manifest.yaml"])


@pytest.mark.parametrize(
    "edit",
    ["inventory.yaml", "tutela.toml", "extra/user.rego", "manifest.yaml", "extra/new.rego"],
)
def test_a_kept_gate_is_reused_until_one_of_its_inputs_changes(
    gates: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    (root / "extra" / "user.rego").write_text("package tutela.userprobe\n\nx := 1\n")
    (root / "manifest.yaml").write_text("shares: []\n")
    _aged(root / "extra" / "user.rego")
    _aged(root / "manifest.yaml")
    first = _open(root)
    assert _open(root) is first
    target = root / edit
    target.write_text((target.read_text() if target.exists() else "package tutela.n\n") + "\n")
    assert _open(root) is not first  # just edited: rebuilt (and not kept while it is young)
    _aged(target)
    settled = _open(root)
    assert settled is not first and _open(root) is settled


def test_a_gate_is_not_reused_for_another_day_or_folder(
    gates: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime

    root = _project(tmp_path)
    monkeypatch.chdir(root)
    first = _open(root, today=datetime.date(2026, 12, 3))
    assert _open(root, today=datetime.date(2026, 12, 4)) is not first
    monkeypatch.chdir(root / "extra")  # policy paths are shown relative to the cwd
    assert _open(root, today=datetime.date(2026, 12, 3)) is not first


def test_without_keep_gates_every_open_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tutela.gate as gate

    root = _project(tmp_path)
    monkeypatch.chdir(root)
    assert gate._KEPT is None
    assert _open(root) is not _open(root)
