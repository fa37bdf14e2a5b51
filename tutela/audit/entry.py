"""``run_audit``: build the judging context once, then run locally or on Spark.

Its own module so that the local path (:mod:`.run`) and the Spark path (:mod:`.spark`),
which reuses the local path's helpers, never import each other in a circle.
"""

from __future__ import annotations

import time

from tutela.audit.attribution import Attribution
from tutela.audit.run import AuditRequest, AuditSummary, build_context, run_local


def run_audit(request: AuditRequest) -> AuditSummary:
    """Run the audit and store the results; returns the run's counts.

    Raises:
        TutelaError: an input, the inventory, the configuration or a policy is invalid, or
            the engine fails (all exit 2).
    """
    started = time.perf_counter()
    summary = AuditSummary()
    ctx, _inventory, engine = build_context(request)
    summary.version = ctx.version
    attribution: Attribution = request.config.audit.get("attribution") or Attribution()
    if request.engine == "spark":
        from tutela.audit.spark import run_spark

        return run_spark(request, ctx, attribution, summary, started)
    return run_local(request, ctx, engine, attribution, summary, started)
