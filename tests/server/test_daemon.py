"""The warm daemon: same output and exit codes as in-process, reload on change, fail closed."""

from __future__ import annotations

import socket
import stat
from pathlib import Path

from tests.server.conftest import tutela
from tutela.server.client import locate, request
from tutela.server.wire import send

BAD = "SELECT telefono FROM cc_dwh.crm.clientes;\n"  # no purpose pragma: PUR007


def _pid(root: Path) -> int | None:
    path, _ = locate(root)
    reply = request(path, {"op": "ping"})
    return reply["pid"] if reply else None


def test_server_output_and_exit_code_are_the_in_process_ones(project: Path) -> None:
    direct = tutela(project, "lint", "models", "dbt/models")
    first = tutela(project, "lint", "models", "dbt/models", "--server")
    pid = _pid(project)
    second = tutela(project, "lint", "models", "dbt/models", "--server")
    assert direct.returncode == 1  # the example has findings
    assert (first.returncode, first.stdout, first.stderr) == (1, direct.stdout, direct.stderr)
    assert (second.returncode, second.stdout, second.stderr) == (1, direct.stdout, direct.stderr)
    assert pid is not None and _pid(project) == pid  # the second run reused the daemon
    for fmt in ("json", "sarif"):
        one = tutela(project, "lint", "models", "--format", fmt, "--today", "2026-12-01")
        two = tutela(
            project, "lint", "models", "--format", fmt, "--today", "2026-12-01", "--server"
        )
        assert (two.returncode, two.stdout) == (one.returncode, one.stdout)


def test_shares_check_and_stdin_go_through_the_server(project: Path) -> None:
    direct = tutela(project, "shares", "check", "shares")
    served = tutela(project, "shares", "check", "shares", "--server")
    assert (served.returncode, served.stdout) == (direct.returncode, direct.stdout)
    one = tutela(project, "lint", "--stdin-filename", "q.sql", stdin=BAD)
    two = tutela(project, "lint", "--stdin-filename", "q.sql", "--server", stdin=BAD)
    assert one.returncode == 1 and "PUR007" in one.stdout
    assert (two.returncode, two.stdout) == (one.returncode, one.stdout)
    assert _pid(project) is not None


def test_usage_and_input_errors_keep_exit_2(project: Path) -> None:
    missing = tutela(project, "lint", "no-such-folder", "--server")
    assert missing.returncode == tutela(project, "lint", "no-such-folder").returncode == 2
    (project / "inventory.yaml").write_text("not: [an inventory\n")
    broken = tutela(project, "lint", "models", "--server")
    assert broken.returncode == 2
    assert "inventory.yaml" in broken.stderr


def test_edits_to_inventory_config_policies_and_manifests_change_the_verdict(project: Path) -> None:
    """After each edit the served verdict changes and equals a fresh in-process run's."""
    (project / "models" / "probe.sql").write_text(
        "-- tutela: purpose=cobranza\nSELECT curp FROM cc_dwh.crm.clientes;\n"
    )
    args = ["lint", "models/probe.sql", "--policy-dir", "extra-policies"]
    policies = project / "extra-policies" / "userprobe"
    policies.mkdir(parents=True)
    (policies / "probe.rego").write_text(PROBE_POLICY)
    seen = [tutela(project, *args, "--server").stdout]
    assert "PUR002" in seen[0] and "USR900" in seen[0]
    pid = _pid(project)

    def check(edit: str) -> None:
        served = tutela(project, *args, "--server")
        direct = tutela(project, *args)
        assert (served.returncode, served.stdout) == (direct.returncode, direct.stdout), edit
        assert served.returncode in (0, 1), served.stderr
        assert served.stdout != seen[-1], f"{edit}: the verdict did not change"
        seen.append(served.stdout)

    inventory = project / "inventory.yaml"
    declared = "- name: curp\n        category: identificacion"
    inventory.write_text(
        inventory.read_text().replace(declared, "- name: curp\n        category: ninguna", 1)
    )
    check("inventory")
    config = project / "tutela.toml"
    config.write_text(config.read_text() + '\n[severity]\nUSR900 = "warning"\n')
    check("config")
    (policies / "probe.rego").write_text(PROBE_POLICY.replace("if true", "if false"))
    check("policy")
    assert _pid(project) == pid  # one daemon saw every edit
    manifest = sorted((project / "shares").glob("*.yaml"))[0]
    name = str(manifest.relative_to(project))
    before = tutela(project, "shares", "check", name, "--server", "--policy-dir", "extra-policies")
    manifest.write_text(manifest.read_text() + "\nthis is: [not yaml\n")
    after = tutela(project, "shares", "check", name, "--server", "--policy-dir", "extra-policies")
    assert before.returncode in (0, 1) and after.returncode == 2


PROBE_POLICY = """package tutela.userprobe

# METADATA
# title: Probe
# description: A user rule that flags every statement (the server must see it change).
# custom:
#   id: USR900
#   name: probe
#   severity: error
#   legal_basis:
#     - {instrument: LFPDPPP, article: "6"}
#   recommended_action: Nothing; a test rule.
deny contains {"id": "USR900", "msg": "probe", "path": []} if true
"""


def test_socket_is_owner_only_and_a_stale_daemon_is_replaced(project: Path) -> None:
    tutela(project, "server", "start")
    path, _ = locate(project)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    pid = _pid(project)
    # A client of other code (another stamp) makes the old daemon exit; the next client
    # starts a fresh one and still gets the in-process answer.
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.connect(str(path))
        send(conn, {"op": "run", "argv": ["lint"], "cwd": str(project), "stamp": "other"})
    served = tutela(project, "lint", "models", "--server")
    assert served.returncode == tutela(project, "lint", "models").returncode
    new = _pid(project)
    assert new is not None and new != pid


def test_a_server_error_is_exit_2_never_a_pass(project: Path) -> None:
    """A daemon that answers with an error: exit 2 (a fake server at the socket path)."""
    import threading

    from tutela.server.wire import private_folder, receive

    path, _ = locate(project)
    assert private_folder(path.parent)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)

    def answer() -> None:
        conn, _ = listener.accept()
        with conn:
            receive(conn)
            send(conn, {"error": "boom"})

    thread = threading.Thread(target=answer)
    thread.start()
    served = tutela(project, "lint", "models", "--server")
    thread.join(30)
    listener.close()
    path.unlink()
    assert served.returncode == 2
    assert "tutela server failed: boom" in served.stderr


def test_no_server_and_env_turn_it_off(project: Path) -> None:
    off = tutela(project, "lint", "models", "--server", env={"TUTELA_SERVER": "0"})
    assert off.returncode == 1 and _pid(project) is None
    on_ci = tutela(project, "lint", "models", "--server", env={"CI": "true"})
    assert on_ci.returncode == 1 and _pid(project) is None  # CI never starts a daemon
    status = tutela(project, "server", "status")
    assert status.returncode == 1 and "no tutela server" in status.stdout


def test_a_daemon_too_slow_to_start_is_not_left_behind(project: Path, monkeypatch) -> None:
    """The client gives up on a daemon that does not come up in time, and kills it."""
    import time

    import tutela.server.client as client

    monkeypatch.setattr(client, "START_TIMEOUT", 0.0)
    path, root = locate(project)
    assert client.start(path, root) is None
    time.sleep(1.0)  # long enough for a surviving daemon to bind its socket
    assert request(path, {"op": "ping"}) is None
    assert _pid(project) is None
