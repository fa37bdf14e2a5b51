"""Whatever shape a hand-edited inventory takes, validation answers with problems, never a crash."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutela.errors import InventoryError
from tutela.inventory import validate_document
from tutela.yamlsafe import YamlDoc, load_yaml

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "inventory"
VALID = load_yaml((FIXTURES / "valid.yaml").read_text(encoding="utf-8"), "valid.yaml")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(["", "no", "yes", "P5Y", "cobranza", "Cobranza", "dwh.crm.clientes", "x"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["id", "name", "type", "zzz"]), inner, max_size=3),
    ),
    max_leaves=6,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(_paths(value, (*prefix, index)))
    return out


PATHS = [p for p in _paths(VALID.data) if p]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(PATHS), st.one_of(values, st.just("<delete>"))),
        min_size=1,
        max_size=3,
    )
)
def test_mutations_give_problems_or_valid_data(edits: list[tuple[tuple[Any, ...], Any]]) -> None:
    data = copy.deepcopy(VALID.data)
    for path, value in edits:
        parent: Any = data
        try:
            for part in path[:-1]:
                parent = parent[part]
            if value == "<delete>":
                del parent[path[-1]]
            else:
                parent[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier edit removed this path
    doc = YamlDoc(data=data, file="x.yaml", marks=dict(VALID.marks))
    try:
        result = validate_document(doc)
    except InventoryError as exc:
        assert exc.problems
        for problem in exc.problems:
            assert problem.message
            assert problem.render().startswith("x.yaml")
    else:
        assert isinstance(result, dict)
