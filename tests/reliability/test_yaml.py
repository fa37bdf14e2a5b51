"""YAML: safe loading only, bounded, located errors, no YAML 1.1 surprises.

tutela.yamlsafe builds values from libyaml's event stream itself; these tests attack it
directly and through the inventory loader, so the guarantees hold for every file tutela reads
(inventory, manifests, dbt YAML).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tutela.errors import TutelaError, YAMLError
from tutela.yamlsafe import MAX_BYTES, MAX_DEPTH, MAX_NODES, load_yaml

from .conftest import EXAMPLE_INVENTORY

TAGS = [
    "!!python/object/apply:os.system ['id']",
    "!!python/object/new:os.system ['id']",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!python/tuple [1, 2]",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!custom value",
    "!<tag:example.com,2026:x> value",
]


@pytest.mark.parametrize("tagged", TAGS)
def test_tags_outside_the_standard_set_are_refused(tagged):
    with pytest.raises(YAMLError) as err:
        load_yaml(f"a:\n  b: {tagged}\n", "x.yaml")
    assert err.value.message.startswith("tag ") and err.value.message.endswith(" is not allowed")
    assert (err.value.file, err.value.line, err.value.col) == ("x.yaml", 2, 6)


def test_tags_on_maps_and_lists_are_refused():
    for text in ("a: !!python/object:os.Foo {x: 1}\n", "a: !!python/list [1]\n"):
        with pytest.raises(YAMLError, match="is not allowed"):
            load_yaml(text, "x.yaml")


def _bomb(levels: int) -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_before_it_expands():
    with pytest.raises(YAMLError) as err:
        load_yaml(_bomb(9), "bomb.yaml")  # 10**9 values if expanded
    assert err.value.message == f"document expands to more than {MAX_NODES:,} values (alias bomb?)"
    assert err.value.file == "bomb.yaml" and err.value.line is not None


def test_aliases_within_the_bound_still_work():
    doc = load_yaml(_bomb(3), "ok.yaml")
    assert len(doc.data["a2"]) == 10 and doc.data["a2"][0][0] == ["x"] * 10


@pytest.mark.parametrize("style", ["flow", "block"])
def test_deep_nesting_is_an_error_not_a_recursion_error(style):
    depth = MAX_DEPTH + 1
    if style == "flow":
        text = "a: " + "[" * depth + "]" * depth + "\n"
    else:
        text = "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + "  " * depth + "v: 1\n"
    with pytest.raises(YAMLError) as err:
        load_yaml(text, "deep.yaml")
    assert err.value.message == f"nesting deeper than {MAX_DEPTH} levels"


def test_100000_deep_flow_nesting_is_refused_by_the_parser():
    text = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"
    with pytest.raises(YAMLError) as err:
        load_yaml(text, "deep.yaml")
    assert err.value.message == "invalid YAML: exceeded maximum nesting depth"


def test_oversize_file_is_refused():
    with pytest.raises(YAMLError) as err:
        load_yaml("#" * (MAX_BYTES + 1), "big.yaml")
    assert err.value.message == f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB"


def test_duplicate_keys_are_reported_with_both_lines():
    with pytest.raises(YAMLError) as err:
        load_yaml("a: 1\nb: 2\na: 3\n", "dup.yaml")
    assert str(err.value).startswith("dup.yaml:3:1: duplicate key 'a' (first at line 1)")


def test_more_than_one_document_is_refused():
    with pytest.raises(YAMLError, match="more than one YAML document"):
        load_yaml("a: 1\n---\na: 2\n", "two.yaml")


@pytest.mark.parametrize(
    ("scalar", "value"),
    [
        ("NO", "NO"),  # a country code (Norway), not false
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("y", "y"),
        ("01000", "01000"),  # a postal code keeps its zero
        ("0755", "0755"),  # YAML 1.1 octal stays text
        ("0o17", "0o17"),
        ("0x1F", "0x1F"),
        ("12:30", "12:30"),  # YAML 1.1 sexagesimal stays text
        ("2026-11-28", "2026-11-28"),  # dates stay ISO strings
        ("true", True),
        ("false", False),
        ("~", None),
        ("10", 10),
        ("-3", -3),
        ("1.5", 1.5),
    ],
)
def test_yaml11_words_keep_their_meaning(scalar, value):
    doc = load_yaml(f"v: {scalar}\n", "x.yaml")
    assert doc.data["v"] == value
    assert type(doc.data["v"]) is type(value)


def test_country_no_survives_the_inventory_loader(tmp_path):
    from tutela.inventory import load_inventory

    text = EXAMPLE_INVENTORY.read_text(encoding="utf-8")
    assert "    country: US\n" in text
    path = tmp_path / "inventory.yaml"
    path.write_text(text.replace("    country: US\n", "    country: NO\n", 1), encoding="utf-8")
    inventory = load_inventory(path)
    countries = {r["id"]: r["country"] for r in inventory.data["recipients"]}
    assert countries["voxinsight"] == "NO"


def test_yaml_errors_through_the_cli_name_file_line_and_column(tmp_path, run_cli):
    shutil.copy(EXAMPLE_INVENTORY, tmp_path / "inventory.yaml")
    text = (tmp_path / "inventory.yaml").read_text(encoding="utf-8")
    (tmp_path / "inventory.yaml").write_text(text + "version: 1\n", encoding="utf-8")
    code, out, err = run_cli("validate", "inventory.yaml", cwd=tmp_path)
    lines = text.count("\n")
    assert (code, out) == (2, "")
    assert err.startswith(f"Error: inventory.yaml:{lines + 1}:1: duplicate key 'version'")


@pytest.mark.parametrize(
    "text",
    ["a: [1, 2", "a: {b: 1", "a: 'x", 'a: "x', "- a\nb: 1\n", "a:\n\t- b\n", "@x", "`x"],
)
def test_malformed_yaml_is_a_located_error(text):
    with pytest.raises(YAMLError) as err:
        load_yaml(text, "bad.yaml")
    assert err.value.message.startswith("invalid YAML: ")
    assert err.value.file == "bad.yaml" and err.value.line is not None


def test_every_yaml_error_is_a_tutela_error():
    assert issubclass(YAMLError, TutelaError)
    assert Path(EXAMPLE_INVENTORY).exists()
