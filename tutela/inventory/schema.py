"""The Cerberus schema of ``inventory.yaml`` (the shape in ``docs/inventory-spec.yaml``).

Keys are English (STYLE.md 7.1); every field carries a Spanish ``meta.description`` because
the privacy office edits this file. ``docs/inventory.md`` is generated from this module by
:func:`render_inventory_docs` and a test keeps the two equal.

Each field may also carry, in ``meta``:

* ``format``: an English phrase naming the expected format, used in error messages;
* ``glossary``: ``True`` when its enumeration holds Spanish terms of art that
  ``docs/glossary.md`` must explain.

Example:
    >>> SCHEMA["version"]["allowed"]
    [1]
    >>> "ninguna" in PERSONAL_CATEGORIES
    False
"""

from __future__ import annotations

from typing import Any

from tutela.names import TABLE_NAME_PATTERN

SCHEMA_VERSION = 1

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
DURATION_PATTERN = r"^P(?=\d)(?:\d+Y)?(?:\d+M)?(?:\d+W)?(?:\d+D)?$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
COUNTRY_PATTERN = r"^[A-Z]{2}$"
POSTAL_CODE_PATTERN = r"^\d{5}$"
# lfpdppp.md 7.3: persona moral has 3 letters (12 characters), persona fisica 4 (13).
RFC_PATTERN = r"^[A-ZÑ&]{3,4}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[A-Z\d]{2}[\dA]$"
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
TABLE_PATTERN = TABLE_NAME_PATTERN  # 2 to 4 parts, checked when the inventory is read
# A database name or a glob of them (analytics_pr_*): bare or quoted.
DATABASE_PATTERN = r'^(?:[A-Za-z0-9_*?\[\]$-]+|"[^"]+"|`[^`]+`)$'
COLUMN_PATTERN = r"^[A-Za-z_][A-Za-z0-9_$]*$"

CATEGORIES: tuple[str, ...] = (
    "identificacion",
    "contacto",
    "patrimonial",
    "laboral",
    "academico",
    "sensible",
    "biometrico",
    "electronico",
    "geolocalizacion",
    "caracteristicas",
    "legal",
    "pci_pan",
    "pci_cvv",
    "pci_pin",
    "pci_track",
    "clave",
    "ninguna",
)
PERSONAL_CATEGORIES: tuple[str, ...] = tuple(c for c in CATEGORIES if c != "ninguna")
SENSITIVE_KINDS: tuple[str, ...] = (
    "salud",
    "origen_etnico",
    "genetica",
    "religion",
    "politica",
    "preferencia_sexual",
    "vida_sexual",
    "sindical",
    "biometrico",
    "otro",
)
CHANNEL_TYPES: tuple[str, ...] = (
    "phone",
    "web",
    "app",
    "chat",
    "whatsapp",
    "sms",
    "email",
    "in_person_printed",
    "in_person",
    "indirect",
)
NOTICE_TYPES: tuple[str, ...] = ("integral", "simplificado", "corto")
# Art. 16 fr. II: electronic, optical, sound or visual collection gets the simplified notice;
# Art. 16 fr. I: in person (printed forms) the integral one is made known at that moment.
DEFAULT_CHANNEL_NOTICE: dict[str, str] = {
    "phone": "simplificado",
    "web": "simplificado",
    "app": "simplificado",
    "chat": "simplificado",
    "whatsapp": "simplificado",
    "sms": "simplificado",
    "email": "simplificado",
    "in_person_printed": "integral",
    "in_person": "integral",
}
CONSENT_KINDS: tuple[str, ...] = ("tacit", "express", "express_written")
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
ART9_EXCEPTIONS: tuple[str, ...] = tuple(f"art9_{r}" for r in _ROMAN)
ART36_EXCEPTIONS: tuple[str, ...] = tuple(f"art36_{r}" for r in _ROMAN)
ART25_HOLDS: tuple[str, ...] = tuple(f"art25_{r}" for r in _ROMAN)
PURPOSE_TAGS: tuple[str, ...] = (
    "marketing",
    "telemarketing",
    "profiling",
    "service",
    "billing",
    "collections",
    "quality",
    "security",
    "hr",
    "legal_defence",
    "deletion",
    "arco",
    "analytics",
)
CONTACT_TYPES: tuple[str, ...] = ("phone", "email", "address")
# --- usage kinds (semantics: how a purpose may use a column; PUR002) ------------------------
# raw: the value itself (default); aggregated: only through aggregates (COUNT, SUM, …: a
# statistical, dissociated use, Art. 2 fr. on disociación); pseudonymised: only hashed or
# tokenised; masked: only masked or truncated. tutela.sql.transforms names the treatments.
USAGE_KINDS: tuple[str, ...] = ("raw", "aggregated", "pseudonymised", "masked")
# --- end usage kinds ----------------------------------------------------------------------
RECIPIENT_ROLES: tuple[str, ...] = ("encargado", "tercero")
EXCLUSION_KINDS: tuple[str, ...] = ("internal", "repep", "reus")
CONTRACT_CLAUSES: tuple[str, ...] = (
    "confidentiality",
    "no_other_use",
    "security",
    "deletion_at_end",
    "subprocessors",
    "audit",
    "breach_notice",
    "data_location",
    "binding_obligations",
)
CONTACT_CHANNEL_TYPES: tuple[str, ...] = ("email", "web", "phone", "in_person", "mail")
TRACKING_TYPES: tuple[str, ...] = ("cookie", "web_beacon", "pixel", "sdk", "fingerprinting")

