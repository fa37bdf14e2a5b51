"""Lint dbt models without dbt, a profile or a database: render them as dbt would.

A model is rendered in a sandboxed Jinja environment with the context dbt gives it
(:mod:`tutela.sql.dbt_context`), and the project is read as dbt reads it:

* ``dbt_project.yml``, ``sources.yml`` and ``schema.yml`` values are Jinja too
  (``+database: "{{ env_var('DB', 'analytics') }}"``, ``schema: "{{ var('crm_schema',
  'crm') }}"``, ``+enabled: "{{ var('with_x', false) }}"``): they are rendered with ``var``,
  ``env_var`` and ``target`` before use.
* ``ref('m')`` -> the relation of model ``m``: from ``target/manifest.json`` when it exists,
  else ``<database>.<schema>.<alias>`` from the project's configuration (``+database`` /
  ``+schema`` in dbt_project.yml, schema.yml ``config``). Custom schemas are used verbatim
  (as a ``generate_schema_name`` override does); the inventory matches names by their
  trailing parts, so a missing database still matches. An ephemeral model is inlined as a
  subquery, exactly as dbt does, so reads through it reach the underlying tables.
* ``source('s', 't')`` -> ``<database>.<schema>.<identifier>`` from the sources YAML.
* ``var('x', default)``: the root project's vars scoped to the calling package
  (``vars: {my_package: {x: 1}}``), then its global vars, then the package's own
  ``dbt_project.yml`` vars, then the default (an explicit ``none`` is a default, as in dbt).
  A var whose value is Jinja (``"{{ source('crm', 'clientes') }}"``) is rendered, as dbt does.
* ``config(...)`` records the model's configuration (``meta.purpose`` becomes the declared
  purpose; ``enabled=false`` skips the model, as dbt does); ``is_incremental()`` is false (the
  full-refresh query, which reads the most); ``this`` is the model's own relation;
  ``env_var('X', d)`` -> ``d`` (the environment is never read); ``execute`` is true, as in
  ``dbt compile``, so the ``{% if execute %}`` branch (the one that queries the warehouse
  and reads data) is the one rendered. ``target`` has ``name`` (``tutela``), ``schema``,
  ``database`` and ``type``: the dbt adapter of the file's dialect, so ``adapter.dispatch``
  picks ``snowflake__x`` for Snowflake and ``default__x`` otherwise. ``flags``, ``graph``
  (the project's models and sources), ``modules``, ``run_started_at`` (a fixed instant, so
  output is reproducible), ``return``, ``exceptions`` and ``api`` are there too.
* Macros: dbt's cross-database macros (``dbt.dateadd``, ``dbt.type_timestamp``...,
  :mod:`tutela.sql.dbt_crossdb`), the project's ``macro-paths`` and every package installed
  under ``dbt_packages/`` (or ``packages-install-path``) run in the sandbox as dbt would run
  them, with ``adapter.dispatch`` and the project's ``dispatch`` search order.
* Introspection (``adapter.get_columns_in_relation``, ``adapter.get_relation``, and so
  ``dbt_utils.star``) is answered from the inventory's column lists, or through a model that
  selects from a declared relation; otherwise, and for ``run_query``, the answer is unknown.
* ``target/manifest.json``'s ``compiled_code`` is used instead of rendering when the
  manifest's checksum of the model matches the file (it is fresh).
* Any other macro or variable, and ``var()``/``env_var()`` without a value or default, is a
  placeholder (:mod:`tutela.sql.jinja_placeholder`). Printed inside ``{{ }}`` it renders
  as an identifier, ``tutela_macro_<name>``, ``tutela_var_<name>`` or ``tutela_env_<name>``:
  it never hides a table or column, it shows up as an unknown one. In type position
  (``cast(x as {{ my_type() }})``) it renders as a type name, so the statement still parses.

Fail closed on control flow: a placeholder that would decide *which* SQL is rendered
(``{% for %}`` over it, ``{% if %}`` on it, ``and``/``or``/``not``, ``|length``, ``in``,
``==`` and ``<``, arithmetic, ``|join``/``|list``/``|first`` and other filters that
iterate, ``|default``, any ``is`` test: ``is defined``, ``is none``...) makes the model an
error, exit 2, located at the model line of the use, naming the macro and the fix: lint the
compiled SQL (``dbt compile``, then pass the file under ``target/compiled/`` explicitly,
since tutela skips dbt's ``target`` folder when it walks a folder), or give the ``var()`` a
value. Rendering it as empty or false instead would drop SQL, and the personal columns it
reads would be invisible to every rule. The same holds for an introspection answer tutela
does not have: the error says which relation to declare in the inventory. A model that dbt
could not compile either (``{{ 1 / 0 }}``, ``exceptions.raise_compiler_error``) is an error
too, never a crash.

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

import datetime as _dt
import difflib
import hashlib
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutela.errors import InputError
from tutela.yamlsafe import load_yaml

if TYPE_CHECKING:
    from tutela.sql.catalog import Catalog
    from tutela.sql.dbt_context import Package

_MARK = "/*@tutela:{}@*/"
_MARK_RE = re.compile(r"/\*@tutela:(\d+)@\*/")
_TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
_NO_DEFAULT = object()
_RUN_STARTED_AT = _dt.datetime(2000, 1, 1, tzinfo=_dt.UTC)
# `cast(x as {{ unknown() }})`: a placeholder in type position renders as a type name.
_TYPE_POSITION = re.compile(r"(?i)(\bas|::)\s*$")


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
        return load_yaml(path.read_text(encoding="utf-8-sig"), str(path)).data
    except (OSError, InputError, UnicodeDecodeError):
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
        from tutela.sql.dbt_context import Package

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
        from tutela.sql.dbt_context import Package

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


@dataclass
class RenderedModel:
    """A rendered model: SQL text, the model-file line of each rendered line, and meta."""

    text: str
    line_map: list[int]
    purpose: str | None
    relation: str
    materialized: str = "view"  # dbt's default materialization
    enabled: bool = True
    compiled: bool = False  # taken from target/manifest.json

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


def _align(model: str, compiled: str) -> list[int]:
    """Model line of each compiled line: equal lines match, the rest follow the last match."""
    source, target = model.split("\n"), compiled.split("\n")
    mapping = [0] * len(target)
    matcher = difflib.SequenceMatcher(None, source, target, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[block.b + k] = block.a + k + 1
    last = 1
    for index, value in enumerate(mapping):
        if value:
            last = value
        else:
            mapping[index] = last
    return mapping


def _sandbox_class() -> Any:
    from jinja2.sandbox import SandboxedEnvironment

    from tutela.sql.dbt_context import Namespace

    class DbtSandbox(SandboxedEnvironment):
        """The sandbox, letting ``dbt_utils._is_relation`` through: dbt macros may start with _."""

        def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
            if isinstance(obj, Namespace) and not attr.startswith("__"):
                return True
            return bool(super().is_safe_attribute(obj, attr, value))

    return DbtSandbox


def _DbtSandbox(**kwargs: Any) -> Any:
    return _sandbox_class()(**kwargs)


class _Renderer:
    """One project rendered for one dialect and inventory: the Jinja context, macros, refs."""

    def __init__(self, project: DbtProject, dialect: str, catalog: Catalog | None) -> None:
        from tutela.sql.dbt_context import (
            Adapter,
            Columns,
            MacroLibrary,
            Namespace,
            api_namespace,
        )
        from tutela.sql.dbt_crossdb import adapter_type
        from tutela.sql.jinja_placeholder import install

        self.project = project
        self.catalog = catalog
        self.adapter_type = adapter_type(dialect)
        env = _DbtSandbox(
            keep_trailing_newline=True, extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"]
        )
        install(env)
        env.filters.update(
            as_bool=_as_bool, as_number=_as_number, as_text=str, as_native=lambda v: v
        )
        env.finalize = self._finalize
        self.env = env
        self.library = MacroLibrary(
            env, project.name, project.packages, project.dispatch, self.adapter_type
        )
        self.adapter = Adapter(self.adapter_type, self.library, Columns(self._columns_of))
        self._sources: dict[tuple[str, str], Any] = {}
        self._templates: dict[tuple[str, bool], Any] = {}
        self._model_columns: dict[str, list[str] | None] = {}  # a model's output columns
        self._configs: dict[Path, ModelConfig] = {}
        self._lineage: set[str] = set()
        self.depth = 0
        base = self.library.base
        base.update(env.globals)
        base.update(self.library.unqualified(project.name))
        for name in project.packages:
            base[name] = Namespace(self.library, name)
        base["dbt"] = Namespace(self.library, "dbt")
        base.update(self._builtins(api_namespace(self.adapter_type)))
        base["target"] = _target(None, self.adapter_type)
        for name in project.packages:
            if name != project.name:
                scope = self.library.scope(name)
                # `var` stays the model's: dbt scopes vars by the node being compiled.
                scope.update(self.library.unqualified(name))

    # --- the context ----------------------------------------------------------------------
    def _builtins(self, api: Any) -> dict[str, Any]:
        from tutela.sql.dbt_context import CompilerError, do_return

        def raise_compiler_error(message: Any = "", *args: Any) -> None:
            raise CompilerError(str(message))

        exceptions = _Obj(
            raise_compiler_error=raise_compiler_error,
            warn=lambda *a, **k: "",
            raise_not_implemented=raise_compiler_error,
            raise_fail_fast_error=raise_compiler_error,
            column_type_missing=raise_compiler_error,
        )
        return {
            "ref": self._ref,
            "source": self._source,
            "var": self._var_function(self.project.name),
            "env_var": _env_var,
            "is_incremental": lambda: False,
            "should_full_refresh": lambda: True,
            "execute": True,
            "flags": _Obj(
                WHICH="compile",
                FULL_REFRESH=False,
                STORE_FAILURES=False,
                WARN_ERROR=False,
                EMPTY=False,
            ),
            "adapter": self.adapter,
            "api": api,
            "exceptions": exceptions,
            "return": do_return,
            "log": lambda *a, **k: "",
            "print": lambda *a, **k: "",
            "run_query": self._run_query,
            "load_relation": self._load_relation,
            "statement": self._statement,
            "load_result": self._load_result,
            "tojson": lambda value, *a, **k: json.dumps(value, default=str),
            "fromjson": lambda text, default=None: _fromjson(text, default),
            "toyaml": lambda value, *a, **k: json.dumps(value, default=str),
            "fromyaml": lambda text, default=None: _fromyaml(text, default),
            "zip": lambda *a, **k: list(zip(*a, strict=False)),
            "set": lambda value, default=None: set(value) if value is not None else default,
            "set_strict": set,
            "local_md5": lambda text: hashlib.md5(
                str(text).encode(), usedforsecurity=False
            ).hexdigest(),
            "modules": _Obj(
                datetime=_dt,
                pytz=_Obj(timezone=_timezone, utc=_dt.UTC, UTC=_dt.UTC),
                re=re,
            ),
            "run_started_at": _RUN_STARTED_AT,
            "invocation_id": "00000000-0000-0000-0000-000000000000",
            "dbt_version": "1.8.0",
            "graph": _LazyGraph(self._graph),
            "doc": lambda *a: "",
        }

    def _finalize(self, value: Any) -> Any:
        from tutela.sql.jinja_placeholder import Placeholder

        if value is None:
            return ""  # `{{ none }}` renders as nothing, as in dbt
        if isinstance(value, Placeholder) and "inline if-expression" in str(
            value._undefined_hint or ""
        ):
            return ""  # `{{ x if cond }}` with a false condition prints nothing, as in dbt
        return value

    def _var_function(self, package: str) -> Any:
        from tutela.sql.jinja_placeholder import Placeholder

        project = self.project

        def var(name: Any, default: Any = _NO_DEFAULT) -> Any:
            key = str(name)
            root_vars = project.vars
            scoped = root_vars.get(package)
            own = project.packages[package].vars if package in project.packages else {}
            own_scoped = own.get(package)
            for layer in (scoped, root_vars, own_scoped, own):
                if isinstance(layer, dict) and key in layer and key not in project.packages:
                    return self._render_var(layer[key], package)
            if default is not _NO_DEFAULT:  # as in dbt, an explicit None is a default
                return default
            return Placeholder(name=key, kind="var", expression=f"var({key!r})")

        return var

    def _render_var(self, value: Any, package: str) -> Any:
        if isinstance(value, str) and ("{{" in value or "{%" in value):
            return self.render_value(value, package)
        return value

    def render_value(self, value: Any, package: str | None = None) -> Any:
        """A YAML value as dbt renders it (Jinja in dbt_project.yml, sources, vars)."""
        if not isinstance(value, str) or ("{{" not in value and "{%" not in value):
            return value
        scope = self.library.scope(package or self.project.name)
        whole = re.fullmatch(r"\s*\{\{(.*?)\}\}\s*", value, re.S)
        if whole and "}}" not in whole.group(1) and "{{" not in whole.group(1):
            try:
                expression = self._compiled(whole.group(1), expression=True)
                return expression(**_flatten(scope))
            except Exception:  # noqa: S110 - not an expression: render it as text
                pass
        return str(self._compiled(value).render(_flatten(scope))).strip()

    def _compiled(self, source: str, *, expression: bool = False) -> Any:
        """A YAML value's template, compiled once (projects repeat the same values a lot)."""
        key = (source, expression)
        if key not in self._templates:
            env = self.env
            compiled = env.compile_expression(source) if expression else env.from_string(source)
            self._templates[key] = compiled
        return self._templates[key]

    def _ref(self, *args: Any, **kwargs: Any) -> Any:
        from tutela.sql.dbt_context import Relation

        model = str(args[-1]) if args else str(kwargs.get("name", ""))
        target = self.project.models.get(model)
        if target is not None and self.depth < 5:
            config = self.config_for(target)
            if config.materialized == "ephemeral":
                return self._inline(model, target)
        relation = self.relation(model)
        parts = relation.split(".")
        while len(parts) < 3:
            parts.insert(0, "")
        return Relation(parts[-3], parts[-2], parts[-1], model=model)

    def _inline(self, model: str, target: Path) -> str:
        try:
            inner = target.read_text(encoding="utf-8-sig")
        except OSError:
            return self.relation(model)
        current = self.current_path
        shown = target if current is None or current.is_absolute() else _relative_to_cwd(target)
        try:
            rendered = self.render(shown, inner)
        except InputError as exc:
            if exc.file == str(shown):
                exc.message += f" (ephemeral model {model!r}, inlined into {current})"
            raise
        body = _drop_line_comments(rendered.text).strip().rstrip(";")
        return f"({' '.join(body.split())})"

    def _source(self, source_name: Any, table_name: Any) -> Any:
        from tutela.sql.dbt_context import Relation

        key = (str(source_name), str(table_name))
        if key not in self._sources:
            manifest = self.project.manifest.get(f"source:{key[0]}.{key[1]}")
            raw = self.project.raw_sources.get(key)
            if manifest:
                parts = manifest.split(".")
            elif raw is not None:
                parts = [_unquote(str(self.render_value(v) or "")).strip() for v in raw[:3]]
            else:
                parts = [key[0], key[1]]
            while len(parts) < 3:
                parts.insert(0, "")
            self._sources[key] = Relation(parts[-3], parts[-2], parts[-1], kind="source")
        return self._sources[key]

    def _run_query(self, sql: Any = "", *args: Any, **kwargs: Any) -> Any:
        from tutela.sql.dbt_context import Introspection

        return Introspection("run_query()")

    def _load_relation(self, relation: Any) -> Any:
        """``load_relation(r)``: ``r`` if the inventory declares it (dbt asks the warehouse)."""
        from tutela.sql.dbt_context import Introspection

        if self._columns_of(relation) is None:
            return Introspection(f"load_relation({relation})")
        return relation

    def _statement(self, name: Any = None, fetch_result: Any = False, **kwargs: Any) -> str:
        # `{% call statement('x', fetch_result=True) %}...{% endcall %}` runs SQL in the
        # warehouse; tutela never does, and load_result('x') then has no answer.
        return ""

    def _load_result(self, name: Any) -> Any:
        from tutela.sql.dbt_context import Introspection

        return Introspection(f"load_result({str(name)!r})")

    def _graph(self) -> dict[str, Any]:
        nodes: dict[str, Any] = {}
        for name, path in self.project.models.items():
            unique = f"model.{self.project.name}.{name}"
            try:
                rel = path.relative_to(self.project.root).as_posix()
            except ValueError:
                rel = str(path)
            nodes[unique] = {
                "unique_id": unique,
                "name": name,
                "resource_type": "model",
                "package_name": self.project.name,
                "original_file_path": rel,
                "path": rel,
                "config": {},
                "tags": [],
            }
        sources = {
            f"source.{self.project.name}.{s}.{t}": {
                "unique_id": f"source.{self.project.name}.{s}.{t}",
                "source_name": s,
                "name": t,
                "resource_type": "source",
                "package_name": self.project.name,
            }
            for s, t in self.project.raw_sources
        }
        return {"nodes": nodes, "sources": sources, "exposures": {}, "metrics": {}}

    # --- introspection from the inventory -------------------------------------------------
    def _columns_of(self, relation: Any) -> list[str] | None:
        """Columns of ``relation`` from the inventory, or via a model selecting from one."""
        text = str(relation)
        if not text or self.catalog is None:
            return None
        info = self.catalog.resolve([p for p in _unquote(text).split(".") if p])
        if info is not None:
            return list(info.columns)
        model = getattr(relation, "tutela_model", None)
        if model is None:
            model = next((m for m in self.project.models if self.relation(m) == text), None)
        if model is None or model in self._lineage or self.depth >= 5:
            return None
        if model in self._model_columns:
            return self._model_columns[model]
        path = self.project.models[model]
        self._lineage.add(model)
        try:
            rendered = self.render(path, path.read_text(encoding="utf-8-sig"))
        except (InputError, OSError):
            return None
        finally:
            self._lineage.discard(model)
        columns = self._select_columns(rendered.text)
        self._model_columns[model] = columns
        return columns

    def _select_columns(self, sql: str) -> list[str] | None:
        """The output columns of a query whose every column is named (or a known ``*``)."""
        import sqlglot
        from sqlglot import exp

        from tutela.sql.dialects import sqlglot_name

        try:
            tree = sqlglot.parse_one(sql, read=sqlglot_name(self._dialect_name()))
        except Exception:
            return None
        ctes = {}
        with_ = _arg(tree, "with") if isinstance(tree, exp.Expression) else None
        if with_ is not None:
            ctes = {cte.alias_or_name.lower(): cte.this for cte in with_.expressions}
        return self._output_columns(tree, ctes, 0)

    def _output_columns(self, tree: Any, ctes: dict[str, Any], depth: int) -> list[str] | None:
        from sqlglot import exp

        if depth > 20:
            return None
        if isinstance(tree, exp.Subquery):
            tree = tree.this
        if isinstance(tree, exp.Union):
            return self._output_columns(tree.left, ctes, depth + 1)
        if not isinstance(tree, exp.Select):
            return None
        names: list[str] = []
        for projection in tree.expressions:
            star = isinstance(projection, exp.Star) or (
                isinstance(projection, exp.Column) and isinstance(projection.this, exp.Star)
            )
            if not star:
                if not projection.alias_or_name:
                    return None
                names.append(projection.alias_or_name.lower())
                continue
            sources = [_arg(tree, "from"), *(tree.args.get("joins") or [])]
            sources = [x.this for x in sources if x is not None]
            qualifier = projection.table if isinstance(projection, exp.Column) else ""
            if qualifier:
                sources = [x for x in sources if x.alias_or_name.lower() == qualifier.lower()]
            if len(sources) != 1:
                return None  # `*` over a join: which table's columns is not worth guessing
            source = sources[0]
            if isinstance(source, exp.Table) and source.name.lower() in ctes and not source.db:
                inner = self._output_columns(ctes[source.name.lower()], ctes, depth + 1)
            elif isinstance(source, exp.Table):
                inner = self._columns_of(".".join(p.name for p in source.parts))
            elif isinstance(source, exp.Subquery):
                inner = self._output_columns(source.this, ctes, depth + 1)
            else:
                inner = None
            if inner is None:
                return None
            names += inner
        return names

    def _dialect_name(self) -> str:
        from tutela.sql.dbt_crossdb import _ADAPTERS

        return next((d for d, a in _ADAPTERS.items() if a == self.adapter_type), "ansi")

    # --- configuration --------------------------------------------------------------------
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

    # --- rendering ------------------------------------------------------------------------
    current_path: Path | None = None

    @contextmanager
    def _model_context(
        self, path: Path, config: ModelConfig, captured: dict[str, Any]
    ) -> Iterator[None]:
        from tutela.sql.dbt_context import Relation

        base = self.library.base
        keys = ("this", "config", "model", "target", "current_path")
        saved = {k: base.get(k) for k in keys}
        saved_path = self.current_path
        relation = self.relation(config.name).split(".")
        while len(relation) < 3:
            relation.insert(0, "")
        base["this"] = Relation(relation[-3], relation[-2], relation[-1], model=config.name)
        base["config"] = _ConfigFn(captured, config)
        base["model"] = {
            "name": config.name,
            "unique_id": f"model.{self.project.name}.{config.name}",
            "package_name": self.project.name,
            "config": captured,
            "original_file_path": str(path),
            "resource_type": "model",
        }
        base["target"] = _target(config, self.adapter_type)
        self.current_path = path
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
            self.current_path = saved_path
            for key, value in saved.items():
                if value is None:
                    base.pop(key, None)
                else:
                    base[key] = value

    def render(self, path: Path, text: str) -> RenderedModel:
        """Render one model file to plain SQL (see the module docstring).

        Raises:
            InputError: on a Jinja syntax error or a model that cannot be rendered.
        """
        import jinja2

        config = self.config_for(path)
        relation = self.relation(config.name)
        compiled = self.project.compiled_for(path, text) if self.depth == 0 else None
        if compiled is not None:
            return RenderedModel(
                compiled,
                _align(text, compiled),
                config.purpose,
                relation,
                config.materialized or "view",
                config.enabled,
                compiled=True,
            )
        if not config.enabled:  # disabled in dbt_project.yml or schema.yml: never rendered
            return RenderedModel("", [], None, relation, "view", enabled=False)
        captured: dict[str, Any] = {}
        try:
            rendered = self._render_text(path, text, config, captured)
        except InputError:
            if "enabled" in captured and _as_bool(captured["enabled"]) is False:
                # `config(enabled=false)` came first: dbt never renders the rest either.
                return RenderedModel("", [], None, relation, "view", enabled=False)
            raise
        sql, line_map = _unmark(rendered)
        purpose = config.purpose
        meta = captured.get("meta")
        declared = meta.get("purpose") if isinstance(meta, dict) else None
        # An unknown purpose (a placeholder) stays its identifier: the purpose check rejects it.
        if isinstance(declared, jinja2.Undefined) or declared:
            purpose = str(declared)
        materialized = captured.get("materialized")
        if isinstance(materialized, jinja2.Undefined) or not materialized:
            materialized = config.materialized or "view"
        enabled: bool = config.enabled
        if "enabled" in captured and _as_bool(captured["enabled"]) is False:
            enabled = False
        return RenderedModel(sql, line_map, purpose, relation, str(materialized), enabled)

    def _render_text(
        self, path: Path, text: str, config: ModelConfig, captured: dict[str, Any]
    ) -> str:
        """The model's text rendered (with line marks); errors become located InputErrors."""
        import jinja2

        from tutela.sql.dbt_context import CompilerError, MacroReturn
        from tutela.sql.jinja_placeholder import PlaceholderDecides

        marked = _mark_lines(_type_positions(text))
        try:
            with self._model_context(path, config, captured):
                rendered: str = self.env.from_string(marked).render(self.library.base)
                rendered = _continuations(rendered)
        except jinja2.TemplateSyntaxError as exc:
            raise InputError(
                f"dbt model has a Jinja syntax error: {exc.message}", str(path), exc.lineno, None
            ) from None
        except PlaceholderDecides as exc:
            raise _decides_error(exc, path) from None
        except CompilerError as exc:
            raise InputError(
                f"dbt model cannot be rendered: it raises a compiler error: {exc}",
                str(path),
                _template_line(exc),
            ) from None
        except MacroReturn:
            raise InputError(
                "dbt model cannot be rendered: return() outside a macro", str(path)
            ) from None
        except jinja2.TemplateError as exc:
            raise InputError(f"dbt model cannot be rendered: {exc}", str(path)) from None
        except InputError:
            raise
        except (ArithmeticError, LookupError, TypeError, ValueError, AttributeError) as exc:
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
        return rendered


