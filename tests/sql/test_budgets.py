"""Bounded cost for every file: a statement cap and a time budget, tokenizing lazily.

A file past its budget keeps the facts of what was analysed and one not-analysed fact for
the rest (SQL001, stage ``limits``): never a silent pass, never an unbounded run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutela.sql import facts as facts_module
from tutela.sql.dialects import dialect_object
from tutela.sql.facts import analyze_sql, iter_statements

FIXTURES = Path(__file__).parent / "fixtures"


def test_statement_cap_keeps_the_first_statements_and_fails_the_rest() -> None:
    text = "SELECT 1;\n" * 12
    facts = analyze_sql(text, dialect="snowflake", max_statements=10)
    assert len(facts) == 11
    assert all(f["parsed"] for f in facts[:10])
    rest = facts[10]
    assert rest["parsed"] is False and rest["error"]["stage"] == "limits"
    assert "more than 10 statements" in rest["error"]["message"]
    assert (rest["location"]["line"], rest["location"]["end_line"]) == (11, 13)


def test_time_budget_fails_the_rest_of_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(100))  # each reading of the clock is one second later
    monkeypatch.setattr(facts_module.time, "monotonic", lambda: float(next(clock)))
    facts = analyze_sql("SELECT 1;\nSELECT 2;\nSELECT 3;\n", dialect="ansi", time_budget=1.5)
    assert [f["parsed"] for f in facts] == [True, False]
    assert "budget of 1.5 s" in facts[1]["error"]["message"]
    assert facts[1]["location"]["line"] == 2


def test_a_capped_file_is_not_tokenized_past_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    dialect = dialect_object("postgres")
    seen: list[int] = []
    tokenize = dialect.tokenize
    monkeypatch.setattr(dialect, "tokenize", lambda sql: seen.append(len(sql)) or tokenize(sql))
    text = "SELECT a FROM t;\n" * 200_000  # 3.4 MB
    facts = analyze_sql(text, dialect="postgres", max_statements=50)
    assert len(facts) == 51
    assert sum(seen) <= 2 * facts_module.PIECE_CHARS  # one piece, not the whole file


@pytest.mark.parametrize("path", sorted(FIXTURES.rglob("*.sql")), ids=lambda p: p.parent.name)
def test_lazy_tokenizing_splits_like_whole_file_tokenizing(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    header = dict(re.findall(r"^--\s*(dialect)\s*:\s*(.*?)\s*$", text, re.M))
    dialect = header.get("dialect", path.stem if "_" not in path.stem else "snowflake")
    try:
        whole = list(iter_statements(text, dialect, piece=len(text) + 1))
    except facts_module.Untokenizable:
        with pytest.raises(facts_module.Untokenizable):
            list(iter_statements(text, dialect, piece=8))
        return
    pieces = list(iter_statements(text, dialect, piece=8))
    shape = [[(t.text, t.start, t.end, t.line, t.col) for t in c.tokens] for c in whole]
    assert [[(t.text, t.start, t.end, t.line, t.col) for t in c.tokens] for c in pieces] == shape


def test_an_unterminated_string_keeps_the_statements_before_it() -> None:
    text = "SELECT 1;\n" * 3 + "SELECT 'sin cerrar\n"
    facts = analyze_sql(text, dialect="postgres")
    assert len(facts) == 1  # a small file is one piece: one fact for the whole file
    big = "SELECT 1;\n" * 40_000 + "SELECT 'sin cerrar\n"
    facts = analyze_sql(big, dialect="postgres", max_statements=None)
    assert all(f["parsed"] for f in facts[:-1]) and len(facts) > 1
    assert facts[-1]["error"]["stage"] == "tokenize"


def test_configured_cap_reaches_the_cli(run_cli, tmp_path: Path) -> None:
    (tmp_path / "tutela.toml").write_text(
        'inventory = "inventory.yaml"\nmax_statements = 3\n', encoding="utf-8"
    )
    example = Path(__file__).resolve().parents[2] / "examples" / "contact-center"
    (tmp_path / "inventory.yaml").write_bytes((example / "inventory.yaml").read_bytes())
    (tmp_path / "q.sql").write_text("SELECT 1;\n" * 5, encoding="utf-8")
    code, out, _ = run_cli("lint", "q.sql", "--no-cache", "--select", "SQL", cwd=tmp_path)
    assert code == 1, out
    assert out.startswith("q.sql:4:1: SQL001 [error] ") and "more than 3 statements" in out


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("max_statements = 0", "must be positive"),
        ("file_time_budget = -1", "must be positive"),
        ('max_statements = "x"', "expected int"),
    ],
)
def test_bad_budgets_are_configuration_errors(
    run_cli, tmp_path: Path, line: str, message: str
) -> None:
    (tmp_path / "tutela.toml").write_text(line + "\n", encoding="utf-8")
    (tmp_path / "q.sql").write_text("SELECT 1", encoding="utf-8")
    code, out, err = run_cli("lint", "q.sql", cwd=tmp_path)
    assert code == 2 and message in err and "tutela.toml:1" in err, (out, err)
