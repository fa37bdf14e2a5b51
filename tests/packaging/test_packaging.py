"""The distribution: one import package `tutela`, with cli/ and generators/ mapped under it
and the policies and templates shipped as data (DESIGN.md, STYLE.md 7.7).

The wheel is built for real (``python -m build``, which fetches setuptools from the package
index into an isolated environment) and then imported from its unpacked files.
"""

from __future__ import annotations

import os
import re
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


# What setuptools prints when the project's own configuration is at fault: its warning classes
# (SetuptoolsDeprecationWarning, InformationOnly; BuildBackendWarning when relayed by a
# frontend), `python -m build`'s "WARNING <text>" lines and distutils' "warning: <text>". pip's
# own "WARNING: ..." lines (about the machine's index configuration) are not the project's.
# Byte-compiling notes come from the environment (PYTHONDONTWRITEBYTECODE), which the build
# below does not inherit.
_WARNING = re.compile(r"(Warning|InformationOnly)\b|^\s*(warning:|WARNING\s)", re.MULTILINE)


def _build_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONWARNINGS"] = "default"  # what a user's terminal shows, never less
    return env


def _assert_quiet(output: str) -> None:
    lines = [line for line in output.splitlines() if _WARNING.search(line)]
    assert not lines, "the build warns:\n" + "\n".join(lines) + "\n\n" + output[-4000:]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    run = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
        env=_build_env(),
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    _assert_quiet(run.stdout + run.stderr)
    wheels = list(out.glob("tutela-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def test_wheel_build_prints_no_setuptools_warning(wheel: Path) -> None:
    # The fixture asserts it (license as an SPDX string with license-files; every folder under
    # the mapped roots listed as a package by setup.py, none "absent from the packages
    # configuration"). This test names the outcome.
    assert wheel.name.startswith("tutela-")


_EDITABLE = """
import sys
from build import ProjectBuilder
from build.env import DefaultIsolatedEnv

with DefaultIsolatedEnv() as env:
    builder = ProjectBuilder.from_isolated_env(env, sys.argv[1])
    env.install(builder.build_system_requires)
    env.install(builder.get_requires_for_build("editable"))
    print(builder.build("editable", sys.argv[2]))
"""


def test_editable_build_prints_no_setuptools_warning(tmp_path: Path) -> None:
    # What `make setup` (pip install -e .) runs, through the same PEP 660 hook pip calls.
    run = subprocess.run(
        [sys.executable, "-c", _EDITABLE, str(REPO), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
        env=_build_env(),
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    _assert_quiet(run.stdout + run.stderr)
    built = list(tmp_path.glob("tutela-*.whl"))
    assert len(built) == 1, built
    names = set(zipfile.ZipFile(built[0]).namelist())
    assert any(n.endswith(".pth") for n in names), names


def test_every_folder_under_a_mapped_root_is_a_package(wheel: Path) -> None:
    # Automatic discovery: a data-only folder (policies/pci, notices/arco) and any new
    # subpackage install under its mapped name with no edit to the packaging.
    names = set(zipfile.ZipFile(wheel).namelist())
    folders = {n.rsplit("/", 1)[0] for n in names if "/" in n}
    for root, target in (
        ("tutela", "tutela"),
        ("cli", "tutela/cli"),
        ("generators", "tutela/generators"),
        ("policies", "tutela/policies"),
        ("notices", "tutela/notices"),
    ):
        for sub in (REPO / root).rglob("*"):
            rel = sub.relative_to(REPO / root)
            if not sub.is_dir() or any(p == "__pycache__" or p.startswith(".") for p in rel.parts):
                continue
            if any(f.is_file() for f in sub.rglob("*") if "__pycache__" not in f.parts):
                assert f"{target}/{rel.as_posix()}" in folders, rel


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
