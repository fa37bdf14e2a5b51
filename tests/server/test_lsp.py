"""The language server, driven as an editor drives it: JSON-RPC over the process's stdio."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.server.conftest import ENTRY

pytest.importorskip("pygls", reason="the language server needs the [lsp] extra (pygls)")

BAD = "-- tutela: purpose=cobranza\nSELECT curp FROM cc_dwh.crm.clientes;\n"
GOOD = "-- tutela: purpose=cobranza\nSELECT numero_deudor FROM cc_dwh.cobranza.deudores;\n"


class Editor:
    """Just enough of an LSP client: framed JSON-RPC on a subprocess's pipes."""

    def __init__(self, cwd: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", ENTRY, "server", "lsp"],
            cwd=cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        self.next_id = 0

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=30)
        for pipe in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            if pipe is not None:
                pipe.close()

    def send(self, method: str, params: Any, *, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            self.next_id += 1
            ident = message["id"] = self.next_id
        body = json.dumps(message).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return ident

    def read(self, timeout: float = 120) -> dict[str, Any]:
        import select

        assert self.proc.stdout is not None
        if not select.select([self.proc.stdout], [], [], timeout)[0]:
            raise AssertionError("the server sent nothing in time")
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise AssertionError(
                    "the server closed stdout: " + self.proc.stderr.read().decode()
                )  # type: ignore[union-attr]
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode().partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.proc.stdout.read(length))

    def wait_for(self, method: str | None = None, ident: int | None = None) -> dict[str, Any]:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            message = self.read()
            if ident is not None and message.get("id") == ident:
                return message
            if method is not None and message.get("method") == method:
                return message
            if message.get("method") == "window/showMessage":
                raise AssertionError(message["params"]["message"])
        raise AssertionError(f"no {method or ident} in time")


@pytest.fixture
def editor(project: Path) -> Any:
    client = Editor(project)
    yield client
    client.close()


def test_initialize_open_change_reload_shutdown(project: Path, editor: Editor) -> None:
    sql = project / "models" / "cobranza" / "probe.sql"
    sql.write_text(BAD)
    uri = sql.as_uri()
    ident = editor.send(
        "initialize",
        {"processId": None, "rootUri": project.as_uri(), "capabilities": {}},
        request=True,
    )
    init = editor.wait_for(ident=ident)
    assert init["result"]["serverInfo"]["name"] == "tutela"
    assert init["result"]["capabilities"]["textDocumentSync"]["change"] == 1  # full text
    editor.send("initialized", {})

    editor.send(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": "sql", "version": 1, "text": BAD}},
    )
    published = editor.wait_for("textDocument/publishDiagnostics")["params"]
    assert published["uri"] == uri
    codes = {d["code"] for d in published["diagnostics"]}
    assert "PUR002" in codes
    pur = next(d for d in published["diagnostics"] if d["code"] == "PUR002")
    assert pur["severity"] == 1 and pur["source"] == "tutela"
    assert pur["range"]["start"] == {"line": 1, "character": 7}  # curp: line 2, col 8
    notes = [r["message"] for r in pur["relatedInformation"]]
    assert any(n.startswith("Legal basis: LFPDPPP 11") for n in notes), notes
    assert any(n.startswith("Fix: ") for n in notes), notes

    # The editor's buffer, not the file on disk, is what is linted.
    editor.send(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": GOOD}]},
    )
    changed = editor.wait_for("textDocument/publishDiagnostics")["params"]
    assert changed["version"] == 2
    assert "PUR002" not in {d["code"] for d in changed["diagnostics"]}

    # Back to the bad text, then the inventory allows nothing personal in curp: the server
    # notices the inventory changed and publishes again without any editor event.
    editor.send(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": BAD}]},
    )
    assert "PUR002" in {
        d["code"]
        for d in editor.wait_for("textDocument/publishDiagnostics")["params"]["diagnostics"]
    }
    inventory = project / "inventory.yaml"
    declared = "- name: curp\n        category: identificacion"
    inventory.write_text(
        inventory.read_text().replace(declared, "- name: curp\n        category: ninguna", 1)
    )
    reloaded = editor.wait_for("textDocument/publishDiagnostics")["params"]
    assert reloaded["uri"] == uri
    assert "PUR002" not in {d["code"] for d in reloaded["diagnostics"]}

    # A broken inventory is an error on line 1, never a clean file.
    inventory.write_text("datasets: [unclosed\n")
    broken = editor.wait_for("textDocument/publishDiagnostics")["params"]["diagnostics"]
    assert len(broken) == 1 and broken[0]["severity"] == 1
    assert "inventory.yaml" in broken[0]["message"]

    ident = editor.send("shutdown", None, request=True)
    assert editor.wait_for(ident=ident)["result"] is None
    editor.send("exit", None)
    assert editor.proc.wait(timeout=30) == 0
