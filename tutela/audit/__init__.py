"""Constant evaluation: judge what the warehouse really executed (``tutela audit``).

Modules: :mod:`~tutela.audit.vendors` (export layouts), :mod:`~tutela.audit.fingerprint`
(query shapes), :mod:`~tutela.audit.attribution` (``[audit.purposes]``),
:mod:`~tutela.audit.judge` (the lint path once per shape), :mod:`~tutela.audit.store` (the
DuckDB results file), :mod:`~tutela.audit.run` (the local pipeline),
:mod:`~tutela.audit.spark` (the same on Apache Spark), :mod:`~tutela.audit.sample`
(synthetic histories). DuckDB (and, for Spark, PySpark) come with the ``audit`` and
``spark`` extras; this package imports them only when a run starts.
"""

from __future__ import annotations
