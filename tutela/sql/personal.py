"""Whether a column name or a literal looks like personal data (lfpdppp.md §7.3).

Used for columns the inventory does not classify. Names are compared after Unicode
normalisation (NFKC), accent stripping and a confusables map, so a Cyrillic "с" in
"сvv" does not hide a card-verification column.

The name heuristic is anchored on what the column holds, not on substrings: a name that
*describes* personal data without holding it — a flag (``has_opted_out_of_email``,
``is_phone_verified``), a count (``email_count``), a language or pool (``email_lang``,
``ip_pool``), a type or status (``phone_type``) — is not flagged, nor is a column whose
declared type is boolean. The tables are :data:`NAME_PATTERNS`, :data:`FLAG_PREFIXES` and
:data:`QUALIFIER_SUFFIXES` (documented in docs/facts.md, which a test keeps in step).
"""

from __future__ import annotations

import re
import unicodedata

# Latin look-alikes from Cyrillic and Greek that are used to dodge name checks.
_CONFUSABLES = str.maketrans(
    {
        "а": "a",
        "с": "c",
        "е": "e",
        "о": "o",
        "р": "p",
        "х": "x",
        "у": "y",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ɡ": "g",
        "һ": "h",
        "ⅼ": "l",
        "ո": "n",
        "ν": "v",
        "Α": "a",
        "Β": "b",
        "Ε": "e",
        "Ζ": "z",
        "Η": "h",
        "Ι": "i",
        "Κ": "k",
        "Μ": "m",
        "Ν": "n",
        "Ο": "o",
        "Ρ": "p",
        "Τ": "t",
        "Υ": "y",
        "Χ": "x",
        "ο": "o",
        "α": "a",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "ι": "i",
        "κ": "k",
        "С": "c",
        "Е": "e",
        "О": "o",
        "Р": "p",
        "А": "a",
        "Х": "x",
        "В": "b",
        "М": "m",
        "Т": "t",
        "Н": "h",
        "К": "k",
    }
)
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")

# (pattern over the normalised name, label). Ordered: first match wins.
NAME_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"(^|_)(cvv2?|cvc2?|cid|cav2|codigo_seguridad|security_code)($|_)", "cvv"),
    (r"(^|_)(pin|nip|pin_block|pinblock)($|_)", "pin"),
    (r"(^|_)(track[12]?|banda(_magnetica)?)($|_)", "track"),
    (r"(^|_)(pan|card_number|numero_tarjeta|tarjeta|num_tarjeta|cc_number)($|_)", "card"),
    (r"(^|_)curp($|_)", "curp"),
    (r"(^|_)rfc($|_)", "rfc"),
    (r"(^|_)(clave_elector|ine|ife|clave_ine)($|_)", "clave de elector"),
    (r"(^|_)(nss|imss|num_seguro_social)($|_)", "nss"),
    (r"(^|_)(clabe|cuenta_banc\w*|iban|bank_account\w*|routing_number)($|_)", "bank account"),
    (
        r"(^|_)(salud|diagnostic\w*|diagnost\w*|padecim\w*|enfermedad\w*|incapacidad\w*)($|_)",
        "health",
    ),
    (r"(^|_)(religion|sindica\w*|orientacion\w*|etnia|raza|origen_etnico)($|_)", "sensitive"),
    (r"(^|_)(huella\w*|biometr\w*|voiceprint|face_template)($|_)", "biometric"),
    (r"(^|_)(voz|grabacion\w*|recording\w*|audio)($|_)", "voice"),
    (r"(^|_)(geoloc\w*|latitud|longitud|latitude|longitude|gps)($|_)", "geolocation"),
    (r"(^|_)(ingreso\w*|salario\w*|sueldo\w*|buro\w*|score_credit\w*|saldo\w*)($|_)", "financial"),
    (r"(^|_)(e_?mail|correo\w*)($|_)", "email"),
    (r"(^|_)(tel|telefono\w*|celular\w*|phone\w*|movil|msisdn)($|_)", "phone"),
    (r"(^|_)(nombre\w*|apellido\w*|first_name|last_name|full_name)($|_)", "name"),
    (r"(^|_)(ip|ip_address|direccion_ip|device_id|idfa|gaid)($|_)", "online identifier"),
    (r"(^|_)(domicilio\w*|direccion\w*|address\w*|calle|colonia|codigo_postal)($|_)", "address"),
    (r"(^|_)(fecha_nac\w*|birth\w*|dob)($|_)", "birth date"),
)
_COMPILED = tuple((re.compile(p), label) for p, label in NAME_PATTERNS)

