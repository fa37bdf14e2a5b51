"""The daemon's warm part: an unchanged request reuses its compiled engine, a change never."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import tutela.engine as engines


@pytest.fixture
def kept() -> Iterator[None]:
    engines.keep_engines(2)
    yield
    engines._KEPT = None  # back to the command line's behaviour


def test_same_policies_and_data_reuse_the_engine(kept: None, tmp_path: Path) -> None:
    data = engines.engine_data(inventory={"tables": {}}, config={"today": "2026-12-03"}, user={})
    first = engines.make_engine("embedded", data=data)
    assert engines.make_engine("embedded", data=dict(data)) is first
    other_day = engines.engine_data(
        inventory={"tables": {}}, config={"today": "2026-12-04"}, user={}
    )
    assert engines.make_engine("embedded", data=other_day) is not first
    folder = tmp_path / "userprobe"
    folder.mkdir()
    (folder / "r.rego").write_text("package tutela.userprobe\n\nx := 1\n")
    with_policy = engines.make_engine("embedded", data=data, policy_dirs=[tmp_path])
    assert with_policy is not first
    (folder / "r.rego").write_text("package tutela.userprobe\n\nx := 2\n")
    assert engines.make_engine("embedded", data=data, policy_dirs=[tmp_path]) is not with_policy
    # at most two are kept: the oldest (first) was dropped
    assert engines.make_engine("embedded", data=data) is not first


def test_outside_a_warm_process_every_call_builds(tmp_path: Path) -> None:
    data = engines.engine_data(inventory={"tables": {}}, config={}, user={})
    assert engines._KEPT is None
    assert engines.make_engine("embedded", data=data) is not engines.make_engine(
        "embedded", data=data
    )
