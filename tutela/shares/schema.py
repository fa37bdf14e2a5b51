"""The Cerberus schema of a data-sharing manifest (``shares/*.yaml``), one file per share.

Keys are English (STYLE.md 7.1); every field carries a Spanish ``meta.description`` because
the privacy office reviews these files. ``docs/shares.md`` embeds the field table rendered by
:func:`render_manifest_docs`, and a test keeps the two equal.

Example:
    >>> SCHEMA["version"]["allowed"]
    [1]
    >>> sorted(SCHEMA["data"]["schema"])
    ['query', 'tables']
"""

from __future__ import annotations

from typing import Any

# Patterns, enumerations and the schema builders are the inventory's: one way to declare a
# documented field.
from tutela.inventory.schema import (
    ART36_EXCEPTIONS,
    COLUMN_PATTERN,
    CONSENT_KINDS,
    CONTRACT_CLAUSES,
    COUNTRY_PATTERN,
    DURATION_PATTERN,
    EMAIL_PATTERN,
    TABLE_PATTERN,
    _bool,
    _date,
    _dict,
    _enum,
    _field,
    _id,
    _list,
    _str,
    _type_label,
    iter_fields,
)

SCHEMA_VERSION = 1

FREQUENCIES: tuple[str, ...] = ("once", "on_demand", "daily", "weekly", "monthly", "continuous")
TRANSPORT_METHODS: tuple[str, ...] = (
    "sftp",
    "https",
    "s3",
    "gcs",
    "azure_blob",
    "snowflake_share",
    "database_link",
    "email",
    "physical_media",
)
APPROVER_ROLES: tuple[str, ...] = ("privacy_office", "data_owner", "legal", "security")
STATUSES: tuple[str, ...] = ("draft", "approved", "revoked")

Rules = dict[str, Any]


