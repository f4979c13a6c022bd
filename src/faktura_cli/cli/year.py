"""`faktura year close YYYY` and `faktura year reopen YYYY`."""

from __future__ import annotations

from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Year = Annotated[str, typer.Argument(help="The year, YYYY.", show_default=False)]


def _emit(done, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    from faktura_cli.render.terminal import money
    from faktura_cli.render.views import to_json as amount

    lock = done.lock
    if as_json:
        emit_json(
            {
                "year": done.year,
                "action": done.action,
                "result": amount(-done.result),
                "voucher": done.voucher,
                "locked_to": lock.to.isoformat() if lock else None,
            }
        )
        return
    what = "overskudd" if done.result < 0 else "underskudd"
    if done.action == "close":
        say(
            f"{done.year} is closed: {what} {money(abs(done.result))} from 8800 to 2050"
            + (f" (voucher {done.voucher})" if done.voucher else "")
            + f"; the books are locked to {lock.to.isoformat()}."
        )
    else:
        say(
            f"{done.year} is reopened"
            + (f": the closing is reversed (voucher {done.voucher})" if done.voucher else "")
            + f"; the books are locked to {lock.to.isoformat()}."
        )


@app.command("close", help="Post the year's result from 8800 to 2050 and lock the year.")
def close(ctx: typer.Context, year: Year, as_json: JsonOption = False) -> None:
    from faktura_cli.services.year_end import close_year

    _emit(close_year(books(ctx), year, now=now()), as_json)


@app.command("reopen", help="Reverse a year's closing and move the lock back to the year before.")
def reopen(ctx: typer.Context, year: Year, as_json: JsonOption = False) -> None:
    from faktura_cli.services.year_end import reopen_year

    _emit(reopen_year(books(ctx), year, now=now()), as_json)
