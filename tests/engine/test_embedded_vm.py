"""The embedded engine on the compiled VM: which evaluator judges what, and every fallback."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tutela.config import Config
from tutela.engine.base import engine_data, load_policies
from tutela.engine.embedded import MODE_ENV, EmbeddedEngine, default_mode
from tutela.errors import ConfigError
from tutela.inventory import load_inventory
from tutela.lint import policy_config
from tutela.sql import Catalog, analyze_sql

from .test_embedded import CLEAN, SECRET, STAR, write_policy

REPO = Path(__file__).resolve().parents[2]
INVENTORY = REPO / "examples" / "contact-center" / "inventory.yaml"


@pytest.fixture(scope="module")
def example():
    inventory = load_inventory(INVENTORY)
    data = engine_data(
        inventory=inventory.to_data(), config=policy_config(Config(), date(2026, 11, 28))
    )
    return Catalog.from_datasets(inventory.datasets), data


def test_builtin_families_are_judged_by_the_vm(example):
    _, data = example
    policies = load_policies()
    engine = EmbeddedEngine(policies, data)
    assert engine.mode == "vm"
    assert engine.plan.vm == policies.families and engine.plan.interpreter == ()
    assert engine._interp is None  # nothing needs the interpreter until a fact does


def _wide(catalog, n: int):
    columns = ", ".join(f"telefono AS t{i}, correo AS c{i}" for i in range(n // 2))
    sql = f"SELECT {columns} FROM cc_dwh.crm.clientes WHERE fecha_alta > '2020-01-01'"
    (fact,) = analyze_sql(sql, dialect="snowflake", catalog=catalog, purpose="analitica")
    return fact


def test_facts_past_the_instruction_limit_are_judged_like_the_interpreter(example):
    catalog, data = example
    policies = load_policies()
    vm = EmbeddedEngine(policies, data)
    reference = EmbeddedEngine(policies, data, mode="interpreter")
    small, wide, huge = _wide(catalog, 10), _wide(catalog, 100), _wide(catalog, 400)
    assert len(huge["exposures"]) == 400
    facts = [small, wide, huge, small]
    got = vm.evaluate(facts)
    assert got == reference.evaluate(facts)
    # a real verdict, not an empty one (RET004 is opt-in: selection drops it, not the engine)
    assert {f["id"] for f in got[2]} - {"RET004"} == {"CON001"}
    # small facts in one call; the 100-column one rule by rule; the 400-column one interpreted
    assert vm.stats == {
        "vm": 3,
        "vm:per-rule": 1,
        "fallback:instruction-limit": 1,
        "interpreter": 1,
    }


def test_user_families_are_judged_by_the_interpreter_beside_the_vm(toy_dir, toy_data):
    policies = load_policies([toy_dir])
    engine = EmbeddedEngine(policies, toy_data)
    assert engine.plan.interpreter == ("other", "toy")
    assert set(engine.plan.vm) == set(policies.families) - {"other", "toy"}
    assert engine.plan.reasons["toy"] == "a user policy family"
    facts = [SECRET, CLEAN, STAR, {"kind": "statement", "purpose": "nada"}]
    reference = EmbeddedEngine(policies, toy_data, mode="interpreter")
    assert engine.evaluate(facts) == reference.evaluate(facts)
    assert [f["id"] for f in engine.evaluate([SECRET])[0]] == ["TOY001"]


def test_a_user_file_in_a_builtin_family_moves_that_family(tmp_path, toy_data):
    write_policy(
        tmp_path,
        "pci/extra.rego",
        'package tutela.pci\n\ndeny contains {"id": "PCI900", "msg": "m", "path": []} '
        "if input.pan_everywhere\n",
    )
    engine = EmbeddedEngine(load_policies([tmp_path]), toy_data)
    assert engine.plan.interpreter == ("pci",)
    assert engine.plan.reasons == {"pci": "extended by a user policy"}
    (found,) = engine.evaluate([{"kind": "statement", "pan_everywhere": True}])
    assert [f["id"] for f in found] == ["PCI900"]


def test_a_user_file_in_the_library_moves_every_family(tmp_path, toy_data):
    write_policy(tmp_path, "mine/lib.rego", "package tutela.lib.inventory\n\nextra := 1\n")
    policies = load_policies([tmp_path])
    engine = EmbeddedEngine(policies, toy_data)
    assert engine.plan.vm == () and engine.plan.interpreter == policies.families
    assert set(engine.plan.reasons.values()) == {
        "a user policy extends the built-in package tutela.lib.inventory"
    }
    assert engine.evaluate([CLEAN]) == [[]]


WITH_RULE = """package tutela.fam

_double := input.v * 2

