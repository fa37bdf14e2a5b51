"""The aviso checklist AV-01..AV-25 as data, and the completeness check of a notice.

Each element of an aviso de privacidad has a stable id (reference lfpdppp.md §2.10), a legal
source written as the 2025 LFPDPPP cites it, and a requirement per notice type:

* ``Y`` required, ``N`` not required, ``R`` recommended (Reglamento 2011, Lineamientos 2013 or
  good practice; never blocks), ``C`` conditional: required only when its condition holds in
  the inventory (e.g. AV-04 only when some column holds sensitive data).

:func:`check_notice` tells, for an inventory and a notice type, whether each element is filled
and which inventory key fills it; a missing *required* element raises
:class:`~tutela.errors.InventoryError` naming the element, its article and the key to add.
The ``telefono`` type is the phone script of the simplified notice, so it follows the
``simplificado`` column.

Example:
    >>> [e.id for e in CHECKLIST][:3]
    ['AV-01', 'AV-02', 'AV-03']
    >>> requirement("AV-09", "simplificado")
    'N'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from tutela.errors import InventoryError, Problem

Kind = Literal["integral", "simplificado", "corto", "telefono"]
KINDS: tuple[Kind, ...] = ("integral", "simplificado", "corto", "telefono")
Path = tuple[str | int, ...]

# Column categories (docs/inventory-spec.yaml) that the notice lists as personal data.
NON_PERSONAL = frozenset({"ninguna", "clave"})
SENSITIVE = frozenset({"sensible", "biometrico"})  # biometrics: sensitive by policy (§7.1)
FINANCIAL = frozenset({"patrimonial", "pci_pan", "pci_cvv", "pci_pin", "pci_track"})
LIVE_CHANNELS = frozenset({"phone", "web", "app", "chat", "whatsapp", "sms", "email"})


class InventoryLike(Protocol):
    """What the checklist needs from an inventory: its data and where keys are written."""

    @property
    def data(self) -> Any:
        """The inventory as plain dicts and lists."""

    def mark(self, path: Path) -> tuple[int, int] | None:
        """(line, col) of the value at ``path`` or of its nearest parent."""


@dataclass(frozen=True)
class Check:
    """What one element's probe found: does it apply, is it filled, which key fills it."""

    applies: bool
    filled: bool
    key: str
    missing: Path = ()  # where the missing value belongs (for file:line:col)


@dataclass(frozen=True)
class Element:
    """One checklist element (a row of lfpdppp.md §2.10)."""

    id: str
    element: str  # Spanish, as a lawyer reads it
    source: str  # exact legal source; "UNVERIFIED" where the reference says so
    integral: str
    simplificado: str
    corto: str
    probe: Callable[[Mapping[str, Any]], Check]


@dataclass(frozen=True)
class ElementStatus:
    """The state of one element for one inventory and one notice type."""

    id: str
    element: str
    source: str
    requirement: str  # Y | N | R | C, for this notice type
    required: bool  # Y, or C whose condition holds
    filled: bool
    key: str

    @property
    def estado(self) -> str:
        """Spanish state shown in the coverage table."""
        if self.requirement == "N":
            return "no aplica"
        if self.requirement == "C" and not self.required:
            return "no aplica (condición)"
        if self.filled:
            return "cumple"
        return "FALTA" if self.required else "falta (recomendado)"


# --- helpers over the plain inventory dict ------------------------------------------------


def _get(data: Any, *path: str | int) -> Any:
    cur = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(cur, list) or part >= len(cur):
                return None
            cur = cur[part]
        else:
            if not isinstance(cur, Mapping):
                return None
            cur = cur.get(part)
    return cur


def _list(data: Any, *path: str | int) -> list[Any]:
    value = _get(data, *path)
    return value if isinstance(value, list) else []


def _filled(value: Any) -> bool:
    if value is None:
        return False
    if isinstance(value, (str, list, dict)):
        return bool(value.strip() if isinstance(value, str) else value)
    return True


