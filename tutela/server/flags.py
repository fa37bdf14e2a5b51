"""Does this command line ask for the warm server? Answered without socket or JSON code.

The console script asks on every start, so this module imports nothing beyond :mod:`os`;
the client (:mod:`tutela.server.client`) is imported only when the answer is yes.
"""

from __future__ import annotations

import os

FLAG, NO_FLAG = "--server", "--no-server"
SERVED = {"lint", "shares"}


def wanted(argv: list[str]) -> bool:
    """Whether this command line asks for the server (flag, else ``TUTELA_SERVER``).

    Example:
        >>> wanted(["lint", "models", "--server"]), wanted(["lint", "--no-server"])
        (True, False)
    """
    if not argv or argv[0] not in SERVED:
        return False
    if NO_FLAG in argv:
        return False
    env = os.environ.get("TUTELA_SERVER", "").strip().lower()
    if env in {"0", "false", "no", "off"}:
        return False
    return FLAG in argv or env in {"1", "true", "yes", "on"}
