"""Rendering errors as located InputErrors: the placeholder that decides, its line, the fix."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tutela.errors import InputError

_COMPILE_HINT = (
    "lint the compiled SQL instead: run `dbt compile` and pass the model's file under "
    "target/compiled/ to tutela explicitly (tutela skips dbt's target folder when it walks a "
    "folder), or copy it out of target/"
)


def _relative_to_cwd(path: Path) -> Path:
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _decides_error(exc: Any, path: Path) -> InputError:
    """The error for a placeholder that decides which SQL is rendered (fail closed)."""
    expression = exc.expression
    if exc.kind == "var":
        subject = f"{expression} has no value"
        name = expression[len("var(") : -1]
        hint = f"give {name} a value under `vars:` in dbt_project.yml, or {_COMPILE_HINT}"
    elif exc.kind == "env":
        subject = f"{expression} has no default (tutela does not read the environment)"
        hint = f"give {expression[:-1]}, ...) a default, or {_COMPILE_HINT}"
    elif exc.kind == "introspection":
        subject = f"{expression} asks the warehouse, and tutela cannot answer it offline"
        hint = (
            "declare the relation and its columns in the inventory (datasets), so tutela "
            f"answers from its column lists, or {_COMPILE_HINT}"
        )
    elif exc.kind == "data":
        subject = f"{expression} is read from the warehouse, and tutela cannot read it offline"
        hint = _COMPILE_HINT
    else:
        subject = f"tutela does not know what {expression} is"
        hint = _COMPILE_HINT
    message = (
        f"dbt model cannot be rendered: {subject}; it is {exc.use}, "
        "so its value decides which SQL the model runs"
    )
    return InputError(message, str(path), _template_line(exc), None, hint)


def _template_line(exc: BaseException) -> int | None:
    # Jinja rewrites the traceback so that template frames carry template lines, and the
    # marked template keeps the model's lines: the innermost template frame is the use.
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
