"""Time predicates: ``fecha >= DATEADD(month, -6, CURRENT_DATE)`` -> a 180-day lookback.

Facts carry each bound as ``{"kind": "relative", "days": 180}`` (days before the run
date), ``{"kind": "absolute", "date": "2024-01-01"}``, or ``{"kind": "unknown"}``; the
retention policies compare them with the inventory's periods. Months count 30 days and
years 365, as the inventory's periods do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from sqlglot import exp

_UNIT_DAYS = {
    "day": 1,
    "days": 1,
    "d": 1,
    "dd": 1,
    "dy": 1,
    "week": 7,
    "weeks": 7,
    "wk": 7,
    "w": 7,
    "month": 30,
    "months": 30,
    "mon": 30,
    "mm": 30,
    "m": 30,
    "quarter": 91,
    "quarters": 91,
    "qq": 91,
    "q": 91,
    "year": 365,
    "years": 365,
    "yy": 365,
    "yyyy": 365,
    "y": 365,
    "hour": 1 / 24,
    "hours": 1 / 24,
    "minute": 1 / 1440,
    "second": 1 / 86400,
}
_UNIT_MONTHS = {
    "month": 1,
    "months": 1,
    "mon": 1,
    "mm": 1,
    "m": 1,
    "quarter": 3,
    "quarters": 3,
    "qq": 3,
    "q": 3,
    "year": 12,
    "years": 12,
    "yy": 12,
    "yyyy": 12,
    "y": 12,
}
_NOW = (exp.CurrentDate, exp.CurrentTimestamp, exp.CurrentDatetime, exp.CurrentTime)
_NOW_NAMES = {
    "now",
    "getdate",
    "sysdate",
    "systimestamp",
    "current_date",
    "current_timestamp",
    "localtimestamp",
    "today",
    "sysdatetime",
    "getutcdate",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_OPS = {exp.GT: ">", exp.GTE: ">=", exp.LT: "<", exp.LTE: "<=", exp.EQ: "="}
_FLIP = {">": "<", ">=": "<=", "<": ">", "<=": ">=", "=": "="}


def comparisons(predicate: exp.Expr) -> Iterator[tuple[exp.Column, str, exp.Expr]]:
    """Yield (column, operator, bound) for ``col OP const`` / ``const OP col`` / BETWEEN.

    The operator is always written with the column on the left.
    """
    node = predicate
    if isinstance(node, exp.Between) and isinstance(node.this, exp.Column):
        yield node.this, ">=", node.args["low"]
        yield node.this, "<=", node.args["high"]
        return
    op = _OPS.get(type(node))  # type: ignore[arg-type]
    if op is None:
        return
    left, right = node.this, node.expression
    if _single_column(left) and not right.find(exp.Column):
        yield _single_column(left), op, right  # type: ignore[misc]
    elif _single_column(right) and not left.find(exp.Column):
        yield _single_column(right), _FLIP[op], left  # type: ignore[misc]


def _single_column(node: exp.Expr) -> exp.Column | None:
    # DATE_TRUNC('month', f) >= bound filters on f (rows truncated to the bound's month).
    while isinstance(
        node,
        (
            exp.Cast,
            exp.TryCast,
            exp.Paren,
            exp.TsOrDsToDate,
            exp.Date,
            exp.TimestampTrunc,
            exp.DateTrunc,
            exp.DatetimeTrunc,
        ),
    ):
        inner = node.this
        if not isinstance(inner, exp.Expr):
            return None
        node = inner
    return node if isinstance(node, exp.Column) else None


def _is_now(node: exp.Expr) -> bool:
    while isinstance(node, (exp.Cast, exp.TryCast, exp.Paren, exp.Date, exp.TsOrDsToDate)):
        node = node.this
    if isinstance(node, _NOW):
        return True
    if isinstance(node, exp.Anonymous) and str(node.this).lower() in _NOW_NAMES:
        return True
    return isinstance(node, exp.Column) and node.name.lower() in {
        "current_date",
        "current_timestamp",
        "sysdate",
    }


def _number(node: exp.Expr | None) -> float | None:
    if node is None:
        return None
    if isinstance(node, exp.Neg):
        value = _number(node.this)
        return -value if value is not None else None
    if isinstance(node, exp.Literal):
        try:
            return float(str(node.this).split()[0])
        except (ValueError, IndexError):
            return None
    if isinstance(node, exp.Paren):
        return _number(node.this)
    if isinstance(node, exp.Mul):
        left, right = _number(node.this), _number(node.expression)
        return left * right if left is not None and right is not None else None
    return None


# An offset from now: approximate days (months 30, years 365, as the inventory's periods) and
# its calendar parts, so that `DATEADD(year, -5, …)` is exactly the inventory's `P5Y`.
_Offset = tuple[float, int, float]  # (approx_days, months, days)


def _unit_offset(name: str, amount: float) -> _Offset | None:
    name = name.strip("'\"").lower()
    factor = _UNIT_DAYS.get(name)
    if factor is None:
        return None
    months = _UNIT_MONTHS.get(name)
    if months is not None and float(amount).is_integer():
        return (amount * factor, int(amount) * months, 0.0)
    return (amount * factor, 0, amount * factor)


def _unit(node: exp.Expr | None, amount: float) -> _Offset | None:
    if node is None:
        return _unit_offset("day", amount)
    name = node.name if isinstance(node, (exp.Var, exp.Literal, exp.Column)) else node.sql()
    return _unit_offset(name, amount)


def _add(a: _Offset, b: _Offset, sign: int = 1) -> _Offset:
    return (a[0] + sign * b[0], a[1] + sign * b[1], a[2] + sign * b[2])


def _interval(node: exp.Expr) -> _Offset | None:
    if not isinstance(node, exp.Interval):
        return None
    unit_node = node.args.get("unit")
    if unit_node is None and isinstance(node.this, exp.Literal):
        # '7 years', '1 year 6 months', '-30 days'
        parts = str(node.this.this).split()
        if len(parts) < 2 or len(parts) % 2:
            return None
        total: _Offset = (0.0, 0, 0.0)
        for amount_text, name in zip(parts[::2], parts[1::2], strict=True):
            try:
                amount = float(amount_text)
            except ValueError:
                return None
            part = _unit_offset(name, amount)
            if part is None:
                return None
            total = _add(total, part)
        return total
    number = _number(node.this)
    if number is None:
        return None
    return _unit(unit_node, number)


def _offset(node: exp.Expr) -> _Offset | None:
    """Signed offset from now of a relative date expression; None if not one."""
    if _is_now(node):
        return (0.0, 0, 0.0)
    if isinstance(node, (exp.Cast, exp.TryCast, exp.Paren, exp.Date, exp.TsOrDsToDate)):
        return _offset(node.this)
    if isinstance(
        node,
        (
            exp.DateAdd,
            exp.TsOrDsAdd,
            exp.TimestampAdd,
            exp.DatetimeAdd,
            exp.DateSub,
            exp.TimestampSub,
            exp.DatetimeSub,
        ),
    ):
        base = _offset(node.this)
        amount = _number(node.expression)
        if amount is None and isinstance(node.expression, exp.Interval):
            delta = _interval(node.expression)
        else:
            delta = _unit(node.args.get("unit"), amount) if amount is not None else None
        if base is None or delta is None:
            return None
        sign = -1 if isinstance(node, (exp.DateSub, exp.TimestampSub, exp.DatetimeSub)) else 1
        return _add(base, delta, sign)
    if isinstance(node, exp.AddMonths):
        base = _offset(node.this)
        amount = _number(node.expression)
        if base is None or amount is None:
            return None
        return _add(base, _unit_offset("month", amount) or (0.0, 0, 0.0))
    if isinstance(node, (exp.Add, exp.Sub)):
        base = _offset(node.this)
        other = node.expression
        delta = _interval(other)
        if delta is None:
            amount = _number(other)
            delta = _unit_offset("day", amount) if amount is not None else None
        if base is None or delta is None:
            return None
        return _add(base, delta, 1 if isinstance(node, exp.Add) else -1)
    return None


def _absolute(node: exp.Expr) -> str | None:
    while isinstance(
        node,
        (
            exp.Cast,
            exp.TryCast,
            exp.Paren,
            exp.Date,
            exp.TsOrDsToDate,
            exp.StrToDate,
            exp.TimeStrToTime,
        ),
    ):
        node = node.this
    if isinstance(node, exp.Literal) and node.is_string and _DATE.match(node.this):
        return str(node.this)[:10]
    return None


def evaluate(bound: exp.Expr, dialect: str) -> dict[str, Any]:
    """Describe a time bound.

    Example:
        >>> import sqlglot
        >>> b = sqlglot.parse_one("DATEADD(month, -6, CURRENT_DATE)", read="snowflake")
        >>> evaluate(b, "snowflake")["days"], evaluate(b, "snowflake")["months"]
        (180, 6)
        >>> evaluate(sqlglot.parse_one("'2020-01-31'"), "postgres")["date"]
        '2020-01-31'
    """
    text = bound.sql(dialect)[:200]
    offset = _offset(bound)
    if offset is not None:
        approx, months, days = offset
        # `months` is set when the offset is whole calendar months (or years, quarters):
        # the policies then count back by the calendar, as the inventory's `P5Y` does.
        calendar = -months if days == 0 and months != 0 else None
        return {
            "kind": "relative",
            "days": round(-approx),
            "months": calendar,
            "date": None,
            "expr": text,
        }
    date = _absolute(bound)
    if date is not None:
        return {"kind": "absolute", "days": None, "months": None, "date": date, "expr": text}
    return {"kind": "unknown", "days": None, "months": None, "date": None, "expr": text}
