"""`faktura bill add|list|show|pay`: supplier invoices against 2400."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, emit, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.cli.voucher import LINE_HELP, read_files
from faktura_cli.render import bills

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option

@app.command("add", help="Record a supplier invoice: expenses and input VAT against 2400.")
def add(
    ctx: typer.Context,
    supplier: Annotated[str, Opt(help="The supplier's name (found again by orgnr or name).")],
    date_: Annotated[str, Opt("--date", help="The invoice date.")],
    due_date: Annotated[str, Opt(help="The due date.")],
    line: Annotated[list[str], Opt(help=LINE_HELP)],
    orgnr: Annotated[str | None, Opt(help="The supplier's organisasjonsnummer.")] = None,
    kid: Annotated[str | None, Opt(help="The KID to pay with.")] = None,
    text: Annotated[str | None, Opt(help="The voucher's text (default: the supplier).")] = None,
    attach: Annotated[
        list[Path] | None, Opt(help="The invoice as received (PDF, EHF); repeatable.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.entries import add_bill, parse_date, parse_entry_line, parse_orgnr

    posted = add_bill(
        books(ctx),
        supplier=supplier,
        orgnr=parse_orgnr(orgnr) if orgnr else None,
        day=parse_date(date_, what="--date"),
        due=parse_date(due_date, what="--due-date"),
        lines=[parse_entry_line(spec) for spec in line],
        kid="".join(kid.split()) if kid else None,
        text=text,
        files=read_files(attach or []),
        now=now(),
    )
    emit(bills.added(posted), as_json)


@app.command("list", help="Supplier invoices, with what is still open.")
def list_(
    ctx: typer.Context,
    status: Annotated[
        params.BillListStatus | None,
        Opt(
            help="Only these: open (still owed, overdue and partly paid included), overdue"
            " (past the due date) or paid (in full).",
            parser=params.bill_status,
        ),
    ] = None,
    from_: Annotated[
        dt.date | None,
        params.from_option("Dated on or after this day."),
    ] = None,
    to: Annotated[
        dt.date | None,
        params.to_option("Dated on or before this day."),
    ] = None,
    supplier: Annotated[
        int | None, Opt(help="Only this supplier's (its number, as `bill list` shows it).")
    ] = None,
    unpaid: Annotated[bool, Opt("--unpaid", help="The same as --status open.")] = False,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.entries import list_bills

    today = clock.today()
    found = list_bills(
        books(ctx),
        today=today,
        status=status or ("open" if unpaid else None),
        since=from_,
        until=to,
        supplier=supplier,
    )
    emit(bills.bill_list(found, today), as_json)


@app.command("show", help="One supplier invoice and its voucher.")
def show(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    from faktura_cli.services.entries import show_bill

    emit(bills.shown(show_bill(books(ctx), number), clock.today()), as_json)


@app.command("pay", help="Pay a supplier invoice from the bank: 2400 / 1920.")
def pay(
    ctx: typer.Context,
    number: int,
    date_: Annotated[str, Opt("--date", help="The payment date.")],
    amount: Annotated[str | None, Opt(help="The amount paid (default: what is open).")] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.entries import parse_amount, parse_date, pay_bill

    bill = pay_bill(
        books(ctx),
        number,
        day=parse_date(date_, what="--date"),
        amount=parse_amount(amount, what="--amount", allow_zero=False) if amount else None,
        now=now(),
    )
    emit(bills.paid(bill, clock.today()), as_json)
