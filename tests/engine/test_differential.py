"""Differential: the VM (merged modules) and the interpreter (files as written) agree on every fact.

Three corpora, every verdict compared fact by fact (findings, order, kinds):

* the SQL fixtures (tests/sql/fixtures, every construct x dialect), with the example
  inventory, under both profiles and with each of the inventory's purposes in turn;
* the example project as the real commands judge it: `tutela lint` over its SQL models and dbt
  models and `tutela shares check` over its manifests (every fact the engine was given);
* a generated corpus like `make bench`'s (benchmarks/corpus.py, 1,000 statements).

The interpreter is the reference (docs/engines.md); a difference is a VM bug to report upstream
or a policy construct to avoid, never something to paper over.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tutela.config import Config
from tutela.engine.base import engine_data, load_policies
from tutela.engine.embedded import EmbeddedEngine
from tutela.errors import EngineError
from tutela.inventory import load_inventory
from tutela.lint import policy_config
from tutela.sql import Catalog, analyze_sql

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "sql" / "fixtures"
INVENTORY = REPO / "examples" / "contact-center" / "inventory.yaml"
TODAY = date(2026, 11, 28)


# Facts on which the interpreter stops with an error while the VM, whose built-in errors are not
# strict (tests/engine/test_rvm.py), would give a verdict. Each one is a policy bug: the rules
# are null-safe (policies/<family>/<family>_nulls_test.rego), so there is none; a new one fails
# the test until the rule is fixed.
KNOWN_INTERPRETER_ERRORS: dict[str, str] = {}


def _reference(reference: EmbeddedEngine, facts: list[dict[str, Any]]):
    """The interpreter's verdicts, and the facts it stops on (judged one by one to find them)."""
    verdicts: list[Any] = []
    errors: dict[int, str] = {}
    for start in range(0, len(facts), 100):
        chunk = facts[start : start + 100]
        try:
            verdicts += reference.evaluate(chunk)
            continue
        except EngineError:
            pass
        for i, fact in enumerate(chunk, start):
            try:
                verdicts += reference.evaluate([fact])
            except EngineError as exc:
                verdicts.append(None)
                errors[i] = str(exc)
    return verdicts, errors


def assert_same(vm: EmbeddedEngine, facts: list[dict[str, Any]], verdicts=None, known=None) -> None:
    """``vm``'s verdicts equal the unmerged interpreter's, fact by fact.

    ``known`` maps a fact's ``file`` to the error the interpreter is known to stop with; those
    facts must raise exactly that, and every other fact must have the same verdict.
    """
    assert vm.mode == "vm" and vm.plan.vm, "the VM judged nothing"
    reference = EmbeddedEngine(vm.policies, vm._data_json, mode="interpreter", merge=False)
    got = vm.evaluate(facts) if verdicts is None else verdicts
    expected, errors = _reference(reference, facts)
    stopped = {str(facts[i].get("file")) for i in errors}
    files = {str(f.get("file")) for f in facts}
    assert stopped == files & set(known or {})
    for i, message in errors.items():
        assert message.endswith((known or {})[str(facts[i].get("file"))]), message
    differ = [
        i for i, (a, b) in enumerate(zip(got, expected, strict=True)) if i not in errors and a != b
    ]
    assert not differ, (
        f"{len(differ)} of {len(facts)} facts differ; first: {facts[differ[0]].get('file')} "
        f"#{facts[differ[0]].get('index')}: vm {got[differ[0]]} != interpreter "
        f"{expected[differ[0]]}"
    )


@pytest.fixture(scope="module")
def inventory():
    return load_inventory(INVENTORY)


