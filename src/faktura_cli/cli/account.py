"""`faktura account list|add`: the chart of accounts (NS 4102)."""

from __future__ import annotations

from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render import books as views
from faktura_cli.services.accounts import add_account, list_accounts

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option


@app.command("list", help="The chart of accounts: NS 4102 standard accounts and your own.")
def list_(
    ctx: typer.Context,
    own: Annotated[bool, Opt("--own", help="Only the accounts you added.")] = False,
    as_json: JsonOption = False,
) -> None:
    accounts = [a for a in list_accounts(books(ctx)) if not (own and a.standard)]
    emit(views.account_list(accounts), as_json)


@app.command("add", help="Add an own account inside its NS 4102 class.")
def add(
    ctx: typer.Context,
    number: Annotated[str, typer.Argument(help="Four digits; the first is the NS 4102 class.")],
    name: Annotated[str, Opt(help="The account's name.")],
    grouping: Annotated[
        str,
        Opt(help="SAF-T grouping code (næringsspesifikasjon), e.g. 6300 for rent of premises."),
    ],
    vat_code: Annotated[
        str | None,
        Opt(help="Default VAT code of voucher lines: 1, 11, 13, 14, 86, 88 or 0."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    account = add_account(
        books(ctx), number=number, name=name, grouping=grouping, vat_code=vat_code, now=now()
    )
    emit(views.account_added(account), as_json)
