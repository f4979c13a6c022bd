"""`faktura run-due`: produce what is due, deliver it, and tell cron how it went."""

from __future__ import annotations

import sys
from datetime import date
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli.common import JsonOption, books, emit_json, say
from faktura_cli.cli.dates import norwegian_date
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
    if idle(conn, day) and not as_json and not remind:
        # The daily case from cron: answer without loading the production machinery.
        if verbose:
            say(f"run-due {day}: nothing due; 0 delivered, 0 failed, 0 uncertain")
        return
    from faktura_cli.cli.outbox import delivery_view, nag
    from faktura_cli.render.views import held_view, held_warning, to_json
    from faktura_cli.services.outbox import Outstanding, outstanding
    from faktura_cli.services.recurring import run_due as produce

    if sys.stdout.isatty() and not as_json:
        from rich.progress import Progress

        # A bar for a person at a terminal; cron and pipes get just the summary line.
        with Progress(transient=True) as bar:
            task = bar.add_task("Producing", total=None)
            result = produce(
                conn,
                today=day,
                now=moment,
                dry_run=dry_run,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    else:
        result = produce(conn, today=day, now=moment, dry_run=dry_run)
    if not dry_run:
        from faktura_cli.services.factoring import release_expired

        # Held invoices whose factoring offer was declined or expired go out as usual.
        release_expired(conn, now=moment)
    reminders = None
    if remind:
        from faktura_cli.services.reminders import remind as make_reminders

        # After production is committed, a locked day leaves reminders out rather than fail.
        reminders = make_reminders(
            conn, today=day, now=moment, dry_run=dry_run, skip_if_locked=True
        )
    outcomes = []
    if not dry_run and not no_deliver:
        from faktura_cli.services.outbox import flush

        # Everything pending, also what a crashed earlier run left queued.
        outcomes = flush(conn, now=clock.now())
    waiting = Outstanding(()) if dry_run else outstanding(conn, now=clock.now())
    would_fail = [p for p in result.created if p.delivery_error] if dry_run else []
    delivered = sum(o.status == "sent" for o in outcomes)
    failed = sum(d.status == "failed" for d in waiting.deliveries) + len(would_fail)
    uncertain = sum(d.status == "uncertain" for d in waiting.deliveries)
    if as_json:
        from faktura_cli.render.money_in import reminder_view

        emit_json(
            {
                "today": day.isoformat(),
                "dry_run": dry_run,
                "created": [
                    {
                        "schedule": p.schedule,
                        "kind": p.kind,
                        "number": p.number,
                        "date": p.date.isoformat(),
                        "due_date": p.due_date.isoformat() if p.due_date else None,
                        "total": to_json(p.total),
                    }
                    for p in result.created
                ],
                "deliveries": [
                    {
                        "number": o.number or o.order,
                        "channel": o.channel,
                        "status": o.status,
                        "error": o.error,
                    }
                    for o in outcomes
                ]
                + [
                    {
                        "number": p.number,
                        "channel": "none",
                        "status": "failed",
                        "error": p.delivery_error,
                    }
                    for p in result.created
                    if p.delivery_error
                ],
                "outstanding": [delivery_view(d) for d in waiting.deliveries],
                "held": [held_view(h) for h in result.held],
                **(
                    {
                        "reminders": [
                            reminder_view(r, c)
                            for r, c in zip(reminders.reminders, reminders.channels, strict=True)
                        ]
                    }
                    if reminders is not None
                    else {}
                ),
            }
        )
    elif (
        result.created
        or outcomes
        or failed
        or uncertain
        or (reminders is not None and reminders.reminders)
        or verbose
    ):
        invoices = sum(1 for p in result.created if p.kind == "invoice")
        orders = len(result.created) - invoices
        from faktura_cli.render import words

        verb = "would produce" if dry_run else "produced"
        say(
            f"run-due {day}: {verb} {invoices} invoice(s) and {orders} order(s); "
            f"{delivered} delivered, {failed} failed, {uncertain} uncertain"
        )
        if reminders is not None and (reminders.reminders or verbose):
            say(
                f"run-due {day}: {'would make' if dry_run else 'made'}"
                f" {len(reminders.reminders)} reminder(s)"
            )
        if dry_run:
            for p in result.created:
                what = f"{words.kind(p.kind)} {p.number}" if p.number else words.kind(p.kind)
                say(
                    f"  schedule {p.schedule}: {what} dated {words.day(p.date)}, "
                    f"total {words.kr(p.total)}"
                )
    for h in result.held:
        sys.stderr.write(f"faktura: warning: {held_warning(h)}\n")
    if reminders is not None and reminders.locked:
        sys.stderr.write(f"faktura: warning: no reminders: {reminders.locked}\n")
    for p in would_fail:
        sys.stderr.write(f"faktura: delivery would fail: {p.number} (none): {p.delivery_error}\n")
    if nag(waiting):
        raise typer.Exit(EXIT_DELIVERY_FAILED)
