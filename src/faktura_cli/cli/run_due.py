"""`faktura run-due`: produce what is due, deliver it, and tell cron how it went."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli.common import JsonOption, books, emit, progress_bar
from faktura_cli.cli.dates import norwegian_date
from faktura_cli.render import run_due as views
from faktura_cli.services.due import idle

EXIT_DELIVERY_FAILED = 3


def run_due(
    ctx: typer.Context,
    today: Annotated[
        date | None,
        typer.Option(help="Run as if today were DATE.", parser=norwegian_date("--today")),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be produced; change nothing.")
    ] = False,
    no_deliver: Annotated[
        bool,
        typer.Option(
            "--no-deliver", help="Produce and queue only; `faktura outbox flush` delivers."
        ),
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", help="Print the summary line also when there was nothing to do."),
    ] = False,
    remind: Annotated[
        bool,
        typer.Option(
            "--remind", help="Also send reminders for invoices past due (as `faktura remind`)."
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Cron is quiet on success (SPEC 11): a run that produced nothing, delivered nothing and
    has nothing waiting for a decision prints nothing and exits 0; otherwise one summary line
    on stdout, and one line on stderr per failed or uncertain delivery, exit 3, on every run
    until a person has decided it."""
    conn = books(ctx)
    moment = clock.now()
    day = today if today is not None else moment.date()
    if not remind and idle(conn, day):
        # The daily case from cron: answer without loading the production machinery.
        emit(views.idle(day, dry_run=dry_run, verbose=verbose), as_json)
        return
    # Imported here, not at the top: the idle run above must not pay for them (SPEC §17).
    from faktura_cli.cli.outbox import nag
    from faktura_cli.services.factoring import release_expired
    from faktura_cli.services.outbox import Outstanding, flush, outstanding
    from faktura_cli.services.recurring import run_due as produce
    from faktura_cli.services.reminders import remind as make_reminders

    with progress_bar(as_json, "Producing") as progress:
        result = produce(conn, today=day, now=moment, dry_run=dry_run, progress=progress)
    if not dry_run:
        # Held invoices whose factoring offer was declined or expired go out as usual.
        release_expired(conn, now=moment)
    # After production is committed, a locked day leaves reminders out rather than fail.
    reminders = (
        make_reminders(conn, today=day, now=moment, dry_run=dry_run, skip_if_locked=True)
        if remind
        else None
    )
    # Everything pending, also what a crashed earlier run left queued.
    outcomes = [] if dry_run or no_deliver else flush(conn, now=clock.now())
    waiting = Outstanding(()) if dry_run else outstanding(conn, now=clock.now())
    emit(
        views.ran(
            day,
            dry_run=dry_run,
            verbose=verbose,
            created=result.created,
            outcomes=outcomes,
            waiting=waiting.deliveries,
            reminders=reminders,
            held=result.held,
        ),
        as_json,
    )
    for line in views.would_fail(result.created, dry_run=dry_run):
        sys.stderr.write(line + "\n")
    if nag(waiting):
        raise typer.Exit(EXIT_DELIVERY_FAILED)
