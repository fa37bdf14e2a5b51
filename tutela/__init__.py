"""tutela: policy-as-code for Mexico's 2025 LFPDPPP.

Python observes, Rego judges, Jinja speaks. The public API is deliberately small;
``tests/test_public_api.py`` pins it.
"""

from __future__ import annotations

from tutela.errors import TutelaError
from tutela.findings import Finding, Location, Severity

__version__ = "0.1.0"

__all__ = ["Finding", "Location", "Severity", "TutelaError", "__version__"]
