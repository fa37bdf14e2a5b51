"""Safe YAML loading with positions, for files that legal and engineers edit by hand.

tutela never uses PyYAML's constructors. It reads the libyaml *event* stream and
builds plain values itself, iteratively, so that:

* no tag outside YAML's standard set is accepted (``!!python/object`` and custom
  tags are refused, never executed);
* alias expansion is bounded (a "billion laughs" document is refused);
* nesting depth is bounded (refused with a message, never a RecursionError);
* duplicate keys are an error, not a silent overwrite;
* YAML 1.1 surprises are not applied: ``yes``/``no``/``on``/``off`` stay strings
  (a country code ``NO`` stays ``"NO"``), numbers with leading zeros stay strings
  (a postal code ``01000`` stays ``"01000"``), dates stay ``YYYY-MM-DD`` strings;
* every value keeps the line and column where it was written, so errors can say
  ``inventory.yaml:14:7``.

Example:
    >>> doc = load_yaml("a:\\n  b: [1, no, 01000]\\n", "x.yaml")
    >>> doc.data
    {'a': {'b': [1, 'no', '01000']}}
    >>> doc.mark(("a", "b", 2))
    (2, 14)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from tutela.errors import YAMLError

try:  # libyaml is part of the PyYAML wheels; fall back to the pure parser if absent.
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

MAX_DEPTH = 64
MAX_NODES = 1_000_000  # after alias expansion
MAX_BYTES = 16 * 1024 * 1024

Path = tuple[str | int, ...]

_STD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
    "!",
}
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_INT = re.compile(r"^[-+]?(?:0|[1-9][0-9_]*)$")
# Floats need a dot (`1.5`, `1.0e3`), as in YAML 1.1 and PyYAML: `1e5` or `0e0` stay text, so a
# file PyYAML wrote unquoted reads back the same.
_FLOAT = re.compile(r"^[-+]?(?:[0-9][0-9_]*)?\.[0-9]+(?:[eE][-+]?[0-9]+)?$")
_YAML11_BOOL = {"yes", "no", "on", "off", "y", "n"}


@dataclass
class YamlDoc:
    """A loaded YAML document: plain data plus the position of every value and key."""

    data: Any
    file: str
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def mark(self, path: Path) -> tuple[int, int] | None:
        """Return (line, col), 1-based, of the value at ``path``, else its nearest parent's."""
        path = tuple(path)
        while True:
            if path in self.marks:
                return self.marks[path]
            if not path:
                return None
            path = path[:-1]

    def key_mark(self, path: Path) -> tuple[int, int] | None:
        """Return the position of the *key* that holds ``path`` (falls back to the value)."""
        path = tuple(path)
        if path in self.key_marks:
            return self.key_marks[path]
        return self.mark(path)


def _scalar(event: Any, file: str) -> Any:
    value: str = event.value
    tag = event.tag
    plain = event.implicit[0] and event.style in (None, "")
    if tag and tag not in _STD_TAGS:
        _refuse_tag(tag, event, file)
    if tag == "tag:yaml.org,2002:str" or (not plain and tag in (None, "!")):
        return value
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            raise YAMLError(
                f"{value!r} is tagged !!int but is not an integer",
                file,
                *_at(event),
            ) from None
    if tag == "tag:yaml.org,2002:float":
        return float(value)
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    if _NULL.match(value):
        return None
    if _BOOL.match(value):
        return value.lower() == "true"
    if _INT.match(value):
        return int(value.replace("_", ""))
    if _FLOAT.match(value):
        return float(value.replace("_", ""))
    return value


def _refuse_tag(tag: str, event: Any, file: str) -> None:
    raise YAMLError(
        f"tag {tag!r} is not allowed",
        file,
        *_at(event),
        hint="tutela reads plain YAML only (strings, numbers, booleans, lists, maps); "
        "remove the tag",
    )


def _at(event: Any) -> tuple[int, int]:
    """1-based (line, column) where a YAML event starts (libyaml always marks events)."""
    mark = getattr(event, "start_mark", None)
    if mark is None:  # pragma: no cover - only a YAML library without marks
        return 1, 1
    return mark.line + 1, mark.column + 1


