"""The Cerberus schema of an incident file (``incident.yaml``), with Spanish descriptions.

An incident file says what happened, when it was detected, what was involved (tables and
columns, a query, a sharing manifest or an egress destination), the measures taken and the
contact. ``docs/breach.md`` documents every key; :func:`render_incident_docs` renders the
table that page embeds (a test keeps them equal).

Example:
    >>> SCHEMA["version"]["allowed"]
    [1]
    >>> "unauthorized_access" in BREACH_TYPES
    True
"""

from __future__ import annotations

from typing import Any

from tutela.inventory.schema import COLUMN_PATTERN, EMAIL_PATTERN, ID_PATTERN, TABLE_PATTERN

SCHEMA_VERSION = 1

# ISO 8601 date-time with a UTC offset (2026-11-25T08:30:00-06:00 or ...Z): the register
# records instants, and an instant without an offset is ambiguous.
DATETIME_PATTERN = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?(?:Z|[+-]\d{2}:\d{2})$"
INCIDENT_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

# Reglamento 2011 art. 63 (binding status uncertain): the kinds of vulneración it names.
BREACH_TYPES: tuple[str, ...] = (
    "loss",
    "destruction",
    "theft",
    "copy",
    "unauthorized_use",
    "unauthorized_access",
    "unauthorized_processing",
    "damage",
    "alteration",
    "modification",
)

Rules = dict[str, Any]


def _str(description: str, *, required: bool = False, **rules: Any) -> Rules:
    out: Rules = {"type": "string", "empty": False, "meta": {"description": description}}
    fmt = rules.pop("format", None)
    if fmt:
        out["meta"]["format"] = fmt
    if required:
        out["required"] = True
    out.update(rules)
    return out


def _when(description: str, *, required: bool = False) -> Rules:
    return _str(
        description,
        required=required,
        regex=DATETIME_PATTERN,
        check_with="datetime",
        format="an ISO 8601 date-time with offset, e.g. 2026-11-25T08:30:00-06:00",
    )


def _list(description: str, item: Rules, *, minlength: int | None = None) -> Rules:
    out: Rules = {"type": "list", "schema": item, "meta": {"description": description}}
    if minlength is not None:
        out["minlength"] = minlength
    return out


def _dict(description: str, schema: dict[str, Rules], *, required: bool = False) -> Rules:
    out: Rules = {"type": "dict", "schema": schema, "meta": {"description": description}}
    if required:
        out["required"] = True
    return out


_TABLE: dict[str, Rules] = {
    "table": _str(
        "Tabla del inventario afectada.",
        required=True,
        regex=TABLE_PATTERN,
        format="a qualified table name of the inventory",
    ),
    "columns": _list(
        "Columnas afectadas; si se omite, todas las de la tabla.",
        _str("Columna.", regex=COLUMN_PATTERN, format="a column name"),
        minlength=1,
    ),
    "where": _str(
        "Condición SQL que delimita los registros afectados (para --count-sql), p. ej. "
        "`fecha_llamada >= DATE '2026-11-01'`."
    ),
    "records": {
        "type": "integer",
        "min": 0,
        "meta": {"description": "Número de registros afectados, si ya se conoce."},
    },
}

_QUERY: dict[str, Rules] = {
    "file": _str("Archivo SQL (relativo al archivo del incidente) con la consulta implicada."),
    "sql": _str("La consulta implicada, escrita aquí."),
    "dialect": _str("Dialecto SQL de la consulta (por omisión: el de la configuración)."),
}

