"""Cerberus validation with located, explained errors, shared by every YAML file tutela reads.

The inventory (:mod:`tutela.inventory.load`) and the sharing manifests
(:mod:`tutela.shares.load`) both validate a :class:`~tutela.yamlsafe.YamlDoc` against a
Cerberus schema whose fields carry a Spanish ``meta.description`` (and optionally an English
``meta.format``). This module turns Cerberus' error tree into :class:`~tutela.errors.Problem`
objects that name ``file:line:col``, the key path, what is wrong and how to fix it.

Example:
    >>> from tutela.yamlsafe import load_yaml
    >>> schema = {"id": {"type": "string", "required": True,
    ...                  "meta": {"description": "Identificador."}}}
    >>> doc = load_yaml("idd: x\\n", "m.yaml")
    >>> for problem in validate_schema(doc, schema)[1]:
    ...     print(problem.render())
    m.yaml:1:1: id: required key is missing
    m.yaml:1:1: idd: unknown key 'idd'

"""

from __future__ import annotations

import copy
import datetime as dt
import difflib
import re
from collections.abc import Iterator, Mapping
from typing import Any

from cerberus import Validator
from cerberus.errors import ValidationError
from cerberus.schema import DefinitionSchema, UnvalidatedSchema
from cerberus.validator import TypeDefinition

from tutela.errors import Problem, TutelaError
from tutela.yamlsafe import YamlDoc, yaml11_hint

__all__ = [
    "PathKey",
    "ProblemCollector",
    "Rules",
    "SchemaValidator",
    "did_you_mean",
    "dotted",
    "sort_problems",
    "trusted_schema",
    "validate_schema",
    "value_kind",
]

PathKey = tuple[str | int, ...]
Rules = dict[str, Any]

# Cerberus error codes (cerberus.errors): stable since 1.0.
_UNKNOWN_FIELD = 0x03
_REQUIRED = 0x02
_EMPTY = 0x22
_NULLABLE = 0x23
_TYPE = 0x24
_MIN_LENGTH = 0x27
_REGEX = 0x41
_MIN = 0x42
_ALLOWED = 0x44
_KEYSRULES = 0x83
_CUSTOM = 0x00

_TYPE_NAMES = {
    "string": "a string",
    "integer": "an integer",
    "boolean": "true or false",
    "list": "a list",
    "dict": "a map",
}


class SchemaValidator(Validator):  # type: ignore[misc]
    """Cerberus with strict integers (``true`` is not ``1``) and a real-date check.

    Use ``check_with: date`` on a ``YYYY-MM-DD`` string field to reject ``2026-02-30``.
    """

    types_mapping = Validator.types_mapping.copy()
    types_mapping["integer"] = TypeDefinition("integer", (int,), (bool,))

    def _check_with_link(self, field: str, value: Any) -> None:
        problem = link_problem(value) if isinstance(value, str) else None
        if problem:
            self._error(field, problem)

    def _check_with_date(self, field: str, value: Any) -> None:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                self._error(field, f"{value!r} is not a calendar date")


LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*)\s*:(?!\s)")


def link_problem(value: str) -> str | None:
    """Why ``value`` cannot be printed as a link in a notice, or ``None`` if it can.

    A value that starts with a URI scheme must use http, https, mailto or tel; control,
    bidi and zero-width characters are refused anywhere in it (they hide what a reader sees).

    Example:
        >>> link_problem("https://www.example.mx/aviso") is None
        True
        >>> link_problem("33 3100 4500, opción 9") is None
        True
        >>> link_problem("JavaScript:alert(1)")
        "the link scheme 'javascript:' is not allowed: use http, https, mailto or tel"
    """
    import unicodedata

    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cf"):
            return f"the link holds the invisible or control character U+{ord(ch):04X}"
    match = _SCHEME.match(value)
    if match and match.group(1).lower() not in LINK_SCHEMES:
        return (
            f"the link scheme {match.group(1).lower() + ':'!r} is not allowed: "
            "use http, https, mailto or tel"
        )
    return None


def trusted_schema(schema: Mapping[str, Rules]) -> Any:
    """``schema`` as a Cerberus schema that validators use without checking its definition.

    Cerberus checks a schema definition against its own meta-schema whenever a validator is
    built from a plain dict, and again for every top-level field it normalises; for the
    inventory schema that is ~0.5 s on every start. tutela's schemas are constants, so their
    definitions are checked once, in the test suite (tests/tutela/test_validation.py), and the run
    time skips the check. The definition is expanded exactly as Cerberus expands it.

    Example:
        >>> validator = SchemaValidator(trusted_schema({"n": {"type": "integer"}}))
        >>> validator.validate({"n": True}), validator.errors
        (False, {'n': ['must be of integer type']})
    """
    return UnvalidatedSchema(DefinitionSchema.expand(dict(schema)))


