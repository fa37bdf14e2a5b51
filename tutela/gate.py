"""The gate: what ``tutela lint`` and ``tutela shares check`` share, in one place.

Both gates run the same pipeline; only the first and the last steps differ (what a *unit* is —
a SQL file or a manifest — and how a finding's path is located in its fact)::

    configuration -> policy data -> rule index -> engine            (Gate.open, once)
    units' facts  -> verdicts (isolated per unit) -> located findings
                  -> suppressions -> Report -> exit code            (Gate.report, per run)

:mod:`tutela.lint` (SQL files) and :mod:`tutela.shares.check` (manifests) each build their
units and call the gate; neither imports the other.

The API, for the two gates and for a warm process (``tutela server``, issue #15) that judges
many requests without rebuilding the engine::

    gate = Gate.open(GateOptions(config=..., inventory_path=..., engine="embedded"),
                     shares=lambda inventory: (summaries, file_errors))
    # built once: the configuration, the inventory, the rule index, the data document and
    # the engine (policies loaded and compiled). Raises TutelaError (exit 2) when any fails.

    verdicts, failures = gate.judge(facts)
    # one verdict per fact; a fact on which a rule fails at run time gets an empty verdict
    # and a FileError in `failures` (file:line of the fact, the Rego message), so one bad
    # fact never hides the findings of the others. Raises EngineError when the engine
    # itself fails (unreachable server, malformed or incomplete verdicts).

    report = gate.report(units, select=(), ignore=(), fail_on="error", locate=locate)
    # judges the units not judged yet, locates and selects findings, applies inline
    # suppressions and returns the Report (exit code: report.exit_code).

A :class:`Gate` is not thread-safe (a regorus engine may not cross threads): one per thread or
process. It never reloads anything: a caller that watches files builds a new gate when the
configuration, the inventory, the policies or the manifests change.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tutela.config import Config
from tutela.engine import Engine, RawFinding, make_engine
from tutela.engine.base import check_verdict_count, config_data, engine_data, user_data
from tutela.errors import EngineError, EvaluationError
from tutela.reporters.base import FileError, Report
from tutela.rules import Rule, RuleIndex, load_rule_index
from tutela.spool import Findings
from tutela.suppressions import Syntax, apply_suppressions, parse_suppressions

if TYPE_CHECKING:
    from tutela.inventory import Inventory

Locate = Callable[
    [Mapping[str, Any], Sequence[Any]], tuple[int | None, int | None, tuple[Any, ...]]
]
"""``locate(fact, path) -> (line, col, key path)`` for a raw finding's ``path`` in its fact."""

SharesSource = Callable[["Inventory"], tuple[Sequence[Mapping[str, Any]], Sequence[FileError]]]
"""Given the inventory: the approved-share summaries the policies see, and invalid manifests."""


@dataclass(frozen=True)
class GateOptions:
    """What a gate is built from (the CLI fills it from flags and configuration)."""

    config: Config
    inventory_path: Path
    engine: str = "embedded"
    opa_url: str | None = None
    opa_timeout: float = 10.0
    policy_dirs: Sequence[Path] = ()
    today: date = field(default_factory=date.today)
    use_cache: bool = True


def cache_dir(config: Config) -> Path:
    """The cache folder: ``cache_dir`` from the configuration, else ``.tutela_cache``."""
    return config.cache_folder


def policy_config(
    config: Config, today: date, shares: Sequence[Mapping[str, Any]] = ()
) -> dict[str, Any]:
    """``data.tutela.config`` for a run: profile, masks, the run date and approved shares.

    Example:
        >>> policy_config(Config(), date(2026, 1, 2))["today"]
        '2026-01-02'
    """
    data = config_data(config)
    masks = config.masks.get("functions") if isinstance(config.masks, dict) else None
    if masks is not None:
        functions = [str(m).lower() for m in masks]
        # `replace = true`: the configured list is the whole list (policies/lib/config.rego)
        replace = isinstance(config.masks, dict) and config.masks.get("replace") is True
        data["masks"] = {"functions": functions, "replace": True} if replace else functions
    else:
        data.pop("masks", None)  # the policies' defaults apply (policies/lib/config.rego)
    data["today"] = today.isoformat()
    data["shares"] = [dict(s) for s in shares]
    return data


def rule_index(config: Config, policy_dirs: Sequence[Path], cache: Path | None = None) -> RuleIndex:
    """Built-in plus user rules, with the configured severity overrides and language.

    With ``cache`` the parsed METADATA index is cached there (authenticated, see
    :mod:`tutela.cache`); the severity overrides are applied after the cache, every run.
    """
    index = load_rule_index(list(policy_dirs), include_builtin=True, cache_dir=cache)
    index = index.with_severity(config.severity) if config.severity else index
    return index.with_lang(config.lang) if config.lang != index.lang else index


