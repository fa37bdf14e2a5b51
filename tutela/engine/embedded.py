"""The embedded back end: regorus (PyPI ``gordon-to-regorus``) in this process.

regorus has two evaluators, and this engine uses both (docs/engines.md, "Embedded"):

* the **compiled VM** (``regorus.Program`` / ``regorus.Rvm``, :mod:`tutela.engine.rvm`) judges
  each fact with one call: 3-4x cheaper a fact than the interpreter. It cannot compile
  ``with``, so the per-fact loop runs in Python; a call may run at most 25,000 instructions;
  and its built-in errors are not strict (a division by zero is undefined, not an error).
* the **interpreter** (``regorus.Engine``) evaluates the aggregator ``data.tutela.main.findings``
  over a batch with ``with input as``, in chunks of :data:`CHUNK_SIZE` facts. It is strict: an
  error in a rule stops the query with the Rego message and its ``file:line:col``.

The interpreter is the reference. The VM judges the built-in families (tested by ``tutela policy
test``, which always runs on the interpreter, and compared with the interpreter by
tests/engine/test_differential.py); families that come from user policy folders, or built-in
packages that a user folder extends, are judged by the interpreter, so that a user rule that
fails at run time still fails the run. Fallback, per fact: when the VM raises (its instruction
limit or any other error), or its verdict carries an undefined value, or the verdicts are
malformed, the fact is judged again by the interpreter, and the interpreter's verdict or error
stands. No VM error is ever reported as such, and no VM failure is ever a pass.

The interpreter loads each policy package's files merged into one module
(:mod:`tutela.engine.merge`: 12.6 % fewer instructions a fact; errors are mapped back to the
file and line the author wrote); the VM compiles the files as written (merging changes nothing
there). ``TUTELA_EMBEDDED_ENGINE=interpreter`` (or ``mode="interpreter"``) turns the VM off.

Measured on the 2-core reference machine (``make bench`` re-measures): with the interpreter,
1 fact per query cost 10.8 s for 2,000 facts, 100 per query 2.8 s, 500 per query 2.8 s: a query
has a fixed cost of a few milliseconds, so :data:`CHUNK_SIZE` is 100. Static family references
(the generated ``verdict``) were about twice as fast as ``data.tutela[family]``.

Pitfalls handled here (reference/tech-notes.md):

* regorus's interpreter compiles lazily: an unsafe variable or an unknown function is only
  reported when the rule is evaluated. When the interpreter judges any family,
  :class:`EmbeddedEngine` evaluates every family package once with an empty input at load
  time, so those errors are :class:`PolicyError` with ``file:line:col`` before any fact is
  judged. The VM compiler reports them when the program is compiled.
* With ``RUST_BACKTRACE=1`` every error message carries a Rust backtrace; it is cut off.
* An ``Engine`` (and a VM) may not cross threads (it panics): use it from the thread that made
  it, and parallelise with :meth:`EmbeddedEngine.evaluate_parallel` (processes, one engine each).
* regorus has no evaluation timeout. Rego always terminates, but a policy can still be
  very slow; :meth:`EmbeddedEngine.evaluate_parallel` accepts ``timeout`` and kills its
  workers when it expires (fail closed). :meth:`EmbeddedEngine.evaluate` has no timeout.
"""

from __future__ import annotations

import dataclasses
import gc
import json
import logging
import os
import re
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import regorus

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

from tutela.engine.base import (
    AGGREGATE_RULE,
    GENERATED_ID,
    GENERATED_PACKAGE,
    PolicyModule,
    PolicySet,
    RawFinding,
    check_answer,
    chunks,
    generated_module,
    parse_results,
)
from tutela.engine.merge import SourceMap, merge_modules
from tutela.engine.rvm import (
    VERDICT_RULE,
    VmCompileError,
    VmRunner,
    compile_program,
    family_module,
    family_rules,
)
from tutela.errors import ConfigError, EngineError, EvaluationError, PolicyError

CHUNK_SIZE = 100
MODE_ENV = "TUTELA_EMBEDDED_ENGINE"
"""Environment variable that picks the evaluator: ``vm`` (the default) or ``interpreter``."""

Mode = Literal["vm", "interpreter"]
MODES: tuple[Mode, ...] = ("vm", "interpreter")
PARTIAL_PACKAGE = "tutela.main.interpreted"
PARTIAL_RULE = f"data.{PARTIAL_PACKAGE}.findings"
PARTIAL_ID = "tutela/generated/interpreted.rego"
BUILTIN_PREFIX = "tutela/builtin/"
AGGREGATOR_ID = "tutela/builtin/main.rego"

