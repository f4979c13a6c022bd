"""`faktura bank import|unmatched|match|ignore|reconcile`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, emit, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render import money_in

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option


@app.command("import", help="Read a camt.053/camt.054 or Nets OCR file: payments matched by KID.")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The bank file (format detected from the content).")],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.bank import import_bank_file

    emit(money_in.bank_imported(import_bank_file(books(ctx), file, now=now())), as_json)


@app.command("unmatched", help="Bank entries not matched to an invoice, reminder or payout.")
def unmatched(
    ctx: typer.Context,
    from_: Annotated[
        dt.date | None,
        params.from_option("Booked on or after this day."),
    ] = None,
    to: Annotated[
        dt.date | None,
        params.to_option("Booked on or before this day."),
    ] = None,
    search: Annotated[
        str | None,
        Opt(help="Only entries with this in the KID, text, payer, payer's account or amount."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.bank import unmatched_entries

    found = unmatched_entries(books(ctx), since=from_, until=to, search=search)
    emit(money_in.unmatched_list(found), as_json)


@app.command("match", help="Record an unmatched entry as the payment of invoice N.")
def match(
    ctx: typer.Context,
    entry: Annotated[int, typer.Argument(help="The entry number (`bank unmatched`).")],
    invoice: Annotated[int, Opt("--invoice", help="The invoice it pays.")],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.bank import match_entry

    emit(money_in.matched(match_entry(books(ctx), entry, invoice, now=now())), as_json)


@app.command("ignore", help="Leave an entry out of matching, saying why.")
def ignore(
    ctx: typer.Context,
    entry: Annotated[int, typer.Argument(help="The entry number (`bank unmatched`).")],
    reason: Annotated[str, Opt("--reason", help="Why: posted by hand, not ours, ...")],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.bank import ignore_entry

    emit(money_in.ignored(ignore_entry(books(ctx), entry, reason, now=now())), as_json)


@app.command("reconcile", help="Post every unconfirmed payout planned on or before --to.")
def reconcile(
    ctx: typer.Context,
    to: Annotated[
        dt.date,
        Opt("--to", help="Up to this date (inclusive).", parser=params.norwegian_date("--to")),
    ],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render.factoring import sale_state_view
    from faktura_cli.services.factoring import reconcile as post

    views = [sale_state_view(s) for s in post(books(ctx), to=to, now=now())]
    emit(money_in.reconciled(views), as_json)
