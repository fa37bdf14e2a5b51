"""The atheris targets of benchmarks/fuzz.py stay runnable: seeds and mutations go through
every target without an exception other than TutelaError (the smoke mode, no atheris)."""

from __future__ import annotations

import importlib.util

from .conftest import REPO


def test_fuzz_targets_survive_seeds_and_mutations():
    spec = importlib.util.spec_from_file_location("tutela_fuzz", REPO / "benchmarks" / "fuzz.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert sorted(module.TARGETS) == ["inventory", "sql", "yaml"]
    assert module.smoke(iterations=150, seed=1) > 450
