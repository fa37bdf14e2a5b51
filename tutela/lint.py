"""The lint pipeline: SQL files -> facts -> policies -> findings -> a :class:`Report`.

No click here: ``cli/commands/lint.py`` parses options and prints; this module runs.
Files are analysed in parallel processes when there are many (facts extraction is the
dominant cost and sqlglot holds the GIL); facts are cached per file, keyed by the file's
bytes, the dialect, the configured purpose, the inventory, and the tutela, sqlglot and
fact-schema versions. The gate fails closed: a file that cannot be read or rendered is a
:class:`FileError` (exit 2), a statement that cannot be parsed is a fact the policies turn
into a finding (SQL001), and an engine failure raises.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutela import __version__
from tutela.cache import mark_cache_dir, read_entry, write_entry
from tutela.config import Config
from tutela.engine import Engine, RawFinding, make_engine
from tutela.errors import EngineError, TutelaError
from tutela.gate import (
    Gate,
    GateOptions,
    Unit,
    cache_dir,
    check_jurisdictions,
    in_jurisdictions,
    judge,
    policy_config,
    rule_index,
)
from tutela.reporters.base import FileError, Report
from tutela.sql.catalog import Catalog
from tutela.sql.files import (
    analyze_path,
    dbt_fingerprint,
    expand_paths,
    read_sql_bytes,
    skipped_models,
)

if TYPE_CHECKING:
    from tutela.inventory import Inventory

# check_jurisdictions, in_jurisdictions, policy_config and rule_index are re-exported from
# tutela.gate, where both gates (and tutela audit) find them.
__all__ = [
    "LintRequest",
    "LintResult",
    "check_jurisdictions",
    "collect_facts",
    "in_jurisdictions",
    "lint",
    "locate",
    "policy_config",
    "rule_index",
]

PARALLEL_MIN_FILES = 24


@dataclass
class LintRequest:
    """What to lint and how (the CLI fills it from flags and configuration)."""

    paths: Sequence[str]
    config: Config
    inventory_path: Path
    dialect: str | None = None
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    fail_on: str = "error"
    engine: str = "embedded"
    opa_url: str | None = None
    opa_timeout: float = 10.0
    policy_dirs: Sequence[Path] = ()
    stdin_text: str | None = None
    stdin_filename: str | None = None
    today: date = field(default_factory=date.today)
    jobs: int = 0  # 0: one per core
    use_cache: bool = True
    shares: Sequence[Mapping[str, Any]] = ()
    # Called with (files done, files in all) as files are analysed: the CLI's progress bar.
    progress: Callable[[int, int], None] | None = None
    # False: once a batch is judged, each fact keeps only what its findings point to
    # (slim_fact), so workers send little back, and once the batch's findings are made only
    # a stub of each fact (kind, file, index, encoding, error) is kept: memory does not grow
    # with the facts of a whole run. LintResult.facts is then the stubs. The CLI passes False.
    keep_facts: bool = True


@dataclass
class LintResult:
    """The report plus the facts it was computed from (for ``--facts`` debugging)."""

    report: Report
    facts: list[dict[str, Any]]


_CODE: list[str] = []


def _sqlglot_version() -> str:
    """Sqlglot's version without importing it (a cache hit must not pay for sqlglot)."""
    from importlib.util import find_spec

    spec = find_spec("sqlglot")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        try:
            text = (Path(folder) / "_version.py").read_text(encoding="utf-8")
        except OSError:
            continue
        match = re.search(r"^__version__\s*=[^'\"\n]*['\"]([^'\"]+)['\"]", text, re.MULTILINE)
        if match:
            return match.group(1)
    from importlib import metadata

    try:
        return metadata.version("sqlglot")
    except metadata.PackageNotFoundError:  # pragma: no cover - sqlglot is a dependency
        return "?"


def _code_fingerprint() -> str:
    """Hash of the fact extractor's source, so a changed extractor never reads stale facts."""
    if not _CODE:
        digest = hashlib.sha256()
        base = Path(__file__).resolve().parent
        for path in sorted([*(base / "sql").glob("*.py"), *(base / "shares").glob("*.py")]):
            digest.update(path.read_bytes())
        _CODE.append(digest.hexdigest())
    return _CODE[0]