Rules = dict[str, Any]

# Checked by tutela.inventory.load after the schema; listed here so the docs page shows them.
CONSISTENCY_RULES: tuple[str, ...] = (
    "Todo id usado en una referencia existe: finalidades (`purposes`, `recording.purposes`, "
    "`consent_columns`, `tracking_technologies[].purpose`), titulares (`data_subjects`, "
    "`data_subject`) y destinatarios (`source.recipient`).",
    "Toda columna nombrada en `subject_key`, `timestamp`, `consent_columns` y "
    "`exclusion_list.contact_columns` es una columna de la misma tabla.",
    "`limit_use.exclusion_list.table` es una tabla del inventario marcada con `exclusion_list`.",
    "Los ids no se repiten dentro de su sección; los nombres de tabla no se repiten (sin "
    "distinguir mayúsculas) ni los de columna dentro de una tabla.",
    "Una finalidad con `requires_consent: true` indica `consent` y no lleva `exception`; "
    "con `requires_consent: false` indica la `exception` del Art. 9.",
    "Una finalidad con `automated_decision: true` indica `human_review_channel` (Art. 26 fr. II).",
    "Si alguna finalidad requiere consentimiento, existe `revocation` (Art. 7).",
    "Una columna `sensible` indica `sensitive_kind`; una columna `contacto` indica `contact_type`.",
    "Un medio `indirect` indica `source` (Art. 17); los demás medios no lo llevan.",
    "Las finalidades de una columna están entre las de su tabla, cuando la tabla las indica.",
    "Las claves de `usage` (de la tabla o de la columna) son finalidades del inventario.",
    "`blocking.store` es una tabla del inventario con `blocked: true`; "
    "`blocking.marker_column` es una columna de la misma tabla.",
)


def _meta(description: str, **extra: Any) -> dict[str, Any]:
    return {"description": description, **extra}


def _field(kind: str, description: str, *, required: bool = False, **rules: Any) -> Rules:
    meta = _meta(description)
    for key in ("format", "glossary"):
        if key in rules:
            meta[key] = rules.pop(key)
    out: Rules = {"type": kind, "meta": meta}
    if required:
        out["required"] = True
    if kind == "string":
        out["empty"] = False
    out.update(rules)
    return out


def _str(description: str, *, required: bool = False, **rules: Any) -> Rules:
    return _field("string", description, required=required, **rules)


def _id(description: str, *, required: bool = False) -> Rules:
    return _str(
        description,
        required=required,
        regex=ID_PATTERN,
        format="a lower_snake_case id ([a-z][a-z0-9_]*)",
    )


def _enum(
    description: str, values: tuple[str, ...], *, required: bool = False, glossary: bool = False
) -> Rules:
    rules: Rules = {"allowed": list(values)}
    if glossary:
        rules["glossary"] = True
    return _str(description, required=required, **rules)


def _bool(description: str, *, required: bool = False, default: bool | None = None) -> Rules:
    rules: Rules = {} if default is None else {"default": default}
    return _field("boolean", description, required=required, **rules)


def _date(description: str, *, required: bool = False) -> Rules:
    return _str(
        description,
        required=required,
        regex=DATE_PATTERN,
        check_with="date",
        format="a date YYYY-MM-DD",
    )


def _duration(description: str, *, required: bool = False) -> Rules:
    return _str(
        description,
        required=required,
        regex=DURATION_PATTERN,
        format="an ISO-8601 duration such as P5Y, P1Y6M, P18M, P90D or P0D",
    )


def _list(
    description: str,
    item: Rules,
    *,
    required: bool = False,
    minlength: int | None = None,
    **extra: Any,
) -> Rules:
    rules: Rules = {"schema": item, **extra}
    if minlength is not None:
        rules["minlength"] = minlength
    return _field("list", description, required=required, **rules)


def _dict(description: str, schema: dict[str, Rules], *, required: bool = False) -> Rules:
    return _field("dict", description, required=required, schema=schema)


def _records(
    description: str,
    schema: dict[str, Rules],
    *,
    required: bool = False,
    minlength: int | None = None,
    item: str = "Un elemento de la lista.",
    **extra: Any,
) -> Rules:
    return _list(description, _dict(item, schema), required=required, minlength=minlength, **extra)


def _ids(description: str, *, required: bool = False, minlength: int | None = None) -> Rules:
    return _list(description, _id("Identificador."), required=required, minlength=minlength)


def _contact_channels(description: str, *, required: bool = False) -> Rules:
    return _records(
        description,
        {
            "type": _enum(
                "Tipo de medio: correo electrónico, sitio web, teléfono, en persona "
                "o correo postal.",
                CONTACT_CHANNEL_TYPES,
                required=True,
            ),
            "value": _str("Dirección, URL o número telefónico del medio.", required=True),
            "description": _str("Explicación breve del medio para el titular."),
        },
        required=required,
        minlength=1,
        item="Un medio de contacto.",
    )