def columns(data: Any) -> Iterator[tuple[int, int, Mapping[str, Any], Mapping[str, Any]]]:
    """Yield ``(dataset index, column index, dataset, column)`` for every column."""
    for i, ds in enumerate(_list(data, "datasets")):
        if not isinstance(ds, Mapping):
            continue
        for j, col in enumerate(_list(ds, "columns")):
            if isinstance(col, Mapping):
                yield i, j, ds, col


def column_purposes(ds: Mapping[str, Any], col: Mapping[str, Any]) -> list[str]:
    """The purposes a column serves: its own list when given, else its table's."""
    own = col.get("purposes")
    chosen = own if isinstance(own, list) and own else ds.get("purposes")
    return [str(p) for p in chosen] if isinstance(chosen, list) else []


def _purposes(data: Any) -> dict[str, tuple[int, Mapping[str, Any]]]:
    out: dict[str, tuple[int, Mapping[str, Any]]] = {}
    for i, p in enumerate(_list(data, "purposes")):
        if isinstance(p, Mapping) and isinstance(p.get("id"), str):
            out[p["id"]] = (i, p)
    return out


def _terceros(data: Any) -> list[tuple[int, Mapping[str, Any]]]:
    return [
        (i, r)
        for i, r in enumerate(_list(data, "recipients"))
        if isinstance(r, Mapping) and r.get("role") == "tercero"
    ]


# --- probes: one per element ----------------------------------------------------------------


def _av01(d: Mapping[str, Any]) -> Check:
    return Check(
        True,
        _filled(_get(d, "controller", "legal_name")),
        "controller.legal_name",
        ("controller", "legal_name"),
    )


_DOMICILE_KEYS = (
    "street",
    "exterior_number",
    "neighborhood",
    "postal_code",
    "municipality",
    "state",
)


def _av02(d: Mapping[str, Any]) -> Check:
    for key in _DOMICILE_KEYS:
        if not _filled(_get(d, "controller", "domicile", key)):
            return Check(True, False, f"controller.domicile.{key}", ("controller", "domicile", key))
    return Check(True, True, "controller.domicile")


def _av03(d: Mapping[str, Any]) -> Check:
    personal = [c for _, _, _, c in columns(d) if c.get("category") not in NON_PERSONAL]
    return Check(True, bool(personal), "datasets[].columns[].category", ("datasets",))


def _av04(d: Mapping[str, Any]) -> Check:
    sensitive = [(i, j, c) for i, j, _, c in columns(d) if c.get("category") in SENSITIVE]
    for i, j, c in sensitive:
        if c.get("category") == "sensible" and not _filled(c.get("sensitive_kind")):
            return Check(
                True,
                False,
                "datasets[].columns[].sensitive_kind",
                ("datasets", i, "columns", j, "sensitive_kind"),
            )
    return Check(bool(sensitive), bool(sensitive), "datasets[].columns[].sensitive_kind")


def _av05(d: Mapping[str, Any]) -> Check:
    return Check(True, bool(_purposes(d)), "purposes", ("purposes",))


def _av06(d: Mapping[str, Any]) -> Check:
    for pid, (i, p) in sorted(_purposes(d).items()):
        del pid
        rc = p.get("requires_consent")
        if not isinstance(rc, bool):
            return Check(
                True, False, "purposes[].requires_consent", ("purposes", i, "requires_consent")
            )
        if rc and not _filled(p.get("consent")):
            return Check(True, False, "purposes[].consent", ("purposes", i, "consent"))
        if not rc and not _filled(p.get("exception")):
            return Check(True, False, "purposes[].exception", ("purposes", i, "exception"))
    return Check(True, bool(_purposes(d)), "purposes[].requires_consent", ("purposes",))


def _any_consent(d: Mapping[str, Any]) -> bool:
    return any(p.get("requires_consent") is True for _, p in _purposes(d).values())


def _av07(d: Mapping[str, Any]) -> Check:
    return Check(
        _any_consent(d),
        _filled(_get(d, "limit_use", "channels")),
        "limit_use.channels",
        ("limit_use", "channels"),
    )


