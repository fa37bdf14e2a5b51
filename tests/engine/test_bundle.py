"""`tutela bundle`: a standard, deterministic OPA bundle that evaluates like the engine."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from pathlib import Path

import pytest
import regorus

from tutela.engine.base import AGGREGATE_RULE, engine_data, load_policies
from tutela.engine.bundle import bundle_bytes, bundle_files, write_bundle
from tutela.errors import InputError

TOY_INVENTORY = (
    Path(__file__).resolve().parent.parent / "fixtures" / "policies" / ("toy_inventory.yaml")
)


def _members(payload: bytes) -> dict[str, tarfile.TarInfo]:
    with tarfile.open(fileobj=io.BytesIO(payload), mode="r:gz") as tar:
        return {m.name: m for m in tar.getmembers()}


def _read(payload: bytes, name: str) -> bytes:
    with tarfile.open(fileobj=io.BytesIO(payload), mode="r:gz") as tar:
        handle = tar.extractfile(name)
        assert handle is not None
        return handle.read()


def test_layout_and_manifest(toy_dir, toy_data, tmp_path):
    out = tmp_path / "b.tar.gz"
    rev = write_bundle(out, load_policies([toy_dir]), toy_data, revision="v7")
    payload = out.read_bytes()
    members = _members(payload)
    names = sorted(members)
    assert rev == "v7"
    assert names[0] == ".manifest"
    assert json.loads(_read(payload, ".manifest")) == {
        "revision": "v7",
        "roots": ["tutela"],
        "rego_version": 1,
    }
    assert "tutela/data.json" in names
    assert "tutela/builtin/main.rego" in names
    assert "tutela/generated/families.rego" in names
    assert "tutela/user/toy/toy/secret_column.rego" in names
    assert not [n for n in names if n.endswith("_test.rego")]
    assert not [n for n in names if n.endswith("data.json") and n != "tutela/data.json"]
    data = json.loads(_read(payload, "tutela/data.json"))
    assert sorted(data) == ["config", "inventory"]
    for member in members.values():
        assert (member.mtime, member.uid, member.gid, member.uname, member.gname) == (
            0,
            0,
            0,
            "",
            "",
        )
        assert member.mode == 0o644 and member.isfile()
    assert gzip.decompress(payload)  # plain gzip, readable by OPA
    assert payload[4:8] == b"\0\0\0\0"  # gzip header mtime is 0


def test_deterministic(toy_dir, toy_data):
    policies = load_policies([toy_dir])
    first = bundle_bytes(bundle_files(policies, toy_data))
    second = bundle_bytes(bundle_files(load_policies([toy_dir]), toy_data))
    assert first == second
    rev = json.loads(bundle_files(policies, toy_data)[".manifest"])["revision"]
    assert len(rev) == 16  # content hash by default


def test_user_data_and_foreign_packages_extend_roots(tmp_path):
    (tmp_path / "fam").mkdir()
    (tmp_path / "fam" / "r.rego").write_text("package acme.helpers\n\nx := 1\n", encoding="utf-8")
    files = bundle_files(
        load_policies([tmp_path], include_builtin=False),
        engine_data(user={"vip": ["a"]}),
        revision="r",
    )
    assert json.loads(files[".manifest"])["roots"] == ["acme", "tutela", "user"]
    assert json.loads(files["user/data.json"]) == {"vip": ["a"]}


def test_bundle_evaluates_like_the_engine(toy_dir, toy_data, tmp_path):
    out = tmp_path / "b.tar.gz"
    write_bundle(out, load_policies([toy_dir], include_builtin=False), toy_data)
    payload = out.read_bytes()
    engine = regorus.Engine()
    data: dict = {}
    for name in sorted(_members(payload)):
        text = _read(payload, name).decode()
        if name.endswith(".rego"):
            engine.add_policy(name, text)
        elif name.endswith("data.json"):
            prefix = name.removesuffix("data.json").strip("/").split("/")
            node = data
            for part in [p for p in prefix if p]:
                node = node.setdefault(part, {})
            node.update(json.loads(text))
    engine.add_data(data)
    engine.set_input({"facts": [{"columns": [{"table": "crm.users", "name": "pwd"}]}]})
    result = engine.eval_rule(AGGREGATE_RULE)
    assert result["families"] == ["other", "toy"]
    assert [f["id"] for f in result["results"][0]["deny"]] == ["TOY001"]


def test_refuses_to_overwrite(toy_dir, tmp_path):
    out = tmp_path / "b.tar.gz"
    out.write_bytes(b"keep")
    with pytest.raises(InputError) as err:
        write_bundle(out, load_policies([toy_dir]), engine_data())
    assert err.value.hint == "pass --force to overwrite it"
    assert out.read_bytes() == b"keep"
    write_bundle(out, load_policies([toy_dir]), engine_data(), force=True)
    assert out.read_bytes() != b"keep"
    assert [p.name for p in tmp_path.iterdir()] == ["b.tar.gz"]  # no temp file left


def test_cli(run_cli, tmp_path, toy_dir):
    (tmp_path / "tutela.toml").write_text(
        f'inventory = "{TOY_INVENTORY.as_posix()}"\npolicy_dirs = ["{toy_dir.as_posix()}"]\n',
        encoding="utf-8",
    )
    code, out, err = run_cli("bundle", "--out", "fleet.tar.gz", "--revision", "r1", cwd=tmp_path)
    assert (code, err) == (0, "")
    assert out.startswith("Wrote fleet.tar.gz (revision r1, ")
    data = json.loads(_read((tmp_path / "fleet.tar.gz").read_bytes(), "tutela/data.json"))
    assert data["config"] == {"profile": "strict", "masks": {}, "jurisdiction": ["lfpdppp"]}
    assert data["inventory"]["tables"]["crm.users"]["columns_by_name"]["pwd"]["category"] == (
        "clave"
    )
    code, _, err = run_cli("bundle", "--out", "fleet.tar.gz", cwd=tmp_path)
    assert code == 2
    assert (
        err
        == "Error: fleet.tar.gz: output file already exists\n  help: pass --force to overwrite it\n"
    )
    code, _, _ = run_cli("bundle", "--out", "fleet.tar.gz", "--force", cwd=tmp_path)
    assert code == 0


def test_cli_includes_user_data(run_cli, tmp_path, toy_dir):
    (tmp_path / "vip.yaml").write_text("vip_customers: [c1, c2]\n", encoding="utf-8")
    (tmp_path / "tutela.toml").write_text(
        f'inventory = "{TOY_INVENTORY.as_posix()}"\ndata_files = ["vip.yaml"]\n',
        encoding="utf-8",
    )
    code, _, err = run_cli("bundle", "--out", "b.tar.gz", cwd=tmp_path)
    assert (code, err) == (0, "")
    payload = (tmp_path / "b.tar.gz").read_bytes()
    assert json.loads(_read(payload, "user/data.json")) == {"vip_customers": ["c1", "c2"]}
    assert json.loads(_read(payload, ".manifest"))["roots"] == ["tutela", "user"]


def test_user_data_conflict(tmp_path):
    from tutela.engine.base import user_data
    from tutela.errors import ConfigError

    (tmp_path / "a.yaml").write_text("k: 1\n", encoding="utf-8")
    (tmp_path / "b.json").write_text('{"k": 2}', encoding="utf-8")
    assert user_data([tmp_path / "a.yaml"]) == {"k": 1}
    with pytest.raises(ConfigError) as err:
        user_data([tmp_path / "a.yaml", tmp_path / "b.json"])
    assert err.value.message.startswith("data.user.k is defined twice (also in ")
