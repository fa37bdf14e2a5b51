"""Errors that tutela reports to users.

Every error a user can fix is a :class:`TutelaError`: it says *what* went wrong,
*where* (file, line, column, key path) and *how to fix it*. The CLI prints it as
``file:line:col: message`` plus a ``help:`` line and exits 2 (STYLE.md 7.5).
Anything else escaping to the CLI is a bug and exits 3.

::

    TutelaError                 could not run (exit 2)
    ├── InputError              a file the user gave is unreadable or malformed
    │   ├── YAMLError           YAML that tutela refuses to load (tags, bombs, duplicates)
    │   └── SQLInputError       SQL that cannot be read (encoding, size)
    ├── InventoryError          the inventory fails its schema or cross-references
    ├── ManifestError           a sharing manifest fails its schema
    ├── ConfigError             tutela.toml / [tool.tutela] is wrong
    ├── PolicyError             a policy fails to load or compile
    └── EngineError             the policy engine failed while evaluating (fail closed)
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One located problem inside a file (an inventory may have many).

    ``path`` is the key path into the document, e.g. ``("datasets", 0, "columns", 2)``.
    """

    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    path: tuple[str | int, ...] = ()
    hint: str | None = None

    def render(self) -> str:
        """Return ``file:line:col: dotted.path: message``."""
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        dotted = dotted_path(self.path)
        prefix = f"{dotted}: " if dotted else ""
        return f"{where}{prefix}{self.message}"


def dotted_path(path: tuple[str | int, ...]) -> str:
    """Render a key path the way users read it.

    Example:
        >>> dotted_path(("datasets", 0, "columns", 2, "category"))
        'datasets[0].columns[2].category'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class TutelaError(Exception):
    """An error the user can fix; the CLI exits 2."""

    message: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    hint: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.render()

    def render(self) -> str:
        """Return the full message: the headline, each problem, and the hint."""
        head = Problem(self.message, self.file, self.line, self.col).render()
        lines = [head]
        for problem in self.problems:
            lines.append("  " + problem.render())
            if problem.hint:
                lines.append("    help: " + problem.hint)
        if self.hint:
            lines.append("  help: " + self.hint)
        return "\n".join(lines)


class InputError(TutelaError):
    """A file the user gave cannot be read or is malformed."""


class YAMLError(InputError):
    """YAML that tutela refuses to load."""


class SQLInputError(InputError):
    """SQL text that cannot be read at all (not a parse error: those become facts)."""


class InventoryError(TutelaError):
    """The inventory fails its schema or its cross-references."""


class ManifestError(TutelaError):
    """A data-sharing manifest fails its schema or its cross-references."""


class ConfigError(TutelaError):
    """The tutela configuration is invalid."""


class PolicyError(TutelaError):
    """A Rego policy fails to load, parse or compile."""


class EngineError(TutelaError):
    """The policy engine failed; the gate fails closed."""


class EvaluationError(EngineError):
    """A rule failed at run time on the facts it was judging (a Rego evaluation error).

    Unlike other engine errors it belongs to the facts, not to the engine: the gate judges the
    batch again in parts so that only the facts that cause it go unjudged (each one an error,
    exit 2) and every other fact keeps its verdict (:func:`tutela.gate.judge`).
    """
