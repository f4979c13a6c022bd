"""`faktura remind` (reminders with fee and interest) and `faktura rates show|set`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from faktura_cli import clock
from faktura_cli.cli.common import JsonOption, books, console, emit_json, now, say
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.domain.money import to_json

EXIT_DELIVERY_FAILED = 3
Opt = typer.Option
rates_app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)


def reminder_view(r, channel: str | None = None) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "number": r.number,
        "kind": "reminder",
        "invoice": r.invoice,
        "customer": r.customer,
        "date": r.date.isoformat(),
        "due_date": r.due_date.isoformat(),
        "kid": r.kid,
        "principal": to_json(r.principal),
        "earlier_charges": to_json(r.earlier_charges),
        "fee": to_json(r.fee),
        "interest": to_json(r.interest),
        "interest_from": r.interest_from.isoformat() if r.interest_from else None,
        "interest_to": r.interest_to.isoformat() if r.interest_to else None,
        "interest_periods": [
            {
                "from": p.start.isoformat(),
                "to": p.end.isoformat(),
                "rate": format(p.rate, "f"),
                "base": to_json(p.base),
            }
            for p in r.periods
        ],
        "total": to_json(r.total),
        "voucher": r.voucher,
        "channel": channel,
    }


def run_reminders(ctx: typer.Context, *, today, dry_run: bool, after: int | None, deliver: bool):  # type: ignore[no-untyped-def]
    """Make the reminders, then deliver what is queued; returns (run, failed deliveries)."""
    from faktura_cli.services.reminders import remind as make

    conn = books(ctx)
    result = make(conn, today=today, now=now(), dry_run=dry_run, after=after)
    outcomes = []
    if result.reminders and not dry_run and deliver:
        from faktura_cli.services.outbox import flush

        outcomes = flush(conn, now=clock.now())
    return result, outcomes


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
    from faktura_cli.domain.dates import parse_date

    if list_:
        return _list(ctx, as_json)
    if pdf is not None:
        return _pdf(ctx, pdf, output)
    day = parse_date(today, what="--today") if today is not None else clock.today()
    result, outcomes = run_reminders(
        ctx, today=day, dry_run=dry_run, after=after, deliver=not no_deliver
    )
    failed = [o for o in outcomes if o.status == "failed"]
    if as_json:
        emit_json(
            {
                "today": day.isoformat(),
                "dry_run": dry_run,
                "after_days": result.after_days,
                "reminders": [
                    reminder_view(r, c)
                    for r, c in zip(result.reminders, result.channels, strict=True)
                ],
                "deliveries": [
                    {"number": o.number, "channel": o.channel, "status": o.status, "error": o.error}
                    for o in outcomes
                ],
            }
        )
    else:
        verb = "would make" if dry_run else "made"
        fees = sum(r.fee for r in result.reminders)
        interest = sum(r.interest for r in result.reminders)
        say(
            f"remind {day}: {verb} {len(result.reminders)} reminder(s); fees {to_json(fees)},"
            f" interest {to_json(interest)}; {len(outcomes) - len(failed)} delivered,"
            f" {len(failed)} failed"
        )
        for r in result.reminders:
            say(
                f"  purring {r.number}: faktura {r.invoice}, å betale {to_json(r.total)}"
                f" innen {r.due_date:%d.%m.%Y}"
            )
    if not result.rate_known:
        sys.stderr.write(
            f"faktura: warning: no late-payment interest rate on file for the half-year of {day};"
            " the latest known was used (`faktura rates set --from DATE --rate R`)\n"
        )
    for o in failed:
        sys.stderr.write(f"faktura: delivery failed: {o.number} ({o.channel}): {o.error}\n")
    if failed:
        raise typer.Exit(EXIT_DELIVERY_FAILED)


def _list(ctx: typer.Context, as_json: bool) -> None:
    from faktura_cli.services.reminders import reminders_of

    found = reminders_of(books(ctx))
    if as_json:
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
    from faktura_cli.services.reminders import rates

    found = rates(books(ctx))
    if as_json:
        emit_json(
            {"rates": [{"from": r.valid_from.isoformat(), "rate": format(r.rate, "f")} for r in found]}
        )
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
    from decimal import Decimal

    from faktura_cli.domain.dates import parse_date
    from faktura_cli.domain.money import parse_decimal
    from faktura_cli.services.reminders import set_rate

    value = parse_decimal(rate, what="rate", max_decimals=4, minimum=Decimal(0))
    r = set_rate(books(ctx), parse_date(from_, what="--from"), value, now=now())
    if as_json:
        emit_json({"from": r.valid_from.isoformat(), "rate": format(r.rate, "f")})
    else:
        say(f"late-payment interest from {r.valid_from:%d.%m.%Y}: {r.rate} %")
