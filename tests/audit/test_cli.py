"""``tutela audit`` through the real CLI: exit codes, summary, clear errors for bad input."""

from __future__ import annotations

import json

import pytest

from tests.audit.conftest import EXAMPLE
from tutela.audit.sample import write_history
from tutela.cli.main import main


@pytest.fixture
def in_example(monkeypatch):
    monkeypatch.chdir(EXAMPLE)


def test_audit_reports_findings_and_summary(tmp_path, in_example, capsys):
    history = write_history(tmp_path / "h.csv", "snowflake", executions=300, shapes=16)
    code = main(["audit", str(history), "--db", str(tmp_path / "a.duckdb"), "--no-progress"])
    out = capsys.readouterr().out
    assert code == 1
    assert "AUD001 [error] The executed query uses personal column cc_dwh.crm.clientes" in out
    assert "Audited " in out and " shapes, " in out and "judged 16 new" in out
    code = main(["audit", str(history), "--db", str(tmp_path / "a.duckdb"), "-f", "json"])
    payload = json.loads(capsys.readouterr().out)
    assert code == 1
    assert payload["summary"]["judged"] == 0 and payload["summary"]["reused"] == 16
    assert {"id", "fingerprint", "executions", "users", "first_seen", "last_seen"} <= set(
        payload["findings"][0]
    )
    assert main(["audit", str(history), "--db", str(tmp_path / "a.duckdb"), "--exit-zero"]) == 0


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        ("a,b\n1,2\n", "h.csv", "cannot tell which warehouse wrote this history"),
        ("QUERY_ID,WAREHOUSE_NAME\n1,WH\n", "h.csv", "no query_text column"),
        ("whatever", "h.txt", "cannot tell the format"),
        ("{not json\n", "h.jsonl", "cannot read the history as jsonl"),
    ],
)
def test_bad_export_is_exit_2(tmp_path, in_example, capsys, content, name, expected):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    if expected == "no query_text column":
        path.write_text("QUERY_ID,QUERY_TEXT_X,WAREHOUSE_NAME\n1,x,WH\n", encoding="utf-8")
        code = main(["audit", str(path), "--vendor", "snowflake", "--db", str(tmp_path / "a.db")])
    else:
        code = main(["audit", str(path), "--db", str(tmp_path / "a.db")])
    err = capsys.readouterr().err
    assert code == 2
    assert expected in err and "Traceback" not in err
    assert str(path.name) in err


def test_missing_file_and_no_paths(tmp_path, in_example, capsys):
    assert main(["audit", str(tmp_path / "nope.csv"), "--db", str(tmp_path / "a.db")]) == 2
    assert "no such history file" in capsys.readouterr().err
    assert main(["audit"]) == 2
    assert "nothing to audit" in capsys.readouterr().err


def test_bad_attribution_config_is_exit_2(tmp_path, capsys):
    config = tmp_path / "tutela.toml"
    config.write_text(
        'inventory = "inv.yaml"\n[audit.purposes.rol]\n"X*" = "cobranza"\n', encoding="utf-8"
    )
    history = write_history(tmp_path / "h.csv", "snowflake", executions=10, shapes=2)
    code = main(["audit", str(history), "--config", str(config)])
    err = capsys.readouterr().err
    assert code == 2
    assert "tutela.toml:2" in err and "unknown dimension" in err and "did you mean 'role'" in err


def test_progress_bars_only_when_asked_or_on_a_tty(tmp_path, in_example, capsys):
    history = write_history(tmp_path / "h.csv", "snowflake", executions=100, shapes=8)
    main(["audit", str(history), "--db", str(tmp_path / "a.duckdb"), "--progress"])
    assert "judge" in capsys.readouterr().err
    main(["audit", str(history), "--db", str(tmp_path / "b.duckdb")])  # stderr is no TTY here
    assert "judge" not in capsys.readouterr().err


def test_db_that_is_not_duckdb_is_refused_untouched(tmp_path, in_example, capsys):
    history = write_history(tmp_path / "h.csv", "snowflake", executions=20, shapes=4)
    before = history.read_bytes()
    assert main(["audit", str(history), "--db", str(history)]) == 2
    assert "cannot open the audit results file" in capsys.readouterr().err
    assert history.read_bytes() == before


def test_report_without_results_is_exit_2(tmp_path, in_example, capsys):
    assert main(["report", "--db", str(tmp_path / "none.duckdb"), "-f", "md"]) == 2
    assert "no audit results file" in capsys.readouterr().err
