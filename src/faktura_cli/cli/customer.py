"""`faktura customer add|list|show|edit`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli.common import JsonOption, books, emit, fields_of, now
from faktura_cli.cli.dates import norwegian_date
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render import customers
from faktura_cli.services.customers import (
    CustomerChanges,
    CustomerInput,
    add_customer,
    delivery_channel,
    edit_customer,
    get_customer,
    list_customers,
)

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option

# The options add and edit share (in edit, '' clears an optional one).
Orgnr = Annotated[str | None, Opt(help="Organisasjonsnummer (MOD11-checked for Norway).")]
Postcode = Annotated[str | None, Opt(help="Four digits in Norway.")]
Phone = Annotated[str | None, Opt(help="Eight digits in Norway, optionally +47.")]
Peppol = Annotated[str | None, Opt(help="PEPPOL id as SCHEME:ID, e.g. 0192:923456783.")]
PaymentTerms = Annotated[int | None, Opt(help="Payment terms in days for this customer.")]
BuyerRef = Annotated[
    str | None, Opt("--buyer-ref", help="The buyer's reference for its invoices (Deres ref.).")
]
OrderRef = Annotated[
    str | None, Opt("--order-ref", help="The buyer's order number for its invoices.")
]


@app.command("add", help="Add a customer; prints its customer number.")
def add(
    ctx: typer.Context,
    name: Annotated[str, Opt(help="Name of the person or company.")],
    is_private: Annotated[
        bool, Opt("--private/--business", help="A private person or a business.")
    ] = False,
    orgnr: Orgnr = None,
    address: Annotated[str | None, Opt()] = None,
    postcode: Postcode = None,
    city: Annotated[str | None, Opt()] = None,
    country: Annotated[str, Opt(help="ISO country code.")] = "NO",
    email: Annotated[str | None, Opt()] = None,
    phone: Phone = None,
    peppol: Peppol = None,
    related: Annotated[
        bool, Opt("--related", help="A related company (intercompany invoices).")
    ] = False,
    payment_terms: PaymentTerms = None,
    buyer_ref: BuyerRef = None,
    order_ref: OrderRef = None,
    as_json: JsonOption = False,
) -> None:
    details = CustomerInput(**fields_of(CustomerInput, locals()))
    customer = add_customer(books(ctx), details, now=now())
    emit(customers.added(customer, delivery_channel(customer)), as_json)


@app.command("list", help="List the customers.")
def list_(
    ctx: typer.Context,
    search: Annotated[
        str | None,
        Opt(help="Only customers with this in the name, number, org.nr, e-mail, phone or city."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    emit(customers.customer_list(list_customers(books(ctx), search=search)), as_json)


@app.command("show", help="Show one customer.")
def show(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    customer = get_customer(books(ctx), number)
    emit(customers.customer(customer, delivery_channel(customer)), as_json)


@app.command("edit", help="Change a customer ('' clears an optional field).")
def edit(
    ctx: typer.Context,
    number: int,
    name: Annotated[str | None, Opt()] = None,
    is_private: Annotated[bool | None, Opt("--private/--business")] = None,
    orgnr: Orgnr = None,
    address: Annotated[str | None, Opt()] = None,
    postcode: Postcode = None,
    city: Annotated[str | None, Opt()] = None,
    country: Annotated[str | None, Opt()] = None,
    email: Annotated[str | None, Opt()] = None,
    phone: Phone = None,
    peppol: Peppol = None,
    related: Annotated[bool | None, Opt("--related/--not-related")] = None,
    payment_terms: PaymentTerms = None,
    buyer_ref: BuyerRef = None,
    order_ref: OrderRef = None,
    as_json: JsonOption = False,
) -> None:
    changes = CustomerChanges(**fields_of(CustomerChanges, locals()))
    customer = edit_customer(books(ctx), number, changes, now=now())
    emit(customers.edited(customer, delivery_channel(customer)), as_json)


@app.command("statement", help="The customer's statement (kontoutskrift) as a PDF, with ageing.")
def statement(
    ctx: typer.Context,
    number: int,
    from_: Annotated[
        date | None,
        Opt(
            "--from",
            help="First day (default: from the start).",
            parser=norwegian_date("--from"),
        ),
    ] = None,
    to: Annotated[
        date | None, Opt("--to", help="Last day (default today).", parser=norwegian_date("--to"))
    ] = None,
    output: Annotated[
        Path | None, Opt("-o", "--output", help="The PDF (default kontoutskrift-N.pdf).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    # The statement's reports, ledger and PDF code, imported by this command only: `customer
    # list` is an everyday command (SPEC §17: within 10× `python -c pass`).
    from faktura_cli.render import money_in
    from faktura_cli.services.statements import customer_statement, write_statement

    path = money_in.statement_file(number, output, as_json=as_json)
    if path is None:
        result = customer_statement(books(ctx), number, start=from_, end=to, today=clock.today())
    else:
        result, path = write_statement(
            books(ctx), number, start=from_, end=to, today=clock.today(), path=path
        )
    emit(money_in.statement(result, path), as_json)
