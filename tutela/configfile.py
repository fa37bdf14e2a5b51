"""Where the configuration is, and where its cache lives: the part a warm client needs.

:mod:`tutela.config` validates the whole table; this module only finds the file and reads
the TOML, with no dataclasses, no validation and no message catalogue, so that a
``--server`` client (:mod:`tutela.server.client`) can find the repository's daemon without
paying for them on every start.

Example:
    >>> from pathlib import Path
    >>> cache_folder({"cache_dir": "build/cache"}, Path("/repo"))
    PosixPath('/repo/build/cache')
    >>> cache_folder({}, Path("/repo"))
    PosixPath('/repo/.tutela_cache')
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

DEFAULT_CACHE = ".tutela_cache"


def find_config(start: Path | None = None) -> Path | None:
    """Return the nearest ``tutela.toml`` or ``pyproject.toml`` with ``[tool.tutela]``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "tutela.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if "tutela" in data.get("tool", {}):
                return pyproject
    return None


def read_table(file: Path) -> tuple[dict[str, Any], str]:
    """The ``[tool.tutela]`` table of ``file`` (the whole file for ``tutela.toml``) and its text.

    Raises:
        OSError, UnicodeDecodeError, tomllib.TOMLDecodeError: as reading and parsing raise
            them (:func:`tutela.config.load_config` turns each into a ConfigError).
    """
    text = file.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    table = data.get("tool", {}).get("tutela", {}) if file.name == "pyproject.toml" else data
    if file.name == "tutela.toml" and "tool" in data and "tutela" in data["tool"]:
        table = data["tool"]["tutela"]
    return table, text


def cache_folder(table: dict[str, Any], root: Path) -> Path:
    """The cache folder a configuration table names, relative to its ``root``."""
    return root / str(table.get("cache_dir", DEFAULT_CACHE))
