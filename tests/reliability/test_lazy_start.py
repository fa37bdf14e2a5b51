"""Lazy start: a run whose files all hit the caches imports no sqlglot, Cerberus, Jinja or YAML.

Issues #12.5 and #15.3: Python start-up plus ``import sqlglot`` cost more than the rest of a
pre-commit run on unchanged files. The test lints a copy of the example twice in fresh
processes (the real CLI entry point) and checks ``sys.modules`` after the second, warm run;
``docs/performance.md`` has the ``-X importtime`` profile before and after.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE

HEAVY = ("sqlglot", "cerberus", "jinja2", "yaml")
PROBE = f"""
import json, sys
from tutela.cli.main import main
code = main(sys.argv[1:])
print(json.dumps({{"code": code, "heavy": sorted(m for m in sys.modules
      if m.split(".")[0] in {HEAVY!r})}}))
"""


def _run(project: Path, *args: str) -> dict:
    done = subprocess.run(
        # --jobs 1: every file is read in this process, so sys.modules sees every import
        [sys.executable, "-c", PROBE, "lint", "--jobs", "1", *args],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_warm_cache_run_imports_no_sqlglot_cerberus_jinja_or_yaml(tmp_path: Path) -> None:
    project = tmp_path / "example"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".tutela_cache"))
    cold = _run(project, "models", "--format", "json", "-o", "cold.json")
    assert cold["code"] == 1  # the example has findings
    assert "sqlglot" in cold["heavy"]  # the cold run analysed the files
    warm = _run(project, "models", "--format", "json", "-o", "warm.json")
    assert warm == {"code": 1, "heavy": []}, "a warm run imported a heavy module"
    # ... and the warm run reports exactly what the cold one did.
    assert (project / "warm.json").read_text() == (project / "cold.json").read_text()


def test_a_changed_file_still_analyses(tmp_path: Path) -> None:
    project = tmp_path / "example"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".tutela_cache"))
    _run(project, "models")
    model = next((project / "models").rglob("*.sql"))
    model.write_text(model.read_text(encoding="utf-8") + "\n-- edited\n", encoding="utf-8")
    assert "sqlglot" in _run(project, "models")["heavy"]
