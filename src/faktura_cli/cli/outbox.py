"""`faktura outbox list|flush|retry|resolve`."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, console, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)

# SPEC 3: the command finished, the books are committed, and a delivery failed or is uncertain.
EXIT_DELIVERY_FAILED = 3


def delivery_view(d) -> dict[str, object]:
    return {
        "id": d.id,
        "document": d.document,
        "order_id": d.order_id,
        "reminder": d.reminder,
        "channel": d.channel,
        "status": d.status,
        "error": d.error,
        "target": d.target,
        "via": d.via,
        "queued_at": d.queued_at,
        "done_at": d.done_at,
        "superseded_by": d.superseded_by,
        "notified_at": d.notified_at,
    }


def outcome_view(o) -> dict[str, object]:
    return {
        "id": o.id,
        "number": o.number,
        "order": o.order,
        "channel": o.channel,
        "status": o.status,
        "error": o.error,
        "target": o.target,
    }


def nag(waiting) -> bool:
    """One stderr line per delivery waiting for a decision (cron mails stderr to the owner);
    True when there is any, so the command exits 3."""
    from faktura_cli.services.outbox import label

    for d in waiting.deliveries:
        if d.status == "uncertain":
            sys.stderr.write(
                f"faktura: delivery uncertain: {label(d)} ({d.channel}): {d.error}; "
                f"did it arrive? `faktura outbox resolve {d.id} --sent` or `--resend`\n"
            )
        else:
            what = (
                f"`faktura invoice send {label(d)} --channel print`"
                if d.channel == "none"
                else f"`faktura outbox retry {d.id}`"
            )
            sys.stderr.write(
                f"faktura: delivery failed: {label(d)} ({d.channel}): {d.error}; {what}\n"
            )
    if waiting.notify_error:
        sys.stderr.write(f"faktura: could not notify the owner: {waiting.notify_error}\n")
    return bool(waiting.deliveries)


@app.command("list", help="List deliveries: queued, sending, sent, failed and uncertain.")
def list_(
    ctx: typer.Context,
    status: Annotated[
        str | None,
        typer.Option(help="Only those queued, sending, sent, failed or uncertain."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render import terminal
    from faktura_cli.services.outbox import deliveries

    rows = deliveries(books(ctx), status.strip().lower() if status is not None else None)
    if as_json:
        emit_json({"deliveries": [delivery_view(r) for r in rows]})
        return
    console().print(
        terminal.table(
            None,
            [
                ("Id", "r"),
                ("Invoice", "r"),
                ("Order", "r"),
                ("Channel", "l"),
                ("Status", "l"),
                ("Where / why", "w"),
            ],
            [
                [
                    r.id,
                    r.document,
                    r.order_id,
                    r.channel,
                    r.status
                    + (f" (answered by {r.superseded_by})" if r.superseded_by is not None else ""),
                    r.target or r.error,
                ]
                for r in rows
            ],
        )
    )


@app.command("flush", help="Carry out every queued delivery (also what a crash left behind).")
def flush(ctx: typer.Context, as_json: JsonOption = False) -> None:
    from faktura_cli.services.outbox import flush as carry_out
    from faktura_cli.services.outbox import outstanding

    conn = books(ctx)
    outcomes = carry_out(conn, now=now())
    waiting = outstanding(conn, now=now())
    if as_json:
        emit_json(
            {
                "deliveries": [outcome_view(o) for o in outcomes],
                "outstanding": [delivery_view(d) for d in waiting.deliveries],
            }
        )
    else:
        sent = sum(o.status == "sent" for o in outcomes)
        failed = sum(d.status == "failed" for d in waiting.deliveries)
        uncertain = len(waiting.deliveries) - failed
        say(f"{sent} delivered, {failed} failed, {uncertain} uncertain")
    if nag(waiting):
        raise typer.Exit(EXIT_DELIVERY_FAILED)


def _carry_out_now(ctx: typer.Context, delivery_id: int, as_json: bool) -> None:
    """Deliver what was just put back in the queue, and say how it went."""
    from faktura_cli.services.outbox import deliver_one, label

    outcome = deliver_one(books(ctx), delivery_id, now=now())
    if as_json:
        emit_json(outcome_view(outcome))
    elif outcome.status == "sent":
        say(
            f"delivery {delivery_id}: {label(outcome)} delivered by {outcome.channel}: {outcome.target}"
        )
    if outcome.status != "sent":
        sys.stderr.write(
            f"faktura: delivery {outcome.status}: {label(outcome)} ({outcome.channel}): "
            f"{outcome.error}\n"
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
    elif as_json:
        emit_json(delivery_view(d))
    else:
        say(f"delivery {d.id}: marked sent")
