"""The facts of the whole example project, pinned as one golden JSON document.

Runs the real ``tutela facts`` over the example's SQL models and dbt models, the way a
user would from the project's root, and compares the JSON with
``tests/golden/facts/contact-center.json``. Regenerate with::

    .venv/bin/python -m pytest tests/sql/test_example_golden.py --update-goldens

and review the diff: every changed line is a changed fact a policy may depend on.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "facts" / "contact-center.json"
PATHS = ("models/", "dbt/models")
LOCATED = (
    "reads",
    "writes",
    "exposures",
    "references",
    "consent_filters",
    "exclusion_checks",
    "time_filters",
    "egress",
    "unclassified",
)


def _run(
    run_cli: Callable[..., tuple[int, str, str]], example_dir: Path
) -> tuple[list[dict[str, Any]], str]:
    code, out, err = run_cli("facts", *PATHS, cwd=example_dir)
    assert (code, err) == (0, ""), err
    return json.loads(out), out


def test_example_facts_match_golden(
    run_cli: Callable[..., tuple[int, str, str]],
    example_dir: Path,
    golden: Callable[[Path, str], None],
) -> None:
    _, out = _run(run_cli, example_dir)
    golden(GOLDEN, out)


def test_every_example_model_has_facts(
    run_cli: Callable[..., tuple[int, str, str]], example_dir: Path
) -> None:
    facts, _ = _run(run_cli, example_dir)
    expected = sorted(
        p.relative_to(example_dir).as_posix()
        for folder in PATHS
        for p in (example_dir / folder).rglob("*.sql")
    )
    assert sorted({f["file"] for f in facts}) == expected


def test_example_facts_are_located_and_portable(
    run_cli: Callable[..., tuple[int, str, str]], example_dir: Path
) -> None:
    facts, out = _run(run_cli, example_dir)
    assert str(example_dir) not in out  # file names are relative to the configuration root
    for fact in facts:
        assert fact["kind"] == "statement"
        assert fact["parsed"], (fact["file"], fact["error"])
        assert fact["location"]["line"] >= 1
        for key in LOCATED:
            for entry in fact[key]:
                assert entry["line"] >= 1 and entry["col"] >= 1, (fact["file"], key, entry)