_CONTROLLER: dict[str, Rules] = {
    "legal_name": _str(
        "Denominación o razón social del responsable (Art. 15 fr. I).", required=True
    ),
    "trade_name": _str("Nombre comercial del responsable."),
    "rfc": _str(
        "RFC del responsable: 12 caracteres (persona moral) o 13 (persona física).",
        regex=RFC_PATTERN,
        format="an RFC: 12 characters (persona moral) or 13 (persona fisica), upper case",
    ),
    "domicile": _dict(
        "Domicilio del responsable (Art. 15 fr. I).",
        {
            "street": _str("Calle.", required=True),
            "exterior_number": _str("Número exterior.", required=True),
            "interior_number": _str("Número interior."),
            "neighborhood": _str("Colonia.", required=True),
            "postal_code": _str(
                'Código postal de 5 dígitos, entre comillas ("01000").',
                required=True,
                regex=POSTAL_CODE_PATTERN,
                format="a 5-digit postal code",
            ),
            "municipality": _str("Municipio o alcaldía.", required=True),
            "state": _str("Entidad federativa.", required=True),
            "country": _str('País; por omisión "México".', default="México"),
        },
        required=True,
    ),
    "privacy_department": _dict(
        "Persona o departamento de datos personales que atiende las solicitudes (Art. 29).",
        {
            "name": _str("Nombre de la persona o del departamento.", required=True),
            "email": _str(
                "Correo electrónico de contacto.",
                required=True,
                regex=EMAIL_PATTERN,
                format="an e-mail address",
            ),
            "phone": _str("Teléfono de contacto."),
            "address": _str("Domicilio de atención, si difiere del domicilio del responsable."),
        },
        required=True,
    ),
    "website": _str("Sitio web del responsable."),
}

_DATA_SUBJECT: dict[str, Rules] = {
    "id": _id("Identificador de la categoría de titulares, p. ej. clientes.", required=True),
    "description": _str("Descripción en español de la categoría de titulares.", required=True),
}

_CHANNEL: dict[str, Rules] = {
    "id": _id("Identificador del medio de obtención, p. ej. telefono_entrante.", required=True),
    "type": _enum("Tipo de medio por el que se obtienen los datos.", CHANNEL_TYPES, required=True),
    "description": _str("Descripción en español del medio de obtención.", required=True),
    "data_subjects": _ids("Categorías de titulares cuyos datos se obtienen por este medio."),
    "notice": _enum(
        "Modalidad del aviso que se da al obtener los datos. Por omisión: simplificado para "
        "medios electrónicos, ópticos o sonoros (Art. 16 fr. II); integral en persona "
        "(Art. 16 fr. I).",
        NOTICE_TYPES,
        glossary=True,
    ),
    "recording": _dict(
        "Grabación de llamadas en canales telefónicos.",
        {
            "enabled": _bool("Si las llamadas se graban.", required=True),
            "purposes": _ids("Finalidades para las que se usan las grabaciones."),
        },
    ),
    "source": _dict(
        "Sólo para medios indirectos: de dónde provienen los datos (Art. 17).",
        {
            "provider": _str("Quién entrega los datos.", required=True),
            "recipient": _id("Destinatario registrado que también es el proveedor, si aplica."),
            "legal_basis": _str(
                'Fundamento de la obtención, p. ej. "contrato de prestación de servicios".'
            ),
        },
    ),
}

_PURPOSE: dict[str, Rules] = {
    "id": _id("Identificador de la finalidad, p. ej. cobranza.", required=True),
    "description": _str(
        "Descripción de la finalidad en lenguaje claro (Art. 15 fr. III).", required=True
    ),
    "requires_consent": _bool(
        "Si la finalidad requiere el consentimiento del titular (Art. 15 fr. III).", required=True
    ),
    "consent": _enum(
        "Tipo de consentimiento: tácito, expreso o expreso y por escrito "
        "(Arts. 7 y 8). Obligatorio si requires_consent es true.",
        CONSENT_KINDS,
    ),
    "exception": _enum(
        "Excepción del Art. 9 que exime del consentimiento. Obligatoria si "
        "requires_consent es false.",
        ART9_EXCEPTIONS,
        glossary=True,
    ),
    "tags": _list(
        "Etiquetas que usan las reglas (mercadotecnia, cobranza, calidad, ...).",
        _enum("Etiqueta.", PURPOSE_TAGS),
    ),
    "automated_decision": _bool(
        "Si la finalidad implica decisiones automatizadas sin "
        "intervención humana (Art. 26 fr. II).",
        default=False,
    ),
    "human_review_channel": _str(
        "Medio para solicitar revisión humana. Obligatorio si automated_decision es true."
    ),
    "data_subjects": _ids("Categorías de titulares a las que aplica la finalidad."),
}


