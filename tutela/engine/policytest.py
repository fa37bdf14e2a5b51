"""Run Rego unit tests on regorus, like ``opa test``, and check rule examples.

Every rule named ``test_*`` in every ``*_test.rego`` module is a test; it passes when it
evaluates to ``true``, fails when it is undefined or false, and errors when evaluation
raises. Tests run in one engine holding the built-in policies, the given folders and the
generated aggregator module, with empty ``data.tutela`` (tests bring their data with
``with data.tutela.inventory as ...``).

Rule examples (``<rule>.examples.yaml``, see :func:`check_examples`) are the runnable bad /
good cases shown by ``tutela rules explain``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from tutela.engine.base import PolicySet, engine_data, load_policies
from tutela.engine.embedded import EmbeddedEngine, build_regorus, clean_message, split_error
from tutela.errors import PolicyError, TutelaError
from tutela.rules import Rule
from tutela.yamlsafe import load_yaml

_TEST_HEAD = re.compile(r"^(test_\w+)\b", re.MULTILINE)

Outcome = Literal["PASS", "FAIL", "ERROR"]


@dataclass(frozen=True)
class TestResult:
    """The outcome of one Rego test."""

    package: str
    name: str
    file: str
    line: int
    outcome: Outcome
    detail: str = ""
    prints: tuple[str, ...] = ()

    @property
    def full_name(self) -> str:
        """``package.test_name``."""
        return f"{self.package}.{self.name}"


@dataclass(frozen=True)
class TestCase:
    """One discovered test rule."""

    package: str
    name: str
    file: str
    line: int


def discover_tests(policies: PolicySet) -> list[TestCase]:
    """Find the ``test_*`` rules of the ``*_test.rego`` modules (first definition wins)."""
    cases: dict[tuple[str, str], TestCase] = {}
    for module in policies.modules:
        if not module.is_test:
            continue
        for match in _TEST_HEAD.finditer(module.text):
            line = module.text.count("\n", 0, match.start()) + 1
            key = (module.package, match.group(1))
            cases.setdefault(key, TestCase(module.package, match.group(1), module.file, line))
    return sorted(cases.values(), key=lambda c: (c.file, c.line))


def run_policy_tests(
    policy_dirs: Sequence[Path] = (), *, include_builtin: bool = True, run: str | None = None
) -> list[TestResult]:
    """Run the Rego tests of the built-in policies and ``policy_dirs``.

    Args:
        policy_dirs: extra folders to load and test.
        include_builtin: also load (and test) the built-in rule families.
        run: only tests whose ``package.test_name`` matches this regular expression.

    Raises:
        PolicyError: a module does not parse or compile (exit 2 in the CLI).
        TutelaError: ``run`` is not a valid regular expression.
    """
    try:
        pattern = re.compile(run) if run else None
    except re.error as exc:
        raise TutelaError(f"--run: invalid regular expression: {exc}") from None
    policies = load_policies(policy_dirs, include_builtin=include_builtin, tests=True)
    modules = (*policies.modules, policies.generated())
    engine = build_regorus(modules, engine_data())
    cases = [
        c
        for c in discover_tests(policies)
        if pattern is None or pattern.search(f"{c.package}.{c.name}")
    ]
    engine.set_input({})
    results: list[TestResult] = []
    for case in cases:
        outcome: Outcome
        detail = ""
        try:
            value = engine.eval_rule(f"data.{case.package}.{case.name}")
            outcome = "PASS" if value is True else "FAIL"
            if value is not True and value is not None:
                detail = f"evaluated to {value!r}"
        except Exception as exc:
            message, file, line, col = split_error(str(exc))
            if _is_compile_error(message):
                raise PolicyError(message, file, line, col) from None
            where = f"{file}:{line}:{col}: " if file else ""
            outcome, detail = "ERROR", where + (message or clean_message(str(exc)))
        prints = tuple(str(p) for p in engine.take_prints())
        results.append(
            TestResult(case.package, case.name, case.file, case.line, outcome, detail, prints)
        )
    return results


def _is_compile_error(message: str) -> bool:
    return any(s in message for s in ("is unsafe", "could not find function", "recursion"))


def summary(results: Sequence[TestResult]) -> str:
    """``N passed, N failed`` (plus ``, N errors`` when any).

    Example:
        >>> summary([TestResult("p", "test_a", "f", 1, "PASS")])
        '1 passed, 0 failed'
    """
    passed = sum(r.outcome == "PASS" for r in results)
    failed = sum(r.outcome == "FAIL" for r in results)
    errors = sum(r.outcome == "ERROR" for r in results)
    text = f"{passed} passed, {failed} failed"
    return text + (f", {errors} errors" if errors else "")


@dataclass(frozen=True)
class Example:
    """One bad or good case of a rule: the fact, and optionally how to show it."""

    fact: Mapping[str, Any]
    description: str = ""
    source: str = ""


@dataclass(frozen=True)
class Examples:
    """A rule's examples file."""

    bad: tuple[Example, ...]
    good: tuple[Example, ...]
    inventory: Mapping[str, Any] | None
    config: Mapping[str, Any]
    file: str


