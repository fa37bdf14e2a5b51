"""The dbt project as dbt reads it: dbt_project.yml, the YAML files, packages, the manifest."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutela.errors import InputError
from tutela.textfile import read_str

if TYPE_CHECKING:
    from tutela.sql.dbt.macros import Package


def find_dbt_project(path: Path) -> Path | None:
    """Return the directory holding ``dbt_project.yml`` above ``path``, if any."""
    for folder in path.resolve().parents:
        if (folder / "dbt_project.yml").is_file():
            return folder
    return None


@dataclass
class ModelConfig:
    """The parts of a model's dbt configuration that tutela uses."""

    name: str
    database: str | None = None
    schema: str | None = None
    alias: str | None = None
    materialized: str | None = None
    purpose: str | None = None
    path: Path | None = None
    enabled: bool = True


def _read_yaml_file(path: Path) -> Any:
    try:
        from tutela.yamlsafe import load_yaml  # PyYAML only once a dbt project is read

        return load_yaml(read_str(path, what="dbt property file"), str(path)).data
    except InputError:
        return None  # malformed property files are dbt's business; tutela reads what it can


@dataclass
class DbtProject:
    """What tutela reads from a dbt project (no profile, no database)."""

    root: Path
    name: str
    model_paths: list[str]
    macro_paths: list[str] = field(default_factory=lambda: ["macros"])
    vars: dict[str, Any] = field(default_factory=dict)
    folder_config: dict[str, Any] = field(default_factory=dict)
    # (source, table) -> (database, schema, identifier, enabled), each raw (maybe Jinja)
    raw_sources: dict[tuple[str, str], tuple[Any, Any, Any, Any]] = field(default_factory=dict)
    yaml_models: dict[str, dict[str, Any]] = field(default_factory=dict)
    manifest: dict[str, str] = field(default_factory=dict)
    compiled: dict[str, tuple[str, str]] = field(default_factory=dict)  # path -> (sha, sql)
    models: dict[str, Path] = field(default_factory=dict)
    packages: dict[str, Package] = field(default_factory=dict)
    dispatch: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> DbtProject:
        """Read dbt_project.yml, the YAML files under the model paths, packages, manifest.

        Raises:
            InputError: when dbt_project.yml cannot be read.
        """
        from tutela.sql.dbt.macros import Package

        project_file = root / "dbt_project.yml"
        from tutela.yamlsafe import load_yaml

        doc = load_yaml(read_str(project_file, what="dbt project"), str(project_file))
        data = doc.data if isinstance(doc.data, dict) else {}
        name = str(data.get("name", root.name))
        project = cls(
            root=root,
            name=name,
            model_paths=_paths(data, "model-paths", "source-paths", "models"),
            macro_paths=_paths(data, "macro-paths", None, "macros"),
            vars=dict(data.get("vars") or {}),
        )
        models_cfg = data.get("models") or {}
        project.folder_config = (
            dict(models_cfg.get(name) or {}) if isinstance(models_cfg, dict) else {}
        )
        for entry in data.get("dispatch") or []:
            if isinstance(entry, dict) and entry.get("macro_namespace"):
                order = [str(p) for p in entry.get("search_order") or []]
                project.dispatch[str(entry["macro_namespace"])] = order
        project.packages[name] = Package(name, root, project.macro_paths, project.vars)
        install = str(data.get("packages-install-path") or "dbt_packages")
        for folder in (root / install, root / "dbt_modules"):
            if folder.is_dir():
                for package_root in sorted(folder.iterdir()):
                    project._add_package(package_root)
        for package in project.packages.values():
            package.index()
        for model_path in project.model_paths:
            base = root / model_path
            for sql in sorted(base.rglob("*.sql")):
                project.models.setdefault(sql.stem, sql)
            for yml in sorted([*base.rglob("*.yml"), *base.rglob("*.yaml")]):
                project._read_yaml(yml)
        manifest = root / "target" / "manifest.json"
        if manifest.is_file():
            project._read_manifest(manifest)
        return project

    def _add_package(self, package_root: Path) -> None:
        from tutela.sql.dbt.macros import Package

        data = _read_yaml_file(package_root / "dbt_project.yml")
        if not isinstance(data, dict):
            return
        name = str(data.get("name") or package_root.name)
        if name in self.packages:
            return
        vars_ = data.get("vars") if isinstance(data.get("vars"), dict) else {}
        macro_paths = _paths(data, "macro-paths", None, "macros")
        self.packages[name] = Package(name, package_root, macro_paths, dict(vars_ or {}))

    def _read_yaml(self, path: Path) -> None:
        data = _read_yaml_file(path)
        if not isinstance(data, dict):
            return
        for source in data.get("sources") or []:
            if not isinstance(source, dict) or "name" not in source:
                continue
            config = source.get("config") if isinstance(source.get("config"), dict) else {}
            source_enabled = (config or {}).get("enabled", source.get("enabled", True))
            for table in source.get("tables") or []:
                if isinstance(table, dict) and "name" in table:
                    self.raw_sources[(str(source["name"]), str(table["name"]))] = (
                        source.get("database"),
                        source.get("schema", source["name"]),
                        table.get("identifier", table["name"]),
                        source_enabled,
                    )
        for model in data.get("models") or []:
            if isinstance(model, dict) and "name" in model:
                self.yaml_models[str(model["name"])] = model

    def _read_manifest(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if not isinstance(data, dict):
            return
        for node in (data.get("nodes") or {}).values():
            if not isinstance(node, dict) or node.get("resource_type") != "model":
                continue
            if node.get("relation_name"):
                self.manifest[f"model:{node['name']}"] = _unquote(node["relation_name"])
            code = node.get("compiled_code") or node.get("compiled_sql")
            checksum = (node.get("checksum") or {}).get("checksum")
            file = node.get("original_file_path")
            if code and checksum and file and node.get("package_name", self.name) == self.name:
                self.compiled[str(file)] = (str(checksum), str(code))
        for node in (data.get("sources") or {}).values():
            if isinstance(node, dict) and node.get("relation_name"):
                key = f"source:{node.get('source_name')}.{node.get('name')}"
                self.manifest[key] = _unquote(node["relation_name"])

    def compiled_for(self, path: Path, text: str) -> str | None:
        """The manifest's compiled SQL for ``path`` if it was compiled from ``text``."""
        try:
            rel = path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None
        entry = self.compiled.get(rel)
        if entry is None:
            return None
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        return entry[1] if entry[0] == digest else None


def _paths(data: dict[str, Any], key: str, old_key: str | None, default: str) -> list[str]:
    value = data.get(key) or (data.get(old_key) if old_key else None) or [default]
    return [str(p) for p in value] if isinstance(value, list) else [str(value)]


def _unquote(name: str) -> str:
    return name.replace('"', "").replace("`", "")
