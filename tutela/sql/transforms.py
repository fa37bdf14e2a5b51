"""Transforms: the function chain a value passes through, and which ones keep the value.

A column's value may reach an output through functions: ``SHA2(telefono)``,
``COUNT(DISTINCT telefono)``, ``RIGHT(pan, 4)``. The lineage records the chain (innermost
first); this module names each link and says which links do not carry the input value
through (aggregates, hashes, masks, comparisons, generalisations). Everything else —
including unknown functions and UDFs — is value-preserving, so an unknown function never
hides a value.

Example:
    >>> import sqlglot
    >>> node = sqlglot.parse_one("SELECT SHA2(UPPER(curp), 256) FROM t").expressions[0]
    >>> [(c.name, chain) for c, chain in value_columns(node)]
    [('curp', ('upper', 'sha2'))]
    >>> preserving(("upper", "sha2")), preserving(("upper",))
    (False, True)
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp

# Transforms that do not carry the input value through.
NON_PRESERVING = frozenset(  # a word list reads better than 120 one-word lines
    """
    count sum avg stddev stddevpop stddevsamp variance variancepop approxdistinct
    approx_count_distinct countif hll median quantile approxquantile percentilecont
    percentiledisc corr covarsamp covarpop md5 md5digest sha sha1 sha2 sha256 sha512
    farm_fingerprint farmfingerprint sha1digest sha2digest digest crypt fnv_hash func_sha1
    checksum binary_checksum stuff overlay hash hash_agg xxhash64 crc32 hmac standardhash
    md5_hex md5_number_lower64 sha1_hex sha2_hex keyed_hash right left substring substr
    regexpreplace regexp_replace translate mask mask_last_n mask_first_n mask_show_last_n
    mask_show_first_n repeat length len bytelength octet_length char_length eq neq gt gte
    lt lte is like ilike in between not and or exists regexplike regexp_like startswith
    contains year month quarter week dayofweek extract datetrunc timestamptrunc date_trunc
    trunc datediff timestampdiff round floor ceil sign abs isnull is_null nvl2
    """.split()  # noqa: SIM905
)


def preserving(transforms: tuple[str, ...] | list[str]) -> bool:
    """Whether a chain of transforms carries the input value through (no link drops it)."""
    return all(t not in NON_PRESERVING for t in transforms)


# Nodes that wrap a value without changing it and are not worth naming in a chain.
_TRANSPARENT = (
    exp.Alias,
    exp.Paren,
    exp.Column,
    exp.Identifier,
    exp.Window,
    exp.Tuple,
    exp.Order,
    exp.WithinGroup,
)
# Truncations keep part of a value: RIGHT/SUBSTRING keeping at most 4 characters (the last
# four of a card number) and LEFT keeping at most 8 (a BIN) are recorded under their own
# names; wider or unbounded ones as `<name>_wide`, which no mask list contains and which counts
# as value-preserving (RIGHT(pan, 16) is the whole card number).
_KEEPS: dict[type[exp.Expr], int] = {exp.Right: 4, exp.Left: 8, exp.Substring: 4}


def transform_name(node: exp.Expr) -> str:
    """The name recorded for a function or operator node.

    Example:
        >>> import sqlglot
        >>> transform_name(sqlglot.parse_one("SHA2(x, 256)", read="snowflake"))
        'sha2'
        >>> transform_name(sqlglot.parse_one("my_udf(x)"))
        'my_udf'
        >>> [transform_name(sqlglot.parse_one(s)) for s in ("RIGHT(p, 4)", "RIGHT(p, 16)")]
        ['right', 'right_wide']
    """
    if isinstance(node, exp.Anonymous):
        return str(node.this).lower()
    name = str(node.key).lower()
    limit = _KEEPS.get(type(node))
    if limit is not None:
        length = node.args.get("length") if isinstance(node, exp.Substring) else node.expression
        kept = _literal_int(length)
        if kept is None or kept > limit:
            return f"{name}_wide"
    return name


def _literal_int(node: exp.Expr | None) -> int | None:
    if isinstance(node, exp.Literal) and not node.is_string:
        try:
            return int(str(node.this))
        except ValueError:
            return None
    return None


def value_columns(node: exp.Expr) -> Iterator[tuple[exp.Expr, tuple[str, ...]]]:
    """Yield (column-or-subquery, chain) for every value-carrying leaf under ``node``.

    Conditions (CASE WHEN, IF's test, FILTER/WHERE), window PARTITION BY / ORDER BY and
    ORDER BY inside aggregates are not values: they are references (see facts).
    The chain lists transforms from the innermost to the outermost.
    """
    stack: list[tuple[exp.Expr, tuple[str, ...]]] = [(node, ())]
    while stack:
        current, outer = stack.pop()
        if isinstance(current, exp.Column):
            yield current, outer
            continue
        if isinstance(current, exp.TableColumn):  # a whole row: row_to_json(k)
            yield current, outer
            continue
        if isinstance(current, exp.Star) and current is not node:
            if not isinstance(current.parent, (exp.Count,)):  # COUNT(*) carries no value
                yield current, outer
            continue
        if isinstance(current, (exp.Subquery, exp.Select)):
            if current is not node:
                yield current, outer
                continue
            if isinstance(current, exp.Subquery):  # SET col = (SELECT ...): no transform
                yield current.this, outer
                continue
        chain = outer if isinstance(current, _TRANSPARENT) else (transform_name(current), *outer)
        for child in _value_children(current):
            stack.append((child, chain))


def _value_children(node: exp.Expr) -> list[exp.Expr]:
    if isinstance(node, exp.Case):
        children = [i.args.get("true") for i in node.args.get("ifs") or []]
        children.append(node.args.get("default"))
        return [c for c in children if c is not None]
    if isinstance(node, exp.If):
        return [c for c in (node.args.get("true"), node.args.get("false")) if c is not None]
    if isinstance(node, exp.Window):
        return [node.this]
    if isinstance(node, (exp.Filter, exp.WithinGroup)):
        return [node.this]
    if isinstance(node, (exp.Ordered, exp.Order)):
        return [node.this]  # ORDER BY inside an aggregate orders values; it carries none
    children = []
    for key, value in node.args.items():
        if key in {"order", "partition_by", "where", "spec"}:
            continue
        if isinstance(value, exp.Expr):
            children.append(value)
        elif isinstance(value, list):
            children.extend(v for v in value if isinstance(v, exp.Expr))
    return children
