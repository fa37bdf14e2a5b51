"""The GDPR profile's inventory block (``gdpr:``), validated only when the profile is on.

The block is a separate top-level section of ``inventory.yaml``: the base schema accepts it
as an opaque map, and :func:`tutela.gdpr.validate_gdpr` checks it against :data:`SCHEMA` and
the rest of the inventory when ``jurisdiction`` includes ``gdpr`` (config or
``--jurisdiction gdpr``). ``docs/gdpr.md`` embeds the key table :func:`render_gdpr_docs`
renders (a test keeps them equal).

Example:
    >>> LAWFUL_BASES[0], ART6_LETTER["legitimate_interests"]
    ('consent', 'f')
"""

from __future__ import annotations

from typing import Any

from tutela.inventory.schema import EMAIL_PATTERN, ID_PATTERN

Rules = dict[str, Any]

# Art. 6(1)(a)-(f).
LAWFUL_BASES: tuple[str, ...] = (
    "consent",
    "contract",
    "legal_obligation",
    "vital_interests",
    "public_task",
    "legitimate_interests",
)
ART6_LETTER = dict(zip(LAWFUL_BASES, "abcdef", strict=True))

# Art. 9(2)(a)-(j).
SPECIAL_CONDITIONS: tuple[str, ...] = (
    "explicit_consent",
    "employment_social_security",
    "vital_interests",
    "not_for_profit_body",
    "made_public",
    "legal_claims",
    "substantial_public_interest",
    "health_care",
    "public_health",
    "archiving_research",
)
ART9_LETTER = dict(zip(SPECIAL_CONDITIONS, "abcdefghij", strict=True))

# Chapter V: adequacy decision (Art. 45; the EU-U.S. Data Privacy Framework is one),
# standard contractual clauses (Art. 46(2)(c)), binding corporate rules (Art. 47), a
# derogation for a specific situation (Art. 49).
SAFEGUARDS: tuple[str, ...] = ("adequacy", "dpf", "scc", "bcr", "derogation")
SAFEGUARD_ARTICLE = {
    "adequacy": "45",
    "dpf": "45",
    "scc": "46",
    "bcr": "47",
    "derogation": "49",
}

PROVISION: tuple[str, ...] = ("statutory", "contractual", "contract_prerequisite", "voluntary")

# The EEA (EU 27 + Iceland, Liechtenstein, Norway): a recipient elsewhere is in a third
# country for Chapter V (Art. 44).
EEA: tuple[str, ...] = (
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
    "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
)  # fmt: skip


def _str(description: str, *, required: bool = False, **rules: Any) -> Rules:
    out: Rules = {"type": "string", "empty": False, "meta": {"description": description}}
    if required:
        out["required"] = True
    out.update(rules)
    return out


def _contact(description: str, *, address: bool = False) -> Rules:
    schema: dict[str, Rules] = {
        "name": _str("Nombre o área.", required=True),
        "email": _str("Correo electrónico.", regex=EMAIL_PATTERN),
        "phone": _str("Teléfono."),
    }
    if address:
        schema["address"] = _str("Domicilio postal.", required=True)
    return {"type": "dict", "schema": schema, "meta": {"description": description}}


_PURPOSE: dict[str, Rules] = {
    "lawful_basis": _str(
        "Base jurídica del Art. 6(1) RGPD: consent (a), contract (b), legal_obligation (c), "
        "vital_interests (d), public_task (e), legitimate_interests (f).",
        allowed=list(LAWFUL_BASES),
    ),
    "legitimate_interest": _str(
        "El interés legítimo que se persigue (Art. 13(1)(d)); obligatorio con legitimate_interests."
    ),
    "special_category_condition": _str(
        "Condición del Art. 9(2) RGPD (a-j) para tratar categorías especiales con esta "
        "finalidad: explicit_consent, employment_social_security, vital_interests, "
        "not_for_profit_body, made_public, legal_claims, substantial_public_interest, "
        "health_care, public_health, archiving_research.",
        allowed=list(SPECIAL_CONDITIONS),
    ),
    "provision": {
        "type": "dict",
        "meta": {
            "description": "Si dar los datos es requisito legal o contractual, si el titular "
            "está obligado y qué pasa si no los da (Art. 13(2)(e))."
        },
        "schema": {
            "requirement": _str(
                "statutory, contractual, contract_prerequisite o voluntary.",
                required=True,
                allowed=list(PROVISION),
            ),
            "obliged": {
                "type": "boolean",
                "required": True,
                "meta": {"description": "Si el titular está obligado a darlos."},
            },
            "consequences": _str("Consecuencias de no darlos.", required=True),
        },
    },
    "automated_logic": _str(
        "Decisiones automatizadas (Art. 22): la lógica aplicada, en lenguaje claro (Art. 13(2)(f))."
    ),
    "automated_consequences": _str(
        "Decisiones automatizadas: importancia y consecuencias previstas para el titular."
    ),
    "description_en": _str("Descripción de la finalidad en inglés, para el aviso en inglés."),
}

