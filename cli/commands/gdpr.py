"""``tutela gdpr``: the GDPR profile's documents (Art. 13 and Art. 14 notices)."""

from __future__ import annotations

from pathlib import Path

import click

from tutela.cli.commands.notice import _parse_date, _write_atomic
from tutela.cli.options import (
    config_option,
    inventory_option,
    resolve_config,
    resolve_inventory_path,
)
from tutela.errors import InventoryError, TutelaError


@click.group(name="gdpr")
def gdpr() -> None:
    """GDPR profile (Regulation (EU) 2016/679) over the same inventory (docs/gdpr.md)."""


@gdpr.command(name="notice")
@click.option(
    "--article",
    type=click.Choice(("13", "14")),
    default="13",
    show_default=True,
    help="13: data collected from the data subject; 14: data obtained elsewhere.",
)
@click.option(
    "--lang", type=click.Choice(("en", "es")), default="en", show_default=True, help="Language."
)
@click.option("--format", "fmt", type=click.Choice(("md", "html")), default="md", show_default=True)
@click.option(
    "--out",
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
    help="Date printed as last updated (default: notice.last_updated).",
)
@click.option(
    "--check",
    is_flag=True,
    help="Print the GDPR checklist coverage (GDPR-13-1-a...) instead; exit 2 if a required "
    "element is missing.",
)
@inventory_option
@config_option
def notice(
    article: str,
    lang: str,
    fmt: str,
    out: Path | None,
    force: bool,
    date_text: str | None,
    check: bool,
    inventory_path: Path | None,
    config_path: Path | None,
) -> int:
    """Render the GDPR Art. 13 or Art. 14 information notice, in English or Spanish."""
    from tutela.gdpr import validate_gdpr
    from tutela.generators.gdpr_notice import (
        check_gdpr_notice,
        gdpr_notice_status,
        render_gdpr_notice,
    )
    from tutela.inventory import load_inventory

    cfg = resolve_config(config_path)
    inv = load_inventory(resolve_inventory_path(cfg, inventory_path))
    validate_gdpr(inv)  # this command is the profile: its block must be valid
    if check:
        statuses = gdpr_notice_status(inv, article)  # type: ignore[arg-type]
        rows = [("element", "req", "state", "source", "key")]
        rows += [(s.id, s.requirement, s.state, s.source, s.key) for s in statuses]
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        for row in rows:
            click.echo(
                " | ".join(c.ljust(widths[i]) for i, c in enumerate(row[:4])) + " | " + row[4]
            )
        missing = sum(1 for s in statuses if s.required and not s.filled)
        click.echo(f"\nArt. {article}: " + ("complete" if not missing else f"{missing} missing"))
        check_gdpr_notice(inv, article)  # type: ignore[arg-type]
        return 0
    if date_text is not None:
        date = _parse_date(date_text, "--date")
    else:
        last = (inv.data.get("notice") or {}).get("last_updated")
        if not last:
            raise InventoryError(
                "the inventory has no notice.last_updated",
                file=inv.file,
                hint="add `notice.last_updated: YYYY-MM-DD` or pass --date",
            )
        date = _parse_date(str(last), f"{inv.file}: notice.last_updated")
    text = render_gdpr_notice(inv, article, lang, fmt, date=date)  # type: ignore[arg-type]
    if out is None:
        click.echo(text, nl=False)
        return 0
    try:
        _write_atomic(out, text, force=force)
    except OSError as exc:
        raise TutelaError(f"cannot write {out}: {exc.strerror or exc}") from None
    click.echo(f"wrote {out}", err=True)
    return 0
