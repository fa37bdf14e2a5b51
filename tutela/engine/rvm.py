"""regorus's compiled VM (``regorus.Program`` / ``regorus.Rvm``): compile once, judge one fact.

What the Python binding offers (``gordon-to-regorus`` 0.13, found by introspection and by
trying it; docs/engines.md has the full list and the behaviours below, each reproduced by a
test in tests/engine/test_rvm.py):

* ``Program.compile_from_modules(data_json, [(file, text), ...], [entry_rule, ...])`` compiles
  the rules an entry point reaches. ``with`` is a compile error ("unexpected keyword `with`"),
  so the per-fact loop of the aggregator runs here, in Python. The ``data_json`` argument does
  not reach the VM: the data must be given to each ``Rvm`` with ``set_data_json``.
* ``Rvm()``; ``load_program(program)``, ``set_data_json(text)``, ``set_input_json(text)``,
  ``execute()`` (the first entry point) and ``execute_entry_point(rule)`` return the value as
  **JSON text**; sets come back as arrays; an undefined value is the JSON string
  ``"<undefined>"`` (:data:`UNDEFINED`).
* Each ``execute()`` may run at most 25,000 instructions. The limit is fixed in the Rust VM
  (``set_max_instructions`` exists there, not in the binding); a bigger run raises
  "exceeded maximum instruction limit". A fact with a few hundred exposures reaches it.
* Built-in errors are **not strict**: a division by zero, a type error in ``+``, a bad regex,
  ``to_number("x")``, even a conflict between two definitions of a complete rule, evaluate to
  undefined instead of raising (the Rust VM has ``set_strict_builtin_errors``; the binding does
  not expose it). The undefined value is kept in the register, so it can reach the verdict as
  ``"<undefined>"``; when it only fails a condition, the rule silently does not fire, and under
  ``not`` it fires. The interpreter (``regorus.Engine``) raises on all of these.
* ``Program.serialize_binary()`` / ``Program.deserialize_binary(bytes) -> (Program, partial)``:
  ~0.6 ms against ~40-65 ms for a compile, so compiled programs are kept per process
  (:func:`compile_program`).
* Every class is ``unsendable``: like an ``Engine``, a ``Program`` or ``Rvm`` may not be used
  from another thread than the one that made it.
* ``execute_entry_point`` starts a new count of instructions: one program that computes the
  whole verdict and, as further entry points, each family's ``deny``/``warn``
  (:func:`family_module`) gives a fact that is too big for one call 25,000 instructions per
  rule instead. On the built-in policies a SELECT of ~70 personal columns reaches the limit in
  one call, and ~150 in the largest family.

:class:`VmRunner` therefore returns either a clean verdict or a reason to judge the fact again
on the interpreter (see :mod:`tutela.engine.embedded` for the rule).
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import regorus

from tutela.engine.base import PolicyModule

UNDEFINED = "<undefined>"
"""How the VM writes an undefined value into its JSON result."""

VERDICT_RULE = "data.tutela.main.generated.verdict"
"""The per-fact verdict the VM program computes (``input`` = one fact)."""

FAMILY_PACKAGE = "tutela.main.perfamily"
FAMILY_ID = "tutela/generated/perfamily.rego"
LIMIT_MARKER = "exceeded maximum instruction limit"

Fallback = Literal["instruction-limit", "vm-error", "undefined"]
"""Why a fact goes to the interpreter: the VM stopped at its instruction limit, raised any other
error, or returned a verdict that carries an undefined value."""

_CACHE_SIZE = 8
_PROGRAMS: OrderedDict[str, bytes] = OrderedDict()


class VmCompileError(Exception):
    """The VM compiler refused the modules (a construct it does not support, or an error)."""


def family_rules(
    families: Sequence[str], kinds: Mapping[str, frozenset[str]]
) -> list[tuple[str, str, str]]:
    """``(family, kind, rule)`` for each family's ``deny``/``warn`` in :func:`family_module`.

    Example:
        >>> family_rules(["purpose"], {"purpose": frozenset({"deny"})})
        [('purpose', 'deny', 'data.tutela.main.perfamily.deny__purpose')]
    """
    return [
        (family, kind, f"data.{FAMILY_PACKAGE}.{kind}__{family}")
        for family in families
        for kind in ("deny", "warn")
        if kind in kinds.get(family, ())
    ]


def family_module(
    families: Sequence[str], kinds: Mapping[str, frozenset[str]], applies: Mapping[str, str]
) -> PolicyModule:
    """One rule per family and kind, with the guard the generated ``verdict`` applies.

    Example:
        >>> print(family_module(["x"], {"x": frozenset({"warn"})}, {"x": "statement"}).text)
        package tutela.main.perfamily
        <BLANKLINE>
        warn__x := [f | input.kind == "statement"; some f in data.tutela.x.warn]
        <BLANKLINE>
    """
    lines = [f"package {FAMILY_PACKAGE}", ""]
    for family, kind, _ in family_rules(families, kinds):
        guard = f'input.kind == "{applies[family]}"; ' if family in applies else ""
        lines.append(f"{kind}__{family} := [f | {guard}some f in data.tutela.{family}.{kind}]")
    return PolicyModule(FAMILY_ID, FAMILY_ID, "\n".join(lines) + "\n", FAMILY_PACKAGE)


def program_key(modules: Sequence[PolicyModule], entries: Sequence[str]) -> str:
    """A digest of everything a compiled program depends on, the compiler's build included."""
    digest = hashlib.sha256("\0".join(entries).encode())
    digest.update(_compiler_stamp().encode())
    for module in modules:
        for part in (module.file, module.text):
            digest.update(b"\0" + part.encode())
    return digest.hexdigest()


