"""The pre-commit hook, run by the real pre-commit (``try-repo``) on a temporary git repo.

pre-commit builds the hook's environment by pip-installing this repository, so this test
needs the package registry (it is reachable on developer machines and CI here). It is the
slowest test of the suite (one virtualenv build).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

INVENTORY = REPO / "tests" / "fixtures" / "lint" / "inventory.yaml"


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@e",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@e",
        },
    )


@pytest.mark.slow
def test_try_repo_blocks_bad_sql_and_passes_good(tmp_path: Path) -> None:
    pre_commit = shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    if pre_commit is None:
        pytest.skip("pre-commit is not installed in this environment")
    repo = tmp_path / "warehouse"
    repo.mkdir()
    shutil.copy(INVENTORY, repo / "inventory.yaml")
    (repo / "tutela.toml").write_text(
        'inventory = "inventory.yaml"\ndialect = "snowflake"\n', encoding="utf-8"
    )
    (repo / "models").mkdir()
    good = repo / "models" / "ok.sql"
    bad = repo / "models" / "bad.sql"
    good.write_text(
        "-- tutela: purpose=atencion\nSELECT c.nombre FROM crm.clientes c;\n", encoding="utf-8"
    )
    bad.write_text(
        "-- tutela: purpose=atencion\nSELECT c.cvv FROM pagos.tarjetas c;\n", encoding="utf-8"
    )
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-qm", "init")
    env = {k: v for k, v in os.environ.items() if k != "CI"}  # on CI no daemon is started
    env.update({"PRE_COMMIT_HOME": str(tmp_path / "pc-home"), "NO_COLOR": "1"})
    run = subprocess.run(
        [pre_commit, "try-repo", str(REPO), "tutela-lint", "--all-files", "--verbose"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert "models/bad.sql:2:" in output and "PCI001" in output, output
    assert "models/ok.sql" not in output.split("tutela lint")[-1].replace("models/ok.sql\n", ""), (
        output
    )
    bad.unlink()
    _git(repo, "add", "-A")
    _git(repo, "commit", "-qm", "fix")
    run = subprocess.run(
        [pre_commit, "try-repo", str(REPO), "tutela-lint", "--all-files"],
        cwd=repo,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Passed" in run.stdout
    # The hook ran on the warm server (the hook's own environment started it): stop it.
    from tutela.server.client import request
    from tutela.server.wire import socket_path

    # A long temporary path moves the socket out of the cache folder (see socket_path).
    folders = {
        repo / ".tutela_cache" / "server",
        socket_path(Path("/" + "x" * 99), repo, "").parent,
    }
    ours = [
        sock
        for folder in folders
        for sock in folder.glob("*.sock")
        if (request(sock, {"op": "ping"}) or {}).get("root") == str(repo.resolve())
    ]
    assert ours, folders  # one per hook environment (try-repo builds one per run)
    assert all(request(sock, {"op": "stop"}) == {"stopped": True} for sock in ours)
