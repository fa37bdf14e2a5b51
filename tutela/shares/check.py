"""The manifest gate: manifests -> facts -> policies -> suppressions -> a :class:`Report`.

It mirrors :mod:`tutela.lint` (same engines, rule index, selection, severities, suppressions,
reporters and exit codes). A manifest that cannot be read or fails its schema is a
:class:`~tutela.reporters.base.FileError` (exit 2, like an unreadable SQL file); the
inventory, the configuration, a policy or the engine failing raises (exit 2 in the CLI).
No click here: ``cli/commands/shares.py`` parses options and prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tutela.config import Config
from tutela.engine.base import check_verdict_count, engine_data, make_engine, user_data
from tutela.errors import InputError, ManifestError, TutelaError, dotted_path
from tutela.inventory import Inventory
from tutela.reporters.base import FileError, Report
from tutela.shares.facts import locate, manifest_fact, share_summary
from tutela.shares.load import Manifest, check_unique_ids, expand_manifest_paths, load_manifest
from tutela.sql import Catalog
from tutela.suppressions import apply_suppressions, parse_suppressions
from tutela.yamlsafe import load_yaml

__all__ = [
    "SharesRequest",
    "SharesResult",
    "approved_shares",
    "check_shares",
    "default_share_paths",
    "load_manifests",
]


@dataclass
class SharesRequest:
    """What to check and how (the CLI fills it from flags and configuration)."""

    paths: Sequence[str]
    config: Config
    inventory_path: Path
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    fail_on: str = "error"
    engine: str = "embedded"
    opa_url: str | None = None
    opa_timeout: float = 10.0
    policy_dirs: Sequence[Path] = ()
    today: date = field(default_factory=date.today)
    use_cache: bool = True


@dataclass
class SharesResult:
    """The report plus the manifest facts it was computed from."""

    report: Report
    facts: list[dict[str, Any]]


def default_share_paths(config: Config) -> list[Path]:
    """The configured ``shares`` folders, else ``shares/`` beside the configuration (if any).

    Example:
        >>> from tutela.config import Config
        >>> default_share_paths(Config(root=Path("/nowhere")))
        []
    """
    if config.shares:
        return list(config.shares)
    folder = config.root / "shares"
    return [folder] if folder.is_dir() else []


def load_manifests(
    paths: Sequence[str | Path], config: Config, inventory: Inventory
) -> tuple[list[Manifest], list[FileError]]:
    """Load every manifest under ``paths``; invalid ones become file errors.

    Raises:
        InputError: a path matches nothing.
        ManifestError: two valid manifests share an id.
    """
    manifests: list[Manifest] = []
    errors: list[FileError] = []
    for path in expand_manifest_paths(paths, config):
        name = config.relpath(path)
        try:
            manifests.append(load_manifest(path, inventory, display=name))
        except TutelaError as exc:
            errors.extend(_file_errors(exc, name))
    check_unique_ids(manifests)
    return manifests, errors


def _file_errors(exc: TutelaError, file: str) -> list[FileError]:
    """One file error per located problem, named by its key path (``transport.method: ...``)."""
    if not exc.problems:
        return FileError.from_exception(exc, file)
    out = []
    for problem in exc.problems:
        dotted = dotted_path(problem.path)
        message = f"{dotted}: {problem.message}" if dotted else problem.message
        where = problem.file or file
        out.append(FileError(where, message, problem.line, problem.col, problem.hint))
    return out


def approved_shares(
    config: Config, inventory: Inventory
) -> tuple[list[dict[str, Any]], list[FileError]]:
    """The manifests ``tutela lint`` passes to the SQL rules, and the invalid ones.

    Returns:
        ``[{"id", "recipient", "destinations", "approved", "purpose"}]`` for every valid
        manifest in the configured ``shares`` folders (default ``shares/`` beside the
        configuration), and a file error for every manifest that fails to load.
    """
    paths = [p for p in default_share_paths(config) if p.exists() or config.shares]
    if not paths:
        return [], []
    manifests, errors = load_manifests(paths, config, inventory)
    catalog = Catalog.from_datasets(inventory.datasets)
    summaries = []
    for manifest in manifests:
        summary = share_summary(manifest)
        # What the manifest lets leave, so an egress statement cannot send more (or after
        # its contract ended) than the manifest gate approved.
        fact = manifest_fact(manifest, inventory, catalog)
        summary["columns"] = sorted(
            {
                f"{c['table']}.{c['column']}".lower()
                for c in fact.get("columns", [])
                if c.get("table") and c.get("column")
            }
        )
        contract = manifest.data.get("contract") or {}
        recipient = inventory.recipients.get(manifest.data["recipient"], {})
        summary["valid_until"] = contract.get("valid_until") or (
            recipient.get("contract") or {}
        ).get("valid_until")
        summaries.append(summary)
    return summaries, errors


def _check_ids_against_folders(manifests: Sequence[Manifest], config: Config) -> None:
    """Ids must be unique across the configured folders, also when only some files are checked.

    pre-commit passes only the changed manifests; a new manifest that reuses another's id would
    make ``-- tutela: share=<id>`` ambiguous. The other files are only parsed, not validated.

    Raises:
        ManifestError: a checked manifest reuses the id of another manifest.
    """
    folders = [p for p in default_share_paths(config) if p.is_dir()]
    if not folders or not manifests:
        return
    checked = {m.file for m in manifests}
    by_id = {m.id: m for m in manifests}
    for path in expand_manifest_paths(folders, config):
        if config.relpath(path) in checked:
            continue
        try:
            data = load_yaml(path.read_text(encoding="utf-8-sig"), str(path)).data
        except (OSError, UnicodeDecodeError, TutelaError):
            continue  # checked when that file itself is checked
        other = data.get("id") if isinstance(data, dict) else None
        if isinstance(other, str) and other in by_id:
            manifest = by_id[other]
            line, col = manifest.mark(("id",)) or (None, None)
            raise ManifestError(
                f"id: manifest id {other!r} is already used by {config.relpath(path)}",
                manifest.file,
                line,
                col,
                hint="each manifest needs its own id; rename this one",
            )


def _spans(manifest: Manifest) -> list[tuple[int, int]]:
    """(first, last) line of each top-level key's block: a suppression above a key covers it."""
    starts = sorted(line for path, (line, _) in manifest.doc.key_marks.items() if len(path) == 1)
    last = manifest.text.count("\n") + 1
    return [(a, (starts[i + 1] - 1) if i + 1 < len(starts) else last) for i, a in enumerate(starts)]


