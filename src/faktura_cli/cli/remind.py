"""`faktura remind` (reminders with fee and interest) and `faktura rates show|set`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, emit, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.cli.outbox import nag
from faktura_cli.render import money_in
from faktura_cli.services.documents import write_reminder_pdf
from faktura_cli.services.outbox import Outstanding, flush, outstanding
from faktura_cli.services.reminders import rates, reminders_of, set_rate
from faktura_cli.services.reminders import remind as make

EXIT_DELIVERY_FAILED = 3
Opt = typer.Option
rates_app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)


def remind(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, Opt("--dry-run", help="Show the reminders that would be made; change nothing.")
    ] = False,
    after: Annotated[
        int | None,
        Opt(help="Days past due before a reminder (default: the company's setting, 14)."),
    ] = None,
    today: Annotated[
        date | None, Opt(help="Run as if today were DATE.", parser=params.norwegian_date("--today"))
    ] = None,
    no_deliver: Annotated[
        bool, Opt("--no-deliver", help="Make and queue only; `faktura outbox flush` delivers.")
    ] = False,
    list_: Annotated[bool, Opt("--list", help="List the reminders made so far.")] = False,
    pdf: Annotated[int | None, Opt("--pdf", help="Write reminder N as PDF (with -o).")] = None,
    output: Annotated[Path | None, Opt("-o", "--output", help="The PDF file.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Remind every invoice at least --after days past due (inkassoloven § 9)."""
    if list_:
        emit(money_in.reminder_list(reminders_of(books(ctx))), as_json)
        return
    if pdf is not None:
        path = write_reminder_pdf(books(ctx), pdf, output or Path(f"purring-{pdf}.pdf"))
        emit(money_in.reminder_pdf(pdf, path), as_json)
        return
    conn = books(ctx)
    result = make(conn, today=today, now=now(), dry_run=dry_run, after=after)
    outcomes = []
    if result.reminders and not dry_run and not no_deliver:
        outcomes = flush(conn, now=clock.now())
    # SPEC 11: every delivery waiting for a decision (failed or uncertain, this run's or an
    # earlier one's) is told on stderr on every run, exit 3, as run-due and outbox flush do.
    waiting = Outstanding(()) if dry_run else outstanding(conn, now=clock.now())
    emit(money_in.reminded(result, outcomes, waiting.deliveries), as_json)
    if nag(waiting):
        raise typer.Exit(EXIT_DELIVERY_FAILED)


@rates_app.command("show", help="The late-payment interest rates (forsinkelsesrente) on file.")
def rates_show(ctx: typer.Context, as_json: JsonOption = False) -> None:
    emit(money_in.rate_list(rates(books(ctx))), as_json)


@rates_app.command("set", help="Set the rate of a half-year (from 1 January or 1 July).")
def rates_set(
    ctx: typer.Context,
    from_: Annotated[
        date,
        Opt(
            "--from",
            help="1 January or 1 July of the half-year.",
            parser=params.norwegian_date("--from"),
        ),
    ],
    rate: Annotated[
        Decimal, Opt("--rate", help="Percent a year, e.g. 12,25.", parser=params.interest_rate)
    ],
    as_json: JsonOption = False,
) -> None:
    emit(money_in.rate_set(set_rate(books(ctx), from_, rate, now=now())), as_json)
