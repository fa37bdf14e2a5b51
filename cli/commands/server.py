"""``tutela server``: the warm process that pre-commit hooks and editors reuse."""

from __future__ import annotations

from pathlib import Path

import click

from tutela.cli.options import config_option
from tutela.server.wire import DEFAULT_IDLE_TIMEOUT


def _where(config_path: Path | None) -> tuple[Path, Path]:
    from tutela.server.client import locate

    start = config_path.parent if config_path else Path.cwd()
    return locate(start)


@click.group("server")
def server() -> None:
    """The warm server (one per repository).

    `tutela lint --server` and `tutela shares check --server` (what the pre-commit hooks
    run) hand the run to it over a Unix socket in the cache folder, starting it on first
    use; it exits after an idle timeout. Editors connect with `tutela server lsp`
    (Language Server Protocol over stdio). Output and exit codes are those of an
    in-process run; when no server can answer, the run happens in-process.
    """


@server.command("start")
@click.option(
    "--idle-timeout",
    type=click.FloatRange(min=1),
    default=DEFAULT_IDLE_TIMEOUT,
    show_default=True,
    help="Seconds without a request before the server exits.",
)
@config_option
def start(idle_timeout: float, config_path: Path | None) -> int:
    """Start the server for this repository in the background (no-op if running)."""
    from tutela.errors import TutelaError
    from tutela.server.client import request
    from tutela.server.client import start as spawn

    path, root = _where(config_path)
    reply = request(path, {"op": "ping"})
    if reply is None:
        conn = spawn(path, root, idle_timeout)
        if conn is None:
            raise TutelaError(f"the server did not start; see {path.parent / 'server.log'}")
        conn.close()
        reply = request(path, {"op": "ping"})
    click.echo(f"tutela server running (pid {reply['pid'] if reply else '?'}) on {path}")
    return 0


@server.command("stop")
@config_option
def stop(config_path: Path | None) -> int:
    """Stop this repository's server (no-op if none runs)."""
    from tutela.server.client import request

    path, _ = _where(config_path)
    reply = request(path, {"op": "stop"})
    click.echo("tutela server stopped" if reply else "no tutela server was running")
    return 0


@server.command("status")
@config_option
def status(config_path: Path | None) -> int:
    """Say whether this repository's server runs (exit 0) or not (exit 1)."""
    from tutela.server.client import request

    path, _ = _where(config_path)
    reply = request(path, {"op": "ping"})
    if reply is None:
        click.echo(f"no tutela server on {path}")
        return 1
    click.echo(f"tutela server running (pid {reply['pid']}) on {path}")
    return 0


@server.command("lsp")
def lsp() -> int:
    """Speak the Language Server Protocol on stdin/stdout (for editors; needs tutela[lsp])."""
    try:
        from tutela.server.lsp import serve_stdio
    except ImportError as exc:
        from tutela.errors import TutelaError

        raise TutelaError(
            f"the language server needs pygls ({exc.name} is not installed)",
            hint="pip install 'tutela[lsp]'",
        ) from None
    serve_stdio()
    return 0
