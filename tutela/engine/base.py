"""The engine interface, policy discovery and the aggregator contract.

An engine evaluates a batch of facts against every rule family and returns, per fact,
the raw findings the rules emitted (``{id, values, path, kind}``, or ``msg`` for a rule in
the older convention). Python renders the sentence and adds location, severity and legal
basis later (see :meth:`tutela.rules.RuleIndex.to_finding`).

Policy folders hold one folder per family (``<dir>/<family>/*.rego``, ``package
tutela.<family>``). The built-in folder (``tutela/policies``) also holds the machinery:
``lib/`` (``tutela.lib.*`` helpers) and ``main.rego`` (``package tutela.main``, the
aggregator). At load time tutela writes one more module, ``tutela.main.generated``, with the
family list and a per-fact ``verdict`` that references each family statically.

Query contract (the same for every back end)::

    data.tutela.main.findings   with input = {"facts": [fact, ...]}
    -> {"families": ["consent", ...], "revision": "<16 hex>",
        "results": [{"deny": [f...], "warn": [f...], "families": ["consent", ...]}, ...]}

where each ``f`` is ``{"id": "PUR001", "values": {...}, "path": [...]}`` (optionally with
``variant``; a custom rule may give ``msg`` instead of, or besides, ``values``). Verdict
completeness: ``families`` and ``revision`` must be the loaded policies'
(:attr:`PolicySet.revision`, a digest of every module), and every verdict must name every
family as having answered for its fact (a family answers when its ``deny``/``warn`` sets are
defined, or when its ``applies_to`` guard skips the fact). Anything else (an empty verdict,
unknown keys, a missing family, another policy revision) is an :class:`EngineError`: a fake or
stale answer never passes.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Literal, NotRequired, Protocol, TypedDict

from tutela.config import Config
from tutela.errors import EngineError, PolicyError

AGGREGATE_RULE = "data.tutela.main.findings"
"""The rule every back end queries with ``input = {"facts": [...]}``."""

AGGREGATE_PATH = "tutela/main/findings"
"""The same rule as an OPA REST path (``POST /v1/data/<path>``)."""

GENERATED_PACKAGE = "tutela.main.generated"
GENERATED_ID = "tutela/generated/families.rego"
RESERVED = frozenset({"main", "lib"})
"""Names under ``tutela.`` that are machinery, never rule families."""
DATA_KEYS = frozenset({"inventory", "config"})
"""Names under ``data.tutela`` that hold data; no package may use them."""

EngineKind = Literal["embedded", "opa"]
FindingKind = Literal["deny", "warn"]

_PACKAGE = re.compile(r"^package\s+([A-Za-z_][\w.]*)\s*$", re.MULTILINE)
_HEAD = re.compile(r"^(deny|warn)\b", re.MULTILINE)
_APPLIES = re.compile(r'^applies_to\s*:=\s*"(statement|manifest)"\s*$', re.MULTILINE)


class RawFinding(TypedDict):
    """What a rule emitted for one fact, before Python locates and classifies it."""

    id: str
    path: list[str | int]
    kind: FindingKind
    #: the values that name the object (``finding.with_values``); the sentence is rendered
    #: in Python from the rule's message catalogue (tutela/messages.py)
    values: NotRequired[dict[str, Any]]
    variant: NotRequired[str]
    #: a sentence the policy wrote itself (``finding.new``): the fallback message
    msg: NotRequired[str]


class Engine(Protocol):
    """A policy back end: evaluate facts, one list of raw findings per fact, same order."""

    def evaluate(self, facts: Sequence[Mapping[str, Any]]) -> list[list[RawFinding]]:
        """Evaluate every family over ``facts``.

        Raises:
            EngineError: the engine failed or the policies returned malformed findings.
        """
        ...  # pragma: no cover


@dataclass(frozen=True)
class PolicyModule:
    """One Rego module: a stable id (OPA policy id, bundle path), its file and its text."""

    id: str
    file: str
    text: str
    package: str

    @property
    def is_test(self) -> bool:
        """Whether this is a ``*_test.rego`` module."""
        return self.id.endswith("_test.rego")


@dataclass(frozen=True)
class PolicySet:
    """The modules an engine loads, plus the discovered families."""

    modules: tuple[PolicyModule, ...]
    families: tuple[str, ...]
    kinds: Mapping[str, frozenset[str]]
    # family -> the fact kind it judges, when the family declares `applies_to := "<kind>"`;
    # the aggregator then skips it for facts of other kinds (each family costs ~0.3 ms a fact).
    applies: Mapping[str, str] = field(default_factory=dict)

    @property
    def revision(self) -> str:
        """A digest of every non-test module (id and text): which policies gave a verdict."""
        import hashlib

        digest = hashlib.sha256()
        for module in sorted(self.modules, key=lambda m: m.id):
            if not module.is_test:
                digest.update(f"{module.id}\0{module.text}\0".encode())
        return digest.hexdigest()[:16]

    def by_id(self) -> dict[str, PolicyModule]:
        """Modules keyed by id."""
        return {m.id: m for m in self.modules}

    def policy_modules(self) -> tuple[PolicyModule, ...]:
        """The non-test modules plus the generated aggregator module (what engines load)."""
        return (*(m for m in self.modules if not m.is_test), self.generated())

    def generated(self) -> PolicyModule:
        """The ``tutela.main.generated`` module for these families."""
        return PolicyModule(GENERATED_ID, GENERATED_ID, generated_module(self), GENERATED_PACKAGE)


def builtin_policy_dir() -> Path:
    """The folder of the built-in policies (``tutela/policies`` when installed)."""
    return Path(str(resources.files("tutela.policies")))


def display_path(path: Path, *, real: Path | None = None, cwd: Path | None = None) -> str:
    """``path`` relative to the working directory when below it, else as given (POSIX).

    ``real`` (``path`` resolved) and ``cwd`` (the working directory, resolved) save the
    resolving when the caller already has them.
    """
    try:
        where = cwd or Path.cwd().resolve()
        return (real or path.resolve()).relative_to(where).as_posix()
    except ValueError:
        return path.as_posix()


def _rego_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.rego") if p.is_file())


def _package_of(text: str, file: str) -> str:
    match = _PACKAGE.search(text)
    if match is None:
        raise PolicyError(
            "Rego module has no `package` declaration",
            file,
            1,
            1,
            hint="start the file with `package tutela.<family>`",
        )
    return match.group(1)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"cannot read policy: {exc.strerror}", display_path(path)) from None
    except UnicodeDecodeError:
        raise PolicyError("policy is not UTF-8 text", display_path(path)) from None


def load_policies(
    policy_dirs: Sequence[Path] = (), *, include_builtin: bool = True, tests: bool = False
) -> PolicySet:
    """Read the Rego modules of the built-in policies and of ``policy_dirs``.

    The built-in machinery (``lib/`` and ``main.rego``) is always loaded; the built-in rule
    families only when ``include_builtin`` is true. A file reached twice is loaded once.

    Args:
        policy_dirs: extra folders (user policies), each ``<dir>/<family>/*.rego``.
        include_builtin: also load the built-in rule families.
        tests: also load ``*_test.rego`` modules (for ``tutela policy test``).

    Raises:
        PolicyError: a folder does not exist, a file cannot be read or has no package.
    """
    builtin = builtin_policy_dir()
    roots: list[tuple[str, Path, bool]] = [("tutela/builtin", builtin, include_builtin)]
    used: set[str] = set()
    for folder in policy_dirs:
        if not folder.is_dir():
            raise PolicyError(
                "policy folder does not exist",
                display_path(folder),
                hint="check `policy_dirs` in the configuration or the folder argument",
            )
        if folder.resolve() == builtin.resolve():
            roots[0] = ("tutela/builtin", builtin, True)
            continue
        name = re.sub(r"[^A-Za-z0-9_.-]", "_", folder.resolve().name) or "policies"
        base, n = name, 1
        while name in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name)
        roots.append((f"tutela/user/{name}", folder, True))

    seen: set[Path] = set()
    modules: list[PolicyModule] = []
    cwd = Path.cwd().resolve()
    for prefix, folder, families in roots:
        for path in _rego_files(folder):
            rel = path.relative_to(folder)
            machinery = prefix == "tutela/builtin" and (
                rel.parts[0] == "lib" or rel.as_posix() == "main.rego"
            )
            if not (families or machinery):
                continue
            if path.name.endswith("_test.rego") and not tests:
                continue
            real = path.resolve()
            if real in seen:
                continue
            seen.add(real)
            text = _read(path)
            file = display_path(path, real=real, cwd=cwd)
            modules.append(
                PolicyModule(f"{prefix}/{rel.as_posix()}", file, text, _package_of(text, file))
            )
    return policy_set(modules)


def policy_set(modules: Sequence[PolicyModule]) -> PolicySet:
    """Build a :class:`PolicySet`, discovering families from the packages ``tutela.<name>``."""
    kinds: dict[str, set[str]] = {}
    applies: dict[str, str] = {}
    for module in modules:
        if module.is_test:
            continue
        parts = module.package.split(".")
        if parts[0] == "tutela" and len(parts) > 1 and parts[1] in DATA_KEYS:
            raise PolicyError(
                f"package {module.package} clashes with data.tutela.{parts[1]}",
                module.file,
                1,
                hint="rename the family (data.tutela.inventory and "
                "data.tutela.config hold the inventory and the configuration)",
            )
        if len(parts) != 2 or parts[0] != "tutela" or parts[1] in RESERVED:
            continue
        kinds.setdefault(parts[1], set()).update(_HEAD.findall(module.text))
        declared = _APPLIES.findall(module.text)
        if declared:
            applies[parts[1]] = declared[0]
    return PolicySet(
        tuple(modules),
        tuple(sorted(kinds)),
        {k: frozenset(v) for k, v in kinds.items()},
        applies,
    )


def generated_module(policies: PolicySet) -> str:
    """Rego text of ``tutela.main.generated`` for the families of ``policies``.

    Each family's sets are read once into a complete rule (``deny__<family>``), undefined when
    the family's package is missing; a family is ``answered`` when all its sets are defined
    (or its ``applies_to`` guard skips the fact), and the verdict lists the answered families.

    Example:
        >>> ps = policy_set([PolicyModule("a", "a", "deny contains 1 if true", "tutela.x")])
        >>> print(generated_module(ps).replace(ps.revision, "<rev>"))
        ... # doctest: +NORMALIZE_WHITESPACE
        # Generated by tutela from the policy folders; do not edit.
        package tutela.main.generated
        <BLANKLINE>
        families := ["x"]
        revision := "<rev>"
        <BLANKLINE>
        deny__x := data.tutela.x.deny
        answered contains "x" if { deny__x }
        <BLANKLINE>
        deny contains f if { some f in deny__x }
        warn := set()
        <BLANKLINE>
        verdict := {"deny": [f | some f in deny], "warn": [f | some f in warn],
          "families": [n | some n in answered]}
    """
    lines = [
        "# Generated by tutela from the policy folders; do not edit.",
        f"package {GENERATED_PACKAGE}",
        "",
        "families := [" + ", ".join(f'"{f}"' for f in policies.families) + "]",
        f'revision := "{policies.revision}"',
        "",
    ]
    for family in policies.families:
        kinds = [k for k in ("deny", "warn") if k in policies.kinds.get(family, ())]
        guard = policies.applies.get(family)
        for kind in kinds:
            ref = f"data.tutela.{family}.{kind}"
            if guard:
                lines.append(f'{kind}__{family} := {ref} if {{ input.kind == "{guard}" }}')
                lines.append(f'{kind}__{family} := set() if {{ input.kind != "{guard}" }}')
            else:
                lines.append(f"{kind}__{family} := {ref}")
        body = "; ".join(f"{kind}__{family}" for kind in kinds)
        lines.append(
            f'answered contains "{family}" if {{ {body} }}'
            if body
            else f'answered contains "{family}"'
        )
    if not policies.families:
        lines.append("answered := set()")
    lines.append("")
    for kind in ("deny", "warn"):
        users = [f for f in policies.families if kind in policies.kinds.get(f, ())]
        for family in users:
            lines.append(f"{kind} contains f if {{ some f in {kind}__{family} }}")
        if not users:
            lines.append(f"{kind} := set()")
    lines.append("")
    lines.append(
        'verdict := {"deny": [f | some f in deny], "warn": [f | some f in warn], '
        '"families": [n | some n in answered]}'
    )
    return "\n".join(lines) + "\n"


def check_verdict_count(verdicts: Sequence[Any], judged: Sequence[Any], noun: str) -> None:
    """Fail closed unless the engine returned one verdict per judged item (``noun`` names them).

    Raises:
        EngineError: the counts differ; no verdict is reported.
    """
    if len(verdicts) != len(judged):
        raise EngineError(
            "the policy engine returned a result count that does not match the "
            f"{noun}; no verdict is reported"
        )


def engine_data(
    *,
    inventory: Mapping[str, Any] | None = None,
    config: Mapping[str, Any] | None = None,
    user: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The data document every back end loads.

    Example:
        >>> engine_data(inventory={"version": 1}, config={"profile": "strict"})
        {'tutela': {'inventory': {'version': 1}, 'config': {'profile': 'strict'}}, 'user': {}}
    """
    return {
        "tutela": {"inventory": dict(inventory or {}), "config": dict(config or {})},
        "user": dict(user or {}),
    }


def config_data(config: Config) -> dict[str, Any]:
    """``data.tutela.config``: what the policies may read from the configuration.

    Example:
        >>> from tutela.config import Config
        >>> config_data(Config(profile="legal"))
        {'profile': 'legal', 'masks': {}, 'jurisdiction': ['lfpdppp']}
    """
    # `jurisdiction`: the gdpr rule family judges only when it lists "gdpr" (docs/gdpr.md).
    return {
        "profile": config.profile,
        "masks": dict(config.masks),
        "jurisdiction": list(config.jurisdiction),
    }


def user_data(files: Sequence[Path]) -> dict[str, Any]:
    """``data.user``: the maps of the configured ``data_files`` (YAML or JSON), merged.

    Each file must hold a map; its top-level keys become keys of ``data.user``. A key that
    two files define is an error (no silent overwrite).

    Raises:
        InputError: a file cannot be read, or is not a map.
        YAMLError: a file is not valid YAML/JSON.
        ConfigError: two files define the same top-level key.
    """
    from tutela.errors import ConfigError, InputError

    merged: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for path in files:
        from tutela.textfile import read_text  # the one reader: BOM, encodings, size limit
        from tutela.yamlsafe import load_yaml  # PyYAML: only with data files configured

        file = display_path(path)
        text = read_text(path, file, what="data file")[1].text
        data = load_yaml(text, file).data
        if not isinstance(data, dict):
            raise InputError("a data file must hold a map (its keys go under data.user)", file)
        for key, value in data.items():
            if key in merged:
                raise ConfigError(
                    f"data.user.{key} is defined twice (also in {owner[key]})",
                    file,
                    hint="keep each top-level key in one data file",
                )
            merged[key], owner[key] = value, file
    return merged


def _bad(where: str, detail: str) -> EngineError:
    return EngineError(
        f"policy output is malformed: {detail}",
        where,
        hint="rules must add finding.with_values(id, values, path) objects to `deny` or "
        "`warn` (import data.tutela.lib.finding)",
    )


def _finding(item: Any, kind: FindingKind, where: str) -> RawFinding:
    if not isinstance(item, Mapping):
        raise _bad(where, f"a {kind} finding is {type(item).__name__}, not an object: {item!r}")
    fid, msg, path = item.get("id"), item.get("msg"), item.get("path", [])
    values, variant = item.get("values"), item.get("variant")
    if not isinstance(fid, str) or not fid:
        raise _bad(where, f"a {kind} finding has no string `id`: {dict(item)!r}")
    if values is not None and not (
        isinstance(values, Mapping) and all(isinstance(k, str) for k in values)
    ):
        raise _bad(where, f"finding {fid} has `values` that are not an object: {values!r}")
    if variant is not None and not isinstance(variant, str):
        raise _bad(where, f"finding {fid} has a `variant` that is not a string: {variant!r}")
    if values is None and (not isinstance(msg, str) or not msg):
        raise _bad(where, f"finding {fid} has neither `values` nor a string `msg`: {dict(item)!r}")
    if msg is not None and not isinstance(msg, str):
        raise _bad(where, f"finding {fid} has a `msg` that is not a string: {msg!r}")
    if not isinstance(path, list):
        raise _bad(where, f"finding {fid} has a `path` that is not a list: {path!r}")
    clean: list[str | int] = []
    for part in path:
        if isinstance(part, float) and part.is_integer():
            part = int(part)
        if isinstance(part, bool) or not isinstance(part, (str, int)):
            raise _bad(
                where, f"finding {fid} has a path element that is not a key or an index: {part!r}"
            )
        clean.append(part)
    out: RawFinding = {"id": fid, "path": clean, "kind": kind}
    if msg:
        out["msg"] = msg
    if values is not None:
        # Table and column names repeat across thousands of findings: one string each.
        out["values"] = {sys.intern(k): _shared(v) for k, v in values.items()}
    if variant:
        out["variant"] = variant
    return out


def _shared(value: Any) -> Any:
    """``value`` with its strings interned (lists copied), as a finding's values keep it."""
    if isinstance(value, str):
        return sys.intern(value)
    if isinstance(value, list):
        return [_shared(v) for v in value]
    return value


def _sort_key(f: RawFinding) -> tuple[str, str, str, str, str]:
    values = f.get("values")
    shown = json.dumps(values, sort_keys=True, default=str) if values is not None else ""
    return (f["kind"], f["id"], repr(f["path"]), f.get("variant", ""), shown + f.get("msg", ""))


VERDICT_KEYS = frozenset({"deny", "warn", "families"})
"""The keys a verdict may have; any other key means the answer is not tutela's."""


def _incomplete(where: str, detail: str) -> EngineError:
    return EngineError(
        f"incomplete policy verdict: {detail}; no verdict is reported",
        where,
        hint="the engine must evaluate tutela's aggregator over the loaded policies (push "
        "them, or run the bundle `tutela bundle` built from the same policy folders)",
    )


def check_answer(result: Any, families: Sequence[str], revision: str | None, where: str) -> None:
    """Fail closed unless the aggregator's answer names the loaded families and revision.

    Raises:
        EngineError: ``families`` or ``revision`` differ from what was loaded.
    """
    if not isinstance(result, Mapping):
        raise _bad(where, f"the aggregator returned {type(result).__name__}, not an object")
    got = result.get("families")
    if not isinstance(got, list) or sorted(map(str, got)) != sorted(families):
        raise _incomplete(
            where, f"the engine answered for families {got!r}, loaded {list(families)!r}"
        )
    if revision is not None and result.get("revision") != revision:
        raise _incomplete(
            where,
            f"the policies answering are revision {result.get('revision')!r}, loaded {revision!r}",
        )


def parse_results(
    result: Any, count: int, where: str, families: Sequence[str] | None = None
) -> list[list[RawFinding]]:
    """Validate the aggregator's value and return one sorted list of findings per fact.

    With ``families``, every verdict must have only :data:`VERDICT_KEYS` and list every one of
    ``families`` as answered (verdict completeness, see the module docstring).

    Raises:
        EngineError: the value does not follow the contract (see the module docstring).
    """
    if not isinstance(result, Mapping) or "results" not in result:
        raise _bad(
            where,
            f"the aggregator did not return {{families, results}}; is {GENERATED_PACKAGE} loaded?",
        )
    results = result["results"]
    if not isinstance(results, list) or len(results) != count:
        got = len(results) if isinstance(results, list) else type(results).__name__
        raise _bad(where, f"expected {count} results, got {got}")
    expected = sorted(families) if families is not None else None
    out: list[list[RawFinding]] = []
    for index, verdict in enumerate(results):
        if not isinstance(verdict, Mapping):
            raise _bad(where, f"a verdict is not an object: {verdict!r}")
        if expected is not None:
            unknown = sorted(set(verdict) - VERDICT_KEYS)
            if unknown:
                raise _incomplete(where, f"verdict {index} has unknown keys {unknown}")
            answered = verdict.get("families")
            if not isinstance(answered, (list, set, frozenset)):
                raise _incomplete(where, f"verdict {index} does not say which families answered")
            missing = sorted(set(expected) - {str(a) for a in answered})
            if missing or len(set(answered)) != len(expected):
                raise _incomplete(
                    where, f"verdict {index}: families {missing or sorted(answered)} did not answer"
                )
        found: list[RawFinding] = []
        for kind in ("deny", "warn"):
            items = verdict.get(kind, [])
            if isinstance(items, (set, frozenset)):
                items = list(items)
            if not isinstance(items, list):
                raise _bad(where, f"`{kind}` is not a set of findings: {items!r}")
            found.extend(_finding(item, kind, where) for item in items)
        out.append(sorted(found, key=_sort_key))
    return out


def chunks(items: Sequence[Any], size: int) -> list[Sequence[Any]]:
    """Split ``items`` into consecutive slices of at most ``size``.

    Example:
        >>> chunks([1, 2, 3], 2)
        [[1, 2], [3]]
    """
    return [items[i : i + size] for i in range(0, len(items), size)]
