"""The renderer's model configuration: dbt_project.yml folders, schema.yml, ``config()``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutela.errors import InputError
from tutela.sql.dbt.project import DbtProject, ModelConfig
from tutela.sql.dbt.values import _as_bool
from tutela.textfile import read_str


class _ConfigMixin:
    """Part of the renderer: a model's configuration and the relation ``ref()`` renders to."""

    project: DbtProject
    _configs: dict[Path, ModelConfig]

    if TYPE_CHECKING:

        def render_value(self, value: Any, package: str | None = None) -> Any: ...

    def config_for(self, path: Path) -> ModelConfig:
        """The folder-level configuration of the model at ``path`` plus schema.yml."""
        key = path.resolve()
        if key in self._configs:
            return self._configs[key]
        project = self.project
        config = ModelConfig(name=path.stem, path=path)
        for model_path in project.model_paths:
            base = (project.root / model_path).resolve()
            try:
                rel = key.relative_to(base)
            except ValueError:
                continue
            node: Any = project.folder_config
            self._apply(config, node)
            for part in (*rel.parts[:-1], path.stem):
                node = node.get(part) if isinstance(node, dict) else None
                if not isinstance(node, dict):
                    break
                self._apply(config, node)
        yaml_model = project.yaml_models.get(config.name, {})
        self._apply(config, yaml_model.get("config") or {})
        meta = yaml_model.get("meta") or {}
        if isinstance(meta, dict) and meta.get("purpose"):
            config.purpose = str(meta["purpose"])
        self._apply(config, _literal_config(path))
        self._configs[key] = config
        return config

    def _apply(self, config: ModelConfig, node: dict[str, Any]) -> None:
        for key, raw in node.items():
            bare = str(key).lstrip("+")
            if isinstance(raw, dict) and bare != "meta":
                continue
            try:
                value = self.render_value(raw)
            except Exception:
                value = raw
            if bare == "database":
                config.database = str(value) if value else None
            elif bare == "schema":
                config.schema = str(value) if value else None
            elif bare == "alias":
                config.alias = str(value) if value else None
            elif bare == "materialized":
                config.materialized = str(value)
            elif bare == "enabled":
                config.enabled = _as_bool(value) is not False
            elif bare == "meta" and isinstance(value, dict) and value.get("purpose"):
                config.purpose = str(value["purpose"])

    def relation(self, model: str) -> str:
        """The relation name a ``ref()`` to ``model`` renders to."""
        if f"model:{model}" in self.project.manifest:
            return self.project.manifest[f"model:{model}"]
        path = self.project.models.get(model)
        config = self.config_for(path) if path else ModelConfig(name=model)
        parts = [config.database, config.schema, config.alias or model]
        return ".".join(p for p in parts if p)


_CONFIG_CALL = re.compile(r"\{\{-?\s*config\s*\((.*?)\)\s*-?\}\}", re.S)
_LITERAL_KW = re.compile(r"\b(materialized|alias|schema|database)\s*=\s*(['\"])(\w+)\2")


def _literal_config(path: Path) -> dict[str, str]:
    """Literal values of a model's ``{{ config(...) }}``, read before rendering it.

    dbt parses every model before it renders any, so ``config(materialized='view')`` in a
    model decides how *other* models ``ref()`` it (inlined when ephemeral, or not).
    """
    try:
        text = read_str(path)
    except InputError:
        return {}
    found: dict[str, str] = {}
    for call in _CONFIG_CALL.finditer(text):
        for key, _, value in _LITERAL_KW.findall(call.group(1)):
            found[key] = value
    return found
