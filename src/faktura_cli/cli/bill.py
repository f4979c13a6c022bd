"""`faktura bill add|list|show|pay`: supplier invoices against 2400."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, console, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.cli.voucher import LINE_HELP, read_files

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option

STATUS_WORDS = {"unpaid": "ubetalt", "partly_paid": "delvis betalt", "paid": "betalt"}


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
    if as_json:
        from faktura_cli.render.entries import bill_view, voucher_view

        emit_json({**bill_view(posted.bill), "posting": voucher_view(posted.detail)})
    else:
        say(str(posted.bill.number))


@app.command("list", help="Supplier invoices, with what is still open.")
def list_(
    ctx: typer.Context,
    unpaid: Annotated[bool, Opt("--unpaid", help="Only those not paid in full.")] = False,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.entries import list_bills

    bills = list_bills(books(ctx), unpaid=unpaid)
    if as_json:
        from faktura_cli.render.entries import bill_view

        emit_json({"bills": [bill_view(b) for b in bills]})
        return
    from faktura_cli.render import terminal

    console().print(
        terminal.table(
            None,
            [
                ("No.", "r"),
                ("Supplier", "w"),
                ("Date", "l"),
                ("Due", "l"),
                ("Total", "r"),
                ("Open", "r"),
                ("Status", "l"),
            ],
            [
                [
                    b.number,
                    b.supplier.name,
                    b.date,
                    b.due_date,
                    terminal.money(b.total),
                    terminal.money(b.open),
                    STATUS_WORDS[b.status()],
                ]
                for b in bills
            ],
        )
    )


@app.command("show", help="One supplier invoice and its voucher.")
def show(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    from faktura_cli.cli.voucher import render_voucher
    from faktura_cli.services.entries import show_bill

    posted = show_bill(books(ctx), number)
    if as_json:
        from faktura_cli.render.entries import bill_view, voucher_view

        emit_json({**bill_view(posted.bill), "posting": voucher_view(posted.detail)})
        return
    b = posted.bill
    say(
        f"Leverandørfaktura {b.number} fra {b.supplier.name}, forfall {b.due_date},"
        f" {STATUS_WORDS[b.status()]}"
    )
    render_voucher(posted.detail)


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
    if as_json:
        from faktura_cli.render.entries import bill_view

        emit_json(bill_view(bill))
    else:
        from faktura_cli.render.terminal import money

        say(f"Bill {bill.number}: {money(bill.open)} open ({STATUS_WORDS[bill.status()]})")
