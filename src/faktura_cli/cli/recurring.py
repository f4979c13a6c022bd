"""`faktura recurring create|list|show|edit|deactivate|activate|invoices`."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, emit, fields_of, now
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.cli.invoice import needs_preview
from faktura_cli.cli.params import Change, LineSpec
from faktura_cli.errors import InvalidInput
from faktura_cli.render import invoices as drafts
from faktura_cli.render import recurring as shown
from faktura_cli.render.view import View
from faktura_cli.services import recurring

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option

LINE_HELP = (
    'A line: "product=4;qty=2;factor=monthly" or "text=Hosting;price=300". '
    "Keys: product, text, qty, price, vat, discount, source (fixed|product), "
    "factor (fixed|weekly|monthly|quarterly|yearly). Repeat for more lines."
)


# The options create and edit share; in edit, '' clears an optional one.
AgreementDate = Annotated[
    Change[date] | None,
    Opt(
        help="Avtaledato, for non-fixed price factors.",
        parser=params.clearable(params.norwegian_date("agreement date")),
    ),
]
EndDate = Annotated[
    Change[date] | None,
    Opt(
        help="The last invoice date (inclusive); '' removes it.",
        parser=params.clearable(params.norwegian_date("end date")),
    ),
]
Terms = Annotated[
    Change[int] | None,
    Opt(
        help="Payment terms in days (else, or with '', the customer's).",
        parser=params.clearable(params.terms),
    ),
]
Delivery = Annotated[
    Change[tuple[str, ...]] | None,
    Opt(
        help="Own ordered plan, e.g. ehf,email,print ('' returns to the standard plan).",
        parser=params.clearable(params.plan),
    ),
]
BuyerRef = Annotated[
    str | None, Opt("--buyer-ref", help="The buyer's reference (else, or with '', the customer's).")
]
OrderRef = Annotated[
    str | None,
    Opt("--order-ref", help="The buyer's order number (else, or with '', the customer's)."),
]


def _request(options: dict[str, Any]) -> recurring.ScheduleRequest:
    """create's or edit's options (their `locals()`) as a ScheduleRequest; --line gives lines."""
    return recurring.ScheduleRequest(
        **fields_of(recurring.ScheduleRequest, options), lines=tuple(options["line"] or ())
    )


def _report(conn: sqlite3.Connection, schedule: recurring.Schedule, upcoming: int = 0) -> View:
    """A schedule with the channel its invoices will use (a warning when there is none)."""
    planned = recurring.preview(conn, schedule, upcoming) if upcoming else None
    return shown.schedule(schedule, recurring.planned_channel(conn, schedule), planned)


@app.command("create", help="Create a recurring invoice (or order) schedule; prints its id.")
def create(
    ctx: typer.Context,
    customer: Annotated[int, Opt(help="Customer number.")],
    next_date: Annotated[
        date,
        Opt(
            help="The first invoice date (D0).",
            parser=params.required_date("next date", "a schedule needs --customer and --next-date"),
        ),
    ],
    line: Annotated[list[LineSpec], Opt(help=LINE_HELP, parser=params.schedule_line)],
    every: Annotated[int, Opt(help="Repeat every N units.")] = 1,
    unit: Annotated[str, Opt(help="day, week, month, quarter or year.")] = "month",
    produces: Annotated[str, Opt(help="invoice or order.")] = "invoice",
    prep_days: Annotated[
        int, Opt(help="Produce this many days before the invoice date (klargjøringsdager).")
    ] = 0,
    no_credit_days: Annotated[
        bool, Opt("--no-credit-days", help="Due on the invoice date.")
    ] = False,
    agreement_date: AgreementDate = None,
    end_date: EndDate = None,
    max_count: Annotated[int | None, Opt(help="Produce at most this many.")] = None,
    terms: Terms = None,
    delivery: Delivery = None,
    buyer_ref: BuyerRef = None,
    order_ref: OrderRef = None,
    as_json: JsonOption = False,
) -> None:
    request = _request(locals())
    conn = books(ctx)
    schedule = recurring.create_schedule(conn, request, now=now())
    emit(shown.created(schedule, recurring.planned_channel(conn, schedule)), as_json)


@app.command("list", help="List the schedules.")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    conn = books(ctx)
    schedules = [(s, recurring.planned_channel(conn, s)) for s in recurring.list_schedules(conn)]
    emit(shown.schedule_list(schedules), as_json)


@app.command("show", help="Show a schedule, its delivery channel and the next occurrences.")
def show(
    ctx: typer.Context,
    schedule_id: Annotated[int, typer.Argument(metavar="N")],
    upcoming: Annotated[int, Opt(help="Show the next K occurrences with their amounts.")] = 0,
    preview: Annotated[
        bool,
        Opt(
            "--preview",
            help="Write the next invoice (or order) as it would be sent, marked UTKAST (draft),"
            " to -o FILE; nothing is produced.",
        ),
    ] = False,
    output: Annotated[
        Path | None, Opt("-o", "--output", help="With --preview: where to write the draft PDF.")
    ] = None,
    lang: Annotated[str, Opt(help="The preview's language: no or en.")] = "no",
    as_json: JsonOption = False,
) -> None:
    if upcoming < 0:
        raise InvalidInput("--upcoming cannot be negative")
    conn = books(ctx)
    if preview or output is not None:
        from faktura_cli.services.preview import preview_schedule  # rehearses every use case

        needs_preview(preview)
        path = output or Path(f"abonnement-{schedule_id}-utkast.pdf")
        emit(
            drafts.preview(preview_schedule(conn, schedule_id, path, lang=lang, now=now())),
            as_json,
        )
        return
    emit(_report(conn, recurring.get_schedule(conn, schedule_id), upcoming), as_json)


@app.command("edit", help="Change a schedule's future occurrences (--line replaces all lines).")
def edit(
    ctx: typer.Context,
    schedule_id: Annotated[int, typer.Argument(metavar="N")],
    customer: Annotated[int | None, Opt()] = None,
    next_date: Annotated[
        date | None,
        Opt(
            help="Move the next invoice date (starts a new grid).",
            parser=params.given_date("next date"),
        ),
    ] = None,
    line: Annotated[list[LineSpec] | None, Opt(help=LINE_HELP, parser=params.schedule_line)] = None,
    every: Annotated[int | None, Opt()] = None,
    unit: Annotated[str | None, Opt()] = None,
    produces: Annotated[str | None, Opt()] = None,
    prep_days: Annotated[int | None, Opt()] = None,
    no_credit_days: Annotated[bool | None, Opt("--no-credit-days/--credit-days")] = None,
    agreement_date: AgreementDate = None,
    end_date: EndDate = None,
    max_count: Annotated[int | None, Opt()] = None,
    terms: Terms = None,
    delivery: Delivery = None,
    buyer_ref: BuyerRef = None,
    order_ref: OrderRef = None,
    as_json: JsonOption = False,
) -> None:
    request = _request(locals())
    conn = books(ctx)
    schedule = recurring.edit_schedule(conn, schedule_id, request, now=now())
    emit(_report(conn, schedule), as_json)


@app.command("deactivate", help="Stop producing from a schedule.")
def deactivate(
    ctx: typer.Context,
    schedule_id: Annotated[int, typer.Argument(metavar="N")],
    as_json: JsonOption = False,
) -> None:
    schedule = recurring.set_active(books(ctx), schedule_id, False, now=now())
    emit(shown.deactivated(schedule), as_json)


@app.command("activate", help="Resume a schedule; occurrences dated before today are skipped.")
def activate(
    ctx: typer.Context,
    schedule_id: Annotated[int, typer.Argument(metavar="N")],
    as_json: JsonOption = False,
) -> None:
    conn = books(ctx)
    schedule = recurring.set_active(conn, schedule_id, True, now=now())
    emit(shown.activated(schedule, recurring.planned_channel(conn, schedule)), as_json)


@app.command("invoices", help="What a schedule has produced.")
def invoices(
    ctx: typer.Context,
    schedule_id: Annotated[int, typer.Argument(metavar="N")],
    as_json: JsonOption = False,
) -> None:
    emit(shown.produced(schedule_id, recurring.schedule_products(books(ctx), schedule_id)), as_json)
