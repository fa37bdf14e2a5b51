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
    columns,
    recorded_phone_channels,
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


def build_context(inv: InventoryLike, kind: Kind, *, date: _dt.date) -> dict[str, Any]:
    """Gather the inventory into the plain, sorted values the templates format.

    Args:
        inv: the inventory (validated, or parsed YAML).
        kind: which notice.
        date: the date printed as "última actualización".

    Returns:
        A dict of strings, booleans, ints, lists and dicts only (no callables).
    """
    d = _map(inv.data)
    controller = _map(d.get("controller"))
    purposes = {
        _s(p.get("id")): p for p in (_map(x) for x in _lst(d.get("purposes"))) if p.get("id")
    }

    def purpose_texts(ids: Any) -> list[str]:
        return sorted(
            {_phrase(purposes[i].get("description")) for i in _lst(ids) if i in purposes} - {""}
        )

    categories: dict[str, set[str]] = {}
    sensitive: dict[tuple[str, str], set[str]] = {}
    sensitive_purposes: set[str] = set()
    financial = False
    for _, _, ds, col in columns(d):
        category = _s(col.get("category"))
        if category in NON_PERSONAL or not category:
            continue
        label = _phrase(col.get("description")) or _s(col.get("name"))
        # PCI sub-categories are one kind of data for the reader: payment-card data.
        group = "pci" if category.startswith("pci_") else category
        categories.setdefault(group, set()).add(label)
        if category in SENSITIVE:
            kind_of = _s(col.get("sensitive_kind")) or (
                "biometrico" if category == "biometrico" else "otro"
            )
            sensitive.setdefault((kind_of, label), set()).update(column_purposes(ds, col))
            sensitive_purposes.update(column_purposes(ds, col))
        if category in FINANCIAL:
            financial = True

    consent_purposes: list[dict[str, Any]] = []
    other_purposes: list[dict[str, Any]] = []
    for pid in sorted(purposes):
        p = purposes[pid]
        item = {
            "id": pid,
            "description": _phrase(p.get("description")),
            "consent": _s(p.get("consent")),
            "exception": _s(p.get("exception")),
            "tags": sorted(_s(t) for t in _lst(p.get("tags"))),
            "automated_decision": p.get("automated_decision") is True,
            "human_review_channel": _s(p.get("human_review_channel")),
        }
        (consent_purposes if p.get("requires_consent") is True else other_purposes).append(item)

    terceros: list[dict[str, Any]] = []
    encargados: list[dict[str, Any]] = []
    for r in sorted((_map(x) for x in _lst(d.get("recipients"))), key=lambda r: _s(r.get("id"))):
        item = {
            "id": _s(r.get("id")),
            "name": _s(r.get("name")),
            "country": _s(r.get("country")),
            "purposes": purpose_texts(r.get("purposes")),
            "exception": _s(r.get("exception")),
            "consent": _s(r.get("consent")),
            "description": _s(r.get("description")),
        }
        (terceros if r.get("role") == "tercero" else encargados).append(item)

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
    ]

    channel_list = [_map(c) for c in _lst(d.get("channels"))]
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
    for _, c in recorded_phone_channels(d):
        recording_purposes.update(purpose_texts(_map(c.get("recording")).get("purposes")))

    retention: list[dict[str, Any]] = sorted(
        (
            {
                "description": _s(ds.get("description")),
                "period": _duration_parts(_map(ds.get("retention")).get("period")),
                "trigger": _s(_map(ds.get("retention")).get("trigger")),
                "legal_basis": _s(_map(ds.get("retention")).get("legal_basis")),
            }
            for ds in (_map(x) for x in _lst(d.get("datasets")))
            if ds.get("retention")
            and any(_map(c).get("category") not in NON_PERSONAL for c in _lst(ds.get("columns")))
        ),
        key=lambda r: str(r["description"]),
    )

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

    return {
        "kind": kind,
        "date": date.isoformat(),
        "version": _s(notice.get("version")),
        "integral_url": _s(notice.get("integral_url")),
        "phone_option": _s(notice.get("phone_option")),
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
        "sensitive": [
            {"kind": k, "description": label, "purposes": purpose_texts(sorted(pids))}
            for (k, label), pids in sorted(sensitive.items())
        ],
        "financial": financial,
        "consent_purposes": consent_purposes,
        "other_purposes": other_purposes,
        "automated": [p for p in consent_purposes + other_purposes if p["automated_decision"]],
        "limit_use": {
            "channels": _channels(limit_use.get("channels")),
            "exclusion_list": {
                "name": _s(exclusion.get("name")),
                "proof": _s(exclusion.get("proof")),
            }
            if exclusion
            else None,
            "repep": limit_use.get("repep") is True,
            "reus": limit_use.get("reus") is True,
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
        "transfers_need_consent": [t for t in terceros if not t["exception"]],
        "remisiones": encargados,
        "tracking": tracking,
        "indirect_sources": indirect,
        "recording_purposes": sorted(recording_purposes),
        "phone_channels": any(c.get("type") == "phone" for c in channel_list),
        "retention": retention,
        "changes": {
            "channels": sorted(_s(c) for c in _lst(changes.get("channels"))),
            "lead_time_days": changes.get("lead_time_days"),
        },
    }


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


def render_notice(inv: InventoryLike, kind: Kind, fmt: Format, *, date: _dt.date) -> str:
    """Render one aviso de privacidad.

    Args:
        inv: the inventory (see :func:`load_notice_inventory`).
        kind: ``integral``, ``simplificado``, ``corto`` or ``telefono``.
        fmt: ``md`` or ``html`` (``txt`` for ``telefono``).
        date: the "última actualización" date (injected; templates never read the clock).

    Returns:
        The notice text, ending in a newline.

    Raises:
        InventoryError: a required checklist element is missing, or the corto is not allowed.
        InputError: the kind/format pair does not exist.
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
    check_notice(inv, kind)
    if kind == "corto":
        _check_corto(inv)
    template, body = TEMPLATES[(kind, fmt)]
    context = build_context(inv, kind, date=date)
    context["body_template"] = body
    context["html"] = fmt == "html"
    text: str = make_env(html=fmt == "html").get_template(template).render(context)
    return text
