"""`faktura demo`: a sample company with a year of activity."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from faktura_cli.cli.common import JsonOption, emit, now, state
from faktura_cli.render.demo import demo as demo_view
from faktura_cli.services.demo import build_demo
from faktura_cli.services.ledger import trial_balance


def demo(
    ctx: typer.Context,
    db: Annotated[
        Path | None, typer.Option("--db", help="Where to create the demo books (a new file).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    books_state = state(ctx)
    if db is not None:
        books_state.db = db
    conn = books_state.books(create=True)
    moment = now()
    summary = build_demo(conn, now=moment)
    rows = trial_balance(conn, start=summary.first_date, end=moment.date())
    emit(demo_view(summary, rows, path=books_state.path, today=moment.date()), as_json)
