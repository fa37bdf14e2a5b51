"""Property tests (hypothesis): facts extraction never raises and never loses an exposed
personal column behind aliases and CTEs; notice rendering keeps every required element for any
valid inventory generated from the minimal one."""

# The queries are built from strings on purpose (generated SQL is the input under test).
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tutela.inventory import load_inventory
from tutela.sql import Catalog
from tutela.sql.facts import DIALECTS, analyze_sql
from tutela.yamlsafe import load_yaml

from .conftest import EXAMPLE_INVENTORY, REPO

INVENTORY = load_inventory(EXAMPLE_INVENTORY)
CATALOG = Catalog.from_datasets(INVENTORY.datasets)
TABLE = "cc_dwh.crm.clientes"
PERSONAL = sorted(
    c["name"]
    for d in INVENTORY.data["datasets"]
    if d["table"] == TABLE
    for c in d["columns"]
    if c["category"] in INVENTORY.personal_categories and c["category"] != "clave"
)

TOKENS = [
    "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "EXISTS", "JOIN", "LEFT", "ON", "USING",
    "GROUP", "BY", "ORDER", "HAVING", "LIMIT", "UNION", "ALL", "WITH", "AS", "CASE", "WHEN",
    "THEN", "ELSE", "END", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "MERGE",
    "COPY", "TO", "CREATE", "TABLE", "VIEW", "OVER", "PARTITION", "NULL", "IS", "LIKE",
    "(", ")", ",", ".", ";", "*", "=", "<>", "+", "-", "/", "||", "::", "[", "]",
    "'x'", "'", '"', "`", "1", "0.5", "-- c\n", "/* c */", "/*", "$$", "{{", "}}", "\n", "\t",
    TABLE, "cc_dwh.pagos.legacy_ivr_pagos", "t", "c", "s3://b/x", "@stage",
    "curp", "cvv", "nombre", "telefono", "\u0441vv", "\u200b", "\u202e", "🙂", "ñ",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    tokens=st.lists(st.sampled_from(TOKENS), max_size=40),
    dialect=st.sampled_from(DIALECTS),
)
def test_facts_extraction_never_raises(tokens, dialect):
    text = " ".join(tokens)
    facts = analyze_sql(text, dialect=dialect, catalog=CATALOG, file="gen.sql")
    for fact in facts:
        assert fact["kind"] == "statement" and fact["file"] == "gen.sql"
        assert isinstance(fact["parsed"], bool)
        if not fact["parsed"]:
            assert fact["operation"] == "unparsed" and fact["error"]


def _wrap(query: str, columns: list[str], how: str, n: int) -> tuple[str, list[str]]:
    """One rewrite that keeps every column's value; returns the query and its output names."""
    if how == "cte":
        return f"WITH w{n} AS ({query}) SELECT {', '.join(columns)} FROM w{n}", columns
    if how == "derived":
        return f"SELECT d{n}.* FROM ({query}) AS d{n}", columns
    if how == "alias":
        names = [f"{c}_{n}" for c in columns]
        listed = ", ".join(f"q{n}.{c} AS {a}" for c, a in zip(columns, names, strict=True))
        return f"SELECT {listed} FROM ({query}) q{n}", names
    if how == "star_cte":
        return f"WITH s{n} AS ({query}) SELECT * FROM s{n}", columns
    raise AssertionError(how)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    chosen=st.lists(st.sampled_from(PERSONAL), min_size=1, max_size=4, unique=True),
    table_alias=st.booleans(),
    wrappers=st.lists(st.sampled_from(["cte", "derived", "alias", "star_cte"]), max_size=4),
    dialect=st.sampled_from(["snowflake", "bigquery", "postgres", "databricks", "ansi"]),
)
def test_aliases_and_ctes_never_hide_an_exposed_column(chosen, table_alias, wrappers, dialect):
    if table_alias:
        query = f"SELECT {', '.join('k.' + c for c in chosen)} FROM {TABLE} AS k"
    else:
        query = f"SELECT {', '.join(chosen)} FROM {TABLE}"
    names = list(chosen)
    for n, how in enumerate(wrappers):
        query, names = _wrap(query, names, how, n)
    (fact,) = analyze_sql(query, dialect=dialect, catalog=CATALOG, file="q.sql")
    assert fact["parsed"], fact["error"]
    exposed = {(e["table"], e["column"]) for e in fact["exposures"] if e["sink"] == "result"}
    assert {(TABLE, c) for c in chosen} <= exposed, query


MINIMO = load_yaml(
    (REPO / "tests/golden/notices/minimo/inventory.yaml").read_text(encoding="utf-8"),
    "inventory.yaml",
).data
word = st.text(
    alphabet=st.sampled_from(list("abcdefghijklmnopqrstuvwxyzáéíóúñü0123456789{}<>&%*#'\"$")),
    min_size=1,
    max_size=8,
)
phrase = st.lists(word, min_size=1, max_size=6).map(" ".join)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    legal_name=phrase,
    descriptions=st.lists(phrase, min_size=1, max_size=4, unique=True),
    email=st.from_regex(r"[a-z]{1,8}@[a-z]{1,8}\.mx", fullmatch=True),
)
def test_notice_keeps_every_required_element(legal_name, descriptions, email):
    from tutela.generators.notice import load_notice_inventory, render_notice

    data: dict[str, Any] = yaml.safe_load(yaml.safe_dump(MINIMO))
    data["controller"]["legal_name"] = legal_name
    data["controller"]["privacy_department"]["email"] = email
    data["purposes"] = [
        {"id": f"p{i}", "description": d, "requires_consent": False, "exception": "art9_IV"}
        for i, d in enumerate(descriptions)
    ]
    data["datasets"][0]["purposes"] = [f"p{i}" for i in range(len(descriptions))]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "inventory.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        inventory = load_notice_inventory(path)
        day = dt.date(2026, 11, 28)
        integral = render_notice(inventory, "integral", "md", date=day)
        simplificado = render_notice(inventory, "simplificado", "md", date=day)
        telefono = render_notice(inventory, "telefono", "txt", date=day)
    for text in (integral, simplificado, telefono):
        assert legal_name in text
    for description in descriptions:
        assert description in integral
        assert description in simplificado
    assert email in integral
    assert "28 de noviembre de 2026" in integral
