"""Validate the inventory's ``gdpr:`` block against its schema and the rest of the inventory."""

from __future__ import annotations

from typing import Any

from tutela.errors import InventoryError
from tutela.gdpr.schema import EEA, SCHEMA
from tutela.inventory import Inventory
from tutela.validation import (
    PathKey,
    ProblemCollector,
    SchemaValidator,
    did_you_mean,
    run_schema,
    sort_problems,
)
from tutela.yamlsafe import YamlDoc

__all__ = ["validate_gdpr"]


class _Doc(YamlDoc):
    """The inventory's positions, seen from inside its ``gdpr`` block."""

    def __init__(self, inventory: Inventory) -> None:
        super().__init__(inventory.data.get("gdpr"), inventory.file)
        self._inventory = inventory

    def mark(self, path: PathKey) -> tuple[int, int] | None:
        return self._inventory.mark(("gdpr", *path))

    def key_mark(self, path: PathKey) -> tuple[int, int] | None:
        return self._inventory.key_mark(("gdpr", *path))


def validate_gdpr(inventory: Inventory) -> dict[str, Any]:
    """Check the ``gdpr:`` block; return it normalised (defaults filled in).

    Checks the schema of :mod:`tutela.gdpr.schema`, that every purpose and recipient id it
    names exists in the inventory, that ``legitimate_interests`` comes with the interest, and
    that a controller not established in the EU names its representative (Art. 27) or the
    exemption. Missing per-purpose bases and safeguards are *findings* of the gdpr rule
    family, not schema errors.

    Raises:
        InventoryError: every problem, ``file:line:col`` with the key path ``gdpr.…``.
    """
    block = inventory.data.get("gdpr")
    doc = _Doc(inventory)
    if block is None:
        pos = inventory.mark(()) or (None, None)
        raise InventoryError(
            "the GDPR profile is on but the inventory has no `gdpr:` block",
            inventory.file,
            pos[0],
            pos[1],
            hint="add `gdpr:` with the Art. 6 basis per purpose, the representative and the "
            "safeguards (docs/gdpr.md), or turn the profile off",
        )
    out = ProblemCollector(doc, SCHEMA)
    validator = SchemaValidator(SCHEMA, allow_unknown=False)
    valid = run_schema(validator, block if isinstance(block, dict) else {}, out)
    if not isinstance(block, dict):
        pos = inventory.mark(("gdpr",)) or (None, None)
        raise InventoryError("`gdpr` must be a map of keys", inventory.file, pos[0], pos[1])
    data: dict[str, Any] = validator.document if valid else block
    purposes = list(inventory.purposes)
    for pid, entry in (data.get("purposes") or {}).items():
        if pid not in inventory.purposes:
            out.add(
                ("purposes", pid),
                f"unknown purpose {pid!r}",
                hint=did_you_mean(pid, purposes) or f"known purposes: {', '.join(purposes)}",
                at_key=True,
            )
        if (
            isinstance(entry, dict)
            and entry.get("lawful_basis") == "legitimate_interests"
            and not entry.get("legitimate_interest")
        ):
            out.add(
                ("purposes", pid, "legitimate_interest"),
                "required when lawful_basis is legitimate_interests",
                hint="state the interest pursued (GDPR Art. 13(1)(d))",
                at=("purposes", pid, "lawful_basis"),
            )
    recipients = list(inventory.recipients)
    for rid in data.get("recipients") or {}:
        if rid not in inventory.recipients:
            out.add(
                ("recipients", rid),
                f"unknown recipient {rid!r}",
                hint=did_you_mean(rid, recipients) or f"known recipients: {', '.join(recipients)}",
                at_key=True,
            )
        elif inventory.recipients[rid].get("country") in EEA:
            out.add(
                ("recipients", rid),
                f"recipient {rid!r} is in the EEA: no Chapter V safeguard applies",
                hint="remove the entry (safeguards are for recipients outside the EEA)",
                at_key=True,
            )
    if (
        data.get("established_in_eu") is not True
        and not data.get("representative")
        and not data.get("representative_exemption")
    ):
        out.add(
            ("representative",),
            "required when the controller is not established in the EU",
            hint="name the EU representative (GDPR Art. 27) or give "
            "`representative_exemption:` (Art. 27(2))",
            at=(),
        )
    if out.problems:
        problems = [
            type(p)(p.message, p.file, p.line, p.col, ("gdpr", *p.path), p.hint)
            for p in sort_problems(out.problems)
        ]
        n = len(problems)
        raise InventoryError(
            f"inventory's gdpr block has {n} problem{'s' if n != 1 else ''}",
            inventory.file,
            problems=problems,
            hint="the keys are documented in docs/gdpr.md",
        )
    return data
