"""`faktura ledger postings|balance|customers`."""

from __future__ import annotations

import sys
from datetime import date
from enum import Enum
from typing import Annotated

import typer

from faktura_cli import clock
from faktura_cli.cli.common import JsonOption, books, console, emit_json
from faktura_cli.cli.group import FakturaGroup

app = typer.Typer(no_args_is_help=True, cls=FakturaGroup)
Opt = typer.Option


class Format(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def _date(text: str | None, what: str) -> date | None:
    from faktura_cli.cli.params import norwegian_date

    return norwegian_date(what)(text) if text is not None else None


def _period(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        from faktura_cli.errors import InvalidInput

        raise InvalidInput(f"--to {end} is before --from {start}")


POSTING_COLUMNS = ["voucher", "date", "account", "amount", "text", "invoice", "customer"]


@app.command("postings", help="The journal, voucher by voucher.")
def postings(
    ctx: typer.Context,
    from_: Annotated[str | None, Opt("--from", help="From this date.")] = None,
    to: Annotated[str | None, Opt(help="To this date (inclusive).")] = None,
    account: Annotated[str | None, Opt(help="Only this account.")] = None,
    voucher: Annotated[int | None, Opt(help="Only this voucher.")] = None,
    customer: Annotated[int | None, Opt(help="Only this customer's postings.")] = None,
    format: Annotated[Format, Opt(help="table, csv or json.")] = Format.table,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render import terminal
    from faktura_cli.render.views import to_csv, to_json
    from faktura_cli.services.ledger import postings as query

    start, end = _date(from_, "--from"), _date(to, "--to")
    _period(start, end)
    rows = query(
        books(ctx),
        start=start,
        end=end,
        account=account,
        voucher=voucher,
        customer=customer,
    )
    if as_json or format is not Format.table:
        data = [
            {
                "voucher": r.voucher,
                "date": r.date.isoformat(),
                "account": r.account,
                "amount": to_json(r.amount),
                "text": r.text,
                "invoice": r.invoice,
                "customer": r.customer,
            }
            for r in rows
        ]
        if as_json or format is Format.json:
            emit_json(data)
        else:
            sys.stdout.write(to_csv(data, POSTING_COLUMNS))
        return
    console().print(
        terminal.table(
            None,
            [
                ("Voucher", "r"),
                ("Date", "l"),
                ("Account", "l"),
                ("Debit", "r"),
                ("Credit", "r"),
                ("Text", "w"),
                ("Invoice", "r"),
            ],
            [
                [
                    r.voucher,
                    r.date,
                    r.account,
                    terminal.money(r.amount) if r.amount > 0 else "",
                    terminal.money(-r.amount) if r.amount < 0 else "",
                    r.text,
                    r.invoice,
                ]
                for r in rows
            ],
        )
    )


@app.command("balance", help="Trial balance: opening, movement and closing per account.")
def balance(
    ctx: typer.Context,
    from_: Annotated[str | None, Opt("--from", help="Period start (default 1 January).")] = None,
    to: Annotated[str | None, Opt(help="Period end (default 31 December).")] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render.views import to_json
    from faktura_cli.services.ledger import trial_balance

    today = clock.today()
    start = _date(from_, "--from") or date(today.year, 1, 1)
    end = _date(to, "--to") or date(start.year, 12, 31)
    _period(start, end)
    rows = trial_balance(books(ctx), start=start, end=end)
    if as_json:
        emit_json(
            [
                {
                    "account": r.account,
                    "name": r.name,
                    "opening": to_json(r.opening),
                    "movement": to_json(r.movement),
                    "year_end": to_json(r.year_end),
                    "closing": to_json(r.closing),
                }
                for r in rows
            ]
        )
        return
    console().print(render_balance(rows, f"Trial balance {start} – {end}"))


def render_balance(rows, title: str):
    from faktura_cli.render import terminal

    # The year end column only when the period spans one (result accounts restart at 0).
    columns = ["opening", "movement", *(["year_end"] if any(r.year_end for r in rows) else [])]
    columns.append("closing")
    headers = {"opening": "Opening", "movement": "Movement", "year_end": "Year end"}
    body = [
        [r.account, r.name, *(terminal.money(getattr(r, k)) for k in columns)] for r in rows
    ]
    body.append(
        ["", "Sum", *(terminal.money(sum(getattr(r, k) for r in rows)) for k in columns)]
    )
    return terminal.table(
        title,
        [("Account", "l"), ("Name", "w"), *((headers.get(k, "Closing"), "r") for k in columns)],
        body,
    )


@app.command("customers", help="Customer ledger: open items per customer, with ageing.")
def customers(
    ctx: typer.Context,
    date_: Annotated[
        str | None,
        Opt("--date", help="As of this date (default today): later postings do not count."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    from faktura_cli.render.views import AGEING_BUCKETS, to_json
    from faktura_cli.services.ledger import customer_ledger

    as_of = _date(date_, "--date") or clock.today()
    ledger = customer_ledger(books(ctx), as_of=as_of)
    if as_json:
        emit_json(
            {
                "date": as_of.isoformat(),
                "customers": [
                    {
                        "customer": c.customer,
                        "name": c.name,
                        "open": to_json(c.open),
                        **{b: to_json(c.in_bucket(b)) for b in AGEING_BUCKETS},
                        "items": [
                            {
                                "invoice": i.invoice,
                                "date": i.date.isoformat(),
                                "due_date": i.due_date.isoformat(),
                                "days_past_due": max((as_of - i.due_date).days, 0),
                                "bucket": i.bucket,
                                "open": to_json(i.open),
                            }
                            for i in c.items
                        ],
                    }
                    for c in ledger.customers
                ],
                **{b: to_json(ledger.in_bucket(b)) for b in AGEING_BUCKETS},
                "total": to_json(ledger.total),
            }
        )
        return
    console().print(render_customer_ledger(ledger))


def render_customer_ledger(ledger):
    from faktura_cli.render import terminal
    from faktura_cli.render.views import AGEING_BUCKETS, AGEING_LABELS

    def amounts(of) -> list[str]:
        return [terminal.money(of(b)) if of(b) else "" for b in AGEING_BUCKETS]

    rows: list[list[object]] = []
    for c in ledger.customers:
        rows.append(
            [
                terminal.bold(f"{c.customer} {c.name}"),
                "",
                "",
                "",
                *amounts(c.in_bucket),
                terminal.bold(terminal.money(c.open)),
            ]
        )
        for i in c.items:
            in_bucket = {i.bucket: i.open}
            rows.append(
                [
                    "",
                    i.invoice,
                    i.date,
                    i.due_date,
                    *amounts(lambda b, d=in_bucket: d.get(b, 0)),
                    terminal.money(i.open),
                ]
            )
    rows.append(
        [
            terminal.bold("Sum"),
            "",
            "",
            "",
            *amounts(ledger.in_bucket),
            terminal.bold(terminal.money(ledger.total)),
        ]
    )
    title = f"Customer ledger (open items) as of {ledger.date}"
    wide = terminal.table(
        title,
        [
            ("Customer", "w"),
            ("Invoice", "r"),
            ("Date", "l"),
            ("Due", "l"),
            *((AGEING_LABELS[b], "r") for b in AGEING_BUCKETS),
            ("Open", "r"),
        ],
        rows,
    )
    # Narrow terminals: each item's ageing bucket by name instead of a column per bucket.
    narrow_rows: list[list[object]] = []
    for c in ledger.customers:
        narrow_rows.append([terminal.bold(f"{c.customer} {c.name}"), "", "", "", "", ""])
        for i in c.items:
            narrow_rows.append(
                ["", i.invoice, i.date, i.due_date, AGEING_LABELS[i.bucket], terminal.money(i.open)]
            )
        narrow_rows.append(
            ["", "", "", "", terminal.bold("Sum"), terminal.bold(terminal.money(c.open))]
        )
    for b in AGEING_BUCKETS:
        if ledger.in_bucket(b):
            narrow_rows.append(
                [
                    terminal.bold("Sum"),
                    "",
                    "",
                    "",
                    AGEING_LABELS[b],
                    terminal.money(ledger.in_bucket(b)),
                ]
            )
    narrow_rows.append(
        [terminal.bold("Sum"), "", "", "", "", terminal.bold(terminal.money(ledger.total))]
    )
    narrow = terminal.table(
        title,
        [
            ("Customer", "w"),
            ("Invoice", "r"),
            ("Date", "l"),
            ("Due", "l"),
            ("Days due", "l"),
            ("Open", "r"),
        ],
        narrow_rows,
    )
    return terminal.Either(wide, narrow)
