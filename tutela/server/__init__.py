"""The warm server: one long-lived tutela process per repository, reused by hooks and editors.

A commit then pays neither Python's imports nor the engine's build.

Two transports, one executor (:mod:`tutela.server.daemon`):

* **A local socket for the command line.** ``tutela lint --server`` (what the pre-commit
  hooks run) connects to a Unix socket in the repository's cache folder
  (``.tutela_cache/server/``, owner-only: the folder is 0700, the socket 0600 and the
  daemon checks the peer's uid). The first client starts the daemon; it exits after an
  idle timeout. The daemon runs the very same click command in its own process and sends
  back stdout, stderr and the exit code, so output and exit codes are the in-process ones
  by construction. Wire format: :mod:`tutela.server.wire`; client: :mod:`tutela.server.client`.
* **The Language Server Protocol over stdio for editors** (``tutela server lsp``, built on
  pygls): :mod:`tutela.server.lsp`.

Never stale: before every request the executor compares a stat fingerprint of what a
verdict depends on (configuration, inventory, policies, manifests; :mod:`tutela.watch`) with
the one its warm state was built from, and rebuilds what changed; a daemon of other code
than the client's is never asked (the socket's name carries the code's stamp). Fail closed:
a server that answers with an error is exit 2; a server that cannot be reached (not
started, crashed, another version) makes the client lint in-process, with the same output
and exit code.
"""
