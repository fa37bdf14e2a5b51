"""A progress bar for long lint runs, on a terminal only (rich, the optional ``progress`` extra).

Shown on standard error, never on standard output (the report), and only when all hold:
standard error is a terminal, ``CI`` is not set (CI logs keep every byte of a progress bar),
``TUTELA_NO_PROGRESS`` is not set, rich is installed (``pip install 'tutela[progress]'``), and
the run has lasted :data:`DELAY_SECONDS`: a pre-commit run on a few files shows nothing.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import IO, Any

DELAY_SECONDS = 2.0


def wanted(stream: IO[str] | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """Whether a progress bar may be drawn on ``stream`` (default: standard error).

    Example:
        >>> import io
        >>> wanted(io.StringIO(), {})
        False
    """
    stream = sys.stderr if stream is None else stream
    environ = os.environ if environ is None else environ
    if environ.get("CI") or environ.get("TUTELA_NO_PROGRESS"):
        return False
    if not getattr(stream, "isatty", lambda: False)():
        return False
    return importlib.util.find_spec("rich") is not None


@contextmanager
def progress_bar(
    enabled: bool, *, console: Any = None, delay: float = DELAY_SECONDS
) -> Iterator[Callable[[int, int], None] | None]:
    """Yield a ``(done, total)`` callback that draws the bar, or ``None`` when not ``enabled``.

    The bar appears only once ``delay`` seconds have passed and disappears when the run ends
    (``transient``), so the report below it reads as if it had never been there.
    """
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    bar = Progress(
        "Analysing",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console or Console(stderr=True),
        transient=True,
    )
    start = time.monotonic()
    task: list[Any] = []

    def update(done: int, total: int) -> None:
        if not task:
            if time.monotonic() - start < delay or done >= total:
                return
            bar.start()
            task.append(bar.add_task("lint", total=total))
        bar.update(task[0], completed=done, total=total)

    try:
        yield update
    finally:
        if task:
            bar.stop()