def _av08(d: Mapping[str, Any]) -> Check:
    filled = _filled(_get(d, "limit_use", "channels")) or _filled(
        _get(d, "limit_use", "exclusion_list")
    )
    return Check(True, filled, "limit_use.channels", ("limit_use", "channels"))


def _av09(d: Mapping[str, Any]) -> Check:
    for key in ("channels", "department"):
        if not _filled(_get(d, "arco", key)):
            return Check(True, False, f"arco.{key}", ("arco", key))
    return Check(True, True, "arco.channels, arco.department")


def _av10(d: Mapping[str, Any]) -> Check:
    filled = _filled(_get(d, "arco", "department")) or _filled(
        _get(d, "controller", "privacy_department", "name")
    )
    return Check(True, filled, "arco.department", ("arco", "department"))


def _av11(d: Mapping[str, Any]) -> Check:
    return Check(
        _any_consent(d),
        _filled(_get(d, "revocation", "channels")),
        "revocation.channels",
        ("revocation", "channels"),
    )


def _needs_consent(r: Mapping[str, Any]) -> bool:
    return not _filled(r.get("exception"))


def _av12(d: Mapping[str, Any]) -> Check:
    terceros = _terceros(d)
    for i, r in terceros:
        for key in ("name", "country", "purposes"):
            if not _filled(r.get(key)):
                return Check(True, False, f"recipients[].{key}", ("recipients", i, key))
    # Integral: R (always listed); simplificado: C, only if some transfer needs consent.
    return Check(any(_needs_consent(r) for _, r in terceros), True, "recipients[] (role: tercero)")


def _av13(d: Mapping[str, Any]) -> Check:
    terceros = _terceros(d)
    for i, r in terceros:
        if _needs_consent(r) and not _filled(r.get("consent")):
            return Check(True, False, "recipients[].consent", ("recipients", i, "consent"))
    return Check(bool(terceros), bool(terceros), "recipients[].consent | recipients[].exception")


def _consent_of_columns(
    d: Mapping[str, Any], categories: frozenset[str], accepted: frozenset[str]
) -> Check:
    purposes = _purposes(d)
    applies = False
    for _, _, ds, col in columns(d):
        if col.get("category") not in categories:
            continue
        applies = True
        for pid in column_purposes(ds, col):
            if pid not in purposes:
                continue
            i, p = purposes[pid]
            if p.get("requires_consent") is True and p.get("consent") not in accepted:
                return Check(True, False, "purposes[].consent", ("purposes", i, "consent"))
    return Check(applies, applies, "purposes[].consent")


def _av14(d: Mapping[str, Any]) -> Check:
    # Art. 8: sensitive data need express and written consent.
    return _consent_of_columns(d, SENSITIVE, frozenset({"express_written"}))


def _av15(d: Mapping[str, Any]) -> Check:
    # Art. 7 ¶5: financial or patrimonial data need express consent.
    return _consent_of_columns(d, FINANCIAL, frozenset({"express", "express_written"}))


def _av16(d: Mapping[str, Any]) -> Check:
    techs = _list(d, "tracking_technologies")
    for i, t in enumerate(techs):
        for key in ("name", "type", "disable"):
            if not _filled(_get(t, key)):
                return Check(
                    True, False, f"tracking_technologies[].{key}", ("tracking_technologies", i, key)
                )
    return Check(bool(techs), bool(techs), "tracking_technologies[].disable")


def _av17(d: Mapping[str, Any]) -> Check:
    return Check(
        True,
        _filled(_get(d, "notice", "changes", "channels")),
        "notice.changes.channels",
        ("notice", "changes", "channels"),
    )


def _av18(d: Mapping[str, Any]) -> Check:
    return Check(
        True,
        _filled(_get(d, "notice", "integral_url")),
        "notice.integral_url",
        ("notice", "integral_url"),
    )


