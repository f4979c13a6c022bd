"""`faktura fleet run-due`: run-due over many books, each in its own process (SPEC §17)."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, as_it_goes, emit, say
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.render import fleet
from faktura_cli.services.fleet import BookRun, FleetRequest, fleet_run_due

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)


@app.command("run-due", help="Run run-due in every book the pattern matches, N at a time.")
def run_due(
    books: Annotated[
        list[str],
        typer.Option(
            "--books",
            help="The books: a glob such as 'clients/*.db' (quote it; `**` spans folders). "
            "May be given more than once.",
            show_default=False,
        ),
    ],
    jobs: Annotated[
        int | None,
        typer.Option("--jobs", help="Books run at a time. Default: the cores.", show_default=False),
    ] = None,
    shard: Annotated[
        params.Shard | None,
        typer.Option(
            "--shard",
            help="I/N: only every N-th book from the I-th (I from 0), for one of N machines.",
            show_default=False,
            parser=params.shard,
        ),
    ] = None,
    today: Annotated[
        dt.date | None,
        typer.Option(
            help="Run as if today were DATE.",
            parser=params.checked("--today", params.norwegian_date("--today")),
        ),
    ] = None,
    no_deliver: Annotated[
        bool,
        typer.Option(
            "--no-deliver", help="Produce and queue only; `faktura outbox flush` delivers."
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    def line(r: BookRun) -> None:
        say(fleet.book_line(r))
        problem = fleet.book_problem(r)
        if problem:
            sys.stderr.write(problem + "\n")

    result = fleet_run_due(
        FleetRequest(
            books=tuple(books),
            today=today if today is not None else clock.now().date(),
            jobs=jobs,
            shard=shard,
            no_deliver=no_deliver,
        ),
        progress=as_it_goes(as_json, line),
    )
    emit(fleet.fleet_run(result), as_json)
    if result.exit_code:
        raise typer.Exit(result.exit_code)
