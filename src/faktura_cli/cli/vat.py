"""`faktura vat file --term YYYY-N` and `faktura vat pay --term YYYY-N --date D`."""

from __future__ import annotations

from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Term = Annotated[
    str, typer.Option("--term", help="The two-month term YYYY-N (1 = January–February).")
]


def _emit(filing, as_json: bool, paid: bool = False) -> None:  # type: ignore[no-untyped-def]
    from faktura_cli.render.terminal import money
    from faktura_cli.render.views import to_json as amount

    if as_json:
        emit_json(
            {
                "term": filing.term.label,
                "from": filing.term.start.isoformat(),
                "to": filing.term.end.isoformat(),
                "to_pay": amount(filing.to_pay),
                "voucher": filing.voucher,
                "payment_voucher": filing.paid_by,
                "locked_to": filing.lock.to.isoformat() if filing.lock else None,
            }
        )
        return
    if paid:
        say(
            f"VAT {filing.term.label}: {money(abs(filing.to_pay))} "
            f"{'paid' if filing.to_pay > 0 else 'received'} (voucher {filing.paid_by})."
        )
        return
    what = "to pay" if filing.to_pay >= 0 else "to get back"
    say(
        f"VAT {filing.term.label} filed: {money(abs(filing.to_pay))} {what}, settled to 2740"
        + (f" (voucher {filing.voucher})" if filing.voucher else "")
        + f"; the books are locked to {filing.lock.to.isoformat()}."
    )


@app.command("file", help="Settle the term's output and input VAT to 2740 and lock the term.")
def file(ctx: typer.Context, term: Term, as_json: JsonOption = False) -> None:
    from faktura_cli.services.year_end import file_vat

    _emit(file_vat(books(ctx), term, now=now()), as_json)


@app.command("pay", help="Pay a filed term's VAT (or receive it back): 2740 / 1920.")
def pay(
    ctx: typer.Context,
    term: Term,
    date: Annotated[str, typer.Option("--date", help="The payment date.")],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.year_end import pay_vat

    _emit(pay_vat(books(ctx), term, date, now=now()), as_json, paid=True)
