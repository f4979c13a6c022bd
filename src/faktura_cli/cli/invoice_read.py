"""`faktura invoice list|show` (registered by cli/invoice.py): everyday commands, they import
the reading code alone (services.invoice_queries; SPEC 17, tests/test_process.py)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli.common import JsonOption, books, emit, now
from faktura_cli.cli.dates import from_option, to_option
from faktura_cli.cli.listing import ListStatus, invoice_status
from faktura_cli.render import invoices as shown
from faktura_cli.services.invoice_queries import invoice_state, list_invoices

Opt = typer.Option


def list_(
    ctx: typer.Context,
    status: Annotated[
        ListStatus | None,
        Opt(
            help="Only these: open (still owed, overdue and partly paid included), overdue,"
            " paid, credited (in full) or sold (to the factoring partner).",
            parser=invoice_status,
        ),
    ] = None,
    from_: Annotated[
        dt.date | None,
        from_option("Dated on or after this day."),
    ] = None,
    to: Annotated[
        dt.date | None,
        to_option("Dated on or before this day."),
    ] = None,
    customer: Annotated[int | None, Opt(help="Only this customer's.")] = None,
    as_json: JsonOption = False,
) -> None:
    states = list_invoices(
        books(ctx), today=clock.today(), customer=customer, status=status, since=from_, until=to
    )
    emit(shown.invoice_list(states), as_json)


def show(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    moment = now()
    emit(shown.invoice(invoice_state(books(ctx), number, today=moment.date(), now=moment)), as_json)
