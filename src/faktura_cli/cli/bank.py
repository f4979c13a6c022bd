"""`faktura bank import|unmatched|match|ignore|reconcile`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, emit, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render.money_in import bank_import_view, entry_view, unmatched_list

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option


@app.command("import", help="Read a camt.053/camt.054 or Nets OCR file: payments matched by KID.")
def import_(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The bank file (format detected from the content).")],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.bank import import_bank_file

    result = import_bank_file(books(ctx), file, now=now())
    if as_json:
        emit_json(bank_import_view(result))
        return
    from faktura_cli.render.terminal import money

    say(
        f"{result.file} ({result.format}): {result.entries} entries, {len(result.recorded)} new"
        f" ({len(result.payments)} payments, {len(result.payouts)} factoring payouts,"
        f" {len(result.unmatched)} unmatched), {result.duplicates} already imported"
    )
    words = {"paid": "betalt", "partial": "delbetalt", "overpaid": "overbetalt"}
    for r in result.payments:
        say(
            f"  faktura {r.invoice}: {money(r.entry.amount)} {r.entry.booking_date:%d.%m.%Y}"
            f" – {words.get(r.result or '', r.result)}, åpent {money(r.open_after or 0)}"
        )
    for r in result.payouts:
        say(f"  utbetaling faktura {r.invoice}: {money(r.entry.amount)}")
    if result.unmatched:
        say("  `faktura bank unmatched` lists what was not matched")


@app.command("unmatched", help="Bank entries not matched to an invoice, reminder or payout.")
def unmatched(
    ctx: typer.Context,
    from_: Annotated[
        dt.date | None,
        Opt("--from", help="Booked on or after this day.", parser=params.norwegian_date("--from")),
    ] = None,
    to: Annotated[
        dt.date | None,
        Opt("--to", help="Booked on or before this day.", parser=params.norwegian_date("--to")),
    ] = None,
    search: Annotated[
        str | None,
        Opt(help="Only entries with this in the KID, text, payer, payer's account or amount."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.bank import unmatched_entries

    found = unmatched_entries(books(ctx), since=from_, until=to, search=search)
    emit(unmatched_list(found), as_json)


@app.command("match", help="Record an unmatched entry as the payment of invoice N.")
def match(
    ctx: typer.Context,
    entry: Annotated[int, typer.Argument(help="The entry number (`bank unmatched`).")],
    invoice: Annotated[int, Opt("--invoice", help="The invoice it pays.")],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.bank import match_entry

    e = match_entry(books(ctx), entry, invoice, now=now())
    if as_json:
        emit_json(entry_view(e))
    else:
        say(f"bank entry {entry} recorded on invoice {invoice} (voucher {e.voucher})")


@app.command("ignore", help="Leave an entry out of matching, saying why.")
def ignore(
    ctx: typer.Context,
    entry: Annotated[int, typer.Argument(help="The entry number (`bank unmatched`).")],
    reason: Annotated[str, Opt("--reason", help="Why: posted by hand, not ours, ...")],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.bank import ignore_entry

    e = ignore_entry(books(ctx), entry, reason, now=now())
    if as_json:
        emit_json(entry_view(e))
    else:
        say(f"bank entry {entry} ignored: {e.reason}")


@app.command("reconcile", help="Post every unconfirmed payout planned on or before --to.")
def reconcile(
    ctx: typer.Context,
    to: Annotated[
        dt.date,
        Opt("--to", help="Up to this date (inclusive).", parser=params.norwegian_date("--to")),
    ],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.cli.factoring import sale_state_view
    from faktura_cli.services.factoring import reconcile as post

    views = [sale_state_view(s) for s in post(books(ctx), to=to, now=now())]
    if as_json:
        emit_json({"confirmed": views})
    else:
        say(f"{len(views)} payout(s) posted")
