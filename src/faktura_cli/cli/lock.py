"""`faktura lock --to DATE` and `faktura lock show`."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit, now, say
from faktura_cli.cli.dates import norwegian_date
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render import year as views
from faktura_cli.services.periods import lock_to, show_lock

app = typer.Typer(cls=FakturaGroup, invoke_without_command=True)
Opt = typer.Option


@app.callback()
def lock(
    ctx: typer.Context,
    to: Annotated[
        dt.date | None,
        Opt(
            "--to",
            help="Lock the books up to and including this date (only forward).",
            parser=norwegian_date("--to"),
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Lock the books to a date: nothing dated on or before it can be created."""
    if ctx.invoked_subcommand is not None:
        return
    if to is None:
        say(ctx.get_help())
        raise typer.Exit()
    emit(views.lock_status(lock_to(books(ctx), to, now=now())), as_json)


@app.command("show", help="The lock in force and the first open date.")
def show(ctx: typer.Context, as_json: JsonOption = False) -> None:
    emit(views.lock_status(show_lock(books(ctx))), as_json)
