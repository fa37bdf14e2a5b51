"""Finding messages: the sentence of a finding, rendered from its rule's message catalogue.

Rego judges and returns the rule code and the values that name the object (STYLE.md,
"Settled"); the sentence a person reads is rendered here, in Spanish or English, from the
``custom.message`` templates in the rule's ``# METADATA``::

    # custom:
    #   id: PUR002
    #   message:
    #     en: Column {table}.{column} is used for purpose "{purpose}", which ...
    #     es: La columna {table}.{column} se usa para la finalidad "{purpose}", que ...
    deny contains finding.with_values("PUR002", {"table": t, "column": c, ...}, path) if ...

A rule that words its finding in more than one way names a *variant* per sentence (the
keys under ``message`` are then variant names, each with its languages) and emits it with
``finding.variant(id, variant, values, path)``.

Templates are ``str.format``-style with bare names only (``{column}``; no attribute access,
indexing or format specs): they are read from policy files and must not reach into Python
objects. A value is shown as written; a list as its items joined with ", "; a missing or
null value as "(unknown)" / "(desconocido)" (rules are null-safe, and so is their wording).

When the catalogue has no sentence for the language, the fallbacks are, in order: the
``msg`` the policy gave (the old ``finding.new(id, msg, path)`` convention, still accepted
for custom rules), the template in another language, and finally the code and its values.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from typing import Any

#: The languages findings and rule docs are written in.
LANGS = ("es", "en")
#: Used when neither ``--lang`` nor the config's ``lang`` says otherwise.
DEFAULT_LANG = "en"

_UNKNOWN = {"en": "(unknown)", "es": "(desconocido)"}
_BOOL = {"en": ("no", "yes"), "es": ("no", "sí")}
_FORMATTER = string.Formatter()

#: variant ("" for a rule's only sentence) -> language -> template
Catalogue = Mapping[str, Mapping[str, str]]


def template_fields(template: str) -> list[str]:
    """The value names a template uses, in order.

    Raises:
        ValueError: the template is malformed or uses anything but bare names.

    Example:
        >>> template_fields('Column {table}.{column} for "{purpose}".')
        ['table', 'column', 'purpose']
    """
    names = []
    for _, name, spec, conversion in _FORMATTER.parse(template):
        if name is None:
            continue
        if not name.isidentifier() or spec or conversion:
            raise ValueError(
                f"placeholder {{{name}{'!' + conversion if conversion else ''}"
                f"{':' + spec if spec else ''}}} must be a bare name like {{column}}"
            )
        names.append(name)
    return names


def format_value(value: Any, lang: str) -> str:
    """How a value reads inside a sentence.

    Example:
        >>> format_value(["a", "b"], "en"), format_value(None, "es"), format_value(30.0, "en")
        ('a, b', '(desconocido)', '30')
    """
    if value is None:
        return _UNKNOWN.get(lang, _UNKNOWN[DEFAULT_LANG])
    if isinstance(value, bool):
        return _BOOL.get(lang, _BOOL[DEFAULT_LANG])[value]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return ", ".join(format_value(v, lang) for v in items)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def fill(template: str, values: Mapping[str, Any], lang: str, *, strict: bool = False) -> str:
    """Fill ``template`` with ``values``.

    Args:
        template: a template that :func:`template_fields` accepts.
        values: the values the rule returned.
        lang: the language of the placeholders for missing values.
        strict: raise ``KeyError`` on a name ``values`` lacks (the meta-tests use it).

    Example:
        >>> fill("Table {table} has {days} days.", {"table": "crm.c", "days": 30}, "en")
        'Table crm.c has 30 days.'
        >>> fill("Tabla {table}.", {}, "es")
        'Tabla (desconocido).'
    """
    out = []
    for literal, name, _, _ in _FORMATTER.parse(template):
        out.append(literal)
        if name is None:
            continue
        if strict and name not in values:
            raise KeyError(name)
        out.append(format_value(values.get(name), lang))
    return "".join(out)


def render(
    catalogue: Catalogue,
    code: str,
    lang: str,
    *,
    values: Mapping[str, Any] | None = None,
    variant: str | None = None,
    msg: str | None = None,
) -> str:
    """The sentence of one finding in ``lang``, with the fallbacks of the module docstring.

    Example:
        >>> cat = {"": {"en": "Table {table} is unknown.", "es": "La tabla {table} no existe."}}
        >>> render(cat, "INV002", "es", values={"table": "dwh.x"})
        'La tabla dwh.x no existe.'
        >>> render({}, "USR001", "es", msg="Custom sentence.")
        'Custom sentence.'
        >>> render({}, "USR002", "en", values={"table": "t", "n": 2})
        'USR002: n=2, table=t'
    """
    values = values or {}
    templates = catalogue.get(variant or "") or catalogue.get("") or {}
    template = templates.get(lang)
    if template is not None:
        return fill(template, values, lang)
    if msg:
        return msg
    for other in (DEFAULT_LANG, *LANGS):
        if other in templates:
            return fill(templates[other], values, other)
    if not values:
        return f"{code}."
    pairs = ", ".join(f"{k}={format_value(values[k], lang)}" for k in sorted(values))
    return f"{code}: {pairs}"


def parse_catalogue(raw: Any) -> dict[str, dict[str, str]]:
    """Read ``custom.message`` from METADATA into variant -> language -> template.

    ``raw`` is either ``{lang: template}`` (one sentence) or ``{variant: {lang: template}}``.

    Raises:
        ValueError: with a message for the policy author.

    Example:
        >>> parse_catalogue({"en": "Table {t}.", "es": "Tabla {t}."})
        {'': {'en': 'Table {t}.', 'es': 'Tabla {t}.'}}
        >>> parse_catalogue({"literal": {"en": "A literal."}})
        {'literal': {'en': 'A literal.'}}
    """
    if raw is None:
        return {}
    if not isinstance(raw, Mapping) or not raw:
        raise ValueError(
            "custom.message must map languages to templates ({es: ..., en: ...}) or "
            "variant names to such maps"
        )
    if all(isinstance(v, str) for v in raw.values()):
        return {"": _languages(raw, "custom.message")}
    out: dict[str, dict[str, str]] = {}
    for variant, templates in raw.items():
        if not isinstance(variant, str) or not variant.isidentifier() or variant in LANGS:
            raise ValueError(
                f"custom.message: {variant!r} is neither a language ({', '.join(LANGS)}) with a "
                "template nor a variant name with its languages"
            )
        if not isinstance(templates, Mapping):
            raise ValueError(f"custom.message.{variant} must map languages to templates")
        out[variant] = _languages(templates, f"custom.message.{variant}")
    return out


def _languages(raw: Mapping[Any, Any], where: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for lang, template in raw.items():
        if lang not in LANGS:
            raise ValueError(f"{where}: unknown language {lang!r} (expected {', '.join(LANGS)})")
        if not isinstance(template, str) or not template.strip():
            raise ValueError(f"{where}.{lang} must be a non-empty template")
        try:
            template_fields(template)
        except ValueError as exc:
            raise ValueError(f"{where}.{lang}: {exc}") from None
        out[lang] = " ".join(template.split())
    return out


def check_lang(lang: str) -> str:
    """Return ``lang`` if tutela speaks it.

    Raises:
        ValueError: an unknown language, naming the known ones.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r} (expected one of {', '.join(LANGS)})")
    return lang
