"""GDPR Art. 13 and Art. 14 notices: goldens (en/es, md/html) and the completeness checklist."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tutela.errors import InventoryError
from tutela.generators.gdpr_notice import (
    CHECKLIST,
    check_gdpr_notice,
    gdpr_notice_status,
    render_gdpr_notice,
)
from tutela.inventory import load_inventory

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO / "tests" / "golden" / "gdpr"
DATE = dt.date(2026, 10, 15)


@pytest.mark.parametrize(
    ("article", "lang", "fmt"),
    [
        ("13", "en", "md"),
        ("13", "es", "md"),
        ("14", "en", "md"),
        ("14", "es", "md"),
        ("13", "en", "html"),
    ],
)
def test_notice_goldens(gdpr_project: Path, golden, article, lang, fmt) -> None:
    inv = load_inventory(gdpr_project / "inventory.yaml")
    text = render_gdpr_notice(inv, article, lang, fmt, date=DATE)
    golden(GOLDEN / f"art{article}.{lang}.{fmt}", text)
    assert ("Article " if lang == "en" else "artículo ") + article in text
    if article == "14":
        assert "Banco Ficticio del Bajío" in text.split("14(2)(f)" if lang == "en" else "14.2.f")[0]
    for word in ("UNVERIFIED", "{{", "None"):
        assert word not in text


def test_html_is_escaped(gdpr_project: Path) -> None:
    inventory = gdpr_project / "inventory.yaml"
    inventory.write_text(
        inventory.read_text(encoding="utf-8").replace(
            "name: Delegada de Protección de Datos", "name: <script>alert(1)</script>"
        ),
        encoding="utf-8",
    )
    html = render_gdpr_notice(load_inventory(inventory), "13", "en", "html", date=DATE)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_checklist_ids_cite_their_article() -> None:
    for element in CHECKLIST:
        _, art, par, letter = element.id.split("-")
        assert element.source.startswith(f"GDPR art. {art}({par})({letter})")
        assert (element.art13 == "N") == (art == "14")


def test_missing_elements_block_the_notice(gdpr_project: Path) -> None:
    inventory = gdpr_project / "inventory.yaml"
    text = inventory.read_text(encoding="utf-8")
    text = text.replace(
        "  representative:\n    name: Representación Europea de Contacto Integral, "
        "S.L.\n    address: Calle de Alcalá 100, 28009 Madrid, España\n"
        "    email: representante-ue@contactointegral.example\n",
        "  representative_exemption: tratamiento ocasional\n",
    )
    text = text.replace(
        "      automated_consequences: Puede recibir ofertas distintas de las de "
        "otros clientes; no afecta su crédito ni su servicio.\n",
        "",
    )
    text = text.replace(
        "  supervisory_authority:\n    name: Agencia Española de Protección de "
        "Datos (AEPD)\n    url: https://www.aepd.es\n",
        "",
    )
    inventory.write_text(text, encoding="utf-8")
    inv = load_inventory(inventory)
    states = {s.id: s for s in gdpr_notice_status(inv, "13")}
    assert states["GDPR-13-1-a"].filled  # the Art. 27(2) exemption replaces the representative
    with pytest.raises(InventoryError) as info:
        check_gdpr_notice(inv, "13")
    messages = [p.render() for p in info.value.problems]
    assert len(messages) == 2, messages
    assert "GDPR-13-2-d" in messages[0] and "add `gdpr.supervisory_authority`" in messages[0]
    assert "GDPR-13-2-f" in messages[1]
    assert "add `gdpr.purposes.perfilamiento.automated_logic`" in messages[1]
    assert all(m.startswith(f"{inventory}:") for m in messages)
    assert "2 required elements missing" in info.value.message


def test_cli_notice_and_check(run_cli, gdpr_project: Path, tmp_path: Path) -> None:
    code, out, err = run_cli("gdpr", "notice", "--check", cwd=gdpr_project)
    assert code == 0, err
    assert "GDPR-13-2-e | Y   | complete" in out and out.rstrip().endswith("Art. 13: complete")
    out_file = tmp_path / "art13.html"
    code, _, err = run_cli(
        "gdpr",
        "notice",
        "--article",
        "13",
        "--lang",
        "en",
        "--format",
        "html",
        "--out",
        str(out_file),
        cwd=gdpr_project,
    )
    assert code == 0, err
    assert out_file.read_text(encoding="utf-8").startswith("<!doctype html>")
    code, _, err = run_cli("gdpr", "notice", "--out", str(out_file), cwd=gdpr_project)
    assert code == 2 and "already exists" in err
    # the example without the block: a clear error, exit 2
    code, _, err = run_cli("gdpr", "notice", cwd=REPO / "examples" / "contact-center")
    assert code == 2 and "no `gdpr:` block" in err and "Traceback" not in err
