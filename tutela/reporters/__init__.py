"""Finding reporters shared by ``tutela lint`` and ``tutela shares check``.

One entry point, :func:`render`, turns a :class:`Report` into the text of one format::

    from tutela.reporters import Report, render
    print(render("sarif", Report(findings, files=files, rules=rules)), end="")

Formats (see docs/output-formats.md): ``text`` (default, for people), ``json`` (shape in
``tutela/schemas/findings.schema.json``), ``sarif`` (GitHub code scanning), ``github``
(workflow annotations) and ``junit`` (CI test reports). Every format is deterministic.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Iterator

from tutela.errors import TutelaError
from tutela.reporters.base import FileError, Report, RuleInfo, RuleMeta
from tutela.reporters.text import chunks_text, render_text

# Each machine format is imported when asked for (junit loads xml.etree, sarif the package
# metadata): a text run, the pre-commit default, pays for none of them. Format ``x`` is
# ``render_x`` in ``tutela.reporters.x``, and, for those written in pieces, ``chunks_x``.
_MACHINE_FORMATS = frozenset({"json", "sarif", "github", "junit"})
_STREAMED = frozenset({"json", "sarif"})

#: The values ``--format`` accepts, default first.
FORMATS: tuple[str, ...] = ("text", "json", "sarif", "github", "junit")


def render(fmt: str, report: Report, *, color: bool = False) -> str:
    """Render ``report`` in format ``fmt``; the text ends with a newline.

    Args:
        fmt: one of :data:`FORMATS`.
        report: the findings, files, rules and file errors of one run.
        color: ANSI colour in the ``text`` format (the CLI decides: TTY or ``--color``);
            the other formats ignore it.

    Raises:
        TutelaError: ``fmt`` is not a known format.

    Example:
        >>> print(render("text", Report(files=["a.sql"])), end="")
        All checks passed (1 file).
    """
    if fmt == "text":
        return render_text(report, color=color)
    if fmt in _MACHINE_FORMATS:
        module = importlib.import_module(f"tutela.reporters.{fmt}")
        rendered: str = getattr(module, f"render_{fmt}")(report)
        return rendered
    raise _unknown(fmt)


def render_chunks(fmt: str, report: Report, *, color: bool = False) -> Iterator[str]:
    """:func:`render`'s text in pieces, for writing as they come.

    ``text``, ``json`` and ``sarif`` are made piece by piece (one finding at a time), so a
    large report is never held as one string, nor, for ``json``, as one list of dicts; the
    other formats come whole. ``"".join(render_chunks(...)) == render(...)``.

    Raises:
        TutelaError: ``fmt`` is not a known format (before anything is yielded).
    """
    if fmt == "text":
        return chunks_text(report, color=color)
    if fmt in _STREAMED:
        module = importlib.import_module(f"tutela.reporters.{fmt}")
        chunks: Iterator[str] = getattr(module, f"chunks_{fmt}")(report)
        return chunks
    return iter([render(fmt, report, color=color)])


def _unknown(fmt: str) -> TutelaError:
    close = difflib.get_close_matches(fmt, FORMATS, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"use one of: {', '.join(FORMATS)}"
    return TutelaError(f"unknown output format {fmt!r}", hint=hint)


__all__ = ["FORMATS", "FileError", "Report", "RuleInfo", "RuleMeta", "render", "render_chunks"]
