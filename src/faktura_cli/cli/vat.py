"""`faktura vat file --term YYYY-N` and `faktura vat pay --term YYYY-N --date D`."""

from __future__ import annotations

from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render import year as views
from faktura_cli.services.year_end import file_vat, pay_vat

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Term = Annotated[
    str, typer.Option("--term", help="The two-month term YYYY-N (1 = January–February).")
]


@app.command("file", help="Settle the term's output and input VAT to 2740 and lock the term.")
def file(ctx: typer.Context, term: Term, as_json: JsonOption = False) -> None:
    emit(views.vat_filed(file_vat(books(ctx), term, now=now())), as_json)


@app.command("pay", help="Pay a filed term's VAT (or receive it back): 2740 / 1920.")
def pay(
    ctx: typer.Context,
    term: Term,
    date: Annotated[str, typer.Option("--date", help="The payment date.")],
    as_json: JsonOption = False,
) -> None:
    emit(views.vat_paid(pay_vat(books(ctx), term, date, now=now())), as_json)
