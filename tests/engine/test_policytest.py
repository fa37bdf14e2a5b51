"""`tutela policy test`: the opa-test look-alike on regorus, through the real CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tutela.engine.base import load_policies
from tutela.engine.policytest import check_examples, discover_tests, load_examples
from tutela.errors import PolicyError
from tutela.rules import load_rule_index


def _write(root: Path, rel: str, text: str) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_verbose_lists_every_test(run_cli, toy_dir):
    code, out, err = run_cli(
        "policy",
        "test",
        "-v",
        "--no-builtin",
        str(toy_dir),
        "--run",
        r"^tutela\.(toy|other)_test\.",
    )
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].startswith("PASS tutela.other_test.test_deny_export_abroad (")
    assert lines[0].endswith("toy/other/egress_test.rego:5)")
    assert [line.split()[1] for line in lines[:-1]] == [
        "tutela.other_test.test_deny_export_abroad",
        "tutela.other_test.test_allow_export_in_mexico",
        "tutela.toy_test.test_deny_secret_column",
        "tutela.toy_test.test_allow_plain_column",
        "tutela.toy_test.test_warn_star",
    ]
    assert lines[-1] == "5 passed, 0 failed"


def test_failures_exit_1(run_cli, tmp_path):
    _write(
        tmp_path,
        "fam/r_test.rego",
        "package tutela.fam_test\n\n"
        "test_ok if { 1 == 1 }\n\n"
        "test_wrong if { 1 == 2 }\n\n"
        "test_boom if {\n  x := 0\n  1 / x == 1\n}\n",
    )
    code, out, _ = run_cli("policy", "test", "--no-builtin", str(tmp_path), "--run", "fam_test")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("FAIL tutela.fam_test.test_wrong (")
    assert lines[0].endswith("fam/r_test.rego:5)")
    assert lines[1].startswith("ERROR tutela.fam_test.test_boom (")
    assert lines[2].endswith("fam/r_test.rego:9:5: divide by zero")
    assert lines[-1] == "1 passed, 1 failed, 1 errors"


def test_compile_error_exits_2(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "pol/fam/r_test.rego", "package tutela.fam_test\n\ntest_x if {\n  y > 1\n}\n")
    code, out, err = run_cli("policy", "test", "--no-builtin", "pol")
    assert code == 2
    assert out == ""
    assert err.startswith("Error: pol/fam/r_test.rego:4:3: use of undefined variable `y` is unsafe")


def test_parse_error_exits_2(run_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "pol/fam/r_test.rego", "package tutela.fam_test\n\ntest_x if {\n")
    code, _, err = run_cli("policy", "test", "--no-builtin", "pol")
    assert code == 2
    assert err.startswith("Error: pol/fam/r_test.rego:")
    assert "Stack backtrace" not in err


def test_no_tests_found_exits_2(run_cli, toy_dir):
    code, out, err = run_cli("policy", "test", "--no-builtin", str(toy_dir), "--run", "nomatch")
    assert code == 2
    assert out == "0 passed, 0 failed\n"
    assert err == (
        "Error: no tests found\n"
        "  help: tests are `test_*` rules in `*_test.rego` files matching --run 'nomatch'\n"
    )


def test_bad_run_regex_exits_2(run_cli):
    code, _, err = run_cli("policy", "test", "--run", "(")
    assert code == 2
    assert err.startswith("Error: --run: invalid regular expression")


def test_discover_tests_first_definition_wins(tmp_path):
    _write(
        tmp_path,
        "fam/r_test.rego",
        "package tutela.fam_test\n\ntest_a if { true }\n\ntest_a if { false }\n",
    )
    cases = discover_tests(load_policies([tmp_path], include_builtin=False, tests=True))
    mine = [c for c in cases if c.package == "tutela.fam_test"]
    assert [(c.name, c.line) for c in mine] == [("test_a", 3)]


def test_examples_pass_for_toy_rules(toy_dir):
    index = load_rule_index([toy_dir])
    for code in ("TOY001", "TOY002"):
        assert check_examples(index.lookup(code), [toy_dir], include_builtin=False) == []


def test_examples_catch_a_wrong_example(tmp_path, toy_dir):
    rules = load_rule_index([toy_dir])
    rule = rules.lookup("TOY002")
    wrong = tmp_path / "wrong.examples.yaml"
    wrong.write_text("bad:\n  - {star: false}\ngood:\n  - {star: true}\n", encoding="utf-8")
    from dataclasses import replace

    problems = check_examples(replace(rule, examples=wrong), [toy_dir], include_builtin=False)
    assert problems == [
        f"{wrong.as_posix()}: bad[0] does not yield TOY002",
        f"{wrong.as_posix()}: good[0] yields TOY002",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("bad: []\ngood: [{}]\n", "`bad:` must be a non-empty list of facts"),
        ("bad: [{}]\n", "`good:` must be a non-empty list of facts"),
        (
            "bad: [1]\ngood: [{}]\n",
            "bad[0]: each example must be a map (a fact, or {fact, description, source})",
        ),
        ("bad: [{}]\ngood: [{}]\nextra: 1\n", "unknown key 'extra' in examples file"),
    ],
)
def test_malformed_examples(tmp_path, text, message):
    path = tmp_path / "x.examples.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        load_examples(path)
    assert err.value.message == message