def check_shares(request: SharesRequest) -> SharesResult:
    """Run the manifest gate and return the report.

    Raises:
        TutelaError: the inventory, the configuration or a policy is invalid, no manifest
            path matches, two manifests share an id, or the engine fails (all exit 2).
            Invalid manifests are in ``report.errors`` instead.
    """
    from tutela.inventory import load_inventory
    from tutela.lint import check_jurisdictions, in_jurisdictions, policy_config, rule_index

    config = request.config
    cache = (config.cache_dir or config.root / ".tutela_cache") if request.use_cache else None
    inventory = load_inventory(request.inventory_path, cache_dir=cache)
    check_jurisdictions(config, inventory)
    paths: Sequence[str | Path] = list(request.paths) or default_share_paths(config)
    if not paths:
        raise InputError(
            "no manifests to check",
            hint="pass manifest files or folders, or create shares/ beside tutela.toml "
            "(or set `shares = [...]` in the configuration)",
        )
    manifests, errors = load_manifests(paths, config, inventory)
    if request.paths:
        _check_ids_against_folders(manifests, config)
    index = rule_index(config, request.policy_dirs)
    selected = in_jurisdictions(index.select(list(request.select), list(request.ignore)), config)
    selected_ids = {r.id for r in selected}
    catalog = Catalog.from_datasets(inventory.datasets)
    facts = [manifest_fact(m, inventory, catalog) for m in manifests]

    summaries = [share_summary(m) for m in manifests]
    data = engine_data(
        inventory=inventory.to_data(),
        config=policy_config(config, request.today, summaries),
        user=user_data(config.data_files),
    )
    engine = make_engine(
        request.engine,  # type: ignore[arg-type]
        policy_dirs=list(request.policy_dirs),
        data=data,
        opa_url=request.opa_url,
        timeout=request.opa_timeout,
        opa_push=request.config.opa_push,
    )
    verdicts = engine.evaluate(facts) if facts else []
    check_verdict_count(verdicts, facts, "manifests")
    findings = index.findings(facts, verdicts, selected_ids, locate)

    suppressions = []
    spans: dict[str, list[tuple[int, int]]] = {}
    for manifest in manifests:
        suppressions.extend(parse_suppressions(manifest.text, manifest.file, syntax="yaml"))
        spans[manifest.file] = _spans(manifest)
    rules = {r.id: r for r in index}
    applied = apply_suppressions(
        findings, suppressions, request.today, spans=spans, rules=rules, selected=selected_ids
    )
    report = Report(
        findings=applied.all(),
        files=[m.file for m in manifests] + [e.file for e in errors],
        rules={r.id: r for r in selected},
        errors=errors,
        fail_on=request.fail_on,
        lang=index.lang,
    )
    return SharesResult(report, facts)


def summaries(manifests: Sequence[Manifest]) -> list[Mapping[str, Any]]:
    """``share_summary`` of each manifest (for callers that loaded manifests themselves)."""
    return [share_summary(m) for m in manifests]
