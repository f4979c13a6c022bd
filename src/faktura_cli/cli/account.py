"""`faktura account list|add`: the chart of accounts (NS 4102)."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from faktura_cli.cli.common import JsonOption, books, console, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option


def account_view(account) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "number": account.number,
        "name": account.name,
        "grouping_category": account.grouping_category,
        "grouping_code": account.grouping_code,
        "vat_code": account.vat_code,
        "standard": account.standard,
    }


@app.command("list", help="The chart of accounts: NS 4102 standard accounts and your own.")
def list_(
    ctx: typer.Context,
    own: Annotated[bool, Opt("--own", help="Only the accounts you added.")] = False,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.accounts import list_accounts

    accounts = [a for a in list_accounts(books(ctx)) if not (own and a.standard)]
    if as_json:
        emit_json({"accounts": [account_view(a) for a in accounts]})
        return
    from faktura_cli.render import terminal

    console().print(
        terminal.table(
            None,
            [("Account", "l"), ("Name", "w"), ("SAF-T grouping", "l"), ("VAT", "l")],
            [
                [
                    a.number,
                    a.name if a.standard else f"{a.name} (egen)",
                    f"{a.grouping_category}/{a.grouping_code}",
                    a.vat_code or "",
                ]
                for a in accounts
            ],
        )
    )


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
    from faktura_cli.services.accounts import add_account

    account = add_account(
        books(ctx), number=number, name=name, grouping=grouping, vat_code=vat_code, now=now()
    )
    if as_json:
        emit_json(account_view(account))
    else:
        say(account.number)
