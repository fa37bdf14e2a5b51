"""One fixed report shared by the reporter tests (every format renders this same run)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tutela.findings import Finding, LegalBasis, Location, Severity
from tutela.reporters import FileError, Report, RuleInfo

CAMPAIGN = "models/marketing/campaign.sql"

RULES = {
    "PUR001": RuleInfo(
        id="PUR001",
        name="purpose-not-in-notice",
        title="Purpose not in the privacy notice",
        description="What it does: flags a query whose declared purpose is not in the notice.\n"
        "Why it matters: data may only serve the purposes the notice announces.",
        severity="error",
        recommended_action="Declare the purpose in the inventory, or change the query's purpose.",
        legal_basis=(LegalBasis("LFPDPPP", "11"), LegalBasis("LFPDPPP", "58", fraction="IX")),
        help_uri="https://example.org/rules/PUR001",
    ),
    "PUR003": RuleInfo(
        id="PUR003",
        name="select-star-personal-data",
        title="SELECT * over personal data",
        description="What it does: flags `SELECT *` over tables that hold personal data.",
        severity="warning",
        recommended_action="Select only the columns the purpose needs.",
        legal_basis=(LegalBasis("LFPDPPP", "12"),),
    ),
    "CON001": RuleInfo(
        id="CON001",
        name="consent-filter-missing",
        title="Consent filter missing",
        description="What it does: flags a query for a consent purpose without a consent filter.",
        severity="error",
        recommended_action="Filter on the purpose's consent column.",
        legal_basis=(LegalBasis("LFPDPPP", "7"), LegalBasis("LFPDPPP", "15", fraction="III")),
    ),
    "TRF001": RuleInfo(
        id="TRF001",
        name="transfer-without-consent",
        title="Transfer without consent or exception",
        description="What it does: flags a transfer to a tercero with no consent or exception.",
        severity="error",
        recommended_action="Record the acceptance, or cite the art. 36 exception.",
        legal_basis=(LegalBasis("LFPDPPP", "35"), LegalBasis("LFPDPPP", "36")),
    ),
}


def _f(rule_id: str, msg: str, sev: Severity, loc: Location, **kw: object) -> Finding:
    rule = RULES.get(rule_id)
    basis = rule.legal_basis if rule else ()
    name = rule.name if rule else str(kw.pop("name", ""))
    return Finding(rule_id, msg, sev, loc, name=name, legal_basis=basis, **kw)  # type: ignore[arg-type]


FINDINGS = [
    # Listed out of order on purpose: the report sorts them.
    _f(
        "TRF001",
        'Manifest "buro" sends personal data to tercero "Buró de Crédito" without consent.',
        Severity.ERROR,
        Location("shares/buro.yaml", 4, 3, ("recipients", 0)),
    ),
    _f(
        "PUR003",
        'SELECT * reads every column of "clientes".',
        Severity.WARNING,
        Location(CAMPAIGN, 12, 8),
        suppressed=True,
        suppression_reason="audit export approved by the DPO (ticket PRIV-12)",
    ),
    _f(
        "CON001",
        'Query for "mercadotecnia" filters on opt_in < 1 & revoked_at, 100% unverified;\n'
        "the consent column is never checked.",
        Severity.ERROR,
        Location(CAMPAIGN, 7, 1),
    ),
    _f(
        "PUR001",
        'Purpose "promoción_año" is not in the privacy notice.',
        Severity.ERROR,
        Location(CAMPAIGN, 3, 8),
    ),
    _f(
        "PUR003",
        'SELECT * reads every column of "llamadas".',
        Severity.WARNING,
        Location("models/ops/report.sql", 2, 8),
    ),
    _f(
        "MIN001",
        "Report keeps the caller's phone number although no output uses it.",
        Severity.INFO,
        Location("models/ops/report.sql"),
        name="unused-personal-column",
    ),
    _f(
        "TUT001",
        "Suppression of CON002 matches no finding.",
        Severity.WARNING,
        Location(CAMPAIGN, 1, 1),
        name="unused-suppression",
    ),
]

ERRORS = [
    FileError(
        "models/broken.sql",
        "could not parse the statement: unexpected token ')'",
        line=4,
        col=7,
        hint="fix the SQL, or add the file to `exclude`",
    )
]

FILES = [CAMPAIGN, "models/ops/report.sql", "shares/buro.yaml", "models/clean.sql"]


def _sample_report(**overrides: object) -> Report:
    fields: dict[str, object] = {
        "findings": FINDINGS,
        "files": FILES,
        "rules": RULES,
        "errors": ERRORS,
        "tool_version": "0.1.0",
        "fail_on": "error",
        "information_uri": "https://example.org/tutela",
    }
    fields.update(overrides)
    return Report(**fields)  # type: ignore[arg-type]


@pytest.fixture
def sample_report() -> Callable[..., Report]:
    """Build the shared report; keyword arguments replace its fields."""
    return _sample_report


@pytest.fixture
def sample_rules() -> dict[str, RuleInfo]:
    """The rule metadata of the shared report."""
    return dict(RULES)
