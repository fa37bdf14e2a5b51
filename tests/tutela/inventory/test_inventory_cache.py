"""The validated-inventory cache: hit, miss, corruption, atomic writes."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from tutela.errors import InventoryError
from tutela.inventory import load_inventory
from tutela.inventory.load import _seal

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "inventory"


@pytest.fixture
def inventory(tmp_path: Path) -> Path:
    path = tmp_path / "inventory.yaml"
    shutil.copyfile(FIXTURES / "valid.yaml", path)
    return path


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("inventory-*.json"))


def test_miss_writes_one_entry_and_hit_returns_same(inventory: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_inventory(inventory, cache_dir=cache)
    entries = _entries(cache)
    assert len(entries) == 1
    assert not list(cache.glob("*.tmp"))  # the temporary file was renamed into place
    second = load_inventory(inventory, cache_dir=cache)
    assert second.data == first.data
    assert second.sha256 == first.sha256
    assert list(second.data) == list(first.data)  # key order survives the cache
    # positions come back from the YAML text on first use
    for path in [("purposes", 2, "consent"), ("datasets", 0, "columns", 1), ("arco",)]:
        assert second.mark(path) == first.mark(path)
        assert second.key_mark(path) == first.key_mark(path)
    assert _entries(cache) == entries


def test_hit_skips_validation(inventory: Path, tmp_path: Path) -> None:
    # A well-formed entry for the same bytes, sealed with the user's key, is used as is: prove
    # it by planting a marker (only the key's holder can; tests/reliability/test_cache_tamper.py
    # shows that anyone else's edit is validated again).
    cache = tmp_path / "cache"
    load_inventory(inventory, cache_dir=cache)
    (entry,) = _entries(cache)
    head, body = entry.read_bytes().split(b"\n", 1)
    header = json.loads(head)
    data = json.loads(body)
    data["notice"]["version"] = "from-cache"
    body = json.dumps(data).encode()
    header.update(length=len(body), digest=hashlib.sha256(body).hexdigest())
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)
    assert load_inventory(inventory, cache_dir=cache).data["notice"]["version"] == "1.0"
    header.update(mac=_seal(entry, body))
    entry.write_bytes(json.dumps(header).encode() + b"\n" + body)
    assert load_inventory(inventory, cache_dir=cache).data["notice"]["version"] == "from-cache"


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: text[: len(text) // 2],  # truncated write
        lambda text: "not json at all",
        lambda text: text.replace('"1.0"', '"9.9"'),  # edited payload, digest not updated
        lambda text: text.split("\n")[0] + "\n",  # header without payload
        lambda text: text.replace('"format":1', '"format":0'),
        lambda text: "[]\n{}",
    ],
)
def test_corrupt_entry_is_ignored_and_rewritten(inventory: Path, tmp_path: Path, damage) -> None:
    cache = tmp_path / "cache"
    good = load_inventory(inventory, cache_dir=cache)
    (entry,) = _entries(cache)
    original = entry.read_text(encoding="utf-8")
    entry.write_text(damage(original), encoding="utf-8")
    again = load_inventory(inventory, cache_dir=cache)
    assert again.data == good.data
    assert again.data["notice"]["version"] == "1.0"
    assert entry.read_text(encoding="utf-8") == original


def test_changed_bytes_use_a_new_entry(inventory: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_inventory(inventory, cache_dir=cache)
    inventory.write_text(
        inventory.read_text(encoding="utf-8").replace('"1.0"', '"1.1"'), encoding="utf-8"
    )
    assert load_inventory(inventory, cache_dir=cache).data["notice"]["version"] == "1.1"
    assert len(_entries(cache)) == 2


def test_invalid_inventory_is_never_cached(inventory: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    inventory.write_text(
        inventory.read_text(encoding="utf-8").replace("version: 1\n", "version: 2\n", 1),
        encoding="utf-8",
    )
    for _ in range(2):
        with pytest.raises(InventoryError, match="inventory has 1 problem"):
            load_inventory(inventory, cache_dir=cache)
    assert _entries(cache) == []


def test_unwritable_cache_only_costs_time(inventory: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file, not a directory", encoding="utf-8")
    inv = load_inventory(inventory, cache_dir=blocker)
    assert inv.data["version"] == 1