# --- usage (semantics): per purpose, the kinds of use allowed -------------------------------
def _usage(description: str) -> Rules:
    return _field(
        "dict",
        description,
        keysrules={"type": "string", "regex": ID_PATTERN},
        valuesrules={
            "type": "list",
            "minlength": 1,
            "schema": {"type": "string", "allowed": list(USAGE_KINDS), "empty": False},
            "meta": _meta(
                "Formas de uso permitidas: raw (el valor), aggregated (sólo agregado: uso "
                "estadístico, disociado), pseudonymised (sólo con hash o token), masked (sólo "
                "enmascarado o truncado).",
                format="a list of raw, aggregated, pseudonymised, masked",
            ),
        },
    )


# --- end usage ------------------------------------------------------------------------------


_COLUMN: dict[str, Rules] = {
    "name": _str(
        "Nombre de la columna tal como está en el almacén.",
        required=True,
        regex=COLUMN_PATTERN,
        format="a column name (letters, digits, _ or $)",
    ),
    "category": _enum(
        "Categoría del dato; ninguna si no es dato personal.",
        CATEGORIES,
        required=True,
        glossary=True,
    ),
    "description": _str("Descripción en español del dato, usada en los avisos."),
    "contact_type": _enum(
        "Para la categoría contacto: teléfono, correo o domicilio.", CONTACT_TYPES
    ),
    "sensitive_kind": _enum(
        "Para la categoría sensible: qué tipo de dato sensible es (Art. 2 fr. VI).",
        SENSITIVE_KINDS,
        glossary=True,
    ),
    "purposes": _ids(
        "Finalidades que puede servir esta columna, si son menos que las de la tabla."
    ),
    "rectifiable": _bool(
        "Si el titular puede rectificar el dato (derecho de rectificación). "
        "Por omisión true para datos personales."
    ),
    # usage (semantics)
    "usage": _usage(
        "Por finalidad, cómo puede usarse esta columna: {analitica: [aggregated]} permite a "
        "esa finalidad sólo agregados de la columna aunque no figure en `purposes`."
    ),
}

_EXCLUSION_LIST: dict[str, Rules] = {
    "kind": _enum(
        "Tipo de listado: propio, REPEP (PROFECO) o REUS (CONDUSEF).",
        EXCLUSION_KINDS,
        required=True,
        glossary=True,
    ),
    "contact_columns": _list(
        "Columnas de teléfono o correo contra las que se excluye.",
        _str("Nombre de columna.", regex=COLUMN_PATTERN, format="a column name"),
        required=True,
        minlength=1,
    ),
}

_DATASET: dict[str, Rules] = {
    "table": _str(
        "Nombre completo de la tabla como lo escribe el almacén: esquema.tabla o "
        "base.esquema.tabla (proyectos de BigQuery con guiones, nombres entre comillas).",
        required=True,
        regex=TABLE_PATTERN,
        format="a table name with 2 to 4 dot-separated parts, each bare (letters, digits, _, $, "
        '-) or quoted ("x", `x`, [x])',
    ),
    "databases": _list(
        "Otras bases de datos (catálogos, proyectos) donde vive la misma tabla, p. ej. la de "
        "desarrollo o las de cada rama de CI; admite comodines (analytics_pr_*).",
        _str(
            "Nombre o patrón de base de datos.",
            regex=DATABASE_PATTERN,
            format="a database name or a glob such as analytics_pr_*",
        ),
        minlength=1,
    ),
    "description": _str("Descripción en español del contenido de la tabla.", required=True),
    "data_subject": _id("Categoría de titulares cuyos datos contiene la tabla."),
    "subject_key": _str(
        "Columna que identifica al titular (para solicitudes ARCO).",
        regex=COLUMN_PATTERN,
        format="a column name",
    ),
    "timestamp": _str(
        "Columna desde la que corre el plazo de conservación.",
        regex=COLUMN_PATTERN,
        format="a column name",
    ),
    "purposes": _ids("Finalidades para las que puede usarse la tabla."),
    # usage (semantics)
    "usage": _usage(
        "Por finalidad, cómo pueden usarse las columnas de la tabla (una columna puede decir "
        "otra cosa en su propio `usage`): {analitica: [aggregated, pseudonymised]}."
    ),
    "consent_columns": _field(
        "dict",
        "Columna de consentimiento por finalidad (true = consentimiento vigente).",
        keysrules={"type": "string", "regex": ID_PATTERN},
        valuesrules={
            "type": "string",
            "regex": COLUMN_PATTERN,
            "meta": _meta("Columna de consentimiento.", format="a column name"),
        },
    ),
    "exclusion_list": _dict(
        "Sólo si la tabla ES un listado de exclusión.",
        _EXCLUSION_LIST,
    ),
    "exclusion_lists": _records(
        "Si la tabla es varios listados a la vez (p. ej. la copia del REPEP y el listado "
        "propio en una sola tabla): uno por tipo, cada uno con sus columnas. En lugar de "
        "`exclusion_list`.",
        _EXCLUSION_LIST,
        minlength=1,
        item="Un listado de exclusión.",
    ),
    "blocked": _bool(
        "Si la tabla es un almacén de bloqueo: sólo conservación, sin "
        "tratamiento (Art. 2 fr. III).",
        default=False,
    ),
    "retention": _dict(
        "Plazo de conservación (Art. 10 párrafo segundo).",
        {
            "period": _duration("Duración ISO-8601, p. ej. P5Y o P18M.", required=True),
            "trigger": _str(
                'Desde cuándo corre el plazo, p. ej. "fin de la relación comercial".', required=True
            ),
            "legal_basis": _str('Fundamento del plazo, p. ej. "CFF art. 30".', required=True),
            "statutory": _bool(
                "Si una ley impone el plazo (no puede acortarse; Art. 25 fr. II).", default=False
            ),
        },
    ),
    "blocking": _dict(
        "Periodo de bloqueo posterior a la conservación (Art. 2 fr. III; Art. 24).",
        {
            "period": _duration("Duración ISO-8601 del bloqueo.", required=True),
            "legal_basis": _str("Fundamento del bloqueo (plazo de prescripción).", required=True),
            "store": _str(
                "Tabla de bloqueo (una tabla del inventario con blocked: true) a la que se mueven "
                "las filas al vencer la conservación.",
                regex=TABLE_PATTERN,
                format="a qualified table name",
            ),
            "marker_column": _str(
                "Columna de la misma tabla que registra la fecha de bloqueo, cuando las filas no "
                "se mueven.",
                regex=COLUMN_PATTERN,
                format="a column name",
            ),
        },
    ),
    "legal_holds": _list(
        "Causales del Art. 25 que suspenden la supresión.",
        _enum("Causal.", ART25_HOLDS, glossary=True),
    ),
    "columns": _records(
        "Todas las columnas de la tabla.", _COLUMN, required=True, minlength=1, item="Una columna."
    ),
}

