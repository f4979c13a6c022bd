"""`faktura remind` (reminders with fee and interest) and `faktura rates show|set`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli.common import JsonOption, books, console, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup

EXIT_DELIVERY_FAILED = 3
Opt = typer.Option
rates_app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)


def remind(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, Opt("--dry-run", help="Show the reminders that would be made; change nothing.")
    ] = False,
    after: Annotated[
        int | None,
        Opt(help="Days past due before a reminder (default: the company's setting, 14)."),
    ] = None,
    today: Annotated[str | None, Opt(help="Run as if today were DATE.")] = None,
    no_deliver: Annotated[
        bool, Opt("--no-deliver", help="Make and queue only; `faktura outbox flush` delivers.")
    ] = False,
    list_: Annotated[bool, Opt("--list", help="List the reminders made so far.")] = False,
    pdf: Annotated[int | None, Opt("--pdf", help="Write reminder N as PDF (with -o).")] = None,
    output: Annotated[Path | None, Opt("-o", "--output", help="The PDF file.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Remind every invoice at least --after days past due (inkassoloven § 9)."""
    if list_:
        return _list(ctx, as_json)
    if pdf is not None:
        return _pdf(ctx, pdf, output)
    from faktura_cli.cli.outbox import delivery_view, nag
    from faktura_cli.render.money_in import remind_summary, remind_view
    from faktura_cli.services.outbox import Outstanding, outstanding
    from faktura_cli.services.reminders import remind as make

    conn = books(ctx)
    result = make(conn, today=today, now=now(), dry_run=dry_run, after=after)
    outcomes = []
    if result.reminders and not dry_run and not no_deliver:
        from faktura_cli.services.outbox import flush

        outcomes = flush(conn, now=clock.now())
    # SPEC 11: every delivery waiting for a decision (failed or uncertain, this run's or an
    # earlier one's) is told on stderr on every run, exit 3, as run-due and outbox flush do.
    waiting = Outstanding(()) if dry_run else outstanding(conn, now=clock.now())
    if as_json:
        outstanding_view = [delivery_view(d) for d in waiting.deliveries]
        emit_json({**remind_view(result, outcomes), "outstanding": outstanding_view})
    else:
        for line in remind_summary(result, outcomes):
            say(line)
    if not result.rate_known:
        sys.stderr.write(
            f"faktura: warning: no late-payment interest rate on file for the half-year of"
            f" {result.today}; the latest known was used (`faktura rates set --from DATE --rate R`)\n"
        )
    if nag(waiting):
        raise typer.Exit(EXIT_DELIVERY_FAILED)


def _list(ctx: typer.Context, as_json: bool) -> None:
    from faktura_cli.services.reminders import reminders_of

    found = reminders_of(books(ctx))
    if as_json:
        from faktura_cli.render.money_in import reminder_view

        emit_json({"reminders": [reminder_view(r) for r in found]})
        return
    from faktura_cli.render.terminal import money, table

    console().print(
        table(
            None,
            [
                ("Nr.", "r"),
                ("Faktura", "r"),
                ("Kunde", "r"),
                ("Dato", "l"),
                ("Frist", "l"),
                ("Gebyr", "r"),
                ("Renter", "r"),
                ("Å betale", "r"),
            ],
            [
                [
                    r.number,
                    r.invoice,
                    r.customer,
                    f"{r.date:%d.%m.%Y}",
                    f"{r.due_date:%d.%m.%Y}",
                    money(r.fee),
                    money(r.interest),
                    money(r.total),
                ]
                for r in found
            ],
        )
    )


def _pdf(ctx: typer.Context, number: int, output: Path | None) -> None:
    from faktura_cli.services.documents import write_reminder_pdf

    say(str(write_reminder_pdf(books(ctx), number, output or Path(f"purring-{number}.pdf"))))


@rates_app.command("show", help="The late-payment interest rates (forsinkelsesrente) on file.")
def rates_show(ctx: typer.Context, as_json: JsonOption = False) -> None:
    from faktura_cli.render.money_in import rate_view
    from faktura_cli.services.reminders import rates

    found = rates(books(ctx))
    if as_json:
        emit_json({"rates": [rate_view(r) for r in found]})
        return
    for r in found:
        say(f"{r.valid_from:%d.%m.%Y}  {format(r.rate, 'f').replace('.', ',')} %")


@rates_app.command("set", help="Set the rate of a half-year (from 1 January or 1 July).")
def rates_set(
    ctx: typer.Context,
    from_: Annotated[str, Opt("--from", help="1 January or 1 July of the half-year.")],
    rate: Annotated[str, Opt("--rate", help="Percent a year, e.g. 12,25.")],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render.money_in import rate_view
    from faktura_cli.services.reminders import set_rate

    r = set_rate(books(ctx), from_, rate, now=now())
    if as_json:
        emit_json(rate_view(r))
    else:
        say(f"late-payment interest from {r.valid_from:%d.%m.%Y}: {r.rate} %")
