"""Pragmas are read from real comments only, and never silently override each other.

Issue #19, hole 3: a ``-- tutela: purpose=...`` line inside a string literal changed the
purpose of the next statement (the scanner ignored string boundaries), and of two purpose
pragmas for one statement the last silently won. Real sqlglot tokenizer, real CLI.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import REPO
from tutela.errors import SQLInputError
from tutela.sql import analyze_sql

INVENTORY = REPO / "tests" / "fixtures" / "lint" / "inventory.yaml"


def _purposes(text: str, dialect: str = "snowflake") -> list[tuple[str | None, str]]:
    return [(f["purpose"], f["purpose_source"]) for f in analyze_sql(text, dialect=dialect)]


@pytest.mark.parametrize(
    "inside",
    [
        "SELECT 'x\n-- tutela: purpose=mercadotecnia\n' AS note FROM t;\n",  # multi-line string
        "SELECT '-- tutela: purpose=mercadotecnia' AS note FROM t;\n",  # on one line
        'SELECT 1 AS "/* tutela: purpose=mercadotecnia */" FROM t;\n',  # quoted identifier
    ],
    ids=["multi-line string", "string", "quoted identifier"],
)
def test_a_pragma_inside_a_literal_does_nothing(inside: str) -> None:
    text = f"-- tutela: purpose=atencion\n{inside}SELECT a FROM t;\n"
    assert _purposes(text) == [("atencion", "pragma"), ("atencion", "pragma")]


def test_a_pragma_inside_a_dollar_quoted_body_does_nothing() -> None:
    text = (
        "-- tutela: purpose=atencion\n"
        "SELECT $$\n-- tutela: purpose=mercadotecnia\n$$ AS body;\n"
        "SELECT a FROM t;\n"
    )
    assert _purposes(text, "postgres") == [("atencion", "pragma"), ("atencion", "pragma")]


def test_real_comments_between_and_inside_statements_still_count() -> None:
    text = (
        "-- tutela: purpose=atencion\n"
        "SELECT a FROM t;\n"
        "/* tutela: purpose=cobranza */\n"
        "SELECT b FROM t;\n"
        "SELECT c -- tutela: purpose=pagos\n"
        "FROM t;\n"
        "SELECT d FROM t;\n"
    )
    # a pragma on a statement's first line applies to it, and to the statements after it
    assert [p for p, _ in _purposes(text)] == ["atencion", "cobranza", "pagos", "pagos"]


def test_a_dialect_pragma_in_a_string_does_nothing() -> None:
    text = "SELECT '-- tutela: dialect=bigquery' AS x;\n"
    assert analyze_sql(text, dialect="snowflake")[0]["dialect"] == "snowflake"


def test_two_purpose_pragmas_for_the_file_name_both_lines() -> None:
    text = "-- tutela: purpose=atencion\n-- note\n-- tutela: purpose=mercadotecnia\nSELECT 1;\n"
    with pytest.raises(SQLInputError) as err:
        analyze_sql(text, dialect="snowflake", file="a.sql")
    assert err.value.message == (
        "two purpose pragmas for the file: line 1 (purpose=atencion) and line 3 "
        "(purpose=mercadotecnia)"
    )
    assert (err.value.file, err.value.line) == ("a.sql", 3)


def test_two_purpose_pragmas_for_one_statement_name_both_lines() -> None:
    text = (
        "-- tutela: purpose=atencion\nSELECT 1;\n"
        "-- tutela: purpose=cobranza\n-- tutela: purpose=pagos\nSELECT 2;\n"
    )
    with pytest.raises(SQLInputError, match=r"statement on line 5: line 3 .* and line 4"):
        analyze_sql(text, dialect="snowflake", file="a.sql")


def test_cli_exits_2_on_conflicting_pragmas(run_cli, tmp_path: Path) -> None:
    shutil.copy(INVENTORY, tmp_path / "inventory.yaml")
    (tmp_path / "tutela.toml").write_text(
        'inventory = "inventory.yaml"\ndialect = "snowflake"\n', encoding="utf-8"
    )
    (tmp_path / "a.sql").write_text(
        "-- tutela: purpose=atencion\n-- tutela: purpose=mercadotecnia\n"
        "SELECT c.nombre FROM crm.clientes c;\n",
        encoding="utf-8",
    )
    (tmp_path / "b.sql").write_text(
        "-- tutela: purpose=atencion\nSELECT t.cvv FROM pagos.tarjetas t;\n", encoding="utf-8"
    )
    code, out, _ = run_cli("lint", ".", "--no-cache", cwd=tmp_path)
    assert code == 2
    assert "a.sql:2:1: " in out and "two purpose pragmas for the file: line 1" in out
    assert "b.sql:2:8: PCI001" in out  # the other file is still judged