def _example(item: Any, file: str, where: str) -> Example:
    if not isinstance(item, dict):
        raise PolicyError(
            f"{where}: each example must be a map (a fact, or {{fact, description, source}})",
            file,
        )
    if "fact" in item:
        fact = item["fact"]
        if not isinstance(fact, dict):
            raise PolicyError(f"{where}: `fact` must be a map", file)
        return Example(fact, str(item.get("description", "")), str(item.get("source", "")))
    return Example(item)


def load_examples(path: Path) -> Examples:
    """Read a ``.examples.yaml`` file.

    The file holds ``bad:`` and ``good:`` lists of facts, an optional ``inventory:`` (a YAML
    file relative to the examples file) and an optional ``config:`` (``data.tutela.config``).

    Raises:
        PolicyError: the file is missing or malformed.
    """
    file = path.as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"cannot read examples: {exc.strerror}", file) from None
    data = load_yaml(text, file).data
    if not isinstance(data, dict):
        raise PolicyError("an examples file is a map with `bad:` and `good:` lists", file)
    unknown = set(data) - {"bad", "good", "inventory", "config"}
    if unknown:
        raise PolicyError(
            f"unknown key {sorted(unknown)[0]!r} in examples file",
            file,
            hint="allowed keys: bad, good, inventory, config",
        )
    lists: dict[str, tuple[Example, ...]] = {}
    for key in ("bad", "good"):
        items = data.get(key)
        if not isinstance(items, list) or not items:
            raise PolicyError(f"`{key}:` must be a non-empty list of facts", file)
        lists[key] = tuple(_example(item, file, f"{key}[{i}]") for i, item in enumerate(items))
    inventory = None
    if data.get("inventory") is not None:
        from tutela.inventory import load_inventory

        # The same validated, normalised view `tutela lint` gives the policies.
        inventory = load_inventory(path.parent / str(data["inventory"])).to_data()
    config = data.get("config") or {}
    if not isinstance(config, dict):
        raise PolicyError("`config:` must be a map", file)
    return Examples(lists["bad"], lists["good"], inventory, config, file)


def check_examples(
    rule: Rule, policy_dirs: Sequence[Path] = (), *, include_builtin: bool = True
) -> list[str]:
    """Evaluate a rule's examples and return the problems found.

    The list is empty when every bad example yields the rule's code and no good one does.

    Raises:
        PolicyError: the rule has no examples file, or it is malformed.
    """
    if rule.examples is None:
        raise PolicyError(
            f"rule {rule.id} has no examples file",
            rule.file,
            rule.line,
            hint="add custom.examples: <file>.examples.yaml",
        )
    ex = load_examples(rule.examples)
    policies = load_policies(policy_dirs, include_builtin=include_builtin)
    engine = EmbeddedEngine(policies, engine_data(inventory=ex.inventory, config=ex.config))
    cases = [*ex.bad, *ex.good]
    results = engine.evaluate([dict(c.fact) for c in cases])
    problems: list[str] = []
    for i, (case, found) in enumerate(zip(cases, results, strict=True)):
        ids = {f["id"] for f in found}
        label = f"bad[{i}]" if i < len(ex.bad) else f"good[{i - len(ex.bad)}]"
        if i < len(ex.bad) and rule.id not in ids:
            problems.append(f"{ex.file}: {label} does not yield {rule.id}")
        if i >= len(ex.bad) and rule.id in ids:
            problems.append(f"{ex.file}: {label} yields {rule.id}")
        del case
    return problems
