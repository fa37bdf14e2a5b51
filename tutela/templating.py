"""The one Jinja environment for every text a person reads (notices, letters, reports).

"Jinja speaks": templates live in ``tutela.notices`` (the top-level ``notices/`` folder) and
are rendered in a sandbox. The rules that keep rendering safe and reproducible:

* the environment is a :class:`~jinja2.sandbox.SandboxedEnvironment` with
  :class:`~jinja2.StrictUndefined` (a missing value is an error, never an empty string);
* HTML templates (``*.html`` / ``*.html.j2``) are autoescaped; Markdown and text are not, but
  inventory values are always *data*: they are inserted, never compiled as templates, so
  ``{{ 7*7 }}`` in an inventory stays the literal text ``{{ 7*7 }}``;
* templates never read the clock: the date is injected by the caller;
* template names come from fixed tables in the generators, never from user data.

Example:
    >>> env = make_env()
    >>> env.from_string("{{ d | fecha_larga }}").render(d="2026-11-01")
    '1 de noviembre de 2026'
    >>> env.from_string("{{ xs | lista_es }}").render(xs=["a", "b", "c"])
    'a, b y c'
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any

from jinja2 import PackageLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)

_HTML_SUFFIXES = (".html", ".htm", ".html.j2", ".htm.j2")


def _autoescape(template_name: str | None) -> bool:
    # Like select_autoescape(["html"]), but a template named "integral.html.j2" is HTML too.
    # Templates built from strings (no name) are escaped: the safe default.
    if template_name is None:
        return True
    return template_name.lower().endswith(_HTML_SUFFIXES)


def fecha_larga(value: _dt.date | str) -> str:
    """Format a date the way Mexican legal text writes it.

    Example:
        >>> fecha_larga("2026-11-01")
        '1 de noviembre de 2026'
        >>> fecha_larga(_dt.date(2025, 3, 21))
        '21 de marzo de 2025'
    """
    day = value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value))
    return f"{day.day} de {MESES[day.month - 1]} de {day.year}"


def lista_es(values: Iterable[Any], conjunction: str = "y", sep: str = ", ") -> str:
    """Join items as Spanish prose: ``a, b y c`` (``conjunction`` may be ``o``).

    With ``sep="; "`` items that contain commas or "y" stay readable: ``a; b; y c``.

    Example:
        >>> lista_es(["correo"])
        'correo'
        >>> lista_es(["correo", "teléfono"], "o")
        'correo o teléfono'
        >>> lista_es(["atender quejas y dudas", "cobrar"], sep="; ")
        'atender quejas y dudas; y cobrar'
    """
    items = [str(v) for v in values]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    last = f"{sep.rstrip()} {conjunction} " if sep != ", " else f" {conjunction} "
    return sep.join(items[:-1]) + last + items[-1]


def inicial_minuscula(value: Any) -> str:
    """Lower-case the first letter of a phrase, unless it starts an acronym.

    Example:
        >>> inicial_minuscula("Atender sus solicitudes")
        'atender sus solicitudes'
        >>> inicial_minuscula("CURP del titular")
        'CURP del titular'
    """
    text = str(value)
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def inicial_mayuscula(value: Any) -> str:
    """Upper-case the first letter of a phrase.

    Example:
        >>> inicial_mayuscula("defensa legal")
        'Defensa legal'
    """
    text = str(value)
    return text[:1].upper() + text[1:]


def oracion(value: Any) -> str:
    """End a phrase with a period unless it already ends a sentence.

    Example:
        >>> oracion("le enviamos un folio")
        'le enviamos un folio.'
        >>> oracion("listo.")
        'listo.'
    """
    text = str(value).rstrip()
    return text if not text or text.endswith((".", "!", "?", "…")) else text + "."


def fraccion(code: str) -> str:
    """Return the Roman fraction of an exception code (``art9_IV`` -> ``IV``).

    Example:
        >>> fraccion("art36_III")
        'III'
    """
    return str(code).rpartition("_")[2]


def md_cell(value: Any) -> str:
    r"""Make a value safe inside one Markdown table cell (pipes and newlines).

    Example:
        >>> md_cell("a | b\nc")
        'a \\| b c'
    """
    return " ".join(str(value).replace("|", "\\|").split())


def make_env(package_path: str = "tutela.notices", *, html: bool = False) -> SandboxedEnvironment:
    """Return the sandboxed Jinja environment that loads templates from ``package_path``.

    Args:
        package_path: the import package holding the templates (``tutela.notices``).
        html: escape every template, partials included. Needed for an HTML document: a
            partial named ``_x.j2`` imported by an HTML template is compiled by its own name,
            so without this its values would reach the page unescaped.

    Returns:
        A :class:`~jinja2.sandbox.SandboxedEnvironment` with ``StrictUndefined``, HTML
        autoescaping, ``trim_blocks``/``lstrip_blocks``, ``keep_trailing_newline`` and the
        filters ``fecha_larga``, ``lista_es``, ``fraccion``, ``md_cell``,
        ``inicial_minuscula`` and ``oracion``.
    """
    env = SandboxedEnvironment(
        loader=PackageLoader(package_path, ""),
        undefined=StrictUndefined,
        autoescape=True if html else _autoescape,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters["fecha_larga"] = fecha_larga
    env.filters["lista_es"] = lista_es
    env.filters["fraccion"] = fraccion
    env.filters["md_cell"] = md_cell
    env.filters["inicial_minuscula"] = inicial_minuscula
    env.filters["inicial_mayuscula"] = inicial_mayuscula
    env.filters["oracion"] = oracion
    env.globals.clear()  # no range/dict/lipsum/cycler/joiner/namespace: templates only format data
    return env
