"""`faktura voucher add|list|show|reverse` and `faktura opening`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from faktura_cli.cli.common import JsonOption, books, emit, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.errors import InvalidInput
from faktura_cli.render import books as views
from faktura_cli.services.entries import (
    OPENING_KEYS,
    add_voucher,
    file_from,
    list_vouchers,
    parse_date,
    parse_entry_line,
    post_opening,
    reverse_voucher,
    show_voucher,
)

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option

LINE_HELP = (
    "account=NNNN;amount=A[;vat=C][;text=T], debit positive, credit negative; with a VAT code "
    "(1, 11, 13, 14, 86, 88; 0 none) the amount is the gross, or give net= instead of amount=."
)


def read_files(paths: list[Path]) -> list[Any]:
    """--attach FILE ...: read at the edge, kept content-addressed by the service."""
    files = []
    for path in paths:
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"cannot read attachment {str(path)!r}: {exc.strerror}") from None
        files.append(file_from(str(path), content))
    return files


@app.command("add", help="Post a manual voucher (bilag), with input VAT and attachments.")
def add(
    ctx: typer.Context,
    date_: Annotated[str, Opt("--date", help="The voucher's date.")],
    text: Annotated[str, Opt(help="What the voucher documents.")],
    line: Annotated[list[str], Opt(help=LINE_HELP)],
    attach: Annotated[
        list[Path] | None, Opt(help="A file documenting it (receipt, invoice); repeatable.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    detail = add_voucher(
        books(ctx),
        day=parse_date(date_, what="--date"),
        text=text,
        lines=[parse_entry_line(spec) for spec in line],
        files=read_files(attach or []),
        now=now(),
    )
    emit(views.voucher_posted(detail), as_json)


@app.command("list", help="Every voucher: invoices, payments, manual vouchers, bills, ...")
def list_(
    ctx: typer.Context,
    from_: Annotated[str | None, Opt("--from", help="From this date.")] = None,
    to: Annotated[str | None, Opt(help="To this date (inclusive).")] = None,
    as_json: JsonOption = False,
) -> None:
    rows = list_vouchers(
        books(ctx),
        start=parse_date(from_, what="--from") if from_ else None,
        end=parse_date(to, what="--to") if to else None,
    )
    emit(views.voucher_list(rows), as_json)


@app.command("show", help="One voucher: its postings and attachments.")
def show(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    emit(views.voucher(show_voucher(books(ctx), number)), as_json)


@app.command("reverse", help="Correct a manual voucher: a new voucher with opposite signs.")
def reverse(
    ctx: typer.Context,
    number: int,
    date_: Annotated[
        str | None, Opt("--date", help="The reversal's date (default: the voucher's own).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    detail = reverse_voucher(
        books(ctx),
        number,
        day=parse_date(date_, what="--date") if date_ else None,
        now=now(),
    )
    emit(views.voucher_posted(detail), as_json)


def opening(
    ctx: typer.Context,
    date_: Annotated[str, Opt("--date", help="The date the books start from.")],
    line: Annotated[
        list[str],
        Opt(
            help="account=NNNN;amount=A (balance-sheet accounts; debit positive, credit negative)."
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Opening balances, once; any difference goes to 2050 Annen egenkapital."""
    detail = post_opening(
        books(ctx),
        day=parse_date(date_, what="--date"),
        lines=[parse_entry_line(spec, keys=OPENING_KEYS) for spec in line],
        now=now(),
    )
    emit(views.voucher_posted(detail), as_json)
