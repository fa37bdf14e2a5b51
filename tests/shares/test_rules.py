"""Every manifest rule, through the real CLI and the real engine: an allowed manifest and a
denied one that differ in exactly one field.

The allowed manifest is a base from ``tests/fixtures/shares/bases/`` (optionally with one
prior change, shown in the case); the denied one changes one more field. Both run as
``tutela shares check`` in a copy of ``tests/fixtures/shares/project``. The denied run must
report exactly ``expected`` (rule ids), and the allowed run nothing at all.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import pytest
import yaml

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "shares"
PROJECT = FIXTURES / "project"
BASES = FIXTURES / "bases"
DELETE = object()

PAGOS = "SELECT t.id_pago, {} FROM dwh.pagos.tarjetas AS t\n"
SOCIO_NO_EXCLUSION = (
    "SELECT p.telefono, p.segmento\nFROM dwh.crm.prospectos AS p\n"
    "WHERE p.acepta_promociones = TRUE\n"
)
SOCIO_NO_CONSENT = (
    "SELECT p.telefono, p.segmento\nFROM dwh.crm.prospectos AS p\n"
    "WHERE NOT EXISTS (SELECT 1 FROM dwh.crm.exclusion AS x WHERE x.telefono = p.telefono)\n"
)
BLOQUEADOS = "SELECT b.id_credito, b.nombre FROM dwh.archivo.bloqueados AS b\n"


class Case(NamedTuple):
    rule: str
    base: str
    field: str
    value: Any
    expected: frozenset[str]
    before: Mapping[str, Any] = MappingProxyType({})
    profile: str = "strict"


def case(rule: str, base: str, field: str, value: Any, *others: str, **kw: Any) -> Any:
    expected = frozenset({rule, *others})
    return pytest.param(Case(rule, base, field, value, expected, **kw), id=f"{rule}-{field}")


CASES = [
    # transfer
    case("TRF001", "banco", "legal_basis", {"consent": "express", "consent_record": "x.y"}),
    case(
        "TRF001", "socio", "legal_basis", {"consent": "express"}, profile="legal"
    ),  # legal profile: consent without a record of who accepted
    case("TRF002", "banco", "notice", DELETE),
    case("TRF003", "banco", "recipient_purposes", ["cobranza", "mercadotecnia"]),
    case("TRF004", "banco", "legal_basis.exception", "art36_III", "TRF008"),
    case("TRF005", "socio", "legal_basis.consent", "tacit", profile="legal"),
    case("TRF007", "banco", "purpose", "defensa_legal"),
    case("TRF008", "banco", "legal_basis.exception", "art36_VII"),
    # remision
    case("REM001", "bpo", "recipient", "nube"),
    case("REM002", "bpo", "purpose", "defensa_legal"),
    case(
        "REM003",
        "bpo",
        "contract",
        {"reference": "C-BPO-2", "clauses": ["confidentiality", "data_location"]},
    ),
    case("REM005", "bpo", "own_use", True),
    case(
        "REM006",
        "bpo",
        "contract",
        {
            "reference": "C-BPO-2024",
            "valid_until": "2025-12-31",
            "clauses": ["subprocessors", "data_location"],
        },
    ),
    # international
    case("INT001", "banco", "legal_basis", {}, "TRF001", before={"country": "US"}),
    case(
        "INT002",
        "banco",
        "contract",
        {"reference": "C-US", "clauses": ["confidentiality"]},
        before={"country": "US"},
    ),
    case(
        "INT003",
        "bpo",
        "contract",
        {"reference": "C-BPO-US", "clauses": ["subprocessors"]},
        before={"country": "US"},
    ),
    # share
    case(
        "SHR001",
        "banco",
        "data.query.sql",
        PAGOS.format("t.cvv"),
        before={"data.query.sql": PAGOS.format("RIGHT(t.pan, 4) AS pan4")},
    ),
    case(
        "SHR002",
        "banco",
        "data.query.sql",
        PAGOS.format("t.pan"),
        before={"data.query.sql": PAGOS.format("RIGHT(t.pan, 4) AS pan4")},
    ),
    case("SHR003", "banco", "retention.period", "P10Y"),
    case(
        "SHR004",
        "banco",
        "purpose",
        "cobranza",
        before={
            "recipient": "abogados",
            "purpose": "defensa_legal",
            "legal_basis.exception": "art36_VI",
            "data.query.sql": BLOQUEADOS,
        },
    ),
    case("SHR005", "socio", "data.query.sql", SOCIO_NO_EXCLUSION, profile="legal"),
    case("SHR006", "banco", "data.query.sql", "SELECT d.id FROM dwh.tmp.desconocida AS d\n"),
    case("SHR007", "banco", "transport.encryption_in_transit", False),
    case("SHR010", "banco", "transport.destinations", ["s3://banco-resultados/"]),
    case("SHR008", "socio", "data.query.sql", SOCIO_NO_CONSENT, "SHR012", profile="legal"),
    case(
        "SHR011",
        "bpo",
        "data.tables",
        [{"table": "dwh.cobranza.cartera", "columns": ["id_credito", "nombre", "diagnostico"]}],
    ),
    case("SHR012", "socio", "data.query.sql", SOCIO_NO_CONSENT, "SHR008", profile="legal"),
    case(
        "SHR009",
        "banco",
        "approvals",
        [{"name": "Dueño de los datos", "role": "data_owner", "date": "2026-01-10"}],
    ),
]


def _set(doc: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    for key in parents:
        doc = doc.setdefault(key, {})
    if value is DELETE:
        del doc[last]
    else:
        doc[last] = copy.deepcopy(value)


def _run(
    run_cli: Callable[..., tuple[int, str, str]], root: Path, doc: dict[str, Any], profile: str
) -> tuple[int, list[str]]:
    path = root / "shares" / f"{doc['id']}.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, err = run_cli(
        "shares", "check", "--format", "json", "--no-cache", "--today", "2026-11-28",
        "--fail-on", "warning", "--profile", profile, f"shares/{path.name}", cwd=root,
    )  # fmt: skip
    assert code in (0, 1), err
    report = json.loads(out)
    return code, sorted(f["id"] for f in report["findings"])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(PROJECT, root)
    (root / "shares").mkdir(exist_ok=True)  # git keeps no empty folder
    return root


@pytest.mark.parametrize("c", CASES)
def test_rule_allows_base_and_denies_one_field_change(
    c: Case, project: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    allowed = yaml.safe_load((BASES / f"{c.base}.yaml").read_text(encoding="utf-8"))
    for field, value in c.before.items():
        _set(allowed, field, value)
    denied = copy.deepcopy(allowed)
    _set(denied, c.field, c.value)

    assert _run(run_cli, project, allowed, c.profile) == (0, [])
    code, ids = _run(run_cli, project, denied, c.profile)
    assert code == 1
    assert set(ids) == c.expected


def test_every_manifest_rule_has_a_case() -> None:
    from tutela.engine.base import builtin_policy_dir
    from tutela.rules import load_rule_index

    families = {"transfer", "remision", "international", "share"}
    rules = {r.id for r in load_rule_index([builtin_policy_dir()]) if r.family in families}
    assert rules == {p.values[0].rule for p in CASES}


def test_manifest_rules_ignore_statement_facts() -> None:
    """Every bad example of a manifest rule, relabelled as a SQL statement, yields nothing."""
    from tutela.engine.base import builtin_policy_dir, engine_data, load_policies
    from tutela.engine.embedded import EmbeddedEngine
    from tutela.engine.policytest import load_examples
    from tutela.rules import load_rule_index

    families = {"transfer", "remision", "international", "share"}
    rules = [r for r in load_rule_index([builtin_policy_dir()]) if r.family in families]
    facts = []
    for rule in rules:
        assert rule.examples is not None
        examples = load_examples(rule.examples)
        facts += [{**case.fact, "kind": "statement"} for case in examples.bad]
    config = {"profile": "strict", "today": "2026-11-28"}
    engine = EmbeddedEngine(load_policies(), engine_data(config=config))
    ids = {r.id for r in rules}
    assert [f for found in engine.evaluate(facts) for f in found if f["id"] in ids] == []
