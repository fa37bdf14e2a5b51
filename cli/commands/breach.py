"""``tutela breach``: the breach response for one incident file (LFPDPPP art. 19)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tutela.cli.commands.notice import _write_atomic
from tutela.cli.options import (
    config_option,
    inventory_option,
    resolve_config,
    resolve_inventory_path,
)
from tutela.errors import InputError, TutelaError

if TYPE_CHECKING:
    from tutela.generators.breach import BreachReport


def _instant(value: str) -> _dt.datetime:
    from tutela.breach.load import parse_instant

    try:
        return parse_instant(value)
    except ValueError:
        raise InputError(
            f"--now: {value!r} is not a date-time with offset",
            hint="write it as 2026-11-25T10:00:00-06:00",
        ) from None


def _document(report: BreachReport, name: str) -> str:
    from tutela.generators.breach import register_json, render_document

    if name == "registro.json":
        return register_json(report)
    if name in ("aviso", "aviso.html", "telefono", "registro"):
        if name != "registro" and not report.significance.significant:
            raise InputError(
                f"no {name} document: the breach does not significantly affect the titulares",
                hint="see the register (--print registro) for the grounds; an `assessment:` in "
                "the incident file records the responsable's own evaluation",
            )
        return render_document(report, name)  # type: ignore[arg-type]
    if name.startswith("notificacion:"):
        return render_document(report, "notificacion", recipient=name.split(":", 1)[1])
    raise InputError(
        f"--print: unknown document {name!r}",
        hint="aviso, aviso.html, telefono, registro, registro.json or notificacion:<recipient id>",
    )


@click.command(name="breach")
@click.argument("incident_path", metavar="INCIDENT", type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Only validate the incident file (exit 2 if invalid).")
@click.option(
    "--count-sql",
    "count_sql",
    is_flag=True,
    help="Print read-only count queries (rows and distinct titulares per affected table).",
)
@click.option(
    "--dialect",
    default=None,
    help="SQL dialect of --count-sql and of the incident's queries (default: config `dialect`, "
    "else snowflake).",
)
@click.option(
    "--out-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Write the notice, phone script, register entry (md + json) and recipient "
    "notifications into this existing folder.",
)
@click.option("--force", is_flag=True, help="Overwrite files in --out-dir.")
@click.option(
    "--print",
    "print_doc",
    default=None,
    metavar="DOC",
    help="Print one document instead of the summary: aviso, aviso.html, telefono, "
    "registro, registro.json or notificacion:<recipient id>.",
)
@click.option(
    "--now",
    "now_text",
    default=None,
    metavar="DATETIME",
    help="Generation time recorded in the register (default: the current time).",
)
@inventory_option
@config_option
def breach(
    incident_path: Path,
    check: bool,
    count_sql: bool,
    dialect: str | None,
    out_dir: Path | None,
    force: bool,
    now_text: str | None,
    print_doc: str | None,
    inventory_path: Path | None,
    config_path: Path | None,
) -> int:
    """Assess a breach and write the notices its response needs.

    Derives the affected data, titulares, purposes and recipients from the inventory (and from
    the facts of any query or manifest the incident names), applies the significance test of
    LFPDPPP art. 19, and renders the notice to titulares, its phone version, the internal
    register entry and the notifications the recipients' contracts require. See docs/breach.md.
    """
    from tutela.breach import SLA, derive_affected, load_incident
    from tutela.generators.breach import (
        build_report,
        register_json,
        render_document,
        summary_lines,
    )
    from tutela.generators.breach import (
        count_sql as make_count_sql,
    )
    from tutela.inventory import load_inventory

    cfg = resolve_config(config_path)
    inventory = load_inventory(resolve_inventory_path(cfg, inventory_path))
    incident = load_incident(incident_path, inventory)
    source_dialect = (dialect or cfg.dialect or "snowflake").lower()
    affected = derive_affected(incident, inventory, dialect=source_dialect)
    if check:
        click.echo(f"{incident_path}: ok ({len(affected.columns)} affected column(s))")
        return 0
    if count_sql:
        click.echo(
            make_count_sql(incident, affected, source_dialect, source_dialect=source_dialect),
            nl=False,
        )
        return 0
    now = _instant(now_text) if now_text else _dt.datetime.now(_dt.UTC).replace(microsecond=0)
    sla = SLA(cfg.breach.get("titulares_sla_hours"), cfg.breach.get("recipients_sla_hours"))
    report = build_report(incident, inventory, affected, sla=sla, generated_at=now)
    if print_doc is not None:
        click.echo(_document(report, print_doc), nl=False)
        return 0
    for line in summary_lines(report):
        click.echo(line)
    if out_dir is None:
        click.echo("(pass --out-dir DIR to write the documents)")
        return 0
    if not out_dir.is_dir():
        raise InputError(f"--out-dir {out_dir} is not an existing folder", hint="create it first")
    stem = incident.id
    files: list[tuple[str, str]] = [
        (f"{stem}-registro.md", render_document(report, "registro")),
        (f"{stem}-registro.json", register_json(report)),
    ]
    if report.significance.significant:
        files.append((f"{stem}-aviso-titulares.md", render_document(report, "aviso")))
        files.append((f"{stem}-aviso-titulares.html", render_document(report, "aviso.html")))
        files.append((f"{stem}-aviso-telefono.txt", render_document(report, "telefono")))
    for rid in report.notify:
        files.append(
            (
                f"{stem}-notificacion-{rid}.md",
                render_document(report, "notificacion", recipient=rid),
            )
        )
    for name, text in files:
        try:
            _write_atomic(out_dir / name, text, force=force)
        except OSError as exc:
            raise TutelaError(f"cannot write {out_dir / name}: {exc.strerror or exc}") from None
        click.echo(f"wrote {out_dir / name}", err=True)
    return 0
