"""The SQL rule families over real facts: the contact-center example, the rule examples, and
the Rego unit tests, all on the real regorus engine (no mocks).

The example test is a regression net: it asserts the exact set of (file, rule id) findings
that `tutela lint` gives over ``examples/contact-center``. When a rule or the facts change on
purpose, update ``EXPECTED`` and say why in the commit.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tutela.engine.base import builtin_policy_dir, engine_data, load_policies
from tutela.engine.embedded import EmbeddedEngine
from tutela.engine.policytest import check_examples, run_policy_tests
from tutela.inventory import load_inventory
from tutela.rules import Rule, load_rule_index

REPO = Path(__file__).resolve().parents[2]
POLICIES = REPO / "policies"
EXAMPLES_INVENTORY = POLICIES / "lib" / "examples_inventory.yaml"
FIXTURE_MODULE = POLICIES / "lib" / "fixtures_test.rego"

RunCli = Callable[..., tuple[int, str, str]]

SQL_FAMILIES = (
    "analysis",
    "consent",
    "egress",
    "exclusion",
    "inventory_coverage",
    "minimisation",
    "pci",
    "purpose",
    "retention",
    "sensitive",
)
# What the SQL rules read from the inventory; the fixture keeps only these, so it changes
# only when a rule needs more (not whenever the loader adds a normalised field).
TABLE_KEYS = (
    "table",
    "key",
    "purposes",
    "consent_columns",
    "exclusion_list",
    "exclusion_lists",
    "blocked",
    "timestamp",
    "blocking",
    "legal_holds",
    "usage",
)
COLUMN_KEYS = ("name", "category", "contact_type", "purposes", "usage")
PURPOSE_KEYS = ("id", "requires_consent", "consent", "exception", "tags")
RECIPIENT_KEYS = (
    "id",
    "role",
    "consent",
    "exception",
    "destinations",
    "purposes",
    "categories",
    "accounts",
)


def _pick(item: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: item[k] for k in keys if k in item}


def fixture_module_text() -> str:
    """``policies/lib/fixtures_test.rego``: the examples inventory as the Rego tests see it."""
    data = load_inventory(EXAMPLES_INVENTORY).to_data()
    tables = {}
    for key, ds in data["tables"].items():
        table = _pick(ds, TABLE_KEYS)
        if "retention" in ds:
            period = ds["retention"]["period"]
            table["retention"] = {
                "period": {k: period[k] for k in ("iso", "days", "months") if k in period}
            }
        table["columns_by_name"] = {
            name: _pick(col, COLUMN_KEYS) for name, col in ds["columns_by_name"].items()
        }
        tables[key] = table
    recipients = [_pick(r, RECIPIENT_KEYS) for r in data["recipients"]]
    view = {
        "tables": tables,
        "purposes_by_id": {k: _pick(p, PURPOSE_KEYS) for k, p in data["purposes_by_id"].items()},
        "recipients": recipients,
        "recipients_by_id": {r["id"]: r for r in recipients},
    }
    body = json.dumps(view, indent="\t", ensure_ascii=False)
    return (
        "# Generated from policies/lib/examples_inventory.yaml by "
        "tests/policies/test_sql_rules.py\n"
        "# (run `pytest tests/policies --update-goldens` after editing the inventory).\n"
        "package tutela.lib.fixtures_test\n\n"
        f"inventory := {body}\n"
    )


def test_fixture_module_matches_inventory(golden: Callable[[Path, str], None]) -> None:
    golden(FIXTURE_MODULE, fixture_module_text())


def _sql_rules() -> list[Rule]:
    index = load_rule_index([builtin_policy_dir()])
    return [r for r in index.rules if r.family in SQL_FAMILIES]


@pytest.mark.parametrize("rule", _sql_rules(), ids=lambda r: r.id)
def test_rule_examples(rule: Rule) -> None:
    """Every bad example yields the rule's code and no good one does."""
    assert rule.examples is not None, f"{rule.id} has no examples file"
    assert check_examples(rule) == []


