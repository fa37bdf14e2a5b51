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
from tutela.generators.checklist import (
    KINDS,
    InventoryLike,
    Kind,
    check_notice,
    cite,
    notice_status,
)
from tutela.generators.notice import (
    CHANNEL_KIND,
    CHANNELS,
    DEFAULT_FORMAT,
    FORMATS,
    Format,
    build_context,
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


def _diff(old_path: Path, new_path: Path) -> int:
    from tutela.generators.notice_diff import diff_inventories

    old = load_notice_inventory(old_path)
    new = load_notice_inventory(new_path)
    changes = diff_inventories(old.data, new.data)
    for change in changes:
        pos = new.mark(change.path)
        where = f"{new_path}:{pos[0]}:{pos[1]}" if pos else str(new_path)
        click.echo(f"{where}: {change.action}: {change.message} ({change.legal_basis})")
    if not changes:
        click.echo(f"no change from {old_path} needs new consent or a new notice")
        return 0
    n = len(changes)
    click.echo(
        f"{n} change{'s' if n != 1 else ''} need{'' if n != 1 else 's'} new consent or a new notice"
    )
    return 1


def _notice_date(inv: InventoryLike, date_text: str | None, inv_path: Path) -> _dt.date:
    if date_text is not None:
        return _parse_date(date_text, "--date")
    last = (
        (inv.data.get("notice") or {}).get("last_updated") if isinstance(inv.data, dict) else None
    )
    if not last:
        raise InventoryError(
            "the inventory has no notice.last_updated",
            file=str(inv_path),
            hint="add `notice.last_updated: YYYY-MM-DD` or pass --date",
        )
    return _parse_date(str(last), f"{inv_path}: notice.last_updated")


def _check_rendered(
    inv: InventoryLike,
    kind: Kind,
    fmt: Format,
    date: _dt.date,
    audience: str | None,
    channel: str | None,
    max_seconds: float,
) -> int:
    """Render the notice and locate each element in its text (exit 2 if one is missing)."""
    from tutela.generators.checklist_text import check_text, render_text_checks

    text = render_notice(
        inv, kind, fmt, date=date, audience=audience, channel=channel, max_seconds=max_seconds
    )
    ctx = build_context(inv, kind, date=date, audience=audience, channel=channel, fmt=fmt)
    table, passed = render_text_checks(check_text(text, ctx, kind))
    click.echo(table, nl=False)
    if not passed:
        raise InputError(
            f"the rendered {kind} notice does not show every required element, or fails a "
            "plain-language check (FALTA above)",
            hint="fix the template or the inventory text named in the table",
        )
    return 0


def _check_kind_channel(kind: Kind, channel: str | None) -> None:
    if channel is None:
        return
    if kind == "telefono" and channel != "phone":
        raise InputError(
            f"the telefono script is for --channel phone, not {channel}",
            hint=f"drop --type, or use --type {CHANNEL_KIND[channel]}",
        )
    if kind == "corto" and channel != "print":
        raise InputError(
            "the corto notice is only for printed, space-limited forms",
            hint="use --channel print, or the simplificado for electronic and sound channels "
            "(LFPDPPP art. 16 fr. II)",
        )
    if channel in {"phone", "web", "chat"} and kind in {"corto"}:
        raise InputError(f"the {kind} notice cannot be given by {channel}")


def _warn_unpublished(
    inv: InventoryLike,
    kind: Kind,
    fmt: Format,
    date: _dt.date,
    audience: str | None,
    channel: str | None,
) -> None:
    """Say on stderr what the notice left out on purpose, so that the inventory gets fixed."""
    ctx = build_context(inv, kind, date=date, audience=audience, channel=channel, fmt="txt")
    for finding in ctx["review"]["findings"]:
        click.echo(f"warning: {finding['path']}: not published: {finding['text']}", err=True)
    for b in ctx["on_behalf"]:
        click.echo(
            f"note: for {', '.join(b['purposes'])} the controller acts as encargado of "
            f"{b['client']}: that processing is in the client's notice, not this one",
            err=True,
        )
    del fmt


@click.command(name="notice")
@click.option(
    "--type",
    "kind",
    type=click.Choice(KINDS),
    default=None,
    help="Which aviso: integral, simplificado, corto (legacy, printed forms only) or "
    "telefono (the phone script of the simplificado). Default: the one --channel needs "
    "(phone: telefono; web, chat: simplificado; in_person, print: integral), else integral.",
)
@click.option(
    "--audience",
    default=None,
    metavar="DATA_SUBJECT",
    help="Render only what applies to this data subject (a data_subjects id): its purposes, "
    "data, sources, recipients and rights.",
)
@click.option(
    "--channel",
    type=click.Choice(list(CHANNELS)),
    default=None,
    help="The channel the notice is given through: phone, web, chat, in_person or print.",
)
@click.option(
    "--diff",
    "diff_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    metavar="OLD_INVENTORY",
    help="List the changes from OLD_INVENTORY to the inventory that need new consent or a new "
    "notice (new purpose, new transfer, new sensitive category); exit 1 if there are any.",
)
@click.option(
    "--max-seconds",
    type=click.FloatRange(min=5),
    default=60,
    show_default=True,
    help="telefono: the longest the spoken script may take at 150 words per minute; a longer "
    "one is refused (exit 2) with the sentences to cut.",
)
@click.option(
    "--review",
    is_flag=True,
    help="Append the reviewer's appendix (legal notes, UNVERIFIED items, findings). Never "
    "publish a notice rendered with it.",
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
    kind: Kind | None,
    audience: str | None,
    channel: str | None,
    review: bool,
    diff_path: Path | None,
    max_seconds: float,
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
    if diff_path is not None:
        return _diff(diff_path, inv_path)
    if kind is None:
        kind = CHANNEL_KIND[channel] if channel else "integral"
    _check_kind_channel(kind, channel)
    if check:
        raw = read_inventory_yaml(inv_path)
        if not isinstance(raw.data, dict) or not raw.data:
            load_notice_inventory(inv_path)  # not a map at all: the schema's error says so
        table, complete = _coverage_table(inv_path, kind)
        click.echo(table, nl=False)
        if not complete:
            # The table already lists what is missing; the error says where to add it.
            check_notice(read_inventory_yaml(inv_path), kind)
        return _check_rendered(
            load_notice_inventory(inv_path),
            kind,
            fmt or DEFAULT_FORMAT[kind],
            _notice_date(load_notice_inventory(inv_path), date_text, inv_path),
            audience,
            channel,
            max_seconds,
        )
    chosen: Format = fmt or DEFAULT_FORMAT[kind]
    # The checklist runs on the parsed YAML first: a missing element is reported as its
    # AV id, article and key, even when the schema would reject the file too.
    raw = read_inventory_yaml(inv_path)
    if not isinstance(raw.data, dict) or not raw.data:
        load_notice_inventory(inv_path)  # not a map at all: the schema's error says so
    check_notice(raw, kind)
    inv = load_notice_inventory(inv_path)
    date = _notice_date(inv, date_text, inv_path)
    text = render_notice(
        inv,
        kind,
        chosen,
        date=date,
        audience=audience,
        channel=channel,
        review=review,
        max_seconds=max_seconds,
    )
    if out is None:
        click.echo(text, nl=False)
        _warn_unpublished(inv, kind, chosen, date, audience, channel)
        return 0
    try:
        _write_atomic(out, text, force=force)
    except OSError as exc:
        raise TutelaError(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(f"wrote {out}", err=True)
    _warn_unpublished(inv, kind, chosen, date, audience, channel)
    return 0
