"""The embedded engine (real regorus): findings, batching, located errors, fail closed."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from pathlib import Path

import pytest

from tutela.engine import make_engine
from tutela.engine.base import engine_data, load_policies
from tutela.engine.embedded import EmbeddedEngine
from tutela.errors import ConfigError, EngineError, PolicyError

SECRET = {"kind": "sql_statement", "columns": [{"table": "crm.users", "name": "pwd"}]}
STAR = {"kind": "sql_statement", "star": True, "exports": [{"country": "US"}]}
CLEAN = {"kind": "sql_statement", "columns": [{"table": "crm.users", "name": "email"}]}


def write_policy(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _engine(folder: Path, data=None) -> EmbeddedEngine:
    return EmbeddedEngine(load_policies([folder], include_builtin=False), data or engine_data())


def test_findings_per_fact_in_order(toy_dir, toy_data):
    engine = make_engine("embedded", policy_dirs=[toy_dir], data=toy_data, include_builtin=False)
    assert engine.evaluate([SECRET, CLEAN, STAR, {}]) == [
        [
            {
                "id": "TOY001",
                "msg": "Column crm.users.pwd holds a secret.",
                "path": ["columns", 0],
                "kind": "deny",
            }
        ],
        [],
        [
            {
                "id": "OTH001",
                "msg": "Export to US leaves Mexico.",
                "path": ["exports", 0],
                "kind": "deny",
            },
            {
                "id": "TOY002",
                "msg": "The statement selects every column.",
                "path": ["star"],
                "kind": "warn",
            },
        ],
        [],
    ]
    assert engine.evaluate([]) == []


def test_families_discovered_from_packages(toy_dir):
    policies = load_policies([toy_dir], include_builtin=False)
    assert policies.families == ("other", "toy")
    assert policies.kinds == {"other": frozenset({"deny"}), "toy": frozenset({"deny", "warn"})}
    ids = [m.id for m in policies.policy_modules()]
    # Machinery first (lib/ helpers and the aggregator), the user folder, the generated module.
    assert "tutela/builtin/lib/finding.rego" in ids
    assert "tutela/builtin/main.rego" in ids
    assert ids[-3:] == [
        "tutela/user/toy/other/egress.rego",
        "tutela/user/toy/toy/secret_column.rego",
        "tutela/generated/families.rego",
    ]
    assert all(i.startswith(("tutela/builtin/lib/", "tutela/builtin/main.rego")) for i in ids[:-3])


def test_batches_larger_than_a_chunk(toy_dir, toy_data):
    engine = EmbeddedEngine(load_policies([toy_dir], include_builtin=False), toy_data, chunk_size=7)
    facts = [SECRET if i % 3 == 0 else CLEAN for i in range(50)]
    result = engine.evaluate(facts)
    assert [len(r) for r in result] == [1 if i % 3 == 0 else 0 for i in range(50)]


def test_parallel_matches_sequential(toy_dir, toy_data):
    engine = EmbeddedEngine(load_policies([toy_dir], include_builtin=False), toy_data)
    facts = [SECRET, CLEAN, STAR] * 40
    assert engine.evaluate_parallel(facts, 2) == engine.evaluate(facts)
    assert engine.evaluate_parallel([], 2) == []


def test_parse_error_is_located_without_backtrace(tmp_path, monkeypatch):
    monkeypatch.setenv("RUST_BACKTRACE", "1")
    monkeypatch.chdir(tmp_path)
    write_policy(
        tmp_path, "pol/fam/bad.rego", "package tutela.fam\n\ndeny contains 1 if {\n  x := \n}\n"
    )
    with pytest.raises(PolicyError) as err:
        _engine(Path("pol"))
    assert str(err.value) == "pol/fam/bad.rego:4:5: expecting `}` while parsing set"


def test_unsafe_variable_is_a_compile_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_policy(
        tmp_path, "pol/fam/r.rego", "package tutela.fam\n\ndeny contains y if {\n  y > 1\n}\n"
    )
    with pytest.raises(PolicyError) as err:
        _engine(Path("pol"))
    assert err.value.file == "pol/fam/r.rego"
    assert (err.value.line, err.value.col) == (4, 3)
    assert err.value.message.startswith("var y is unsafe")
    assert "backtrace" not in str(err.value)


def test_unknown_function_is_a_compile_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_policy(
        tmp_path,
        "pol/fam/r.rego",
        "package tutela.fam\n\ndeny contains x if {\n  x := nothere(input.a)\n}\n",
    )
    with pytest.raises(PolicyError) as err:
        _engine(Path("pol"))
    assert str(err.value) == "pol/fam/r.rego:4:15: could not find function nothere"


def test_runtime_error_is_engine_error_without_backtrace(tmp_path, monkeypatch):
    monkeypatch.setenv("RUST_BACKTRACE", "1")
    monkeypatch.chdir(tmp_path)
    write_policy(
        tmp_path,
        "pol/fam/r.rego",
        "package tutela.fam\n\ndeny contains x if {\n  x := 1 / input.n\n}\n",
    )
    engine = _engine(Path("pol"))
    with pytest.raises(EngineError) as err:
        engine.evaluate([{"n": 0}])
    assert str(err.value) == "pol/fam/r.rego:4:10: policy evaluation failed: divide by zero"


@pytest.mark.parametrize(
    ("head", "detail"),
    [
        (
            'deny contains "plain string" if true',
            "a deny finding is str, not an object: 'plain string'",
        ),
        (
            'deny contains {"msg": "m", "path": []} if true',
            "a deny finding has no string `id`: {'msg': 'm', 'path': []}",
        ),
        (
            'warn contains {"id": "FAM001", "path": []} if true',
            "finding FAM001 has neither `values` nor a string `msg`: {'id': 'FAM001', 'path': []}",
        ),
        (
            'warn contains {"id": "FAM001", "values": ["x"], "path": []} if true',
            "finding FAM001 has `values` that are not an object: ['x']",
        ),
        (
            'warn contains {"id": "FAM001", "values": {}, "variant": 1, "path": []} if true',
            "finding FAM001 has a `variant` that is not a string: 1",
        ),
        (
            'deny contains {"id": "FAM001", "msg": "m", "path": "x"} if true',
            "finding FAM001 has a `path` that is not a list: 'x'",
        ),
        (
            'deny contains {"id": "FAM001", "msg": "m", "path": [{"a": 1}]} if true',
            "finding FAM001 has a path element that is not a key or an index: {'a': 1}",
        ),
    ],
)
def test_malformed_output_is_engine_error(tmp_path, head, detail):
    write_policy(tmp_path, "fam/r.rego", f"package tutela.fam\n\n{head}\n")
    engine = _engine(tmp_path)
    with pytest.raises(EngineError) as err:
        engine.evaluate([{}])
    assert err.value.message == f"policy output is malformed: {detail}"
    assert err.value.hint is not None and "finding.with_values" in err.value.hint


def test_missing_path_defaults_to_empty(tmp_path):
    write_policy(
        tmp_path,
        "fam/r.rego",
        'package tutela.fam\n\ndeny contains {"id": "FAM001", "msg": "m"} if true\n',
    )
    assert _engine(tmp_path).evaluate([{}]) == [
        [{"id": "FAM001", "msg": "m", "path": [], "kind": "deny"}]
    ]


def test_engine_refuses_another_thread(toy_dir):
    engine = _engine(toy_dir)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            engine.evaluate([{}])
        except BaseException as exc:
            errors.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert len(errors) == 1 and isinstance(errors[0], EngineError)
    assert errors[0].message == "an embedded engine was used from another thread"


SLOW = """package tutela.fam

