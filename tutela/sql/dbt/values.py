"""Plain values of the Jinja context: ``target``, ``graph``, ``config``, filters, ``modules``."""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from tutela.errors import InputError
from tutela.sql.dbt.project import ModelConfig
from tutela.yamlsafe import load_yaml

_NO_DEFAULT = object()
_RUN_STARTED_AT = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)


def _target(config: ModelConfig | None, adapter_type: str) -> _Obj:
    """``target``: the model's database and schema, or placeholders names; the adapter."""
    database = (config.database if config else None) or "tutela_database"
    schema = (config.schema if config else None) or "tutela_schema"
    return _Obj(
        name="tutela",
        schema=schema,
        database=database,
        type=adapter_type,
        project=database,
        dataset=schema,
        threads=1,
        profile_name="tutela",
        user="tutela",
        role="tutela",
        warehouse="tutela",
    )


class _LazyGraph(dict[str, Any]):
    """``graph``, built the first time a template looks at it (large projects: 1,000+ nodes)."""

    def __init__(self, build: Any) -> None:
        super().__init__()
        self._build = build

    def _load(self) -> None:
        if self._build is not None:
            self.update(self._build())
            self._build = None

    def __getitem__(self, key: str) -> Any:
        self._load()
        return super().__getitem__(key)

    def get(self, key: str, default: Any = None) -> Any:
        self._load()
        return super().get(key, default)

    def __iter__(self) -> Any:
        self._load()
        return super().__iter__()

    def __contains__(self, key: object) -> bool:
        self._load()
        return super().__contains__(key)

    def __len__(self) -> int:
        self._load()
        return super().__len__()

    def items(self) -> Any:
        self._load()
        return super().items()

    def values(self) -> Any:
        self._load()
        return super().values()

    def keys(self) -> Any:
        self._load()
        return super().keys()


class _Obj:
    """An attribute bag (``flags``, ``target``, ``modules``): a missing name is a placeholder."""

    def __init__(self, **values: Any) -> None:
        self.__dict__.update(values)

    def __getattr__(self, name: str) -> Any:
        from tutela.sql.jinja_placeholder import Placeholder

        if name.startswith("_") or name in ("unsafe_callable", "alters_data", "jinja_pass_arg"):
            raise AttributeError(name)
        return Placeholder(name=name, expression=f"{name}")

    def get(self, name: str, default: Any = None) -> Any:
        return self.__dict__.get(name, default)

    def __getitem__(self, name: str) -> Any:
        return self.__dict__[name]

    def __contains__(self, name: object) -> bool:
        return name in self.__dict__


class _ConfigFn:
    """``config`` in a model: ``config(materialized='table')`` and ``config.get('x')``."""

    def __init__(self, captured: dict[str, Any], config: ModelConfig) -> None:
        self._captured = captured
        self._config = config

    def __call__(self, *args: Any, **kwargs: Any) -> str:
        for arg in args:
            if isinstance(arg, dict):
                self._captured.update(arg)
        self._captured.update(kwargs)
        return ""

    def get(self, key: Any, default: Any = None, *args: Any, **kwargs: Any) -> Any:
        key = str(key)
        if key in self._captured:
            return self._captured[key]
        known = {
            "materialized": self._config.materialized or "view",
            "schema": self._config.schema,
            "database": self._config.database,
            "alias": self._config.alias,
            "enabled": self._config.enabled,
        }
        value = known.get(key)
        return default if value is None else value

    def require(self, key: Any) -> Any:
        return self.get(key)

    def set(self, key: Any, value: Any) -> str:
        self._captured[str(key)] = value
        return ""


def _flatten(scope: dict[str, Any]) -> dict[str, Any]:
    base = getattr(scope, "base", None)
    if base is None:
        return scope
    merged = dict(base)
    merged.update(dict(scope.items()))
    return merged


def _as_bool(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in ("true", "yes", "1"):
            return True
        if lowered in ("false", "no", "0", "none", ""):
            return False
    return value


def _as_number(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        try:
            return float(value)
        except (TypeError, ValueError):
            return value


def _env_var(name: Any, default: Any = None) -> Any:
    from tutela.sql.jinja_placeholder import Placeholder

    if default is not None:
        return default
    return Placeholder(name=str(name), kind="env", expression=f"env_var({str(name)!r})")


def _timezone(name: Any) -> Any:
    import zoneinfo

    return zoneinfo.ZoneInfo(str(name))


def _fromjson(text: Any, default: Any) -> Any:
    try:
        return json.loads(str(text))
    except ValueError:
        return default


def _fromyaml(text: Any, default: Any) -> Any:
    try:
        return load_yaml(str(text), "<fromyaml>").data
    except InputError:
        return default
