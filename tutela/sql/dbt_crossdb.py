"""dbt's cross-database macros (``dbt.dateadd``, ``dbt.type_timestamp``...), per adapter.

dbt ships these macros in its global project; a model calls them as ``dbt.x(...)`` (or
``x(...)``), and ``adapter.dispatch('x', 'dbt')`` picks ``<adapter>__x`` or ``default__x``.
tutela cannot run dbt, so it carries its own implementation of each macro: the SQL each
adapter's version renders, written so that the result parses in that dialect and reads
exactly the columns its arguments name (tutela needs the columns, not the exact text).

The adapter comes from the file's dialect (:func:`adapter_type`): ``snowflake`` renders
``timestamp_ntz``, ``bigquery`` renders ``timestamp``, and so on.

Example:
    >>> macros_for("snowflake")["type_timestamp"]()
    'timestamp_ntz'
    >>> macros_for("bigquery")["dateadd"]("day", 1, "created_at")
    'datetime_add(cast(created_at as datetime), interval 1 day)'
    >>> macros_for("postgres")["concat"](["a", "b"])
    'a || b'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# tutela dialect -> dbt adapter type (``target.type``) and its parent adapters for dispatch.
_ADAPTERS = {
    "snowflake": "snowflake",
    "bigquery": "bigquery",
    "postgres": "postgres",
    "redshift": "redshift",
    "databricks": "databricks",
    "spark": "spark",
    "duckdb": "duckdb",
    "tsql": "sqlserver",
    "trino": "trino",
    "presto": "trino",
    "mysql": "mysql",
    "oracle": "oracle",
    "sqlite": "sqlite",
    "clickhouse": "clickhouse",
    "hive": "spark",
}
PARENTS = {"redshift": ["postgres"], "databricks": ["spark"], "duckdb": ["postgres"]}


def adapter_type(dialect: str) -> str:
    """The dbt adapter (``target.type``) for a tutela dialect; ``default`` for ansi.

    Example:
        >>> adapter_type("databricks"), adapter_type("ansi")
        ('databricks', 'default')
    """
    return _ADAPTERS.get(dialect, "default")


def dispatch_prefixes(adapter: str) -> list[str]:
    """The macro-name prefixes ``adapter.dispatch`` tries, in order.

    Example:
        >>> dispatch_prefixes("redshift")
        ['redshift__', 'postgres__', 'default__']
    """
    return [f"{a}__" for a in [adapter, *PARENTS.get(adapter, [])] if a != "default"] + [
        "default__"
    ]


def _family(adapter: str) -> str:
    """The adapter whose SQL conventions ``adapter`` follows."""
    if adapter in ("snowflake", "bigquery", "postgres", "redshift", "sqlserver", "trino"):
        return adapter
    if adapter in ("databricks", "spark"):
        return "spark"
    if adapter == "duckdb":
        return "postgres"
    return "default"


_TYPES = {
    "string": {"default": "varchar", "bigquery": "string", "spark": "string", "postgres": "text"},
    "timestamp": {"default": "timestamp", "snowflake": "timestamp_ntz"},
    "float": {"default": "float", "bigquery": "float64"},
    "numeric": {"default": "numeric(28,6)", "bigquery": "numeric", "spark": "decimal(28,6)"},
    "bigint": {"default": "bigint", "bigquery": "int64"},
    "int": {"default": "integer", "bigquery": "int64", "spark": "int"},
    "boolean": {"default": "boolean", "sqlserver": "bit"},
}


def type_name(kind: str, adapter: str) -> str:
    """The SQL type a ``dbt.type_<kind>()`` call renders for ``adapter``.

    Example:
        >>> type_name("string", "bigquery"), type_name("string", "snowflake")
        ('string', 'varchar')
    """
    table = _TYPES[kind]
    return table.get(adapter) or table.get(_family(adapter)) or table["default"]


def _s(value: Any) -> str:
    return str(value)


def _unquote(value: Any) -> str:
    text = str(value).strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        return text[1:-1]
    return text


def _make(adapter: str) -> dict[str, Callable[..., str]]:
    fam = _family(adapter)
    bq, sf, pg, sp = fam == "bigquery", fam == "snowflake", fam == "postgres", fam == "spark"

    def t(kind: str) -> Callable[[], str]:
        return lambda: type_name(kind, adapter)

    def dateadd(datepart: Any, interval: Any, from_date_or_timestamp: Any) -> str:
        part, n, date = _unquote(datepart), _s(interval), _s(from_date_or_timestamp)
        if bq:
            return f"datetime_add(cast({date} as datetime), interval {n} {part})"
        if pg:
            return f"{date} + ((interval '1 {part}') * ({n}))"
        return f"dateadd({part}, {n}, {date})"

    def datediff(first_date: Any, second_date: Any, datepart: Any) -> str:
        part, a, b = _unquote(datepart), _s(first_date), _s(second_date)
        if bq:
            return f"datetime_diff(cast({b} as datetime), cast({a} as datetime), {part})"
        if pg:
            return (
                f"(date_part('{part}', ({b})::timestamp) - date_part('{part}', ({a})::timestamp))"
            )
        return f"datediff({part}, {a}, {b})"

    def date_trunc(datepart: Any, date: Any) -> str:
        part = _unquote(datepart)
        if bq:
            return f"timestamp_trunc(cast({date} as timestamp), {part})"
        return f"date_trunc('{part}', {date})"

    def safe_cast(field: Any, type: Any) -> str:
        if bq:
            return f"safe_cast({field} as {type})"
        if sf or sp:
            return f"try_cast({field} as {type})"
        return f"cast({field} as {type})"

    def concat(fields: Any) -> str:
        items = [fields] if isinstance(fields, str) else [_s(f) for f in fields]
        if pg or (fam == "default" and adapter != "default"):
            return " || ".join(items)
        return f"concat({', '.join(items)})"

    def hash_(field: Any) -> str:
        text = f"cast({field} as {type_name('string', adapter)})"
        return f"to_hex(md5({text}))" if bq else f"md5({text})"

    def current_timestamp() -> str:
        if bq:
            return "current_timestamp()"
        if sf:
            return "convert_timezone('UTC', current_timestamp())"
        if pg:
            return "now()"
        return "current_timestamp"

    def listagg(
        measure: Any,
        delimiter_text: Any = "','",
        order_by_clause: Any = None,
        limit_num: Any = None,
    ) -> str:
        order = f" {order_by_clause}" if order_by_clause else ""
        if bq or pg:
            limit = f" limit {limit_num}" if limit_num and bq else ""
            return f"string_agg({measure}, {delimiter_text}{order}{limit})"
        if sp:
            return f"array_join(collect_list({measure}), {delimiter_text})"
        within = f" within group ({order_by_clause})" if order_by_clause else ""
        return f"listagg({measure}, {delimiter_text}){within}"

    def position(substring_text: Any, string_text: Any) -> str:
        if bq:
            return f"strpos({string_text}, {substring_text})"
        return f"position({substring_text} in {string_text})"

    def right(string_text: Any, length_expression: Any) -> str:
        if bq:
            return f"substr({string_text}, -1 * ({length_expression}))"
        return f"right({string_text}, {length_expression})"

    def split_part(string_text: Any, delimiter_text: Any, part_number: Any) -> str:
        if bq:
            return f"split({string_text}, {delimiter_text})[safe_offset({part_number} - 1)]"
        if sp:
            return f"split({string_text}, {delimiter_text})[({part_number} - 1)]"
        return f"split_part({string_text}, {delimiter_text}, {part_number})"

    def bool_or(expression: Any) -> str:
        if bq:
            return f"logical_or({expression})"
        if sf:
            return f"boolor_agg({expression})"
        return f"bool_or({expression})"

    def any_value(expression: Any) -> str:
        return f"min({expression})" if pg else f"any_value({expression})"

    def escape_single_quotes(expression: Any) -> str:
        if bq or sf or sp:
            return str(expression).replace("'", "\\'")
        return str(expression).replace("'", "''")

    def array_construct(inputs: Any = (), data_type: Any = None) -> str:
        items = ", ".join(_s(i) for i in inputs or [])
        if sf:
            return f"array_construct({items})"
        if bq or sp:
            return f"array({items})" if sp else f"[{items}]"
        return f"array[{items}]"

    def array_append(array: Any, new_element: Any) -> str:
        if bq:
            return f"array_concat({array}, [{new_element}])"
        return f"array_append({array}, {new_element})"

    def array_concat(array_1: Any, array_2: Any) -> str:
        if bq or sp:
            return f"{'concat' if sp else 'array_concat'}({array_1}, {array_2})"
        return f"array_cat({array_1}, {array_2})"

    def last_day(date: Any, datepart: Any) -> str:
        start = dateadd(datepart, "1", date_trunc(datepart, date))
        return f"cast({dateadd('day', '-1', start)} as date)"

    def date(year: Any, month: Any, day: Any) -> str:
        if bq:
            return f"date({year}, {month}, {day})"
        if sf:
            return f"date_from_parts({year}, {month}, {day})"
        return f"make_date({year}, {month}, {day})"

    def generate_series(upper_bound: Any) -> str:
        return (
            "select n as generated_number "  # noqa: S608 - SQL a macro renders, never run
            "from (select row_number() over (order by 1) as n "
            f"from (select 1 as x) as one) as numbers where n <= {upper_bound}"
        )

    def date_spine(datepart: Any, start_date: Any, end_date: Any) -> str:
        day = dateadd(datepart, "n - 1", f"cast({start_date} as date)")
        return (
            f"select cast({day} as date) as date_{_unquote(datepart)} from "  # noqa: S608
            "(select row_number() over (order by 1) as n from (select 1 as x) as one) as spine "
            f"where {day} < {end_date}"
        )

    return {
        "type_string": t("string"),
        "type_timestamp": t("timestamp"),
        "type_float": t("float"),
        "type_numeric": t("numeric"),
        "type_bigint": t("bigint"),
        "type_int": t("int"),
        "type_boolean": t("boolean"),
        "dateadd": dateadd,
        "datediff": datediff,
        "date_trunc": date_trunc,
        "safe_cast": safe_cast,
        "cast": lambda field, type: f"cast({field} as {type})",
        "concat": concat,
        "hash": hash_,
        "cast_bool_to_text": lambda field: f"cast({field} as {type_name('string', adapter)})",
        "current_timestamp": current_timestamp,
        "current_timestamp_backcompat": current_timestamp,
        "current_timestamp_in_utc_backcompat": current_timestamp,
        "length": lambda expression: f"length({expression})",
        "position": position,
        "replace": lambda field, old_chars, new_chars: (
            f"replace({field}, {old_chars}, {new_chars})"
        ),
        "right": right,
        "split_part": split_part,
        "listagg": listagg,
        "any_value": any_value,
        "bool_or": bool_or,
        "escape_single_quotes": escape_single_quotes,
        "string_literal": lambda value: f"'{value}'",
        "except": lambda: "except distinct" if bq else "except",
        "intersect": lambda: "intersect distinct" if bq else "intersect",
        "array_construct": array_construct,
        "array_append": array_append,
        "array_concat": array_concat,
        "last_day": last_day,
        "date": date,
        "equals": lambda expr1, expr2: (
            f"(({expr1} = {expr2}) or ({expr1} is null and {expr2} is null))"
        ),
        "generate_series": generate_series,
        "date_spine": date_spine,
    }


_CACHE: dict[str, dict[str, Callable[..., str]]] = {}


def macros_for(adapter: str) -> dict[str, Callable[..., str]]:
    """Every cross-database macro, as ``adapter`` renders it (built once per adapter)."""
    if adapter not in _CACHE:
        _CACHE[adapter] = _make(adapter)
    return _CACHE[adapter]
