"""`faktura factoring apply|status|settings|offer|accept|decline|confirm|list`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, emit, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.cli.invoice import deliver_now
from faktura_cli.render import factoring as shown
from faktura_cli.services import factoring

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option


@app.command("apply", help="Apply for a factoring agreement (the partner reads your books).")
def apply_(
    ctx: typer.Context,
    consent: Annotated[
        bool, Opt("--consent", help="Give the partner access to your accounting data.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    emit(shown.applied(factoring.apply(books(ctx), consent=consent, now=now())), as_json)


@app.command(
    "status", help="The factoring agreement: none, pending, approved, declined or refused."
)
def status(ctx: typer.Context, as_json: JsonOption = False) -> None:
    emit(shown.agreement(factoring.agreement_status(books(ctx), now=now())), as_json)


@app.command("settings", help="Set the account the partner pays refunds to.")
def settings(
    ctx: typer.Context,
    refund_account: Annotated[str, Opt(help="Kontonummer for refunds.", parser=params.kontonummer)],
    as_json: JsonOption = False,
) -> None:
    agreement = factoring.set_refund_account(books(ctx), refund_account, now=now())
    emit(shown.refund_account_set(agreement), as_json)


@app.command("offer", help="Ask the partner for an offer on an undelivered invoice.")
def offer(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    emit(shown.offer(factoring.request_offer(books(ctx), number, now=now())), as_json)


@app.command("accept", help="Accept today's offer: sell the invoice and deliver it.")
def accept(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    conn = books(ctx)
    sale = factoring.accept(conn, number, now=now())
    deliver_now(conn, number)
    emit(shown.sold(sale), as_json)


@app.command("decline", help="Decline the offer; a held invoice is delivered as usual.")
def decline(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    conn = books(ctx)
    declined = factoring.decline(conn, number, now=now())
    deliver_now(conn, number)
    emit(shown.declined(declined), as_json)


@app.command("confirm", help="Record the partner's payout in the bank (1920 / 1579).")
def confirm(
    ctx: typer.Context,
    number: int,
    date: Annotated[
        dt.date,
        Opt(
            "--date",
            help="The day the payout reached the bank.",
            parser=params.norwegian_date("payout date"),
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    emit(shown.confirmed(factoring.confirm(books(ctx), number, day=date, now=now())), as_json)


@app.command("list", help="Every offer and sale with its state.")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    emit(shown.sales(factoring.list_factoring(books(ctx), now=now())), as_json)


@app.command("regress-quote", help="What crediting a sold invoice in full would cost on a day.")
def regress_quote(
    ctx: typer.Context,
    number: int,
    date: Annotated[
        dt.date | None,
        Opt(
            "--date",
            help="The credit date (default today).",
            parser=params.norwegian_date("--date"),
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    quote = factoring.regress_quote(books(ctx), number, day=date, now=now())
    emit(shown.regress_quote(quote), as_json)


@app.command("pay-regress", help="Pay the partner's regress invoice (2400 / 1920).")
def pay_regress(
    ctx: typer.Context,
    number: int,
    date: Annotated[
        dt.date | None,
        Opt("--date", help="Payment date (default today).", parser=params.norwegian_date("--date")),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    emit(
        shown.regress_paid(factoring.pay_regress(books(ctx), number, day=date, now=now())), as_json
    )
