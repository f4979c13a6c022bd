"""`faktura order list|show|send|invoice|cancel`."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from faktura_cli import clock
from faktura_cli.cli.common import JsonOption, books, console, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render.views import decimal_text

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
OrderId = Annotated[int, typer.Argument(metavar="N")]


def order_view(order) -> dict[str, Any]:
    from faktura_cli.render.views import line_view, to_json

    return {
        "id": order.id,
        "customer": order.customer,
        "customer_name": order.customer_name,
        "schedule": order.schedule,
        "date": order.date.isoformat(),
        "lines": [line_view(ln) for ln in order.totals.lines],
        "net_total": to_json(order.totals.net_total),
        "vat_total": to_json(order.totals.vat_total),
        "total": to_json(order.totals.total),
        "status": order.status,
        "invoice": order.invoice,
    }


@app.command("list", help="List orders.")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    from faktura_cli.render import terminal, words
    from faktura_cli.services.orders import list_orders

    orders = list_orders(books(ctx))
    if as_json:
        emit_json({"orders": [order_view(o) for o in orders]})
        return
    console().print(
        terminal.table(
            None,
            [
                ("Id", "r"),
                ("Customer", "w"),
                ("Date", "l"),
                ("Total", "r"),
                ("Status", "l"),
                ("Invoice", "r"),
            ],
            [
                [
                    o.id,
                    f"{o.customer} {o.customer_name}",
                    o.date,
                    terminal.money(o.totals.total),
                    words.word(o.status),
                    o.invoice,
                ]
                for o in orders
            ],
        )
    )


@app.command("show", help="Show one order.")
def show(ctx: typer.Context, order_id: OrderId, as_json: JsonOption = False) -> None:
    from faktura_cli.render import terminal, words
    from faktura_cli.services.orders import get_order

    order = get_order(books(ctx), order_id)
    if as_json:
        emit_json(order_view(order))
        return
    out = console()
    out.print(
        f"[bold]Order {order.id}[/bold] for {order.customer} {order.customer_name}, {order.date}, "
        f"{words.word(order.status)}"
    )
    out.print(
        terminal.table(
            None,
            [("Description", "w"), ("Qty", "r"), ("Unit price", "r"), ("VAT", "l"), ("Net", "r")],
            [
                [
                    ln.text,
                    decimal_text(ln.qty),
                    terminal.money(ln.unit_price),
                    terminal.vat_label(ln.vat),
                    terminal.money(ln.net),
                ]
                for ln in order.totals.lines
            ],
        )
    )
    out.print(f"  Total {terminal.money(order.totals.total)}")


@app.command("send", help="Send the order confirmation (ORDRE) through the delivery plan.")
def send(ctx: typer.Context, order_id: OrderId, as_json: JsonOption = False) -> None:
    import sys

    from faktura_cli.services.orders import queue_order_confirmation
    from faktura_cli.services.outbox import deliver_one

    conn = books(ctx)
    delivery = queue_order_confirmation(conn, order_id, now=now())
    outcome = deliver_one(conn, delivery, now=now())
    if outcome.status != "sent":
        sys.stderr.write(
            f"faktura: delivery {outcome.status}: order {order_id} could not be sent by "
            f"{outcome.channel}: {outcome.error}\n"
        )
        raise typer.Exit(3)
    if as_json:
        emit_json(
            {
                "id": order_id,
                "channel": outcome.channel,
                "status": outcome.status,
                "target": outcome.target,
            }
        )
    else:
        say(f"Order {order_id} sent by {outcome.channel}: {outcome.target}")


@app.command(
    "invoice", help="Turn an order into an invoice (numbered and posted now); prints its number."
)
def invoice(
    ctx: typer.Context,
    order_id: OrderId,
    date: Annotated[
        str | None, typer.Option(help="Invoice date (default the order's date).")
    ] = None,
    no_send: Annotated[bool, typer.Option("--no-send", help="Do not deliver the invoice.")] = False,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.cli.invoice import deliver_now, state_view
    from faktura_cli.services.invoice_queries import invoice_state
    from faktura_cli.services.orders import invoice_order

    conn = books(ctx)
    number = invoice_order(conn, order_id, day=date, now=now(), send=not no_send)
    undelivered = deliver_now(conn, number)
    if as_json:
        emit_json(state_view(invoice_state(conn, number, today=clock.today())))
    else:
        say(str(number))
    if undelivered:
        raise typer.Exit(3)


@app.command("cancel", help="Cancel an open order.")
def cancel(ctx: typer.Context, order_id: OrderId, as_json: JsonOption = False) -> None:
    from faktura_cli.services.orders import cancel_order

    order = cancel_order(books(ctx), order_id, now=now())
    emit_json(order_view(order)) if as_json else say(f"Order {order_id} cancelled")
