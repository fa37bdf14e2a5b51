"""RET002: a statement whose own time predicates reach rows older than the retention period.

``dwh.cobranza.cartera`` keeps 72 months (``P72M``) from ``fecha_incumplimiento``; with the
run date 2026-11-28 the cutoff is 2020-11-28. Each dialect writes the same windows in its own
date arithmetic.
"""

from __future__ import annotations

import pytest

from tests.semantics.conftest import Verdict

SELECT = "SELECT telefono, saldo FROM dwh.cobranza.cartera WHERE "
TS = "fecha_incumplimiento"

# (dialect, predicate), "@ts" standing for the timestamp: each reaches rows older than the cutoff.
REACHES = [
    # a lower bound older than the cutoff: the window is partly before it
    ("snowflake", "@ts >= DATEADD(year, -7, CURRENT_DATE())"),
    ("snowflake", "@ts > DATEADD('month', -73, CURRENT_TIMESTAMP())"),
    ("bigquery", "@ts >= DATE_SUB(CURRENT_DATE(), INTERVAL 7 YEAR)"),
    ("bigquery", "@ts >= DATE_ADD(CURRENT_DATE(), INTERVAL -100 MONTH)"),
    ("postgres", "@ts >= CURRENT_DATE - INTERVAL '7 years'"),
    ("postgres", "@ts >= current_date - 3000"),
    ("postgres", "@ts >= now() - interval '6 years 1 month'"),
    ("databricks", "@ts >= add_months(current_date(), -84)"),
    ("databricks", "@ts >= date_sub(current_date(), 2500)"),
    ("redshift", "@ts >= DATEADD(year, -7, GETDATE())"),
    ("redshift", "@ts >= GETDATE() - INTERVAL '90 months'"),
    ("duckdb", "@ts >= current_date - INTERVAL 7 YEAR"),
    # literals before the cutoff
    ("snowflake", "@ts >= '2019-06-01'::date"),
    ("bigquery", "@ts >= DATE '2019-06-01'"),
    ("postgres", "@ts = DATE '2018-03-15'"),
    # an upper bound wholly before the cutoff
    ("snowflake", "@ts < DATEADD(year, -6, CURRENT_DATE)"),
    ("bigquery", "@ts <= DATE_SUB(CURRENT_DATE(), INTERVAL 80 MONTH)"),
    ("postgres", "@ts < CURRENT_DATE - INTERVAL '8 years'"),
    ("databricks", "@ts < add_months(current_date(), -96)"),
    ("redshift", "@ts < '2019-01-01'"),
    ("duckdb", "@ts < DATE '2019-01-01'"),
    # BETWEEN windows partly and wholly before the cutoff
    ("snowflake", "@ts BETWEEN '2020-01-01' AND '2021-12-31'"),
    (
        "bigquery",
        "@ts BETWEEN DATE_SUB(CURRENT_DATE(), INTERVAL 8 YEAR) "
        "AND DATE_SUB(CURRENT_DATE(), INTERVAL 7 YEAR)",
    ),
    ("postgres", "@ts BETWEEN '2015-01-01' AND '2016-01-01'"),
    ("databricks", "@ts BETWEEN add_months(current_date(), -90) AND current_date()"),
    ("redshift", "@ts BETWEEN DATEADD(month, -80, GETDATE()) AND GETDATE()"),
    ("duckdb", "@ts BETWEEN DATE '2020-01-01' AND DATE '2026-01-01'"),
    # the column on the right; an old disjunct of an OR still asks for old rows
    ("snowflake", "DATEADD(year, -7, CURRENT_DATE) <= @ts"),
    ("postgres", "(@ts >= CURRENT_DATE - 30 OR @ts < '2018-01-01')"),
]

# (dialect, predicate): windows inside the period, or no window at all.
INSIDE = [
    ("snowflake", "@ts >= DATEADD(month, -72, CURRENT_DATE())"),
    ("snowflake", "@ts >= DATEADD(year, -6, CURRENT_DATE())"),  # = 72 months
    ("bigquery", "@ts >= DATE_SUB(CURRENT_DATE(), INTERVAL 6 YEAR)"),
    ("bigquery", "@ts >= DATE_SUB(CURRENT_DATE(), INTERVAL 30 DAY)"),
    ("postgres", "@ts >= CURRENT_DATE - INTERVAL '72 months'"),
    ("postgres", "@ts >= current_date - 30"),
    ("databricks", "@ts >= add_months(current_date(), -72)"),
    ("databricks", "@ts >= date_sub(current_date(), 90)"),
    ("redshift", "@ts >= DATEADD(year, -6, GETDATE())"),
    ("redshift", "@ts BETWEEN '2021-01-01' AND '2021-12-31'"),
    ("duckdb", "@ts >= current_date - INTERVAL 1 YEAR"),
    # an upper bound after the cutoff and nothing else: asks for nothing old
    ("postgres", "@ts < CURRENT_DATE - 30"),
    # an old bound that a restricting one inside the period overrides
    (
        "snowflake",
        "@ts >= '2010-01-01' AND @ts >= DATEADD(day, -90, CURRENT_DATE)",
    ),
    # no time predicate: the retention jobs remove rows past the period
    ("snowflake", "saldo > 0"),
    ("bigquery", "saldo > 0"),
    ("postgres", "saldo > 0"),
    ("databricks", "saldo > 0"),
    ("redshift", "saldo > 0"),
    ("duckdb", "saldo > 0"),
    # a bound that cannot be evaluated
    ("snowflake", "@ts >= $desde"),
    # another column
    ("postgres", "saldo >= 0 AND nombre < '2000-01-01'"),
]


@pytest.mark.parametrize(("dialect", "predicate"), REACHES)
def test_time_predicate_reaching_old_rows_is_ret002(
    verdict: Verdict, dialect: str, predicate: str
) -> None:
    assert "RET002" in verdict(SELECT + predicate.replace("@ts", TS), dialect, purpose="cobranza")


@pytest.mark.parametrize(("dialect", "predicate"), INSIDE)
def test_window_inside_the_period_or_none_is_not_ret002(
    verdict: Verdict, dialect: str, predicate: str
) -> None:
    sql = SELECT + predicate.replace("@ts", TS)
    assert "RET002" not in verdict(sql, dialect, purpose="cobranza")


@pytest.mark.parametrize("purpose", ["defensa_legal", "arco"])
def test_legal_defence_deletion_and_arco_are_exempt(verdict: Verdict, purpose: str) -> None:
    sql = SELECT + "fecha_incumplimiento < DATEADD(year, -8, CURRENT_DATE)"
    assert "RET002" not in verdict(sql, "snowflake", purpose=purpose)


def test_delete_of_old_rows_is_not_ret002(verdict: Verdict) -> None:
    sql = "DELETE FROM dwh.cobranza.cartera WHERE @ts < DATEADD(month, -72, CURRENT_DATE)"
    sql = sql.replace("@ts", TS)
    assert "RET002" not in verdict(sql, "snowflake", purpose="cobranza")


def test_blocking_model_does_not_matter(verdict: Verdict) -> None:
    """dwh.crm.clientes moves blocked rows to a store: a query for old rows is still RET002."""
    sql = "SELECT nombre FROM dwh.crm.clientes WHERE fecha_alta < DATE '2015-01-01'"
    assert "RET002" in verdict(sql, "postgres", purpose="atencion")
    ok = "SELECT nombre FROM dwh.crm.clientes WHERE fecha_alta >= DATE '2024-01-01'"
    assert "RET002" not in verdict(ok, "postgres", purpose="atencion")