_CONFIG_CALL = re.compile(r"\{\{-?\s*config\s*\((.*?)\)\s*-?\}\}", re.S)
_LITERAL_KW = re.compile(r"\b(materialized|alias|schema|database)\s*=\s*(['\"])(\w+)\2")


def _literal_config(path: Path) -> dict[str, str]:
    """Literal values of a model's ``{{ config(...) }}``, read before rendering it.

    dbt parses every model before it renders any, so ``config(materialized='view')`` in a
    model decides how *other* models ``ref()`` it (inlined when ephemeral, or not).
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    found: dict[str, str] = {}
    for call in _CONFIG_CALL.finditer(text):
        for key, _, value in _LITERAL_KW.findall(call.group(1)):
            found[key] = value
    return found


def _drop_line_comments(sql: str) -> str:
    r"""``sql`` without its comments (outside quotes), so it can be joined on one line.

    Example:
        >>> _drop_line_comments("select 'a--b' as x -- note\nfrom t")
        "select 'a--b' as x \nfrom t"
    """
    out: list[str] = []
    quote: str | None = None
    i = 0
    while i < len(sql):
        char = sql[i]
        if quote:
            out.append(char)
            if char == quote:
                quote = None
        elif char in "'\"`":
            quote = char
            out.append(char)
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = len(sql) if end < 0 else end
            continue
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = len(sql) if end < 0 else end + 2
            out.append(" ")
            continue
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _arg(tree: Any, name: str) -> Any:
    """A sqlglot node's argument (``from``/``with`` are ``from_``/``with_`` in newer sqlglot)."""
    return tree.args.get(name) or tree.args.get(name + "_")


