"""``tutela arco plan`` and ``tutela arco letter``: ARCO requests as SQL and as a letter.

``plan`` writes one script (or JSON) for one dialect; ``letter`` renders the Spanish answer
with the Art. 31 deadlines in business days. Both read the inventory; exit 2 on bad input.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from tutela.cli.options import (
    config_option,
    inventory_option,
    resolve_config,
    resolve_inventory_path,
)
from tutela.errors import TutelaError
from tutela.generators.arco import (
    CANCELLATION_GROUNDS,
    OUTCOMES,
    REFUSAL_GROUNDS,
    RIGHTS,
    letter_context,
    plan_arco,
)
from tutela.generators.arco import render_letter as _render_letter
from tutela.generators.calendar import make_calendar
from tutela.generators.retention import DIALECTS, check_dialect, read_inventory

F = TypeVar("F", bound=Callable[..., Any])


def parse_date(value: str | None, option: str) -> _dt.date:
    """Parse ``YYYY-MM-DD`` from an option; ``None`` means today (the CLI reads the clock)."""
    if value is None:
        return _dt.date.today()
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise TutelaError(
            f"{option} {value!r} is not a date", hint=f"write {option} YYYY-MM-DD"
        ) from None


def emit(text: str, out: Path | None, force: bool) -> None:
    """Print ``text``, or write it atomically to ``out`` (refusing to overwrite without force)."""
    if out is None:
        click.echo(text, nl=False)
        return
    from tutela.files import write_atomic

    write_atomic(out, text, force=force, parents=False)


def resolve_dialect(explicit: str | None, configured: str | None) -> str:
    """The dialect: the flag, else the configuration, else postgres."""
    return check_dialect(explicit or configured or "postgres")


_dialect = click.option(
    "--dialect",
    "-d",
    default=None,
    metavar="|".join(DIALECTS),
    help="SQL dialect of the script (default: config `dialect`, else postgres).",
)
_out = click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (atomically) instead of stdout.",
)
_force = click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
_purposes = click.option(
    "--purpose",
    "purposes",
    multiple=True,
    metavar="ID",
    help="oposicion/revocacion: a purpose concerned (default: those requiring consent).",
)
_data_subjects = click.option(
    "--data-subject",
    "data_subjects",
    multiple=True,
    metavar="ID",
    help="Whose request: required when the inventory holds several data subjects.",
)


def _request_scope(func: F) -> F:
    """--purpose and --data-subject, which `arco plan` and `arco letter` share."""
    return _purposes(_data_subjects(func))


_holidays = [
    click.option(
        "--holidays",
        "holiday_files",
        multiple=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="File of extra non-business days (YYYY-MM-DD per line, # comments). Repeatable.",
    ),
    click.option(
        "--holiday", "holiday_days", multiple=True, metavar="DATE", help="Extra non-business day."
    ),
    click.option(
        "--no-default-holidays",
        is_flag=True,
        help="Do not use the LFT art. 74 rest days (weekends are never business days).",
    ),
]


@click.group("arco")
def arco() -> None:
    """Plan ARCO requests as SQL and render the response letter (LFPDPPP arts. 21-34)."""


@arco.command("plan", short_help="Write the SQL for one ARCO request.")
@click.option("--right", "-r", required=True, type=click.Choice(RIGHTS), help="The right.")
@click.option("--subject-key", "-k", required=True, help="The titular's key value.")
@_dialect
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["sql", "json"]),
    default="sql",
    show_default=True,
    help="Output format.",
)
@click.option("--as-of", default=None, metavar="DATE", help="Execution date (default: today).")
@_request_scope
@click.option(
    "--parameters",
    is_flag=True,
    help="Bind the subject key as the parameter `subject_key` instead of a quoted literal.",
)
@_out
@_force
@inventory_option
@config_option
def plan(
    right: str,
    subject_key: str,
    dialect: str | None,
    output_format: str,
    as_of: str | None,
    purposes: tuple[str, ...],
    data_subjects: tuple[str, ...],
    parameters: bool,
    out: Path | None,
    force: bool,
    inventory_path: Path | None,
    config_path: Path | None,
) -> int:
    """Write the SQL for one ARCO request, for every dataset holding the titular's data."""
    cfg = resolve_config(config_path)
    chosen = resolve_dialect(dialect, cfg.dialect)
    inventory = read_inventory(resolve_inventory_path(cfg, inventory_path))
    result = plan_arco(
        inventory,
        right,
        subject_key,
        as_of=parse_date(as_of, "--as-of"),
        purposes=purposes,
        data_subjects=data_subjects,
        parameters=parameters,
    )
    text = result.to_json(chosen) if output_format == "json" else result.to_sql(chosen)
    emit(text, out, force)
    return 0


def _with_holidays(func: F) -> F:
    for option in reversed(_holidays):
        func = option(func)
    return func


@arco.command("letter", short_help="Render the Spanish response letter with the deadlines.")
@click.option("--right", "-r", required=True, type=click.Choice(RIGHTS), help="The right.")
@click.option("--received", required=True, metavar="DATE", help="Date the request was received.")
@click.option("--date", "issued", default=None, metavar="DATE", help="Letter date (default today).")
@click.option("--outcome", type=click.Choice(OUTCOMES), default="procedente", show_default=True)
@click.option(
    "--refusal",
    multiple=True,
    type=click.Choice(sorted(REFUSAL_GROUNDS) + sorted(CANCELLATION_GROUNDS)),
    help="Ground for an improcedente outcome: Art. 33 (art33_I..V), or for cancelacion also "
    "Art. 25 (art25_I..VII). Repeatable.",
)
@click.option("--titular", default="", help="Name of the titular, as it appears in the request.")
@click.option("--folio", default="", help="Request number.")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when the letter has warnings: dated after the Art. 31 deadline, on a day that "
    "is not a business day, or citing a basis marked UNVERIFIED.",
)
@_request_scope
@_with_holidays
@_out
@_force
@inventory_option
@config_option
def letter(
    right: str,
    received: str,
    issued: str | None,
    outcome: str,
    refusal: tuple[str, ...],
    titular: str,
    folio: str,
    strict: bool,
    purposes: tuple[str, ...],
    data_subjects: tuple[str, ...],
    holiday_files: tuple[Path, ...],
    holiday_days: tuple[str, ...],
    no_default_holidays: bool,
    out: Path | None,
    force: bool,
    inventory_path: Path | None,
    config_path: Path | None,
) -> int:
    """Render the Spanish response letter with the Art. 31 deadlines in business days."""
    cfg = resolve_config(config_path)
    inventory = read_inventory(resolve_inventory_path(cfg, inventory_path))
    calendar = make_calendar(
        holiday_files,
        [parse_date(d, "--holiday") for d in holiday_days],
        use_defaults=not no_default_holidays,
    )
    context = letter_context(
        inventory,
        right,
        received=parse_date(received, "--received"),
        issued=parse_date(issued, "--date"),
        calendar=calendar,
        outcome=outcome,
        refusal=refusal,
        titular=titular,
        folio=folio,
        purposes=purposes,
        data_subjects=data_subjects,
    )
    emit(_render_letter(context), out, force)
    for warning in context["warnings"]:
        click.echo(f"warning: {warning}", err=True)
    # --strict: a letter past the deadline or dated on a rest day is a finding (exit 1).
    return 1 if strict and context["warnings"] else 0
