"""Files -> facts: the entry point the commands use.

Resolves, for each SQL file, its dialect (pragma > config glob > config default >
``--dialect`` > ``ansi``) and its purpose (pragma > dbt ``meta`` > config glob), renders
dbt models, and checks that every declared purpose exists in the inventory.
"""

from __future__ import annotations

import difflib
import glob as globlib
import os
import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from tutela.config import Config
from tutela.errors import InputError, SQLInputError
from tutela.sql.catalog import Catalog
from tutela.sql.dbt import DbtProject, find_dbt_project
from tutela.sql.dialects import dialect_object
from tutela.sql.source import decode_sql, normalize_newlines
from tutela.textfile import ENCODING_NAMES, LineIndex, guess_warning, read_bytes, read_str

DEFAULT_DIALECT = "ansi"
GUESSED_ENCODINGS = frozenset(ENCODING_NAMES)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
SQL_SUFFIXES = (".sql",)


def expand_paths(
    paths: Iterable[str], config: Config, skipped: dict[str, str] | None = None
) -> list[Path]:
    """Files, folders (recursively, ``*.sql``) and globs -> sorted unique SQL files.

    Args:
        paths: what the user named.
        config: for ``exclude``.
        skipped: when given, filled with the SQL files left out and why: ``excluded`` (the
            configuration's ``exclude``) or ``dbt target`` (dbt's compiled copies, found
            while walking a folder); the summary line counts them.

    Raises:
        InputError: when a path or glob matches nothing.
    """
    found: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            matches = []
            for p in _files_below(path, config.cache_folder):
                if p.suffix.lower() not in SQL_SUFFIXES:
                    continue  # a dangling link or a pipe is reported, never skipped
                if _in_dbt_target(p):
                    if skipped is not None:
                        skipped.setdefault(str(p), "dbt target")
                    continue
                matches.append(p)
        elif path.exists():
            matches = [path]
        else:
            matches = [
                Path(p)
                for p in sorted(globlib.glob(raw, recursive=True))  # noqa: PTH207 - str globs
                if Path(p).is_file()
            ]
            if not matches:
                raise InputError(
                    f"no such file, folder or glob match: {raw}",
                    hint="check the path; globs are expanded by tutela too",
                )
        for match in matches:
            if not config.excluded(match):
                found.setdefault(str(match), match)
            elif skipped is not None:
                skipped.setdefault(str(match), "excluded")
    return [found[k] for k in sorted(found)]


def _files_below(folder: Path, cache: Path) -> list[Path]:
    """Every entry below ``folder`` that is not a folder, sorted.

    Links to folders are not followed (as ``Path.rglob``), and tutela's own cache folder is
    not entered: its entries are never SQL, and listing them would make every run depend on
    them.
    """
    skip = os.path.abspath(cache)  # noqa: PTH100
    found = []
    for base, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if os.path.abspath(os.path.join(base, d)) != skip]  # noqa: PTH100, PTH118
        found += [Path(base, name) for name in names]
    return sorted(found)


def read_sql_bytes(path: Path, name: str) -> bytes:
    """Read a SQL file with the one reader (:func:`tutela.textfile.read_bytes`).

    Raises:
        SQLInputError: the file is missing, unreadable, oversize, or a pipe, socket or device.
    """
    return read_bytes(path, name, what="file", error=SQLInputError)


def encoding_warnings(facts: Iterable[dict[str, Any]]) -> list[str]:
    """One warning per file whose encoding was a guess (Windows-1252/Latin-1), in file order."""
    seen: dict[str, str] = {}
    for fact in facts:
        if fact.get("encoding") in GUESSED_ENCODINGS:
            seen.setdefault(str(fact.get("file")), str(fact["encoding"]))
    return [guess_warning(file, encoding) for file, encoding in seen.items()]