def _facts_key(data: bytes, parts: Sequence[str]) -> str:
    digest = hashlib.sha256(data)
    for part in parts:
        digest.update(b"\0" + part.encode("utf-8"))
    return digest.hexdigest()


def _read_cache(path: Path) -> list[dict[str, Any]] | None:
    """A facts entry, only when its seal verifies (:mod:`tutela.cache`) and its shape is right."""
    body = read_entry(path, "facts", path.parents[2])
    if body is None:
        return None  # absent, tampered with, or no key: recomputed, never trusted
    try:
        data = json.loads(body)
    except ValueError:
        return None
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        return None
    return data


def _write_cache(path: Path, facts: list[dict[str, Any]]) -> None:
    cache = path.parents[2]  # <cache>/facts/<xx>/<key>.json
    write_entry(path, "facts", json.dumps(facts, ensure_ascii=False).encode("utf-8"), cache)
    mark_cache_dir(cache)


@dataclass
class _Job:
    config: Config
    catalog: Catalog
    purposes: set[str]
    dialect: str | None
    cache: Path | None
    inventory_sha: str
    # The embedded engine's inputs: each process builds its own engine once and judges
    # the facts of its files, so both analysis and evaluation run in parallel. None for
    # the OPA back end, which is evaluated once, centrally.
    policy_dirs: Sequence[Path] = ()
    engine_data: dict[str, Any] | None = None
    slim: bool = False  # LintRequest.keep_facts is False


@dataclass
class FileResult:
    """One file's facts (None if it could not be analysed), text, errors and verdicts."""

    name: str
    facts: list[dict[str, Any]] | None
    text: str
    errors: list[FileError]
    verdicts: list[list[RawFinding]] | None = None


_ENGINES: dict[int, Engine] = {}


def _job_engine(job: _Job) -> Engine:
    key = id(job)
    if key not in _ENGINES:
        _ENGINES.clear()
        _ENGINES[key] = make_engine(
            "embedded",
            policy_dirs=list(job.policy_dirs),
            data=job.engine_data or {},
            cache_dir=job.cache,  # the parent compiled the program: a worker reads it
        )
    return _ENGINES[key]


def _analyze_batch(job: _Job, paths: Sequence[Path]) -> list[FileResult]:
    """Facts for each file of ``paths`` and, with the embedded engine, their verdicts.

    The facts of the whole batch are judged together: an engine query has a fixed cost of a
    few milliseconds, so judging a pre-commit batch of 5-statement files one file at a time
    cost more than the rules themselves.
    """
    results = [_facts_for(job, path) for path in paths]
    if job.engine_data is None:
        return results
    judged = [r for r in results if r.facts]
    facts = [fact for r in judged for fact in r.facts or []]
    if not facts:
        return results
    # A rule that fails on one statement costs that statement its verdict, never the batch's.
    verdicts, failures = judge(_job_engine(job), facts)
    at = 0
    for result in judged:
        n = len(result.facts or [])
        result.verdicts = verdicts[at : at + n]
        at += n
    by_file: dict[str, list[FileError]] = {}
    for failure in failures:
        by_file.setdefault(failure.file, []).append(failure)
    for result in judged:
        result.errors.extend(by_file.pop(result.name, []))
    for rest in by_file.values():  # a fact naming another file: still reported
        judged[0].errors.extend(rest)
    if job.slim:
        for result in judged:
            pairs = zip(result.facts or [], result.verdicts or [], strict=True)
            result.facts = [slim_fact(fact, raws) for fact, raws in pairs]
    return results


_KEPT_KEYS = ("kind", "file", "index", "location", "encoding", "error")


