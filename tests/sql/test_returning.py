"""RETURNING lists: the columns a DELETE/UPDATE/INSERT hands back are result exposures, located
where they are written (not at the table name that qualify borrows as their qualifier)."""

from __future__ import annotations

import pytest

from tests.sql.test_fixtures import CATALOG
from tutela.sql import analyze_sql


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        (
            "DELETE FROM cc_dwh.crm.clientes\nWHERE saldo = 0\nRETURNING curp, telefono",
            [("curp", "result", 3, 11), ("telefono", "result", 3, 17)],
        ),
        (
            "DELETE FROM cc_dwh.crm.clientes AS c\nWHERE c.saldo = 0\nRETURNING c.curp",
            [("curp", "result", 3, 11)],
        ),
        (
            "UPDATE cc_dwh.crm.clientes SET nombre = 'x'\nRETURNING MD5(curp) AS h",
            [("curp", "result", 2, 15)],
        ),
        ("DELETE FROM cc_dwh.crm.clientes WHERE saldo = 0", []),
    ],
)
def test_returning_columns_are_result_exposures_at_their_position(sql, expected):
    (fact,) = analyze_sql(sql, dialect="postgres", catalog=CATALOG, file="x.sql")
    got = [(e["column"], e["sink"], e["line"], e["col"]) for e in fact["exposures"]]
    assert got == expected
    assert fact["operation"] in {"delete", "update"}
