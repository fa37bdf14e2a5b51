"""The Language Server Protocol for editors, over stdio (``tutela server lsp``; pygls).

Each open SQL document is linted from the editor's buffer exactly as
``tutela lint --format json --stdin-filename FILE`` would lint it from the file's folder
(so the configuration, inventory and policies found upwards from the file apply), in
this process, which stays warm for the editor's session. Findings become diagnostics:
the rule code, severity, the message, and as related information the legal basis and
the fix (from ``tutela rules``). A run that cannot be done (exit 2: a bad inventory, a
policy error) is shown as one error diagnostic on line 1 with tutela's message, never as
a clean file.

Reload: once a second the server compares the modification stamps of what the open
documents' verdicts depend on (the configuration file, the inventory, policy folders,
data files and manifests it names); when one changed, every open document is linted
again. A lint itself always reads its inputs afresh, so no verdict is stale.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from tutela import __version__
from tutela.server.daemon import run_cli, warm

SEVERITY = {
    "error": lsp.DiagnosticSeverity.Error,
    "warning": lsp.DiagnosticSeverity.Warning,
    "info": lsp.DiagnosticSeverity.Information,
}
WATCH_SECONDS = 1.0


class TutelaLanguageServer(LanguageServer):
    """pygls' server plus the rules' metadata and the inputs' stamps per folder."""

    def __init__(self) -> None:
        super().__init__(
            "tutela", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full
        )
        self.rules: dict[str, dict[str, dict[str, Any]]] = {}  # folder -> code -> rule
        self.stamps: dict[str, tuple[Any, ...]] = {}  # folder -> stamp of its inputs
        self.watcher: asyncio.Future[None] | None = None

    def rules_for(self, folder: str) -> dict[str, dict[str, Any]]:
        """``tutela rules --format json`` as seen from ``folder`` (cached per inputs stamp)."""
        if folder not in self.rules:
            reply = run_cli(["rules", "--format", "json"], folder, None)
            rules = json.loads(reply["stdout"]) if reply["code"] == 0 else []
            self.rules[folder] = {r["id"]: r for r in rules}
        return self.rules[folder]

    def inputs_stamp(self, folder: str) -> tuple[Any, ...]:
        """Modification stamps of the configuration and everything it names."""
        from tutela.config import find_config, load_config

        try:
            file = find_config(Path(folder))
            config = load_config(file, start=Path(folder))
        except Exception as exc:  # a broken config: stable until the error changes
            return ("broken", str(exc))
        inventory = config.inventory or Path(folder) / "inventory.yaml"
        paths = [
            p
            for p in (file, inventory, *config.policy_dirs, *config.data_files, *config.shares)
            if p
        ]
        stamp: list[Any] = []
        for path in paths:
            stamp.append(_tree_stamp(Path(path)))
        return tuple(stamp)


def _tree_stamp(path: Path) -> tuple[Any, ...]:
    try:
        if path.is_dir():
            return tuple(
                (str(p), p.stat().st_mtime_ns, p.stat().st_size)
                for p in sorted(path.rglob("*"))
                if p.is_file()
            )
        info = path.stat()
        return (str(path), info.st_mtime_ns, info.st_size)
    except OSError:
        return (str(path), None)


def diagnostics(
    reply: dict[str, Any], rules: dict[str, dict[str, Any]], text: str
) -> list[lsp.Diagnostic]:
    """The editor's diagnostics for one lint run (see the module docstring)."""
    lines = text.splitlines() or [""]

    def span(line: int | None, col: int | None) -> lsp.Range:
        row = max((line or 1) - 1, 0)
        start = max((col or 1) - 1, 0)
        end = len(lines[row]) if row < len(lines) else start + 1
        return lsp.Range(lsp.Position(row, start), lsp.Position(row, max(end, start + 1)))

    if reply["code"] not in (0, 1):
        message = (reply["stderr"] or reply["stdout"]).strip() or f"tutela exited {reply['code']}"
        return [_diagnostic(span(1, 1), message, "error", "tutela")]
    report = json.loads(reply["stdout"])
    out: list[lsp.Diagnostic] = []
    for error in report.get("errors", []):
        message = error.get("message") or "could not be analysed"
        if error.get("hint"):
            message += f" (help: {error['hint']})"
        out.append(
            _diagnostic(span(error.get("line"), error.get("col")), message, "error", "SQL001")
        )
    for finding in report.get("findings", []):
        if finding.get("suppressed"):
            continue
        where = finding.get("location", {})
        rng = span(where.get("line"), where.get("col"))
        rule = rules.get(finding["id"], {})
        related = []
        basis = "; ".join(
            " ".join(str(b[k]) for k in ("instrument", "article", "fraction") if b.get(k))
            for b in finding.get("legal_basis", [])
        )
        if basis:
            related.append(f"Legal basis: {basis}")
        if rule.get("recommended_action"):
            related.append(f"Fix: {rule['recommended_action']}")
        out.append(
            _diagnostic(
                rng,
                finding["msg"],
                finding.get("severity", "error"),
                finding["id"],
                related=related,
                data={"name": finding.get("name"), "legal_basis": finding.get("legal_basis")},
            )
        )
    return out


def _diagnostic(
    rng: lsp.Range,
    message: str,
    severity: str,
    code: str,
    related: list[str] | None = None,
    data: dict[str, Any] | None = None,
) -> lsp.Diagnostic:
    # The related notes point at the finding itself; ``publish`` fills in the document URI.
    notes = [lsp.DiagnosticRelatedInformation(lsp.Location("", rng), n) for n in related or []]
    return lsp.Diagnostic(
        range=rng,
        message=message,
        severity=SEVERITY.get(severity, lsp.DiagnosticSeverity.Error),
        code=code,
        source="tutela",
        related_information=notes or None,
        data=data,
    )


def build() -> TutelaLanguageServer:
    """The server with its handlers registered."""
    server = TutelaLanguageServer()

    def publish(uri: str) -> None:
        document = server.workspace.get_text_document(uri)
        path = to_fs_path(uri)
        if path is None:
            return
        folder = str(Path(path).parent)
        server.stamps.setdefault(folder, server.inputs_stamp(folder))
        reply = run_cli(
            ["lint", "--format", "json", "--no-server", "--stdin-filename", Path(path).name],
            folder,
            document.source,
        )
        found = diagnostics(reply, server.rules_for(folder), document.source)
        for item in found:
            for note in item.related_information or []:
                note.location.uri = uri
        server.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=document.version)
        )

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: TutelaLanguageServer, params: lsp.DidOpenTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: TutelaLanguageServer, params: lsp.DidChangeTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: TutelaLanguageServer, params: lsp.DidSaveTextDocumentParams) -> None:
        publish(params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: TutelaLanguageServer, params: lsp.DidCloseTextDocumentParams) -> None:
        server.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[])
        )

    @server.feature(lsp.INITIALIZED)
    async def initialized(ls: TutelaLanguageServer, params: lsp.InitializedParams) -> None:
        server.watcher = asyncio.ensure_future(watch())

    async def watch() -> None:
        while True:
            await asyncio.sleep(WATCH_SECONDS)
            changed = [f for f, old in server.stamps.items() if server.inputs_stamp(f) != old]
            if not changed:
                continue
            for folder in changed:
                server.stamps.pop(folder, None)
                server.rules.pop(folder, None)
            for uri in list(server.workspace.text_documents):
                publish(uri)

    return server


def serve_stdio() -> None:
    """Run the language server on stdin/stdout until the editor says exit."""
    warm()
    build().start_io()