deny contains {"id": "FAM001", "msg": "never", "path": []} if {
	target := input.target
	some x in numbers.range(1, 30000)
	some y in numbers.range(1, 30000)
	x + y == target
}
"""


def test_parallel_timeout_fails_closed(tmp_path):
    write_policy(tmp_path, "fam/slow.rego", SLOW)
    engine = _engine(tmp_path)
    with pytest.raises(EngineError) as err:
        engine.evaluate_parallel([{"target": -1}], 1, timeout=0.5)
    assert err.value.message == "policy evaluation took longer than 0.5 s"
    deadline = time.monotonic() + 10
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not multiprocessing.active_children()


def test_dead_worker_fails_closed(tmp_path):
    write_policy(tmp_path, "fam/slow.rego", SLOW)
    engine = _engine(tmp_path)

    def kill_workers() -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            children = multiprocessing.active_children()
            if children:
                time.sleep(0.3)
                for child in children:
                    os.kill(child.pid, signal.SIGKILL)
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_workers)
    killer.start()
    with pytest.raises(EngineError) as err:
        engine.evaluate_parallel([{"target": -1}], 1)
    killer.join()
    assert err.value.message == "a policy worker process died during evaluation"


def test_make_engine_errors():
    with pytest.raises(ConfigError):
        make_engine("opa", data=engine_data())
    with pytest.raises(ConfigError):
        make_engine("wasm", data=engine_data())  # type: ignore[arg-type]


def test_missing_policy_folder(tmp_path):
    with pytest.raises(PolicyError) as err:
        load_policies([tmp_path / "nope"])
    assert err.value.message == "policy folder does not exist"


@pytest.mark.parametrize("name", ["inventory", "config"])
def test_family_may_not_shadow_data(tmp_path, name):
    write_policy(tmp_path, f"{name}/r.rego", f"package tutela.{name}\n\nx := 1\n")
    with pytest.raises(PolicyError) as err:
        load_policies([tmp_path], include_builtin=False)
    assert err.value.message == f"package tutela.{name} clashes with data.tutela.{name}"


def test_families_declaring_applies_to_are_skipped_for_other_fact_kinds() -> None:
    from tutela.engine.base import PolicyModule, generated_module, policy_set

    stmt = PolicyModule(
        "a",
        "a",
        'package tutela.sqlfam\napplies_to := "statement"\ndeny contains 1 if true\n',
        "tutela.sqlfam",
    )
    any_kind = PolicyModule(
        "b", "b", "package tutela.other\ndeny contains 2 if true\n", "tutela.other"
    )
    text = generated_module(policy_set([stmt, any_kind]))
    assert 'deny__sqlfam := data.tutela.sqlfam.deny if { input.kind == "statement" }' in text
    # skipped for other kinds, and still answered (verdict completeness)
    assert 'deny__sqlfam := set() if { input.kind != "statement" }' in text
    assert 'answered contains "sqlfam" if { deny__sqlfam }' in text
    assert "deny__other := data.tutela.other.deny" in text
