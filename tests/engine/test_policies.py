"""The built-in policies: every Rego test passes, every rule is well-formed and documented,
and every rule's examples do what they say (Regal's checks that matter, restated in Python)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutela.engine.base import builtin_policy_dir, load_policies
from tutela.engine.policytest import check_examples, load_examples
from tutela.errors import PolicyError
from tutela.rules import Rule, load_rule_index

BUILTIN = builtin_policy_dir()
try:
    RULES = list(load_rule_index([BUILTIN]).rules)
    INDEX_ERROR: PolicyError | None = None
except PolicyError as exc:  # reported by test_rule_index_loads, not as a collection error
    RULES, INDEX_ERROR = [], exc


def _ids(rules: list[Rule]) -> list[str]:
    return [r.id for r in rules]


def test_policy_tests_pass(run_cli):
    """Runs every *_test.rego of the built-in policies (future rule tests included)."""
    code, out, err = run_cli("policy", "test")
    assert err == ""
    assert code == 0, out
    assert re.fullmatch(r"\d+ passed, 0 failed\n", out), out


def test_rule_index_loads():
    assert INDEX_ERROR is None, str(INDEX_ERROR)


def test_rule_ids_and_names_unique():
    # load_rule_index already refuses duplicates; this pins that the index is complete.
    assert len({r.id for r in RULES}) == len(RULES)
    assert len({r.name for r in RULES}) == len(RULES)


def test_every_module_package_matches_its_folder():
    for module in load_policies(tests=True).modules:
        rel = module.id.removeprefix("tutela/builtin/")
        if rel == "main.rego" or module.id.startswith("tutela/generated/"):
            continue
        parts = rel.split("/")
        expected = ("tutela.lib.",) if parts[0] == "lib" else (f"tutela.{parts[0]}",)
        package = module.package.removesuffix("_test")
        assert package.startswith(expected), f"{module.file}: package {module.package}"
        if parts[0] != "lib":
            assert package == f"tutela.{parts[0]}", f"{module.file}: package {module.package}"


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_metadata_id_equals_literal_id(rule: Rule):
    assert rule.body_ids, f'{rule.file}:{rule.line}: the rule emits no finding.new("<id>", ...)'
    assert set(rule.body_ids) == {rule.id}, (
        f"{rule.file}:{rule.line}: METADATA id {rule.id} but the body emits {rule.body_ids}"
    )


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_kind_matches_severity(rule: Rule):
    allowed = {("deny", "error"), ("warn", "warning")}
    if rule.opt_in:  # an opt-in informational rule
        allowed.add(("warn", "info"))
    assert (rule.kind, rule.severity.value) in allowed


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_rule_is_documented(rule: Rule):
    where = f"{rule.file}:{rule.line}"
    assert rule.legal_basis, f"{where}: custom.legal_basis is missing"
    assert rule.recommended_action, f"{where}: custom.recommended_action is missing"
    assert rule.description, f"{where}: description is missing"
    assert rule.package == f"tutela.{rule.family}"


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_rule_has_tests_beside_it(rule: Rule):
    rego = Path(rule.file)
    siblings = list(rego.parent.glob("*_test.rego"))
    assert rego.with_name(rego.stem + "_test.rego").is_file() or siblings, (
        f"{rule.file}: no _test.rego beside it"
    )
    tests_text = "\n".join(p.read_text(encoding="utf-8") for p in siblings)
    assert rule.id in tests_text, f"{rule.file}: no test mentions {rule.id}"


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_rule_has_examples(rule: Rule):
    assert rule.examples is not None, f"{rule.file}:{rule.line}: custom.examples is missing"
    assert rule.examples.is_file(), f"{rule.file}:{rule.line}: {rule.examples} does not exist"
    examples = load_examples(rule.examples)
    assert examples.bad and examples.good


@pytest.mark.parametrize("rule", RULES, ids=_ids(RULES))
def test_rule_examples_hold(rule: Rule):
    """Every bad example yields the rule's code; no good example does."""
    assert check_examples(rule) == []