_RECIPIENT: dict[str, Rules] = {
    "id": _id("Identificador del destinatario.", required=True),
    "name": _str("Nombre o razón social del destinatario.", required=True),
    "role": _enum(
        "encargado (remisión) o tercero (transferencia).",
        RECIPIENT_ROLES,
        required=True,
        glossary=True,
    ),
    "country": _str(
        "País del destinatario: código ISO 3166-1 alfa-2 en mayúsculas (MX, US).",
        required=True,
        regex=COUNTRY_PATTERN,
        format="an ISO 3166-1 alpha-2 country code in upper case, e.g. MX",
    ),
    # processors' scope (semantics): a recipient may be declared before its purposes are
    # (so "not declared in the notice" can be said), and may list what it may receive.
    "purposes": _ids(
        "Finalidades para las que el destinatario usa los datos (puede faltar mientras no se "
        "declaren; entonces ninguna transferencia o remisión está cubierta)."
    ),
    "categories": _list(
        "Categorías de datos que el contrato permite enviar al destinatario; si se indica, "
        "enviar otra (p. ej. pci_pan o sensible) es un hallazgo.",
        _enum("Categoría de dato.", CATEGORIES),
        minlength=1,
    ),
    "consent_columns": _field(
        "dict",
        "Por tabla, la columna que registra que el titular aceptó la transferencia a este "
        "destinatario (true = aceptó); lo que se le envía de esa tabla debe filtrarse por ella.",
        keysrules={"type": "string", "regex": TABLE_PATTERN},
        valuesrules={
            "type": "string",
            "regex": COLUMN_PATTERN,
            "meta": _meta("Columna de aceptación de la transferencia.", format="a column name"),
        },
    ),
    "accounts": _list(
        "Cuentas consumidoras de Snowflake del destinatario (organización.cuenta): un share "
        "abierto a una de ellas (ALTER SHARE … ADD ACCOUNTS) es una comunicación a este "
        "destinatario; el nombre del share va en `destinations`.",
        _str("Cuenta, p. ej. despacho_org.cobranza_mx."),
        minlength=1,
    ),
    # end processors' scope
    "own_purposes": _bool("Si el destinatario usa los datos para fines propios.", default=False),
    "exception": _enum(
        "Excepción del Art. 36 que permite la transferencia sin consentimiento.",
        ART36_EXCEPTIONS,
        glossary=True,
    ),
    "consent": _enum(
        "Consentimiento para la transferencia (cláusula de aceptación, Art. 35).", CONSENT_KINDS
    ),
    "contract": _dict(
        "Contrato o instrumento jurídico con el destinatario.",
        {
            "reference": _str("Referencia o número del contrato."),
            "valid_from": _date("Inicio de vigencia (AAAA-MM-DD)."),
            "valid_until": _date("Fin de vigencia (AAAA-MM-DD)."),
            "clauses": _list(
                "Cláusulas que contiene el contrato.", _enum("Cláusula.", CONTRACT_CLAUSES)
            ),
        },
    ),
    "destinations": _list(
        "Destinos técnicos de salida: stages, URIs, shares.",
        _str('Destino, p. ej. "@bpo_stage" o "s3://bucket/prefijo/".'),
    ),
    "subprocessors": _list("Subencargados del destinatario.", _str("Nombre.")),
    "description": _str("Descripción en español para el aviso."),
}

