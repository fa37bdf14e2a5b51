"""The rule index: every rule's documentation, read from the ``# METADATA`` of the .rego files.

regorus has no ``rego.metadata.*``, so Python reads the annotations itself (STYLE.md 7.4).
A rule is a ``deny``/``warn`` definition preceded by a rule-scoped METADATA block::

    # METADATA
    # title: Purpose without legal basis
    # description: What it does ... Why it matters ...
    # custom:
    #   id: PUR001
    #   name: purpose-without-legal-basis
    #   severity: error
    #   legal_basis: [{instrument: LFPDPPP, article: "8"}]
    #   recommended_action: Add `legal_basis` to the purpose.
    #   examples: purpose_without_legal_basis.examples.yaml
    #   message:
    #     en: Purpose "{purpose}" has no legal basis.
    #     es: La finalidad "{purpose}" no tiene fundamento legal.
    #   translations:
    #     es: {title: ..., description: ..., recommended_action: ...}
    deny contains finding.with_values("PUR001", {"purpose": p.id}, path) if { ... }

``examples`` is relative to the .rego file's folder (a path starting with the policy
folder's own name, as in STYLE.md, is also accepted); when omitted, a sibling
``<file stem>.examples.yaml`` is used if present.

Example:
    >>> from tutela.engine.base import builtin_policy_dir
    >>> index = load_rule_index([builtin_policy_dir()])
    >>> isinstance(index.rules, tuple)
    True
"""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from tutela.errors import ConfigError, EngineError, PolicyError, TutelaError, YAMLError
from tutela.findings import Finding, LegalBasis, Location, Severity
from tutela.messages import DEFAULT_LANG, LANGS, parse_catalogue, render

ID_RE = re.compile(r"^[A-Z]{3}[0-9]{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_SELECTOR_CODE = re.compile(r"^[A-Za-z]{1,3}[0-9]{0,3}$")
_HEAD = re.compile(r"^(deny|warn)\b")
_PACKAGE = re.compile(r"^package\s+([A-Za-z_][\w.]*)")
_LITERAL_ID = re.compile(r"\.(?:new|with_values|variant)\(\s*\"([^\"]*)\"")
_KINDS_SEVERITY = {"deny": ("error",), "warn": ("warning", "info")}


@dataclass(frozen=True)
class Rule:
    """One rule: its permanent code, its documentation and where it is defined."""

    id: str
    name: str
    title: str
    description: str
    severity: Severity
    legal_basis: tuple[LegalBasis, ...]
    recommended_action: str
    family: str
    kind: str
    file: str
    line: int
    examples: Path | None = None
    deprecated: bool = False
    # An opt-in rule runs only when selected by its exact code or name (`select = ["ALL",
    # "RET004"]`): informational checks a team turns on deliberately, off by default.
    opt_in: bool = False
    aliases: tuple[str, ...] = ()
    package: str = ""
    body_ids: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    #: ``custom.message``: variant ("" for the only sentence) -> language -> template
    messages: Mapping[str, Mapping[str, str]] = field(default_factory=dict, hash=False)
    #: language -> {title, description, recommended_action}; "en" holds the METADATA's own
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict, hash=False)
    lang: str = DEFAULT_LANG

    def localized(self, lang: str) -> Rule:
        """This rule with its title, description and recommended action in ``lang``.

        A text the rule does not translate stays in the METADATA's own words (English).
        """
        own = self.translations.get("en", {})
        wanted = self.translations.get(lang, {})

        def pick(key: str, current: str) -> str:
            return wanted.get(key) or own.get(key) or current

        return replace(
            self,
            title=pick("title", self.title),
            description=pick("description", self.description),
            recommended_action=pick("recommended_action", self.recommended_action),
            lang=lang,
        )

    def message(self, raw: Mapping[str, Any], lang: str | None = None) -> str:
        """The sentence of a raw finding of this rule (see :mod:`tutela.messages`)."""
        values = raw.get("values")
        msg = raw.get("msg")
        return render(
            self.messages,
            self.id,
            lang or self.lang,
            values=values if isinstance(values, Mapping) else None,
            variant=raw.get("variant") if isinstance(raw.get("variant"), str) else None,
            msg=msg if isinstance(msg, str) else None,
        )

    @property
    def jurisdiction(self) -> str:
        """The law the rule belongs to: ``gdpr`` for the gdpr family, else ``lfpdppp``."""
        return "gdpr" if self.family == "gdpr" else "lfpdppp"

    def legal_basis_text(self) -> str:
        """The legal basis as one line, e.g. ``LFPDPPP art. 8; LFPDPPP art. 15 fr. III``."""
        return "; ".join(b.render(self.lang) for b in self.legal_basis)

    def to_dict(self) -> dict[str, Any]:
        """JSON shape used by ``tutela rules --format json``."""
        return {
            "id": self.id,
            "name": self.name,
            "title": self.title,
            "severity": self.severity.value,
            "kind": self.kind,
            "family": self.family,
            "jurisdiction": self.jurisdiction,
            "description": self.description,
            "legal_basis": [
                {k: v for k, v in vars(b).items() if v is not None} for b in self.legal_basis
            ],
            "recommended_action": self.recommended_action,
            "deprecated": self.deprecated,
            "opt_in": self.opt_in,
            "aliases": list(self.aliases),
            "file": self.file,
            "line": self.line,
        }