_LOCATION = re.compile(r"-->\s*(?P<file>.+?):(?P<line>\d+):(?P<col>\d+)")
_ERROR = re.compile(r"^error:\s*(?P<msg>.+)$", re.MULTILINE)
log = logging.getLogger("tutela")


def clean_message(text: str) -> str:
    r"""Cut a regorus message before its Rust backtrace.

    Example:
        >>> clean_message("boom\n\nStack backtrace:\n   0: <unknown>")
        'boom'
    """
    return text.split("Stack backtrace:", 1)[0].strip()


def split_error(
    text: str, source_map: SourceMap | None = None
) -> tuple[str, str | None, int | None, int | None]:
    r"""Return ``(message, file, line, col)`` from a regorus error text.

    With ``source_map``, positions inside merged modules are mapped back to the original file
    and line (in the location and in the message).

    Example:
        >>> split_error("--> a.rego:4:5\n  |\n4 | x\n  | ^\nerror: unexpected x")
        ('unexpected x', 'a.rego', 4, 5)
    """
    text = clean_message(text)
    loc = _LOCATION.search(text)
    err = _ERROR.search(text)
    message = err.group("msg").strip() if err else text.strip().splitlines()[0] if text else ""
    if "recursion detected" in message:
        message = "recursion detected (a rule depends on itself)"
    if source_map is not None:
        message = source_map.remap(message)
    if loc is None:
        return message or "unknown regorus error", None, None, None
    file, line = loc.group("file"), int(loc.group("line"))
    if source_map is not None:
        mapped_file, mapped_line = source_map.locate(file, line)
        file, line = mapped_file or file, mapped_line or line
    return message, file, line, int(loc.group("col"))


def policy_error(
    exc: BaseException, default_file: str | None = None, source_map: SourceMap | None = None
) -> PolicyError:
    """Map a regorus compile error to :class:`PolicyError` (``file:line:col: message``)."""
    message, file, line, col = split_error(str(exc), source_map)
    if file is None and default_file is not None and source_map is not None:
        default_file = source_map.locate(default_file, None)[0]
    return PolicyError(message, file or default_file, line, col)


def engine_error(exc: BaseException, source_map: SourceMap | None = None) -> EvaluationError:
    """Map a regorus evaluation error to :class:`EvaluationError` (fail closed, per fact)."""
    message, file, line, col = split_error(str(exc), source_map)
    return EvaluationError(f"policy evaluation failed: {message}", file, line, col)


def build_regorus(
    modules: Sequence[PolicyModule],
    data: Mapping[str, Any] | str,
    source_map: SourceMap | None = None,
) -> Any:
    """Return a ``regorus.Engine`` holding ``modules`` and ``data`` (JSON text or a mapping).

    Raises:
        PolicyError: a module does not parse.
        EngineError: the data cannot be loaded.
    """
    engine = regorus.Engine()
    engine.set_gather_prints(True)
    for module in modules:
        try:
            engine.add_policy(module.file, module.text)
        except Exception as exc:  # regorus raises RuntimeError / ValueError
            raise policy_error(exc, module.file, source_map) from None
    try:
        engine.add_data_json(data if isinstance(data, str) else json.dumps(data))
    except Exception as exc:
        raise EngineError(f"cannot load policy data: {clean_message(str(exc))}") from None
    return engine


def compile_check(
    engine: Any, packages: Sequence[str], source_map: SourceMap | None = None
) -> None:
    """Evaluate each package once with an empty input so lazy compile errors surface now.

    Raises:
        PolicyError: with the file, line and column regorus reports.
    """
    engine.set_input({})
    for package in packages:
        try:
            engine.eval_query_as_json(f"data.{package}")
        except Exception as exc:
            raise policy_error(exc, source_map=source_map) from None
        finally:
            engine.take_prints()


def default_mode() -> Mode:
    """The evaluator :data:`MODE_ENV` asks for (``vm`` when it is unset or empty).

    Raises:
        ConfigError: the variable holds something else.
    """
    value = os.environ.get(MODE_ENV, "").strip().lower() or "vm"
    for mode in MODES:
        if value == mode:
            return mode
    raise ConfigError(
        f"{MODE_ENV}={value!r} is not an embedded evaluator",
        hint="use `vm` (the default) or `interpreter`",
    )


