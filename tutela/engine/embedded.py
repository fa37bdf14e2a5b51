"""The embedded back end: regorus (PyPI ``gordon-to-regorus``) in this process.

Measured on the 2-core reference machine (``make bench`` re-measures), 14 built-in families,
the contact-center inventory, 2,000 facts taken from the rules' examples: 1 fact per query
10.8 s, 10 per query 9.2 s, 50 per query 4.5 s, 100 per query 2.8 s, 500 per query 2.8 s.
Each query has a fixed cost of a few milliseconds, so :data:`CHUNK_SIZE` is 100: the fixed
cost is amortised and memory stays bounded. Static family references (the generated
``verdict``) were about twice as fast as ``data.tutela[family]``.

Pitfalls handled here (reference/tech-notes.md):

* regorus compiles lazily: an unsafe variable or an unknown function is only reported when
  the rule is evaluated. :class:`EmbeddedEngine` therefore evaluates every family package
  once with an empty input at load time, so those errors are :class:`PolicyError` with
  ``file:line:col`` before any fact is judged.
* With ``RUST_BACKTRACE=1`` every error message carries a Rust backtrace; it is cut off.
* An ``Engine`` may not cross threads (it panics): use it from the thread that made it, and
  parallelise with :meth:`EmbeddedEngine.evaluate_parallel` (processes, one engine each).
* regorus has no evaluation timeout. Rego always terminates, but a policy can still be
  very slow; :meth:`EmbeddedEngine.evaluate_parallel` accepts ``timeout`` and kills its
  workers when it expires (fail closed). :meth:`EmbeddedEngine.evaluate` has no timeout.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import re
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any

import regorus

from tutela.engine.base import (
    AGGREGATE_RULE,
    PolicyModule,
    PolicySet,
    RawFinding,
    chunks,
    parse_results,
)
from tutela.errors import EngineError, PolicyError

CHUNK_SIZE = 100
_LOCATION = re.compile(r"-->\s*(?P<file>.+?):(?P<line>\d+):(?P<col>\d+)")
_ERROR = re.compile(r"^error:\s*(?P<msg>.+)$", re.MULTILINE)


def clean_message(text: str) -> str:
    r"""Cut a regorus message before its Rust backtrace.

    Example:
        >>> clean_message("boom\n\nStack backtrace:\n   0: <unknown>")
        'boom'
    """
    return text.split("Stack backtrace:", 1)[0].strip()


def split_error(text: str) -> tuple[str, str | None, int | None, int | None]:
    r"""Return ``(message, file, line, col)`` from a regorus error text.

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
    if loc is None:
        return message or "unknown regorus error", None, None, None
    return message, loc.group("file"), int(loc.group("line")), int(loc.group("col"))


def policy_error(exc: BaseException, default_file: str | None = None) -> PolicyError:
    """Map a regorus compile error to :class:`PolicyError` (``file:line:col: message``)."""
    message, file, line, col = split_error(str(exc))
    return PolicyError(message, file or default_file, line, col)


def engine_error(exc: BaseException) -> EngineError:
    """Map a regorus evaluation error to :class:`EngineError` (fail closed)."""
    message, file, line, col = split_error(str(exc))
    return EngineError(f"policy evaluation failed: {message}", file, line, col)


def build_regorus(modules: Sequence[PolicyModule], data: Mapping[str, Any] | str) -> Any:
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
            raise policy_error(exc, module.file) from None
    try:
        engine.add_data_json(data if isinstance(data, str) else json.dumps(data))
    except Exception as exc:
        raise EngineError(f"cannot load policy data: {clean_message(str(exc))}") from None
    return engine


def compile_check(engine: Any, packages: Sequence[str]) -> None:
    """Evaluate each package once with an empty input so lazy compile errors surface now.

    Raises:
        PolicyError: with the file, line and column regorus reports.
    """
    engine.set_input({})
    for package in packages:
        try:
            engine.eval_query_as_json(f"data.{package}")
        except Exception as exc:
            raise policy_error(exc) from None
        finally:
            engine.take_prints()


class EmbeddedEngine:
    """Evaluate facts with regorus, in process.

    Example:
        >>> from tutela.engine.base import engine_data, load_policies
        >>> engine = EmbeddedEngine(load_policies(include_builtin=False), engine_data())
        >>> engine.evaluate([{"kind": "sql_statement"}])
        [[]]
    """

    def __init__(
        self, policies: PolicySet, data: Mapping[str, Any], *, chunk_size: int = CHUNK_SIZE
    ) -> None:
        """Load every module and the data once, then compile-check every family."""
        self.policies = policies
        self.chunk_size = chunk_size
        self._modules = policies.policy_modules()
        self._data_json = json.dumps(data)
        self._engine = build_regorus(self._modules, self._data_json)
        compile_check(
            self._engine, [f"tutela.{family}" for family in policies.families] + ["tutela.main"]
        )
        self._thread = threading.get_ident()

    def evaluate(self, facts: Sequence[Mapping[str, Any]]) -> list[list[RawFinding]]:
        """Evaluate ``facts`` in chunks; one sorted list of raw findings per fact.

        Raises:
            EngineError: evaluation failed, the output is malformed, or the engine is used
                from another thread than the one that created it.
        """
        if threading.get_ident() != self._thread:
            raise EngineError(
                "an embedded engine was used from another thread",
                hint="regorus engines cannot cross threads; create one per thread or use "
                "evaluate_parallel()",
            )
        out: list[list[RawFinding]] = []
        for chunk in chunks(list(facts), self.chunk_size):
            out.extend(_evaluate(self._engine, chunk))
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
        items = list(facts)
        if not items:
            return []
        # regorus engines may only be dropped by the thread that made them: collect unreachable
        # ones now, on this thread, before the executor's threads can trigger a collection.
        gc.collect()
        size = max(1, min(self.chunk_size, -(-len(items) // max(1, workers))))
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        modules = [(m.id, m.file, m.text, m.package) for m in self._modules]
        executor = ProcessPoolExecutor(
            max_workers=max(1, workers),
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(modules, self._data_json),
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


def _evaluate(engine: Any, chunk: Sequence[Mapping[str, Any]]) -> list[list[RawFinding]]:
    try:
        payload = json.dumps({"facts": list(chunk)})
    except (TypeError, ValueError) as exc:
        raise EngineError(f"a fact is not JSON-serialisable: {exc}") from None
    try:
        engine.set_input_json(payload)
        result = engine.eval_rule(AGGREGATE_RULE)
    except Exception as exc:  # regorus raises RuntimeError (and ValueError for bad values)
        raise engine_error(exc) from None
    finally:
        engine.take_prints()
    if result is None:
        raise EngineError(
            f"{AGGREGATE_RULE} is undefined",
            hint="the aggregator (policies/main.rego) or tutela.main.generated is missing",
        )
    return parse_results(result, len(chunk), AGGREGATE_RULE)


_WORKER: dict[str, Any] = {}


def _init_worker(modules: list[tuple[str, str, str, str]], data_json: str) -> None:
    _WORKER["engine"] = build_regorus([PolicyModule(*m) for m in modules], data_json)


def _work(chunk: Sequence[Mapping[str, Any]]) -> list[list[RawFinding]]:
    return _evaluate(_WORKER["engine"], chunk)


def _kill(executor: ProcessPoolExecutor) -> None:
    # The executor cannot cancel running work; terminate its processes (CPython keeps them in
    # the private `_processes` map) so a runaway policy does not outlive the gate.
    processes = getattr(executor, "_processes", None) or {}
    for process in list(processes.values()):
        process.terminate()
    executor.shutdown(wait=False, cancel_futures=True)