def load_yaml(
    text: str, file: str, *, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES
) -> YamlDoc:
    """Parse one YAML document safely (see the module docstring for the guarantees).

    Raises:
        YAMLError: on malformed YAML, forbidden tags, duplicate keys, too deep
            nesting, too many nodes after alias expansion, or more than one document.
    """
    if len(text) > MAX_BYTES:
        raise YAMLError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB", file)
    doc = YamlDoc(data=None, file=file)
    # Stack entries: [container, path, pending_key, key_mark, anchor, node_count, start]
    stack: list[list[Any]] = []
    anchors: dict[str, tuple[Any, int]] = {}
    total_nodes = 0
    documents = 0
    result: Any = None
    have_result = False

    def attach(value: Any, ev: Any, size: int) -> None:
        nonlocal result, have_result, total_nodes
        total_nodes += size
        if total_nodes > max_nodes:
            raise YAMLError(
                f"document expands to more than {max_nodes:,} values (alias bomb?)",
                file,
                *_at(ev),
                hint="remove the repeated aliases (*name) or split the file",
            )
        pos = _at(ev)
        if not stack:
            result, have_result = value, True
            doc.marks[()] = pos
            return
        top = stack[-1]
        container, path = top[0], top[1]
        top[5] += size
        if isinstance(container, list):
            child = (*path, len(container))
            container.append(value)
            doc.marks.setdefault(child, pos)
            return
        if top[2] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise YAMLError("a key must be a plain value, not a list or map", file, *pos)
            top[2] = value if value is not None else ""
            top[3] = pos
            return
        key = top[2]
        if not isinstance(key, str):
            key = str(key).lower() if isinstance(key, bool) else str(key)
        if key in container:
            first = doc.key_marks.get((*path, key))
            where = f" (first at line {first[0]})" if first else ""
            raise YAMLError(
                f"duplicate key {key!r}{where}",
                file,
                top[3][0],
                top[3][1],
                hint="each key may appear once in a map; merge the two entries",
            )
        container[key] = value
        doc.marks.setdefault((*path, key), pos)
        doc.key_marks.setdefault((*path, key), top[3])
        top[2] = _NO_KEY

    def child_path() -> Path:
        if not stack:
            return ()
        top = stack[-1]
        container, path = top[0], top[1]
        if isinstance(container, list):
            return (*path, len(container))
        key = top[2]
        return (*path, key if isinstance(key, str) else str(key))

    try:
        for ev in yaml.parse(text, Loader=_Loader):
            if isinstance(ev, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YAMLError(
                        "the file holds more than one YAML document",
                        file,
                        *_at(ev),
                        hint="keep one document per file (remove the extra '---')",
                    )
            elif isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                if ev.tag and ev.tag not in _STD_TAGS:
                    _refuse_tag(ev.tag, ev, file)
                if len(stack) >= max_depth:
                    raise YAMLError(
                        f"nesting deeper than {max_depth} levels",
                        file,
                        *_at(ev),
                        hint="flatten the structure; tutela files never need this depth",
                    )
                is_map = isinstance(ev, yaml.MappingStartEvent)
                is_key_slot = (
                    bool(stack) and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY
                )
                if is_key_slot:
                    raise YAMLError(
                        "a key must be a plain value, not a list or map",
                        file,
                        *_at(ev),
                    )
                path = child_path()
                stack.append([{} if is_map else [], path, _NO_KEY, None, ev.anchor, 1, ev])
            elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                container, _, _, _, anchor, size, start = stack.pop()
                if anchor:
                    anchors[anchor] = (container, size)
                # The container's own children were already counted as they attached.
                attach(container, start, 1)
                total_nodes -= 1
                if stack:
                    stack[-1][5] += size - 1
            elif isinstance(ev, yaml.ScalarEvent):
                value = _scalar(ev, file)
                if ev.anchor:
                    anchors[ev.anchor] = (value, 1)
                attach(value, ev, 1)
            elif isinstance(ev, yaml.AliasEvent):
                if ev.anchor not in anchors:
                    raise YAMLError(
                        f"unknown alias *{ev.anchor}",
                        file,
                        *_at(ev),
                    )
                value, size = anchors[ev.anchor]
                attach(value, ev, size)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = mark.column + 1 if mark else None
        problem = exc.problem or exc.context or "malformed YAML"
        raise YAMLError(f"invalid YAML: {problem}", file, line, col) from None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reader errors
        raise YAMLError(f"invalid YAML: {exc}", file) from None
    doc.data = result if have_result else None
    return doc


class _NoKey:
    def __repr__(self) -> str:  # pragma: no cover
        return "<no key>"


_NO_KEY = _NoKey()


def yaml11_hint(value: Any) -> str | None:
    """Explain a YAML 1.1 word that tutela kept as a string.

    Example:
        >>> yaml11_hint("no")
        "write false (tutela reads 'no' as the text 'no', not a boolean)"
    """
    if isinstance(value, str) and value.lower() in _YAML11_BOOL:
        word = "true" if value.lower() in {"yes", "on", "y"} else "false"
        return f"write {word} (tutela reads {value!r} as the text {value!r}, not a boolean)"
    return None