_TRACKING: dict[str, Rules] = {
    "id": _id("Identificador de la tecnología de rastreo.", required=True),
    "name": _str("Nombre de la tecnología.", required=True),
    "type": _enum(
        "Tipo: cookie, web beacon, píxel, SDK o huella digital del dispositivo.", TRACKING_TYPES
    ),
    "vendor": _str("Proveedor."),
    "data": _list("Datos que recaba, en español.", _str("Dato.")),
    "purpose": _id("Finalidad para la que se usa."),
    "expiry": _str("Vigencia o caducidad."),
    "disable": _str("Cómo deshabilitarla, en español.", required=True),
}

SCHEMA: dict[str, Rules] = {
    "version": _field(
        "integer",
        "Versión del esquema del inventario; por ahora sólo 1.",
        required=True,
        allowed=[SCHEMA_VERSION],
    ),
    "controller": _dict(
        "El responsable del tratamiento (Art. 15 fr. I).", _CONTROLLER, required=True
    ),
    "data_subjects": _records(
        "Categorías de titulares.",
        _DATA_SUBJECT,
        required=True,
        minlength=1,
        item="Una categoría de titulares.",
    ),
    "channels": _records(
        "Medios de obtención de los datos.",
        _CHANNEL,
        required=True,
        minlength=1,
        item="Un medio de obtención.",
    ),
    "purposes": _records(
        "Finalidades del tratamiento (Art. 15 fr. III).",
        _PURPOSE,
        required=True,
        minlength=1,
        item="Una finalidad.",
    ),
    "datasets": _records("Tablas del almacén de datos.", _DATASET, item="Una tabla.", default=[]),
    "database_aliases": _field(
        "dict",
        "Por base de datos del inventario, los nombres o patrones con que aparece en otros "
        "entornos (desarrollo, CI, producción): vale para todas sus tablas.",
        keysrules={"type": "string", "regex": DATABASE_PATTERN},
        valuesrules={
            "type": "list",
            "minlength": 1,
            "schema": {"type": "string", "regex": DATABASE_PATTERN, "empty": False},
            "meta": _meta(
                "Nombres o patrones de la misma base de datos.",
                format="a list of database names or globs",
            ),
        },
    ),
    "recipients": _records(
        "Destinatarios: encargados (remisión) y terceros (transferencia).",
        _RECIPIENT,
        item="Un destinatario.",
        default=[],
    ),
    "arco": _dict(
        "Derechos ARCO: acceso, rectificación, cancelación y oposición (Art. 15 fr. V; "
        "Arts. 28 a 31).",
        {
            "department": _str(
                "Persona o departamento que atiende las solicitudes (Art. 29).", required=True
            ),
            "channels": _contact_channels("Medios para presentar solicitudes ARCO.", required=True),
            "identity_verification": _str("Cómo se acredita la identidad del titular (Art. 31)."),
            "response_days": _field(
                "integer",
                "Días hábiles para comunicar la respuesta; por omisión 20 (Art. 31).",
                default=20,
                min=1,
            ),
            "execution_days": _field(
                "integer",
                "Días hábiles para hacer efectiva la respuesta; por omisión 15 (Art. 31).",
                default=15,
                min=1,
            ),
        },
        required=True,
    ),
    "revocation": _dict(
        "Revocación del consentimiento (Art. 7). Obligatoria si alguna finalidad requiere "
        "consentimiento.",
        {
            "channels": _contact_channels("Medios para revocar el consentimiento.", required=True),
            "propagates_to_processors": _bool(
                "Si la revocación se comunica a los encargados.", default=False
            ),
        },
    ),
    "limit_use": _dict(
        "Opciones para limitar el uso o divulgación de los datos (Art. 15 fr. IV).",
        {
            "channels": _contact_channels(
                "Medios para limitar el uso o negarse a las "
                "finalidades que requieren consentimiento.",
                required=True,
            ),
            "exclusion_list": _dict(
                "Listado de exclusión propio.",
                {
                    "name": _str("Nombre del listado.", required=True),
                    "table": _str(
                        "Tabla del inventario que guarda el listado.",
                        required=True,
                        regex=TABLE_PATTERN,
                        format="a qualified table name",
                    ),
                    "proof": _str("Cómo obtiene el titular la constancia de inscripción."),
                },
            ),
            "repep": _bool("Si se menciona el REPEP de PROFECO.", default=False),
            "reus": _bool("Si se menciona el REUS de CONDUSEF.", default=False),
        },
    ),
    "tracking_technologies": _records(
        "Cookies, web beacons y otras tecnologías de rastreo.",
        _TRACKING,
        item="Una tecnología.",
        default=[],
    ),
    "notice": _dict(
        "El aviso de privacidad.",
        {
            "version": _str(
                'Versión del aviso; entre comillas si es un número ("2.1").', required=True
            ),
            "last_updated": _date("Fecha de la última actualización (AAAA-MM-DD).", required=True),
            "integral_url": _str("Dónde puede consultarse el aviso integral.", required=True),
            "phone_option": _str(
                'Opción telefónica para escuchar el aviso, p. ej. "opción 9 del menú".'
            ),
            "changes": _dict(
                "Cómo se comunican los cambios al aviso (Art. 15 fr. VI).",
                {
                    "channels": _list(
                        "Medios por los que se comunican los cambios.",
                        _str("Medio."),
                        required=True,
                        minlength=1,
                    ),
                    "lead_time_days": _field(
                        "integer", "Días de anticipación con que se avisan los cambios.", min=0
                    ),
                },
                required=True,
            ),
            "corto_allowed": _bool(
                "Si se permite el aviso corto heredado (formularios "
                "impresos con espacio limitado).",
                default=False,
            ),
        },
        required=True,
    ),
    # --- GDPR profile (a separate block; see tutela/gdpr/schema.py and docs/gdpr.md) ---------
    # Accepted here as an opaque map: it is validated only when `jurisdiction` includes gdpr.
    "gdpr": _field(
        "dict",
        "Perfil RGPD (Reglamento (UE) 2016/679): base jurídica por finalidad, condiciones del "
        "Art. 9, representante, delegado, garantías de transferencia. Se valida solo con "
        "`jurisdiction` gdpr; claves en docs/gdpr.md.",
    ),
}