@pytest.mark.parametrize("rule", _sql_rules(), ids=lambda r: r.id)
def test_rule_identity(rule: Rule) -> None:
    """Package tutela.<dir>, the literal id in the body, deny <-> error, a legal basis."""
    folder = Path(rule.file).parent.name
    assert rule.package == f"tutela.{folder}"
    assert folder in SQL_FAMILIES
    assert set(rule.body_ids) == {rule.id}
    # warn => warning, or info for an opt-in informational rule
    warn = {"warning", "info"} if rule.opt_in else {"warning"}
    allowed = {"error"} if rule.kind == "deny" else warn
    assert rule.severity.value in allowed
    assert rule.legal_basis and rule.recommended_action and rule.title
    assert "What it does" in rule.description and "Why it matters" in rule.description


def test_rego_unit_tests_pass() -> None:
    results = run_policy_tests(run=r"^tutela\.(lib|" + "|".join(SQL_FAMILIES) + ")")
    failures = [f"{r.full_name}: {r.outcome} {r.detail}" for r in results if r.outcome != "PASS"]
    assert failures == []
    tested = {r.package.split(".")[1].removesuffix("_test") for r in results}
    assert set(SQL_FAMILIES) <= tested


# The contact-center example under its own configuration (profile "legal"). Each file's
# `-- expected:` header names the same rules (test_example_headers_match_findings).
EXPECTED_LEGAL = {
    ("dbt/models/marts/reactivacion_clientes.sql", "PUR005"),
    ("dbt/models/marts/reactivacion_clientes.sql", "CON001"),
    ("dbt/models/marts/reactivacion_clientes.sql", "EXC001"),
    ("dbt/models/marts/reactivacion_clientes.sql", "EXC002"),
    ("models/analitica/churn_clientes_bloqueados.sql", "CON001"),
    ("models/analitica/churn_clientes_bloqueados.sql", "PUR002"),
    ("models/analitica/churn_clientes_bloqueados.sql", "RET003"),
    ("models/atencion/clientes_select_star.sql", "MIN001"),
    ("models/atencion/clientes_select_star.sql", "PUR002"),
    ("models/bigquery/export_telefonos_socio.sql", "CON001"),
    ("models/bigquery/export_telefonos_socio.sql", "EGR001"),
    ("models/bigquery/export_telefonos_socio.sql", "EXC001"),
    ("models/bigquery/export_telefonos_socio.sql", "EXC002"),
    ("models/bigquery/visitantes_por_ip.sql", "CON001"),
    ("models/calidad/ausentismo_por_diagnostico.sql", "PUR002"),
    ("models/calidad/ausentismo_por_diagnostico.sql", "SEN001"),
    ("models/cobranza/marcador_ventana_ocho_anios.sql", "RET002"),
    ("models/exports/copy_leads_agencia.sql", "EGR001"),
    ("models/exports/copy_leads_agencia.sql", "EXC001"),
    ("models/exports/copy_leads_agencia.sql", "EXC002"),
    ("models/legal/requerimiento_profeco.sql", "EGR001 (suppressed)"),
    ("models/marketing/audiencia_clientes_sin_consentimiento.sql", "CON001"),
    ("models/marketing/audiencia_consentimiento_invertido.sql", "CON001"),
    ("models/marketing/audiencia_inner_join.sql", "EXC001"),
    ("models/marketing/audiencia_inner_join.sql", "EXC002"),
    ("models/marketing/audiencia_left_join_sin_is_null.sql", "EXC001"),
    ("models/marketing/audiencia_not_exists_sin_correlacion.sql", "EXC001"),
    ("models/marketing/crear_audiencia_diciembre.sql", "PUR005"),
    ("models/marketing/ofertas_a_deudores.sql", "CON001"),
    ("models/marketing/ofertas_a_deudores.sql", "EXC001"),
    ("models/marketing/ofertas_a_deudores.sql", "EXC002"),
    ("models/marketing/ofertas_a_deudores.sql", "PUR002"),
    ("models/pagos/legacy_ivr_conciliacion.sql", "PCI001"),
    ("models/pagos/legacy_ivr_conciliacion.sql", "PCI002"),
    ("models/pagos/migrar_legacy_a_transacciones.sql", "PCI002"),
    ("models/rh/incapacidades_sin_consentimiento.sql", "CON001"),
}

