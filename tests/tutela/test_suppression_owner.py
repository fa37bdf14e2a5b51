"""Suppressions with an owner (issue 18): parsed, applied, reported in json and sarif, and
listed by `tutela suppressions` with expired ones first. Real CLI, real policies."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import EXAMPLE
from tutela.findings import Finding, Location, Severity
from tutela.suppressions import apply_suppressions, parse_suppressions

SQL = (
    "-- tutela: ignore[PUR003] auditoría anual owner=@equipo-datos until=2027-01-31\n"
    "SELECT * FROM t;\n"
)


def test_owner_is_parsed_anywhere_in_the_reason_and_applied():
    (s,) = parse_suppressions(SQL, "a.sql")
    assert (s.owner, s.reason, s.until, s.error) == (
        "@equipo-datos", "auditoría anual", date(2027, 1, 31), None
    )  # fmt: skip
    finding = Finding("PUR003", "m", Severity.WARNING, Location("a.sql", 2, 1))
    (done,) = apply_suppressions([finding], [s], date(2026, 12, 1)).findings
    assert (done.suppressed, done.suppression_owner, done.suppression_until) == (
        True, "@equipo-datos", "2027-01-31"
    )  # fmt: skip
    assert done.to_dict()["suppression_owner"] == "@equipo-datos"
    plain = Finding("PUR003", "m", Severity.WARNING, Location("a.sql", 2, 1)).to_dict()
    assert "suppression_owner" not in plain and "suppression_until" not in plain


@pytest.mark.parametrize(
    ("comment", "owner", "error"),
    [
        ("-- tutela: ignore[PUR003] owner=@org/equipo razón", "@org/equipo", None),
        ("-- tutela: ignore[PUR003] razón owner=dpo@example.com", "dpo@example.com", None),
        ("-- tutela: ignore[PUR003] razón owner=equipo", None, "invalid owner 'equipo'"),
        ("-- tutela: ignore[PUR003] razón owner=@a owner=@b", None, "more than one owner"),
        ("-- tutela: ignore[PUR003] owner=@equipo", "@equipo", "has no reason"),
    ],
)
def test_owner_forms(comment, owner, error):
    (s,) = parse_suppressions(comment + "\nSELECT * FROM t;\n", "a.sql")
    assert s.owner == owner
    assert (s.error is None) if error is None else (error in (s.error or ""))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "inventory.yaml").write_bytes((EXAMPLE / "inventory.yaml").read_bytes())
    (tmp_path / "tutela.toml").write_text('inventory = "inventory.yaml"\n', encoding="utf-8")
    models = tmp_path / "models"
    models.mkdir()
    (models / "a.sql").write_text(
        "-- tutela: purpose=atencion_clientes\n"
        "-- tutela: ignore[MIN001] exportación acordada con legal owner=@legal until=2027-06-30\n"
        "SELECT * FROM cc_dwh.crm.clientes;\n",
        encoding="utf-8",
    )
    (models / "b.sql").write_text(
        "-- tutela: purpose=atencion_clientes\n"
        "-- tutela: ignore[MIN001] backfill de 2025 owner=@datos until=2026-01-31\n"
        "SELECT * FROM cc_dwh.crm.clientes;\n"
        "-- tutela: ignore[MIN001]\n"
        "SELECT 1;\n",
        encoding="utf-8",
    )
    return tmp_path


def test_owner_is_reported_in_json_and_sarif(run_cli, project: Path):
    args = ("lint", "models/a.sql", "--no-cache", "--today", "2026-12-01")
    code, out, err = run_cli(*args, "--format", "json", cwd=project)
    assert code in (0, 1), err
    (finding,) = [f for f in json.loads(out)["findings"] if f["suppressed"]]
    assert (finding["suppression_owner"], finding["suppression_until"]) == ("@legal", "2027-06-30")
    code, out, err = run_cli(*args, "--format", "sarif", cwd=project)
    assert code in (0, 1), err
    (result,) = [r for r in json.loads(out)["runs"][0]["results"] if "suppressions" in r]
    assert result["suppressions"][0]["properties"] == {"owner": "@legal", "until": "2027-06-30"}


def test_suppressions_listing_puts_expired_first(run_cli, project: Path):
    code, out, err = run_cli("suppressions", "models", "--today", "2026-12-01", cwd=project)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("EXPIRED   models/b.sql:2  MIN001  @datos  until 2026-01-31")
    assert lines[1].startswith("INVALID   models/b.sql:4  MIN001  (no owner)  permanent")
    assert "has no reason" in lines[1]
    assert lines[2].startswith("ACTIVE    models/a.sql:2  MIN001  @legal  until 2027-06-30")
    assert lines[3] == "3 suppressions in 2 files (1 expired, 1 invalid)."
    code, out, err = run_cli("suppressions", "--format", "json", "--today", "2026-12-01",
                             cwd=project)  # fmt: skip
    assert code == 0, err
    rows = json.loads(out)["suppressions"]
    assert [(r["status"], r["owner"]) for r in rows] == [
        ("expired", "@datos"), ("invalid", None), ("active", "@legal")
    ]  # fmt: skip


def test_suppressions_listing_reports_an_unreadable_file(run_cli, project: Path):
    (project / "models" / "bin.sql").write_bytes(b"\x00\x01")
    code, out, err = run_cli("suppressions", "models", cwd=project)
    assert code == 2 and "bin.sql" in err and "NUL bytes" in err
    assert "3 suppressions in 3 files" in out