SCHEMA: dict[str, Rules] = {
    "version": _field(
        "integer", "Versión del formato del manifiesto; hoy solo 1.", required=True, allowed=[1]
    ),
    "id": _id(
        "Identificador único del intercambio; es el que cita el pragma SQL "
        "`-- tutela: share=<id>`.",
        required=True,
    ),
    "description": _str("Qué se comparte y para qué, en español claro.", required=True),
    "owner": _dict(
        "Responsable interno del intercambio (quien responde por él).",
        {
            "name": _str("Nombre de la persona o del equipo.", required=True),
            "email": _str("Correo de contacto.", regex=EMAIL_PATTERN, format="an e-mail address"),
        },
        required=True,
    ),
    "status": _enum(
        "Estado: borrador (draft), aprobado (approved) o revocado (revoked). Solo un "
        "intercambio aprobado ampara una salida de datos en SQL.",
        STATUSES,
        required=True,
    ),
    "recipient": _id(
        "Destinatario: un id de `recipients` del inventario (encargado = remisión; "
        "tercero = transferencia).",
        required=True,
    ),
    "purpose": _id(
        "Finalidad por la que se comunican los datos: un id de `purposes` del inventario.",
        required=True,
    ),
    "recipient_purposes": _list(
        "Finalidades para las que el destinatario usará los datos (ids de `purposes`); por "
        "omisión, la finalidad del intercambio.",
        _id("Finalidad."),
    ),
    "own_use": _bool(
        "Si el destinatario usará los datos para fines propios (un encargado que lo hace se "
        "vuelve responsable).",
        default=False,
    ),
    "legal_basis": _dict(
        "Base jurídica de la comunicación (Arts. 35 y 36).",
        {
            "exception": _enum(
                "Excepción del Art. 36 que permite transferir sin consentimiento.",
                ART36_EXCEPTIONS,
            ),
            "consent": _enum(
                "Tipo de consentimiento recabado para la transferencia: tácito, expreso o "
                "expreso y por escrito.",
                CONSENT_KINDS,
            ),
            "consent_record": _str(
                "Dónde consta el consentimiento de cada titular (tabla.columna o documento)."
            ),
            "group_attestation": _str(
                "Para `art36_III`: referencia a las normas internas comunes del grupo "
                "(mismos procesos y políticas)."
            ),
        },
        required=True,
    ),
    "notice": _dict(
        "Constancia de que se entregó al destinatario el aviso de privacidad y las "
        "finalidades consentidas (Art. 35).",
        {
            "delivered": _date("Fecha de entrega del aviso (AAAA-MM-DD).", required=True),
            "reference": _str("Referencia del acuse o del anexo del contrato."),
        },
    ),
    "data": _dict(
        "Qué se comparte: tablas y columnas, o una consulta SQL (exactamente una de las dos).",
        {
            "tables": _list(
                "Tablas y columnas que se envían tal cual.",
                _dict(
                    "Una tabla.",
                    {
                        "table": _str(
                            "Tabla del inventario (nombre calificado).",
                            required=True,
                            regex=TABLE_PATTERN,
                            format="a qualified table name",
                        ),
                        "columns": _list(
                            "Columnas que se envían.",
                            _str(
                                "Columna.",
                                regex=COLUMN_PATTERN,
                                format="a column name",
                            ),
                            required=True,
                            minlength=1,
                        ),
                    },
                ),
                minlength=1,
            ),
            "query": _dict(
                "Consulta que produce lo que se envía; tutela deduce de ella las columnas y "
                "sus transformaciones (agregados, hashes, máscaras).",
                {
                    "dialect": _str(
                        "Dialecto SQL de la consulta (snowflake, bigquery, postgres...).",
                        required=True,
                    ),
                    "sql": _str("La consulta SQL (un solo SELECT).", required=True),
                },
            ),
        },
        required=True,
    ),
    "frequency": _enum(
        "Frecuencia del envío: una vez, a solicitud, diario, semanal, mensual o continuo.",
        FREQUENCIES,
        required=True,
    ),
    "transport": _dict(
        "Cómo viajan los datos.",
        {
            "method": _enum("Medio de transporte.", TRANSPORT_METHODS, required=True),
            "destinations": _list(
                'Destinos técnicos: stages, URIs o shares ("@stage", "s3://bucket/prefijo/"); '
                "una salida SQL a uno de ellos queda amparada por este manifiesto.",
                _str("Destino."),
                required=True,
                minlength=1,
            ),
            "encryption_in_transit": _bool(
                "Si los datos viajan cifrados (TLS, SFTP, cifrado del archivo).", required=True
            ),
            "encryption_at_rest": _bool(
                "Si los datos quedan cifrados en el destino.", default=False
            ),
        },
        required=True,
    ),
    "country": _str(
        "País donde el destinatario guardará y tratará los datos: ISO 3166-1 alfa-2 (MX, US).",
        required=True,
        regex=COUNTRY_PATTERN,
        format="an ISO 3166-1 alpha-2 country code in upper case, e.g. MX",
    ),
    "retention": _dict(
        "Plazo de conservación en el destinatario.",
        {
            "period": _str(
                "Duración ISO-8601 (P90D, P1Y).",
                required=True,
                regex=DURATION_PATTERN,
                format="an ISO-8601 duration such as P5Y, P1Y6M, P18M, P90D or P0D",
            ),
            "deletion": _str("Cómo y cuándo borra el destinatario los datos."),
        },
        required=True,
    ),
    "contract": _dict(
        "Contrato o instrumento que ampara este intercambio; por omisión, el del "
        "destinatario en el inventario.",
        {
            "reference": _str("Referencia o número del contrato.", required=True),
            "valid_from": _date("Inicio de vigencia (AAAA-MM-DD)."),
            "valid_until": _date("Fin de vigencia (AAAA-MM-DD)."),
            "clauses": _list(
                "Cláusulas que contiene el contrato.", _enum("Cláusula.", CONTRACT_CLAUSES)
            ),
        },
    ),
    "approvals": _list(
        "Aprobaciones del intercambio.",
        _dict(
            "Una aprobación.",
            {
                "name": _str("Quién aprueba.", required=True),
                "role": _enum(
                    "Área: oficina de privacidad, dueño de los datos, jurídico o seguridad.",
                    APPROVER_ROLES,
                    required=True,
                ),
                "date": _date("Fecha de la aprobación (AAAA-MM-DD).", required=True),
            },
        ),
    ),
}


def _values_label(rules: Rules) -> str:
    target = rules
    if rules.get("type") == "list" and isinstance(rules.get("schema"), dict):
        target = rules["schema"]
    if "allowed" in target:
        return ", ".join(f"`{v}`" for v in target["allowed"])
    return ""


def render_manifest_docs() -> str:
    """The field table of ``docs/shares.md`` (Spanish), one row per schema field.

    Example:
        >>> render_manifest_docs().splitlines()[0]
        '| clave | tipo | obligatoria | valores | descripción |'
    """
    lines = [
        "| clave | tipo | obligatoria | valores | descripción |",
        "| --- | --- | --- | --- | --- |",
    ]
    for path, rules in iter_fields(SCHEMA):
        default = rules.get("default")
        desc = str(rules["meta"]["description"])
        if isinstance(default, bool):
            desc += f" Por omisión `{str(default).lower()}`."
        lines.append(
            "| `{}` | {} | {} | {} | {} |".format(
                path,
                _type_label(rules),
                "sí" if rules.get("required") else "",
                _values_label(rules).replace("|", "\\|"),
                desc.replace("|", "\\|"),
            )
        )
    return "\n".join(lines) + "\n"
