"""Judge query shapes: the lint path (facts -> engine -> findings) once per shape.

A *unit* is one shape as one purpose ran it: ``(fingerprint, purpose)``. Its sample text
(the smallest text of the shape, so the choice is the same on every engine) goes through
:func:`tutela.sql.facts.analyze_sql` and the embedded engine exactly as ``tutela lint``
would judge the statement, with the attributed purpose as its declared purpose. The
:class:`JudgeContext` is plain data, so a worker process or a Spark executor builds its own
engine from it once (regorus engines may not cross threads or processes).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tutela.inventory import PERSONAL_CATEGORIES


@dataclass(frozen=True)
class Unit:
    """One shape as one purpose ran it."""

    fingerprint: str
    purpose: str | None
    dialect: str
    sample: str


@dataclass(frozen=True)
class JudgeContext:
    """Everything a process needs to judge units (picklable)."""

    datasets: list[dict[str, Any]]
    engine_data: dict[str, Any]
    policy_dirs: tuple[str, ...]
    index: Any  # tutela.rules.RuleIndex
    version: str

    @property
    def key(self) -> str:
        """Identity of the context within a process (the engine cache key)."""
        return self.version


_CACHE: dict[str, tuple[Any, Any]] = {}


def _engine(ctx: JudgeContext) -> tuple[Any, Any]:
    """(engine, catalog) for ``ctx``, built once per process."""
    found = _CACHE.get(ctx.key)
    if found is None:
        from tutela.engine import make_engine
        from tutela.sql import Catalog

        _CACHE.clear()
        engine = make_engine(
            "embedded", policy_dirs=[Path(p) for p in ctx.policy_dirs], data=ctx.engine_data
        )
        found = _CACHE[ctx.key] = (engine, Catalog.from_datasets(ctx.datasets))
    return found


def adopt_engine(ctx: JudgeContext, engine: Any) -> None:
    """Reuse an engine the caller already built for ``ctx`` (the serial path)."""
    from tutela.sql import Catalog

    _CACHE.clear()
    _CACHE[ctx.key] = (engine, Catalog.from_datasets(ctx.datasets))


def summarize(facts: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """What the report needs of a shape's facts: tables, categories, egress, operation.

    Example:
        >>> summarize([{"operation": "select", "parsed": True,
        ...   "reads": [{"table": "crm.c"}], "writes": [], "egress": [],
        ...   "exposures": [{"table": "crm.c", "column": "rfc", "category": "identificacion"}],
        ...   "references": []}])["categories"]
        ['identificacion']
    """
    tables: set[str] = set()
    written: set[str] = set()
    categories: set[str] = set()
    personal_tables: set[str] = set()
    columns: set[str] = set()
    egress: list[dict[str, Any]] = []
    operations: list[str] = []
    parsed = True
    for fact in facts:
        operations.append(str(fact.get("operation") or "?"))
        parsed = parsed and bool(fact.get("parsed", True))
        tables.update(str(r["table"]) for r in fact.get("reads") or [] if r.get("table"))
        written.update(str(w["table"]) for w in fact.get("writes") or [] if w.get("table"))
        for entry in [*(fact.get("exposures") or []), *(fact.get("references") or [])]:
            category = entry.get("category")
            if category in PERSONAL_CATEGORIES:
                categories.add(str(category))
                personal_tables.add(str(entry.get("table")))
                columns.add(f"{entry.get('table')}.{entry.get('column')}")
        for e in fact.get("egress") or []:
            item = {k: e.get(k) for k in ("kind", "target", "target_type")}
            if item not in egress:
                egress.append(item)
    return {
        "operations": operations,
        "parsed": parsed,
        "tables": sorted(tables),
        "written": sorted(written),
        "personal_tables": sorted(personal_tables),
        "categories": sorted(categories),
        "columns": sorted(columns),
        "egress": egress,
    }


def judge_units(ctx: JudgeContext, units: Sequence[Unit]) -> list[dict[str, Any]]:
    """Judge ``units``: one result per unit, in order, with its findings as JSON dicts.

    Each result is ``{fingerprint, purpose, summary, findings}``; every finding is
    :meth:`tutela.findings.Finding.to_dict` of one rule's verdict (all rules: selection is
    applied when results are read), located at ``audit:<fingerprint>`` and the line of the
    sample text.

    Raises:
        EngineError: the engine failed (the run fails closed).
    """
    from tutela.engine.base import check_verdict_count
    from tutela.lint import locate
    from tutela.sql.facts import analyze_sql

    engine, catalog = _engine(ctx)
    all_facts: list[dict[str, Any]] = []
    spans: list[tuple[int, int]] = []
    for unit in units:
        facts = analyze_sql(
            unit.sample,
            dialect=unit.dialect,
            catalog=catalog,
            file=f"audit:{unit.fingerprint}",
            purpose=unit.purpose,
            purpose_source="audit" if unit.purpose else "none",
        )
        for fact in facts:
            fact["audit"] = {"source": "query_history"}
        spans.append((len(all_facts), len(facts)))
        all_facts.extend(facts)
    verdicts = engine.evaluate(all_facts) if all_facts else []
    check_verdict_count(verdicts, all_facts, "facts")
    everything = frozenset(r.id for r in ctx.index)
    out = []
    for unit, (start, count) in zip(units, spans, strict=True):
        facts = all_facts[start : start + count]
        findings = ctx.index.findings(
            facts,
            verdicts[start : start + count],
            everything,
            lambda fact, path: (*locate(fact, path), tuple(path)),
        )
        out.append(
            {
                "fingerprint": unit.fingerprint,
                "purpose": unit.purpose,
                "summary": summarize(facts),
                "findings": sorted(
                    (f.to_dict() for f in findings),
                    key=lambda d: (d["id"], d["location"]["line"] or 0, d["msg"]),
                ),
            }
        )
    return out


def version_key(parts: Sequence[str]) -> str:
    """The policy/inventory version results are keyed by (SHA-256, first 16 hex digits).

    Example:
        >>> version_key(["a", "b"]) == version_key(["a", "b"]) != version_key(["a", "c"])
        True
    """
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:16]


def canonical_json(value: Any) -> str:
    """Sorted, compact JSON (the stored form; equal values give equal text)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
