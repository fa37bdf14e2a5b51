"""Package discovery for the one import package `tutela` (everything else is in pyproject.toml).

The folders cli/, generators/, policies/ and notices/ live beside tutela/ and install under it
(pyproject's ``[tool.setuptools] package-dir``, DESIGN.md, STYLE.md 7.7). setuptools' own
discovery cannot follow that mapping, so this file lists every folder under each mapped root as
a package of its mapped name: a new subpackage (``tutela/audit``, ``notices/breach``) or a
data-only folder of rules or templates needs no edit here, and setuptools has nothing to warn
about ("absent from the packages configuration"). tests/packaging/test_packaging.py builds the
wheel and fails on any setuptools warning.
"""

from __future__ import annotations

import tomllib
import warnings
from pathlib import Path

from setuptools import setup
from setuptools.warnings import InformationOnly

HERE = Path(__file__).resolve().parent
_SKIP = {"__pycache__"}


def _packages() -> list[str]:
    config = tomllib.loads((HERE / "pyproject.toml").read_text(encoding="utf-8"))
    mapping: dict[str, str] = config["tool"]["setuptools"]["package-dir"]
    found: set[str] = set()
    for name, folder in mapping.items():
        root = HERE / folder
        found.add(name)
        for sub in root.rglob("*"):
            rel = sub.relative_to(root)
            if not sub.is_dir() or any(p in _SKIP or p.startswith(".") for p in rel.parts):
                continue
            found.add(".".join((name, *rel.parts)))
    # A folder that another mapping owns (tutela.cli under tutela/ if it ever existed) is that
    # mapping's; names are unique, so the union is the list.
    return sorted(found)


# An editable install of a mapped layout goes through setuptools' meta path finder, which always
# adds an information note ("Editable installation. Please be careful with folders in your
# working directory with the same name as your package"): here that folder is the package's own
# source, so the note says nothing about this project. Only that note is hidden; every real
# warning still prints, and the packaging test fails on it.
warnings.filterwarnings("ignore", message="Editable installation", category=InformationOnly)

setup(packages=_packages())
