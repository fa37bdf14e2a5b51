"""Indented JSON written in pieces: a large report never exists as one string in memory.

``json.dumps(doc, indent=2)`` builds the whole document as a list of small strings and then
joins them: for a report of ten thousand findings that transient list is several times the
size of the text, and it is what a lint run's peak memory grew with. :func:`iter_json`
yields the same text (byte for byte) in pieces, one scalar, key or bracket at a time, and
accepts iterators where a list is expected, so a reporter can hand over its findings as a
generator and each finding's dict exists only while it is written.

Example:
    >>> doc = {"a": [1, {"b": None}], "c": (n for n in range(2)), "d": [], "e": {}}
    >>> "".join(iter_json(doc)) == json.dumps(
    ...     {"a": [1, {"b": None}], "c": [0, 1], "d": [], "e": {}}, indent=2)
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from json.encoder import encode_basestring
from typing import Any

INDENT = "  "


_ENCODER = json.JSONEncoder(ensure_ascii=False, default=str)


def _scalar(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, default=str)`` for a value of no array or object."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    return _ENCODER.encode(value)  # floats (inf, nan), and anything through default=str


def iter_json(value: Any, level: int = 0) -> Iterator[str]:
    """``json.dumps(value, indent=2, ensure_ascii=False, default=str)``, in pieces.

    Mappings are written in their order; lists, tuples and iterators (a generator) as arrays.
    Anything else goes to ``json.dumps`` whole (a set, say, becomes its ``str``, as there).
    """
    if isinstance(value, Mapping):
        if not value:
            yield "{}"
            return
        inner = "\n" + INDENT * (level + 1)
        first = True
        for key, item in value.items():
            yield ("{" if first else ",") + inner + _scalar(_key(key)) + ": "
            first = False
            yield from iter_json(item, level + 1)
        yield "\n" + INDENT * level + "}"
    elif isinstance(value, list | tuple | Iterator):
        inner = "\n" + INDENT * (level + 1)
        first = True
        for item in value:
            yield ("[" if first else ",") + inner
            first = False
            yield from iter_json(item, level + 1)
        yield "[]" if first else "\n" + INDENT * level + "]"
    else:
        yield _scalar(value)


def _key(key: Any) -> str:
    """A key as ``json.dumps`` writes it (``True`` -> ``"true"``, ``1`` -> ``"1"``)."""
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool | int | float):
        return json.dumps(key)
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(key).__name__}")