# --- notices (issue 14): engagements, readable names, notice-only fields ------------------
# Kept in one block so that other schema work merges around it. Every field is optional: an
# inventory without them renders as before.
CONTROLLER_ROLES: tuple[str, ...] = ("responsable", "encargado")

_PURPOSE["name"] = _str(
    "Nombre breve y claro de la finalidad para guiones telefónicos y cartas, p. ej. "
    '"cobranza" o "publicidad por teléfono" (por omisión se usa la descripción).'
)
_PURPOSE["legal_provision"] = _str(
    "Con la excepción art9_I: la disposición jurídica que exige el tratamiento, p. ej. "
    '"Ley Federal del Trabajo, art. 110, fracción VI".'
)
_DATASET["internal"] = _bool(
    "Tabla interna o derivada (copias, marts, listados de exclusión) que el aviso no lista: "
    "sus datos siguen el plazo de la tabla de origen.",
    default=False,
)
_ARCO_ACCESS_DELIVERY = _str(
    "Cómo se entrega el acceso si no es en copias o documentos electrónicos (Art. 32 ¶1)."
)
_NOTICE_EXTRA: dict[str, Rules] = {
    "caller_identification": _str(
        "En llamadas de publicidad: cómo se identifica quien llama (LFPC art. 17 ¶1), p. ej. "
        '"Contacto Integral, teléfono 33 3100 4500".'
    ),
    "profeco_contact": _str(
        "En llamadas de publicidad: datos de contacto de la PROFECO que se leen (LFPC art. 17 ¶1)."
    ),
}
_ENGAGEMENT: dict[str, Rules] = {
    "id": _id("Identificador del encargo, p. ej. cobranza_banco.", required=True),
    "client": _str("Empresa que contrata el servicio.", required=True),
    "role": _enum(
        "Papel del responsable del inventario en este encargo: responsable (trata los datos "
        "para sus propios fines) o encargado (los trata por cuenta del cliente; Art. 2 fr. XII).",
        CONTROLLER_ROLES,
        required=True,
        glossary=True,
    ),
    "data_subjects": _ids("Categorías de titulares del encargo.", required=True, minlength=1),
    "purposes": _ids("Finalidades que se realizan en este encargo.", required=True, minlength=1),
    "client_notice": _str(
        "Dónde consulta el titular el aviso de privacidad del cliente (URL o descripción)."
    ),
    "financial_products": _bool(
        "Si en este encargo se ofrecen productos o servicios financieros (el guion menciona "
        "el REUS de la CONDUSEF).",
        default=False,
    ),
    "recipient": _id(
        "Destinatario registrado que es el propio cliente (la entrega al responsable no es "
        "una transferencia)."
    ),
}


def _add_notice_fields(schema: dict[str, Rules]) -> None:
    # Issue 19.5: a link a notice prints is http(s), mailto or tel, never javascript: or data:.
    link = {"check_with": "link"}
    schema["controller"]["schema"]["website"].update(link)
    schema["notice"]["schema"]["integral_url"].update(link)
    _ENGAGEMENT["client_notice"].update(link)
    for section in ("arco", "revocation", "limit_use"):
        channel = schema[section]["schema"]["channels"]["schema"]["schema"]
        channel["value"].update(link)
    arco = schema["arco"]["schema"]
    arco["access_delivery"] = _ARCO_ACCESS_DELIVERY
    schema["notice"]["schema"].update(_NOTICE_EXTRA)
    schema["engagements"] = _records(
        "Encargos de clientes: en cuáles el responsable del inventario actúa como encargado "
        "(y el aviso es del cliente) y en cuáles como responsable.",
        _ENGAGEMENT,
        item="Un encargo.",
        default=[],
    )


_add_notice_fields(SCHEMA)
# --- end of the notices block --------------------------------------------------------------