SCHEMA: dict[str, Rules] = {
    "established_in_eu": {
        "type": "boolean",
        "default": False,
        "meta": {
            "description": "Si el responsable tiene establecimiento en la UE; si no, debe "
            "designar representante (Art. 27) salvo la excepción del Art. 27(2)."
        },
    },
    "representative": _contact("Representante en la Unión (Art. 27; Art. 13(1)(a)).", address=True),
    "representative_exemption": _str(
        "Por qué no se designa representante (Art. 27(2): tratamiento ocasional, sin "
        "categorías especiales a gran escala, sin riesgo)."
    ),
    "dpo": _contact("Delegado de protección de datos (Arts. 37-39; Art. 13(1)(b)).", address=False),
    "supervisory_authority": {
        "type": "dict",
        "meta": {"description": "Autoridad de control ante la que puede reclamar (Art. 77)."},
        "schema": {
            "name": _str("Nombre de la autoridad.", required=True),
            "url": _str("Sitio web de la autoridad."),
        },
    },
    "public_sources": {
        "type": "boolean",
        "default": False,
        "meta": {
            "description": "Si datos no obtenidos del titular vienen de fuentes de acceso "
            "público (Art. 14(2)(f))."
        },
    },
    "purposes": {
        "type": "dict",
        "keysrules": {"type": "string", "regex": ID_PATTERN},
        "valuesrules": {"type": "dict", "schema": _PURPOSE},
        "default": {},
        "meta": {"description": "Por id de finalidad del inventario, lo que el RGPD añade."},
    },
    "recipients": {
        "type": "dict",
        "keysrules": {"type": "string", "regex": ID_PATTERN},
        "valuesrules": {
            "type": "dict",
            "schema": {
                "safeguard": _str(
                    "Garantía del capítulo V para un destinatario fuera del EEE: adequacy "
                    "(Art. 45), dpf (Marco de Privacidad de Datos UE-EE. UU., Art. 45), scc "
                    "(cláusulas tipo, Art. 46(2)(c)), bcr (normas corporativas vinculantes, "
                    "Art. 47), derogation (Art. 49).",
                    required=True,
                    allowed=list(SAFEGUARDS),
                ),
                "reference": _str("Dónde obtener una copia de la garantía (Art. 13(1)(f))."),
            },
        },
        "default": {},
        "meta": {"description": "Por id de destinatario del inventario, su garantía."},
    },
}


def render_gdpr_docs() -> str:
    """The key table of the ``gdpr:`` block (embedded in docs/gdpr.md).

    Example:
        >>> render_gdpr_docs().splitlines()[0]
        '| key | type | required | description (Spanish, as in the schema) |'
    """
    lines = [
        "| key | type | required | description (Spanish, as in the schema) |",
        "| --- | --- | --- | --- |",
    ]

    def walk(schema: dict[str, Rules], prefix: str) -> None:
        for key, rules in schema.items():
            path = f"{prefix}.{key}"
            desc = rules["meta"]["description"].replace("|", "\\|")
            req = "yes" if rules.get("required") else ""
            lines.append(f"| `{path}` | {rules['type']} | {req} | {desc} |")
            if "schema" in rules and rules["type"] == "dict":
                walk(rules["schema"], path)
            elif "valuesrules" in rules:
                walk(rules["valuesrules"]["schema"], f"{path}.<id>")

    walk(SCHEMA, "gdpr")
    return "\n".join(lines)