def in_jurisdictions(rules: Sequence[Rule], config: Config) -> tuple[Rule, ...]:
    """The rules of the jurisdictions the configuration turns on (``jurisdiction``)."""
    return tuple(r for r in rules if r.jurisdiction in config.jurisdiction)


def check_jurisdictions(config: Config, inventory: Inventory) -> None:
    """Validate what the enabled jurisdictions add to the inventory (the ``gdpr:`` block).

    Raises:
        InventoryError: the GDPR profile is on and its block is missing or invalid.
    """
    if "gdpr" in config.jurisdiction:
        from tutela.gdpr import validate_gdpr

        validate_gdpr(inventory)


def load_gate_inventory(options: GateOptions) -> Inventory:
    """The inventory of ``options`` (cached when the cache is on), checked for the jurisdictions.

    Raises:
        InventoryError: the inventory is invalid (exit 2).
    """
    from tutela.inventory import load_inventory

    cache = cache_dir(options.config) if options.use_cache else None
    inventory = load_inventory(options.inventory_path, cache_dir=cache)
    check_jurisdictions(options.config, inventory)
    return inventory


@dataclass
class Unit:
    """One thing a gate judges and reports on: a SQL file or a manifest.

    Attributes:
        name: the file as reports show it.
        facts: its facts; ``None`` when it could not be analysed (``errors`` say why).
        text: the text its inline suppressions are read from.
        syntax: comment syntax of ``text`` (``sql`` or ``yaml``).
        spans: (first, last) line of each statement or block a suppression may cover.
        errors: why it could not be analysed, or which of its facts could not be judged.
        verdicts: one verdict per fact when already judged (by a worker process).
    """

    name: str
    facts: list[dict[str, Any]] | None
    text: str = ""
    syntax: Syntax = "sql"
    spans: list[tuple[int, int]] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    verdicts: list[list[RawFinding]] | None = None


def fact_failure(fact: Mapping[str, Any], exc: EngineError) -> FileError:
    """The error a fact gets when a rule fails on it: the fact's place, the Rego message.

    Example:
        >>> err = EvaluationError("policy evaluation failed: boom", "p.rego", 3, 5)
        >>> f = fact_failure({"file": "a.sql", "location": {"line": 7, "col": 1}}, err)
        >>> (f.file, f.line)
        ('a.sql', 7)
        >>> f.message
        'policy evaluation failed: boom (at p.rego:3:5); this statement was not judged'
    """
    where = ""
    if exc.file:
        where = f" (at {exc.file}" + (f":{exc.line}" if exc.line else "")
        where += (f":{exc.col}" if exc.line and exc.col else "") + ")"
    raw = fact.get("location")
    location: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    noun = "manifest" if fact.get("kind") == "manifest" else "statement"
    return FileError(
        str(fact.get("file") or "?"),
        f"{exc.message}{where}; this {noun} was not judged",
        location.get("line") if isinstance(location.get("line"), int) else None,
        location.get("col") if isinstance(location.get("col"), int) else None,
        exc.hint or "the other units were judged; fix the rule (or report the bug) and run again",
    )


def judge(
    engine: Engine, facts: Sequence[Mapping[str, Any]], noun: str = "facts"
) -> tuple[list[list[RawFinding]], list[FileError]]:
    """Evaluate ``facts``, isolating run-time rule errors to the facts that cause them.

    The batch is evaluated at once; when a rule fails at run time (an
    :class:`~tutela.errors.EvaluationError`), it is split in halves until the failing facts
    are found. Each gets an empty verdict and a :func:`fact_failure`; every other fact keeps
    its verdict. Any other engine failure ends the run (fail closed).

    Raises:
        EngineError: the engine failed as a whole, or returned a wrong verdict count.
    """
    items = list(facts)
    verdicts: list[list[RawFinding]] = []
    failures: list[FileError] = []
    if not items:
        return verdicts, failures
    try:
        verdicts = engine.evaluate(items)
    except EvaluationError as exc:
        if len(items) == 1:
            return [[]], [fact_failure(items[0], exc)]
        half = len(items) // 2
        first, bad1 = judge(engine, items[:half], noun)
        second, bad2 = judge(engine, items[half:], noun)
        return first + second, bad1 + bad2
    check_verdict_count(verdicts, items, noun)
    return verdicts, failures


