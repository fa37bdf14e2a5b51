"""The console script ``tutela``: a ``--server`` run goes to the warm daemon first.

Kept apart from :mod:`tutela.cli.main` so that a run the daemon serves, or a lint run
replayed from its record, never imports click, the commands or the library: the client
(:mod:`tutela.server.client`) needs only the socket, JSON and the configuration file's
location; a replay (:mod:`tutela.replay`) only ``stat`` and the record. Any other run, or one
no daemon could serve, goes to :func:`tutela.cli.main.main` in this process, with the same
output and exit codes; a lint run that may be replayed later is recorded on the way.
"""

from __future__ import annotations

import sys


def entry() -> None:
    """Console-script entry point (``[project.scripts]`` in pyproject.toml)."""
    argv = sys.argv[1:]
    from tutela.server.flags import wanted

    if wanted(argv):
        from tutela.server.client import forward

        code = forward(argv)
        if code is not None:
            sys.exit(code)
    from tutela import replay

    if not replay.eligible(argv):
        from tutela.cli.main import main

        sys.exit(main(argv))
    name = replay.key(argv)
    record = replay.lookup(name)
    if record is not None:
        sys.exit(replay.replay(record))
    recorder = replay.Recorder(name)
    recorder.start()
    try:
        from tutela.cli.main import main

        code = main(argv)
    finally:
        recorder.stop()
    recorder.save(code)
    sys.exit(code)