def iter_fields(
    schema: dict[str, Rules] | None = None, prefix: str = ""
) -> list[tuple[str, Rules]]:
    """Return every field of the schema as ``(dotted path, rules)``, in schema order.

    List items are written ``key[]``.

    Example:
        >>> [p for p, _ in iter_fields()][:3]
        ['version', 'controller', 'controller.legal_name']
    """
    out: list[tuple[str, Rules]] = []
    for key, rules in (schema or SCHEMA).items():
        path = f"{prefix}.{key}" if prefix else key
        out.append((path, rules))
        out.extend(_children(rules, path))
    return out


def _children(rules: Rules, path: str) -> list[tuple[str, Rules]]:
    if rules.get("type") == "dict" and "schema" in rules:
        return iter_fields(rules["schema"], path)
    if rules.get("type") == "list" and isinstance(rules.get("schema"), dict):
        item = rules["schema"]
        if item.get("type") == "dict" and "schema" in item:
            return iter_fields(item["schema"], f"{path}[]")
    return []


def glossary_values() -> list[str]:
    """Spanish enumeration values that ``docs/glossary.md`` must explain, sorted.

    Example:
        >>> "encargado" in glossary_values()
        True
    """
    values: set[str] = set()
    for _, rules in iter_fields():
        for candidate in (rules, rules.get("schema") if rules.get("type") == "list" else None):
            if isinstance(candidate, dict) and "allowed" in candidate:
                meta = rules.get("meta", {})
                if meta.get("glossary") or candidate.get("meta", {}).get("glossary"):
                    values.update(str(v) for v in candidate["allowed"])
    return sorted(values)


def _type_label(rules: Rules) -> str:
    kind = str(rules.get("type", ""))
    if rules.get("regex") == DURATION_PATTERN:
        return "duración"
    if rules.get("regex") == DATE_PATTERN:
        return "fecha"
    if rules.get("regex") == ID_PATTERN:
        return "id"
    if kind == "list":
        item = rules.get("schema", {})
        if item.get("type") == "dict":
            return "lista de mapas"
        return f"lista de {_type_label(item)}"
    labels = {"string": "texto", "integer": "entero", "boolean": "booleano", "dict": "mapa"}
    return labels.get(kind, kind)


def _values_label(rules: Rules) -> str:
    target = rules
    if rules.get("type") == "list" and isinstance(rules.get("schema"), dict):
        target = rules["schema"]
    if "allowed" in target:
        return ", ".join(f"`{v}`" for v in target["allowed"])
    regex = target.get("regex")
    if regex:
        return f"patrón `{regex}`"
    return ""


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def render_inventory_docs() -> str:
    """Render ``docs/inventory.md``: one table row per schema field, in Spanish.

    Example:
        >>> render_inventory_docs().splitlines()[0]
        '# Inventario de datos: referencia de campos'
    """
    lines = [
        "# Inventario de datos: referencia de campos",
        "",
        "<!-- Generado por tutela.inventory.schema.render_inventory_docs(); no editar a mano.",
        "     Regenerar con `pytest tests/tutela/inventory --update-goldens`. -->",
        "",
        f"Versión del esquema: {SCHEMA_VERSION}. Las claves están en inglés y los textos en "
        "español (véase `docs/glossary.md` para los términos jurídicos que se conservan en "
        "español). `tutela validate` revisa este esquema y además que toda referencia "
        "(finalidades, titulares, destinatarios, tablas y columnas) exista.",
        "",
        "Convenciones: `x[]` es cada elemento de la lista `x`. Un *id* es ASCII en minúsculas "
        "con guiones bajos (`[a-z][a-z0-9_]*`). Una *duración* es ISO-8601 (`P5Y`, `P1Y6M`, "
        "`P18M`, `P90D`); tutela la convierte a días con año = 365, mes = 30 y semana = 7. "
        "Una *fecha* es `AAAA-MM-DD`. No se aceptan claves desconocidas.",
        "",
    ]
    for section, rules in SCHEMA.items():
        lines.append(f"## `{section}`")
        lines.append("")
        lines.append(_escape(rules["meta"]["description"]))
        lines.append("")
        lines.append("| clave | tipo | obligatoria | por omisión | valores | descripción |")
        lines.append("| --- | --- | --- | --- | --- | --- |")
        for path, field_rules in [(section, rules), *_children(rules, section)]:
            default = field_rules.get("default")
            default_label = "" if default is None or default == [] else f"`{default}`"
            if isinstance(default, bool):
                default_label = f"`{str(default).lower()}`"
            if default == []:
                default_label = "`[]`"
            lines.append(
                "| `{}` | {} | {} | {} | {} | {} |".format(
                    path,
                    _type_label(field_rules),
                    "sí" if field_rules.get("required") else "",
                    default_label,
                    _escape(_values_label(field_rules)),
                    _escape(field_rules["meta"]["description"]),
                )
            )
        lines.append("")
    lines.extend(
        [
            "## Reglas de consistencia",
            "",
            "Además del esquema, `tutela validate` exige:",
            "",
            *(f"- {rule}" for rule in CONSISTENCY_RULES),
            "",
            "Todos los problemas se informan juntos, ordenados por línea, como "
            "`archivo:línea:columna: ruta.de.la.clave: mensaje`, con una sugerencia "
            "(`help:`) cuando la hay.",
        ]
    )
    return "\n".join(lines)