SCHEMA: dict[str, Rules] = {
    "version": {
        "type": "integer",
        "required": True,
        "allowed": [SCHEMA_VERSION],
        "meta": {"description": "Versión del formato del archivo de incidente (1)."},
    },
    "id": _str(
        "Folio interno del incidente, p. ej. INC-2026-011.",
        required=True,
        regex=INCIDENT_ID_PATTERN,
        format="letters, digits, '.', '_' or '-'",
    ),
    "title": _str("Título breve del incidente (registro interno).", required=True),
    "description": _str(
        "Qué pasó, en lenguaje claro: se copia en el aviso a los titulares.", required=True
    ),
    "types": _list(
        "Tipo de vulneración (Reglamento 2011 art. 63): pérdida, destrucción, robo, copia, "
        "uso, acceso o tratamiento no autorizado, daño, alteración o modificación.",
        _str("Tipo.", allowed=list(BREACH_TYPES)),
        minlength=1,
    ),
    "occurred_at": _when("Cuándo ocurrió, si se sabe."),
    "detected_at": _when("Cuándo se detectó.", required=True),
    "confirmed_at": _when("Cuándo se confirmó la vulneración (Reglamento 2011 art. 64)."),
    "origin": _dict(
        "Dónde ocurrió: en la empresa o con un destinatario del inventario.",
        {
            "recipient": _str(
                "Id del destinatario (encargado o tercero) donde ocurrió.",
                regex=ID_PATTERN,
                format="a recipient id of the inventory",
            ),
            "system": _str("Sistema o proceso donde ocurrió."),
        },
    ),
    "involved": _dict(
        "Qué estuvo implicado: tablas y columnas, consultas, manifiestos o destinos.",
        {
            "tables": _list("Tablas afectadas.", {"type": "dict", "schema": _TABLE}, minlength=1),
            "queries": _list(
                "Consultas implicadas (la extracción, la exportación).",
                {"type": "dict", "schema": _QUERY},
                minlength=1,
            ),
            "manifests": _list(
                "Manifiestos de datos compartidos implicados (relativos al archivo).",
                _str("Ruta del manifiesto."),
                minlength=1,
            ),
            "destinations": _list(
                "Destinos de salida implicados (bucket, ruta, servidor), p. ej. s3://x/.",
                _str("Destino."),
                minlength=1,
            ),
        },
        required=True,
    ),
    "records": _dict(
        "Número total de registros afectados, si se conoce.",
        {
            "count": {
                "type": "integer",
                "min": 0,
                "required": True,
                "meta": {"description": "Registros afectados."},
            },
            "basis": _str("De dónde sale la cifra (consulta de conteo, bitácora)."),
        },
    ),
    "data_unreadable": {
        "type": "boolean",
        "default": False,
        "meta": {
            "description": "Si los datos estaban cifrados o ilegibles y las claves no se "
            "comprometieron."
        },
    },
    "measures": _list(
        "Acciones correctivas inmediatas que se tomaron (se copian en el aviso).",
        _str("Medida."),
        minlength=1,
    ),
    "recommendations": _list(
        "Recomendaciones adicionales para el titular (además de las que tutela deriva).",
        _str("Recomendación."),
    ),
    "contact": _dict(
        "Dónde obtener más información; por omisión, el departamento de datos personales.",
        {
            "name": _str("Persona o área."),
            "email": _str("Correo.", regex=EMAIL_PATTERN, format="an e-mail address"),
            "phone": _str("Teléfono."),
        },
    ),
    "assessment": _dict(
        "Evaluación del responsable sobre si la vulneración afecta de forma significativa "
        "los derechos patrimoniales o morales (Art. 19); prevalece sobre la de tutela.",
        {
            "significant": {
                "type": "boolean",
                "required": True,
                "meta": {"description": "Si afecta de forma significativa."},
            },
            "reason": _str("Motivo de la evaluación.", required=True),
            "by": _str("Quién la hizo."),
        },
    ),
    "notifications": _list(
        "Bitácora de avisos ya enviados (titulares o destinatarios).",
        {
            "type": "dict",
            "schema": {
                "to": _str(
                    "`titulares` o el id de un destinatario.",
                    required=True,
                    regex=ID_PATTERN,
                    format="titulares or a recipient id",
                ),
                "at": _when("Cuándo se envió.", required=True),
                "channel": _str("Por qué medio."),
            },
        },
    ),
}


def render_incident_docs() -> str:
    """The key reference of the incident file as a Markdown table (embedded in docs/breach.md).

    Example:
        >>> render_incident_docs().splitlines()[0]
        '| clave | tipo | obligatoria | descripción |'
    """
    lines = ["| clave | tipo | obligatoria | descripción |", "| --- | --- | --- | --- |"]

    def walk(schema: dict[str, Rules], prefix: str) -> None:
        for key, rules in schema.items():
            path = f"{prefix}.{key}" if prefix else key
            kind = {"string": "texto", "integer": "entero", "boolean": "booleano"}.get(
                rules["type"], "mapa" if rules["type"] == "dict" else "lista"
            )
            desc = rules["meta"]["description"].replace("|", "\\|")
            lines.append(
                f"| `{path}` | {kind} | {'sí' if rules.get('required') else ''} | {desc} |"
            )
            if rules["type"] == "dict":
                walk(rules["schema"], path)
            elif rules["type"] == "list" and rules["schema"].get("type") == "dict":
                walk(rules["schema"]["schema"], f"{path}[]")

    walk(SCHEMA, "")
    return "\n".join(lines)
