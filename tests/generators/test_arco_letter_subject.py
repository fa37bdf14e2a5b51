"""ARCO letters name only the requesting titular's purposes and recipients (issue 14)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "contact-center" / "inventory.yaml"
BASE = ("arco", "letter", "-i", str(EXAMPLE), "--received", "2026-11-02", "--date", "2026-11-20")


def test_customer_oposicion_mentions_only_customer_purposes(run_cli):
    code, out, err = run_cli(*BASE, "-r", "oposicion", "--data-subject", "clientes")
    assert code == 0, err
    assert "- Publicidad y promociones: llamarle o escribirle" in out
    assert "- Perfil de consumo automatizado: clasificar" in out
    for other in ("incapacidades", "Recordarle sus pagos", "sueldos"):
        assert other not in out, other


def test_debtor_oposicion_mentions_only_debtor_purposes(run_cli):
    code, out, err = run_cli(
        *BASE, "-r", "oposicion", "--data-subject", "deudores", "--purpose", "cobranza"
    )
    assert code == 0, err
    assert "- Cobranza: recordarle sus pagos pendientes" in out
    for other in ("incapacidades", "publicidad", "perfil", "sueldos"):
        assert other not in out.lower(), other
    # An employee purpose is not something a debtor can be promised the end of.
    code, out, err = run_cli(
        *BASE, "-r", "oposicion", "--data-subject", "deudores", "--purpose", "rh_salud"
    )
    assert (code, out) == (2, "")
    assert "purpose 'rh_salud' does not apply to this titular's data (deudores)" in err


def test_access_letter_lists_that_titulars_recipients_with_readable_names(run_cli):
    code, out, _ = run_cli(*BASE, "-r", "acceso", "--data-subject", "deudores")
    assert code == 0
    recipients = out.split("Destinatarios a quienes se comunicaron sus datos:")[1].split("##")[0]
    assert "para: defensa legal." in recipients
    assert "defensa_legal" not in out and "Promociones Alianza" not in recipients
    assert "IMSS" not in recipients  # the payroll authorities receive employees' data only
    assert "(art. 32)" in out and "archivo PDF protegido con contraseña" in out
    assert "nos los entregó Banco Ficticio del Bajío" in out


@pytest.mark.parametrize("right", ["acceso", "cancelacion", "oposicion", "revocacion"])
def test_letters_have_no_doubled_punctuation_nor_unverified_notes(run_cli, right):
    code, out, err = run_cli(*BASE, "-r", right, "--data-subject", "clientes")
    assert code == 0, err
    assert not re.search(r"(?<!\.)\.\.(?!\.)|\.:|\.;|,\.|;\.|\.\)", out), re.findall(
        r".{30}\.[.:;)]", out
    )
    assert "UNVERIFIED" not in out
    if right == "cancelacion":
        assert "CCom art. 1047" in out  # the basis stays, its marker goes to a warning
        assert "marked UNVERIFIED" in err


def test_cancellation_refused_on_art25_grounds(run_cli):
    code, out, err = run_cli(
        *BASE, "-r", "cancelacion", "--data-subject", "clientes",
        "--outcome", "improcedente", "--refusal", "art25_II",
    )  # fmt: skip
    assert code == 0, err
    assert "- Artículo 25, fracción II: una ley obliga a tratarlos." in out
    code, _, err = run_cli(
        *BASE, "-r", "acceso", "--data-subject", "clientes",
        "--outcome", "improcedente", "--refusal", "art25_II",
    )  # fmt: skip
    assert code == 2 and "the Art. 25 grounds apply only to cancelacion" in err


def test_holy_week_treatment_is_stated(run_cli):
    args = ("arco", "letter", "-i", str(EXAMPLE), "-r", "acceso", "--data-subject", "clientes")
    _, out, _ = run_cli(*args, "--received", "2026-03-25", "--date", "2026-04-10")
    assert (
        "Contamos como días hábiles el Jueves Santo (2 de abril de 2026) y el Viernes Santo "
        "(3 de abril de 2026): no son días de descanso obligatorio" in out
    )
    _, out, _ = run_cli(
        *args, "--received", "2026-03-25", "--date", "2026-04-10",
        "--holiday", "2026-04-02", "--holiday", "2026-04-03",
    )  # fmt: skip
    assert "No contamos como días hábiles el Jueves Santo" in out
