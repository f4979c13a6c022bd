"""`faktura order list|show|send|invoice|cancel`."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, emit, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.cli.invoice import EXIT_UNDELIVERED, deliver_now
from faktura_cli.render import invoices, orders, words
from faktura_cli.render.outbox import named
from faktura_cli.services.invoice_queries import invoice_state
from faktura_cli.services.orders import (
    cancel_order,
    get_order,
    invoice_order,
    list_orders,
    queue_order_confirmation,
)
from faktura_cli.services.outbox import deliver_one

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
OrderId = Annotated[int, typer.Argument(metavar="N")]


@app.command("list", help="List orders.")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    emit(orders.order_list(list_orders(books(ctx))), as_json)


@app.command("show", help="Show one order.")
def show(ctx: typer.Context, order_id: OrderId, as_json: JsonOption = False) -> None:
    emit(orders.order(get_order(books(ctx), order_id)), as_json)


@app.command(
    "send",
    help="Send the order confirmation (ORDRE) through the delivery plan; --again once more.",
)
def send(
    ctx: typer.Context,
    order_id: OrderId,
    again: Annotated[
        bool,
        typer.Option("--again", help="Send it even though it was delivered (or may have been)."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    conn = books(ctx)
    delivery = queue_order_confirmation(conn, order_id, now=now(), again=again)
    outcome = deliver_one(conn, delivery, now=now())
    if outcome.status != "sent":
        sys.stderr.write(
            f"faktura: delivery {outcome.status}: {named(outcome)} could not be sent by "
            f"{words.via(outcome.channel)}: {outcome.error}\n"
        )
        raise typer.Exit(EXIT_UNDELIVERED)
    emit(orders.sent(order_id, outcome), as_json)


@app.command(
    "invoice", help="Turn an order into an invoice (numbered and posted now); prints its number."
)
def invoice(
    ctx: typer.Context,
    order_id: OrderId,
    date: Annotated[
        dt.date | None,
        typer.Option(
            help="Invoice date (default the order's date).",
            parser=params.checked("--date", params.norwegian_date("invoice date")),
        ),
    ] = None,
    no_send: Annotated[bool, typer.Option("--no-send", help="Do not deliver the invoice.")] = False,
    as_json: JsonOption = False,
) -> None:
    conn = books(ctx)
    number = invoice_order(conn, order_id, day=date, now=now(), send=not no_send)
    undelivered = deliver_now(conn, number)
    emit(invoices.issued(invoice_state(conn, number, today=clock.today())), as_json)
    if undelivered:
        raise typer.Exit(EXIT_UNDELIVERED)


@app.command("cancel", help="Cancel an open order.")
def cancel(ctx: typer.Context, order_id: OrderId, as_json: JsonOption = False) -> None:
    emit(orders.cancelled(cancel_order(books(ctx), order_id, now=now())), as_json)