# Under --profile strict every transfer to a tercero without an Art. 36 exception is flagged.
EXPECTED_STRICT_EXTRA = {
    ("models/bigquery/export_audiencia_socio.sql", "EGR002"),
    ("models/bigquery/export_telefonos_socio.sql", "EGR002"),
}


def _sql_rule_ids() -> set[str]:
    return {r.id for r in _sql_rules()}


def _lint_pairs(run_cli: RunCli, example_dir: Path, *extra: str) -> set[tuple[str, str]]:
    code, out, err = run_cli(
        "lint",
        "models",
        "dbt/models",
        "--format",
        "json",
        "--no-cache",
        "--jobs",
        "1",
        *extra,
        cwd=example_dir,
    )
    assert code == 1, err
    report = json.loads(out)
    assert report["errors"] == []
    ids = _sql_rule_ids()
    return {
        (f["location"]["file"], f["id"] + (" (suppressed)" if f.get("suppressed") else ""))
        for f in report["findings"]
        if f["id"] in ids
    }


def test_example_findings_legal_profile(run_cli: RunCli, example_dir: Path) -> None:
    assert _lint_pairs(run_cli, example_dir) == EXPECTED_LEGAL


def test_example_findings_strict_profile(run_cli: RunCli, example_dir: Path) -> None:
    found = _lint_pairs(run_cli, example_dir, "--profile", "strict")
    assert found == EXPECTED_LEGAL | EXPECTED_STRICT_EXTRA


def test_rules_ignore_other_fact_kinds() -> None:
    """Every bad example, relabelled as a manifest, yields no SQL finding."""
    from tutela.engine.policytest import load_examples

    inventory = load_inventory(EXAMPLES_INVENTORY).to_data()
    facts = []
    for rule in _sql_rules():
        assert rule.examples is not None
        facts += [{**case.fact, "kind": "manifest"} for case in load_examples(rule.examples).bad]
    engine = EmbeddedEngine(load_policies(), engine_data(inventory=inventory, config={}))
    ids = _sql_rule_ids()
    assert [f for found in engine.evaluate(facts) for f in found if f["id"] in ids] == []


# Example files whose header names a rule tutela does not ship yet, with the reason.
KNOWN_GAPS = {
    # EXC003 (REUS scrub for financial-product marketing): nothing in the inventory says that a
    # campaign sells a financial product, and the REUS article (LPDUSF art. 8) is UNVERIFIED.
    "models/marketing/audiencia_tarjeta_credito.sql": {"EXC003"},
}


def test_example_headers_match_findings(run_cli: RunCli, example_dir: Path) -> None:
    """Every example SQL file says which rules it breaks (`-- expected: clean | ID, ID`)."""
    import re

    found: dict[str, set[str]] = {}
    for file, rule in _lint_pairs(run_cli, example_dir):
        if not rule.endswith("(suppressed)"):
            found.setdefault(file, set()).add(rule)
    mismatches = []
    for path in sorted(
        [*example_dir.glob("models/**/*.sql"), *example_dir.glob("dbt/models/**/*.sql")]
    ):
        rel = path.relative_to(example_dir).as_posix()
        header = re.search(r"^--\s*expected:\s*(.+)$", path.read_text(encoding="utf-8"), re.M)
        assert header, f"{rel} has no `-- expected:` header"
        words = {w.strip() for w in header.group(1).split(",")}
        want = (set() if words == {"clean"} else words) - KNOWN_GAPS.get(rel, set())
        if want != found.get(rel, set()):
            mismatches.append((rel, sorted(want), sorted(found.get(rel, set()))))
    assert mismatches == []
