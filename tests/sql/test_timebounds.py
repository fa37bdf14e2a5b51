"""Time bounds in each dialect's date arithmetic, with their calendar months.

RET002 counts a period in years and months back by the calendar, so a bound written in
months or years carries ``months`` (``DATEADD(year, -6, …)`` is exactly ``P72M``); a bound in
days or hours carries only ``days``.
"""

from __future__ import annotations

import pytest
import sqlglot

from tutela.sql import timebounds
from tutela.sql.dialects import sqlglot_name

CASES = [
    # (dialect, expression, days, months)
    ("snowflake", "DATEADD(year, -7, CURRENT_DATE())", 2555, 84),
    ("snowflake", "DATEADD('month', -73, CURRENT_TIMESTAMP())", 2190, 73),
    ("snowflake", "DATEADD(day, -90, CURRENT_DATE)", 90, None),
    ("bigquery", "DATE_SUB(CURRENT_DATE(), INTERVAL 7 YEAR)", 2555, 84),
    ("bigquery", "DATE_ADD(CURRENT_DATE(), INTERVAL -2 QUARTER)", 182, 6),
    ("bigquery", "DATE_SUB(CURRENT_DATE(), INTERVAL 30 DAY)", 30, None),
    ("postgres", "CURRENT_DATE - INTERVAL '7 years'", 2555, 84),
    ("postgres", "now() - interval '1 year 6 months'", 545, 18),
    ("postgres", "current_date - 30", 30, None),
    ("postgres", "CURRENT_DATE - INTERVAL '36 hours'", 2, None),
    ("databricks", "add_months(current_date(), -84)", 2520, 84),
    ("databricks", "date_sub(current_date(), 2500)", 2500, None),
    ("databricks", "current_date() - INTERVAL 7 YEARS", 2555, 84),
    ("redshift", "DATEADD(month, -60, GETDATE())", 1800, 60),
    ("redshift", "GETDATE() - INTERVAL '90 months'", 2700, 90),
    ("duckdb", "current_date - INTERVAL 5 YEAR", 1825, 60),
    ("duckdb", "current_date - INTERVAL '5 years'", 1825, 60),
]


@pytest.mark.parametrize(("dialect", "text", "days", "months"), CASES)
def test_relative_bounds(dialect: str, text: str, days: int, months: int | None) -> None:
    bound = timebounds.evaluate(sqlglot.parse_one(text, read=sqlglot_name(dialect)), dialect)
    assert (bound["kind"], bound["days"], bound["months"]) == ("relative", days, months)


@pytest.mark.parametrize(
    ("dialect", "text"),
    [
        ("snowflake", "'2019-06-01'::date"),
        ("bigquery", "DATE '2019-06-01'"),
        ("postgres", "CAST('2019-06-01' AS DATE)"),
        ("databricks", "to_date('2019-06-01')"),
        ("redshift", "'2019-06-01'"),
        ("duckdb", "DATE '2019-06-01'"),
    ],
)
def test_absolute_bounds(dialect: str, text: str) -> None:
    bound = timebounds.evaluate(sqlglot.parse_one(text, read=sqlglot_name(dialect)), dialect)
    assert (bound["kind"], bound["date"], bound["months"]) == ("absolute", "2019-06-01", None)


def test_equality_is_a_time_comparison() -> None:
    where = sqlglot.parse_one("SELECT 1 FROM t WHERE DATE '2018-03-15' = f").args["where"].this
    ((column, op, _),) = timebounds.comparisons(where)
    assert (column.name, op) == ("f", "=")
