"""`faktura lock --to DATE` and `faktura lock show`."""

from __future__ import annotations

from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, books, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup

app = typer.Typer(cls=FakturaGroup, invoke_without_command=True)
Opt = typer.Option


def _emit(status, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    lock = status.lock
    if as_json:
        emit_json(
            {
                "locked_to": lock.to.isoformat() if lock else None,
                "reason": lock.reason if lock else None,
                "set_at": lock.set_at.isoformat() if lock else None,
                "first_open_date": status.first_open.isoformat() if status.first_open else None,
            }
        )
    elif lock is None:
        say("The books are not locked.")
    else:
        say(
            f"The books are locked to {lock.to.isoformat()} ({lock.reason}); "
            f"the first open date is {status.first_open.isoformat()}."
        )


@app.callback()
def lock(
    ctx: typer.Context,
    to: Annotated[
        str | None,
        Opt("--to", help="Lock the books up to and including this date (only forward)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Lock the books to a date: nothing dated on or before it can be created."""
    if ctx.invoked_subcommand is not None:
        return
    if to is None:
        say(ctx.get_help())
        raise typer.Exit()
    from faktura_cli.services.periods import lock_to

    _emit(lock_to(books(ctx), to, now=now()), as_json)


@app.command("show", help="The lock in force and the first open date.")
def show(ctx: typer.Context, as_json: JsonOption = False) -> None:
    from faktura_cli.services.periods import show_lock

    _emit(show_lock(books(ctx)), as_json)
