"""The OPA back end against a local server speaking OPA's REST API (with real regorus), plus
a real-OPA test when one is available."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tutela.engine import make_engine
from tutela.engine.base import engine_data, load_policies
from tutela.engine.embedded import EmbeddedEngine
from tutela.engine.opa import OpaEngine
from tutela.errors import ConfigError, EngineError, PolicyError

FACTS = [
    {"kind": "sql_statement", "columns": [{"table": "crm.users", "name": "pwd"}]},
    {"kind": "sql_statement", "columns": [{"table": "crm.users", "name": "email"}]},
    {"kind": "sql_statement", "star": True, "exports": [{"country": "US"}]},
    {},
]


def _opa(toy_dir, data, url, **kw) -> OpaEngine:
    return OpaEngine(load_policies([toy_dir], include_builtin=False), data, url=url, **kw)


def test_same_findings_as_embedded(toy_dir, toy_data, opa_server):
    opa = _opa(toy_dir, toy_data, opa_server.url, chunk_size=3)
    embedded = EmbeddedEngine(load_policies([toy_dir], include_builtin=False), toy_data)
    facts = FACTS * 5
    assert opa.evaluate(facts) == embedded.evaluate(facts)
    posts = [r for r in opa_server.requests if r[0] == "POST"]
    assert posts == [("POST", "/v1/data/tutela/main/findings")] * 7  # 20 facts, chunks of 3


def test_push_uploads_modules_and_data(toy_dir, toy_data, opa_server):
    opa_server.state.policies["tutela/user/old/gone.rego"] = "package tutela.gone\n"
    opa_server.state.policies["someone-else.rego"] = "package other\n"
    _opa(toy_dir, toy_data, opa_server.url)
    ids = sorted(opa_server.state.policies)
    assert "tutela/user/old/gone.rego" not in ids  # stale tutela module removed
    assert "someone-else.rego" in ids  # other modules untouched
    assert "tutela/generated/families.rego" in ids
    assert "tutela/user/toy/toy/secret_column.rego" in ids
    assert opa_server.state.data["tutela"]["config"] == {"profile": "strict"}
    assert opa_server.state.data["tutela"]["inventory"]["tables"]["crm.users"]["key"] == (
        "crm.users"
    )
    puts = [p for m, p in opa_server.requests if m == "PUT" and p.startswith("/v1/data")]
    assert puts == ["/v1/data/tutela/inventory", "/v1/data/tutela/config", "/v1/data/user"]


def test_no_push_queries_an_existing_bundle(toy_dir, toy_data, opa_server):
    _opa(toy_dir, toy_data, opa_server.url)
    before = len(opa_server.requests)
    opa = _opa(toy_dir, toy_data, opa_server.url, push=False)
    assert len(opa_server.requests) == before
    assert opa.evaluate(FACTS[:1])[0][0]["id"] == "TOY001"


def test_policy_rejected_by_opa_is_located(tmp_path, opa_server, monkeypatch):
    monkeypatch.chdir(tmp_path)
    bad = tmp_path / "pol" / "fam" / "bad.rego"
    bad.parent.mkdir(parents=True)
    bad.write_text("package tutela.fam\n\ndeny contains 1 if {\n  x := \n}\n", encoding="utf-8")
    with pytest.raises(PolicyError) as err:
        OpaEngine(
            load_policies([Path("pol")], include_builtin=False), engine_data(), url=opa_server.url
        )
    assert str(err.value) == (
        "pol/fam/bad.rego:4:5: OPA rejected the policy: expecting `}` while parsing set"
    )


FAULTS = [
    ({"status": 500}, "POST /v1/data/tutela/main/findings failed: HTTP 500: injected fault"),
    ({"status": 404}, "POST /v1/data/tutela/main/findings failed: HTTP 404: injected fault"),
    (
        {"delay": 1.5},
        "POST /v1/data/tutela/main/findings failed: the server did not answer in time",
    ),
    (
        {"truncate": True},
        "POST /v1/data/tutela/main/findings failed: the response body was cut short",
    ),
    (
        {"invalid_json": True},
        "POST /v1/data/tutela/main/findings failed: the response is not valid JSON",
    ),
    (
        {"drop": True},
        "POST /v1/data/tutela/main/findings failed: the server closed the "
        "connection without answering",
    ),
    (
        {"no_result": True},
        "POST /v1/data/tutela/main/findings returned no result (the decision is undefined)",
    ),
]


@pytest.mark.parametrize(("fault", "expected"), FAULTS, ids=[next(iter(f)) for f, _ in FAULTS])
def test_query_faults_fail_closed(toy_dir, toy_data, opa_server, opa_module, fault, expected):
    # Only the slow-server case needs a short timeout; with it everywhere, pushing the
    # policies on a loaded CI machine could time out first (this test was flaky so).
    opa = _opa(toy_dir, toy_data, opa_server.url, timeout=0.5 if "delay" in fault else 10.0)
    opa_server.faults = opa_module.Faults(**fault, methods=frozenset({"POST"}))
    with pytest.raises(EngineError) as err:
        opa.evaluate(FACTS)
    assert err.value.message == f"OPA server {opa_server.url}: {expected}"


def test_push_faults_fail_closed(toy_dir, toy_data, opa_server, opa_module):
    opa_server.faults = opa_module.Faults(status=503, methods=frozenset({"PUT"}))
    with pytest.raises(EngineError) as err:
        _opa(toy_dir, toy_data, opa_server.url, retries=0)
    assert err.value.message.startswith(f"OPA server {opa_server.url}: PUT /v1/policies/tutela/")
    assert err.value.message.endswith("failed: internal_error: injected fault")


def test_malformed_result_is_engine_error(tmp_path, opa_server):
    fam = tmp_path / "fam"
    fam.mkdir()
    (fam / "r.rego").write_text(
        'package tutela.fam\n\ndeny contains "just text" if true\n', encoding="utf-8"
    )
    opa = OpaEngine(
        load_policies([tmp_path], include_builtin=False), engine_data(), url=opa_server.url
    )
    with pytest.raises(EngineError) as err:
        opa.evaluate([{}])
    assert err.value.message == (
        "policy output is malformed: a deny finding is str, not an object: 'just text'"
    )
    assert err.value.file == f"{opa_server.url}/v1/data/tutela/main/findings"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_connection_refused():
    port = _free_port()
    with pytest.raises(EngineError) as err:
        make_engine("opa", data=engine_data(), opa_url=f"http://127.0.0.1:{port}", timeout=1)
    assert err.value.message.startswith(f"OPA server http://127.0.0.1:{port}: PUT /v1/policies/")
    assert err.value.message.endswith("failed: connection refused (is OPA running?)")


@pytest.mark.parametrize("url", ["localhost:8181", "ftp://x", "http://localhost:8181/v1"])
def test_bad_url(url):
    with pytest.raises(ConfigError):
        make_engine("opa", data=engine_data(), opa_url=url)


@pytest.fixture
def real_opa_url():
    url = os.environ.get("TUTELA_OPA_URL")
    if url:
        yield url
        return
    binary = shutil.which("opa")
    if binary is None:
        pytest.skip("no OPA: neither an `opa` binary on PATH nor TUTELA_OPA_URL is set")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "run", "--server", "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_real_opa_matches_embedded(toy_dir, toy_data, real_opa_url):
    opa = _opa(toy_dir, toy_data, real_opa_url)
    embedded = EmbeddedEngine(load_policies([toy_dir], include_builtin=False), toy_data)
    assert opa.evaluate(FACTS) == embedded.evaluate(FACTS)
