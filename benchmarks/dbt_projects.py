"""How many models of a real dbt project tutela analyses, and why the others fail.

Usage::

    python benchmarks/dbt_projects.py PROJECT_DIR [--dialect snowflake] [--no-packages]
        [--inventory-from-yaml] [--vars '{"x": true}'] [--failures N] [--json]

A model counts as *analysed* when it renders and every statement parses and is analysed
(no SQL001). Disabled models (``enabled: false`` in dbt_project.yml, schema.yml or the
model's ``config()``) are counted apart, as dbt skips them. ``--no-packages`` hides
``dbt_packages/`` (as before ``dbt deps``). ``--inventory-from-yaml`` declares each source
table, and each model the project documents, with the columns its YAML lists (all
``ninguna``): what a team that has written its inventory gives tutela (PUR005 asks for the
tables a project builds as well), so introspective macros (``adapter.get_columns_in_relation``,
``dbt_utils.star``) have an answer.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tutela.config import Config
from tutela.errors import TutelaError
from tutela.sql.catalog import Catalog
from tutela.sql.dbt import DbtProject
from tutela.sql.files import analyze_path
from tutela.yamlsafe import load_yaml


def _source_datasets(project: Path) -> list[dict[str, Any]]:
    """One inventory dataset per source table and documented model, with its YAML columns."""
    from tutela.sql.dbt import renderer

    loaded = DbtProject.load(project)
    rend = renderer(loaded, "ansi", None)
    datasets: dict[str, dict[str, Any]] = {}
    files = sorted(p for p in project.rglob("*.yml") if "dbt_packages" not in p.parts)
    for yml in files:
        try:
            data = load_yaml(yml.read_text(encoding="utf-8-sig"), str(yml)).data
        except (TutelaError, OSError, UnicodeDecodeError):
            continue
        if not isinstance(data, dict):
            continue
        for source in data.get("sources") or []:
            if not isinstance(source, dict):
                continue
            for table in source.get("tables") or []:
                if not isinstance(table, dict) or "name" not in table:
                    continue
                try:
                    relation = str(rend._source(source["name"], table["name"]))
                except Exception:
                    continue
                columns = [
                    {"name": str(c["name"]).strip('"`'), "category": "ninguna"}
                    for c in table.get("columns") or []
                    if isinstance(c, dict) and c.get("name")
                ]
                if columns and relation:
                    datasets[relation.lower()] = {"table": relation, "columns": columns}
        for model in data.get("models") or []:
            # The tables the project builds: tutela's PUR005 wants them in the inventory too.
            if not isinstance(model, dict) or model.get("name") not in loaded.models:
                continue
            columns = [
                {"name": str(c["name"]).strip('"`'), "category": "ninguna"}
                for c in model.get("columns") or []
                if isinstance(c, dict) and c.get("name")
            ]
            relation = rend.relation(str(model["name"]))
            if columns and relation.lower() not in datasets:
                datasets[relation.lower()] = {"table": relation, "columns": columns}
    return list(datasets.values())


def _cause(message: str) -> str:
    """A short failure cause for grouping."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", message)
    for pattern, cause in (
        (r"asks the warehouse", "introspection without an inventory answer"),
        (r"is read from the warehouse", "a data value decides the SQL (compared or searched)"),
        (r"tutela does not know what ([\w.]+)", None),
        (r"has no value", "var without a value"),
        (r"sqlglot cannot parse", "SQL does not parse after rendering"),
        (r"compiler error", "the model raises a compiler error"),
        (r"Jinja syntax error", "Jinja syntax error"),
    ):
        match = re.search(pattern, message)
        if match:
            if cause is None:
                name = re.sub(r"\(.*", "", match.group(1))
                return f"unknown macro in control flow: {name}"
            return cause
    return text[:90]


def measure(
    root: Path, dialect: str, catalog: Catalog, extra_vars: dict[str, Any] | None = None
) -> dict[str, Any]:
    """Analyse every model of the project at ``root``; count outcomes and causes."""
    from tutela.sql.files import _project

    project = _project(root)  # the object analyze_path renders with
    project.vars.update(extra_vars or {})  # as `dbt --vars` would
    config = Config(root=root, dialect=dialect)
    counts = collections.Counter[str]()
    causes = collections.Counter[str]()
    examples: dict[str, str] = {}
    failed: dict[str, str] = {}  # model -> cause, for --json
    started = time.perf_counter()
    for name, path in sorted(project.models.items()):
        try:
            facts = analyze_path(path, config=config, catalog=catalog, dialect=dialect)
        except TutelaError as exc:
            counts["failed"] += 1
            cause = _cause(exc.message)
            causes[cause] += 1
            examples.setdefault(cause, f"{name}: {exc.message[:300]}")
            failed[name] = cause
            continue
        if not facts and _disabled(path, project, dialect, catalog):
            counts["disabled"] += 1
            continue
        errors = [f["error"] for f in facts if f.get("error")]
        if errors:
            counts["failed"] += 1
            cause = _cause(errors[0]["message"])
            causes[cause] += 1
            examples.setdefault(cause, f"{name}: {errors[0]['message'][:300]}")
            failed[name] = cause
        else:
            counts["analysed"] += 1
    enabled = counts["analysed"] + counts["failed"]
    return {
        "project": project.name,
        "models": len(project.models),
        "disabled": counts["disabled"],
        "enabled": enabled,
        "analysed": counts["analysed"],
        "percent": round(100 * counts["analysed"] / enabled, 1) if enabled else 100.0,
        "seconds": round(time.perf_counter() - started, 1),
        "causes": dict(causes.most_common()),
        "examples": examples,
        "failed": failed,
    }


def _disabled(path: Path, project: DbtProject, dialect: str, catalog: Catalog) -> bool:
    from tutela.sql.dbt import render_model

    text = path.read_text(encoding="utf-8-sig")
    return not render_model(project, path, text, dialect=dialect, catalog=catalog).enabled


def main(argv: list[str] | None = None) -> int:
    """Print analysed/enabled models and the failures by cause."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path)
    parser.add_argument("--dialect", default="snowflake")
    parser.add_argument("--no-packages", action="store_true")
    parser.add_argument("--inventory-from-yaml", action="store_true")
    parser.add_argument("--failures", type=int, default=10, help="causes to print")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--vars", default="{}", help="JSON object of vars, as `dbt --vars` (enable marts)"
    )
    args = parser.parse_args(argv)
    root: Path = args.project.resolve()
    with tempfile.TemporaryDirectory() as scratch:
        if args.no_packages:
            copy = Path(scratch) / root.name
            shutil.copytree(
                root, copy, ignore=shutil.ignore_patterns("dbt_packages", "dbt_modules")
            )
            root = copy
        catalog = (
            Catalog.from_datasets(_source_datasets(root))
            if args.inventory_from_yaml
            else Catalog.empty()
        )
        result = measure(root, args.dialect, catalog, json.loads(args.vars))
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(
        f"{result['project']}: {result['analysed']}/{result['enabled']} enabled models analysed "
        f"({result['percent']} %), {result['disabled']} disabled, {result['seconds']} s"
    )
    for cause, count in list(result["causes"].items())[: args.failures]:
        print(f"  {count:4d}  {cause}")
        print(f"        e.g. {result['examples'][cause][:200]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
