"""A poisoned cache never turns a finding into a pass (issue #19, hole 1).

Each probe runs ``tutela lint`` once to fill the cache, tampers with one kind of entry the
way someone who can write ``.tutela_cache`` (a shared CI cache) could, and runs again: the
finding must still be there, because every entry is sealed with an HMAC under a per-user key
kept outside the repository and the cache (``tutela.cache``). Real CLI, real engine.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tutela import cache

INVENTORY = REPO / "tests" / "fixtures" / "lint" / "inventory.yaml"
BAD = "-- tutela: purpose=atencion\nSELECT t.cvv FROM pagos.tarjetas t;\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    shutil.copy(INVENTORY, root / "inventory.yaml")
    (root / "tutela.toml").write_text(
        'inventory = "inventory.yaml"\ndialect = "snowflake"\n', encoding="utf-8"
    )
    (root / "bad.sql").write_text(BAD, encoding="utf-8")
    return root


def _lint(run_cli, project: Path, *args: str) -> tuple[int, dict]:
    code, out, _ = run_cli(
        "lint", "bad.sql", "--format", "json", "--select", "PCI", *args, cwd=project
    )
    return code, json.loads(out)


def _pci(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["id"] == "PCI001"]


def _rewrite(path: Path, body: bytes, *, keep_header: bool = True) -> None:
    """Replace an entry's body: keeping its header (the attacker has no key to re-seal it),
    or as the bare JSON the unsealed format used to accept."""
    if not keep_header:
        path.write_bytes(body)
        return
    head = path.read_bytes().partition(b"\n")[0]
    if head.startswith(b"{"):  # the inventory entry's JSON header: a fresh length and digest
        header = json.loads(head)
        header["length"] = len(body)
        header["digest"] = hashlib.sha256(body).hexdigest()
        head = json.dumps(header, sort_keys=True, separators=(",", ":")).encode()
    path.write_bytes(head + b"\n" + body)


def _warm(run_cli, project: Path) -> Path:
    code, report = _lint(run_cli, project)
    assert code == 1 and _pci(report)
    return project / ".tutela_cache"


@pytest.mark.parametrize("keep_header", [True, False])
def test_emptied_facts_entry_is_recomputed(run_cli, project: Path, keep_header: bool) -> None:
    entries = list((_warm(run_cli, project) / "facts").rglob("*.json"))
    assert len(entries) == 1
    _rewrite(entries[0], b"[]", keep_header=keep_header)
    code, report = _lint(run_cli, project)
    assert code == 1 and _pci(report)
    # ... and the entry was rewritten with the true facts.
    assert json.loads(entries[0].read_bytes().partition(b"\n")[2])


def test_facts_entry_sealed_with_another_key_is_not_trusted(
    run_cli, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = next((_warm(run_cli, project) / "facts").rglob("*.json"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "attacker"))
    forged = cache.seal("facts", entry.stem, b"[]")
    monkeypatch.undo()
    assert forged is not None
    entry.write_bytes(forged)
    code, report = _lint(run_cli, project)
    assert code == 1 and _pci(report)


def test_flipped_inventory_category_is_revalidated(run_cli, project: Path) -> None:
    cache_dir = _warm(run_cli, project)
    shutil.rmtree(cache_dir / "facts")  # facts are then extracted with the cached inventory
    entries = list(cache_dir.glob("inventory-*.json"))
    assert len(entries) == 1
    body = entries[0].read_bytes().partition(b"\n")[2]
    assert b'"pci_cvv"' in body
    _rewrite(entries[0], body.replace(b'"pci_cvv"', b'"ninguna"'))
    code, report = _lint(run_cli, project)
    assert code == 1 and _pci(report)


@pytest.mark.parametrize("keep_header", [True, False])
def test_rule_index_severity_edit_is_ignored(run_cli, project: Path, keep_header: bool) -> None:
    entries = list((_warm(run_cli, project) / "rules").glob("*.json"))
    assert len(entries) == 1
    index = json.loads(entries[0].read_bytes().partition(b"\n")[2])
    for entry in index:
        if entry["rule"]["id"] == "PCI001":
            entry["rule"]["severity"] = "info"
    _rewrite(entries[0], json.dumps(index).encode(), keep_header=keep_header)
    code, report = _lint(run_cli, project)
    assert code == 1
    assert [f["severity"] for f in _pci(report)] == ["error"]


def test_a_key_others_can_read_turns_the_cache_off(run_cli, project: Path) -> None:
    _warm(run_cli, project)
    key = cache.key_path()
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
    assert not key.resolve().is_relative_to(project.resolve())  # outside the repository
    cache._KEYS.clear()
    key.chmod(0o644)
    try:
        assert cache.cache_key() is None
        code, report = _lint(run_cli, project)  # every entry recomputed, nothing trusted
        assert code == 1 and _pci(report)
    finally:
        key.chmod(0o600)
        cache._KEYS.clear()


def test_facts_cache_key_includes_the_budgets(run_cli, project: Path) -> None:
    (project / "bad.sql").write_text(BAD + "SELECT 1;\nSELECT 2;\n", encoding="utf-8")
    config = project / "tutela.toml"
    base = config.read_text(encoding="utf-8")
    config.write_text("max_statements = 1\n" + base, encoding="utf-8")
    _, out, _ = run_cli("lint", "bad.sql", "--format", "json", cwd=project)
    first = json.loads(out)
    assert any(f["id"] == "SQL001" for f in first["findings"])  # the rest is not analysed
    config.write_text(base, encoding="utf-8")
    _, out, _ = run_cli("lint", "bad.sql", "--format", "json", cwd=project)
    second = json.loads(out)
    assert not any(f["id"] == "SQL001" for f in second["findings"])
