"""`faktura outbox list|flush|retry|resolve`."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, emit, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render import outbox, words
from faktura_cli.render.outbox import delivery_view  # run-due's outstanding deliveries

__all__ = ["EXIT_DELIVERY_FAILED", "app", "delivery_view", "nag"]

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)

# SPEC 3: the command finished, the books are committed, and a delivery failed or is uncertain.
EXIT_DELIVERY_FAILED = 3


def nag(waiting) -> bool:
    """One stderr line per delivery waiting for a decision (cron mails stderr to the owner);
    True when there is any, so the command exits 3."""
    for d in waiting.deliveries:
        sys.stderr.write(outbox.waiting_line(d) + "\n")
    if waiting.notify_error:
        sys.stderr.write(f"faktura: could not notify the owner: {waiting.notify_error}\n")
    return bool(waiting.deliveries)


@app.command("list", help="List deliveries: queued, sending, sent, failed and uncertain.")
def list_(
    ctx: typer.Context,
    status: Annotated[
        params.State | None,
        typer.Option(
            help="Only those queued, sending, sent, failed or uncertain.",
            parser=params.delivery_status,
        ),
    ] = None,
    from_: Annotated[
        dt.date | None,
        params.from_option("Queued on or after this day."),
    ] = None,
    to: Annotated[
        dt.date | None,
        params.to_option("Queued on or before this day."),
    ] = None,
    customer: Annotated[
        int | None,
        typer.Option(help="Only this customer's invoices, credit notes, reminders and orders."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.outbox import deliveries

    found = deliveries(
        books(ctx),
        status,
        since=from_,
        until=to,
        customer=customer,
    )
    emit(outbox.delivery_list(found), as_json)


@app.command("flush", help="Carry out every queued delivery (also what a crash left behind).")
def flush(ctx: typer.Context, as_json: JsonOption = False) -> None:
    from faktura_cli.services.outbox import flush as carry_out
    from faktura_cli.services.outbox import outstanding

    conn = books(ctx)
    outcomes = carry_out(conn, now=now())
    waiting = outstanding(conn, now=now())
    emit(outbox.flushed(outcomes, waiting.deliveries), as_json)
    if nag(waiting):
        raise typer.Exit(EXIT_DELIVERY_FAILED)


def _carry_out_now(ctx: typer.Context, delivery_id: int, as_json: bool) -> None:
    """Deliver what was just put back in the queue, and say how it went."""
    from faktura_cli.services.outbox import deliver_one

    outcome = deliver_one(books(ctx), delivery_id, now=now())
    emit(outbox.carried_out(outcome), as_json)
    if outcome.status != "sent":
        sys.stderr.write(
            f"faktura: delivery {outcome.status}: {outbox.named(outcome)}"
            f" ({words.via(outcome.channel)}): {outcome.error}\n"
        )
        raise typer.Exit(EXIT_DELIVERY_FAILED)


@app.command("retry", help="Send a failed delivery again, now.")
def retry(
    ctx: typer.Context,
    delivery_id: Annotated[int, typer.Argument(metavar="ID")],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.outbox import retry as requeue

    requeue(books(ctx), delivery_id, now=now())
    _carry_out_now(ctx, delivery_id, as_json)


@app.command(
    "resolve",
    help="Decide a failed or uncertain delivery: it did go out (--sent), or send it again (--resend).",
)
def resolve(
    ctx: typer.Context,
    delivery_id: Annotated[int, typer.Argument(metavar="ID")],
    sent: Annotated[bool, typer.Option("--sent", help="It did reach the customer.")] = False,
    resend: Annotated[bool, typer.Option("--resend", help="Send it again, now.")] = False,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.errors import InvalidInput
    from faktura_cli.services.outbox import resolve as decide

    if sent == resend:
        raise InvalidInput("say what happened: --sent (it went out) or --resend (send it again)")
    d = decide(books(ctx), delivery_id, sent=sent, now=now())
    if resend:
        _carry_out_now(ctx, delivery_id, as_json)
    else:
        emit(outbox.resolved(d), as_json)
