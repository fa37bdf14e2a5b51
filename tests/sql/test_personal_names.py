"""The column-name heuristic (INV001) is anchored on data, and docs/facts.md shows its table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutela.sql.personal import FLAG_PREFIXES, NAME_PATTERNS, QUALIFIER_SUFFIXES, looks_personal

DOC = Path(__file__).resolve().parents[2] / "docs" / "facts.md"
BEGIN = "<!-- generated from tutela.sql.personal.NAME_PATTERNS"
END = "<!-- end of generated table -->"


def doc_section() -> str:
    """The generated part of docs/facts.md's heuristic section."""
    prefixes = ", ".join(f"`{p}_`" for p in FLAG_PREFIXES)
    suffixes = ", ".join(f"`_{q}`" for q in QUALIFIER_SUFFIXES)
    rows = "\n".join(
        f"| {label} | `{p.replace('|', chr(92) + '|')}` |" for p, label in NAME_PATTERNS
    )
    return (
        f"* a name that starts with a flag prefix — {prefixes} —\n"
        "  is a yes/no flag\n"
        f"* a name that ends with a qualifier — {suffixes}\n"
        "  — describes the data rather than holding it\n\n"
        f"| label | pattern over the folded name |\n| --- | --- |\n{rows}\n"
    )


def test_docs_show_the_heuristic_tables() -> None:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(BEGIN)
    body = text[text.index("-->", start) + 3 : text.index(END)].strip("\n") + "\n"
    assert body == doc_section(), (
        "docs/facts.md's table is stale: paste doc_section() between the markers"
    )


@pytest.mark.parametrize(
    "name",
    [
        "email_lang",
        "has_opted_out_of_email",
        "is_phone_verified",
        "ip_pool",
        "account_number",
        "email_count",
        "phone_type",
        "correo_estatus",
        "tiene_telefono",
        "nombre_plantilla",
        "EMAIL_OPT_IN",
    ],
)
def test_lookalikes_do_not_look_personal(name: str) -> None:
    assert looks_personal(name) is None


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("email", "email"),
        ("customer_email_address", "email"),
        ("telefono_celular", "phone"),
        ("phone_num", "phone"),
        ("bank_account_number", "bank account"),
        ("ip_address", "online identifier"),
        ("rfc_receptor", "rfc"),
        ("\u0441vv", "cvv"),
    ],
)
def test_personal_names_still_look_personal(name: str, label: str) -> None:
    assert looks_personal(name) == label


def test_a_boolean_column_holds_no_personal_value() -> None:
    assert looks_personal("email_verificado", data_type="boolean") is None
    assert looks_personal("email_verificado", data_type="VARCHAR") == "email"


def test_the_doc_section_exists() -> None:
    assert re.search(r"^## Which column names look personal$", DOC.read_text("utf-8"), re.M)
