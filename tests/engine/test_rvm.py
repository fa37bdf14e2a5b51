"""What regorus's compiled VM does, pinned: the embedded engine's design rests on each of these.

If an upgrade of regorus changes one of them, the test says which, and docs/engines.md
("The compiled VM") says what depends on it.
"""

from __future__ import annotations

import json

import pytest
import regorus

from tutela.engine.base import PolicyModule
from tutela.engine.rvm import (
    UNDEFINED,
    VmCompileError,
    VmRunner,
    compile_program,
    family_module,
    family_rules,
    program_key,
)


def vm_eval(src: str, rule: str, input_: object, data: object = None) -> str:
    program = regorus.Program.compile_from_modules("{}", [("t.rego", src)], [rule])
    vm = regorus.Rvm()
    vm.load_program(program)
    vm.set_data_json(json.dumps(data or {}))
    vm.set_input_json(json.dumps(input_))
    return json.loads(vm.execute())


def interp_eval(src: str, rule: str, input_: object) -> object:
    engine = regorus.Engine()
    engine.add_policy("t.rego", src)
    engine.set_input(input_)
    return engine.eval_rule(rule)


def test_results_are_json_sets_are_arrays_undefined_is_a_string():
    src = "package t\ns contains v if { some v in input.xs; v > 1 }\nu := input.nope\n"
    assert vm_eval(src, "data.t.s", {"xs": [3, 1, 2]}) == [2, 3]
    assert vm_eval(src, "data.t.u", {}) == UNDEFINED


def test_data_given_to_the_compiler_does_not_reach_the_vm():
    src = "package t\nx := data.k\n"
    program = regorus.Program.compile_from_modules('{"k": 1}', [("t.rego", src)], ["data.t.x"])
    vm = regorus.Rvm()
    vm.load_program(program)
    vm.set_input_json("{}")
    assert json.loads(vm.execute()) == UNDEFINED
    vm.set_data_json('{"k": 2}')
    assert json.loads(vm.execute()) == 2


def test_with_does_not_compile():
    src = 'package t\nf := input.a\nx := f with input as {"a": 1}\n'
    with pytest.raises(RuntimeError, match="unexpected keyword `with`"):
        regorus.Program.compile_from_modules("{}", [("t.rego", src)], ["data.t.x"])


@pytest.mark.parametrize(
    "expr", ["1 / input.n", "to_number(input.s)", "input.s + 1", 'regex.match("(", input.s)']
)
def test_builtin_errors_are_undefined_on_the_vm_and_errors_on_the_interpreter(expr):
    src = f"package t\nx := {expr}\n"
    facts = {"n": 0, "s": "abc"}
    assert vm_eval(src, "data.t.x", facts) == UNDEFINED
    with pytest.raises(RuntimeError):
        interp_eval(src, "data.t.x", facts)


def test_an_error_that_fails_a_condition_is_silent_on_the_vm():
    # Why user policy families are judged by the interpreter (docs/engines.md).
    src = 'package t\nx contains "fired" if { y := 10 / input.n; y > 1 }\n'
    assert vm_eval(src, "data.t.x", {"n": 0}) == []
    with pytest.raises(RuntimeError, match="divide by zero"):
        interp_eval(src, "data.t.x", {"n": 0})


def test_assigning_an_undefined_reference_does_not_fail_the_body_on_the_vm():
    src = 'package t\nx contains "fired" if { c := input.missing; not c == 1 }\n'
    assert vm_eval(src, "data.t.x", {}) == ["fired"]
    assert interp_eval(src, "data.t.x", {}) == set()
    # ...and an undefined value the head uses becomes an undefined set element, which a
    # comprehension over the set drops (the generated verdicts iterate, so they match).
    src = (
        'package t\ns contains {"v": c} if { c := input.missing }\ns contains {"v": 1} if true\n'
        "x := [f | some f in s]\n"
    )
    assert vm_eval(src, "data.t.s", {}) == [{"v": 1}, UNDEFINED]
    assert vm_eval(src, "data.t.x", {}) == [{"v": 1}]


def test_set_union_inside_an_object_literal_loses_its_right_operand_on_the_vm():
    # The generated modules never build verdicts this way.
    src = 'package t\na contains 1 if true\nb contains 2 if true\nx := {"k": a | b}\ny := a | b\n'
    assert vm_eval(src, "data.t.x", {}) == {"k": [1]}
    assert vm_eval(src, "data.t.y", {}) == [1, 2]