def _av19(d: Mapping[str, Any]) -> Check:
    for key in ("version", "last_updated"):
        if not _filled(_get(d, "notice", key)):
            return Check(True, False, f"notice.{key}", ("notice", key))
    return Check(True, True, "notice.version, notice.last_updated")


def _static(d: Mapping[str, Any]) -> Check:
    del d
    return Check(True, True, "(texto de la plantilla)")


def _av21(d: Mapping[str, Any]) -> Check:
    automated = [
        (pid, i, p)
        for pid, (i, p) in sorted(_purposes(d).items())
        if p.get("automated_decision") is True
    ]
    for _, i, p in automated:
        if not _filled(p.get("human_review_channel")):
            return Check(
                True,
                False,
                "purposes[].human_review_channel",
                ("purposes", i, "human_review_channel"),
            )
    return Check(bool(automated), bool(automated), "purposes[].automated_decision")


def _av22(d: Mapping[str, Any]) -> Check:
    indirect = [
        (i, c)
        for i, c in enumerate(_list(d, "channels"))
        if isinstance(c, Mapping) and c.get("type") == "indirect"
    ]
    for i, c in indirect:
        if not _filled(_get(c, "source", "provider")):
            return Check(
                True, False, "channels[].source.provider", ("channels", i, "source", "provider")
            )
    return Check(bool(indirect), bool(indirect), "channels[].source")


def recorded_phone_channels(d: Any) -> list[tuple[int, Mapping[str, Any]]]:
    """Phone channels whose calls are recorded (AV-23)."""
    return [
        (i, c)
        for i, c in enumerate(_list(d, "channels"))
        if isinstance(c, Mapping)
        and c.get("type") == "phone"
        and _get(c, "recording", "enabled") is True
    ]


def _av23(d: Mapping[str, Any]) -> Check:
    recorded = recorded_phone_channels(d)
    for i, _ in recorded:
        if not _filled(_get(d, "channels", i, "recording", "purposes")):
            return Check(
                True,
                False,
                "channels[].recording.purposes",
                ("channels", i, "recording", "purposes"),
            )
    return Check(bool(recorded), bool(recorded), "channels[].recording")


def _av25(d: Mapping[str, Any]) -> Check:
    for i, ds in enumerate(_list(d, "datasets")):
        if not isinstance(ds, Mapping):
            continue
        personal = any(
            isinstance(c, Mapping) and c.get("category") not in NON_PERSONAL
            for c in _list(ds, "columns")
        )
        if personal and not _filled(ds.get("retention")):
            return Check(True, False, "datasets[].retention", ("datasets", i, "retention"))
    return Check(True, True, "datasets[].retention")


