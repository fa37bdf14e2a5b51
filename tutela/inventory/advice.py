"""Warnings about a valid inventory: things that are allowed but probably not meant.

They never make an inventory invalid (``tutela validate`` still exits 0); they say what to
check, with the file and line, like the errors do.

Example:
    >>> from tutela.inventory.model import Inventory
    >>> inv = Inventory("inv.yaml", "0" * 64, {"datasets": [{"table": "crm.c", "columns": [
    ...     {"name": "id_cliente", "category": "clave"},
    ...     {"name": "pwd_hash", "category": "clave"}]}]})
    >>> [w.message for w in inventory_warnings(inv)]  # doctest: +ELLIPSIS
    ["column 'id_cliente' is marked `clave`, which means credentials (...), not a key"]
"""

from __future__ import annotations

import re

from tutela.errors import Problem
from tutela.inventory.model import Inventory

# A surrogate key by its name: id, id_cliente, cliente_id, clienteId.
_ID_NAME = re.compile(r"^(id|id_\w+|\w+_id|[a-z]+Id)$")


def inventory_warnings(inventory: Inventory) -> list[Problem]:
    """Every warning for ``inventory``, in file order."""
    out: list[Problem] = []
    for i, dataset in enumerate(inventory.datasets):
        for j, column in enumerate(dataset.get("columns", [])):
            name = str(column.get("name", ""))
            if column.get("category") == "clave" and _ID_NAME.match(name):
                path = ("datasets", i, "columns", j, "category")
                line, col = inventory.mark(path) or (None, None)
                out.append(
                    Problem(
                        f"column {name!r} is marked `clave`, which means credentials "
                        "(passwords, PINs, tokens), not a key",
                        inventory.file,
                        line,
                        col,
                        path,
                        hint="a surrogate key that only joins tables is `category: ninguna` "
                        "(docs/glossary.md)",
                    )
                )
    return out