def value_kind(value: Any) -> str:
    """Name the kind of a YAML value for messages.

    Example:
        >>> value_kind([1]), value_kind(None), value_kind(True)
        ('a list', 'nothing', 'a boolean')
    """
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a map"
    return type(value).__name__


def top_level_map(
    doc: YamlDoc, error: type[TutelaError], noun: str, example: str
) -> dict[str, Any]:
    """The document's data, which must be a map; else ``error`` says so (file, line, col).

    Args:
        doc: the loaded document.
        error: the error class to raise (``InventoryError``, ``ManifestError``).
        noun: what the document is, for the message (``inventory``).
        example: the hint for an empty document (where to start from).
    """
    data = doc.data
    if data is None:
        raise error(f"{noun} is empty", doc.file, hint=f"start from {example}")
    if not isinstance(data, dict):
        line, col = doc.mark(()) or (None, None)
        raise error(f"{noun} must be a map of keys, got {value_kind(data)}", doc.file, line, col)
    return data


def did_you_mean(value: Any, choices: list[str]) -> str | None:
    """``did you mean 'x'?`` for the closest choice, else None.

    Example:
        >>> did_you_mean("recipent", ["recipient", "purpose"])
        "did you mean 'recipient'?"
    """
    if not isinstance(value, str) or not choices:
        return None
    close = difflib.get_close_matches(value, choices, n=1, cutoff=0.5)
    if not close:
        lowered = {c.lower(): c for c in choices}
        if value.lower() in lowered:
            close = [lowered[value.lower()]]
    return f"did you mean {close[0]!r}?" if close else None


