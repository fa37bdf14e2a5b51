"""Avisos de privacidad rendered from the data inventory ("Jinja speaks").

One inventory, four notices (lfpdppp.md §2):

* ``integral``: Art. 15 fr. I-VI plus the elements the statute requires elsewhere (revocation,
  Art. 7; transfer acceptance clause, Art. 35 ¶2) and the prudent ones (authority, version,
  tracking technologies, retention…);
* ``simplificado``: Art. 16 fr. II, i.e. Art. 15 fr. I-IV plus where to read the integral;
* ``telefono``: the simplified notice as a script an agent or IVR reads at call start;
* ``corto``: the legacy modality of Reglamento 2011 arts. 27-28, only when the inventory sets
  ``notice.corto_allowed`` and only for printed, space-limited forms.

This module only *gathers* data into a plain, sorted context; every word a data subject reads
is in ``notices/privacy_notice/``. The date is injected, never read from the clock, so the same
inventory and date give the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from tutela.errors import InputError, InventoryError, Problem
from tutela.templating import make_env

from .checklist import (
    FINANCIAL,
    KINDS,
    LIVE_CHANNELS,
    NON_PERSONAL,
    SENSITIVE,
    InventoryLike,
    Kind,
    check_notice,
    column_purposes,
)

Format = Literal["md", "html", "txt"]
FORMATS: tuple[Format, ...] = ("md", "html", "txt")

# The only templates a notice may use: (kind, format) -> (template, body partial).
# Template names never come from user data.
TEMPLATES: dict[tuple[str, str], tuple[str, str]] = {
    ("integral", "md"): ("privacy_notice/integral.md.j2", "privacy_notice/_integral.j2"),
    ("integral", "html"): ("privacy_notice/document.html.j2", "privacy_notice/_integral.j2"),
    ("simplificado", "md"): (
        "privacy_notice/simplificado.md.j2",
        "privacy_notice/_simplificado.j2",
    ),
    ("simplificado", "html"): (
        "privacy_notice/document.html.j2",
        "privacy_notice/_simplificado.j2",
    ),
    ("corto", "md"): ("privacy_notice/corto.md.j2", "privacy_notice/_corto.j2"),
    ("corto", "html"): ("privacy_notice/document.html.j2", "privacy_notice/_corto.j2"),
    ("telefono", "txt"): ("privacy_notice/telefono.txt.j2", ""),
}

DEFAULT_FORMAT: dict[str, Format] = {
    "integral": "md",
    "simplificado": "md",
    "corto": "md",
    "telefono": "txt",
}


class _RawInventory:
    """The inventory as parsed YAML, before (or without) schema validation."""

    def __init__(self, data: Any, file: str, doc: Any) -> None:
        self.data = data
        self.file = file
        self._doc = doc

    def mark(self, path: tuple[str | int, ...]) -> tuple[int, int] | None:
        result: tuple[int, int] | None = self._doc.mark(path)
        return result

    def key_mark(self, path: tuple[str | int, ...]) -> tuple[int, int] | None:
        result: tuple[int, int] | None = self._doc.key_mark(path)
        return result


def read_inventory_yaml(path: Path) -> InventoryLike:
    """Parse the inventory YAML with positions but without schema validation.

    The completeness check runs on this first, so that a notice-blocking omission is reported
    as its checklist element (AV-xx, article, key to add) even when the schema would also
    reject the file.

    Raises:
        InputError: the file cannot be read.
        YAMLError: the file is not valid YAML.
    """
    from tutela.yamlsafe import load_yaml

    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"cannot read the inventory: it is not UTF-8 text ({exc.reason} at byte {exc.start})",
            file=str(path),
            hint="save the inventory as UTF-8",
        ) from None
    except OSError as exc:
        raise InputError(
            f"cannot read the inventory: {exc.strerror or exc}",
            file=str(path),
            hint="pass the inventory with --inventory/-i or set `inventory` in tutela.toml",
        ) from None
    doc = load_yaml(text, str(path))
    return _RawInventory(doc.data, str(path), doc)


def load_notice_inventory(path: Path) -> InventoryLike:
    """Load and validate the inventory a notice is rendered from (schema + cross references).

    Raises:
        InputError, YAMLError, InventoryError: see :func:`tutela.inventory.load_inventory`.
    """
    from tutela.inventory import load_inventory

    return load_inventory(path)


# --- context -------------------------------------------------------------------------------


def _s(value: Any) -> str:
    # One line per value: a newline in the inventory cannot start a heading or a list item
    # in the Markdown notice, nor break a sentence of the phone script.
    return "" if value is None else " ".join(str(value).split())


def _phrase(value: Any) -> str:
    """A description used inside a sentence or a list: no trailing period or spaces."""
    return _s(value).strip().rstrip(".").rstrip()


def _lst(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


_DOMICILE_FIELDS = (
    "street",
    "exterior_number",
    "interior_number",
    "neighborhood",
    "postal_code",
    "municipality",
    "state",
    "country",
)

_DURATION = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


def _duration_parts(value: Any) -> list[tuple[int, str]]:
    """``P1Y6M`` (or ``{"iso": "P1Y6M", ...}``) -> ``[(1, "Y"), (6, "M")]``."""
    iso = value.get("iso") if isinstance(value, Mapping) else value
    match = _DURATION.match(_s(iso))
    if not match:
        return []
    return [(int(n), unit) for n, unit in zip(match.groups(), "YMWD", strict=True) if n]


def _channel(ch: Any) -> dict[str, str]:
    c = _map(ch)
    return {
        "type": _s(c.get("type")),
        "value": _s(c.get("value")),
        "description": _phrase(c.get("description")),
    }


def _channels(chs: Any) -> list[dict[str, str]]:
    return sorted((_channel(c) for c in _lst(chs)), key=lambda c: (c["type"], c["value"]))


#: ``--channel`` values and the inventory channel types each one covers.
CHANNELS: dict[str, frozenset[str]] = {
    "phone": frozenset({"phone"}),
    "web": frozenset({"web", "app"}),
    "chat": frozenset({"chat", "whatsapp", "sms", "email"}),
    "in_person": frozenset({"in_person"}),
    "print": frozenset({"in_person_printed"}),
}
#: The notice a channel gets when --type is not given (LFPDPPP art. 16).
CHANNEL_KIND: dict[str, Kind] = {
    "phone": "telefono",
    "web": "simplificado",
    "chat": "simplificado",
    "in_person": "integral",
    "print": "integral",
}
# PCI DSS 3.3.1: sensitive authentication data must not be kept, and a full PAN must not be
# readable where stored (3.5.1); a notice that lists them as "data we keep" admits a breach.
_PCI_NEVER_PUBLISHED = frozenset({"pci_pan", "pci_cvv", "pci_pin", "pci_track"})
_PCI_REQUIREMENT = {
    "pci_pan": "PCI DSS 3.5.1",
    "pci_cvv": "PCI DSS 3.3.1.2",
    "pci_pin": "PCI DSS 3.3.1.3",
    "pci_track": "PCI DSS 3.3.1.1",
}
_MARKETING_TAGS = frozenset({"marketing", "telemarketing", "profiling"})
_UNVERIFIED = re.compile(r"\s*\(?\bUNVERIFIED\b\)?", re.IGNORECASE)


class Review:
    """Notes for the reviewer's appendix (``--review``): never printed in the titular's text."""

    def __init__(self) -> None:
        self.notes: list[dict[str, str]] = []
        self.findings: list[dict[str, str]] = []

    def note(self, topic: str, text: str) -> None:
        item = {"topic": topic, "text": text}
        if item not in self.notes:
            self.notes.append(item)

    def finding(self, path: str, text: str) -> None:
        item = {"path": path, "text": text}
        if item not in self.findings:
            self.findings.append(item)


def _public(value: str, review: Review, where: str) -> str:
    """Drop an UNVERIFIED marker from inventory text (the reviewer gets it instead)."""
    if not _UNVERIFIED.search(value):
        return value
    review.note(
        "Texto del inventario marcado UNVERIFIED",
        f"{where}: «{value}». El marcador se quitó del texto para el titular; confirme el "
        "fundamento antes de publicar.",
    )
    return " ".join(_UNVERIFIED.sub("", value).split()).replace(" ;", ";").strip(" ;:")


def _applies(item: Mapping[str, Any], subjects: set[str] | None) -> bool:
    listed = {_s(x) for x in _lst(item.get("data_subjects"))}
    return subjects is None or not listed or bool(listed & subjects)


def _purpose_name(p: Mapping[str, Any]) -> str:
    return _phrase(p.get("name")) or _phrase(p.get("description"))


def build_context(
    inv: InventoryLike,
    kind: Kind,
    *,
    date: _dt.date,
    audience: str | None = None,
    channel: str | None = None,
    fmt: str = "md",
) -> dict[str, Any]:
    r"""Gather the inventory into the plain, sorted values the templates format.

    Args:
        inv: the inventory (validated, or parsed YAML).
        kind: which notice.
        date: the date printed as "última actualización".
        audience: a ``data_subjects`` id: only what applies to that data subject.
        channel: one of :data:`CHANNELS`: only what that channel collects and says.
        fmt: the output format (``md`` escapes HTML and link syntax; every format shows
            control, bidi and zero-width characters as ``\uXXXX``).

    Returns:
        A dict of strings, booleans, ints, lists and dicts only (no callables).
    """
    review = Review()
    d = _map(inv.data)
    controller = _map(d.get("controller"))
    subjects: set[str] | None = {audience} if audience else None
    all_purposes = {
        _s(p.get("id")): p for p in (_map(x) for x in _lst(d.get("purposes"))) if p.get("id")
    }
    purposes = {pid: p for pid, p in all_purposes.items() if _applies(p, subjects)}
    subject_ids = [_s(_map(x).get("id")) for x in _lst(d.get("data_subjects"))]

    # The controller's role per engagement: a purpose done as encargado for every data subject
    # in scope is the client's processing, announced by the client's notice, not ours.
    encargado_for: dict[tuple[str, str], Mapping[str, Any]] = {}
    client_recipients: set[str] = set()
    for e in (_map(x) for x in _lst(d.get("engagements"))):
        if e.get("role") != "encargado":
            continue
        if e.get("recipient"):
            client_recipients.add(_s(e.get("recipient")))
        for subject in _lst(e.get("data_subjects")):
            for pid in _lst(e.get("purposes")):
                encargado_for[(_s(subject), _s(pid))] = e

    def scope_of(p: Mapping[str, Any]) -> list[str]:
        listed = [_s(x) for x in _lst(p.get("data_subjects"))] or subject_ids
        return [x for x in listed if subjects is None or x in subjects]

    on_behalf: dict[str, dict[str, Any]] = {}
    own: dict[str, Mapping[str, Any]] = {}
    for pid, p in purposes.items():
        scope = scope_of(p)
        clients = [encargado_for.get((x, pid)) for x in scope]
        if scope and all(clients):
            for e in (c for c in clients if c is not None):
                entry = on_behalf.setdefault(
                    _s(e.get("id")),
                    {
                        "client": _s(e.get("client")),
                        "client_notice": _s(e.get("client_notice")),
                        "purposes": set(),
                    },
                )
                entry["purposes"].add(_purpose_name(p))
        else:
            own[pid] = p
    if on_behalf:
        review.note(
            "Papel de encargado",
            "Para "
            + "; ".join(
                f"{v['client']} ({', '.join(sorted(v['purposes']))})"
                for _, v in sorted(on_behalf.items())
            )
            + " el responsable del inventario actúa como encargado (engagements): esas "
            "finalidades no se publican como propias; el aviso es el del cliente. Confirme el "
            "papel en cada contrato.",
        )

    def purpose_texts(ids: Any) -> list[str]:
        return sorted({_phrase(own[i].get("description")) for i in _lst(ids) if i in own} - {""})

    def purpose_names(ids: Any) -> list[str]:
        return sorted({_purpose_name(purposes[i]) for i in _lst(ids) if i in purposes} - {""})

    # Internal and derived tables hold copies of data listed with their source table.
    datasets = [
        ds
        for ds in (_map(x) for x in _lst(d.get("datasets")))
        if (subjects is None or _s(ds.get("data_subject")) in subjects)
        and ds.get("internal") is not True
    ]
    categories: dict[str, set[str]] = {}
    sensitive: dict[tuple[str, str], set[str]] = {}
    financial = False
    for ds in datasets:
        for col in (_map(x) for x in _lst(ds.get("columns"))):
            category = _s(col.get("category"))
            if category in NON_PERSONAL or not category:
                continue
            label = _phrase(col.get("description")) or _s(col.get("name"))
            if category in _PCI_NEVER_PUBLISHED:
                where = f"{_s(ds.get('table'))}.{_s(col.get('name'))}"
                review.finding(
                    where,
                    f"la columna es `{category}` ({_PCI_REQUIREMENT[category]}): un dato que no "
                    "debe conservarse no se publica como dato que tratamos; elimínelo del "
                    "almacén (tutela lint lo señala como PCI).",
                )
                continue
            col_purposes = [x for x in column_purposes(ds, col) if x in own]
            if not col_purposes and own and column_purposes(ds, col):
                continue  # only used for a client's purposes: the client's notice lists it
            categories.setdefault(category, set()).add(label)
            if category in SENSITIVE:
                kind_of = _s(col.get("sensitive_kind")) or (
                    "biometrico" if category == "biometrico" else "otro"
                )
                sensitive.setdefault((kind_of, label), set()).update(col_purposes)
            if category in FINANCIAL:
                financial = True

    # semantics' `usage`: a purpose that only ever sees aggregated or pseudonymised values is
    # described as statistical / dissociated use (Art. 2 fr. IX), not as use of the raw data.
    usage_kinds: dict[str, set[str]] = {}
    for ds in datasets:
        for pid, kinds in _map(ds.get("usage")).items():
            usage_kinds.setdefault(_s(pid), set()).update(_s(k) for k in _lst(kinds))
        for col in (_map(x) for x in _lst(ds.get("columns"))):
            for pid, kinds in _map(col.get("usage")).items():
                usage_kinds.setdefault(_s(pid), set()).update(_s(k) for k in _lst(kinds))

    def usage_of(pid: str) -> str:
        kinds = usage_kinds.get(pid, set())
        if not kinds or kinds - {"aggregated", "pseudonymised"}:
            return ""
        return "aggregated" if kinds == {"aggregated"} else "pseudonymised"

    def purpose_item(pid: str, p: Mapping[str, Any]) -> dict[str, Any]:
        exception = _s(p.get("exception"))
        provision = _phrase(p.get("legal_provision"))
        if exception == "art9_I" and not provision:
            review.note(
                "Art. 9 fr. I sin disposición",
                f"La finalidad {pid!r} usa art9_I sin `legal_provision`: el aviso no puede "
                "nombrar la disposición jurídica que exige el tratamiento.",
            )
        if exception:
            review.note(
                "Bases legales por confirmar",
                "Cada excepción del Art. 9 y del Art. 36 elegida en el inventario es un juicio "
                "jurídico del usuario: confírmela (docs/notices.md, «Bases que debe confirmar»).",
            )
        return {
            "id": pid,
            "name": _purpose_name(p),
            "description": _phrase(p.get("description")),
            "consent": _s(p.get("consent")),
            "exception": exception,
            "legal_provision": provision,
            "tags": sorted(_s(t) for t in _lst(p.get("tags"))),
            "automated_decision": p.get("automated_decision") is True,
            "human_review_channel": _s(p.get("human_review_channel")),
            "usage": usage_of(pid),
        }

    consent_purposes: list[dict[str, Any]] = []
    other_purposes: list[dict[str, Any]] = []
    for pid in sorted(own):
        p = own[pid]
        item = purpose_item(pid, p)
        (consent_purposes if p.get("requires_consent") is True else other_purposes).append(item)

    terceros: list[dict[str, Any]] = []
    encargados: list[dict[str, Any]] = []
    client_returns: list[dict[str, Any]] = []
    for r in sorted((_map(x) for x in _lst(d.get("recipients"))), key=lambda r: _s(r.get("id"))):
        shared = purpose_texts(r.get("purposes"))
        rid = _s(r.get("id"))
        if rid in client_recipients:
            named = purpose_names(r.get("purposes"))
            if named:
                client_returns.append({"id": rid, "name": _s(r.get("name")), "purposes": named})
                if r.get("role") == "tercero":
                    review.note(
                        "Destinatario que es el cliente",
                        f"recipients {rid!r} es `tercero` "
                        f"({_s(r.get('exception')) or 'con consentimiento'}), "
                        "pero un encargo dice que actúa por cuenta de ese cliente: devolver los "
                        "datos al responsable no es una transferencia (Art. 2 fr. XX); el aviso "
                        "no la lista como tal.",
                    )
            continue
        if not shared:
            continue
        item = {
            "id": rid,
            "name": _s(r.get("name")),
            "country": _s(r.get("country")),
            "purposes": shared,
            "purpose_names": sorted(
                {_purpose_name(own[i]) for i in _lst(r.get("purposes")) if i in own}
            ),
            "exception": _s(r.get("exception")),
            "consent": _s(r.get("consent")),
            "description": _s(r.get("description")),
        }
        (terceros if r.get("role") == "tercero" else encargados).append(item)

    channel_list = [c for c in (_map(x) for x in _lst(d.get("channels"))) if _applies(c, subjects)]
    in_channel = (
        [c for c in channel_list if _s(c.get("type")) in CHANNELS[channel]]
        if channel
        else channel_list
    )
    web_like = any(_s(c.get("type")) in {"web", "app"} for c in in_channel)
    own_or_all = set(purposes)
    tracking = [
        {
            "id": _s(t.get("id")),
            "name": _s(t.get("name")),
            "type": _s(t.get("type")),
            "vendor": _s(t.get("vendor")),
            "data": sorted(_s(x) for x in _lst(t.get("data"))),
            "purpose": purpose_texts([t.get("purpose")]),
            "expiry": _s(t.get("expiry")),
            "disable": _s(t.get("disable")),
        }
        for t in sorted(
            (_map(x) for x in _lst(d.get("tracking_technologies"))), key=lambda t: _s(t.get("id"))
        )
        if (subjects is None and channel is None)
        or (web_like and (not t.get("purpose") or _s(t.get("purpose")) in own_or_all))
    ]
    indirect = sorted(
        (
            {
                "description": _phrase(c.get("description")),
                "provider": _s(_map(c.get("source")).get("provider")),
                "legal_basis": _s(_map(c.get("source")).get("legal_basis")),
            }
            for c in channel_list
            if c.get("type") == "indirect"
        ),
        key=lambda c: (c["provider"], c["description"]),
    )
    recording_purposes: set[str] = set()
    recording_names: set[str] = set()
    recorded = any(
        c.get("type") == "phone" and _map(c.get("recording")).get("enabled") is True
        for c in in_channel
    )
    for c in in_channel:
        rec = _map(c.get("recording"))
        if c.get("type") == "phone" and rec.get("enabled") is True:
            ids = [x for x in _lst(rec.get("purposes")) if x in purposes]
            recording_purposes.update(
                _phrase(purposes[x].get("description")) for x in ids if x in purposes
            )
            recording_names.update(purpose_names(ids))

    retention: list[dict[str, Any]] = []
    for ds in datasets:
        if (
            not ds.get("retention")
            or ds.get("blocked") is True
            or ds.get("internal") is True
            or ds.get("exclusion_list")
            or ds.get("exclusion_lists")
            or not any(
                _map(c).get("category") not in NON_PERSONAL | _PCI_NEVER_PUBLISHED
                for c in _lst(ds.get("columns"))
            )
        ):
            continue
        table = _s(ds.get("table"))
        ret = _map(ds.get("retention"))
        blk = _map(ds.get("blocking"))
        retention.append(
            {
                "description": _phrase(ds.get("description")),
                "period": _duration_parts(ret.get("period")),
                "trigger": _phrase(ret.get("trigger")),
                "legal_basis": _public(_s(ret.get("legal_basis")), review, f"{table}.retention"),
                "blocking": _duration_parts(blk.get("period")) if blk else None,
                "blocking_basis": _public(_s(blk.get("legal_basis")), review, f"{table}.blocking")
                if blk
                else "",
            }
        )
    retention.sort(key=lambda r: str(r["description"]))

    arco = _map(d.get("arco"))
    limit_use = _map(d.get("limit_use"))
    exclusion = _map(limit_use.get("exclusion_list"))
    revocation = _map(d.get("revocation"))
    notice = _map(d.get("notice"))
    changes = _map(notice.get("changes"))
    dept = _map(controller.get("privacy_department"))
    raw_domicile = _map(controller.get("domicile"))
    domicile = {key: _s(raw_domicile.get(key)) for key in _DOMICILE_FIELDS}
    domicile["country"] = domicile["country"] or "México"
    marketing = any(_MARKETING_TAGS & {_s(t) for t in _lst(p.get("tags"))} for p in own.values())
    sensitive_items = [
        {
            "kind": k,
            "description": label,
            "consent_uses": sorted(
                _purpose_name(own[x]) for x in pids if own[x].get("requires_consent") is True
            ),
            # Answering ARCO requests touches every datum; naming it per datum only adds noise.
            "exception_uses": [
                purpose_item(x, own[x])
                for x in sorted(pids)
                if own[x].get("requires_consent") is not True
                and not {"arco", "deletion"} & {_s(t) for t in _lst(own[x].get("tags"))}
            ],
            "purposes": purpose_texts(sorted(pids)),
        }
        for (k, label), pids in sorted(sensitive.items())
    ]
    written = [p for p in consent_purposes if p["consent"] == "express_written"]
    transfers_need_consent = [t for t in terceros if not t["exception"]]
    if transfers_need_consent:
        review.note(
            "Consentimiento tácito y transferencias",
            "Si el consentimiento tácito basta para la cláusula de aceptación del Art. 35 no está "
            "verificado (referencia §12, punto 5): el aviso pide una respuesta expresa.",
        )
    if written and channel == "phone":
        review.note(
            "Consentimiento por escrito por teléfono",
            "Si un «sí» grabado con autenticación cumple el «por escrito» del Art. 8 no está "
            "verificado (referencia §12, punto 7): el guion remite al formato firmado.",
        )
    if tracking:
        review.note(
            "Tecnologías de rastreo",
            "Se informan conforme al Reglamento de 2011 (art. 14 ¶3) y a los Lineamientos de "
            "2013, cuya obligatoriedad bajo la ley de 2025 es incierta (referencia §1.3).",
        )
    if kind == "corto":
        review.note(
            "Aviso corto",
            "Modalidad heredada del Reglamento de 2011 (arts. 27 y 28); su vigencia bajo la ley "
            "de 2025 no está verificada (referencia §2.4). Sólo para formatos impresos con "
            "espacio limitado.",
        )
    if marketing and limit_use.get("reus") is True:
        review.note(
            "REUS",
            "El artículo de la LPDUSF que crea el REUS no está verificado (referencia §5.9); el "
            "aviso sólo menciona el registro.",
        )

    advertised = sorted(
        {
            _s(e.get("client"))
            for e in (_map(x) for x in _lst(d.get("engagements")))
            if e.get("role") == "responsable"
            and _applies(e, subjects)
            and any(_s(pid) in own for pid in _lst(e.get("purposes")))
        }
        - {""}
    )
    # REUS (CONDUSEF) is for financial products: the script names it only when an engagement
    # of the audience offers them (or when the inventory models no engagements at all).
    engagements_in_scope = [
        e for e in (_map(x) for x in _lst(d.get("engagements"))) if _applies(e, subjects)
    ]
    financial_products = not engagements_in_scope or any(
        e.get("financial_products") is True for e in engagements_in_scope
    )
    # The phone script names one means to refuse: a phone number first, else e-mail, else web.
    spoken_order = {"phone": 0, "email": 1, "web": 2}
    limit_spoken = next(
        (
            {"type": _s(c.get("type")), "value": _s(c.get("value"))}
            for c in sorted(
                (_map(x) for x in _lst(limit_use.get("channels"))),
                key=lambda c: spoken_order.get(_s(c.get("type")), 9),
            )
            if _s(c.get("type")) in spoken_order
        ),
        None,
    )
    context: dict[str, Any] = {
        "kind": kind,
        "advertised": advertised,
        "financial_products": financial_products,
        "limit_spoken": limit_spoken,
        "date": date.isoformat(),
        "audience": {
            "id": audience,
            "description": _phrase(
                next(
                    (
                        _map(x).get("description")
                        for x in _lst(d.get("data_subjects"))
                        if _map(x).get("id") == audience
                    ),
                    "",
                )
            ),
        }
        if audience
        else None,
        "channel": channel or "",
        "signature_block": bool(written) and (fmt == "html" or channel in {"print", "in_person"}),
        "version": _s(notice.get("version")),
        "integral_url": _s(notice.get("integral_url")),
        "phone_option": _s(notice.get("phone_option")),
        "caller_identification": _s(notice.get("caller_identification")),
        "profeco_contact": _s(notice.get("profeco_contact")),
        "controller": {
            "legal_name": _s(controller.get("legal_name")),
            "trade_name": _s(controller.get("trade_name")),
            "rfc": _s(controller.get("rfc")),
            "website": _s(controller.get("website")),
            "domicile": domicile,
        },
        "privacy_department": {
            "name": _s(dept.get("name")),
            "email": _s(dept.get("email")),
            "phone": _s(dept.get("phone")),
            "address": _s(dept.get("address")),
        },
        "data_categories": [
            {"category": c, "items": sorted(categories[c]), "sensitive": c in SENSITIVE}
            for c in sorted(categories)
        ],
        "sensitive": sensitive_items,
        "financial": financial,
        "consent_purposes": consent_purposes,
        "express_purposes": [p for p in consent_purposes if p["consent"] != "tacit"],
        "tacit_purposes": [p for p in consent_purposes if p["consent"] == "tacit"],
        "written_purposes": written,
        "other_purposes": other_purposes,
        "automated": [p for p in consent_purposes + other_purposes if p["automated_decision"]],
        "marketing": marketing,
        "on_behalf": [
            {**v, "purposes": sorted(v["purposes"])} for _, v in sorted(on_behalf.items())
        ],
        "client_returns": client_returns,
        "limit_use": {
            "channels": _channels(limit_use.get("channels")),
            "exclusion_list": {
                "name": _s(exclusion.get("name")),
                "proof": _s(exclusion.get("proof")),
            }
            if exclusion and (marketing or subjects is None)
            else None,
            "repep": limit_use.get("repep") is True and (marketing or subjects is None),
            "reus": limit_use.get("reus") is True and (marketing or subjects is None),
        },
        "arco": {
            "department": _s(arco.get("department")),
            "channels": _channels(arco.get("channels")),
            "identity_verification": _s(arco.get("identity_verification")),
            "response_days": int(arco.get("response_days") or 20),
            "execution_days": int(arco.get("execution_days") or 15),
        },
        "revocation": {
            "channels": _channels(revocation.get("channels")),
            "propagates_to_processors": revocation.get("propagates_to_processors") is True,
        },
        "transfers": terceros,
        "transfers_need_consent": transfers_need_consent,
        "remisiones": encargados,
        "tracking": tracking,
        "indirect_sources": indirect,
        "recorded": recorded,
        "recording_purposes": sorted(recording_purposes),
        "recording_names": sorted(recording_names),
        "phone_channels": any(c.get("type") == "phone" for c in in_channel),
        "retention": retention,
        "changes": {
            "channels": sorted(_s(c) for c in _lst(changes.get("channels"))),
            "lead_time_days": changes.get("lead_time_days"),
        },
    }
    context = sanitize(context, fmt)
    context["review"] = sanitize({"notes": review.notes, "findings": review.findings}, fmt)
    return context


_MD_SPECIAL = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "[": "\\[", "]": "\\]", "`": "\\`"}
)


def sanitize(value: Any, fmt: str) -> Any:
    r"""Make every string of a context safe to print in ``fmt`` (issue 19.5).

    Every format shows control, bidi and zero-width characters as ``\uXXXX`` (they could hide
    or reorder what the reader sees); Markdown also escapes HTML and link syntax, so inventory
    text cannot become ``<script>`` or a ``[link](javascript:…)``. HTML is escaped by Jinja.

    Example:
        >>> sanitize({"a": ["<b>[x](javascript:y)\u202e"]}, "md")
        {'a': ['&lt;b&gt;\\[x\\](javascript:y)\\u202e']}
    """
    from tutela.reporters.text import visible

    if isinstance(value, str):
        shown = visible(value)
        return shown.translate(_MD_SPECIAL) if fmt == "md" else shown
    if isinstance(value, Mapping):
        return {k: sanitize(v, fmt) for k, v in value.items()}
    if isinstance(value, list):
        return [sanitize(v, fmt) for v in value]
    if isinstance(value, tuple):
        return tuple(sanitize(v, fmt) for v in value)
    return value


def _check_corto(inv: InventoryLike) -> None:
    d = _map(inv.data)
    notice = _map(d.get("notice"))
    file = str(getattr(inv, "file", "") or "") or None

    def at(path: tuple[str | int, ...]) -> tuple[int | None, int | None]:
        pos = inv.mark(path)
        return pos if pos else (None, None)

    if notice.get("corto_allowed") is not True:
        line, col = at(("notice",))
        raise InventoryError(
            "cannot generate the corto notice: the inventory does not allow the legacy modality",
            file=file,
            line=line,
            col=col,
            hint="set `notice.corto_allowed: true` only if you collect data on printed, "
            "space-limited forms (Reglamento 2011 arts. 27-28; its validity under the 2025 "
            "law is uncertain); phone, web and chat channels need the simplificado",
        )
    channels = [_map(c) for c in _lst(d.get("channels"))]
    problems = [
        Problem(
            f"channel {_s(c.get('id'))!r} of type {_s(c.get('type'))!r} asks for the corto "
            "notice; electronic and sound channels need the simplificado (LFPDPPP art. 16 "
            "fr. II)",
            file=file,
            line=at(("channels", i, "notice"))[0],
            col=at(("channels", i, "notice"))[1],
            hint="set `notice: simplificado` on this channel",
        )
        for i, c in enumerate(channels)
        if c.get("notice") == "corto" and c.get("type") in LIVE_CHANNELS
    ]
    if problems:
        raise InventoryError("cannot generate the corto notice", file=file, problems=problems)
    if not any(c.get("type") == "in_person_printed" for c in channels):
        line, col = at(("channels",))
        raise InventoryError(
            "cannot generate the corto notice: no channel collects data on printed forms",
            file=file,
            line=line,
            col=col,
            hint="the corto is only for printed, space-limited forms: add a channel with "
            "`type: in_person_printed`, or use --type simplificado",
        )


def check_scope(inv: InventoryLike, audience: str | None, channel: str | None) -> None:
    """Refuse an audience or channel the inventory does not have (exit 2, with the choices).

    Raises:
        InputError: unknown data subject, or no channel of that kind reaches it.
    """
    d = _map(inv.data)
    subjects = [_s(_map(x).get("id")) for x in _lst(d.get("data_subjects"))]
    if audience is not None and audience not in subjects:
        import difflib

        close = difflib.get_close_matches(audience, subjects, n=1)
        raise InputError(
            f"unknown audience {audience!r}: it is not a data subject of the inventory",
            hint=(f"did you mean {close[0]!r}? " if close else "")
            + "choose one of: "
            + ", ".join(subjects),
        )
    if channel is None:
        return
    if channel not in CHANNELS:
        raise InputError(f"unknown channel {channel!r}", hint="use --channel " + "|".join(CHANNELS))
    reach = [
        c
        for c in (_map(x) for x in _lst(d.get("channels")))
        if _applies(c, {audience} if audience else None)
    ]
    if not any(_s(c.get("type")) in CHANNELS[channel] for c in reach):
        have = sorted(
            {name for name, types in CHANNELS.items() for c in reach if _s(c.get("type")) in types}
        )
        who = f"data subject {audience!r}" if audience else "the inventory"
        raise InputError(
            f"no {channel} channel collects data of {who}",
            hint=("its channels: " + ", ".join(have))
            if have
            else "add the channel under `channels:` with its `data_subjects`",
        )


def own_purposes_of(inv: InventoryLike, audience: str) -> tuple[list[str], list[str]]:
    """Return the purpose ids of one data subject: (done as responsable, done as encargado)."""
    ctx = build_context(inv, "integral", date=_dt.date(2000, 1, 1), audience=audience)
    own = [p["id"] for p in ctx["consent_purposes"] + ctx["other_purposes"]]
    d = _map(inv.data)
    behalf = [
        _s(pid)
        for e in (_map(x) for x in _lst(d.get("engagements")))
        if e.get("role") == "encargado" and audience in _lst(e.get("data_subjects"))
        for pid in _lst(e.get("purposes"))
        if _s(pid) not in own
    ]
    return own, sorted(set(behalf))


def render_notice(
    inv: InventoryLike,
    kind: Kind,
    fmt: Format,
    *,
    date: _dt.date,
    audience: str | None = None,
    channel: str | None = None,
    review: bool = False,
    max_seconds: float = 60,
) -> str:
    """Render one aviso de privacidad.

    Args:
        inv: the inventory (see :func:`load_notice_inventory`).
        kind: ``integral``, ``simplificado``, ``corto`` or ``telefono``.
        fmt: ``md`` or ``html`` (``txt`` for ``telefono``).
        date: the "última actualización" date (injected; templates never read the clock).
        audience: render only what applies to this data subject (``data_subjects`` id).
        channel: render for this collection channel (see :data:`CHANNELS`).
        review: append the reviewer's appendix (legal notes, UNVERIFIED items, findings).
        max_seconds: for ``telefono``, the longest the spoken script may take (at 150 words
            per minute, see :mod:`.spoken`).

    Returns:
        The notice text, ending in a newline.

    Raises:
        InventoryError: a required checklist element is missing, the corto is not allowed,
            or the controller is encargado for every purpose of the audience.
        InputError: the kind/format pair, the audience or the channel does not exist, or the
            phone script takes longer than ``max_seconds``.
    """
    if (kind, fmt) not in TEMPLATES:
        formats = [f for k, f in TEMPLATES if k == kind]
        raise InputError(
            f"the {kind} notice has no {fmt} format"
            if kind in KINDS
            else f"unknown notice type {kind!r}",
            hint=f"use --format {' or '.join(formats)}"
            if formats
            else f"use --type {'|'.join(KINDS)}",
        )
    check_scope(inv, audience, channel)
    check_notice(inv, kind)
    if kind == "corto":
        _check_corto(inv)
    template, body = TEMPLATES[(kind, fmt)]
    context = build_context(inv, kind, date=date, audience=audience, channel=channel, fmt=fmt)
    if audience and not context["consent_purposes"] and not context["other_purposes"]:
        clients = "; ".join(
            f"{b['client']} ({b['client_notice'] or 'su aviso'})" for b in context["on_behalf"]
        )
        raise InventoryError(
            f"cannot generate a notice for {audience!r}: the controller acts as encargado for "
            f"every purpose of this data subject ({clients}); the notice to give is the "
            "client's, not yours",
            file=str(getattr(inv, "file", "") or "") or None,
            hint="read or publish the client's notice on its behalf; set `role: responsable` "
            "on the engagement only if you decide the purposes yourself (Art. 2 fr. XII)",
        )
    context["body_template"] = body
    context["html"] = fmt == "html"
    context["show_review"] = review
    text: str = make_env(html=fmt == "html").get_template(template).render(context)
    if kind == "telefono":
        from .spoken import check_script_length

        check_script_length(text, max_seconds)
    return text
