"""`faktura voucher add|list|show|reverse` and `faktura opening`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from faktura_cli.cli.common import JsonOption, books, console, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option

LINE_HELP = (
    "account=NNNN;amount=A[;vat=C][;text=T], debit positive, credit negative; with a VAT code "
    "(1, 11, 13, 14, 86, 88; 0 none) the amount is the gross, or give net= instead of amount=."
)


def read_files(paths: list[Path]) -> list[Any]:
    """--attach FILE ...: read at the edge, kept content-addressed by the service."""
    from faktura_cli.errors import InvalidInput
    from faktura_cli.services.entries import file_from

    files = []
    for path in paths:
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise InvalidInput(f"cannot read attachment {str(path)!r}: {exc.strerror}") from None
        files.append(file_from(str(path), content))
    return files


def render_voucher(detail) -> None:  # type: ignore[no-untyped-def]
    from faktura_cli.render import terminal

    v = detail.voucher
    title = f"Bilag {v.number} {v.date} – {v.text}"
    if detail.reverses:
        title += f" (reverserer bilag {detail.reverses})"
    if detail.reversed_by:
        title += f" (reversert av bilag {detail.reversed_by})"
    out = console()
    out.print(
        terminal.table(
            title,
            [("Account", "l"), ("Name", "w"), ("Debit", "r"), ("Credit", "r"), ("VAT", "l")],
            [
                [
                    p.account,
                    detail.names.get(p.account, ""),
                    terminal.money(p.amount) if p.amount > 0 else "",
                    terminal.money(-p.amount) if p.amount < 0 else "",
                    p.vat_code or "",
                ]
                for p in v.postings
            ],
        )
    )
    for a in detail.attachments:
        out.print(f"Vedlegg: {a.name} ({a.size} bytes, sha256 {a.sha256})", markup=False)


def _show(detail, as_json: bool, *, quiet: bool = False) -> None:  # type: ignore[no-untyped-def]
    if as_json:
        from faktura_cli.render.entries import voucher_view

        emit_json(voucher_view(detail))
    elif quiet:
        say(str(detail.voucher.number))
    else:
        render_voucher(detail)


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
    from faktura_cli.services.entries import add_voucher, parse_date, parse_entry_line

    detail = add_voucher(
        books(ctx),
        day=parse_date(date_, what="--date"),
        text=text,
        lines=[parse_entry_line(spec) for spec in line],
        files=read_files(attach or []),
        now=now(),
    )
    _show(detail, as_json, quiet=True)


@app.command("list", help="Every voucher: invoices, payments, manual vouchers, bills, ...")
def list_(
    ctx: typer.Context,
    from_: Annotated[str | None, Opt("--from", help="From this date.")] = None,
    to: Annotated[str | None, Opt(help="To this date (inclusive).")] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render.entries import voucher_row
    from faktura_cli.services.entries import list_vouchers, parse_date

    rows = list_vouchers(
        books(ctx),
        start=parse_date(from_, what="--from") if from_ else None,
        end=parse_date(to, what="--to") if to else None,
    )
    if as_json:
        emit_json({"vouchers": [voucher_row(r) for r in rows]})
        return
    from faktura_cli.render import terminal

    console().print(
        terminal.table(
            None,
            [
                ("No.", "r"),
                ("Date", "l"),
                ("Kind", "l"),
                ("Text", "w"),
                ("Amount", "r"),
                ("Att.", "r"),
            ],
            [
                [
                    r.number,
                    r.date,
                    KIND_WORDS.get(r.kind, r.kind),
                    r.text,
                    terminal.money(r.amount),
                    r.attachments or "",
                ]
                for r in rows
            ],
        )
    )


KIND_WORDS = {
    "invoice": "faktura",
    "credit_note": "kreditnota",
    "manual": "bilag",
    "reversal": "reversering",
    "opening": "inngående balanse",
    "bill": "leverandørfaktura",
    "bill_payment": "betaling",
    "other": "annet",
}


@app.command("show", help="One voucher: its postings and attachments.")
def show(ctx: typer.Context, number: int, as_json: JsonOption = False) -> None:
    from faktura_cli.services.entries import show_voucher

    _show(show_voucher(books(ctx), number), as_json)


@app.command("reverse", help="Correct a manual voucher: a new voucher with opposite signs.")
def reverse(
    ctx: typer.Context,
    number: int,
    date_: Annotated[
        str | None, Opt("--date", help="The reversal's date (default: the voucher's own).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.entries import parse_date, reverse_voucher

    detail = reverse_voucher(
        books(ctx),
        number,
        day=parse_date(date_, what="--date") if date_ else None,
        now=now(),
    )
    _show(detail, as_json, quiet=True)


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
    from faktura_cli.services.entries import (
        OPENING_KEYS,
        parse_date,
        parse_entry_line,
        post_opening,
    )

    detail = post_opening(
        books(ctx),
        day=parse_date(date_, what="--date"),
        lines=[parse_entry_line(spec, keys=OPENING_KEYS) for spec in line],
        now=now(),
    )
    _show(detail, as_json, quiet=True)
