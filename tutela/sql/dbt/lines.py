"""Model lines and text: line marks mapped back to the model, placeholders by position."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

_MARK = "/*@tutela:{}@*/"
_MARK_RE = re.compile(r"/\*@tutela:(\d+)@\*/")
_TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# `cast(x as {{ unknown() }})`: a placeholder in type position renders as a type name.
_TYPE_POSITION = re.compile(r"(?i)(\bas|::)\s*$")


@dataclass
class RenderedModel:
    """A rendered model: SQL text, the model-file line of each rendered line, and meta."""

    text: str
    line_map: list[int]
    purpose: str | None
    relation: str
    materialized: str = "view"  # dbt's default materialization
    enabled: bool = True
    compiled: bool = False  # taken from target/manifest.json

    def source_line(self, line: int) -> int:
        """Model-file line (1-based) of rendered line ``line`` (1-based)."""
        if not self.line_map:
            return line
        return self.line_map[min(max(line, 1), len(self.line_map)) - 1]


def _mark_lines(text: str) -> str:
    spans = [(m.start(), m.end()) for m in _TAG_RE.finditer(text)]
    out = []
    offset = 0
    span_index = 0
    for number, line in enumerate(text.split("\n"), 1):
        while span_index < len(spans) and spans[span_index][1] <= offset:
            span_index += 1
        inside = span_index < len(spans) and spans[span_index][0] < offset < spans[span_index][1]
        out.append(line if inside else _MARK.format(number) + line)
        offset += len(line) + 1
    return "\n".join(out)


def _unmark(rendered: str) -> tuple[str, list[int]]:
    lines_out: list[str] = []
    line_map: list[int] = []
    current = 1
    for line in rendered.split("\n"):
        match = _MARK_RE.match(line)
        if match:
            current = int(match.group(1))
        else:
            found = _MARK_RE.findall(line)
            if found and not line[: line.find("/*@tutela:")].strip():
                current = int(found[0])
        lines_out.append(_MARK_RE.sub("", line))
        line_map.append(current)
        last = _MARK_RE.findall(line)
        if last:
            current = int(last[-1])
    return "\n".join(lines_out), line_map


def _align(model: str, compiled: str) -> list[int]:
    """Model line of each compiled line: equal lines match, the rest follow the last match."""
    source, target = model.split("\n"), compiled.split("\n")
    mapping = [0] * len(target)
    matcher = difflib.SequenceMatcher(None, source, target, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[block.b + k] = block.a + k + 1
    last = 1
    for index, value in enumerate(mapping):
        if value:
            last = value
        else:
            mapping[index] = last
    return mapping


def _drop_line_comments(sql: str) -> str:
    r"""``sql`` without its comments (outside quotes), so it can be joined on one line.

    Example:
        >>> _drop_line_comments("select 'a--b' as x -- note\nfrom t")
        "select 'a--b' as x \nfrom t"
    """
    out: list[str] = []
    quote: str | None = None
    i = 0
    while i < len(sql):
        char = sql[i]
        if quote:
            out.append(char)
            if char == quote:
                quote = None
        elif char in "'\"`":
            quote = char
            out.append(char)
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            i = len(sql) if end < 0 else end
            continue
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            i = len(sql) if end < 0 else end + 2
            out.append(" ")
            continue
        else:
            out.append(char)
        i += 1
    return "".join(out)


# After these words an expression starts: a placeholder there is that expression.
_EXPECTS_EXPRESSION = frozenset(
    [
        "select",
        "from",
        "join",
        "where",
        "and",
        "or",
        "on",
        "by",
        "as",
        "when",
        "then",
        "else",
        "case",
        "not",
        "in",
        "is",
        "like",
        "ilike",
        "between",
        "distinct",
        "union",
        "all",
        "with",
        "over",
        "partition",
        "order",
        "group",
        "having",
        "limit",
        "offset",
        "set",
        "values",
        "into",
        "table",
        "cast",
        "using",
        "qualify",
        "exists",
        "any",
        "some",
        "return",
        "returns",
        "if",
        "elif",
        "lateral",
        "unnest",
    ]
)


def _type_positions(text: str) -> str:
    """Wrap each ``{{ }}`` so a placeholder prints as what its position needs.

    * in type position (after ``as`` or ``::``) it prints a type name: ``cast(x as varchar)``;
    * right after a complete expression (``as website {{ pass_through() }}``, ``partition by
      id {{ by_source() }}``) it prints ``, tutela_macro_...``: the macros written there emit
      a leading comma and more columns, so the unknown one shows up as one more column
      (decided on the rendered text, see :func:`_continuations`);
    * anywhere else, an identifier.
    Values that are not placeholders print unchanged.
    """
    out = []
    last = 0
    for match in re.finditer(r"\{\{(-?)(.*?)(-?)\}\}", text, re.S):
        out.append(text[last : match.start()])
        before = text[max(0, match.start() - 12) : match.start()]
        function = "tutela_type" if _TYPE_POSITION.search(before) else "tutela_continue"
        inner = match.group(2).strip()
        out.append(f"{{{{{match.group(1)} {function}({inner}) {match.group(3)}}}}}")
        last = match.end()
    out.append(text[last:])
    return "".join(out)


_CONTINUE = "\x00tutela-continue\x00"


def _unknown(value: Any) -> bool:
    from tutela.sql.jinja_placeholder import Placeholder

    if not isinstance(value, Placeholder):
        return False
    return "inline if-expression" not in str(value._undefined_hint or "")


def _tutela_continue(value: Any) -> Any:
    """A placeholder, marked: :func:`_continuations` decides whether a comma goes before it."""
    if _unknown(value):
        return _CONTINUE + str(value)
    return value


def _continuations(rendered: str) -> str:
    """Put ``, `` before each marked placeholder that follows a complete expression."""
    if _CONTINUE not in rendered:
        return rendered
    pieces = rendered.split(_CONTINUE)
    out = [pieces[0]]
    for piece in pieces[1:]:
        before = "".join(out)
        out.append(", " + piece if _after_expression(before) else piece)
    return "".join(out)


def _after_expression(before: str) -> bool:
    """Whether rendered SQL ``before`` ends with a complete expression (a name, ``)``...)."""
    tail = _MARK_RE.sub("", before[-600:])
    tail = re.sub(r"/\*.*?\*/", " ", tail, flags=re.S)
    tail = "\n".join(re.sub(r"--.*$", "", line) for line in tail.split("\n")).rstrip()
    if not tail or not re.search(r"[\w)\"'`\]]$", tail):
        return False
    word = re.search(r"(\w+)$", tail)
    return not (word and word.group(1).lower() in _EXPECTS_EXPRESSION)


def _tutela_type(value: Any) -> Any:
    """In type position an unknown macro prints as a type name (``tutela_type``)."""
    if _unknown(value):
        return "varchar"
    return value