def slim_fact(fact: Mapping[str, Any], raws: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """What the report needs of a judged fact: where it is, and where its findings point.

    Keeps the fact's ``kind``, ``file``, ``index``, ``location``, ``encoding`` and ``error``,
    and along each raw finding's ``path`` the positions :func:`locate` reads (a list becomes
    a map by index, so the path still reaches the same node).

    Example:
        >>> fact = {"file": "a.sql", "location": {"line": 1, "col": 1},
        ...         "exposures": [{"line": 2, "col": 3, "column": "x", "transforms": []},
        ...                       {"line": 4, "col": 9, "column": "email"}]}
        >>> slim = slim_fact(fact, [{"id": "PUR002", "path": ["exposures", 1, "column"]}])
        >>> slim["exposures"], locate(slim, ["exposures", 1, "column"])
        ({1: {'line': 4, 'col': 9}}, (4, 9))
    """
    out: dict[str, Any] = {k: fact[k] for k in _KEPT_KEYS if k in fact}
    for raw in raws:
        node: Any = fact
        kept = out
        for key in raw.get("path") or []:
            try:
                node = node[key]
            except (KeyError, IndexError, TypeError):
                break
            if not isinstance(node, Mapping | list):
                break
            child = kept.setdefault(key, {})
            if isinstance(node, Mapping):
                for pos in ("line", "col"):
                    if pos in node:
                        child[pos] = node[pos]
            kept = child
    return out


def _facts_for(job: _Job, path: Path) -> FileResult:
    name = job.config.relpath(path)
    try:
        raw = read_sql_bytes(path, name)
    except TutelaError as exc:
        return FileResult(name, None, "", FileError.from_exception(exc, name))
    key_path = None
    if job.cache is not None:
        key = _facts_key(
            raw,
            [
                name,
                job.dialect or "",
                str(job.config.dialect_for(path)),
                str(job.config.purpose_for(path)),
                # The per-file budgets cut a file's facts short: a changed budget is new facts.
                f"max_statements={job.config.max_statements}",
                f"file_time_budget={job.config.file_time_budget!r}",
                job.inventory_sha,
                __version__,
                _sqlglot_version(),
                _code_fingerprint(),  # covers FACTS_VERSION, defined in that code
                dbt_fingerprint(path),
            ],
        )
        key_path = job.cache / "facts" / key[:2] / f"{key}.json"
        cached = _read_cache(key_path)
        if cached is not None:
            return FileResult(name, cached, _decode_for_suppressions(raw), [])
    try:
        facts = analyze_path(
            path,
            config=job.config,
            catalog=job.catalog,
            display=name,
            dialect=job.dialect,
            purposes=job.purposes,
        )
    except TutelaError as exc:
        return FileResult(name, None, "", FileError.from_exception(exc, name))
    if key_path is not None:
        _write_cache(key_path, facts)
    return FileResult(name, facts, _decode_for_suppressions(raw), [])


def _decode_for_suppressions(raw: bytes) -> str:
    from tutela.sql.source import decode_sql, normalize_newlines

    try:
        return normalize_newlines(decode_sql(raw, "")[0])
    except TutelaError:
        return ""


_WORKER_JOB: _Job | None = None


def _init_worker(job: _Job) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job


def _work(paths: Sequence[Path]) -> list[FileResult]:
    if _WORKER_JOB is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker not initialised")
    return _analyze_batch(_WORKER_JOB, paths)


_PROGRESS_STEP = 25  # files per progress update on the serial path
_SLIM_STEP = 100  # files judged together on the serial path when facts are slimmed


def collect_facts(
    files: Sequence[Path],
    job: _Job,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[FileResult]:
    """Analyse ``files``, in parallel processes when there are many; results in file order.

    Raises:
        EngineError: a worker process died (the run fails closed rather than skip files).
    """
    return [result for batch in iter_batches(files, job, jobs, progress) for result in batch]


def iter_batches(
    files: Sequence[Path],
    job: _Job,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[list[FileResult]]:
    """:func:`collect_facts` batch by batch, in file order, each as soon as it is done.

    A caller that turns each batch into findings and lets its facts go holds one batch's
    facts at a time, however large the run (``tutela lint``, issue #15).

    Raises:
        EngineError: a worker process died (the run fails closed rather than skip files).
    """
    workers = jobs or (os.cpu_count() or 1)
    if workers <= 1 or len(files) < PARALLEL_MIN_FILES:
        if progress is None and not job.slim:
            yield _analyze_batch(job, files)
            return
        # Batches still share engine calls; with slim facts, memory holds one batch's facts.
        step = _PROGRESS_STEP if progress is not None else _SLIM_STEP
        done = 0
        for i in range(0, len(files), step):
            batch = _analyze_batch(job, files[i : i + step])
            done += len(batch)
            if progress is not None:
                progress(done, len(files))
            yield batch
        return
    from concurrent.futures import ProcessPoolExecutor  # ~10 ms: only for many files
    from concurrent.futures.process import BrokenProcessPool

    # Each task is a batch of files whose facts a worker judges in one engine call; four
    # batches per worker keep the load balanced when files differ in size.
    size = max(1, -(-len(files) // (workers * 4)))
    batches = [files[i : i + size] for i in range(0, len(files), size)]
    # regorus engines may only be dropped by the thread that made them: collect unreachable
    # ones on this thread before the pool's threads can trigger a collection.
    gc.collect()
    # What this process holds now (modules, gate, inventory, a caller's own data) the forked
    # workers inherit: frozen, their collector never walks it, so neither does it copy the
    # pages it would touch (a caller holding 5,000 facts made the workers 8-10 % slower).
    gc.freeze()
    try:
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_init_worker, initargs=(job,)
        ) as pool:
            done = 0
            for batch in pool.map(_work, batches):
                done += len(batch)
                if progress is not None:
                    progress(done, len(files))
                yield batch
    except BrokenProcessPool:
        raise EngineError(
            "a worker process analysing SQL files died; no result is reported "
            "(a policy error in a worker ends the run the same way)",
            hint="run with --jobs 1 to find the file that crashes it, and report the bug",
        ) from None
    finally:
        gc.unfreeze()  # this process's own collections see all of it again


def locate(fact: Mapping[str, Any], path: Sequence[Any]) -> tuple[int | None, int | None]:
    """Line and column for a finding's ``path`` into its fact (nearest located node).

    Example:
        >>> locate({"location": {"line": 1, "col": 1}, "exposures": [{"line": 4, "col": 9}]},
        ...        ["exposures", 0, "column"])
        (4, 9)
    """
    best: tuple[int | None, int | None] = (
        fact.get("location", {}).get("line"),
        fact.get("location", {}).get("col"),
    )
    node: Any = fact
    for key in path:
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, Mapping) and isinstance(node.get("line"), int):
            best = (node["line"], node.get("col"))
    return best


def _share_files(config: Config) -> list[Path]:
    """The manifest files the egress rules' approved shares are read from."""
    from tutela.shares.paths import default_share_paths

    return sorted(
        p
        for folder in default_share_paths(config)
        for p in ([folder] if folder.is_file() else folder.rglob("*.y*ml"))
        if p.is_file()
    )


def _shares(
    request: LintRequest, inventory: Inventory
) -> tuple[list[Mapping[str, Any]], list[FileError]]:
    """The sharing manifests the egress rules see: the request's, else the configured ones.

    An invalid manifest is a file error (exit 2): the SQL gate must not judge egress against
    a manifest the manifest gate would refuse to read.
    """
    if request.shares:
        return list(request.shares), []
    config = request.config
    cache_file = None
    if request.use_cache:
        # Loading manifests parses their queries (~80 ms each): cache the summaries, keyed by
        # every manifest's bytes, the inventory and the code that reads them.
        files = _share_files(config)
        digest = hashlib.sha256()
        for part in (inventory.sha256, __version__, _code_fingerprint(), str(config.source)):
            digest.update(part.encode("utf-8") + b"\0")
        for path in files:
            digest.update(str(path).encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
        cache = cache_dir(config)
        cache_file = cache / "shares" / f"{digest.hexdigest()}.json"
        body = read_entry(cache_file, "shares", cache)
        if body is not None:
            try:
                cached = json.loads(body)
                return list(cached["shares"]), [FileError(**e) for e in cached["errors"]]
            except (ValueError, KeyError, TypeError):
                pass  # a sealed entry of the wrong shape: recompute
    from tutela.shares.approved import approved_shares  # manifests parse SQL: only on a miss

    found, errors = approved_shares(config, inventory)
    if cache_file is not None:
        payload = {"shares": list(found), "errors": [e.to_dict() for e in errors]}
        write_entry(cache_file, "shares", json.dumps(payload).encode("utf-8"), cache_dir(config))
        mark_cache_dir(cache_dir(config))
    return list(found), errors


def lint(request: LintRequest) -> LintResult:
    """Run the whole pipeline and return the report (one :class:`~tutela.gate.Gate` run).

    Raises:
        TutelaError: the inventory, the configuration or a policy is invalid, or the engine
            fails as a whole (all exit 2). Per-file problems, and statements a rule failed
            on, are in ``report.errors`` instead.
    """
    config = request.config
    options = GateOptions(
        config=config,
        inventory_path=request.inventory_path,
        engine=request.engine,
        opa_url=request.opa_url,
        opa_timeout=request.opa_timeout,
        policy_dirs=tuple(request.policy_dirs),
        today=request.today,
        use_cache=request.use_cache,
    )
    gate = Gate.open(
        options,
        shares=lambda inventory: _shares(request, inventory),
        # A warm process may reuse its gate while these files are unchanged (keep_gates);
        # manifests given in the request are not files it can watch.
        watch=None if request.shares else _share_files(config),
    )
    inventory = gate.inventory
    catalog = Catalog.from_datasets(inventory.datasets)
    embedded = request.engine == "embedded"
    job = _Job(
        config,
        catalog,
        set(inventory.purposes),
        request.dialect,
        gate.cache,
        inventory.sha256,
        list(request.policy_dirs),
        gate.data if embedded else None,
        slim=embedded and not request.keep_facts,  # OPA judges in the parent: full facts
    )
    if embedded:
        _ENGINES.clear()
        _ENGINES[id(job)] = gate.engine  # the serial path reuses the engine just built

    # Each batch of files becomes findings as soon as it is judged; unless the request keeps
    # facts, only a stub of each fact (kind, file, index, encoding, error) outlives its batch.
    collector = gate.collector(
        select=request.select,
        ignore=request.ignore,
        locate=lambda fact, path: (*locate(fact, path), tuple(path)),
    )
    kept: list[dict[str, Any]] = []

    def add(batch: Sequence[FileResult]) -> None:
        collector.add([_unit(result) for result in batch])
        for result in batch:
            for fact in result.facts or []:
                kept.append(fact if request.keep_facts else _stub(fact))

    if request.stdin_text is not None:
        name = request.stdin_filename or "<stdin>"
        try:
            facts = analyze_path(
                Path(name),
                config=config,
                catalog=catalog,
                display=name,
                dialect=request.dialect,
                purposes=set(inventory.purposes),
                text=request.stdin_text,
            )
            add([FileResult(name, facts, request.stdin_text, [])])
        except TutelaError as exc:
            add([FileResult(name, None, "", FileError.from_exception(exc, name))])
    skipped: dict[str, str] = {}
    if request.paths:
        files = expand_paths(request.paths, config, skipped)
        empty: list[Path] = []
        at = 0
        for batch in iter_batches(files, job, request.jobs, request.progress):
            # A dbt model with `enabled: false` yields no facts: skipped, not analysed.
            paths = files[at : at + len(batch)]
            empty += [path for path, r in zip(paths, batch, strict=True) if r.facts == []]
            at += len(batch)
            add(batch)
        for path in skipped_models(empty, config, request.dialect) if empty else []:
            skipped[config.relpath(path)] = "disabled in dbt"

    report = collector.finish(
        fail_on=request.fail_on,
        # A dbt model with `enabled: false` yields no facts: skipped, not analysed.
        disabled={name for name, why in skipped.items() if why == "disabled in dbt"},
        skipped=dict(Counter(skipped.values())),
    )
    return LintResult(report, kept)


_STUB_KEYS = ("kind", "file", "index", "encoding", "error")


def _stub(fact: Mapping[str, Any]) -> dict[str, Any]:
    """What outlives a judged fact when facts are not kept: where it is from, and how read."""
    return {key: fact[key] for key in _STUB_KEYS if key in fact}


def _unit(result: FileResult) -> Unit:
    facts = result.facts or []
    spans = [(f["location"]["line"], f["location"]["end_line"]) for f in facts]
    return Unit(
        result.name, result.facts, result.text, "sql", spans, list(result.errors), result.verdicts
    )