# After these words an expression starts: a placeholder there is that expression.
_EXPECTS_EXPRESSION = frozenset(
    [
        "select",
        "from",
        "join",
        "where",
        "and",
        "or",
        "on",
        "by",
        "as",
        "when",
        "then",
        "else",
        "case",
        "not",
        "in",
        "is",
        "like",
        "ilike",
        "between",
        "distinct",
        "union",
        "all",
        "with",
        "over",
        "partition",
        "order",
        "group",
        "having",
        "limit",
        "offset",
        "set",
        "values",
        "into",
        "table",
        "cast",
        "using",
        "qualify",
        "exists",
        "any",
        "some",
        "return",
        "returns",
        "if",
        "elif",
        "lateral",
        "unnest",
    ]
)


def _type_positions(text: str) -> str:
    """Wrap each ``{{ }}`` so a placeholder prints as what its position needs.

    * in type position (after ``as`` or ``::``) it prints a type name: ``cast(x as varchar)``;
    * right after a complete expression (``as website {{ pass_through() }}``, ``partition by
      id {{ by_source() }}``) it prints ``, tutela_macro_...``: the macros written there emit
      a leading comma and more columns, so the unknown one shows up as one more column
      (decided on the rendered text, see :func:`_continuations`);
    * anywhere else, an identifier.
    Values that are not placeholders print unchanged.
    """
    out = []
    last = 0
    for match in re.finditer(r"\{\{(-?)(.*?)(-?)\}\}", text, re.S):
        out.append(text[last : match.start()])
        before = text[max(0, match.start() - 12) : match.start()]
        function = "tutela_type" if _TYPE_POSITION.search(before) else "tutela_continue"
        inner = match.group(2).strip()
        out.append(f"{{{{{match.group(1)} {function}({inner}) {match.group(3)}}}}}")
        last = match.end()
    out.append(text[last:])
    return "".join(out)


