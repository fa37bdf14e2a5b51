"""What changed between two inventory versions that needs new consent or a new notice.

``tutela notice --diff OLD_INVENTORY`` compares the inventory the published notice was made
from with the current one (issue 16, "the drift from the legal side"). It reports:

* a **new purpose**: LFPDPPP art. 11, a purpose outside the notice needs new consent, and the
  notice must list it (art. 15 fr. III); one that requires consent is flagged ``consent``;
* a purpose that **now requires consent**, or a stronger kind (tacit → express → written);
* a **new transfer**: a ``tercero`` that was not one before, or new purposes for one (art. 35;
  ``consent`` unless an art. 36 exception is declared, else ``notice``);
* a **new sensitive category** (art. 2 fr. VI; art. 8: express and written consent).

Example:
    >>> old = {"purposes": [{"id": "a", "requires_consent": False}]}
    >>> new = {"purposes": [{"id": "a", "requires_consent": False},
    ...                     {"id": "b", "requires_consent": True, "consent": "express"}]}
    >>> [(c.action, c.path) for c in diff_inventories(old, new)]
    [('consent', ('purposes', 1))]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_STRENGTH = {"tacit": 0, "express": 1, "express_written": 2}
_SENSITIVE = frozenset({"sensible", "biometrico"})


@dataclass(frozen=True)
class Change:
    """One change that needs new consent (``consent``) or a new notice (``notice``)."""

    action: str
    message: str
    legal_basis: str
    path: tuple[str | int, ...]


def _by_id(data: Mapping[str, Any], section: str) -> dict[str, tuple[int, Mapping[str, Any]]]:
    out = {}
    for i, item in enumerate(data.get(section) or []):
        if isinstance(item, Mapping) and isinstance(item.get("id"), str):
            out[item["id"]] = (i, item)
    return out


def _sensitive_kinds(data: Mapping[str, Any]) -> dict[str, tuple[str | int, ...]]:
    out: dict[str, tuple[str | int, ...]] = {}
    for i, ds in enumerate(data.get("datasets") or []):
        for j, col in enumerate(ds.get("columns") or []):
            if col.get("category") in _SENSITIVE:
                kind = str(col.get("sensitive_kind") or col.get("category"))
                out.setdefault(kind, ("datasets", i, "columns", j))
    return out


def diff_inventories(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """Return the changes from ``old`` to ``new`` that need new consent or a new notice."""
    changes: list[Change] = []
    old_purposes = _by_id(old, "purposes")
    for pid, (i, p) in _by_id(new, "purposes").items():
        consent = str(p.get("consent") or "")
        if pid not in old_purposes:
            if p.get("requires_consent") is True:
                changes.append(
                    Change(
                        "consent",
                        f"new purpose {pid!r} requires {consent or 'the'} consent: ask it "
                        "before using the data, and publish the new notice",
                        "LFPDPPP art. 11; art. 15 fr. III",
                        ("purposes", i),
                    )
                )
            else:
                changes.append(
                    Change(
                        "notice",
                        f"new purpose {pid!r} ({p.get('exception') or 'no exception'}): the "
                        "notice must list it; without an Art. 9 exception it needs new consent",
                        "LFPDPPP art. 11; art. 15 fr. III",
                        ("purposes", i),
                    )
                )
            continue
        before = old_purposes[pid][1]
        was = str(before.get("consent") or "") if before.get("requires_consent") is True else ""
        if p.get("requires_consent") is True and (
            not was or _STRENGTH.get(consent, 0) > _STRENGTH.get(was, 0)
        ):
            changes.append(
                Change(
                    "consent",
                    f"purpose {pid!r} now requires {consent} consent "
                    f"(before: {was or 'no consent'})",
                    "LFPDPPP arts. 7, 8 and 11",
                    ("purposes", i, "consent"),
                )
            )
    old_recipients = _by_id(old, "recipients")
    for rid, (i, r) in _by_id(new, "recipients").items():
        if r.get("role") != "tercero":
            continue
        before = old_recipients.get(rid, (0, {}))[1]
        was_tercero = before.get("role") == "tercero"
        added = sorted(
            set(r.get("purposes") or ()) - set(before.get("purposes") or () if was_tercero else ())
        )
        if not added:
            continue
        exception = r.get("exception")
        what = (
            f"new transfer to {rid!r} for {', '.join(added)}"
            if not was_tercero
            else f"transfer to {rid!r} now also for {', '.join(added)}"
        )
        changes.append(
            Change(
                "notice" if exception else "consent",
                what
                + (
                    f" ({exception}: no consent needed, the notice must list it)"
                    if exception
                    else ": ask the titular's acceptance and publish the new notice"
                ),
                "LFPDPPP arts. 35 and 36",
                ("recipients", i),
            )
        )
    old_kinds = _sensitive_kinds(old)
    for kind, path in sorted(_sensitive_kinds(new).items()):
        if kind not in old_kinds:
            changes.append(
                Change(
                    "consent",
                    f"new sensitive category {kind!r}: the notice must flag it and, unless an "
                    "Art. 9 exception applies, express and written consent is needed",
                    "LFPDPPP art. 2 fr. VI; art. 8; art. 15 fr. II",
                    path,
                )
            )
    return changes
