"""Configuration: ``[tool.tutela]`` in pyproject.toml, or ``tutela.toml``, found upwards.

The first directory (from the working directory up to the filesystem root) that holds
a ``tutela.toml``, or a ``pyproject.toml`` with a ``[tool.tutela]`` table, wins.
Relative paths in the configuration are relative to that file's directory.

Keys (all optional)::

    inventory   = "inventory.yaml"        # the data inventory
    dialect     = "snowflake"             # default SQL dialect
    profile     = "strict"                # strict | legal
    engine      = "embedded"              # embedded | opa
    opa_url     = "http://localhost:8181"
    opa_timeout = 10.0                    # seconds, per request
    opa_push    = true                    # false: the server already runs a tutela bundle
    fail_on     = "error"                 # error | warning | info
    lang        = "es"                    # es | en: findings and rule docs (default en)
    select      = ["PUR", "CON001"]       # rule codes, prefixes or names
    ignore      = ["minimisation-select-star"]
    policy_dirs = ["policies-extra"]      # extra Rego folders (with their data files)
    data_files  = ["extra-data.yaml"]     # extra data for user policies (data.user)
    shares      = ["shares"]              # where sharing manifests live
    cache_dir   = ".tutela_cache"
    exclude     = ["target/**"]
    max_statements   = 5000               # statements analysed per file; the rest is SQL001
    file_time_budget = 60.0               # seconds of analysis per file; the rest is SQL001
    jurisdiction = ["lfpdppp", "gdpr"]    # rule families and notices to apply (default lfpdppp)
    [dialects]  "models/bq/**" = "bigquery"
    [purposes]  "models/marketing/**" = "mercadotecnia"
    [severity]  PUR003 = "error"
    [masks]     functions = ["sha2", "right"]   # extra functions the PCI rules treat as masks
                replace = true                  # ... or the whole list (no defaults)
    [audit]     db = "tutela-audit.duckdb"       # `tutela audit`'s results (docs/audit.md)
    [audit.purposes.role]  "COBRANZA_*" = "cobranza"   # purpose attribution by glob
    [breach]    titulares_sla_hours = 24  # the company's own deadlines for `tutela breach`
                recipients_sla_hours = 24
"""

from __future__ import annotations

import difflib
import fnmatch
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutela.configfile import find_config as find_config  # re-exported: public since 0.1
from tutela.configfile import read_table
from tutela.errors import ConfigError
from tutela.messages import DEFAULT_LANG, LANGS

PROFILES = ("strict", "legal")
ENGINES = ("embedded", "opa")
SEVERITIES = ("error", "warning", "info")
JURISDICTIONS = ("lfpdppp", "gdpr")
BREACH_KEYS = ("titulares_sla_hours", "recipients_sla_hours")

_KEYS: dict[str, type | tuple[type, ...]] = {
    "inventory": str,
    "dialect": str,
    "profile": str,
    "engine": str,
    "opa_url": str,
    "opa_timeout": (int, float),
    "opa_push": bool,
    "fail_on": str,
    "lang": str,
    "select": list,
    "ignore": list,
    "policy_dirs": list,
    "data_files": list,
    "shares": list,
    "cache_dir": str,
    "exclude": list,
    "max_statements": int,
    "file_time_budget": (int, float),
    "dialects": dict,
    "purposes": dict,
    "severity": dict,
    "masks": dict,
    "audit": dict,
    "jurisdiction": list,
    "breach": dict,
}


