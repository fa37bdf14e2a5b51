"""Reports written in pieces (issue #15, flat memory): the same bytes as the whole text.

``render_chunks`` is what the CLI prints; ``render`` (and every golden file) is what the text
must be. The JSON writer is checked against ``json.dumps(indent=2)`` on generated documents,
and the example's report in every format is compared piece-joined against whole.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import EXAMPLE
from tutela.config import load_config
from tutela.lint import LintRequest, lint
from tutela.reporters import FORMATS, render, render_chunks
from tutela.reporters.stream import iter_json

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
documents = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


@given(documents)
def test_the_json_writer_writes_what_json_dumps_writes(document: object) -> None:
    expected = json.dumps(document, indent=2, ensure_ascii=False, default=str)
    assert "".join(iter_json(document)) == expected


def test_an_iterator_is_written_as_an_array_and_consumed_once() -> None:
    made: list[int] = []

    def findings():  # type: ignore[no-untyped-def]
        for n in range(3):
            made.append(n)
            yield {"n": n}

    pieces = iter_json({"findings": findings()})
    first = next(pieces) + next(pieces)  # the key, then the first finding's opening
    assert made == [0]  # the first finding exists; the others are not made yet
    text = first + "".join(pieces)
    assert made == [0, 1, 2]
    assert json.loads(text) == {"findings": [{"n": 0}, {"n": 1}, {"n": 2}]}


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    cwd = Path.cwd()
    os.chdir(EXAMPLE)
    try:
        config = load_config(EXAMPLE / "tutela.toml")
        return lint(
            LintRequest(
                paths=["models"],
                config=config,
                inventory_path=Path("inventory.yaml"),
                jobs=1,
                use_cache=False,
                today=date(2026, 12, 3),
            )
        ).report
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_in_pieces_is_the_whole_text(report, fmt: str) -> None:  # type: ignore[no-untyped-def]
    assert report.findings  # the example has findings: the pieces are many
    whole = render(fmt, report, color=True)
    pieces = list(render_chunks(fmt, report, color=True))
    assert "".join(pieces) == whole
    if fmt in {"text", "json", "sarif"}:
        assert len(pieces) > len(report.active)  # one finding at a time, never the whole