class Gate:
    """A configured policy gate: inventory, rule index, data document and engine, built once.

    See the module docstring for the API. Attributes: ``options``, ``config``, ``inventory``,
    ``index`` (the rule index with severity overrides), ``shares`` and ``share_errors`` (what
    :data:`SharesSource` returned), ``data`` (the data document) and ``engine``.
    """

    def __init__(
        self,
        options: GateOptions,
        inventory: Inventory,
        index: RuleIndex,
        *,
        shares: Sequence[Mapping[str, Any]] = (),
        share_errors: Sequence[FileError] = (),
        engine: Engine | None = None,
    ) -> None:
        """Build the data document and the engine (unless ``engine`` is given).

        Raises:
            PolicyError: a policy fails to load or compile (with its file and line).
            EngineError: the back end cannot be reached or set up.
            ConfigError: unknown engine, missing OPA URL, bad ``data_files``.
        """
        self.options = options
        self.config = options.config
        self.inventory = inventory
        self.index = index
        self.shares = list(shares)
        self.share_errors = list(share_errors)
        self.data = engine_data(
            inventory=inventory.to_data(),
            config=policy_config(self.config, options.today, self.shares),
            user=user_data(self.config.data_files),  # conftest-style data for user policies
        )
        # Built now, even when workers evaluate: a policy that does not compile is reported
        # once, with its file and line, before any unit is analysed.
        self.engine: Engine = engine or make_engine(
            options.engine,  # type: ignore[arg-type]
            policy_dirs=list(options.policy_dirs),
            data=self.data,
            opa_url=options.opa_url,
            timeout=options.opa_timeout,
            opa_push=self.config.opa_push,
            cache_dir=cache_dir(self.config) if options.use_cache else None,
        )

    @classmethod
    def open(
        cls,
        options: GateOptions,
        shares: SharesSource | None = None,
        *,
        watch: Sequence[Path] | None = None,
    ) -> Gate:
        """Load the inventory and the rule index, ask ``shares`` for the approved shares, build.

        In a warm process (:func:`keep_gates`), ``watch`` — the files ``shares`` reads, or
        ``None`` when what it returns does not come from files — lets an identical request
        reuse the gate it built before: see :func:`keep_gates` for when that is safe.

        Raises:
            TutelaError: the inventory, the configuration, a policy or the engine is invalid
                or fails (all exit 2).
        """
        if _KEPT is None or watch is None or options.engine != "embedded":
            return cls._build(options, shares)  # an OPA server's state is not ours to watch
        stamp = _inputs(options, watch)
        for at, (kept_options, kept_stamp, gate) in enumerate(_KEPT):
            if stamp is not None and kept_stamp == stamp and kept_options == options:
                _KEPT.append(_KEPT.pop(at))  # most recently used last
                return gate
        gate = cls._build(options, shares)
        if stamp is not None:
            _KEPT.append((options, stamp, gate))
            del _KEPT[:-_KEEP]
        return gate

    @classmethod
    def _build(cls, options: GateOptions, shares: SharesSource | None) -> Gate:
        inventory = load_gate_inventory(options)
        cache = cache_dir(options.config) if options.use_cache else None
        index = rule_index(options.config, options.policy_dirs, cache)
        found, errors = shares(inventory) if shares is not None else ((), ())
        return cls(options, inventory, index, shares=found, share_errors=errors)

    @property
    def cache(self) -> Path | None:
        """The cache folder, or None with ``use_cache=False``."""
        return cache_dir(self.config) if self.options.use_cache else None

    def judge(
        self, facts: Sequence[Mapping[str, Any]], noun: str = "facts"
    ) -> tuple[list[list[RawFinding]], list[FileError]]:
        """:func:`judge` with this gate's engine."""
        return judge(self.engine, facts, noun)

    def report(
        self,
        units: Sequence[Unit],
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        fail_on: str = "error",
        locate: Locate,
        errors: Sequence[FileError] = (),
        noun: str = "facts",
        disabled: Collection[str] = (),
        skipped: Mapping[str, int] | None = None,
    ) -> Report:
        """Judge the units not judged yet, then findings -> suppressions -> :class:`Report`.

        ``errors`` are problems outside any unit (e.g. an invalid manifest); with the share
        errors of :meth:`open` they make the exit code 2. ``disabled``: units that are not
        counted as analysed (dbt models with ``enabled: false``); ``skipped``: counts by
        reason, for the report. The same as :meth:`collector`, :meth:`Collector.add` of every
        unit and :meth:`Collector.finish`.

        Raises:
            ConfigError: a selector matches no rule.
            EngineError: the engine fails as a whole (see :func:`judge`).
        """
        collector = self.collector(select=select, ignore=ignore, locate=locate, noun=noun)
        collector.add(units)
        return collector.finish(fail_on=fail_on, errors=errors, disabled=disabled, skipped=skipped)

    def collector(
        self,
        *,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        locate: Locate,
        noun: str = "facts",
    ) -> Collector:
        """A :class:`Collector` for one report: add units in batches, then finish.

        Raises:
            ConfigError: a selector matches no rule.
        """
        return Collector(self, select, ignore, locate, noun)


