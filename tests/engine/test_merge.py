"""Merging each package's files into one module: when it is safe, and positions mapped back."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutela.engine.base import PolicyModule, engine_data, load_policies
from tutela.engine.embedded import EmbeddedEngine
from tutela.engine.merge import MERGED_SUFFIX, merge_modules
from tutela.errors import EngineError, PolicyError


def _module(name: str, text: str, package: str = "tutela.fam") -> PolicyModule:
    return PolicyModule(f"tutela/user/pol/fam/{name}", f"pol/fam/{name}", text, package)


def write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_builtin_packages_merge_one_module_each():
    modules = load_policies().policy_modules()
    merged, source_map = merge_modules(modules)
    packages = {m.package for m in modules}
    assert sorted(m.package for m in merged) == sorted(packages)  # one module per package
    # Every line of every merged module maps to the same text in its original file.
    by_file = {m.file: m.text.split("\n") for m in modules}
    for module in merged:
        if not module.file.endswith(MERGED_SUFFIX):
            continue
        for i, text in enumerate(module.text.split("\n")[:-1], start=1):
            file, line = source_map.locate(module.file, i)
            assert file is not None and line is not None
            original = by_file[file][line - 1]
            assert text in ("", original.strip()) or text == original


def test_imports_are_hoisted_and_deduplicated():
    a = _module("a.rego", "package tutela.fam\n\nimport data.tutela.lib.finding\n\nx := 1\n")
    b = _module(
        "b.rego",
        "# comment\npackage tutela.fam\nimport data.tutela.lib.finding as finding\n"
        "import rego.v1\ny := 2\n",
    )
    (merged,), source_map = merge_modules([a, b])
    assert merged.text.split("\n")[:3] == [
        "package tutela.fam",
        "import data.tutela.lib.finding",
        "import rego.v1",
    ]
    assert merged.text.count("import ") == 2
    assert source_map.locate(merged.file, 3) == ("pol/fam/b.rego", 4)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # the same alias for two different refs
        ("import data.x.lib\n", "import data.y.lib\n"),
        # b names a rule like an alias only a imports: merged, the alias would capture it
        ("import data.tutela.lib.inventory\n", "inventory := 3\n"),
        # an import the merger does not parse (a bracketed ref)
        ('import data.x["a b"]\n', "y := 1\n"),
    ],
)
def test_unsafe_packages_stay_unmerged(first, second):
    a = _module("a.rego", f"package tutela.fam\n{first}")
    b = _module("b.rego", f"package tutela.fam\n{second}")
    merged, source_map = merge_modules([a, b])
    assert merged == (a, b)
    assert source_map.lines == {}


def test_a_name_in_a_string_or_comment_does_not_block_merging():
    a = _module("a.rego", "package tutela.fam\nimport data.tutela.lib.inventory\nx := 1\n")
    b = _module("b.rego", 'package tutela.fam\n# inventory\ny := "inventory"\n')
    merged, _ = merge_modules([a, b])
    assert len(merged) == 1


def test_test_modules_and_other_folders_are_never_merged():
    a = _module("a.rego", "package tutela.fam\nx := 1\n")
    t = PolicyModule("tutela/user/pol/fam/a_test.rego", "a_test.rego", "package tutela.fam\n", "p")
    other = PolicyModule(
        "tutela/user/pol-2/fam/b.rego", "b.rego", "package tutela.fam\n", "tutela.fam"
    )
    merged, _ = merge_modules([a, t, other])
    assert merged == (a, t, other)


SECOND_FILE_RUNTIME = """package tutela.fam

import data.tutela.lib.finding

# a comment, then the rule
deny contains finding.new("FAM002", "m", []) if {
	x := 10 / input.n
	x > 1
}
"""
FIRST_FILE = """package tutela.fam

import data.tutela.lib.finding

deny contains finding.new("FAM001", "m", []) if input.a
"""


DIV0 = "policy evaluation failed: divide by zero"
SECOND_FILE_LIMIT = """package tutela.fam

import data.tutela.lib.finding

deny contains finding.new("FAM002", "m", []) if {
	some x in numbers.range(1, 5000)
	x == 10 / input.n
}
"""


@pytest.mark.parametrize(
    ("mode", "trust_user", "text", "expected"),
    [
        # a user family is judged by the interpreter, which stops at the error
        ("vm", False, SECOND_FILE_RUNTIME, f"7:13: {DIV0}"),
        ("interpreter", False, SECOND_FILE_RUNTIME, f"7:13: {DIV0}"),
        # on the VM the rule runs past the instruction limit: the fact goes to the
        # interpreter, whose error stands
        ("vm", True, SECOND_FILE_LIMIT, f"7:13: {DIV0}"),
    ],
)
def test_runtime_error_in_the_second_file_names_that_file_and_line(
    tmp_path, monkeypatch, mode, trust_user, text, expected
):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "pol/fam/a.rego", FIRST_FILE)
    write(tmp_path, "pol/fam/b.rego", text)
    policies = load_policies([Path("pol")], include_builtin=False)
    engine = EmbeddedEngine(policies, engine_data(), mode=mode, trust_user=trust_user)
    assert any(m.file.endswith(MERGED_SUFFIX) for m in engine._modules)  # really merged
    assert engine.evaluate([{"a": True}]) == [
        [{"id": "FAM001", "msg": "m", "path": [], "kind": "deny"}]
    ]
    with pytest.raises(EngineError) as err:
        engine.evaluate([{"n": 0}])
    assert str(err.value) == f"pol/fam/b.rego:{expected}"
    if trust_user:  # both facts went to the interpreter after the VM stopped
        assert engine.stats["fallback:instruction-limit"] == 2
    else:
        assert engine.plan.interpreter == ("fam",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "package tutela.fam\n\n\ndeny contains 1 if {\n  x := \n}\n",
            "pol/fam/b.rego:5:5: expecting `}` while parsing set",
        ),
        (
            "package tutela.fam\n\ndeny contains x if {\n  x := nothere(input.a)\n}\n",
            "pol/fam/b.rego:4:15: could not find function nothere",
        ),
    ],
)
@pytest.mark.parametrize("mode", ["vm", "interpreter"])
def test_compile_error_in_the_second_file_names_that_file_and_line(
    tmp_path, monkeypatch, mode, text, expected
):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "pol/fam/a.rego", FIRST_FILE)
    write(tmp_path, "pol/fam/b.rego", text)
    policies = load_policies([Path("pol")], include_builtin=False)
    with pytest.raises(PolicyError) as err:
        EmbeddedEngine(policies, engine_data(), mode=mode, trust_user=True)
    assert str(err.value) == expected


def test_messages_that_cite_other_positions_are_mapped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "pol/fam/a.rego", "package tutela.fam\n\nv := input.a\n")
    write(tmp_path, "pol/fam/b.rego", "package tutela.fam\n\nx := 1\n\nv := 2\n")
    write(
        tmp_path,
        "pol/fam/c.rego",
        'package tutela.fam\n\ndeny contains {"id": "FAM001", "msg": "m"} if v\n',
    )
    engine = EmbeddedEngine(load_policies([Path("pol")], include_builtin=False), engine_data())
    with pytest.raises(EngineError) as err:
        engine.evaluate([{"a": 1}])
    assert err.value.file == "pol/fam/b.rego"
    assert err.value.line == 5
    assert "pol/fam/a.rego:3" in err.value.message
    assert MERGED_SUFFIX not in str(err.value)
