"""Generated documentation stays true: regenerate with `make docs` (or --update-goldens)."""

from __future__ import annotations

import pytest

from tests.conftest import REPO


@pytest.mark.parametrize(("lang", "page"), [("en", "rules.md"), ("es", "rules.es.md")])
def test_rules_reference_is_current(run_cli, golden, lang, page) -> None:
    code, out, err = run_cli("rules", "--format", "markdown", "--lang", lang)
    assert code == 0, err
    golden(REPO / "docs" / page, out)


def test_every_rule_in_the_reference_has_examples_and_a_legal_basis(run_cli) -> None:
    import json

    code, out, _ = run_cli("rules", "--format", "json")
    assert code == 0
    rules = json.loads(out)
    assert len(rules) >= 45
    for rule in rules:
        assert rule["legal_basis"], rule["id"]
        assert rule["recommended_action"], rule["id"]