_CONTINUE = "\x00tutela-continue\x00"


def _unknown(value: Any) -> bool:
    from tutela.sql.jinja_placeholder import Placeholder

    if not isinstance(value, Placeholder):
        return False
    return "inline if-expression" not in str(value._undefined_hint or "")


def _tutela_continue(value: Any) -> Any:
    """A placeholder, marked: :func:`_continuations` decides whether a comma goes before it."""
    if _unknown(value):
        return _CONTINUE + str(value)
    return value


def _continuations(rendered: str) -> str:
    """Put ``, `` before each marked placeholder that follows a complete expression."""
    if _CONTINUE not in rendered:
        return rendered
    pieces = rendered.split(_CONTINUE)
    out = [pieces[0]]
    for piece in pieces[1:]:
        before = "".join(out)
        out.append(", " + piece if _after_expression(before) else piece)
    return "".join(out)


def _after_expression(before: str) -> bool:
    """Whether rendered SQL ``before`` ends with a complete expression (a name, ``)``...)."""
    tail = _MARK_RE.sub("", before[-600:])
    tail = re.sub(r"/\*.*?\*/", " ", tail, flags=re.S)
    tail = "\n".join(re.sub(r"--.*$", "", line) for line in tail.split("\n")).rstrip()
    if not tail or not re.search(r"[\w)\"'`\]]$", tail):
        return False
    word = re.search(r"(\w+)$", tail)
    return not (word and word.group(1).lower() in _EXPECTS_EXPRESSION)


