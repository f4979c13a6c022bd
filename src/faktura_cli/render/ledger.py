"""`faktura ledger postings|balance|customers` as people and programs see them.

Light on purpose: `ledger balance` and `ledger customers` are everyday commands (SPEC §17), so
this imports the table drawing and the money format only (no Rich, no services).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from faktura_cli.domain.money import to_json
from faktura_cli.domain.reports import AGEING_BUCKETS, AGEING_LABELS
from faktura_cli.render import terminal
from faktura_cli.render.rows import to_csv
from faktura_cli.render.view import View, view

POSTING_COLUMNS = ["voucher", "date", "account", "amount", "text", "invoice", "customer"]


def posting_rows(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """storage.ledger.PostingRow -> the --json / --format json|csv rows."""
    return [
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


def postings(rows: Sequence[Any], *, csv: bool = False) -> View:
    """The journal: a table for people, or (`--format csv`) the rows as CSV on stdout."""
    data = posting_rows(rows)
    if csv:
        return view(data, to_csv(data, POSTING_COLUMNS).removesuffix("\n"))
    return view(
        data,
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
        ),
    )


def balance_rows(rows: Sequence[Any]) -> list[dict[str, Any]]:
    """storage.ledger.BalanceRow -> the --json rows (also the demo's "balance")."""
    return [
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


def balance_table(rows: Sequence[Any], start: date, end: date) -> terminal.Table:
    """The trial balance for people: opening, movement and closing per account, with sums; a
    Year end column only when the period spans one (result accounts restart at 0, SPEC 13)."""
    columns = ["opening", "movement", *(["year_end"] if any(r.year_end for r in rows) else [])]
    columns.append("closing")
    headers = {"opening": "Opening", "movement": "Movement", "year_end": "Year end"}
    body: list[list[Any]] = [
        [r.account, r.name, *(terminal.money(getattr(r, k)) for k in columns)] for r in rows
    ]
    body.append(
        ["", "Sum", *(terminal.money(sum(getattr(r, k) for r in rows)) for k in columns)]
    )
    return terminal.table(
        f"Trial balance {start} – {end}",
        [("Account", "l"), ("Name", "w"), *((headers.get(k, "Closing"), "r") for k in columns)],
        body,
    )


def balance(rows: Sequence[Any], start: date, end: date) -> View:
    return view(balance_rows(rows), balance_table(rows, start, end))


def customer_ledger_data(ledger: Any) -> dict[str, Any]:
    """services.ledger.CustomerLedger -> the --json document."""
    as_of = ledger.date
    return {
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


def customer_ledger(ledger: Any) -> View:
    """Kundereskontro: a column per ageing bucket where it fits, else the bucket by name."""
    return view(customer_ledger_data(ledger), customer_ledger_tables(ledger))


def customer_ledger_tables(ledger: Any) -> terminal.Either:
    def amounts(of: Callable[[str], int]) -> list[str]:
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
            rows.append(
                [
                    "",
                    i.invoice,
                    i.date,
                    i.due_date,
                    *(
                        terminal.money(i.open) if b == i.bucket and i.open else ""
                        for b in AGEING_BUCKETS
                    ),
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
        narrow_rows.append(
            [terminal.bold(f"{c.customer} {c.name}"), "", "", "", "", ""]
        )
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
