"""Lint dbt models without dbt, a profile or a database.

A model is rendered with a sandboxed Jinja environment that knows the few dbt
functions that decide *which tables* a model reads:

* ``ref('m')`` -> the relation of model ``m``: from ``target/manifest.json`` when it
  exists, else ``<database>.<schema>.<alias>`` from the project's configuration
  (``+database``/``+schema`` in dbt_project.yml, ``config()`` in the model, schema.yml).
  Custom schemas are used verbatim (as a ``generate_schema_name`` override does); the
  inventory matches names by their trailing parts, so a missing database still matches.
  An ephemeral model is inlined as a subquery, exactly as dbt does, so reads through it
  reach the underlying tables.
* ``source('s', 't')`` -> ``<database>.<schema>.<identifier>`` from the sources YAML.
* ``var('x', default)`` -> the project's ``vars`` or the default (an explicit ``none`` is a
  default, as in dbt); ``config(...)`` records the model's configuration (its
  ``meta.purpose`` becomes the declared purpose); ``is_incremental()`` is false (the
  full-refresh query, which reads the most); ``this`` is the model's own relation;
  ``env_var('X', d)`` -> ``d`` (the environment is never read); ``execute`` is true, as in
  ``dbt compile``, so the ``{% if execute %}`` branch (the one that queries the warehouse
  and reads data) is the one rendered.
* Any other macro or variable, and ``var()``/``env_var()`` without a value or default, is a
  placeholder (:mod:`tutela.sql.jinja_placeholder`). Printed inside ``{{ }}`` it renders
  as an identifier, ``tutela_macro_<name>``, ``tutela_var_<name>`` or ``tutela_env_<name>``:
  it never hides a table or column, it shows up as an unknown one.

Fail closed on control flow: a placeholder that would decide *which* SQL is rendered
(``{% for %}`` over it, ``{% if %}`` on it, ``and``/``or``/``not``, ``|length``, ``in``,
``==`` and ``<``, arithmetic, ``|join``/``|list``/``|first`` and other filters that
iterate, ``|default``, any ``is`` test: ``is defined``, ``is none``...) makes the model an
error, exit 2, located at the model line of the use, naming the macro and the fix: lint the
compiled SQL (``dbt compile``, then pass the file under ``target/compiled/`` explicitly,
since tutela skips dbt's ``target`` folder when it walks a folder), or give the ``var()`` a
value. Rendering it as empty or false instead would drop SQL, and the personal columns it
reads would be invisible to every rule. A model that dbt could not compile either
(``{{ 1 / 0 }}``) is an error too, never a crash.

Decision: an undefined ``var('x')`` is a placeholder, not the text ``tutela_var_x`` that
earlier versions returned. That text is truthy, so ``{% if var('x') %}`` kept its body,
but ``{% if not var('x') %}``, ``{% if var('env') == 'prod' %}`` and
``{% for t in var('tables') %}`` (a loop over the letters of the text) silently rendered
something dbt never would; dbt itself refuses a required var that has no value. A user
who gates personal data on a var expects tutela to refuse to guess: it says which var
to set in ``dbt_project.yml``. Text that a filter made from a placeholder (``|lower``,
``~``) is plain text and compares as such: only the placeholder itself is guarded.

Lines are mapped back to the model file: every fact position is a line of the model
as written. Columns are exact up to the first ``{{ }}`` on a line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutela.errors import InputError
from tutela.yamlsafe import load_yaml

_MARK = "/*@tutela:{}@*/"
_MARK_RE = re.compile(r"/\*@tutela:(\d+)@\*/")
_TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_NO_DEFAULT = object()


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


@dataclass
class DbtProject:
    """What tutela reads from a dbt project (no profile, no database)."""

    root: Path
    name: str
    model_paths: list[str]
    vars: dict[str, Any] = field(default_factory=dict)
    folder_config: dict[str, Any] = field(default_factory=dict)
    sources: dict[tuple[str, str], str] = field(default_factory=dict)
    yaml_models: dict[str, dict[str, Any]] = field(default_factory=dict)
    manifest: dict[str, str] = field(default_factory=dict)
    models: dict[str, Path] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path) -> DbtProject:
        """Read dbt_project.yml, the YAML files under the model paths and the manifest.

        Raises:
            InputError: when dbt_project.yml cannot be read.
        """
        project_file = root / "dbt_project.yml"
        try:
            doc = load_yaml(project_file.read_text(encoding="utf-8-sig"), str(project_file))
        except OSError as exc:
            raise InputError(
                f"cannot read dbt project: {exc.strerror}", str(project_file)
            ) from None
        data = doc.data if isinstance(doc.data, dict) else {}
        name = str(data.get("name", root.name))
        project = cls(
            root=root,
            name=name,
            model_paths=[str(p) for p in data.get("model-paths", ["models"])],
            vars=dict(data.get("vars") or {}),
        )
        models_cfg = data.get("models") or {}
        project.folder_config = (
            dict(models_cfg.get(name) or {}) if isinstance(models_cfg, dict) else {}
        )
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

    def _read_yaml(self, path: Path) -> None:
        try:
            data = load_yaml(path.read_text(encoding="utf-8-sig"), str(path)).data
        except (OSError, InputError):
            return  # malformed property files are dbt's business; tutela reads what it can
        if not isinstance(data, dict):
            return
        for source in data.get("sources") or []:
            if not isinstance(source, dict) or "name" not in source:
                continue
            database = source.get("database")
            schema = source.get("schema", source["name"])
            for table in source.get("tables") or []:
                if isinstance(table, dict) and "name" in table:
                    identifier = table.get("identifier", table["name"])
                    parts = [p for p in (database, schema, identifier) if p]
                    self.sources[(str(source["name"]), str(table["name"]))] = ".".join(
                        str(p) for p in parts
                    )
        for model in data.get("models") or []:
            if isinstance(model, dict) and "name" in model:
                self.yaml_models[str(model["name"])] = model

    def _read_manifest(self, path: Path) -> None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        for node in (data.get("nodes") or {}).values():
            if node.get("resource_type") == "model" and node.get("relation_name"):
                self.manifest[f"model:{node['name']}"] = _unquote(node["relation_name"])
        for node in (data.get("sources") or {}).values():
            if node.get("relation_name"):
                key = f"source:{node.get('source_name')}.{node.get('name')}"
                self.manifest[key] = _unquote(node["relation_name"])

    def config_for(self, path: Path) -> ModelConfig:
        """The folder-level configuration of the model at ``path`` plus schema.yml."""
        config = ModelConfig(name=path.stem, path=path)
        for model_path in self.model_paths:
            base = (self.root / model_path).resolve()
            try:
                rel = path.resolve().relative_to(base)
            except ValueError:
                continue
            node: Any = self.folder_config
            _apply(config, node)
            for part in rel.parts[:-1]:
                node = node.get(part) if isinstance(node, dict) else None
                if not isinstance(node, dict):
                    break
                _apply(config, node)
        yaml_model = self.yaml_models.get(config.name, {})
        _apply(config, yaml_model.get("config") or {})
        meta = yaml_model.get("meta") or {}
        if isinstance(meta, dict) and meta.get("purpose"):
            config.purpose = str(meta["purpose"])
        return config

    def relation(self, model: str) -> str:
        """The relation name a ``ref()`` to ``model`` renders to."""
        if f"model:{model}" in self.manifest:
            return self.manifest[f"model:{model}"]
        path = self.models.get(model)
        config = self.config_for(path) if path else ModelConfig(name=model)
        parts = [config.database, config.schema, config.alias or model]
        return ".".join(p for p in parts if p)


def _unquote(name: str) -> str:
    return name.replace('"', "").replace("`", "")


def _apply(config: ModelConfig, node: dict[str, Any]) -> None:
    for key, value in node.items():
        bare = key.lstrip("+")
        if isinstance(value, dict) and bare != "meta":
            continue
        if bare == "database":
            config.database = str(value)
        elif bare == "schema":
            config.schema = str(value)
        elif bare == "alias":
            config.alias = str(value)
        elif bare == "materialized":
            config.materialized = str(value)
        elif bare == "meta" and isinstance(value, dict) and value.get("purpose"):
            config.purpose = str(value["purpose"])


@dataclass
class RenderedModel:
    """A rendered model: SQL text, the model-file line of each rendered line, and meta."""

    text: str
    line_map: list[int]
    purpose: str | None
    relation: str
    materialized: str = "view"  # dbt's default materialization

    def source_line(self, line: int) -> int:
        """Model-file line (1-based) of rendered line ``line`` (1-based)."""
        if not self.line_map:
            return line
        return self.line_map[min(max(line, 1), len(self.line_map)) - 1]


def _mark_lines(text: str) -> str:
    spans = [(m.start(), m.end()) for m in _TAG_RE.finditer(text)]
    out = []
    offset = 0
    span_index = 0
    for number, line in enumerate(text.split("\n"), 1):
        while span_index < len(spans) and spans[span_index][1] <= offset:
            span_index += 1
        inside = span_index < len(spans) and spans[span_index][0] < offset < spans[span_index][1]
        out.append(line if inside else _MARK.format(number) + line)
        offset += len(line) + 1
    return "\n".join(out)


def _unmark(rendered: str) -> tuple[str, list[int]]:
    lines_out: list[str] = []
    line_map: list[int] = []
    current = 1
    for line in rendered.split("\n"):
        match = _MARK_RE.match(line)
        if match:
            current = int(match.group(1))
        else:
            found = _MARK_RE.findall(line)
            if found and not line[: line.find("/*@tutela:")].strip():
                current = int(found[0])
        lines_out.append(_MARK_RE.sub("", line))
        line_map.append(current)
        last = _MARK_RE.findall(line)
        if last:
            current = int(last[-1])
    return "\n".join(lines_out), line_map


def render_model(project: DbtProject, path: Path, text: str, *, _depth: int = 0) -> RenderedModel:
    """Render one model file to plain SQL (see the module docstring).

    Raises:
        InputError: on a Jinja syntax error (with the model's file and line).
    """
    # Jinja is imported only when a model is rendered (it costs ~50 ms at start-up).
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    from tutela.sql.jinja_placeholder import Placeholder, PlaceholderDecides, install

    config = project.config_for(path)
    captured: dict[str, Any] = {}

    def ref(*args: Any, **kwargs: Any) -> str:
        model = str(args[-1]) if args else str(kwargs.get("name", ""))
        target = project.models.get(model)
        if target is not None and _depth < 5:
            target_config = project.config_for(target)
            if target_config.materialized == "ephemeral":
                try:
                    inner = target.read_text(encoding="utf-8-sig")
                except OSError:
                    return project.relation(model)
                shown = target if path.is_absolute() else _relative_to_cwd(target)
                try:
                    rendered = render_model(project, shown, inner, _depth=_depth + 1)
                except InputError as exc:
                    if exc.file == str(shown):
                        exc.message += f" (ephemeral model {model!r}, inlined into {path})"
                    raise
                body = re.sub(r"(?m)^\s*--.*$", "", rendered.text).strip().rstrip(";")
                return f"({' '.join(body.split())})"
        return project.relation(model)

    def source(source_name: Any, table_name: Any) -> str:
        source_name, table_name = str(source_name), str(table_name)
        key = f"source:{source_name}.{table_name}"
        if key in project.manifest:
            return project.manifest[key]
        return project.sources.get((source_name, table_name), f"{source_name}.{table_name}")

    def var(name: Any, default: Any = _NO_DEFAULT) -> Any:
        if str(name) in project.vars:
            return project.vars[str(name)]
        if default is not _NO_DEFAULT:  # as in dbt, an explicit None is a default
            return default
        return Placeholder(name=str(name), kind="var", expression=f"var({str(name)!r})")

    def config_fn(*args: Any, **kwargs: Any) -> str:
        captured.update(kwargs)
        return ""

    def env_var(name: Any, default: Any = None) -> Any:
        if default is not None:
            return default
        return Placeholder(name=str(name), kind="env", expression=f"env_var({str(name)!r})")

    env = SandboxedEnvironment(keep_trailing_newline=True)
    install(env)
    env.globals.update(
        ref=ref,
        source=source,
        var=var,
        config=config_fn,
        env_var=env_var,
        is_incremental=lambda: False,
        this=project.relation(config.name),
        target={
            "name": "tutela",
            "schema": config.schema or "tutela_schema",
            "database": config.database or "tutela_database",
            "type": "tutela",
        },
        # True, as in `dbt compile`: the `{% if execute %}` branch is the one that reads data.
        execute=True,
    )
    marked = _mark_lines(text)
    try:
        rendered = env.from_string(marked).render()
    except jinja2.TemplateSyntaxError as exc:
        raise InputError(
            f"dbt model has a Jinja syntax error: {exc.message}", str(path), exc.lineno, None
        ) from None
    except PlaceholderDecides as exc:
        raise _decides_error(exc, path) from None
    except jinja2.TemplateError as exc:
        raise InputError(f"dbt model cannot be rendered: {exc}", str(path)) from None
    except (ArithmeticError, LookupError, TypeError, ValueError) as exc:
        # `{{ 1 / 0 }}`, `{{ x | tojson }}`: the model's error, not tutela's (exit 2, not 3).
        raise InputError(
            f"dbt model cannot be rendered: {type(exc).__name__}: {exc}",
            str(path),
            _template_line(exc),
        ) from None
    except (RecursionError, MemoryError):
        raise InputError(
            "dbt model cannot be rendered: template too deep or too large", str(path)
        ) from None
    sql, line_map = _unmark(rendered)
    purpose = config.purpose
    meta = captured.get("meta")
    declared = meta.get("purpose") if isinstance(meta, dict) else None
    # An unknown purpose (a placeholder) is kept as its identifier: the purpose check rejects it.
    if isinstance(declared, jinja2.Undefined) or declared:
        purpose = str(declared)
    materialized = captured.get("materialized")
    if isinstance(materialized, jinja2.Undefined) or not materialized:
        materialized = config.materialized or "view"
    relation = project.relation(config.name)
    return RenderedModel(sql, line_map, purpose, relation, str(materialized))


_COMPILE_HINT = (
    "lint the compiled SQL instead: run `dbt compile` and pass the model's file under "
    "target/compiled/ to tutela explicitly (tutela skips dbt's target folder when it walks a "
    "folder), or copy it out of target/"
)


def _relative_to_cwd(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _decides_error(exc: Any, path: Path) -> InputError:
    """The error for a placeholder that decides which SQL is rendered (fail closed)."""
    expression = exc.expression
    if exc.kind == "var":
        subject = f"{expression} has no value"
        name = expression[len("var(") : -1]
        hint = f"give {name} a value under `vars:` in dbt_project.yml, or {_COMPILE_HINT}"
    elif exc.kind == "env":
        subject = f"{expression} has no default (tutela does not read the environment)"
        hint = f"give {expression[:-1]}, ...) a default, or {_COMPILE_HINT}"
    else:
        subject = f"tutela does not know what {expression} is"
        hint = _COMPILE_HINT
    message = (
        f"dbt model cannot be rendered: {subject}; it is {exc.use}, "
        "so its value decides which SQL the model runs"
    )
    return InputError(message, str(path), _template_line(exc), None, hint)


def _template_line(exc: BaseException) -> int | None:
    # Jinja rewrites the traceback so that template frames carry template lines, and the
    # marked template keeps the model's lines: the innermost template frame is the use.
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
