"""`faktura run-due`: produce what is due, deliver it, and tell cron how it went."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli.common import JsonOption, books, emit_json, say

EXIT_DELIVERY_FAILED = 3


def run_due(
    ctx: typer.Context,
    today: Annotated[str | None, typer.Option(help="Run as if today were DATE.")] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be produced; change nothing.")
    ] = False,
    no_deliver: Annotated[
        bool,
        typer.Option(
            "--no-deliver", help="Produce and queue only; `faktura outbox flush` delivers."
        ),
    ] = False,
    remind: Annotated[
        bool,
        typer.Option(
            "--remind", help="Also send reminders for invoices past due (as `faktura remind`)."
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.domain.dates import parse_date
    from faktura_cli.domain.money import to_json
    from faktura_cli.storage.work import nothing_to_do

    conn = books(ctx)
    moment = clock.now()
    day = parse_date(today, what="--today") if today is not None else moment.date()
    if nothing_to_do(conn, day) and not as_json and not remind:
        # The daily case from cron: answer without loading the production machinery.
        say(f"run-due {day}: nothing due; 0 delivered, 0 failed")
        return
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

        reminders = make_reminders(conn, today=day, now=moment, dry_run=dry_run)
    deliveries = []  # (number, channel, status, error)
    for p in result.created:
        if p.delivery_error:
            deliveries.append((p.number, "none", "failed", p.delivery_error))
    if not dry_run and not no_deliver:
        from faktura_cli.services.outbox import flush

        # Everything pending, also what a crashed earlier run left queued.
        for o in flush(conn, now=clock.now()):
            deliveries.append((o.number or o.order, o.channel, o.status, o.error))
    failed = [d for d in deliveries if d[2] == "failed"]
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
                    {"number": n, "channel": c, "status": s, "error": e}
                    for n, c, s, e in deliveries
                ],
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
    else:
        invoices = sum(1 for p in result.created if p.kind == "invoice")
        orders = len(result.created) - invoices
        from faktura_cli.render import words

        verb = "would produce" if dry_run else "produced"
        say(
            f"run-due {day}: {verb} {invoices} invoice(s) and {orders} order(s)"
            + (
                ""
                if dry_run
                else f"; {len(deliveries) - len(failed)} delivered, {len(failed)} failed"
            )
        )
        if reminders is not None:
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
    for number, channel, _, error in failed:
        would = "would fail" if dry_run else "failed"
        sys.stderr.write(f"faktura: delivery {would}: {number} ({channel}): {error}\n")
    if failed and not dry_run:
        from faktura_cli.services.outbox import DeliveryFailed, notify_owner

        try:
            notify_owner(conn, [(n, c, e) for n, c, _, e in failed], today=day.isoformat())
        except DeliveryFailed as exc:
            sys.stderr.write(f"faktura: could not notify the owner: {exc.message}\n")
    if failed and not dry_run:
        raise typer.Exit(EXIT_DELIVERY_FAILED)
