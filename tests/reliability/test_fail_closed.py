"""Fail closed: no path turns "could not analyse" into "clean".

Every command that reads the inventory refuses a hostile or broken one with exit 2 and a
message naming the file; lint refuses unreadable files, broken policies, a failing OPA
server, a dead worker and a crash with a non-zero exit; an interrupted run exits 130. Each
failure is injected for real (real files, a real local OPA-speaking server, real policies);
only the dead worker, the crash and the interrupt are injected by replacing one function.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from .conftest import EXAMPLE_INVENTORY, REPO, lint_args, run_limited

BROKEN_INVENTORIES: dict[str, tuple[bytes | None, str]] = {
    "missing": (None, "inventory.yaml"),
    "python_tag": (
        b"version: !!python/object/apply:os.system ['echo pwned']\n",
        "inventory.yaml:1:10: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ),
    "alias_bomb": (
        b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n".encode()
            for i in range(8)
        ),
        "values (alias bomb?)",
    ),
    "deep_nesting_100": (b"a: " + b"[" * 100 + b"]" * 100 + b"\n", "nesting deeper than 64 levels"),
    "deep_nesting_10000": (
        b"a: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
        "inventory.yaml:1:1003: invalid YAML: exceeded maximum nesting depth",
    ),
    "duplicate_key": (b"version: 1\nversion: 1\n", "inventory.yaml:2:1: duplicate key 'version'"),
    "binary": (bytes(range(256)) * 4, "inventory.yaml"),
    "not_yaml_map": (b"- just\n- a list\n", "inventory.yaml"),
    "directory": (b"", "inventory.yaml"),
}

COMMANDS: dict[str, list[str]] = {
    "validate": ["validate", "inventory.yaml"],
    "notice": ["notice", "-i", "inventory.yaml"],
    "notice_html": ["notice", "-i", "inventory.yaml", "--format", "html"],
    "facts": ["facts", "-i", "inventory.yaml", "q.sql"],
    "lint": ["lint", "-i", "inventory.yaml", "--no-cache", "q.sql"],
    "shares": ["shares", "check", "-i", "inventory.yaml", "--no-cache", "shares"],
    "arco_plan": ["arco", "plan", "-i", "inventory.yaml", "-r", "acceso", "-k", "42"],
    "arco_letter": [
        "arco", "letter", "-i", "inventory.yaml", "-r", "acceso", "--received", "2026-11-02",
    ],
    "retention": ["retention", "plan", "-i", "inventory.yaml", "--as-of", "2026-11-28"],
}  # fmt: skip


def _project(tmp_path: Path, inventory: bytes | None, name: str) -> Path:
    root = tmp_path / "p"
    (root / "shares").mkdir(parents=True)
    shutil.copy(REPO / "examples/contact-center/shares/bpo_cobranza.yaml", root / "shares")
    (root / "q.sql").write_text("SELECT cvv FROM cc_dwh.pagos.legacy_ivr_pagos;\n")
    if name == "directory":
        (root / "inventory.yaml").mkdir()
    elif inventory is not None:
        (root / "inventory.yaml").write_bytes(inventory)
    return root


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("broken", sorted(BROKEN_INVENTORIES))
def test_every_command_refuses_a_broken_inventory(tmp_path, run_cli, command, broken):
    content, message = BROKEN_INVENTORIES[broken]
    root = _project(tmp_path, content, broken)
    code, out, err = run_cli(*COMMANDS[command], cwd=root)
    assert code == 2, (out, err)
    assert "Error: " in err and "inventory.yaml" in err, err
    assert message in err, err
    assert "Internal error" not in err and "Traceback" not in err
    assert out.strip() in ("", "[]"), out  # nothing that could pass for a result
    assert sorted(p.name for p in root.iterdir()) == sorted(
        ["q.sql", "shares"] + (["inventory.yaml"] if content is not None else [])
    )  # and nothing written beside it


# -- lint: files, policies, engines ---------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "p"
    root.mkdir()
    shutil.copy(EXAMPLE_INVENTORY, root / "inventory.yaml")
    (root / "models").mkdir()
    (root / "models" / "ok.sql").write_text("SELECT 1 AS n;\n")
    return root


def _lint(run_cli, root: Path, *args: str) -> tuple[int, str, str]:
    return run_cli(
        "lint", "-i", "inventory.yaml", "--no-cache", "--color", "never", *args, cwd=root
    )


def test_dangling_link_and_pipe_in_a_folder_are_reported(run_cli, project):
    (project / "models" / "gone.sql").symlink_to(project / "nowhere.sql")
    os.mkfifo(project / "models" / "pipe.sql")
    code, out, _ = _lint(run_cli, project, "models")
    assert code == 2
    lines = out.splitlines()
    assert sorted(lines[:-1]) == [
        "  help: give text files only, or exclude this path in the configuration",
        "models/gone.sql: could not analyse: cannot read file: No such file or directory",
        "models/pipe.sql: could not analyse: not a regular file (a pipe, socket or device)",
    ]
    assert lines[-1] == "No findings in 3 files (2 files could not be analysed)."


def test_missing_path_is_exit_2(run_cli, project):
    code, out, err = _lint(run_cli, project, "models/nope.sql")
    assert (code, out) == (2, "")
    assert err.startswith("Error: no such file, folder or glob match: models/nope.sql")


def test_exit_zero_never_hides_an_unreadable_file(run_cli, project):
    (project / "models" / "bin.sql").write_bytes(b"\x00\x01")
    code, out, _ = _lint(run_cli, project, "--exit-zero", "models")
    assert code == 2
    assert "models/bin.sql: could not analyse: file contains NUL bytes" in out


POLICIES = {
    "compile": (
        "package tutela.userfam\n\ndeny contains f if {\n\tf := undefined_var\n}\n",
        "Error: {dir}/userfam/r.rego:4:10: var undefined_var is unsafe",
    ),
    "runtime": (
        'package tutela.userfam\n\ndeny contains {"id": "USR001", "msg": "m", "path": []} if {\n'
        "\tx := 1 / count([])\n\tx > 0\n}\n",
        "Error: {dir}/userfam/r.rego:4:12: divide by zero",
    ),
    "malformed": (
        'package tutela.userfam\n\ndeny contains "just text" if true\n',
        "Error: data.tutela.main.findings: policy output is malformed: a deny finding is str, "
        "not an object: 'just text'",
    ),
}


@pytest.mark.parametrize("kind", sorted(POLICIES))
def test_broken_user_policy_is_exit_2(run_cli, project, kind):
    text, expected = POLICIES[kind]
    (project / "pol" / "userfam").mkdir(parents=True)
    (project / "pol" / "userfam" / "r.rego").write_text(text)
    code, out, err = _lint(run_cli, project, "--policy-dir", "pol", "models")
    assert code == 2, (out, err)
    assert err.startswith(expected.format(dir="pol")), err
    assert out == ""


OPA_FAULTS = {
    "http_500": ({"status": 500}, "failed: HTTP 500: injected fault"),
    "http_404": ({"status": 404}, "failed: HTTP 404: injected fault"),
    "slow": ({"delay": 1.5}, "failed: the server did not answer in time"),
    "truncated": ({"truncate": True}, "failed: the response body was cut short"),
    "invalid_json": ({"invalid_json": True}, "failed: the response is not valid JSON"),
    "dropped": ({"drop": True}, "failed: the server closed the connection without answering"),
    "undefined": ({"no_result": True}, "returned no result (the decision is undefined)"),
}


@pytest.fixture
def opa_server():
    from tests.engine.conftest import _load_server_module

    with _load_server_module().OpaServer() as server:
        yield server


@pytest.mark.parametrize("gate", ["lint", "shares"])
@pytest.mark.parametrize("fault", sorted(OPA_FAULTS))
def test_opa_faults_through_the_cli_are_exit_2(run_cli, project, opa_server, gate, fault):
    from tests.engine.conftest import _load_server_module

    settings, expected = OPA_FAULTS[fault]
    opa_server.faults = _load_server_module().Faults(**settings, methods=frozenset({"POST"}))
    shutil.copytree(REPO / "examples/contact-center/shares", project / "shares")
    args = ["--engine", "opa", "--opa-url", opa_server.url, "--opa-timeout", "0.5"]
    if gate == "lint":
        (project / "models" / "cvv.sql").write_text(
            "SELECT cvv FROM cc_dwh.pagos.legacy_ivr_pagos;\n"
        )
        code, out, err = _lint(run_cli, project, *args, "models")
    else:
        code, out, err = run_cli(
            "shares", "check", "-i", "inventory.yaml", "--no-cache", *args, "shares", cwd=project
        )
    assert code == 2, (out, err)
    assert err.startswith(f"Error: OPA server {opa_server.url}: POST /v1/data/"), err
    assert expected in err
    assert out == ""


def test_opa_connection_refused_is_exit_2(run_cli, project):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    code, out, err = _lint(run_cli, project, "--engine", "opa", "--opa-url", url, "models")
    assert code == 2 and out == ""
    assert err.startswith(f"Error: OPA server {url}: PUT /v1/policies/")
    assert "connection refused (is OPA running?)" in err


def _many_files(project: Path, count: int = 30) -> None:
    for i in range(count):
        (project / "models" / f"m{i:02d}.sql").write_text("SELECT 1 AS n;\n")


def test_a_worker_killed_mid_run_fails_closed(run_cli, project, monkeypatch):
    """A worker that dies (OOM killer, segfault) ends the run with exit 2, never a partial pass."""
    import tutela.lint

    real = tutela.lint._facts_for

    def dies_on_m17(job, path):
        if path.name == "m17.sql":
            os.kill(os.getpid(), signal.SIGKILL)
        return real(job, path)

    monkeypatch.setattr(tutela.lint, "_facts_for", dies_on_m17)
    _many_files(project)
    code, out, err = _lint(run_cli, project, "--jobs", "2", "models")
    assert code == 2, (out, err)
    assert out == ""
    assert err.startswith("Error: a worker process analysing SQL files died")


def test_a_crash_is_exit_3_never_0(run_cli, project, monkeypatch):
    import tutela.lint

    def crash(job, path):
        raise RuntimeError("injected bug")

    monkeypatch.setattr(tutela.lint, "_facts_for", crash)
    code, out, err = _lint(run_cli, project, "--jobs", "1", "models")
    assert code == 3 and out == ""
    assert err.startswith("Internal error: RuntimeError: injected bug\nThis is a bug in tutela.")
    Path(err.split("The traceback is in ")[1].split(";")[0]).unlink()


def test_an_interrupted_run_is_exit_130(run_cli, project, monkeypatch):
    import tutela.lint

    def interrupted(job, path):
        raise KeyboardInterrupt

    monkeypatch.setattr(tutela.lint, "_facts_for", interrupted)
    code, out, err = _lint(run_cli, project, "--jobs", "1", "models")
    assert (code, out, err) == (130, "", "\nInterrupted.\n")


def test_sigint_to_a_real_process_is_exit_130(tmp_path):
    """A real Ctrl-C (SIGINT) on a running lint: exit 130, no report printed."""
    import subprocess

    folder = tmp_path / "m"
    folder.mkdir()
    # Many files under the per-file statement cap, so the run lasts long enough to interrupt.
    # Distinct statements: identical ones would be analysed once and cached.
    for n in range(10):
        big = "".join(
            f"SELECT mes FROM cc_dwh.marts.calidad_colas_mensual WHERE mes > {n * 4_000 + i};\n"
            for i in range(4_000)
        )
        (folder / f"big{n}.sql").write_text(big)
    code = "import sys; from tutela.cli.main import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", code, *lint_args("m")],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        # A suite started from a background shell inherits SIGINT ignored; Python then keeps
        # it ignored. Give the child the default disposition, as a terminal would.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    import time

    time.sleep(3)  # let it start analysing (not an assertion on time)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, (out, err)
    assert out == b""
    assert err.decode().strip().endswith("Interrupted.")


def test_resource_exhaustion_is_never_exit_0(tmp_path):
    """Out of memory: killed or exit 2/3, never a pass (the cap is far below what lint needs)."""
    (tmp_path / "q.sql").write_text("SELECT cvv FROM cc_dwh.pagos.legacy_ivr_pagos;\n")
    result = run_limited(lint_args("q.sql"), tmp_path, as_bytes=100 * 1024 * 1024)
    assert result.code not in (0, 1), result.output


DBT_PROJECT = "name: hostil\nversion: '1.0'\nprofile: x\nmodel-paths: ['models']\n"
DBT_MODELS = {
    "nested_if": "{% if true %}" * 10_000 + "SELECT 1" + "{% endif %}" * 10_000 + "\n",
    "nested_expr": "SELECT {{ " + "(" * 10_000 + "1" + ")" * 10_000 + " }}\n",
    "nested_sql": "SELECT " + "(" * 10_000 + "{{ var('x', 1) }}" + ")" * 10_000 + "\n",
    "syntax": "SELECT {{ ref('a' }}\n",
    "ref_loop": "{{ config(materialized='ephemeral') }}SELECT * FROM {{ ref('ref_loop') }}\n",
}


@pytest.mark.parametrize("model", sorted(DBT_MODELS))
def test_hostile_dbt_models_are_bounded_and_reported(tmp_path, model):
    root = tmp_path / "dbt"
    (root / "models").mkdir(parents=True)
    (root / "dbt_project.yml").write_text(DBT_PROJECT)
    (root / "models" / f"{model}.sql").write_text(DBT_MODELS[model])
    result = run_limited(lint_args(f"models/{model}.sql"), root)
    # A self-referencing ephemeral model is inlined 5 levels deep, then read as a table.
    assert result.code in ((0,) if model == "ref_loop" else (1, 2)), result.output
    assert f"models/{model}.sql" in result.output
    assert "Internal error" not in result.output and "Traceback" not in result.output
    if result.code == 1:
        assert "SQL001" in result.output


SLOW_POLICY = """package tutela.userslow

deny contains {"id": "USR001", "msg": "never", "path": []} if {
	some x in numbers.range(1, 100000)
	some y in numbers.range(1, 100000)
	x + y == -1
}
"""


def test_a_runaway_policy_is_stopped_by_the_cpu_limit_never_passed(tmp_path):
    """Rego always terminates, but a policy can be slow beyond any budget: the embedded engine
    has no timeout of its own, so the CPU limit kills the run (a signal, never exit 0)."""
    (tmp_path / "pol" / "userslow").mkdir(parents=True)
    (tmp_path / "pol" / "userslow" / "slow.rego").write_text(SLOW_POLICY)
    (tmp_path / "q.sql").write_text("SELECT 1 AS n;\n")
    result = run_limited([*lint_args("q.sql"), "--policy-dir", "pol"], tmp_path, cpu_seconds=5)
    assert result.code in (-signal.SIGXCPU, -signal.SIGKILL), result