def _compiler_stamp() -> str:
    """Which regorus build compiles: its extension module's path, size and mtime.

    A serialised program is only read back by the build that wrote it (another build's
    format could differ); a stat is cheaper than reading the package metadata on each start.
    """
    native = sys.modules.get("regorus.regorus")  # the compiled extension regorus loads
    where = getattr(native, "__file__", None) or regorus.__file__ or ""
    try:
        info = Path(where).stat()
    except OSError:
        return "regorus"
    return f"{where}:{info.st_size}:{info.st_mtime_ns}"


def compile_program(
    modules: Sequence[PolicyModule], entries: Sequence[str], store: Path | None = None
) -> Any:
    """Compile ``modules`` for ``entries``, or load the program an earlier run compiled.

    Compiled programs are kept per process, serialised, for the next engine, and with
    ``store`` (the cache folder) on disk as sealed cache entries (``programs/<key>.bin``,
    docs/guarantees.md): a cold start then deserialises in ~1 ms instead of compiling in
    ~20 ms. An entry that does not verify, or does not deserialise, is compiled afresh.

    Raises:
        VmCompileError: with the compiler's message (its backtrace cut off).
    """
    key = program_key(modules, entries)
    binary = _PROGRAMS.get(key)
    if binary is not None:
        _PROGRAMS.move_to_end(key)
    elif store is not None:
        from tutela.cache import read_entry

        binary = read_entry(store / "programs" / f"{key}.bin", "program", store)
    if binary is not None:
        try:
            program, partial = regorus.Program.deserialize_binary(binary)
        except Exception:  # a sealed entry the binding cannot read: compile instead
            partial = True
        if not partial:
            _remember(key, binary)
            return program
    try:
        program = regorus.Program.compile_from_modules(
            "{}", [(m.file, m.text) for m in modules], list(entries)
        )
    except Exception as exc:  # the binding raises RuntimeError
        raise VmCompileError(str(exc).split("Stack backtrace:", 1)[0].strip()) from None
    binary = program.serialize_binary()
    _remember(key, binary)
    if store is not None:
        from tutela.cache import mark_cache_dir, write_entry

        write_entry(store / "programs" / f"{key}.bin", "program", binary, store)
        mark_cache_dir(store)
    return program


def _remember(key: str, binary: bytes) -> None:
    _PROGRAMS[key] = binary
    _PROGRAMS.move_to_end(key)
    while len(_PROGRAMS) > _CACHE_SIZE:
        _PROGRAMS.popitem(last=False)


class VmRunner:
    """One ``regorus.Rvm`` with a program and the data loaded; judges one fact at a time.

    The program's first entry point is the whole verdict; the others are ``rules``, each
    family's ``deny``/``warn`` (:func:`family_rules`), tried one by one when the whole verdict
    stops at the instruction limit.
    """

    def __init__(
        self,
        program: Any,
        data_json: str,
        rules: Sequence[tuple[str, str, str]],
        families: Sequence[str] = (),
    ) -> None:
        """Load ``program`` and the data document (JSON text).

        ``families``: the families the program judges; a verdict computed rule by rule names
        them as answered (each of their rules ran).

        Raises:
            VmCompileError: the VM refused the data (it checks rule/data path conflicts).
        """
        self._vm = regorus.Rvm()
        self._vm.load_program(program)
        self._rules = list(rules)
        self._families = list(families)
        self.split = 0
        """Facts judged rule by rule because the whole verdict reached the limit."""
        try:
            self._vm.set_data_json(data_json)
        except Exception as exc:
            raise VmCompileError(str(exc).split("Stack backtrace:", 1)[0].strip()) from None

    def judge(self, payload: str) -> tuple[Any, None] | tuple[None, Fallback]:
        """Evaluate the verdict with ``payload`` (one fact, JSON text) as ``input``.

        Returns ``(verdict, None)``, or ``(None, reason)`` when the fact must be judged by the
        interpreter instead.
        """
        try:
            self._vm.set_input_json(payload)
            text = self._vm.execute()
        except Exception as exc:  # RuntimeError; ValueError for text that is not JSON
            if LIMIT_MARKER not in str(exc) or not self._rules:
                return None, _reason(exc)
            return self._judge_per_rule()
        if UNDEFINED in text:
            return None, "undefined"
        return json.loads(text), None

    def _judge_per_rule(self) -> tuple[Any, None] | tuple[None, Fallback]:
        verdict: dict[str, list[Any]] = {"deny": [], "warn": [], "families": self._families}
        seen: set[str] = set()
        for _, kind, rule in self._rules:
            try:
                text = self._vm.execute_entry_point(rule)
            except Exception as exc:
                return None, _reason(exc)
            if UNDEFINED in text:
                return None, "undefined"
            found = json.loads(text)
            if not isinstance(found, list):
                return None, "vm-error"
            for item in found:
                key = kind + json.dumps(item, sort_keys=True)  # sets, as in the verdict
                if key not in seen:
                    seen.add(key)
                    verdict[kind].append(item)
        self.split += 1
        return verdict, None


def _reason(exc: BaseException) -> Fallback:
    return "instruction-limit" if LIMIT_MARKER in str(exc) else "vm-error"