def _fixture_facts(catalog: Catalog, purposes: list[str]) -> list[dict[str, Any]]:
    facts: list[dict[str, Any]] = []
    for n, path in enumerate(sorted(FIXTURES.rglob("*.sql"))):
        text = path.read_text(encoding="utf-8")
        header = re.search(r"^--\s*dialect:\s*(\w+)", text, re.MULTILINE)
        facts += analyze_sql(
            text,
            dialect=header.group(1) if header else path.stem,
            catalog=catalog,
            file=path.relative_to(FIXTURES).as_posix(),
            purpose=purposes[n % len(purposes)],
            purpose_source="config",
        )
    return facts


@pytest.mark.slow
@pytest.mark.parametrize("profile", ["legal", "strict"])
def test_sql_fixtures(inventory, profile):
    catalog = Catalog.from_datasets(inventory.datasets)
    purposes = sorted(inventory.purposes)
    facts = _fixture_facts(catalog, purposes)
    assert len(facts) > 500
    data = engine_data(
        inventory=inventory.to_data(), config=policy_config(Config(profile=profile), TODAY)
    )
    vm = EmbeddedEngine(load_policies(), data)
    verdicts = vm.evaluate(facts)
    assert sum(map(len, verdicts)) > 300  # the corpus does exercise the rules
    assert_same(vm, facts, verdicts, KNOWN_INTERPRETER_ERRORS)
    if profile != "legal":
        return
    # Other purposes in turn, so purpose-dependent branches see more constructs (three turns:
    # with the first run, each fixture meets four of the inventory's purposes).
    for shift in (1, 2, 3):
        turned = [
            {**f, "purpose": purposes[(i + shift) % len(purposes)]} for i, f in enumerate(facts)
        ]
        assert_same(vm, turned, known=KNOWN_INTERPRETER_ERRORS)


class Recorder:
    """Keeps every (engine, facts, verdicts) the real commands evaluate."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[EmbeddedEngine, list[dict[str, Any]], Any]] = []
        self.on = True
        original = EmbeddedEngine.evaluate

        def evaluate(engine: EmbeddedEngine, facts):  # type: ignore[no-untyped-def]
            out = original(engine, facts)
            if self.on:
                self.calls.append((engine, list(facts), out))
            return out

        monkeypatch.setattr(EmbeddedEngine, "evaluate", evaluate)


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ("lint", "models", "dbt/models", "--profile", "legal"),
        ("lint", "models", "dbt/models", "--profile", "strict"),
        ("shares", "check", "--today", TODAY.isoformat()),
    ],
    ids=["lint-legal", "lint-strict", "shares"],
)
def test_example_project(run_cli, example_dir, monkeypatch, args):
    recorder = Recorder(monkeypatch)
    jobs = ("--jobs", "1") if args[0] == "lint" else ()  # in this process, to be recorded
    code, out, err = run_cli(*args, *jobs, "--no-cache", "--format", "json", cwd=example_dir)
    recorder.on = False
    assert code == 1, err  # the example breaks rules on purpose
    assert json.loads(out)["findings"]
    facts = [f for _, batch, _ in recorder.calls for f in batch]
    assert len(facts) >= 10
    for engine, batch, verdicts in recorder.calls:
        assert_same(engine, batch, verdicts)


def _corpus_module():
    path = REPO / "benchmarks" / "corpus.py"
    spec = importlib.util.spec_from_file_location("tutela_bench_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("tutela_bench_corpus", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_generated_corpus(tmp_path, inventory):
    files = _corpus_module().generate(tmp_path, total=1000, per_file=5)
    catalog = Catalog.from_datasets(inventory.datasets)
    facts = []
    for path in files:
        facts += analyze_sql(
            path.read_text(encoding="utf-8"),
            dialect=path.parent.name,
            catalog=catalog,
            file=path.relative_to(tmp_path).as_posix(),
        )
    assert len(facts) == 1000
    data = engine_data(inventory=inventory.to_data(), config=policy_config(Config(), TODAY))
    vm = EmbeddedEngine(load_policies(), data)
    verdicts = vm.evaluate(facts)
    assert sum(map(len, verdicts)) > 1000
    assert vm.stats["vm"] == 1000
    assert_same(vm, facts, verdicts)
