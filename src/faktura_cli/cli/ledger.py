"""`faktura ledger postings|balance|customers`."""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli.common import JsonOption, books, emit
from faktura_cli.cli.dates import norwegian_date
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.errors import InvalidInput
from faktura_cli.render import ledger
from faktura_cli.services.ledger import customer_ledger, trial_balance
from faktura_cli.services.ledger import postings as query

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _date(text: str | None, what: str) -> date | None:
    return norwegian_date(what)(text) if text is not None else None


def _period(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise InvalidInput(f"--to {end} is before --from {start}")


@app.command("postings", help="The journal, voucher by voucher.")
def postings(
    ctx: typer.Context,
    from_: Annotated[str | None, Opt("--from", help="From this date.")] = None,
    to: Annotated[str | None, Opt(help="To this date (inclusive).")] = None,
    account: Annotated[str | None, Opt(help="Only this account.")] = None,
    voucher: Annotated[int | None, Opt(help="Only this voucher.")] = None,
    customer: Annotated[int | None, Opt(help="Only this customer's postings.")] = None,
    format: Annotated[Format, Opt(help="table, csv or json.")] = Format.table,
    as_json: JsonOption = False,
) -> None:
    start, end = _date(from_, "--from"), _date(to, "--to")
    _period(start, end)
    rows = query(
        books(ctx),
        start=start,
        end=end,
        account=account,
        voucher=voucher,
        customer=customer,
    )
    # `--format json` is another spelling of --json.
    emit(ledger.postings(rows, csv=format is Format.csv), as_json | (format is Format.json))


@app.command("balance", help="Trial balance: opening, movement and closing per account.")
def balance(
    ctx: typer.Context,
    from_: Annotated[str | None, Opt("--from", help="Period start (default 1 January).")] = None,
    to: Annotated[str | None, Opt(help="Period end (default 31 December).")] = None,
    as_json: JsonOption = False,
) -> None:
    today = clock.today()
    start = _date(from_, "--from") or date(today.year, 1, 1)
    end = _date(to, "--to") or date(start.year, 12, 31)
    _period(start, end)
    emit(ledger.balance(trial_balance(books(ctx), start=start, end=end), start, end), as_json)


@app.command("customers", help="Customer ledger: open items per customer, with ageing.")
def customers(
    ctx: typer.Context,
    date_: Annotated[
        str | None,
        Opt("--date", help="As of this date (default today): later postings do not count."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    as_of = _date(date_, "--date") or clock.today()
    emit(ledger.customer_ledger(customer_ledger(books(ctx), as_of=as_of)), as_json)