@dataclass
class Config:
    """The effective configuration (file values; CLI flags override them in cli/)."""

    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None
    inventory: Path | None = None
    dialect: str | None = None
    profile: str = "strict"
    engine: str = "embedded"
    opa_url: str | None = None
    opa_timeout: float = 10.0
    opa_push: bool = True
    fail_on: str = "error"
    lang: str = DEFAULT_LANG
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    policy_dirs: list[Path] = field(default_factory=list)
    data_files: list[Path] = field(default_factory=list)
    shares: list[Path] = field(default_factory=list)
    cache_dir: Path | None = None
    exclude: list[str] = field(default_factory=list)
    dialects: dict[str, str] = field(default_factory=dict)
    purposes: dict[str, str] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    masks: dict[str, Any] = field(default_factory=dict)
    audit: dict[str, Any] = field(default_factory=dict)
    max_statements: int = 5_000
    file_time_budget: float = 60.0
    jurisdiction: list[str] = field(default_factory=lambda: ["lfpdppp"])
    breach: dict[str, float] = field(default_factory=dict)
    # (path, root, cwd) -> relpath(path): asked four times per linted file; resolve() is slow
    _relpaths: dict[tuple[Path, Path, str], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @property
    def cache_folder(self) -> Path:
        """The cache folder: ``cache_dir`` from the configuration, else ``.tutela_cache``."""
        return self.cache_dir or (self.root / ".tutela_cache")

    def relpath(self, path: Path) -> str:
        """Return ``path`` relative to the config root when possible (for messages and globs)."""
        key = (path, self.root, os.getcwd())  # noqa: PTH109 - a str key, no Path built
        found = self._relpaths.get(key)
        if found is None:
            found = self._relpaths[key] = self._relpath(path)
        return found

    def _relpath(self, path: Path) -> str:
        # Not resolve(): a symlinked model is named (and matched) by its own path.
        for candidate, root in (
            (Path(os.path.abspath(path)), Path(os.path.abspath(self.root))),  # noqa: PTH100
            (path.resolve(), self.root.resolve()),
        ):
            try:
                return candidate.relative_to(root).as_posix()
            except ValueError:
                continue
        return path.as_posix()

    def _match(self, table: dict[str, str], path: Path) -> str | None:
        rel = self.relpath(path)
        best: tuple[int, str] | None = None
        for pattern, value in table.items():
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(rel, pattern.removeprefix("./")):
                score = len(pattern)  # the most specific (longest) pattern wins
                if best is None or score > best[0]:
                    best = (score, value)
        return best[1] if best else None

    def dialect_for(self, path: Path) -> str | None:
        """Dialect for a SQL file: the longest matching ``[dialects]`` glob, else ``dialect``."""
        return self._match(self.dialects, path) or self.dialect

    def purpose_for(self, path: Path) -> str | None:
        """Purpose for a SQL file from the ``[purposes]`` globs (pragmas and dbt meta win)."""
        return self._match(self.purposes, path)

    def excluded(self, path: Path) -> bool:
        """Whether ``path`` matches an ``exclude`` glob."""
        rel = self.relpath(path)
        return any(fnmatch.fnmatch(rel, pattern) for pattern in self.exclude)


def _line_of(text: str, key: str) -> int | None:
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith((key, f'"{key}"')):
            return number
    return None


def _fail(file: Path, text: str, key: str, message: str, hint: str | None = None) -> ConfigError:
    return ConfigError(message, str(file), _line_of(text, key), None, hint=hint)


def _check_choice(
    file: Path, text: str, key: str, value: str, choices: tuple[str, ...], label: str = ""
) -> None:
    if value not in choices:
        raise _fail(
            file,
            text,
            key,
            f"{label or key}: unknown value {value!r} (expected one of {', '.join(choices)})",
        )


def parse_config(table: dict[str, Any], file: Path, text: str) -> Config:
    """Validate a ``[tool.tutela]`` table and return a :class:`Config`.

    Raises:
        ConfigError: on an unknown key (with a suggestion) or a value of the wrong type.
    """
    root = file.parent
    for key, value in table.items():
        if key not in _KEYS:
            close = difflib.get_close_matches(key, list(_KEYS), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(_KEYS)}"
            raise _fail(file, text, key, f"unknown key {key!r}", hint)
        expected = _KEYS[key]
        if (isinstance(value, bool) and expected is not bool) or not isinstance(value, expected):
            names = expected.__name__ if isinstance(expected, type) else "number"
            raise _fail(file, text, key, f"{key}: expected {names}, got {type(value).__name__}")
    cfg = Config(root=root, source=file)
    if "inventory" in table:
        cfg.inventory = root / table["inventory"]
    cfg.dialect = table.get("dialect")
    cfg.profile = table.get("profile", cfg.profile)
    _check_choice(file, text, "profile", cfg.profile, PROFILES)
    cfg.engine = table.get("engine", cfg.engine)
    _check_choice(file, text, "engine", cfg.engine, ENGINES)
    cfg.opa_url = table.get("opa_url")
    cfg.opa_timeout = float(table.get("opa_timeout", cfg.opa_timeout))
    cfg.opa_push = bool(table.get("opa_push", cfg.opa_push))
    cfg.fail_on = table.get("fail_on", cfg.fail_on)
    _check_choice(file, text, "fail_on", cfg.fail_on, SEVERITIES)
    cfg.lang = table.get("lang", cfg.lang)
    _check_choice(file, text, "lang", cfg.lang, LANGS)
    for key in ("select", "ignore", "exclude"):
        setattr(cfg, key, [str(v) for v in table.get(key, [])])
    for key in ("policy_dirs", "data_files", "shares"):
        setattr(cfg, key, [root / str(v) for v in table.get(key, [])])
    if "cache_dir" in table:
        cfg.cache_dir = root / table["cache_dir"]
    for key in ("dialects", "purposes", "severity"):
        mapping = table.get(key, {})
        for name, value in mapping.items():
            if not isinstance(value, str):
                raise _fail(file, text, name, f"{key}.{name}: expected a string")
        setattr(cfg, key, dict(mapping))
    for code, sev in cfg.severity.items():
        _check_choice(file, text, code, sev, SEVERITIES, label=f"severity.{code}")
    cfg.masks = dict(table.get("masks", {}))
    if "jurisdiction" in table:
        values = [str(v) for v in table["jurisdiction"]]
        for value in values:
            _check_choice(file, text, "jurisdiction", value, JURISDICTIONS)
        if not values:
            raise _fail(
                file,
                text,
                "jurisdiction",
                "jurisdiction: the list is empty",
                hint='write jurisdiction = ["lfpdppp"] or ["lfpdppp", "gdpr"]',
            )
        cfg.jurisdiction = list(dict.fromkeys(values))
    for name, value in table.get("breach", {}).items():
        if name not in BREACH_KEYS:
            close = difflib.get_close_matches(name, BREACH_KEYS, n=1)
            raise _fail(
                file,
                text,
                name,
                f"breach.{name}: unknown key",
                hint=f"did you mean {close[0]!r}?" if close else f"known: {', '.join(BREACH_KEYS)}",
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise _fail(file, text, name, f"breach.{name}: expected a number of hours >= 0")
        cfg.breach[name] = float(value)
    for name, value in cfg.masks.items():
        if name == "functions" and not (
            isinstance(value, list) and all(isinstance(v, str) for v in value)
        ):
            raise _fail(file, text, name, "masks.functions: expected a list of function names")
        if name == "replace" and not isinstance(value, bool):
            raise _fail(file, text, name, "masks.replace: expected true or false")
        if name not in ("functions", "replace"):
            raise _fail(file, text, name, f"masks.{name}: unknown key (functions, replace)")
    if cfg.masks.get("replace") is True and "functions" not in cfg.masks:
        raise _fail(file, text, "replace", "masks.replace needs masks.functions: the whole list")
    if "audit" in table:
        cfg.audit = _parse_audit(table["audit"], file, text)
    for key in ("max_statements", "file_time_budget"):
        if key in table:
            if table[key] <= 0:
                raise _fail(file, text, key, f"{key}: must be positive, got {table[key]}")
            setattr(cfg, key, type(getattr(cfg, key))(table[key]))
    return cfg


def _audit_line(text: str, key: str) -> int | None:
    """The line of ``key`` in ``[audit.purposes]``: its table header, else the key."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip().replace(" ", "") == f"[audit.purposes.{key}]":
            return number
    return _line_of(text, key)


def _parse_audit(table: dict[str, Any], file: Path, text: str) -> dict[str, Any]:
    """``[audit]``: the results file and the purpose-attribution globs (tutela.audit)."""
    from tutela.audit.attribution import AUDIT_KEYS, parse_attribution

    for key, value in table.items():
        if key not in AUDIT_KEYS:
            close = difflib.get_close_matches(key, list(AUDIT_KEYS), n=1)
            hint = (
                f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(AUDIT_KEYS)}"
            )
            raise _fail(file, text, key, f"unknown key audit.{key}", hint)
        if key == "db" and not isinstance(value, str):
            raise _fail(file, text, key, "audit.db: expected a string (a file path)")
        if key in ("purposes", "dialects") and not isinstance(value, dict):
            raise _fail(file, text, key, f"audit.{key}: expected a table")
    out: dict[str, Any] = {
        "attribution": parse_attribution(
            table.get("purposes", {}), str(file), lambda key: _audit_line(text, str(key))
        ),
        "dialects": {str(k): str(v) for k, v in table.get("dialects", {}).items()},
    }
    if "db" in table:
        out["db"] = file.parent / table["db"]
    return out


def load_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """Load the configuration from ``path`` or discover it; defaults when none exists.

    Raises:
        ConfigError: when the file cannot be read or is invalid.
    """
    file = path or find_config(start)
    if file is None:
        return Config(root=(start or Path.cwd()).resolve())
    try:
        table, text = read_table(file)
    except OSError as exc:
        raise ConfigError(f"cannot read configuration: {exc.strerror}", str(file)) from None
    except UnicodeDecodeError:
        raise ConfigError("configuration is not UTF-8 text", str(file)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", str(file)) from None
    return parse_config(table, file.resolve(), text)