CHECKLIST: tuple[Element, ...] = (
    Element(
        "AV-01",
        "Identidad del responsable",
        "Art. 15 fr. I; Art. 16 fr. II; Reg. 27 fr. I",
        "Y",
        "Y",
        "Y",
        _av01,
    ),
    Element(
        "AV-02",
        "Domicilio del responsable",
        "Art. 15 fr. I; Art. 16 fr. II; Reg. 27 fr. I",
        "Y",
        "Y",
        "Y",
        _av02,
    ),
    Element(
        "AV-03",
        "Datos personales que se tratan",
        "Art. 15 fr. II; Art. 16 fr. II",
        "Y",
        "Y",
        "N",
        _av03,
    ),
    Element(
        "AV-04",
        "Datos personales sensibles identificados",
        "Art. 15 fr. II; Art. 2 fr. VI",
        "C",
        "C",
        "N",
        _av04,
    ),
    Element(
        "AV-05",
        "Finalidades del tratamiento",
        "Art. 15 fr. III; Reg. 27 fr. II",
        "Y",
        "Y",
        "Y",
        _av05,
    ),
    Element(
        "AV-06",
        "Finalidades que requieren consentimiento y las que no",
        "Art. 15 fr. III; Art. 9 fr. IV; Reg. 41",
        "Y",
        "Y",
        "R",
        _av06,
    ),
    Element(
        "AV-07",
        "Mecanismo para negarse a las finalidades que requieren consentimiento",
        "Art. 15 fr. IV; Art. 7 último párrafo; Reg. 14, 42",
        "C",
        "C",
        "R",
        _av07,
    ),
    Element(
        "AV-08",
        "Opciones y medios para limitar el uso o divulgación",
        "Art. 15 fr. IV; Reg. 110-111",
        "Y",
        "Y",
        "N",
        _av08,
    ),
    Element(
        "AV-09",
        "Medios para ejercer los derechos ARCO",
        "Art. 15 fr. V; Arts. 28-31",
        "Y",
        "N",
        "N",
        _av09,
    ),
    Element("AV-10", "Persona o departamento de datos personales", "Art. 29", "R", "N", "N", _av10),
    Element(
        "AV-11",
        "Mecanismo para revocar el consentimiento",
        "Art. 7 último párrafo; Reg. 21",
        "C",
        "R",
        "N",
        _av11,
    ),
    Element(
        "AV-12",
        "Transferencias: destinatarios, país, finalidades y fundamento",
        "Art. 35; Art. 36; Reg. 68",
        "R",
        "C",
        "N",
        _av12,
    ),
    Element(
        "AV-13", "Cláusula de aceptación de transferencias", "Art. 35 ¶2", "C", "C", "N", _av13
    ),
    Element(
        "AV-14",
        "Consentimiento expreso y por escrito para datos sensibles",
        "Art. 8; Reg. 19",
        "C",
        "C",
        "N",
        _av14,
    ),
    Element(
        "AV-15",
        "Consentimiento expreso para datos financieros o patrimoniales",
        "Art. 7 ¶5; Reg. 15 fr. II",
        "C",
        "C",
        "N",
        _av15,
    ),
    Element(
        "AV-16",
        "Tecnologías de rastreo y cómo deshabilitarlas",
        "Reg. 14 ¶3; Lineamientos (UNVERIFIED)",
        "C",
        "C",
        "N",
        _av16,
    ),
    Element(
        "AV-17",
        "Procedimiento y medios para comunicar cambios al aviso",
        "Art. 15 fr. VI",
        "Y",
        "N",
        "N",
        _av17,
    ),
    Element(
        "AV-18",
        "Dónde consultar el aviso integral",
        "Art. 16 fr. II; Reg. 27 fr. III",
        "N",
        "Y",
        "Y",
        _av18,
    ),
    Element(
        "AV-19",
        "Fecha de última actualización y versión",
        "Buena práctica; Reg. 31",
        "R",
        "R",
        "R",
        _av19,
    ),
    Element(
        "AV-20",
        "Autoridad (SABG) y procedimiento de protección de derechos",
        "Art. 2 fr. XV; Art. 40; Transitorio Cuarto",
        "R",
        "N",
        "N",
        _static,
    ),
    Element(
        "AV-21",
        "Decisiones automatizadas sin intervención humana",
        "Art. 26 fr. II; Reg. 112",
        "C",
        "N",
        "N",
        _av21,
    ),
    Element(
        "AV-22",
        "Fuente de los datos no obtenidos del titular",
        "Art. 17; Reg. 29",
        "R",
        "R",
        "N",
        _av22,
    ),
    Element(
        "AV-23",
        "Aviso de grabación de la llamada",
        "Art. 16 fr. II; Art. 15 fr. II-III",
        "C",
        "C",
        "N",
        _av23,
    ),
    Element(
        "AV-24",
        "Lenguaje claro, en español, sin casillas premarcadas",
        "Reg. 24; Lineamientos Décimo (UNVERIFIED)",
        "Y",
        "Y",
        "Y",
        _static,
    ),
    Element(
        "AV-25",
        "Plazo o criterio de conservación por categoría",
        "Art. 10 ¶2; Reg. 37-38",
        "R",
        "N",
        "N",
        _av25,
    ),
)

_BY_ID = {e.id: e for e in CHECKLIST}


