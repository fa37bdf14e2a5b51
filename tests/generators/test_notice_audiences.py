"""Notices per audience and channel on the example contact center (issue 14), through the CLI.

Each golden in ``tests/golden/notices/audiences/`` is what one data subject reads (or hears)
through one channel; a lawyer reviews them as plain files.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tutela.generators.spoken import spoken_lines, spoken_words

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "notices" / "audiences"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "contact-center" / "inventory.yaml"

# (audience, channel, format): the notices `make demo` writes.
CASES = [
    ("clientes", "web", "md"),
    ("clientes", "web", "html"),
    ("deudores", "phone", "txt"),
    ("deudores", "chat", "md"),
    ("deudores", "", "md"),
    ("prospectos", "phone", "txt"),
    ("empleados", "print", "md"),
    ("empleados", "print", "html"),
]


def _args(audience: str, channel: str, fmt: str) -> tuple[str, ...]:
    scope = ("--channel", channel) if channel else ()
    return ("notice", "-i", str(EXAMPLE), "--audience", audience, *scope, "--format", fmt)


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str, str], tuple[int, str, str]]:
    from click.testing import CliRunner

    from tutela.cli.main import cli

    out = {}
    for case in CASES:
        result = CliRunner().invoke(cli, list(_args(*case)))
        out[case] = (result.exit_code, result.stdout, result.stderr)
    return out


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(x for x in c if x))
def test_audience_golden(rendered, golden, case):
    code, out, err = rendered[case]
    assert code == 0, err
    golden(GOLDEN / f"{case[0]}-{case[1] or 'integral'}.{case[2]}", out)


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(x for x in c if x))
def test_titular_text_has_no_internal_notes_nor_card_data(rendered, case):
    _, out, _ = rendered[case]
    for internal in ("UNVERIFIED", "incierta", "obligatoriedad", "Reglamento 2011 art.", "art9_"):
        assert internal not in out, internal
    # PCI DSS 3.3.1 / 3.5.1: never published as data kept.
    for card in ("Código de seguridad", "CVV", "Número de tarjeta completo", "numero_tarjeta"):
        assert card.lower() not in out.lower(), card
    # No doubled punctuation.
    assert not re.search(r"(?<!\.)\.\.(?!\.)|\.:|\.;|,\.|;\.", out), re.findall(r".{20}\.\.", out)


def test_card_data_is_a_finding_for_the_inventory(rendered):
    _, _, err = rendered[("clientes", "web", "md")]
    cvv = "warning: cc_dwh.pagos.legacy_ivr_pagos.cvv: not published: la columna es `pci_cvv`"
    assert cvv in err
    assert "cc_dwh.pagos.legacy_ivr_pagos.numero_tarjeta: not published" in err


@pytest.mark.parametrize("audience", ["deudores", "prospectos"])
def test_phone_script_fits_in_a_minute(rendered, audience):
    _, out, _ = rendered[(audience, "phone", "txt")]
    words = sum(spoken_words(line) for line in spoken_lines(out))
    assert 60 <= words <= 150, words


def test_phone_script_asks_for_express_consent_and_never_presumes_it(rendered):
    _, out, _ = rendered[("prospectos", "phone", "txt")]
    assert "¿Acepta que usemos sus datos para publicidad y promociones?" in out
    assert "Responda sí o no; su respuesta queda grabada." in out
    assert "si no está de acuerdo" not in out.lower()
    # LFPC art. 17: who calls, on whose behalf, and the PROFECO contact.
    assert out.splitlines()[3].startswith("Le habla Contacto Integral del Occidente, S.A. de C.V.,")
    assert "en nombre de Promociones Alianza Digital." in out
    assert "www.gob.mx/profeco" in out
    assert "Escuche el aviso integral en la opción 9 del menú." in out


def test_customer_phone_script_over_a_minute_is_refused_with_what_to_cut(run_cli):
    code, out, err = run_cli(*_args("clientes", "phone", "txt"))
    assert (code, out) == (2, "")
    assert "Error: the phone script takes 74 s (185 spoken words" in err
    assert "over the limit of 60 s (150 words); cut 35 words. Longest sentences:" in err
    assert "allow more time with --max-seconds" in err
    code, out, _ = run_cli(*_args("clientes", "phone", "txt"), "--max-seconds", "75")
    assert code == 0 and out.startswith("AVISO DE PRIVACIDAD SIMPLIFICADO")


def test_debtor_notice_names_the_bank_as_source_and_as_responsable(rendered):
    _, out, _ = rendered[("deudores", "", "md")]
    # Art. 17: data obtained indirectly, and from whom.
    bank = "Banco Ficticio del Bajío, S.A., Institución de Banca Múltiple"
    assert f"- {bank}: cartera de créditos" in out
    # The collection itself is the bank's processing: named, not published as ours.
    assert "Para cobranza; y pagos con tarjeta actuamos por cuenta de Banco Ficticio" in out
    assert "Recordarle sus pagos pendientes" not in out
    # Handing the results back to the bank is not a transfer (Art. 2 fr. XX), nor Art. 36 IV.
    assert "esta entrega no es una transferencia" in out
    assert "artículo 36, fracción IV" not in out
    # Employees' data never reach a debtor.
    assert "incapacidades" not in out and "sindical" not in out


def test_employee_print_notice_has_the_signature_block_and_the_payroll_provision(rendered):
    _, out, _ = rendered[("empleados", "print", "md")]
    assert "Firma autógrafa o electrónica: ______" in out
    assert "☐ Sí otorgo ☐ No otorgo" in out
    # Union data feed payroll under a legal provision, not under "consent is asked".
    assert "lo prevé Ley Federal del Trabajo, art. 110, fracción VI" in out
    assert "(artículo 9, fracción I, de la LFPDPPP)" in out
    # Callers' data and marketing never reach an employee.
    assert "promociones" not in out.lower() and "REPEP" not in out


def test_an_audience_the_controller_only_processes_for_a_client_is_refused(run_cli, tmp_path):
    text = EXAMPLE.read_text("utf-8").replace(
        "    purposes: [cobranza, pagos]\n    client_notice: https://www.bancoficticiobajio",
        "    purposes: [cobranza, pagos, calidad, defensa_legal, arco]\n"
        "    client_notice: https://www.bancoficticiobajio",
    )
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(text, "utf-8")
    code, out, err = run_cli("notice", "-i", str(inventory), "--audience", "deudores")
    assert (code, out) == (2, "")
    assert "the controller acts as encargado for every purpose of this data subject" in err
    assert "the notice to give is the client's, not yours" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--audience", "deudor"), "unknown audience 'deudor': it is not a data subject of the "
         "inventory\n  help: did you mean 'deudores'?"),
        (("--audience", "empleados", "--channel", "phone"),
         "no phone channel collects data of data subject 'empleados'\n  help: its channels: print"),
        (("--type", "telefono", "--channel", "web"), "the telefono script is for --channel phone"),
    ],
)  # fmt: skip
def test_bad_scope_is_a_usage_error(run_cli, args, message):
    code, out, err = run_cli("notice", "-i", str(EXAMPLE), *args)
    assert (code, out) == (2, "")
    assert message in err


def test_review_appendix_holds_what_the_titular_text_does_not(run_cli):
    code, out, _ = run_cli(*_args("clientes", "web", "md"), "--review")
    assert code == 0
    public, appendix = out.split("# Anexo para la persona revisora (no publicar)")
    assert public == (GOLDEN / "clientes-web.md").read_text("utf-8")
    assert "UNVERIFIED" in appendix and "CCom art. 1047 (UNVERIFIED)" in appendix
    assert "pci_cvv" in appendix
    assert "Papel de encargado" in appendix


def test_markdown_refuses_html_and_links_from_the_inventory(run_cli, tmp_path):
    text = EXAMPLE.read_text("utf-8").replace(
        "Ficha de cada cliente atendido",
        "<script>alert(1)</script>[x](javascript:alert(2)) \u202eFicha\u200b de cada cliente "
        "atendido",
    )
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(text, "utf-8")
    code, out, _ = run_cli("notice", "-i", str(inventory), "--audience", "clientes")
    assert code == 0
    assert "<script>" not in out and not re.search(r"(?<!\\)\]\(javascript:", out)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;\\[x\\](javascript:alert(2)) "
    assert escaped + "\\u202eFicha\\u200b" in out
    code, _, _ = run_cli("validate", str(inventory))
    assert code == 0  # text is data: escaped, never refused


def test_validate_refuses_non_web_links(run_cli, tmp_path):
    text = (
        EXAMPLE.read_text("utf-8")
        .replace("website: https://www.contactointegral.example", "website: javascript:alert(1)")
        .replace(
            "integral_url: https://www.contactointegral.example/aviso-de-privacidad",
            "integral_url: data:text/html,hola",
        )
    )
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(text, "utf-8")
    code, _, err = run_cli("validate", str(inventory))
    assert code == 2
    assert "controller.website: the link scheme 'javascript:' is not allowed" in err
    assert "notice.integral_url: the link scheme 'data:' is not allowed" in err
    code, _, err = run_cli("notice", "-i", str(inventory), "--audience", "clientes")
    assert code == 2 and "is not allowed: use http, https, mailto or tel" in err


def _checks(text_edit, audience="prospectos", channel="phone", kind="telefono", fmt="txt"):
    import datetime as dt

    from tutela.generators.checklist_text import check_text
    from tutela.generators.notice import build_context, load_notice_inventory, render_notice

    inv = load_notice_inventory(EXAMPLE)
    day = dt.date(2026, 10, 15)
    text = render_notice(inv, kind, fmt, date=day, audience=audience, channel=channel)
    ctx = build_context(inv, kind, date=day, audience=audience, channel=channel, fmt=fmt)
    return {(c.detail, c.ok) for c in check_text(text_edit(text), ctx, kind)}


def test_check_reads_the_rendered_text():
    assert all(ok for _, ok in _checks(lambda t: t))
    # Each element is located in the text: drop the recording sentence and AV-23 fails.
    dropped = _checks(lambda t: t.replace("Grabamos esta llamada", "Esta conversación"))
    assert ("aviso de grabación", False) in dropped
    # A pre-ticked box, or opt-out wording for an express-consent purpose, is an error.
    ticked = _checks(lambda t: t + "☑ Sí acepto\n")
    assert ("ninguna aceptación premarcada", False) in ticked
    opt_out = _checks(
        lambda t: (
            t + "Usaremos sus datos para publicidad y promociones si no está de acuerdo, "
            "díganoslo.\n"
        )
    )
    assert (
        "sin fórmulas de exclusión (opt-out) para el consentimiento expreso (Art. 7)",
        False,
    ) in (opt_out)


def test_check_cli_locates_elements_and_times_the_script(run_cli):
    code, out, err = run_cli(
        "notice", "-i", str(EXAMPLE), "--check", "--audience", "prospectos", "--channel", "phone"
    )
    assert code == 0, err
    assert "telefono: complete\n\nEn el texto del aviso:\n" in out
    assert "AV-07 | ok | pregunta de consentimiento para mercadotecnia | línea 8," in out
    assert "AV-24 | ok | duración del guion | 147 palabras habladas, 59 s" in out


def test_aggregated_use_is_described_as_statistical_and_dissociated(run_cli, tmp_path):
    text = EXAMPLE.read_text("utf-8").replace(
        "  - table: cc_dwh.calidad.transcripciones\n",
        "  - table: cc_dwh.calidad.transcripciones\n    usage: {analitica: [aggregated]}\n",
    )
    inventory = tmp_path / "inventory.yaml"
    inventory.write_text(text, "utf-8")
    code, out, err = run_cli("notice", "-i", str(inventory), "--audience", "clientes")
    assert code == 0, err
    assert (
        "mejorar nuestros procesos; sólo de forma estadística, con datos agregados que no lo "
        "identifican (disociación, artículo 2, fracción IX, de la LFPDPPP) (consentimiento tácito)"
    ) in out
    # Without `usage` the purpose reads as before (the goldens).
    assert "disociación" not in (GOLDEN / "clientes-web.md").read_text("utf-8")