def _subset(policies: PolicySet, families: Sequence[str]) -> PolicySet:
    return dataclasses.replace(policies, families=tuple(families))


def partial_module(policies: PolicySet, families: Sequence[str]) -> PolicyModule:
    """The aggregator of the families the interpreter judges beside the VM.

    Its ``findings`` has the shape of ``data.tutela.main.findings`` (see
    :mod:`tutela.engine.base`), over ``families`` only.
    """
    text = generated_module(_subset(policies, families)).replace(
        f"package {GENERATED_PACKAGE}\n", f"package {PARTIAL_PACKAGE}\n", 1
    )
    text += (
        'findings := {"families": families, "results": '
        "[v | some fact in input.facts; v := verdict with input as fact]}\n"
    )
    return PolicyModule(PARTIAL_ID, PARTIAL_ID, text, PARTIAL_PACKAGE)


@dataclasses.dataclass(frozen=True)
class Plan:
    """Which families each evaluator judges (see the module docstring)."""

    vm: tuple[str, ...]
    interpreter: tuple[str, ...]
    reasons: Mapping[str, str]
    # family -> why the interpreter judges it ("a user policy family", "extended by a user
    # policy", a user policy extending a built-in library package, or the VM compiler's refusal)


def plan_families(
    policies: PolicySet, modules: Sequence[PolicyModule], *, trust_user: bool
) -> Plan:
    """Split the families between the VM and the interpreter (before any compile).

    A family is for the interpreter when a module outside the built-in policies is in its
    package; every family is, when a user module extends a built-in package that is not a
    family (``tutela.lib.*``, ``tutela.main``), because any family may depend on it. With
    ``trust_user`` every family is for the VM.
    """
    if trust_user:
        return Plan(tuple(policies.families), (), {})
    builtin = {m.package for m in modules if m.id.startswith(BUILTIN_PREFIX)}
    user = {
        m.package
        for m in modules
        if not m.id.startswith(BUILTIN_PREFIX) and m.id != GENERATED_ID and not m.is_test
    }
    family_packages = {f"tutela.{family}" for family in policies.families}
    reasons: dict[str, str] = {}
    shared = sorted((user & builtin) - family_packages)
    for family in policies.families:
        package = f"tutela.{family}"
        if shared:
            reasons[family] = f"a user policy extends the built-in package {shared[0]}"
        elif package in user:
            reasons[family] = (
                "extended by a user policy" if package in builtin else "a user policy family"
            )
    vm = tuple(f for f in policies.families if f not in reasons)
    return Plan(vm, tuple(f for f in policies.families if f in reasons), reasons)


