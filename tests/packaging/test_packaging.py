"""The distribution: one import package `tutela`, with cli/ and generators/ mapped under it
and the policies and templates shipped as data (DESIGN.md, STYLE.md 7.7).

The wheel is built for real (``python -m build``, which fetches setuptools from the package
index into an isolated environment) and then imported from its unpacked files.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import tutela
import tutela.cli
import tutela.generators
from tests.conftest import EXAMPLE, REPO


def test_suite_runs_against_the_editable_install() -> None:
    assert Path(tutela.__file__).resolve().parent == REPO / "tutela"
    assert Path(tutela.cli.__file__).resolve().parent == REPO / "cli"
    assert Path(tutela.generators.__file__).resolve().parent == REPO / "generators"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    wheels = list(out.glob("tutela-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def _expected_files() -> set[str]:
    expected = set()
    for folder, target in (
        ("tutela", "tutela"),
        ("cli", "tutela/cli"),
        ("generators", "tutela/generators"),
    ):
        for path in (REPO / folder).rglob("*.py"):
            if "__pycache__" not in path.parts:
                expected.add(f"{target}/{path.relative_to(REPO / folder).as_posix()}")
    for folder, target, pattern in (
        ("policies", "tutela/policies", "*.rego"),
        ("policies", "tutela/policies", "*.yaml"),
        ("notices", "tutela/notices", "*.j2"),
    ):
        for path in (REPO / folder).rglob(pattern):
            expected.add(f"{target}/{path.relative_to(REPO / folder).as_posix()}")
    for path in (REPO / "tutela" / "schemas").glob("*.json"):
        expected.add(f"tutela/schemas/{path.name}")
    expected.add("tutela/py.typed")
    return expected


def test_wheel_holds_one_package_with_everything_mapped_under_it(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    tops = {n.split("/")[0] for n in names}
    assert tops == {"tutela", f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info"}
    missing = _expected_files() - names
    assert not missing, f"not in the wheel: {sorted(missing)}"
    assert not any(n.startswith(("cli/", "generators/", "policies/", "notices/")) for n in names)


def test_unpacked_wheel_runs_the_cli(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = (
        "import tutela, sys; from tutela.cli.main import main;"
        "print(tutela.__file__);"
        "sys.exit(main(['notice', '--type', 'telefono', '-i', sys.argv[1]]))"
    )
    run = subprocess.run(
        [sys.executable, "-c", code, str(EXAMPLE / "inventory.yaml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    first, _, rest = run.stdout.partition("\n")
    assert Path(first).resolve().is_relative_to(site.resolve()), first
    assert "grabada" in rest.lower() or "grabamos" in rest.lower(), rest
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from tutela.cli.main import main; sys.exit(main(['policy', 'test']))",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    assert " passed, 0 failed" in run.stdout