FLAG_PREFIXES: tuple[str, ...] = ("has", "is", "was", "can", "should", "did", "tiene", "es")
"""A name that starts with one of these (``has_opted_out_of_email``) is a yes/no flag."""

QUALIFIER_SUFFIXES: tuple[str, ...] = (
    "lang", "language", "locale", "idioma",
    "pool",
    "count", "counts", "cnt", "total", "conteo",
    "type", "tipo", "status", "estatus", "flag", "bandera",
    "format", "formato", "length", "len", "domain", "dominio",
    "provider", "proveedor", "template", "plantilla", "category", "categoria",
    "verified", "validated", "valid", "enabled", "opt_in", "optin", "opt_out", "optout",
    "opted_in", "opted_out", "bounced", "unsubscribed",
)  # fmt: skip
"""A name that ends with one of these (``email_lang``, ``ip_pool``) describes, not holds, it."""

_BOOLEAN_TYPES = frozenset({"bool", "boolean", "bit"})

CURP = re.compile(
    r"^[A-Z][AEIOUX][A-Z]{2}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[HMX]"
    r"(AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|"
    r"VZ|YN|ZS|NE)[B-DF-HJ-NP-TV-Z]{3}[A-Z\d]\d$"
)
RFC = re.compile(r"^[A-ZÑ&]{3,4}\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[A-Z\d]{2}[\dA]$")
CLAVE_ELECTOR = re.compile(r"^[A-Z]{6}\d{6}\d{2}[HM]\d{3}$")
EMAIL = re.compile(r"^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
_GENERIC_RFC = {"XAXX010101000", "XEXX010101000"}


def normalize_name(name: str) -> str:
    """Fold a name for matching: NFKC, confusables, no accents, no invisibles, lower case.

    Example:
        >>> normalize_name("\\u0441vv")  # Cyrillic es + "vv"
        'cvv'
        >>> normalize_name("Teléfono")
        'telefono'
    """
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", name)).translate(_CONFUSABLES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


def looks_personal(name: str, data_type: str | None = None) -> str | None:
    """Return the kind of personal data a column name suggests, or None.

    Args:
        name: the column name as written.
        data_type: its declared type, when known (a boolean column holds no personal value).

    Example:
        >>> looks_personal("cliente_curp"), looks_personal("monto_total")
        ('curp', None)
        >>> looks_personal("email_lang"), looks_personal("has_opted_out_of_email")
        (None, None)
        >>> looks_personal("email_verificado", data_type="BOOLEAN")
    """
    if data_type is not None and data_type.strip().lower() in _BOOLEAN_TYPES:
        return None
    folded = re.sub(r"[^a-z0-9]+", "_", normalize_name(name)).strip("_")
    if _describes(folded):
        return None
    for pattern, label in _COMPILED:
        if pattern.search(folded):
            return label
    return None


def _describes(folded: str) -> bool:
    """A flag, count, type... about personal data rather than the data itself."""
    first, _, _ = folded.partition("_")
    if first in FLAG_PREFIXES and "_" in folded:
        return True
    return any(folded.endswith("_" + suffix) for suffix in QUALIFIER_SUFFIXES)


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _clabe_ok(digits: str) -> bool:
    weights = (3, 7, 1) * 6
    total = sum(int(d) * w % 10 for d, w in zip(digits[:17], weights, strict=False)) % 10
    return (10 - total) % 10 == int(digits[17])


def personal_literal(value: str) -> str | None:
    """Classify a string literal that looks like a Mexican identifier or card number.

    Example:
        >>> personal_literal("GODE561231HDFRRN09"), personal_literal("4111111111111111")
        ('CURP', 'card number')
        >>> personal_literal("hola") is None
        True
    """
    text = value.strip()
    upper = text.upper()
    if len(text) > 64:
        return None
    if CURP.match(upper):
        return "CURP"
    if CLAVE_ELECTOR.match(upper):
        return "clave de elector"
    if RFC.match(upper) and upper not in _GENERIC_RFC:
        return "RFC"
    if EMAIL.match(text):
        return "email address"
    digits = re.sub(r"[ -]", "", text)
    if digits.isdigit():
        if len(digits) == 18 and _clabe_ok(digits):
            return "CLABE"
        if 13 <= len(digits) <= 19 and _luhn(digits):
            return "card number"
        if len(digits) == 10 and digits[0] != "0":
            return "phone number"
    return None