def dotted(path: PathKey) -> str:
    """A sort key for a path (``a.0.b``)."""
    return ".".join(str(p) for p in path)


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Problems by line, column, path and message (the order users read them in)."""
    return sorted(problems, key=lambda p: (p.line or 0, p.col or 0, dotted(p.path), p.message))


def rules_at(schema: Mapping[str, Rules], path: PathKey) -> Rules | None:
    """The schema rules governing the value at ``path`` (None if the path is unknown)."""
    rules: Rules = {"type": "dict", "schema": dict(schema)}
    for part in path:
        if isinstance(part, int):
            item = rules.get("schema") if rules.get("type") == "list" else None
            if not isinstance(item, dict):
                return None
            rules = item
        else:
            if rules.get("type") == "dict" and isinstance(rules.get("schema"), dict):
                child = rules["schema"].get(part)
                if child is None:
                    return None
                rules = child
            elif rules.get("type") == "dict" and "valuesrules" in rules:
                rules = rules["valuesrules"]
            else:
                return None
    return rules


def _leaf_errors(
    errors: list[ValidationError], in_keys: bool = False
) -> Iterator[tuple[ValidationError, bool]]:
    """Yield each leaf error and whether it is about a map *key* (Cerberus keysrules)."""
    for error in errors:
        if error.is_group_error and error.child_errors:
            yield from _leaf_errors(list(error.child_errors), in_keys or error.code == _KEYSRULES)
        else:
            yield error, in_keys


class _Wrong:
    """A list where a map belongs, or the reverse, hidden from Cerberus.

    Cerberus 1.3 normalises a field's ``schema`` rule before it checks the field's type,
    and crashes when a list field holds a map. Wrapping such values makes Cerberus report a
    plain type error instead; the messages unwrap them.
    """

    def __init__(self, original: Any) -> None:
        self.original = original


def shield(value: Any, rules: Rules) -> Any:
    """Copy ``value``, wrapping every container whose kind contradicts the schema."""
    kind = rules.get("type")
    if isinstance(value, dict):
        if kind != "dict":
            return _Wrong(value) if kind == "list" else copy.deepcopy(value)
        fields = rules.get("schema")
        out: dict[str, Any] = {}
        for key, child in value.items():
            child_rules = fields.get(key) if isinstance(fields, dict) else rules.get("valuesrules")
            out[key] = shield(child, child_rules) if child_rules else copy.deepcopy(child)
        return out
    if isinstance(value, list):
        if kind != "list":
            return _Wrong(value) if kind == "dict" else copy.deepcopy(value)
        item = rules.get("schema")
        return [shield(v, item) if isinstance(item, dict) else copy.deepcopy(v) for v in value]
    return value


class ProblemCollector:
    """Accumulates problems located in one YAML document validated against ``schema``.

    Args:
        doc: the loaded document (its marks locate every problem).
        schema: the Cerberus schema (fields with ``meta.description`` / ``meta.format``).
        regex_hints: a fix to suggest for values failing a given ``regex`` (e.g. durations).
        key_regex: the pattern map keys must follow (Cerberus ``keysrules``), and
        key_message: the message for a key that does not (``{value!r}`` is formatted in).
        version_hint: the hint for an unknown ``version`` value.
    """

    def __init__(
        self,
        doc: YamlDoc,
        schema: Mapping[str, Rules],
        *,
        regex_hints: Mapping[str, str] | None = None,
        key_regex: str | None = None,
        key_message: str = "key {value!r} is not allowed here",
        version_hint: str | None = None,
    ) -> None:
        self.doc = doc
        self.schema = schema
        self.regex_hints = dict(regex_hints or {})
        self.key_regex = key_regex
        self.key_message = key_message
        self.version_hint = version_hint
        self.problems: list[Problem] = []
        self._seen: set[tuple[PathKey, str]] = set()

    def rules_at(self, path: PathKey) -> Rules | None:
        """The schema rules at ``path``."""
        return rules_at(self.schema, path)

    def add(
        self,
        path: PathKey,
        message: str,
        *,
        hint: str | None = None,
        at_key: bool = False,
        at: PathKey | None = None,
    ) -> None:
        """Record a problem at ``path`` (located at ``at`` or at the key when asked)."""
        if (path, message) in self._seen:
            return
        self._seen.add((path, message))
        target = path if at is None else at
        mark = self.doc.key_mark(target) if at_key else self.doc.mark(target)
        line, col = mark if mark else (None, None)
        self.problems.append(Problem(message, self.doc.file, line, col, path, hint))

    def known_keys(self, path: PathKey) -> list[str]:
        """The keys the schema allows in the map at ``path``."""
        rules = self.rules_at(path)
        if rules and isinstance(rules.get("schema"), dict) and rules.get("type") == "dict":
            return list(rules["schema"])
        return []

    def describe(self, path: PathKey) -> str | None:
        """The Spanish description of the field at ``path``."""
        rules = self.rules_at(path)
        if rules is None:
            return None
        meta = rules.get("meta", {})
        return str(meta["description"]) if "description" in meta else None

    def hint_for(self, path: PathKey, value: Any = None, *, regex: str | None = None) -> str | None:
        """A fix for a bad value at ``path`` (or for a value that must match ``regex``)."""
        rules: Rules = {} if regex is not None else (self.rules_at(path) or {})
        regex = regex or rules.get("regex")
        if regex in self.regex_hints:
            return self.regex_hints[regex]
        if isinstance(value, str) and regex and "a-z" in regex and "_" in regex:
            fixed = re.sub(r"[^a-z0-9_]+", "_", value.strip().lower()).strip("_")
            if fixed and re.fullmatch(regex, fixed):
                return f"write {fixed!r}"
        if isinstance(value, str) and rules.get("meta", {}).get("format", "").startswith("an ISO"):
            if len(value) == 3 and value.isalpha():
                return "use the two-letter code (MEX -> MX, USA -> US)"
            if value.isalpha() and len(value) == 2:
                return f"write {value.upper()!r}"
        desc = rules.get("meta", {}).get("description")
        return f"expected: {desc}" if desc and rules.get("type") != "dict" else None

    def schema_error(self, error: ValidationError, in_keys: bool = False) -> None:
        """Turn one Cerberus leaf error into a problem with a hint."""
        path: PathKey = tuple(error.document_path)
        value = error.value
        if isinstance(value, _Wrong):
            value = value.original
        code = error.code
        if in_keys:
            hint = self.hint_for((), value, regex=self.key_regex) if self.key_regex else None
            self.add(path, self.key_message.format(value=value), hint=hint, at_key=True)
        elif code == _UNKNOWN_FIELD:
            key = str(path[-1]) if path else ""
            known = self.known_keys(path[:-1])
            hint = did_you_mean(key, known) or (
                f"allowed keys here: {', '.join(known)}" if known else None
            )
            self.add(path, f"unknown key {key!r}", hint=hint, at_key=True)
        elif code == _REQUIRED:
            key = str(path[-1])
            desc = self.describe(path)
            hint = f"add `{key}:`" + (f" ({desc})" if desc else "")
            self.add(path, "required key is missing", hint=hint, at=path[:-1])
        elif code == _NULLABLE:
            self.add(
                path,
                "has no value",
                at_key=True,
                hint="write a value after the colon, or remove the key",
            )
        elif code == _EMPTY:
            self.add(path, "must not be empty", hint=self.hint_for(path))
        elif code == _TYPE:
            self._type_error(path, value, str(error.constraint))
        elif code == _ALLOWED:
            allowed = [str(v) for v in error.constraint]
            shown = ", ".join(allowed)
            hint = did_you_mean(value, allowed)
            if path == ("version",) and self.version_hint:
                hint = self.version_hint
            self.add(path, f"unknown value {value!r} (expected one of {shown})", hint=hint)
        elif code == _REGEX:
            rules = self.rules_at(path) or {}
            fmt = rules.get("meta", {}).get("format")
            hint = self.hint_for(path, value)
            self.add(path, f"{value!r} is not {fmt or 'in the expected format'}", hint=hint)
        elif code == _MIN_LENGTH:
            self.add(
                path,
                f"needs at least {error.constraint} item" + ("s" if error.constraint != 1 else ""),
                hint=self.hint_for(path),
            )
        elif code == _MIN:
            self.add(path, f"must be at least {error.constraint} (got {value!r})")
        elif code == _CUSTOM:
            message = str(error.info[0]) if error.info else "invalid value"
            self.add(path, message, hint=self.hint_for(path))
        else:  # pragma: no cover - a rule the schemas do not use
            self.add(path, f"invalid value {value!r} ({error.rule})")

    def _type_error(self, path: PathKey, value: Any, expected: str) -> None:
        want = _TYPE_NAMES.get(expected, expected)
        hint = None
        if expected == "boolean":
            hint = yaml11_hint(value)
        elif (
            expected == "string" and isinstance(value, (int, float)) and not isinstance(value, bool)
        ):
            hint = f'quote it: "{value}"'
        elif expected == "integer" and isinstance(value, str) and value.strip().isdigit():
            hint = f"write {value.strip()} without quotes"
        elif expected == "list" and isinstance(value, str):
            hint = f"write a list: [{value}]"
        elif expected == "list" and isinstance(value, dict):
            hint = "write each list item on its own line, starting with `- `"
        elif expected == "dict" and isinstance(value, str):
            keys = [
                k
                for k, r in ((self.rules_at(path) or {}).get("schema") or {}).items()
                if r.get("required")
            ]
            if keys:
                hint = (
                    f"write a map: `{keys[0]}: {value}` plus "
                    + ", ".join(f"`{k}:`" for k in keys[1:])
                    if len(keys) > 1
                    else f"write a map: `{keys[0]}: {value}`"
                )
        self.add(
            path,
            f"expected {want}, got {value_kind(value)}"
            + (f" {value!r}" if isinstance(value, (str, int, float)) else ""),
            hint=hint,
        )


def run_schema(validator: SchemaValidator, data: dict[str, Any], out: ProblemCollector) -> bool:
    """Validate ``data`` with ``validator`` and add every error to ``out``; True when valid."""
    valid = bool(validator.validate(shield(data, {"type": "dict", "schema": out.schema})))
    if not valid:
        for error, in_keys in _leaf_errors(list(validator._errors)):
            out.schema_error(error, in_keys)
    return valid


def validate_schema(
    doc: YamlDoc, schema: Mapping[str, Rules], **collector: Any
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """Validate a map document against ``schema``.

    Returns:
        The normalised document (defaults filled in) when valid, else None, and the
        problems, sorted by line. ``collector`` options go to :class:`ProblemCollector`.
    """
    out = ProblemCollector(doc, schema, **collector)
    validator = SchemaValidator(dict(schema), allow_unknown=False)
    if not isinstance(doc.data, dict):
        mark = doc.mark(()) or (None, None)
        message = f"expected a map of keys, got {value_kind(doc.data)}"
        return None, [Problem(message, doc.file, mark[0], mark[1])]
    if run_schema(validator, doc.data, out):
        normalized: dict[str, Any] = validator.document
        return normalized, []
    return None, sort_problems(out.problems)
