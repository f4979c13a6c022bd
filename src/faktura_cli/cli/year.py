"""`faktura year close YYYY` and `faktura year reopen YYYY`."""

from __future__ import annotations

from typing import Annotated

import typer

from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, emit, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render import year as views
from faktura_cli.services.year_end import close_year, reopen_year

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Year = Annotated[
    int, typer.Argument(help="The year, YYYY.", show_default=False, parser=params.year_argument)
]


@app.command("close", help="Post the year's result from 8800 to 2050 and lock the year.")
def close(ctx: typer.Context, year: Year, as_json: JsonOption = False) -> None:
    emit(views.year_done(close_year(books(ctx), year, now=now())), as_json)


@app.command("reopen", help="Reverse a year's closing and move the lock back to the year before.")
def reopen(ctx: typer.Context, year: Year, as_json: JsonOption = False) -> None:
    emit(views.year_done(reopen_year(books(ctx), year, now=now())), as_json)