def check_guessed_encoding(text: str, encoding: str, dialect: str, name: str) -> None:
    """Refuse a guessed decoding that could change what a statement reads.

    A file that is not UTF-8 is read as Windows-1252 by guess (:mod:`tutela.textfile`). That
    guess may only decide the content of string literals and comments: a non-ASCII character
    anywhere else (an identifier, a quoted name, a Word "curly quote" where SQL wants ``'``)
    would make the statement read a different name under another guess, so the file is refused.

    Raises:
        SQLInputError: a non-ASCII character outside string literals and comments, or text
            the dialect's tokenizer cannot split (the guess cannot be checked).

    Example:
        >>> check_guessed_encoding("select 'año' -- ñ", "cp1252", "ansi", "a.sql")
        >>> try:
        ...     check_guessed_encoding("select “nombre” from t", "cp1252", "ansi", "a.sql")
        ... except SQLInputError as exc:
        ...     print(exc.line, exc.col, "U+201C" in exc.message)
        1 8 True
    """
    positions = [m.start() for m in _NON_ASCII.finditer(text)]
    if not positions:
        return
    encoding_name = ENCODING_NAMES.get(encoding, encoding)
    hint = "save the file as UTF-8; typographic quotes (U+2018/2019/201C/201D) are not SQL "
    hint += "quotes: use ' and \""
    try:
        tokens = dialect_object(dialect).tokenize(text)
    except Exception:
        line, col = LineIndex(text).position(positions[0])
        raise SQLInputError(
            f"file is not UTF-8 and was read as {encoding_name} by guess, and its text cannot "
            "be split into tokens to check that the guess only touches literals and comments",
            name,
            line,
            col,
            hint=hint,
        ) from None
    starts = [t.start for t in tokens]
    for offset in positions:
        at = bisect_right(starts, offset) - 1
        if at < 0 or offset > tokens[at].end:
            continue  # between tokens: whitespace or a comment
        if tokens[at].token_type.name.endswith("STRING"):
            continue
        line, col = LineIndex(text).position(offset)
        char = text[offset]
        raise SQLInputError(
            f"file is not UTF-8 and was read as {encoding_name} by guess, but {char!r} "
            f"(U+{ord(char):04X}) stands outside a string literal or comment, where the guess "
            "would decide what the statement reads",
            name,
            line,
            col,
            hint=hint,
        )


def _in_dbt_target(path: Path) -> bool:
    """Whether ``path`` is inside a dbt project's compiled output (``<project>/target/``)."""
    return any(
        parent.name == "target" and (parent.parent / "dbt_project.yml").is_file()
        for parent in path.parents
    )


_PROJECTS: dict[tuple[Path, str], DbtProject] = {}