def _tutela_type(value: Any) -> Any:
    """In type position an unknown macro prints as a type name (``tutela_type``)."""
    if _unknown(value):
        return "varchar"
    return value


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


_RENDERERS: dict[tuple[int, str, int], _Renderer] = {}


def renderer(
    project: DbtProject, dialect: str = "ansi", catalog: Catalog | None = None
) -> _Renderer:
    """The renderer of ``project`` for ``dialect`` and ``catalog`` (one per process)."""
    key = (id(project), dialect, id(catalog))
    found = _RENDERERS.get(key)
    if found is None or found.project is not project or found.catalog is not catalog:
        if len(_RENDERERS) > 8:
            _RENDERERS.clear()
        found = _RENDERERS[key] = _Renderer(project, dialect, catalog)
        found.library.base["tutela_type"] = _tutela_type
        found.library.base["tutela_continue"] = _tutela_continue
    return found


def render_model(
    project: DbtProject,
    path: Path,
    text: str,
    *,
    dialect: str = "ansi",
    catalog: Catalog | None = None,
) -> RenderedModel:
    """Render one model file to plain SQL (see the module docstring).

    Raises:
        InputError: on a Jinja syntax error or a model that cannot be rendered (with the
            model's file and line).
    """
    return renderer(project, dialect, catalog).render(path, text)


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
    elif exc.kind == "introspection":
        subject = f"{expression} asks the warehouse, and tutela cannot answer it offline"
        hint = (
            "declare the relation and its columns in the inventory (datasets), so tutela "
            f"answers from its column lists, or {_COMPILE_HINT}"
        )
        if expression.startswith(("run_query", "load_result")):
            hint = _COMPILE_HINT
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
