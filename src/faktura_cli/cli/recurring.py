"""`faktura recurring create|list|show|edit|deactivate|activate|invoices`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from faktura_cli.cli import params
from faktura_cli.cli.common import JsonOption, books, console, emit_json, now, say, warn
from faktura_cli.cli.group import FakturaGroup
from faktura_cli.cli.params import Change, LineSpec
from faktura_cli.render.views import decimal_text

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


def _request(**options: Any):
    from faktura_cli.services.recurring import ScheduleRequest

    options["lines"] = tuple(options.pop("line") or ())
    return ScheduleRequest(**options)


def schedule_view(schedule, channel: str | None, reason: str) -> dict[str, Any]:
    from faktura_cli.render.views import to_json

    return {
        "id": schedule.id,
        "customer": schedule.customer,
        "every": schedule.interval.every,
        "unit": schedule.interval.unit,
        "produces": schedule.produces,
        "next_date": schedule.next_date.isoformat(),
        "prep_days": schedule.prep_days,
        "no_credit_days": schedule.no_credit_days,
        "agreement_date": schedule.agreement_date.isoformat() if schedule.agreement_date else None,
        "end_date": schedule.end_date.isoformat() if schedule.end_date else None,
        "max_count": schedule.max_count,
        "terms": schedule.terms,
        "delivery": list(schedule.delivery) if schedule.delivery else None,
        "buyer_ref": schedule.buyer_ref,
        "order_ref": schedule.order_ref,
        "channel": channel,
        "channel_problem": reason or None,
        "active": schedule.active,
        "produced": schedule.produced,
        "lines": [
            {
                "product": ln.product,
                "text": ln.text,
                "qty": decimal_text(ln.qty),
                "price": to_json(ln.price) if ln.price is not None else None,
                "vat": ln.vat,
                "discount": decimal_text(ln.discount),
                "source": ln.source,
                "factor": ln.factor,
            }
            for ln in schedule.lines
        ],
    }


def _channel_or_warning(ctx: typer.Context, schedule) -> tuple[str | None, str]:
    """The channel this schedule's invoices will use; a warning on stderr (exit 0) when none."""
    from faktura_cli.services import recurring

    choice = recurring.planned_channel(books(ctx), schedule)
    channel, reason = choice.channel, choice.reason
    if not channel and schedule.produces == "invoice":
        warn(
            f"schedule {schedule.id}: no delivery channel: {reason}; its invoices will not be delivered"
        )
    return channel, reason


def _report(ctx: typer.Context, schedule, as_json: bool, upcoming: int = 0) -> None:
    """Show a schedule and the channel its invoices will use; warn when there is none."""
    from faktura_cli.render import terminal
    from faktura_cli.services import recurring

    conn = books(ctx)
    channel, reason = _channel_or_warning(ctx, schedule)
    planned = recurring.preview(conn, schedule, upcoming) if upcoming else []
    if as_json:
        view = schedule_view(schedule, channel, reason)
        if upcoming:
            from faktura_cli.render.views import to_json

            view["upcoming"] = [
                {
                    "date": occ.date.isoformat(),
                    "period_to": occ.period_end.isoformat(),
                    "total": to_json(total),
                    "lines": [
                        {
                            "text": p.line.text,
                            "qty": str(p.line.qty),
                            "unit_price": to_json(p.line.unit_price),
                            "period_from": p.line.period_from.isoformat()
                            if p.line.period_from
                            else None,
                            "period_to": p.line.period_to.isoformat() if p.line.period_to else None,
                            "computation": p.explanation,
                        }
                        for p in priced
                    ],
                }
                for occ, priced, total in planned
            ]
        emit_json(view)
        return
    out = console()
    out.print(
        terminal.key_values(
            f"Recurring schedule {schedule.id}" + ("" if schedule.active else " (inactive)"),
            [
                ("Customer", schedule.customer),
                ("Produces", schedule.produces),
                ("Interval", schedule.interval.label()),
                ("Next date", schedule.next_date),
                ("Prep days", schedule.prep_days or None),
                ("No credit days", "yes" if schedule.no_credit_days else None),
                ("Agreement date", schedule.agreement_date),
                ("End date", schedule.end_date),
                ("Max count", schedule.max_count),
                ("Terms", schedule.terms and f"{schedule.terms} days"),
                ("Delivery", channel or "none available"),
                ("Produced", schedule.produced),
            ],
        )
    )
    out.print(
        terminal.table(
            None,
            [
                ("#", "r"),
                ("Line", "w"),
                ("Qty", "r"),
                ("Price", "r"),
                ("VAT", "l"),
                ("Source", "l"),
                ("Factor", "l"),
            ],
            [
                [
                    k,
                    ln.text or f"product {ln.product}",
                    decimal_text(ln.qty),
                    terminal.money(ln.price) if ln.price is not None else "product's",
                    ln.vat or "",
                    ln.source,
                    ln.factor,
                ]
                for k, ln in enumerate(schedule.lines, start=1)
            ],
        )
    )
    for occ, priced, total in planned:
        out.print(f"[bold]{occ.date}[/bold]  total {terminal.money(total)}")
        for p in priced:
            period = f" {p.line.period_from}–{p.line.period_to}" if p.line.period_from else ""
            out.print(
                f"    {p.line.text}{period}: {p.line.qty} × {terminal.money(p.line.unit_price)}  ({p.explanation})"
            )


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
    from faktura_cli.services.recurring import create_schedule

    schedule = create_schedule(
        books(ctx),
        _request(
            customer=customer,
            next_date=next_date,
            line=line,
            every=every,
            unit=unit,
            produces=produces,
            prep_days=prep_days,
            no_credit_days=no_credit_days,
            agreement_date=agreement_date,
            end_date=end_date,
            max_count=max_count,
            terms=terms,
            delivery=delivery,
            buyer_ref=buyer_ref,
            order_ref=order_ref,
        ),
        now=now(),
    )
    if as_json:
        _report(ctx, schedule, True)
    else:
        _channel_or_warning(ctx, schedule)
        say(str(schedule.id))