def requirement(element_id: str, kind: Kind) -> str:
    """The requirement letter (Y, N, R, C) of one element for one notice type."""
    element = _BY_ID[element_id]
    column = "simplificado" if kind == "telefono" else kind
    letter: str = getattr(element, column)
    return letter


def cite(source: str) -> str:
    """Render a checklist source for a reader: statute articles get ``LFPDPPP``.

    Example:
        >>> cite("Art. 15 fr. V; Arts. 28-31")
        'LFPDPPP art. 15 fr. V; arts. 28-31'
        >>> cite("Reg. 14 ¶3; Lineamientos (UNVERIFIED)")
        'Reglamento 2011 art. 14 ¶3; Lineamientos (UNVERIFIED)'
    """
    parts = []
    statute = False
    for raw in source.split("; "):
        part = raw
        if part.startswith(("Art. ", "Arts. ")):
            part = part[0].lower() + part[1:]
            if not statute:
                part = "LFPDPPP " + part
                statute = True
        elif part.startswith("Reg. "):
            rest = part[len("Reg. ") :]
            plural = "," in rest.split(" ")[0] or "-" in rest.split(" ")[0] or ", " in rest
            part = ("Reglamento 2011 arts. " if plural else "Reglamento 2011 art. ") + rest
        parts.append(part)
    return "; ".join(parts)


def notice_status(inv: InventoryLike, kind: Kind) -> list[ElementStatus]:
    """Return the state of every checklist element for ``kind``, without raising."""
    if kind not in KINDS:
        raise ValueError(f"unknown notice kind {kind!r}")
    data = inv.data if isinstance(inv.data, Mapping) else {}
    out: list[ElementStatus] = []
    for element in CHECKLIST:
        letter = requirement(element.id, kind)
        check = element.probe(data)
        required = letter == "Y" or (letter == "C" and check.applies)
        out.append(
            ElementStatus(
                element.id,
                element.element,
                element.source,
                letter,
                required,
                check.filled,
                check.key,
            )
        )
    return out


def _file_of(inv: InventoryLike) -> str | None:
    for attr in ("file", "path", "source"):
        value = getattr(inv, attr, None)
        if value is not None:
            return str(value)
    return None


def _position(inv: InventoryLike, path: Path) -> tuple[int, int] | None:
    """Where the missing value belongs: the key of its nearest existing parent."""
    data = inv.data
    existing: Path = ()
    for part in path:
        if _get(data, *existing, part) is None:
            break
        existing = (*existing, part)
    key_mark = getattr(inv, "key_mark", None)
    if existing and callable(key_mark):
        pos = key_mark(existing)
        if pos is not None:
            return (int(pos[0]), int(pos[1]))
    return inv.mark(existing)


def check_notice(inv: InventoryLike, kind: Kind) -> list[ElementStatus]:
    """Check that the inventory holds every element the ``kind`` notice requires.

    Returns:
        The state of every element (see :func:`notice_status`).

    Raises:
        InventoryError: when required elements are missing; one problem per element, each
            naming the id, the element, its article and the key to add, located at the
            nearest existing parent key of the inventory.
    """
    statuses = notice_status(inv, kind)
    missing = [s for s in statuses if s.required and not s.filled]
    if not missing:
        return statuses
    data = inv.data if isinstance(inv.data, Mapping) else {}
    file = _file_of(inv)
    problems: list[Problem] = []
    for status in missing:
        check = _BY_ID[status.id].probe(data)
        pos = _position(inv, check.missing)
        line, col = pos if pos else (None, None)
        problems.append(
            Problem(
                f"{status.id} {status.element} ({cite(status.source)}): add `{status.key}`",
                file=file,
                line=line,
                col=col,
            )
        )
    n = len(missing)
    raise InventoryError(
        f"cannot generate the {kind} notice: {n} required element{'s' if n != 1 else ''} "
        f"{'are' if n != 1 else 'is'} missing",
        file=file,
        problems=problems,
        hint="fill the keys listed above in the inventory (docs/inventory-spec.yaml); "
        "`tutela notice --check` prints the whole coverage table",
    )