deny contains {"id": "FAM001", "msg": "m", "path": []} if {
	_double with input as {"v": 1}
	input.on
}
"""


def test_a_family_the_vm_cannot_compile_is_interpreted(tmp_path, toy_dir, toy_data):
    write_policy(tmp_path, "fam/r.rego", WITH_RULE)
    policies = load_policies([toy_dir, tmp_path], include_builtin=False)
    engine = EmbeddedEngine(policies, toy_data, trust_user=True)
    assert engine.plan.vm == ("other", "toy")
    assert engine.plan.interpreter == ("fam",)
    assert engine.plan.reasons["fam"] == (
        f"the VM compiler refused it: {tmp_path.as_posix()}/fam/r.rego:6:5: "
        "the `with` keyword is not supported by the compiler yet"
    )
    facts = [{"on": True}, SECRET, {}]
    reference = EmbeddedEngine(policies, toy_data, mode="interpreter")
    assert engine.evaluate(facts) == reference.evaluate(facts)
    assert engine.evaluate(facts)[0][0]["id"] == "FAM001"


def test_malformed_vm_verdicts_are_judged_again_by_the_interpreter(tmp_path):
    write_policy(tmp_path, "fam/r.rego", 'package tutela.fam\n\ndeny contains "text" if true\n')
    engine = EmbeddedEngine(load_policies([tmp_path], include_builtin=False), {}, trust_user=True)
    with pytest.raises(Exception, match="a deny finding is str"):
        engine.evaluate([{}])
    assert engine.stats["fallback:malformed"] == 1 and engine.stats["interpreter"] == 1


def test_the_environment_picks_the_evaluator(monkeypatch, toy_dir, toy_data):
    monkeypatch.setenv(MODE_ENV, "interpreter")
    assert default_mode() == "interpreter"
    engine = EmbeddedEngine(load_policies([toy_dir], include_builtin=False), toy_data)
    assert engine.mode == "interpreter" and engine.plan.vm == ()
    engine.evaluate([SECRET])
    assert engine.stats == {"interpreter": 1}
    monkeypatch.setenv(MODE_ENV, " VM ")
    assert default_mode() == "vm"
    monkeypatch.setenv(MODE_ENV, "wasm")
    with pytest.raises(ConfigError) as err:
        EmbeddedEngine(load_policies([toy_dir], include_builtin=False), toy_data)
    assert err.value.message == f"{MODE_ENV}='wasm' is not an embedded evaluator"


def test_parallel_workers_use_the_same_evaluators(toy_dir, toy_data):
    engine = EmbeddedEngine(load_policies([toy_dir]), toy_data)
    facts = [SECRET, CLEAN, STAR] * 10
    assert engine.evaluate_parallel(facts, 2) == engine.evaluate(facts)


def test_facts_that_json_cannot_write_are_an_engine_error(toy_dir, toy_data):
    from tutela.errors import EngineError

    engine = EmbeddedEngine(load_policies(), toy_data)
    with pytest.raises(EngineError, match="not JSON-serialisable"):
        engine.evaluate([{"kind": "statement", "x": object()}])


def test_compiled_programs_are_kept_in_the_cache_folder(example, tmp_path):
    # A cold start reads the program an earlier run compiled (sealed, like every cache
    # entry); an entry that does not verify is compiled again, with the same verdicts.
    from tutela.engine import rvm

    catalog, data = example
    policies = load_policies()
    sql = "SELECT * FROM cc_dwh.crm.clientes"
    (fact,) = analyze_sql(sql, dialect="snowflake", catalog=catalog, purpose="analitica")
    rvm._PROGRAMS.clear()
    first = EmbeddedEngine(policies, data, program_cache=tmp_path)
    [entry] = (tmp_path / "programs").glob("*.bin")
    expected = first.evaluate([fact])
    assert {f["id"] for f in expected[0]} >= {"MIN001"}

    rvm._PROGRAMS.clear()  # a new process: only the disk has the program
    sealed = entry.read_bytes()
    entry.write_bytes(b"not a program")
    assert EmbeddedEngine(policies, data, program_cache=tmp_path).evaluate([fact]) == expected
    assert entry.read_bytes() == sealed  # compiled afresh and sealed again

    rvm._PROGRAMS.clear()
    calls = []
    real = rvm.regorus.Program.compile_from_modules

    class Counting:
        @staticmethod
        def compile_from_modules(*args):
            calls.append(args)
            return real(*args)

        deserialize_binary = staticmethod(rvm.regorus.Program.deserialize_binary)

    rvm.regorus.Program, original = Counting, rvm.regorus.Program
    try:
        again = EmbeddedEngine(policies, data, program_cache=tmp_path)
    finally:
        rvm.regorus.Program = original
    assert calls == [] and again.evaluate([fact]) == expected
