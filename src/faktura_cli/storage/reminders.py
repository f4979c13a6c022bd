"""Reminders and late-payment interest rates. Inside the caller's transaction; never commits."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

from faktura_cli.domain.reminders import (
    OpenInvoice,
    RatePeriod,
    Reminder,
    ReminderTerms,
    principal_and_charges,
    principal_balances,
)
from faktura_cli.errors import NotFound

# ---------------------------------------------------------------- interest rates


def interest_rates(conn: sqlite3.Connection) -> list[tuple[date, Decimal]]:
    return [
        (date.fromisoformat(day), Decimal(rate))
        for day, rate in conn.execute(
            "SELECT valid_from, rate FROM interest_rates ORDER BY valid_from"
        )
    ]


def set_interest_rate(
    conn: sqlite3.Connection, valid_from: date, rate: Decimal, *, now: datetime
) -> None:
    conn.execute(
        "INSERT INTO interest_rates (valid_from, rate, set_at) VALUES (?, ?, ?)"
        " ON CONFLICT (valid_from) DO UPDATE SET rate = excluded.rate, set_at = excluded.set_at",
        (valid_from.isoformat(), str(rate), now.isoformat()),
    )


# ---------------------------------------------------------------- what may be reminded


def open_invoices(conn: sqlite3.Connection, *, due_on_or_before: date) -> list[OpenInvoice]:
    """Invoices with something open on their item, due on or before the day, with their history
    of movements and reminders, in a handful of queries whatever their number."""
    rows = conn.execute(
        "SELECT d.number, d.customer, d.date, d.due_date, d.currency, o.balance"
        " FROM open_items o JOIN documents d ON d.number = o.item"
        " WHERE o.balance > 0 AND d.kind = 'invoice' AND d.due_date <= ?"
        " ORDER BY d.number",
        (due_on_or_before.isoformat(),),
    ).fetchall()
    if not rows:
        return []
    wanted = {r[0] for r in rows}
    movements: dict[int, list[tuple[date, int]]] = {}
    for item, day, amount in conn.execute(
        "SELECT p.open_item, p.date, SUM(p.amount) FROM postings p"
        " JOIN open_items o ON o.item = p.open_item"
        " WHERE o.balance > 0 GROUP BY p.open_item, p.date ORDER BY p.open_item, p.date"
    ):
        if item in wanted:
            movements.setdefault(item, []).append((date.fromisoformat(day), amount))
    reminded: dict[int, list[tuple[date, date, int, int]]] = {}
    for invoice, day, due, fee, interest in conn.execute(
        "SELECT r.invoice, r.date, r.due_date, r.fee, r.interest FROM reminders r"
        " JOIN open_items o ON o.item = r.invoice WHERE o.balance > 0 ORDER BY r.invoice, r.number"
    ):
        reminded.setdefault(invoice, []).append(
            (date.fromisoformat(day), date.fromisoformat(due), fee, interest)
        )
    sold = {r[0] for r in conn.execute("SELECT invoice FROM factoring_sales")} & wanted
    found = []
    for number, customer, day, due, currency, balance in rows:
        history = reminded.get(number, [])
        charges = sum(fee + interest for _, _, fee, interest in history)
        principal, charges_open = principal_and_charges(balance, charges)
        found.append(
            OpenInvoice(
                number=number,
                customer=customer,
                date=date.fromisoformat(day),
                due_date=date.fromisoformat(due),
                currency=currency,
                principal=principal,
                charges_open=charges_open,
                balances=principal_balances(
                    movements.get(number, []), [(d, fee + i) for d, _, fee, i in history]
                ),
                sold=number in sold,
                last_reminder=history[-1][0] if history else None,
                last_deadline=history[-1][1] if history else None,
                fee_charged=any(fee > 0 for _, _, fee, _ in history),
            )
        )
    return found


# ---------------------------------------------------------------- reminders


def next_reminder_number(conn: sqlite3.Connection) -> int:
    """Reminders have their own gap-free series (the caller holds the write lock)."""
    return conn.execute("SELECT COALESCE(MAX(number), 0) + 1 FROM reminders").fetchone()[0]


def _periods_json(periods: Sequence[RatePeriod]) -> str:
    return json.dumps(
        [[p.start.isoformat(), p.end.isoformat(), str(p.rate), p.base] for p in periods]
    )


def insert_reminders(
    conn: sqlite3.Connection,
    rows: Sequence[tuple[int, ReminderTerms, str, int | None, str, str]],
    *,
    now: datetime,
) -> None:
    """(number, terms, kid, voucher, seller JSON, buyer JSON) per reminder."""
    stamp = now.isoformat()
    conn.executemany(
        "INSERT INTO reminders (number, invoice, customer, date, due_date, kid, principal,"
        " earlier_charges, fee, interest, interest_from, interest_to, interest_rates, voucher,"
        " seller, buyer, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                number,
                t.invoice,
                t.customer,
                t.date.isoformat(),
                t.due_date.isoformat(),
                kid,
                t.principal,
                t.earlier_charges,
                t.fee,
                t.interest,
                t.interest_from.isoformat() if t.interest_from else None,
                t.interest_to.isoformat() if t.interest_to else None,
                _periods_json(t.periods),
                voucher,
                seller,
                buyer,
                stamp,
            )
            for number, t, kid, voucher, seller, buyer in rows
        ],
    )


def queue_reminder_deliveries(
    conn: sqlite3.Connection, rows: Sequence[tuple[int, int, str]], *, now: datetime
) -> None:
    """(reminder, invoice, channel) each: queued in the reminders' transaction."""
    conn.executemany(
        "INSERT INTO deliveries (document, reminder, channel, status, queued_at)"
        " VALUES (?, ?, ?, 'queued', ?)",
        [(invoice, reminder, channel, now.isoformat()) for reminder, invoice, channel in rows],
    )


def _reminder(row: sqlite3.Row) -> Reminder:
    periods = tuple(
        RatePeriod(date.fromisoformat(a), date.fromisoformat(b), Decimal(r), base)
        for a, b, r, base in json.loads(row["interest_rates"])
    )
    return Reminder(
        number=row["number"],
        invoice=row["invoice"],
        customer=row["customer"],
        date=date.fromisoformat(row["date"]),
        due_date=date.fromisoformat(row["due_date"]),
        kid=row["kid"],
        principal=row["principal"],
        earlier_charges=row["earlier_charges"],
        fee=row["fee"],
        interest=row["interest"],
        interest_from=date.fromisoformat(row["interest_from"]) if row["interest_from"] else None,
        interest_to=date.fromisoformat(row["interest_to"]) if row["interest_to"] else None,
        periods=periods,
        voucher=row["voucher"],
        seller=json.loads(row["seller"]),
        buyer=json.loads(row["buyer"]),
    )


def get_reminder(conn: sqlite3.Connection, number: int) -> Reminder:
    row = conn.execute("SELECT * FROM reminders WHERE number = ?", (number,)).fetchone()
    if row is None:
        raise NotFound(f"there is no reminder {number}", hint="`faktura remind --list` shows them")
    return _reminder(row)


def list_reminders(
    conn: sqlite3.Connection, *, customer: int | None = None, invoice: int | None = None
) -> list[Reminder]:
    conditions, params = [], []
    if customer is not None:
        conditions.append("customer = ?")
        params.append(customer)
    if invoice is not None:
        conditions.append("invoice = ?")
        params.append(invoice)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    return [
        _reminder(r)
        for r in conn.execute(f"SELECT * FROM reminders {where} ORDER BY number", params)
    ]
