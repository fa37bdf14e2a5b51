"""The Spanish response letter: goldens per right, Art. 31 dates, refusals, CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tutela.errors import TutelaError
from tutela.generators.arco import RIGHTS, letter_context, render_letter
from tutela.generators.calendar import BusinessCalendar
from tutela.generators.retention import read_inventory

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "arco"
INVENTORY = FIXTURES / "inventory.yaml"
GOLDEN = FIXTURES / "golden"
RECEIVED = dt.date(2026, 11, 10)
ISSUED = dt.date(2026, 11, 27)


@pytest.fixture(scope="module")
def inventory():
    return read_inventory(INVENTORY)


def context(inventory, right, **kw):
    kw.setdefault("received", RECEIVED)
    kw.setdefault("issued", ISSUED)
    kw.setdefault("calendar", BusinessCalendar())
    return letter_context(inventory, right, **kw)


@pytest.mark.parametrize("right", RIGHTS)
def test_letter_per_right(inventory, golden, right):
    text = render_letter(context(inventory, right, titular="Ana Pérez", folio="ARCO-2026-0042"))
    golden(GOLDEN / f"letter_{right}.md", text)


def test_refusal_letter(inventory, golden):
    text = render_letter(
        context(inventory, "acceso", outcome="improcedente", refusal=["art33_V", "art33_I"])
    )
    golden(GOLDEN / "letter_acceso_improcedente.md", text)


def test_art31_dates(inventory):
    ctx = context(inventory, "cancelacion")
    assert {
        k: ctx[k]
        for k in (
            "response_due",
            "response_due_extended",
            "execution_due",
            "execution_due_extended",
            "late",
        )
    } == {
        "response_due": "2026-12-09",
        "response_due_extended": "2027-01-08",
        "execution_due": "2026-12-18",
        "execution_due_extended": "2027-01-12",
        "late": False,
    }
    assert ctx["rest_days"] == [{"date": "2026-11-16", "name": "Día de la Revolución"}]


def test_configured_rest_days_move_the_deadline(inventory):
    cal = BusinessCalendar(frozenset({dt.date(2026, 12, 1), dt.date(2026, 12, 2)}))
    ctx = context(inventory, "acceso", calendar=cal)
    assert ctx["response_due"] == "2026-12-11"


def test_inventory_days_are_used(inventory):
    inv = {**inventory, "arco": {**inventory["arco"], "response_days": 10, "execution_days": 5}}
    ctx = context(inv, "acceso")
    assert (ctx["response_due"], ctx["execution_due"]) == ("2026-11-25", "2026-12-04")


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"outcome": "improcedente"}, "a refusal must give its grounds (LFPDPPP art. 33)"),
        ({"refusal": ["art33_VI"]}, "unknown refusal ground 'art33_VI'"),
        ({"outcome": "parcial"}, "unknown outcome 'parcial'"),
        (
            {"issued": dt.date(2026, 11, 9)},
            "the letter date 2026-11-09 is before the request was received (2026-11-10)",
        ),
    ],
)
def test_bad_letter_input(inventory, kw, message):
    with pytest.raises(TutelaError) as err:
        context(inventory, "acceso", **kw)
    assert err.value.message == message


def test_cli_letter_with_holiday_file(run_cli, inventory, tmp_path):
    holidays = tmp_path / "dias.txt"
    holidays.write_text("2026-12-01\n2026-12-02  # cierre\n", encoding="utf-8")
    code, out, err = run_cli(
        "arco",
        "letter",
        "-i",
        str(INVENTORY),
        "-r",
        "acceso",
        "--received",
        "2026-11-10",
        "--date",
        "2026-11-27",
        "--holidays",
        str(holidays),
    )
    assert (code, err) == (0, "")
    cal = BusinessCalendar(frozenset({dt.date(2026, 12, 1), dt.date(2026, 12, 2)}))
    assert out == render_letter(context(inventory, "acceso", calendar=cal))
    assert "vence el 11 de diciembre de 2026 (art. 31)" in out


def test_cli_letter_late_warns(run_cli):
    code, _, err = run_cli(
        "arco",
        "letter",
        "-i",
        str(INVENTORY),
        "-r",
        "acceso",
        "--received",
        "2026-11-10",
        "--date",
        "2026-12-10",
    )
    assert code == 0
    assert err == (
        "warning: the letter date 2026-12-10 is after the answer deadline 2026-12-09 "
        "(LFPDPPP art. 31); an extension must have been notified within the original period\n"
    )
    late = ("arco", "letter", "-i", str(INVENTORY), "-r", "acceso", "--received", "2026-11-10")
    # --strict: the same late letter is a finding (exit 1); so is one dated on a rest day.
    code, out, _ = run_cli(*late, "--date", "2026-12-10", "--strict")
    assert code == 1 and out.startswith("# Respuesta")
    code, _, err = run_cli(*late, "--date", "2026-11-21", "--strict")  # a Saturday
    assert code == 1
    assert "warning: the letter date 2026-11-21 is not a business day (sábado)" in err
    code, _, err = run_cli(*late, "--date", "2026-11-20", "--strict")
    assert (code, err) == (0, "")


def test_cli_letter_bad_holiday_file_exits_2(run_cli, tmp_path):
    holidays = tmp_path / "dias.txt"
    holidays.write_text("1 de mayo\n", encoding="utf-8")
    code, out, err = run_cli(
        "arco",
        "letter",
        "-i",
        str(INVENTORY),
        "-r",
        "acceso",
        "--received",
        "2026-11-10",
        "--holidays",
        str(holidays),
    )
    assert (code, out) == (2, "")
    assert err == (
        f"Error: {holidays}:1:1: '1 de mayo' is not a date\n"
        "  help: write one date per line as YYYY-MM-DD; text after # is a comment\n"
    )
