"""Merge each package's policy files into one module, and map positions back to the files.

regorus's interpreter resolves the first reference to a ``data.`` path by scanning every loaded
module, so the number of modules is a cost paid on every fact: with the 53 built-in modules
merged into 21 (one per package) it runs 12.6 % fewer instructions a fact (7.40 M against
8.47 M, callgrind; docs/performance.md). The compiled VM runs the same instructions either way,
so only the interpreter loads merged modules. Rego packages already merge
across files, so concatenating the files of one package changes nothing a rule can see, provided
the files' imports can share one header. :func:`merge_modules` merges a package only when that
is certain and leaves it as separate files otherwise:

* every import line is one of ``import <ref>`` / ``import <ref> as <alias>`` with a plain dotted
  ref (anything else, say ``data.x["a b"]``, keeps the package unmerged);
* no alias is imported from two different refs;
* no file uses, as a name of its own, an alias that only other files import (after merging, the
  alias would capture that name).

The merged text keeps every line of every file at its column: the ``package`` and ``import``
lines of each file are blanked where they were and the imports are hoisted, de-duplicated, under
one ``package`` line. A :class:`SourceMap` maps each merged line back to its file and line, so an
error regorus reports in a merged module still names the file and line the author wrote
(:meth:`SourceMap.locate`, :meth:`SourceMap.remap`).

Test modules (``*_test.rego``) are never merged: ``tutela policy test`` loads the files as
written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from tutela.engine.base import PolicyModule

MERGED_SUFFIX = ".merged.rego"
"""Merged modules are named ``<origin>/<package>.merged.rego``; no policy file is named so."""

_IMPORT = re.compile(
    r"^import\s+(?P<ref>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)(?:\s+as\s+(?P<alias>[A-Za-z_]\w*))?"
    r"\s*(?:#.*)?$"
)
_PACKAGE_LINE = re.compile(r"^package\s+[A-Za-z_][\w.]*\s*(?:#.*)?$")
_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"|`[^`]*`')
_COMMENT = re.compile(r"#[^\n]*")
_NAME = re.compile(r"[A-Za-z_]\w*")
_KEYWORD_IMPORTS = ("rego.", "future.")


@dataclass(frozen=True)
class SourceMap:
    """Where each line of each merged module came from.

    ``lines[name][i]`` is the ``(file, line)`` of line ``i + 1`` of merged module ``name``.

    Example:
        >>> sm = SourceMap({"m.merged.rego": (("a.rego", 1), ("b.rego", 7))})
        >>> sm.locate("m.merged.rego", 2)
        ('b.rego', 7)
        >>> sm.remap("rule conflicts with rule at m.merged.rego:1:3")
        'rule conflicts with rule at a.rego:1:3'
    """

    lines: Mapping[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)

    def locate(self, file: str | None, line: int | None) -> tuple[str | None, int | None]:
        """The original ``(file, line)`` of a position regorus reported (unchanged if unmerged)."""
        if file is None or file not in self.lines:
            return file, line
        table = self.lines[file]
        if line is None or not 1 <= line <= len(table):
            return table[0][0] if table else file, None
        return table[line - 1]

    def remap(self, text: str) -> str:
        """Rewrite every ``<merged>:<line>`` in ``text`` (messages cite other positions too)."""
        if not self.lines or MERGED_SUFFIX not in text:
            return text
        names = "|".join(re.escape(n) for n in sorted(self.lines, key=len, reverse=True))

        def sub(match: re.Match[str]) -> str:
            file, line = self.locate(match.group(1), int(match.group(2)))
            return f"{file}:{line}" if line is not None else f"{file}"

        return re.sub(rf"({names}):(\d+)", sub, text)


@dataclass(frozen=True)
class _Parsed:
    module: PolicyModule
    lines: list[str]
    imports: dict[str, str]  # alias (or the ref itself for rego./future.) -> ref
    header: list[int]  # 0-based indexes of the package and import lines
    names: frozenset[str]  # identifiers used outside comments and strings


def _parse(module: PolicyModule) -> _Parsed | None:
    lines = module.text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    imports: dict[str, str] = {}
    header: list[int] = []
    for i, raw in enumerate(lines):
        text = raw.strip()
        if _PACKAGE_LINE.match(text):
            if raw != text:
                return None  # an indented package line: not the simple layout merged here
            header.append(i)
        elif text.startswith("import") and re.match(r"import\b", text):
            match = _IMPORT.match(text)
            if match is None or raw != text:
                return None
            ref, alias = match.group("ref"), match.group("alias")
            if ref.startswith(_KEYWORD_IMPORTS) and alias is None:
                key = ref
            else:
                key = alias or ref.rsplit(".", 1)[-1]
            if imports.get(key, ref) != ref:
                return None
            imports[key] = ref
            header.append(i)
    skip = set(header)
    body = "\n".join(line for i, line in enumerate(lines) if i not in skip)
    names = frozenset(_NAME.findall(_COMMENT.sub("", _STRING.sub('""', body))))
    return _Parsed(module, lines, imports, header, names)


def _mergeable(parsed: Sequence[_Parsed]) -> bool:
    """Whether the files can share one header (the union of their imports)."""
    union: dict[str, str] = {}
    for p in parsed:
        for alias, ref in p.imports.items():
            if union.setdefault(alias, ref) != ref:
                return False
    for p in parsed:
        foreign = {a for a in union if a not in p.imports and not a.startswith(_KEYWORD_IMPORTS)}
        if foreign & p.names:
            return False
    return True


def _origin(module: PolicyModule) -> str:
    # The id's folder prefix: "tutela/builtin", "tutela/user/<name>", ... (never merged across).
    parts = module.id.split("/")
    return "/".join(parts[:2]) if parts[:2] == ["tutela", "builtin"] else "/".join(parts[:3])


def _merge(
    package: str, origin: str, parsed: Sequence[_Parsed]
) -> tuple[PolicyModule, tuple[tuple[str, int], ...]]:
    name = f"{origin}/{package}{MERGED_SUFFIX}"
    first = parsed[0]
    out: list[str] = [f"package {package}"]
    where: list[tuple[str, int]] = [(first.module.file, first.header[0] + 1)]
    seen: set[str] = set()
    for p in parsed:
        for i in p.header:
            match = _IMPORT.match(p.lines[i].strip())
            if match is None:
                continue  # the package line
            ref, alias = match.group("ref"), match.group("alias")
            same = alias is None or alias == ref.rsplit(".", 1)[-1]
            line = f"import {ref}" if same else f"import {ref} as {alias}"
            if line not in seen:
                seen.add(line)
                out.append(line)
                where.append((p.module.file, i + 1))
    for p in parsed:
        blank = set(p.header)
        for i, line in enumerate(p.lines):
            out.append("" if i in blank else line)
            where.append((p.module.file, i + 1))
    return PolicyModule(name, name, "\n".join(out) + "\n", package), tuple(where)


def merge_modules(modules: Sequence[PolicyModule]) -> tuple[tuple[PolicyModule, ...], SourceMap]:
    """Merge the files of each package (per policy folder) into one module where that is safe.

    The result is kept per process for the last few module sets (an engine per worker, or per
    reload of a long-lived process, merges the same files).

    The result keeps the modules' order: a merged module takes the place of its package's first
    file. Test modules and single-file packages are returned as they are.

    Example:
        >>> a = PolicyModule("tutela/user/p/f/a.rego", "a.rego",
        ...                  "package tutela.f\\nimport data.x\\n\\nr := x.v\\n", "tutela.f")
        >>> b = PolicyModule("tutela/user/p/f/b.rego", "b.rego",
        ...                  "package tutela.f\\n\\ns := r + 1\\n", "tutela.f")
        >>> merged, sm = merge_modules([a, b])
        >>> print(merged[0].text)
        package tutela.f
        import data.x
        <BLANKLINE>
        <BLANKLINE>
        <BLANKLINE>
        r := x.v
        <BLANKLINE>
        <BLANKLINE>
        s := r + 1
        <BLANKLINE>
        >>> sm.locate(merged[0].file, 9)
        ('b.rego', 3)
    """
    return _merge_cached(tuple(modules))


@functools.lru_cache(maxsize=8)
def _merge_cached(
    modules: tuple[PolicyModule, ...],
) -> tuple[tuple[PolicyModule, ...], SourceMap]:
    groups: dict[tuple[str, str], list[PolicyModule]] = {}
    for module in modules:
        if not module.is_test:
            groups.setdefault((_origin(module), module.package), []).append(module)
    replaced: dict[str, PolicyModule | None] = {}
    table: dict[str, tuple[tuple[str, int], ...]] = {}
    for (origin, package), members in groups.items():
        if len(members) < 2:
            continue
        parsed = [_parse(m) for m in members]
        if any(p is None or not p.header for p in parsed):
            continue
        ready = [p for p in parsed if p is not None]
        if not _mergeable(ready):
            continue
        merged, where = _merge(package, origin, ready)
        table[merged.file] = where
        replaced[members[0].id] = merged
        for m in members[1:]:
            replaced[m.id] = None
    out: list[PolicyModule] = []
    for module in modules:
        if module.id not in replaced:
            out.append(module)
        elif (merged_module := replaced[module.id]) is not None:
            out.append(merged_module)
    return tuple(out), SourceMap(table)
