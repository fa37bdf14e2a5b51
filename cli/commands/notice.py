"""``tutela notice``: render an aviso de privacidad from the inventory, or check its coverage."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import click

from tutela.cli.options import (
    config_option,
    inventory_option,
    resolve_config,
    resolve_inventory_path,
)
from tutela.errors import InputError, InventoryError, TutelaError
from tutela.generators.checklist import KINDS, Kind, check_notice, cite, notice_status
from tutela.generators.notice import (
    DEFAULT_FORMAT,
    FORMATS,
    Format,
    load_notice_inventory,
    read_inventory_yaml,
    render_notice,
)


def _parse_date(value: str, source: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{source}: {value!r} is not a date",
            hint="write the date as YYYY-MM-DD, e.g. 2026-11-01",
        ) from None


def _coverage_table(inv_path: Path, kind: Kind) -> tuple[str, bool]:
    raw = read_inventory_yaml(inv_path)
    statuses = notice_status(raw, kind)
    rows = [("AV-xx", "req", "estado", "fuente", "clave")]
    rows += [(s.id, s.requirement, s.estado, cite(s.source), s.key) for s in statuses]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [
        " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + " | " + row[4]
        for row in rows
    ]
    lines.insert(1, "-+-".join("-" * w for w in widths) + "-+-" + "-" * len("clave"))
    complete = not any(s.required and not s.filled for s in statuses)
    missing = sum(1 for s in statuses if s.required and not s.filled)
    lines.append("")
    lines.append(
        f"{kind}: complete" if complete else f"{kind}: {missing} required element(s) missing"
    )
    return "\n".join(lines) + "\n", complete


def _write_atomic(path: Path, text: str, *, force: bool) -> None:
    from tutela.files import write_atomic

    write_atomic(path, text, force=force, parents=False)


@click.command(name="notice")
@click.option(
    "--type",
    "kind",
    type=click.Choice(KINDS),
    default="integral",
    show_default=True,
    help="Which aviso: integral, simplificado, corto (legacy, printed forms only) or "
    "telefono (the phone script of the simplificado).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default=None,
    help="md or html (txt for telefono). Default: txt for telefono, md otherwise.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to this file (atomically) instead of standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite --out if it exists.")
@click.option(
    "--date",
    "date_text",
    default=None,
    metavar="YYYY-MM-DD",
    help="Date printed as última actualización (default: notice.last_updated).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Print the checklist coverage (AV-01..AV-25) instead of the notice; exit 2 if a "
    "required element is missing.",
)
@inventory_option
@config_option
def notice(
    kind: Kind,
    fmt: Format | None,
    out: Path | None,
    force: bool,
    date_text: str | None,
    check: bool,
    inventory_path: Path | None,
    config_path: Path | None,
) -> int:
    """Generate an aviso de privacidad from the data inventory."""
    cfg = resolve_config(config_path)
    inv_path = resolve_inventory_path(cfg, inventory_path)
    if check:
        raw = read_inventory_yaml(inv_path)
        if not isinstance(raw.data, dict) or not raw.data:
            load_notice_inventory(inv_path)  # not a map at all: the schema's error says so
        table, complete = _coverage_table(inv_path, kind)
        click.echo(table, nl=False)
        if not complete:
            # The table already lists what is missing; the error says where to add it.
            check_notice(read_inventory_yaml(inv_path), kind)
        return 0
    chosen: Format = fmt or DEFAULT_FORMAT[kind]
    # The checklist runs on the parsed YAML first: a missing element is reported as its
    # AV id, article and key, even when the schema would reject the file too.
    raw = read_inventory_yaml(inv_path)
    if not isinstance(raw.data, dict) or not raw.data:
        load_notice_inventory(inv_path)  # not a map at all: the schema's error says so
    check_notice(raw, kind)
    inv = load_notice_inventory(inv_path)
    if date_text is not None:
        date = _parse_date(date_text, "--date")
    else:
        last = (
            (inv.data.get("notice") or {}).get("last_updated")
            if isinstance(inv.data, dict)
            else None
        )
        if not last:
            raise InventoryError(
                "the inventory has no notice.last_updated",
                file=str(inv_path),
                hint="add `notice.last_updated: YYYY-MM-DD` or pass --date",
            )
        date = _parse_date(str(last), f"{inv_path}: notice.last_updated")
    text = render_notice(inv, kind, chosen, date=date)
    if out is None:
        click.echo(text, nl=False)
        return 0
    try:
        _write_atomic(out, text, force=force)
    except OSError as exc:
        raise TutelaError(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(f"wrote {out}", err=True)
    return 0
