"""``tutela notice --check`` on the rendered text: where each AV element is, and plain language.

The key coverage (:mod:`.checklist`) says the inventory *has* each element; this module says
the notice a titular reads *shows* it (issue 14): each applicable AV element is located in the
output (section and sentence), and the text is checked for what a lawyer would reject: an
acceptance box already ticked, opt-out wording ("si no está de acuerdo…") next to a purpose
that needs express consent, sentences too long to follow and, for the phone script, its
length in seconds.

Example:
    >>> _sentences("Hola. ¿Acepta? Sí.")
    ['Hola.', '¿Acepta?', 'Sí.']
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .spoken import seconds, spoken_lines, spoken_words

MAX_SENTENCE_WORDS = 60
_OPT_OUT = ("si no está de acuerdo", "si no se opone", "salvo que nos indique", "si no se niega")
_TICKED = ("☑", "☒", "[x]", "[X]", "checked")


@dataclass(frozen=True)
class TextCheck:
    """One result: an AV element located (or not), or a plain-language check."""

    id: str
    ok: bool
    severity: str  # "error" blocks (exit 2), "warning" informs
    where: str
    detail: str


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[.?!])\s+|\n+", text) if s.strip()]


def _locate(text: str, needle: str) -> str | None:
    """``section «sentence…»`` of the first sentence that holds ``needle``, or ``None``."""
    if not needle:
        return None
    section = "inicio"
    for line_no, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#"):
            section = line.lstrip("# ").strip()
        plain = re.sub(r"<[^>]+>", "", line)
        if needle.lower() in plain.lower():
            # An abbreviation ("S.A. de C.V.") may split a sentence: fall back to the line.
            sentence = next(
                (x for x in _sentences(plain) if needle.lower() in x.lower()), plain.strip()
            )
            excerpt = sentence if len(sentence) <= 60 else sentence[:57] + "…"
            return f"línea {line_no}, «{section}»: «{excerpt.lstrip('-|# ')}»"
    return None


def check_text(text: str, ctx: Mapping[str, Any], kind: str) -> list[TextCheck]:
    """Locate each applicable element of ``ctx`` in ``text`` and run the plain-language checks."""
    phone = kind == "telefono"
    if phone:  # only what is read aloud counts; the header is for the agent
        head, _, body = text.partition("\n\n")
        text = "\n" * (head.count("\n") + 2) + body
    wanted: list[tuple[str, str, list[str]]] = [
        ("AV-01", "identidad del responsable", [ctx["controller"]["legal_name"]]),
        ("AV-02", "domicilio", [ctx["controller"]["domicile"]["street"]]),
    ]
    if phone:
        wanted.append(("AV-03", "datos que se tratan", ["Usamos sus datos"]))
    elif kind != "integral":  # the simplified notice names categories, not items
        wanted.append(("AV-03", "datos que se tratan", ["Tratamos"]))
    else:
        wanted += [
            ("AV-03", f"datos: {item}", [item])
            for g in ctx["data_categories"]
            for item in g["items"][:1]
        ]
    for s in ctx["sensitive"]:
        wanted.append(("AV-04", f"dato sensible: {s['description']}", [s["description"]]))
    for p in ctx["other_purposes"] + ctx["consent_purposes"]:
        wanted.append(("AV-05", f"finalidad {p['id']}", [p["name" if phone else "description"]]))
    for p in ctx["express_purposes"]:
        wanted.append(("AV-07", f"pregunta de consentimiento para {p['id']}", ["¿Acepta"]))
    if ctx["transfers_need_consent"]:
        wanted.append(
            (
                "AV-13",
                "aceptación de transferencias",
                ["¿Acepta que los compartamos", "☐ Sí acepto"],
            )
        )
    if ctx["signature_block"]:
        wanted.append(("AV-14", "bloque de firma", ["Firma autógrafa"]))
    if kind in {"simplificado", "telefono", "corto"}:
        wanted.append(("AV-18", "dónde consultar el integral", ["aviso integral", "integral"]))
    for source in ctx["indirect_sources"]:
        wanted.append(("AV-22", f"fuente: {source['provider']}", [source["provider"]]))
    if ctx["recorded"]:
        wanted.append(("AV-23", "aviso de grabación", ["Grabamos"]))
    out: list[TextCheck] = []
    for element, what, needles in wanted:
        where = next((w for n in needles if (w := _locate(text, n))), None)
        out.append(
            TextCheck(element, where is not None, "error", where or "no está en el texto", what)
        )
    out.extend(_plain_language(text, ctx, phone))
    return out


def _plain_language(text: str, ctx: Mapping[str, Any], phone: bool) -> list[TextCheck]:
    out: list[TextCheck] = []
    ticked = [t for t in _TICKED if t in text]
    out.append(
        TextCheck(
            "AV-24",
            not ticked,
            "error",
            f"casilla marcada de antemano: {', '.join(ticked)}" if ticked else "todo el texto",
            "ninguna aceptación premarcada",
        )
    )
    express = [p["name"].lower() for p in ctx["express_purposes"]] + [
        p["description"].lower() for p in ctx["express_purposes"]
    ]
    bad = [
        s
        for s in _sentences(text)
        if any(o in s.lower() for o in _OPT_OUT) and any(e and e in s.lower() for e in express)
    ]
    out.append(
        TextCheck(
            "AV-24",
            not bad,
            "error",
            f"«{bad[0][:60]}»" if bad else "todo el texto",
            "sin fórmulas de exclusión (opt-out) para el consentimiento expreso (Art. 7)",
        )
    )
    long = [s for s in _sentences(text) if len(s.split()) > MAX_SENTENCE_WORDS]
    out.append(
        TextCheck(
            "AV-24",
            not long,
            "warning",
            f"{len(long)} oraciones; la primera: «{long[0][:50]}…»" if long else "todo el texto",
            f"oraciones de {MAX_SENTENCE_WORDS} palabras o menos",
        )
    )
    if phone:
        words = sum(spoken_words(line) for line in spoken_lines(text))
        out.append(
            TextCheck(
                "AV-24",
                True,
                "warning",
                f"{words} palabras habladas, {seconds(words):.0f} s a 150 palabras por minuto",
                "duración del guion",
            )
        )
    return out


def render_text_checks(checks: list[TextCheck]) -> tuple[str, bool]:
    """The table printed by ``--check`` and whether every error-level check passed."""
    lines = ["", "En el texto del aviso:"]
    for c in checks:
        state = "ok" if c.ok else ("FALTA" if c.severity == "error" else "aviso")
        lines.append(f"{c.id} | {state} | {c.detail} | {c.where}")
    passed = all(c.ok for c in checks if c.severity == "error")
    return "\n".join(lines) + "\n", passed