def test_instruction_limit_is_per_call_and_fixed():
    src = "package t\nx := count([v | some v in input.xs; v >= 0])\ny := count(input.xs)\n"
    entries = ["data.t.x", "data.t.y"]
    program = regorus.Program.compile_from_modules("{}", [("t.rego", src)], entries)
    vm = regorus.Rvm()
    vm.load_program(program)
    vm.set_data_json("{}")
    vm.set_input_json(json.dumps({"xs": list(range(1000))}))
    assert json.loads(vm.execute()) == 1000
    vm.set_input_json(json.dumps({"xs": list(range(20000))}))
    with pytest.raises(RuntimeError, match="exceeded maximum instruction limit of 25000"):
        vm.execute()
    assert json.loads(vm.execute_entry_point("data.t.y")) == 20000  # a new count
    assert not hasattr(vm, "set_max_instructions")


def test_a_program_survives_serialisation():
    src = "package t\nx := input.a * 2\n"
    program = regorus.Program.compile_from_modules("{}", [("t.rego", src)], ["data.t.x"])
    again, partial = regorus.Program.deserialize_binary(program.serialize_binary())
    assert partial is False
    vm = regorus.Rvm()
    vm.load_program(again)
    vm.set_data_json("{}")
    vm.set_input_json('{"a": 21}')
    assert json.loads(vm.execute()) == 42


LIMITED = """package tutela.fam

deny contains {"id": "FAM001", "msg": "m", "path": []} if {
	some x in input.xs
	x < 0
}

warn contains {"id": "FAM002", "msg": "w", "path": []} if {
	some y in input.ys
	y < 0
}
"""


def _runner(text: str = LIMITED) -> VmRunner:
    kinds = {"fam": frozenset({"deny", "warn"})}
    verdict = (
        "package tutela.main.generated\n"
        "deny contains f if { some f in data.tutela.fam.deny }\n"
        "warn contains f if { some f in data.tutela.fam.warn }\n"
        'verdict := {"deny": [f | some f in deny], "warn": [f | some f in warn]}\n'
    )
    modules = [
        PolicyModule("a", "fam.rego", text, "tutela.fam"),
        PolicyModule("g", "g.rego", verdict, "tutela.main.generated"),
        family_module(["fam"], kinds, {}),
    ]
    rules = family_rules(["fam"], kinds)
    entries = ["data.tutela.main.generated.verdict", *(r for *_, r in rules)]
    program = compile_program(modules, entries)
    return VmRunner(program, "{}", rules, families=["fam"])


def test_runner_judges_rule_by_rule_past_the_limit():
    runner = _runner()
    assert runner.judge(json.dumps({"xs": [1, -1], "ys": [-1]})) == (
        {
            "deny": [{"id": "FAM001", "msg": "m", "path": []}],
            "warn": [{"id": "FAM002", "msg": "w", "path": []}],
        },
        None,
    )
    # too many elements for the whole verdict, not for each rule alone
    many = [*range(3000), -1]
    verdict, reason = runner.judge(json.dumps({"xs": many, "ys": many}))
    assert reason is None and runner.split == 1
    assert verdict == {
        "deny": [{"id": "FAM001", "msg": "m", "path": []}],
        "warn": [{"id": "FAM002", "msg": "w", "path": []}],
        "families": ["fam"],  # every rule of the family ran: it answered
    }
    assert runner.judge(json.dumps({"xs": list(range(50000))})) == (None, "instruction-limit")
    assert runner.judge("not json") == (None, "vm-error")


def test_runner_reports_an_undefined_value_in_the_verdict():
    text = (
        "package tutela.fam\n\n"
        'deny contains {"id": "FAM001", "msg": "m", "path": [x | x := 1 / input.n]} if true\n'
    )
    # the comprehension keeps the undefined element: the fact goes to the interpreter
    assert _runner(text).judge('{"n": 0}') == (None, "undefined")


def test_compile_errors_and_the_program_cache():
    bad = [PolicyModule("a", "bad.rego", "package t\nx := f with input as 1\n", "t")]
    with pytest.raises(VmCompileError, match="with"):
        compile_program(bad, ["data.t.x"])
    good = [PolicyModule("a", "good.rego", "package t\nx := 1\n", "t")]
    first = compile_program(good, ["data.t.x"])
    second = compile_program(good, ["data.t.x"])  # from the serialised copy
    assert first is not second
    assert program_key(good, ["data.t.x"]) != program_key(good, ["data.t.y"])