@dataclass(frozen=True)
class RuleIndex:
    """All known rules, sorted by code, with lookups by code, name or alias."""

    rules: tuple[Rule, ...] = ()
    lang: str = DEFAULT_LANG
    _by_key: dict[str, Rule] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for rule in self.rules:
            for key in (rule.id, rule.name, *rule.aliases):
                self._by_key[key] = rule

    def __len__(self) -> int:
        return len(self.rules)

    def __iter__(self) -> Any:
        return iter(self.rules)

    def get(self, key: str) -> Rule | None:
        """The rule with this code, name or alias (codes are case-insensitive), else None."""
        return self._by_key.get(key) or self._by_key.get(key.upper())

    def suggest(self, key: str) -> list[str]:
        """Close codes or names, for "did you mean"."""
        keys = sorted(self._by_key)
        return difflib.get_close_matches(key, keys, n=3, cutoff=0.5) or difflib.get_close_matches(
            key.upper(), keys, n=3, cutoff=0.5
        )

    def lookup(self, key: str) -> Rule:
        """The rule with this code, name or alias.

        Raises:
            TutelaError: unknown key, with a "did you mean" hint.
        """
        rule = self.get(key)
        if rule is None:
            close = self.suggest(key)
            hint = (
                f"did you mean {' or '.join(repr(c) for c in close)}?"
                if close
                else "run `tutela rules` to list the rules"
            )
            raise TutelaError(f"unknown rule {key!r}", hint=hint)
        return rule

    def _matches(self, selector: str) -> list[Rule]:
        if selector.upper() == "ALL":
            return [r for r in self.rules if not r.deprecated and not r.opt_in]
        exact = self.get(selector)
        if exact is not None:
            return [exact]
        if _SELECTOR_CODE.match(selector):
            prefix = selector.upper()
            return [
                r
                for r in self.rules
                if r.id.startswith(prefix) and not r.deprecated and not r.opt_in
            ]
        return []

    def select(self, select: Sequence[str] = (), ignore: Sequence[str] = ()) -> tuple[Rule, ...]:
        """The rules enabled by ``select`` (default: all but deprecated) minus ``ignore``.

        Selectors are codes (``PUR001``), code prefixes (``PUR``, ``PUR00``), names or
        aliases. A deprecated or opt-in rule runs only when selected by its exact code or
        name (``select = ["ALL", "RET004"]``).

        Raises:
            ConfigError: a selector matches no rule (with a suggestion).
        """
        chosen: dict[str, Rule] = {}
        for selector in select or ("ALL",):
            found = self._matches(selector)
            if not found and selector.upper() != "ALL":
                raise self._unknown_selector(selector, "select")
            chosen.update((r.id, r) for r in found)
        for selector in ignore:
            found = self._matches(selector)
            if not found:
                raise self._unknown_selector(selector, "ignore")
            for rule in found:
                chosen.pop(rule.id, None)
        return tuple(sorted(chosen.values(), key=lambda r: r.id))

    def _unknown_selector(self, selector: str, key: str) -> ConfigError:
        close = self.suggest(selector)
        hint = f"did you mean {close[0]!r}?" if close else "run `tutela rules` to list the rules"
        return ConfigError(f"{key}: {selector!r} matches no rule", hint=hint)

    def with_severity(self, overrides: Mapping[str, str]) -> RuleIndex:
        """A copy with severities overridden by code, name or alias (config ``[severity]``).

        Raises:
            ConfigError: unknown rule or severity.
        """
        changed: dict[str, Rule] = {}
        for key, value in overrides.items():
            rule = self.get(key)
            if rule is None:
                raise self._unknown_selector(key, "severity")
            try:
                severity = Severity(value)
            except ValueError:
                raise ConfigError(
                    f"severity.{key}: unknown severity {value!r} (expected error, warning or info)"
                ) from None
            changed[rule.id] = replace(rule, severity=severity)
        return RuleIndex(tuple(changed.get(r.id, r) for r in self.rules), self.lang)

    def with_lang(self, lang: str) -> RuleIndex:
        """A copy whose rule docs and finding messages are in ``lang`` (config ``lang``).

        Raises:
            ConfigError: a language tutela does not speak.
        """
        if lang not in LANGS:
            raise ConfigError(
                f"lang: unknown language {lang!r}", hint=f"use one of: {', '.join(LANGS)}"
            )
        return RuleIndex(tuple(r.localized(lang) for r in self.rules), lang)

    def to_finding(self, raw: Mapping[str, Any], location: Location) -> Finding:
        """Turn a raw finding into a :class:`Finding` with severity and legal basis.

        Raises:
            EngineError: the policy emitted a code that has no METADATA (fail closed).
        """
        rule = self.get(str(raw["id"]))
        if rule is None or rule.id != raw["id"]:
            raise EngineError(
                f"a policy emitted rule id {raw['id']!r}, which no METADATA declares",
                hint="add a `# METADATA` block with custom.id to the deny/warn rule",
            )
        values = raw.get("values")
        variant = raw.get("variant")
        return Finding(
            id=rule.id,
            msg=rule.message(raw, self.lang),
            severity=rule.severity,
            location=location,
            name=rule.name,
            legal_basis=rule.legal_basis,
            values=dict(values) if isinstance(values, Mapping) else {},
            variant=variant if isinstance(variant, str) else None,
            jurisdiction=rule.jurisdiction,
        )

    def findings(
        self,
        facts: Sequence[Mapping[str, Any]],
        verdicts: Sequence[Sequence[Mapping[str, Any]]],
        selected: set[str] | frozenset[str],
        locate: Callable[
            [Mapping[str, Any], Sequence[Any]], tuple[int | None, int | None, tuple[Any, ...]]
        ],
    ) -> list[Finding]:
        """The findings of the selected rules in ``verdicts`` (one list per fact), located.

        ``locate(fact, path)`` gives the line, column and key path a raw finding's ``path``
        points to. An id that no METADATA declares fails closed even when not selected.

        Raises:
            EngineError: a policy emitted an undeclared rule id.
        """
        out: list[Finding] = []
        for fact, raws in zip(facts, verdicts, strict=True):
            for raw in raws:
                if self.get(str(raw["id"])) is None:
                    # A policy emitted an id that no METADATA declares: never drop it silently.
                    self.to_finding(raw, Location(fact.get("file", "?")))  # raises EngineError
                if raw["id"] not in selected:
                    continue
                line, col, path = locate(fact, raw.get("path", []))
                out.append(self.to_finding(raw, Location(fact["file"], line, col, path)))
        return out