class EmbeddedEngine:
    """Evaluate facts with regorus, in process: compiled VM first, interpreter as reference.

    Attributes:
        mode: ``"vm"`` or ``"interpreter"``.
        plan: which families the VM and the interpreter judge.
        stats: counters, per :meth:`evaluate` call summed over the engine's life: ``vm``
            (facts the VM judged), ``vm:per-rule`` (of those, the facts judged one family's
            rule set at a time, because the whole verdict reached the VM's instruction limit),
            ``interpreter`` (facts the interpreter judged for every family: interpreter mode
            or fallback), ``fallback:<reason>`` (see
            :data:`tutela.engine.rvm.Fallback`; ``malformed`` when the VM's verdicts did not
            pass the checks and the whole call was judged again).

    Example:
        >>> from tutela.engine.base import engine_data, load_policies
        >>> engine = EmbeddedEngine(load_policies(include_builtin=False), engine_data())
        >>> engine.evaluate([{"kind": "sql_statement"}])
        [[]]
    """

    def __init__(
        self,
        policies: PolicySet,
        data: Mapping[str, Any] | str,
        *,
        chunk_size: int = CHUNK_SIZE,
        mode: Mode | None = None,
        merge: bool = True,
        trust_user: bool = False,
        check: bool = True,
        program_cache: Path | None = None,
    ) -> None:
        """Load every module and the data once, then compile the VM program or check the policies.

        Args:
            policies: the modules and families (:func:`tutela.engine.base.load_policies`).
            data: the data document (:func:`tutela.engine.base.engine_data`) or its JSON text.
            chunk_size: facts per interpreter query.
            mode: ``"vm"`` or ``"interpreter"``; by default :func:`default_mode`.
            merge: let the interpreter load each package's files merged into one module
                (positions are mapped back).
            trust_user: let the VM judge user policy families too (their run-time errors then
                follow the VM's non-strict rules; see the module docstring).
            check: evaluate each family once at load time on the interpreter, to report lazy
                compile errors (workers skip it: their parent checked).
            program_cache: the cache folder, where compiled VM programs are kept between
                runs (:func:`tutela.engine.rvm.compile_program`); None compiles every time.

        Raises:
            PolicyError: a module does not parse or compile.
            EngineError: the data cannot be loaded.
            ConfigError: :data:`MODE_ENV` holds an unknown evaluator.
        """
        self.policies = policies
        self.chunk_size = chunk_size
        self.mode: Mode = mode or default_mode()
        self._merge = merge
        self._trust_user = trust_user
        self._program_cache = program_cache
        self._data_json = data if isinstance(data, str) else json.dumps(data)
        self._files = tuple(policies.policy_modules())
        self._merged: tuple[tuple[PolicyModule, ...], SourceMap] | None = None
        self.stats: Counter[str] = Counter()
        self._interp: Any = None
        self._vm: VmRunner | None = None
        self._thread = threading.get_ident()
        if self.mode == "interpreter":
            self.plan = Plan((), tuple(policies.families), {})
        else:
            self.plan = plan_families(policies, self._files, trust_user=trust_user)
            self._vm = self._compile_vm(check)
        if self.plan.interpreter or (check and self._vm is None):
            self._interpreter(check)

    # -- construction ---------------------------------------------------------------------

    @property
    def _modules(self) -> tuple[PolicyModule, ...]:
        """The modules the interpreter loads: merged per package unless ``merge=False``."""
        return self._merged_modules()[0]

    @property
    def _map(self) -> SourceMap:
        return self._merged_modules()[1]

    def _merged_modules(self) -> tuple[tuple[PolicyModule, ...], SourceMap]:
        if self._merged is None:
            self._merged = merge_modules(self._files) if self._merge else (self._files, SourceMap())
        return self._merged

    def _vm_program(self, families: Sequence[str]) -> tuple[Any, list[tuple[str, str, str]]]:
        """Compile the VM program for ``families``: the verdict, then one entry per rule set.

        Raises:
            VmCompileError: the VM compiler refused the modules.
        """
        trusted = [
            m
            for m in self._files  # merging changes nothing for the VM (same instructions)
            if m.id not in (GENERATED_ID, AGGREGATOR_ID)
            and (self._trust_user or m.id.startswith(BUILTIN_PREFIX))
        ]
        p = self.policies
        rules = family_rules(families, p.kinds)
        modules = [
            *trusted,
            _subset(p, families).generated(),
            family_module(families, p.kinds, p.applies),
        ]
        entries = [VERDICT_RULE, *(r for _, _, r in rules)]
        return compile_program(modules, entries, self._program_cache), rules

    def _compile_vm(self, check: bool) -> VmRunner | None:
        """Compile the VM program for the planned families; move refused families over."""
        families = list(self.plan.vm)
        if not families:
            return None
        try:
            program, rules = self._vm_program(families)
        except VmCompileError as whole:
            # The interpreter is the reference: a real policy error is a PolicyError from it.
            self._interpreter(check=True)
            accepted, refused = [], {}
            for family in families:
                try:
                    self._vm_program([family])
                    accepted.append(family)
                except VmCompileError as exc:
                    message, file, line, col = split_error(str(exc))
                    where = f"{file}:{line}:{col}: " if file else ""
                    refused[family] = f"the VM compiler refused it: {where}{message}"
            log.debug("the regorus VM refused the policies (%s); interpreting %s", whole, refused)
            self.plan = Plan(
                tuple(accepted),
                tuple(f for f in self.policies.families if f not in accepted),
                {**self.plan.reasons, **refused},
            )
            self._interp = None  # rebuilt for the new plan (its partial aggregator changed)
            if not accepted:
                return None
            program, rules = self._vm_program(accepted)
        try:
            return VmRunner(program, self._data_json, rules, families=self.plan.vm)
        except VmCompileError as exc:
            raise EngineError(f"cannot load policy data: {exc}") from None

    def _interpreter(self, check: bool = False) -> Any:
        """The interpreter, built on first use (always, when it judges any family)."""
        if self._interp is None:
            modules = list(self._modules)
            packages = [f"tutela.{family}" for family in self.policies.families] + ["tutela.main"]
            if self.plan.vm and self.plan.interpreter:
                modules.append(partial_module(self.policies, self.plan.interpreter))
            engine = build_regorus(modules, self._data_json, self._map)
            if check:
                compile_check(engine, packages, self._map)
            self._interp = engine
        return self._interp

    # -- evaluation -----------------------------------------------------------------------

    def evaluate(self, facts: Sequence[Mapping[str, Any]]) -> list[list[RawFinding]]:
        """Evaluate ``facts``; one sorted list of raw findings per fact, in order.

        Raises:
            EngineError: evaluation failed (the interpreter's message and ``file:line:col``),
                the output is malformed, or the engine is used from another thread than the
                one that created it.
        """
        if threading.get_ident() != self._thread:
            raise EngineError(
                "an embedded engine was used from another thread",
                hint="regorus engines cannot cross threads; create one per thread or use "
                "evaluate_parallel()",
            )
        items = list(facts)
        if not items:
            return []
        if self._vm is None:
            self.stats["interpreter"] += len(items)
            return parse_results(
                {"results": self._interpret(items, AGGREGATE_RULE)},
                len(items),
                AGGREGATE_RULE,
                self.policies.families,
            )
        verdicts: list[Any] = [None] * len(items)
        again: list[int] = []
        split = self._vm.split
        for i, fact in enumerate(items):
            try:
                payload = json.dumps(fact, ensure_ascii=False, separators=(",", ":"))
            except (TypeError, ValueError) as exc:
                raise EvaluationError(f"a fact is not JSON-serialisable: {exc}") from None
            verdict, reason = self._vm.judge(payload)
            if reason is not None:
                log.debug("fact %d goes to the regorus interpreter: %s", i, reason)
                self.stats[f"fallback:{reason}"] += 1
                again.append(i)
            else:
                verdicts[i] = verdict
        self.stats["vm"] += len(items) - len(again)
        if self._vm.split > split:
            self.stats["vm:per-rule"] += self._vm.split - split
        if self.plan.interpreter:
            judged = [i for i in range(len(items)) if verdicts[i] is not None]
            extra = self._interpret([items[i] for i in judged], PARTIAL_RULE)
            for i, more in zip(judged, extra, strict=True):
                verdicts[i] = _combine(verdicts[i], more)
        if again:
            self.stats["interpreter"] += len(again)
            full = self._interpret([items[i] for i in again], AGGREGATE_RULE)
            for i, verdict in zip(again, full, strict=True):
                verdicts[i] = verdict
        families = self.policies.families
        try:
            return parse_results({"results": verdicts}, len(items), AGGREGATE_RULE, families)
        except EngineError:
            # The interpreter is the reference: its verdicts or its error stand.
            self.stats["fallback:malformed"] += 1
            self.stats["interpreter"] += len(items)
            full = self._interpret(items, AGGREGATE_RULE)
            return parse_results({"results": full}, len(items), AGGREGATE_RULE, families)

    def _interpret(self, items: Sequence[Mapping[str, Any]], rule: str) -> list[Any]:
        """Raw per-fact verdicts from the interpreter's aggregator ``rule``, in chunks."""
        engine = self._interpreter()
        expect: tuple[Sequence[str], str | None]
        if rule == AGGREGATE_RULE:
            expect = (tuple(self.policies.families), self.policies.revision)
        else:
            expect = (tuple(self.plan.interpreter), None)
        out: list[Any] = []
        for chunk in chunks(list(items), self.chunk_size):
            out.extend(_query(engine, chunk, rule, self._map, expect))
        return out

    def evaluate_parallel(
        self, facts: Sequence[Mapping[str, Any]], workers: int, *, timeout: float | None = None
    ) -> list[list[RawFinding]]:
        """Evaluate ``facts`` in ``workers`` processes, one regorus engine per worker.

        Worth it for large batches only (each worker pays the load and compile cost).

        Args:
            facts: the facts, as for :meth:`evaluate`.
            workers: number of worker processes (``1`` still isolates evaluation).
            timeout: seconds for the whole batch; on expiry the workers are killed.

        Raises:
            EngineError: a worker died (for example killed by the OS), the timeout expired,
                or evaluation failed. Never a partial result.
        """
        import multiprocessing  # only a parallel evaluation needs them (~5 ms to import)
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures import TimeoutError as FutureTimeout
        from concurrent.futures.process import BrokenProcessPool

        items = list(facts)
        if not items:
            return []
        # regorus engines may only be dropped by the thread that made them: collect unreachable
        # ones now, on this thread, before the executor's threads can trigger a collection.
        gc.collect()
        size = max(1, min(self.chunk_size, -(-len(items) // max(1, workers))))
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        options = {
            "chunk_size": self.chunk_size,
            "mode": self.mode,
            "merge": self._merge,
            "trust_user": self._trust_user,
        }
        executor = ProcessPoolExecutor(
            max_workers=max(1, workers),
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(self.policies, self._data_json, options),
        )
        try:
            futures = [executor.submit(_work, chunk) for chunk in chunks(items, size)]
            out: list[list[RawFinding]] = []
            for future in futures:
                out.extend(future.result(timeout=timeout))
        except BrokenProcessPool:
            _kill(executor)
            raise EngineError(
                "a policy worker process died during evaluation",
                hint="the gate fails closed; rerun with fewer workers or report the crash",
            ) from None
        except FutureTimeout:
            _kill(executor)
            raise EngineError(
                f"policy evaluation took longer than {timeout:g} s",
                hint="a rule is too slow (look for large comprehensions or numbers.range)",
            ) from None
        except BaseException:
            _kill(executor)
            raise
        executor.shutdown(wait=True)
        return out


def _combine(first: Any, second: Any) -> Any:
    """One fact's verdict from two disjoint sets of families (a set union, as in Rego)."""
    if not isinstance(first, Mapping) or not isinstance(second, Mapping):
        return first if not isinstance(first, Mapping) else second  # parse_results rejects it
    out: dict[str, Any] = {}
    for kind in ("deny", "warn", "families"):
        items: list[Any] = []
        seen: set[str] = set()
        for part in (first.get(kind, []), second.get(kind, [])):
            if not isinstance(part, (list, set, frozenset)):
                return {kind: part}  # malformed: parse_results says so
            for item in part:
                key = json.dumps(item, sort_keys=True, default=repr)
                if key not in seen:
                    seen.add(key)
                    items.append(item)
        out[kind] = items
    for key in set(first) | set(second):
        if key not in out:  # an unknown key survives, so the completeness check sees it
            out[key] = first.get(key, second.get(key))
    return out


def _query(
    engine: Any,
    chunk: Sequence[Mapping[str, Any]],
    rule: str,
    sm: SourceMap,
    expect: tuple[Sequence[str], str | None] | None = None,
) -> list[Any]:
    """Evaluate aggregator ``rule`` over ``chunk`` on the interpreter: the raw verdicts.

    ``expect``: the families (and revision) the answer must name (:func:`check_answer`).
    """
    try:
        payload = json.dumps({"facts": list(chunk)})
    except (TypeError, ValueError) as exc:
        raise EvaluationError(f"a fact is not JSON-serialisable: {exc}") from None
    try:
        engine.set_input_json(payload)
        result = engine.eval_rule(rule)
    except Exception as exc:  # regorus raises RuntimeError (and ValueError for bad values)
        raise engine_error(exc, sm) from None
    finally:
        engine.take_prints()
    if result is None:
        raise EngineError(
            f"{AGGREGATE_RULE} is undefined",
            hint="the aggregator (policies/main.rego) or tutela.main.generated is missing",
        )
    if expect is not None:
        check_answer(result, expect[0], expect[1], rule)
    results = result.get("results") if isinstance(result, Mapping) else None
    if isinstance(results, list) and len(results) == len(chunk):
        return list(results)
    parse_results(result, len(chunk), AGGREGATE_RULE)  # raises the precise EngineError
    raise EngineError(f"policy output is malformed: {rule} returned {result!r}")  # pragma: no cover


_WORKER: dict[str, Any] = {}


def _init_worker(policies: PolicySet, data_json: str, options: dict[str, Any]) -> None:
    _WORKER["engine"] = EmbeddedEngine(policies, data_json, check=False, **options)


def _work(chunk: Sequence[Mapping[str, Any]]) -> list[list[RawFinding]]:
    engine: EmbeddedEngine = _WORKER["engine"]
    return engine.evaluate(chunk)


def _kill(executor: ProcessPoolExecutor) -> None:
    # The executor cannot cancel running work; terminate its processes (CPython keeps them in
    # the private `_processes` map) so a runaway policy does not outlive the gate.
    processes = getattr(executor, "_processes", None) or {}
    for process in list(processes.values()):
        process.terminate()
    executor.shutdown(wait=False, cancel_futures=True)
