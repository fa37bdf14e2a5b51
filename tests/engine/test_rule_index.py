"""The rule index: METADATA parsing, validation errors with file:line, selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutela.errors import ConfigError, EngineError, PolicyError, TutelaError
from tutela.findings import LegalBasis, Location, Severity
from tutela.rules import load_rule_index


def write_policy(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


HEAD = "package tutela.fam\n\nimport data.tutela.lib.finding\n\n"


def _rule(
    id_: str = "FAM001",
    name: str = "fam-rule",
    severity: str = "error",
    kind: str = "deny",
    extra: str = "",
) -> str:
    return (
        "# METADATA\n"
        "# title: A rule\n"
        "# description: What and why.\n"
        "# custom:\n"
        f"#   id: {id_}\n"
        f"#   name: {name}\n"
        f"#   severity: {severity}\n"
        '#   legal_basis: [{instrument: LFPDPPP, article: "8"}]\n'
        f"{extra}"
        f'{kind} contains finding.new("{id_}", "m", []) if input.x\n'
    )


def test_toy_index(toy_dir):
    index = load_rule_index([toy_dir])
    assert [r.id for r in index] == ["OTH001", "TOY001", "TOY002"]
    toy1 = index.lookup("TOY001")
    assert toy1.name == "secret-column-read"
    assert toy1.severity is Severity.ERROR
    assert toy1.kind == "deny"
    assert toy1.family == "toy"
    assert toy1.package == "tutela.toy"
    assert toy1.line == 18
    assert toy1.file.endswith("toy/toy/secret_column.rego")
    assert toy1.legal_basis == (LegalBasis("LFPDPPP", "19"),)
    assert toy1.body_ids == ("TOY001",)
    assert toy1.examples is not None and toy1.examples.name == "secret_column.examples.yaml"
    toy2 = index.lookup("select-star")  # alias
    assert toy2.id == "TOY002"
    assert toy2.legal_basis_text() == "LFPDPPP art. 11 ¶2 (toy)"
    assert index.get("toy002") is toy2  # codes are case-insensitive


def test_select_and_ignore(toy_dir):
    index = load_rule_index([toy_dir])
    ids = lambda rules: [r.id for r in rules]  # noqa: E731
    assert ids(index.select()) == ["OTH001", "TOY001", "TOY002"]
    assert ids(index.select(["TOY"])) == ["TOY001", "TOY002"]
    assert ids(index.select(["TOY"], ["star-select"])) == ["TOY001"]
    assert ids(index.select(["export-abroad", "TOY002"])) == ["OTH001", "TOY002"]
    assert ids(index.select(ignore=["OTH"])) == ["TOY001", "TOY002"]
    with pytest.raises(ConfigError) as err:
        index.select(["TOY01"])
    assert str(err.value).startswith("select: 'TOY01' matches no rule")
    with pytest.raises(ConfigError) as err:
        index.select(ignore=["secret-colum-read"])
    assert "did you mean 'secret-column-read'?" in str(err.value)


def test_unknown_rule_suggests(toy_dir):
    index = load_rule_index([toy_dir])
    with pytest.raises(TutelaError) as err:
        index.lookup("TOY003")
    assert err.value.message == "unknown rule 'TOY003'"
    assert err.value.hint is not None and "TOY001" in err.value.hint


def test_severity_override(toy_dir):
    index = load_rule_index([toy_dir]).with_severity({"TOY002": "error", "export-abroad": "info"})
    assert index.lookup("TOY002").severity is Severity.ERROR
    assert index.lookup("OTH001").severity is Severity.INFO
    with pytest.raises(ConfigError):
        index.with_severity({"TOY002": "fatal"})
    with pytest.raises(ConfigError):
        index.with_severity({"NOP001": "error"})


def test_to_finding(toy_dir):
    index = load_rule_index([toy_dir])
    loc = Location("a.sql", 3, 5, ("columns", 0))
    finding = index.to_finding({"id": "TOY001", "msg": "Column x.", "path": ["columns", 0]}, loc)
    assert finding.to_dict() == {
        "id": "TOY001",
        "msg": "Column x.",
        "values": {},
        "severity": "error",
        "location": {"file": "a.sql", "line": 3, "col": 5, "path": ["columns", 0]},
        "name": "secret-column-read",
        "legal_basis": [{"instrument": "LFPDPPP", "article": "19"}],
        "suppressed": False,
        "suppression_reason": None,
        "jurisdiction": "lfpdppp",
    }
    with pytest.raises(EngineError) as err:
        index.to_finding({"id": "ZZZ999", "msg": "x", "path": []}, loc)
    assert "'ZZZ999', which no METADATA declares" in str(err.value)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (_rule(id_="PUR1"), 5, "METADATA: custom.id must be a code like PUR001, got 'PUR1'"),
        (_rule(name="Bad_Name"), 6, "METADATA: custom.name must be kebab-case, got 'Bad_Name'"),
        (
            _rule(severity="warning"),
            7,
            "METADATA: a `deny` rule cannot have severity 'warning' "
            "(deny => error, warn => warning)",
        ),
        (
            _rule(kind="warn", severity="error"),
            7,
            "METADATA: a `warn` rule cannot have severity 'error' (deny => error, warn => warning)",
        ),
        (
            _rule(severity="fatal"),
            7,
            "METADATA: custom.severity must be error, warning or info, got 'fatal'",
        ),
        (
            "# METADATA\n# title: t\ndeny contains 1 if true\n",
            1,
            "METADATA: missing `custom:` with id, name, severity, legal_basis",
        ),
        (
            "# METADATA\n# title: [unclosed\n# custom: {}\ndeny contains 1 if true\n",
            3,
            "METADATA: invalid YAML: did not find expected ',' or ']'",
        ),
        (
            "# METADATA\n# custom: {id: FAM009, name: x}\nhelper := 1\n",
            3,
            "METADATA: a block with custom.id must come right before a `deny` or `warn` rule",
        ),
    ],
)
def test_metadata_errors_are_located(tmp_path: Path, text: str, line: int, message: str):
    write_policy(tmp_path, "fam/rule.rego", HEAD + text)
    with pytest.raises(PolicyError) as err:
        load_rule_index([tmp_path])
    assert err.value.file is not None and err.value.file.endswith("fam/rule.rego")
    assert err.value.line == line + HEAD.count("\n")
    assert err.value.message == message


def test_duplicate_code(tmp_path: Path):
    write_policy(tmp_path, "fam/a.rego", HEAD + _rule())
    write_policy(tmp_path, "fam/b.rego", HEAD + _rule(name="other-name"))
    with pytest.raises(PolicyError) as err:
        load_rule_index([tmp_path])
    assert err.value.message.startswith("duplicate rule code or name 'FAM001' (first defined at ")
    assert err.value.file is not None and err.value.file.endswith("fam/b.rego")
    assert err.value.line == 13


def test_package_metadata_and_tests_are_not_rules(tmp_path: Path):
    write_policy(
        tmp_path,
        "fam/a.rego",
        "# METADATA\n# title: family\npackage tutela.fam\n\nimport data.tutela.lib.finding\n\n"
        + _rule(),
    )
    write_policy(tmp_path, "fam/a_test.rego", "package tutela.fam_test\n\n" + _rule(id_="FAM002"))
    assert [r.id for r in load_rule_index([tmp_path])] == ["FAM001"]


def test_missing_examples_file_is_kept_for_the_meta_test(tmp_path: Path):
    write_policy(
        tmp_path, "fam/rule.rego", HEAD + _rule(extra="#   examples: gone.examples.yaml\n")
    )
    rule = load_rule_index([tmp_path]).lookup("FAM001")
    assert rule.examples == tmp_path / "fam" / "gone.examples.yaml"
    assert not rule.examples.is_file()


def test_missing_folder(tmp_path: Path):
    with pytest.raises(PolicyError) as err:
        load_rule_index([tmp_path / "nope"])
    assert err.value.message == "policy folder does not exist"


def test_cached_index_equals_the_parsed_one(tmp_path, monkeypatch):
    import tutela.rules as rules_module

    fresh = load_rule_index([], include_builtin=True)
    first = load_rule_index([], include_builtin=True, cache_dir=tmp_path)
    assert first.rules == fresh.rules
    assert (tmp_path / ".gitignore").is_file()
    assert len(list((tmp_path / "rules").glob("*.json"))) == 1

    def no_parse(*args, **kwargs):
        raise AssertionError("a cache hit parses no METADATA")

    monkeypatch.setattr(rules_module, "_parse_rules", no_parse)
    cached = load_rule_index([], include_builtin=True, cache_dir=tmp_path)
    assert cached.rules == fresh.rules
    assert [r.examples for r in cached] == [r.examples for r in fresh]


def test_index_cache_follows_policy_and_examples_changes(tmp_path):
    root, cache = tmp_path / "policies", tmp_path / "cache"
    rego = write_policy(root, "fam/a.rego", HEAD + _rule())
    assert load_rule_index([root], cache_dir=cache).lookup("FAM001").examples is None
    # A new sibling examples file is picked up although the .rego file is unchanged.
    write_policy(root, "fam/a.examples.yaml", "bad: []\ngood: []\n")
    assert load_rule_index([root], cache_dir=cache).lookup("FAM001").examples is not None
    # A changed .rego file is parsed again, and its METADATA errors are still reported.
    rego.write_text(HEAD + _rule(name="Bad_Name"), encoding="utf-8")
    with pytest.raises(PolicyError, match=r"custom\.name must be kebab-case"):
        load_rule_index([root], cache_dir=cache)


def test_corrupt_index_cache_is_ignored(tmp_path):
    root, cache = tmp_path / "policies", tmp_path / "cache"
    write_policy(root, "fam/a.rego", HEAD + _rule())
    load_rule_index([root], cache_dir=cache)
    (entry,) = (cache / "rules").glob("*.json")
    for garbage in ("not json", "[{}]", '[{"rule": {"id": 1}}]'):
        entry.write_text(garbage, encoding="utf-8")
        assert [r.id for r in load_rule_index([root], cache_dir=cache)] == ["FAM001"]


def test_index_cache_key_follows_the_parser_code(tmp_path, monkeypatch):
    import tutela.rules as rules_module

    sources = [(tmp_path, tmp_path / "a.rego", "package tutela.fam\n")]
    before = rules_module._index_key(sources)
    edited = tmp_path / "rules.py"
    edited.write_bytes(Path(rules_module.__file__).read_bytes() + b"\n# a stricter check\n")
    monkeypatch.setattr(rules_module, "__file__", str(edited))
    assert rules_module._index_key(sources) != before
