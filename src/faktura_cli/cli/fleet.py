"""`faktura fleet run-due`: run-due over many books, each in its own process (SPEC §17)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli.common import JsonOption, emit_json, say
from faktura_cli.cli.group import FakturaGroup

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
        str | None,
        typer.Option(
            "--shard",
            help="I/N: only every N-th book from the I-th (I from 0), for one of N machines.",
            show_default=False,
        ),
    ] = None,
    today: Annotated[str | None, typer.Option(help="Run as if today were DATE.")] = None,
    no_deliver: Annotated[
        bool,
        typer.Option(
            "--no-deliver", help="Produce and queue only; `faktura outbox flush` delivers."
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.fleet import BookRun, FleetRequest, fleet_run_due

    def line(r: BookRun) -> None:
        if r.status == "failed":
            say(f"{r.book}: failed: {r.error}")
            sys.stderr.write(f"faktura: book failed: {r.book}: {r.error}\n")
            return
        say(
            f"{r.book}: produced {r.invoices} invoice(s) and {r.orders} order(s); "
            f"{r.delivered} delivered, {r.failed_deliveries} failed"
        )
        if r.failed_deliveries:
            sys.stderr.write(f"faktura: delivery failed in {r.book}: {r.error}\n")

    result = fleet_run_due(
        FleetRequest(
            books=tuple(books),
            today=today if today is not None else clock.now().date().isoformat(),
            jobs=jobs,
            shard=shard,
            no_deliver=no_deliver,
        ),
        progress=None if as_json else line,
    )
    runs, day, shard_of = result.books, result.today, result.shard
    failed = sum(1 for r in runs if r.status == "failed")
    if as_json:
        emit_json(
            {
                "today": day.isoformat(),
                "shard": f"{shard_of[0]}/{shard_of[1]}" if shard_of else None,
                "books": [
                    {
                        "book": r.book,
                        "status": r.status,
                        "exit_code": r.exit_code,
                        "invoices": r.invoices,
                        "orders": r.orders,
                        "delivered": r.delivered,
                        "failed_deliveries": r.failed_deliveries,
                        "error": r.error,
                        "seconds": round(r.seconds, 3),
                    }
                    for r in runs
                ],
                "failed_books": failed,
                "exit_code": result.exit_code,
            }
        )
    else:
        say(
            f"fleet run-due {day}: {len(runs)} book(s), {len(runs) - failed} ran, {failed} failed; "
            f"produced {sum(r.invoices for r in runs)} invoice(s) and "
            f"{sum(r.orders for r in runs)} order(s); "
            f"{sum(r.delivered for r in runs)} delivered, "
            f"{sum(r.failed_deliveries for r in runs)} failed"
        )
    if result.exit_code:
        raise typer.Exit(result.exit_code)