@app.command("list", help="List the schedules.")
def list_(ctx: typer.Context, as_json: JsonOption = False) -> None:
    from faktura_cli.render import terminal, words
    from faktura_cli.services import recurring

    conn = books(ctx)
    schedules = recurring.list_schedules(conn)
    if as_json:
        emit_json(
            {
                "schedules": [
                    schedule_view(s, choice.channel, choice.reason)
                    for s in schedules
                    for choice in [recurring.planned_channel(conn, s)]
                ]
            }
        )
        return
    console().print(
        terminal.table(
            None,
            [
                ("Id", "r"),
                ("Customer", "r"),
                ("Produces", "l"),
                ("Interval", "l"),
                ("Next date", "l"),
                ("Produced", "r"),
                ("Active", "l"),
                ("Channel", "l"),
            ],
            [
                [
                    s.id,
                    s.customer,
                    words.kind(s.produces),
                    s.interval.label(),
                    s.next_date,
                    s.produced,
                    "ja" if s.active else "nei",
                    recurring.planned_channel(conn, s).channel or "ingen kanal",
                ]
                for s in schedules
            ],
        )
    )


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
    from faktura_cli.services.recurring import get_schedule

    if upcoming < 0:
        from faktura_cli.errors import InvalidInput

        raise InvalidInput("--upcoming cannot be negative")
    if preview or output is not None:
        from faktura_cli.cli.invoice import _needs_preview, print_preview
        from faktura_cli.services.preview import preview_schedule

        _needs_preview(preview)
        path = output or Path(f"abonnement-{schedule_id}-utkast.pdf")
        print_preview(
            preview_schedule(books(ctx), schedule_id, path, lang=lang, now=now()), as_json
        )
        return
    _report(ctx, get_schedule(books(ctx), schedule_id), as_json, upcoming)


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
    line: Annotated[
        list[LineSpec] | None, Opt(help=LINE_HELP, parser=params.schedule_line)
    ] = None,
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
    from faktura_cli.services.recurring import edit_schedule

    schedule = edit_schedule(
        books(ctx),
        schedule_id,
        _request(
            customer=customer,
            next_date=next_date,
            line=line,
            every=every,
            unit=unit,
            produces=produces,
            prep_days=prep_days,
            no_credit_days=no_credit_days,
            agreement_date=agreement_date,
            end_date=end_date,
            max_count=max_count,
            terms=terms,
            delivery=delivery,
            buyer_ref=buyer_ref,
            order_ref=order_ref,
        ),
        now=now(),
    )
    _report(ctx, schedule, as_json)


@app.command("deactivate", help="Stop producing from a schedule.")
def deactivate(
    ctx: typer.Context,
    schedule_id: Annotated[int, typer.Argument(metavar="N")],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.recurring import set_active

    schedule = set_active(books(ctx), schedule_id, False, now=now())
    emit_json(schedule_view(schedule, None, "")) if as_json else say(
        f"Schedule {schedule_id} deactivated"
    )


@app.command("activate", help="Resume a schedule; occurrences dated before today are skipped.")
def activate(
    ctx: typer.Context,
    schedule_id: Annotated[int, typer.Argument(metavar="N")],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.services.recurring import set_active

    schedule = set_active(books(ctx), schedule_id, True, now=now())
    if as_json:
        _report(ctx, schedule, True)
    else:
        say(f"Schedule {schedule_id} active again; next invoice date {schedule.next_date}")


@app.command("invoices", help="What a schedule has produced.")
def invoices(
    ctx: typer.Context,
    schedule_id: Annotated[int, typer.Argument(metavar="N")],
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render import terminal
    from faktura_cli.render.views import to_json
    from faktura_cli.services.recurring import schedule_products

    rows = schedule_products(books(ctx), schedule_id)
    if as_json:
        emit_json(
            {
                "schedule": schedule_id,
                "invoices": [
                    {
                        "date": r.date,
                        "invoice": r.document,
                        "order": r.order_id,
                        "due_date": r.due_date,
                        "total": to_json(r.total),
                        "produced_at": r.produced_at,
                    }
                    for r in rows
                ],
            }
        )
        return
    console().print(
        terminal.table(
            f"Produced by schedule {schedule_id}",
            [("Date", "l"), ("Invoice", "r"), ("Order", "r"), ("Due", "l"), ("Total", "r")],
            [
                [r.date, r.document, r.order_id, r.due_date, terminal.money(r.total)]
                for r in rows
            ],
        )
    )