def dbt_fingerprint(path: Path) -> str:
    """Hash of the dbt files that change a model's facts (project, YAML, macros, packages).

    Part of the facts cache key: editing `meta.purpose` in schema.yml, a macro, or an
    installed package must not reuse old facts. Files are hashed by name, size and
    modification time, as build tools do (a large project has thousands of them).
    """
    import hashlib

    root = find_dbt_project(path)
    if root is None:
        return ""
    digest = hashlib.sha256()
    for folder, dirs, names in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not (d == "target" and folder == str(root)))
        dirs[:] = [d for d in dirs if d not in (".git", "target")]
        for name in sorted(names):
            if not name.endswith((".yml", ".yaml", ".sql")):
                continue
            file = Path(folder) / name
            if name.endswith(".sql") and not _macro_like(file.relative_to(root).parts):
                continue
            try:
                info = file.stat()
            except OSError:
                continue
            digest.update(f"{file.as_posix()}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    manifest = root / "target" / "manifest.json"
    if manifest.is_file():
        info = manifest.stat()
        digest.update(f"manifest\0{info.st_size}\0{info.st_mtime_ns}".encode())
    return digest.hexdigest()


def _macro_like(parts: tuple[str, ...]) -> bool:
    """SQL that other models' rendering depends on: macros and installed packages."""
    return bool(parts) and parts[0] in ("macros", "dbt_packages", "dbt_modules")


def _project(root: Path) -> DbtProject:
    # Keyed by the project files' hash too: a long-lived process sees schema.yml edits.
    key = (root, dbt_fingerprint(root / "dbt_project.yml"))
    if key not in _PROJECTS:
        _PROJECTS.clear()
        _PROJECTS[key] = DbtProject.load(root)
    return _PROJECTS[key]


def analyze_path(
    path: Path,
    *,
    config: Config,
    catalog: Catalog,
    display: str | None = None,
    dialect: str | None = None,
    purposes: set[str] | None = None,
    text: str | None = None,
) -> list[dict[str, Any]]:
    """Analyse one SQL file (or ``text`` standing for it) and return its facts.

    Raises:
        SQLInputError: unreadable, binary or oversize file, or an unknown purpose id.
        InputError: a dbt model that cannot be rendered.
    """
    name = display or config.relpath(path)
    encoding = "utf-8"
    if text is None:
        text, encoding = decode_sql(read_sql_bytes(path, name), name)
    chosen = config.dialect_for(path) or dialect or DEFAULT_DIALECT
    if encoding in GUESSED_ENCODINGS:
        check_guessed_encoding(text, encoding, chosen, name)
    purpose = config.purpose_for(path)
    source = "config" if purpose else "none"
    line_map = None
    source_lines: list[str] = []
    root = find_dbt_project(path)
    if root is not None and ("{{" in text or "{%" in text or _is_model(root, path)):
        source_lines = normalize_newlines(text).split("\n")
        from tutela.sql.dbt import render_model

        model = render_model(_project(root), path, text, dialect=chosen, catalog=catalog)
        if not model.enabled:
            return []  # disabled in dbt: dbt builds nothing from it (`lint -v` says so)
        text = model.text
        line_map = model
        if model.purpose:
            purpose, source = model.purpose, "dbt"
    from tutela.sql.facts import analyze_sql  # sqlglot: only when a file is analysed

    facts = analyze_sql(
        text,
        dialect=chosen,
        catalog=catalog,
        file=name,
        purpose=purpose,
        purpose_source=source,
        encoding=encoding,
        max_statements=config.max_statements,
        time_budget=config.file_time_budget,
    )
    if root is None and _JINJA.search(text):
        _templated(facts)
    if line_map is not None:
        for fact in facts:
            fact["dbt_relation"] = line_map.relation
            _remap_lines(fact, line_map.source_line, source_lines)
            _materialize(fact, line_map.relation, line_map.materialized, catalog)
    if purposes is not None:
        _check_purposes(facts, purposes, name, config)
    return facts


def _templated(facts: list[dict[str, Any]]) -> None:
    """Say why a file with Jinja outside a dbt project does not parse (not a bare parse error)."""
    for fact in facts:
        error = fact.get("error")
        if error and error.get("stage") in ("parse", "tokenize"):
            error["message"] = (
                "templated SQL: render it or configure the dbt project (the file holds Jinja "
                "`{{ }}`/`{% %}` and no dbt_project.yml is above it; run `dbt compile` and lint "
                f"target/compiled/, or lint it inside its dbt project): {error['message']}"
            )


def _is_model(root: Path, path: Path) -> bool:
    """A file under the dbt project's model paths (plain SQL models carry meta too)."""
    project = _project(root)
    resolved = path.resolve()
    return any(resolved.is_relative_to((root / p).resolve()) for p in project.model_paths)


def _materialize(fact: dict[str, Any], relation: str, materialized: str, catalog: Catalog) -> None:
    """Record the relation a dbt model's SELECT builds.

    Ephemeral models build nothing: dbt inlines them into the models that use them.
    """
    if fact["operation"] != "select" or materialized == "ephemeral":
        return
    info = catalog.resolve(relation.split("."))
    name = info.key if info else relation.lower()
    view = materialized == "view"
    fact["operation"] = "create_view" if view else "create_table_as"
    entry: dict[str, Any] = {"table": name, "known": info is not None}
    if info is not None:
        entry.update(
            personal=info.personal, blocked=info.blocked, exclusion_list=info.exclusion_kind
        )
    entry.update(
        mode="view" if view else "create",
        line=fact["location"]["line"],
        col=fact["location"]["col"],
    )
    fact["writes"].append(entry)
    for exposure in fact["exposures"]:
        if exposure["sink"] == "result":
            exposure["sink"], exposure["target"] = "write", name


def _remap_lines(node: Any, mapper: Any, lines: list[str]) -> None:
    """Map rendered-SQL lines to model-file lines.

    Columns past a line's end (text that a ``{{ ref() }}`` expanded into) are clamped to the
    line's last character.
    """
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("line", "end_line", "purpose_line") and isinstance(value, int):
                node[key] = mapper(value)
            else:
                _remap_lines(value, mapper, lines)
        for line_key, col_key in (("line", "col"), ("end_line", "end_col")):
            line, col = node.get(line_key), node.get(col_key)
            if isinstance(line, int) and isinstance(col, int) and 0 < line <= len(lines):
                node[col_key] = max(1, min(col, len(lines[line - 1])))
    elif isinstance(node, list):
        for item in node:
            _remap_lines(item, mapper, lines)


def _check_purposes(
    facts: list[dict[str, Any]], purposes: set[str], name: str, config: Config
) -> None:
    for fact in facts:
        purpose = fact.get("purpose")
        if purpose is None or purpose in purposes:
            continue
        close = difflib.get_close_matches(purpose, sorted(purposes), n=1)
        hint = (
            f"did you mean {close[0]!r}?"
            if close
            else (
                "declare it under `purposes:` in the inventory; known: "
                + ", ".join(sorted(purposes))
            )
        )
        if fact.get("purpose_source") == "config":
            where, line = str(config.source or "config"), None
        else:
            where, line = name, fact.get("purpose_line") or fact["location"]["line"]
        raise SQLInputError(
            f"unknown purpose {purpose!r} (not in the inventory)", where, line, None, hint=hint
        )


def skipped_models(files: Iterable[Path], config: Config, dialect: str | None) -> list[Path]:
    """The dbt models among ``files`` that dbt disables (``enabled: false``), so tutela skips."""
    skipped = []
    for path in files:
        root = find_dbt_project(path)
        if root is None or not _is_model(root, path):
            continue
        chosen = config.dialect_for(path) or dialect or DEFAULT_DIALECT
        try:
            text = read_str(path)
            from tutela.sql.dbt import render_model

            if not render_model(_project(root), path, text, dialect=chosen).enabled:
                skipped.append(path)
        except (OSError, UnicodeDecodeError, InputError):
            continue  # reported by the lint itself
    return skipped


def iter_facts(files: list[Path], **kwargs: Any) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
    """Analyse files one by one (callers decide how to report per-file errors)."""
    for path in files:
        yield path, analyze_path(path, **kwargs)