class Collector:
    """One report's findings, gathered batch by batch: a batch's facts can go once added.

    Every unit's facts must name that unit's file (suppressions and findings are matched by
    file), which both gates guarantee. The report is the same whichever way the units are
    split into batches: the report sorts its findings once, at :meth:`finish`.
    """

    def __init__(
        self,
        gate: Gate,
        select: Sequence[str],
        ignore: Sequence[str],
        locate: Locate,
        noun: str,
    ) -> None:
        self.gate = gate
        self.selected = in_jurisdictions(gate.index.select(list(select), list(ignore)), gate.config)
        self.selected_ids = {r.id for r in self.selected}
        self.locate = locate
        self.noun = noun
        self.findings = Findings()  # spilled to a temporary file past a few thousand
        self.failures: list[FileError] = []  # rules that failed on a fact
        self.unit_errors: list[FileError] = []
        self.analysed: list[str] = []

    def add(self, units: Sequence[Unit]) -> None:
        """Judge the units not judged yet; keep their located, suppression-applied findings.

        Raises:
            EngineError: the engine fails as a whole (see :func:`judge`).
        """
        gate = self.gate
        pending = [u for u in units if u.facts and u.verdicts is None]
        batch = [fact for u in pending for fact in u.facts or []]
        verdicts, failures = gate.judge(batch, self.noun)
        self.failures += failures
        at = 0
        for unit in pending:
            n = len(unit.facts or [])
            unit.verdicts = verdicts[at : at + n]
            at += n
        facts: list[Mapping[str, Any]] = []
        judged: list[list[RawFinding]] = []
        suppressions = []
        spans: dict[str, list[tuple[int, int]]] = {}
        for unit in units:
            self.unit_errors.extend(unit.errors)
            if unit.facts is None:
                continue
            self.analysed.append(unit.name)
            facts.extend(unit.facts)
            judged.extend(unit.verdicts or [[] for _ in unit.facts])
            suppressions.extend(parse_suppressions(unit.text, unit.name, syntax=unit.syntax))
            spans[unit.name] = list(unit.spans)
        check_verdict_count(judged, facts, self.noun)
        findings = gate.index.findings(facts, judged, self.selected_ids, self.locate)
        applied = apply_suppressions(
            findings,
            suppressions,
            gate.options.today,
            spans=spans,
            rules={r.id: r for r in gate.index},
            selected=self.selected_ids,
        )
        self.findings.extend([*applied.findings, *applied.unused, *applied.problems])

    def finish(
        self,
        *,
        fail_on: str = "error",
        errors: Sequence[FileError] = (),
        disabled: Collection[str] = (),
        skipped: Mapping[str, int] | None = None,
    ) -> Report:
        """The :class:`Report` of every unit added (see :meth:`Gate.report`)."""
        problems = [*self.gate.share_errors, *errors, *self.failures, *self.unit_errors]
        analysed = [name for name in self.analysed if name not in disabled]
        return Report(
            findings=self.findings,  # sorted by Report (file, line, column, rule, message)
            files=analysed + [e.file for e in problems],
            rules={r.id: r for r in self.selected},
            errors=problems,
            fail_on=fail_on,
            skipped=dict(skipped or {}),
            lang=self.gate.index.lang,
        )


# Gates a warm process keeps (``tutela server``): None outside one, so a command-line run
# builds its gate as before. An entry is (options, inputs' stat fingerprint, gate).
_KEPT: list[tuple[GateOptions, tuple[Any, ...], Gate]] | None = None
_KEEP = 4


def keep_gates(count: int = 4) -> None:
    """Keep up to ``count`` gates for reuse in this process (the daemon calls this once).

    A request reuses a kept gate only when its options are equal (the configuration as
    parsed, the engine, the run date) and, by :func:`tutela.watch.fingerprint`, none of the
    files the gate was built from changed: the configuration file, the inventory, every file
    below the built-in and user policy folders, the ``data_files`` and the ``watch`` files
    (the manifests), in the same working directory (policy paths are shown relative to it).
    A change to any of them builds a new gate, so a warm verdict is never a stale one.
    Only embedded-engine gates are kept: an OPA server's policies can change behind us.
    """
    global _KEPT, _KEEP
    _KEPT, _KEEP = [], count


def _inputs(options: GateOptions, watch: Sequence[Path]) -> tuple[Any, ...] | None:
    from tutela.engine import builtin_policy_dir
    from tutela.watch import fingerprint

    config = options.config
    files = [options.inventory_path, *config.data_files, *watch]
    if config.source is not None:
        files.append(config.source)
    folders = [builtin_policy_dir(), *options.policy_dirs]
    stamp = fingerprint(files, folders)
    return None if stamp is None else (str(Path.cwd()), stamp)