def _metadata_blocks(lines: list[str]) -> Iterable[tuple[int, int, list[str]]]:
    """Yield (line of `# METADATA`, index of the line after the block, comment lines)."""
    i = 0
    while i < len(lines):
        if lines[i].strip() == "# METADATA":
            start = i
            i += 1
            body: list[str] = []
            while i < len(lines) and lines[i].lstrip().startswith("#"):
                body.append(lines[i])
                i += 1
            yield start + 1, i, body
        else:
            i += 1


def _uncomment(line: str) -> str:
    stripped = line.lstrip()[1:]
    return stripped[1:] if stripped.startswith(" ") else stripped


def _str(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


UNCERTAIN = "Reglamento 2011; binding status uncertain"


def _legal_basis(raw: Any, fail: Any) -> tuple[LegalBasis, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise fail(
            "custom.legal_basis must be a list of {instrument, article, fraction?, "
            "paragraph?, note?}"
        )
    out = []
    for item in raw:
        if not isinstance(item, dict) or "instrument" not in item or "article" not in item:
            raise fail("each custom.legal_basis entry needs `instrument` and `article`")
        unknown = set(item) - {"instrument", "article", "fraction", "paragraph", "note"}
        if unknown:
            raise fail(f"custom.legal_basis: unknown key {sorted(unknown)[0]!r}")
        basis = LegalBasis(
            _str(item["instrument"]),
            _str(item["article"]),
            *(
                None if item.get(k) is None else _str(item[k])
                for k in ("fraction", "paragraph", "note")
            ),
        )
        if basis.instrument.lower().startswith(("reglamento", "lineamientos")) and not basis.note:
            # Whether the 2011 Reglamento and the 2013 Lineamientos still bind under the 2025
            # law is an open legal question (reference/lfpdppp.md section 1.3): say so always.
            basis = replace(basis, note=UNCERTAIN)
        out.append(basis)
    return tuple(out)


_TRANSLATED = ("title", "description", "recommended_action")


def _translations(raw: Any, fail: Any) -> dict[str, dict[str, str]]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise fail("custom.translations must map a language to {title, description, ...}")
    out: dict[str, dict[str, str]] = {}
    for lang, texts in raw.items():
        if lang not in LANGS or lang == "en":
            raise fail(
                f"custom.translations: unknown language {lang!r} (the METADATA itself is "
                f"English; translate into {', '.join(x for x in LANGS if x != 'en')})"
            )
        if not isinstance(texts, dict):
            raise fail(f"custom.translations.{lang} must be a map")
        unknown = set(texts) - set(_TRANSLATED)
        if unknown:
            raise fail(
                f"custom.translations.{lang}: unknown key {sorted(unknown)[0]!r} "
                f"(expected {', '.join(_TRANSLATED)})"
            )
        if not all(isinstance(v, str) for v in texts.values()):
            raise fail(f"custom.translations.{lang}: every entry must be text")
        out[lang] = {k: v.strip() for k, v in texts.items()}
    return out


def _examples_path(value: Any, rego: Path, root: Path, fail: Any) -> Path | None:
    if value is None:
        sibling = rego.with_name(rego.stem + ".examples.yaml")
        return sibling if sibling.is_file() else None
    if not isinstance(value, str):
        raise fail("custom.examples must be a path")
    candidates = [rego.parent / value, root.parent / value]
    parts = Path(value).parts
    if parts and parts[0] == root.name:
        candidates.append(root.joinpath(*parts[1:]))
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    # Missing examples are a documentation gap, not a reason to stop a lint run: the path is
    # kept and `tutela rules explain` / the examples meta-test report it.
    return candidates[0]


def parse_rules(text: str, path: Path, *, root: Path, display: str | None = None) -> list[Rule]:
    """Parse the rule-scoped METADATA blocks of one .rego file.

    Args:
        text: the file's text.
        path: the file (used to resolve ``examples``).
        root: the policy folder the file belongs to (the family is its first sub-folder).
        display: the file name to show in errors and in the index.

    Raises:
        PolicyError: a block is invalid (with the file and line).
    """
    return [rule for rule, _ in _parse_rules(text, path, root=root, display=display)]


def _parse_rules(
    text: str, path: Path, *, root: Path, display: str | None = None
) -> list[tuple[Rule, Any]]:
    """:func:`parse_rules`, each rule with its ``custom.examples`` as written (for the cache)."""
    file = display or path.as_posix()
    lines = text.splitlines()
    package = ""
    for text_line in lines:
        match = _PACKAGE.match(text_line)
        if match:
            package = match.group(1)
            break
    family = package.split(".", 1)[1] if package.startswith("tutela.") else package
    rules: list[tuple[Rule, Any]] = []
    blocks = list(_metadata_blocks(lines))
    for n, (meta_line, after, body) in enumerate(blocks):
        yaml_text = "\n".join(_uncomment(b) for b in body)

        def fail(message: str, line: int = meta_line, hint: str | None = None) -> PolicyError:
            return PolicyError(f"METADATA: {message}", file, line, hint=hint)

        from tutela.yamlsafe import load_yaml  # PyYAML: only when the index is not cached

        try:
            doc = load_yaml(yaml_text, file)
        except YAMLError as exc:
            where = meta_line + exc.line if exc.line else meta_line
            raise PolicyError(f"METADATA: {exc.message}", file, where) from None
        meta = doc.data if doc.data is not None else {}
        if not isinstance(meta, dict):
            raise fail("the block must be a YAML map")

        def at(*key: str | int, doc: Any = doc, base: int = meta_line) -> int:
            mark = doc.mark(key)
            return base + mark[0] if mark else base

        head = lines[after] if after < len(lines) else ""
        kind_match = _HEAD.match(head)
        custom = meta.get("custom")
        if meta.get("scope") in ("package", "subpackages", "document") or head.startswith(
            "package"
        ):
            continue
        if kind_match is None:
            if isinstance(custom, dict) and "id" in custom:
                raise fail(
                    "a block with custom.id must come right before a `deny` or `warn` rule",
                    after + 1,
                )
            continue
        kind = kind_match.group(1)
        if not isinstance(custom, dict):
            raise fail(
                "missing `custom:` with id, name, severity, legal_basis",
                hint="see docs/engines.md, 'Writing a rule'",
            )
        rid = custom.get("id")
        if not isinstance(rid, str) or not ID_RE.match(rid):
            raise fail(
                f"custom.id must be a code like PUR001, got {rid!r}",
                at("custom", "id") if rid is not None else meta_line,
            )
        name = custom.get("name")
        if not isinstance(name, str) or not NAME_RE.match(name):
            raise fail(f"custom.name must be kebab-case, got {name!r}", at("custom", "name"))
        severity = custom.get("severity", "error" if kind == "deny" else "warning")
        if severity not in ("error", "warning", "info"):
            raise fail(
                f"custom.severity must be error, warning or info, got {severity!r}",
                at("custom", "severity"),
            )
        if severity not in _KINDS_SEVERITY[kind]:
            raise fail(
                f"a `{kind}` rule cannot have severity {severity!r} (deny => error, "
                "warn => warning)",
                at("custom", "severity"),
            )
        title = meta.get("title")
        if not isinstance(title, str) or not title.strip():
            raise fail("missing `title`")
        description = meta.get("description", "")
        if not isinstance(description, str):
            raise fail("`description` must be text", at("description"))
        action = custom.get("recommended_action", "")
        if not isinstance(action, str):
            raise fail("custom.recommended_action must be text", at("custom", "recommended_action"))
        aliases = custom.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise fail("custom.aliases must be a list of names", at("custom", "aliases"))
        deprecated = custom.get("deprecated", False)
        if not isinstance(deprecated, bool):
            raise fail("custom.deprecated must be true or false", at("custom", "deprecated"))
        opt_in = custom.get("opt_in", False)
        if not isinstance(opt_in, bool):
            raise fail("custom.opt_in must be true or false", at("custom", "opt_in"))
        legal = _legal_basis(
            custom.get("legal_basis"), lambda m: fail(m, at("custom", "legal_basis"))
        )
        examples = _examples_path(
            custom.get("examples"), path, root, lambda m: fail(m, at("custom", "examples"))
        )
        try:
            messages = parse_catalogue(custom.get("message"))
        except ValueError as exc:
            raise fail(str(exc), at("custom", "message")) from None
        translations = _translations(
            custom.get("translations"), lambda m: fail(m, at("custom", "translations"))
        )
        translations["en"] = {
            "title": title.strip(),
            "description": description.strip(),
            "recommended_action": action.strip(),
        }
        end = blocks[n + 1][0] - 1 if n + 1 < len(blocks) else len(lines)
        rule_text = "\n".join(lines[after:end])
        related = meta.get("related_resources") or []
        refs = (
            tuple(str(r["ref"]) for r in related if isinstance(r, dict) and "ref" in r)
            if isinstance(related, list)
            else ()
        )
        rule = Rule(
            id=rid,
            name=name,
            title=title.strip(),
            description=description.strip(),
            severity=Severity(severity),
            legal_basis=legal,
            recommended_action=action.strip(),
            family=family,
            kind=kind,
            file=file,
            line=after + 1,
            examples=examples,
            deprecated=deprecated,
            opt_in=opt_in,
            aliases=tuple(aliases),
            package=package,
            body_ids=tuple(_LITERAL_ID.findall(rule_text)),
            related=refs,
            messages=messages,
            translations=translations,
        )
        rules.append((rule, custom.get("examples")))
    return rules


def load_rule_index(
    policy_dirs: Sequence[Path], *, include_builtin: bool = False, cache_dir: Path | None = None
) -> RuleIndex:
    """Read every non-test .rego file under ``policy_dirs`` and index its rules.

    Args:
        policy_dirs: policy folders (pass :func:`tutela.engine.base.builtin_policy_dir`
            for the built-in rules).
        include_builtin: prepend the built-in folder.
        cache_dir: when given, the parsed index is cached there, keyed by every policy file's
            path and text, the working directory and the tutela version; a later load of the
            same files skips the METADATA parsing (~50 ms for the built-in rules).

    Raises:
        PolicyError: invalid METADATA, or two rules share a code, name or alias.
    """
    from tutela.engine.base import builtin_policy_dir, display_path

    dirs = list(policy_dirs)
    if include_builtin:
        dirs.insert(0, builtin_policy_dir())
    seen_files: set[Path] = set()
    sources: list[tuple[Path, Path, str | PolicyError]] = []  # (root, file, text or error)
    for root in dirs:
        if not root.is_dir():
            raise PolicyError("policy folder does not exist", display_path(root))
        for path in sorted(root.rglob("*.rego")):
            if path.name.endswith("_test.rego"):
                continue
            resolved = path.resolve()
            if resolved in seen_files:
                continue
            seen_files.add(resolved)
            try:
                text: str | PolicyError = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                # Raised in file order below, after the METADATA of the files before it.
                text = PolicyError(f"cannot read policy: {exc}", display_path(path))
            sources.append((root, path, text))
    cache_file = None
    rules: list[Rule] | None = None
    if cache_dir is not None and all(isinstance(text, str) for _, _, text in sources):
        cache_file = cache_dir / "rules" / f"{_index_key(sources)}.json"
        rules = _read_index(cache_file)
    if rules is None:
        parsed: list[tuple[Path, Path, tuple[Rule, Any]]] = []
        for root, path, text in sources:
            if isinstance(text, PolicyError):
                raise text
            for item in _parse_rules(text, path, root=root, display=display_path(path)):
                parsed.append((root, path, item))
        rules = [rule for _, _, (rule, _) in parsed]
        if cache_file is not None:
            _write_index(cache_file, parsed)
    owners: dict[str, Rule] = {}
    for rule in rules:
        for key in (rule.id, rule.name, *rule.aliases):
            first = owners.get(key)
            if first is not None and first is not rule:
                raise PolicyError(
                    f"duplicate rule code or name {key!r} (first defined at "
                    f"{first.file}:{first.line})",
                    rule.file,
                    rule.line,
                    hint="codes and names are permanent and unique; pick a new one",
                )
            owners[key] = rule
    return RuleIndex(tuple(sorted(rules, key=lambda r: r.id)))


# --------------------------------------------------------------------------------------------
# The index cache: JSON, one file per set of policy sources; an unreadable entry is ignored.

_INDEX_FORMAT = 2


def _index_key(sources: Sequence[tuple[Path, Path, str | PolicyError]]) -> str:
    import hashlib

    from tutela import __version__

    # Rule.file is shown relative to the working directory, so the key includes it; the
    # parser's own code too (and the findings model it builds), so a stricter check in a
    # development checkout never serves an index parsed by the older, laxer one.
    digest = hashlib.sha256(f"{_INDEX_FORMAT}\0{__version__}\0{Path.cwd()}".encode())
    from tutela import findings

    for module in (__file__, findings.__file__):
        digest.update(Path(module).read_bytes())
    for root, path, text in sources:
        digest.update(f"\0{root}\0{path}\0{text}".encode())
    return digest.hexdigest()


def _read_index(cache_file: Path) -> list[Rule] | None:
    import json

    from tutela.cache import read_entry

    body = read_entry(cache_file, "rules", cache_file.parent.parent)
    if body is None:
        return None  # absent, tampered with, or no key: parse again, never trust it
    try:
        entries = json.loads(body)
        rules = []
        for entry in entries:
            fields = dict(entry["rule"])
            # Examples files may come and go without a .rego change: resolve them again.
            fields["examples"] = _examples_path(
                entry["examples"], Path(entry["path"]), Path(entry["root"]), ValueError
            )
            fields["severity"] = Severity(fields["severity"])
            fields["legal_basis"] = tuple(LegalBasis(**b) for b in fields["legal_basis"])
            for key in ("aliases", "body_ids", "related"):
                fields[key] = tuple(fields[key])
            rules.append(Rule(**fields))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no entry, or a corrupt one: parse again
    return rules


def _write_index(cache_file: Path, parsed: Sequence[tuple[Path, Path, tuple[Rule, Any]]]) -> None:
    import json

    from tutela.cache import mark_cache_dir, write_entry

    entries = []
    for root, path, (rule, examples) in parsed:
        fields = {k: v for k, v in vars(rule).items() if k != "examples"}
        fields["legal_basis"] = [vars(b) for b in rule.legal_basis]
        entries.append({"rule": fields, "examples": examples, "path": str(path), "root": str(root)})
    body = json.dumps(entries, ensure_ascii=False).encode("utf-8")
    write_entry(cache_file, "rules", body, cache_file.parent.parent)  # sealed (tutela.cache)
    with contextlib.suppress(TutelaError):  # a cache that cannot be written only costs time
        mark_cache_dir(cache_file.parent.parent)
