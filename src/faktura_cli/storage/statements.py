"""A customer's account (1500) voucher by voucher, for the statement. Never commits."""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AccountMovement:
    """One voucher's movement on a customer's receivable, and what the voucher was."""

    voucher: int
    date: dt.date
    text: str
    amount: int  # øre: what the customer owes more (+) or less (-)
    document: int | None
    kind: str  # invoice | credit_note | reminder | payment | sale | refund | other
    due_date: dt.date | None
    reminder: int | None


def opening_balance(conn: sqlite3.Connection, customer: int, before: date) -> int:
    return conn.execute(
        "SELECT COALESCE(SUM(amount), 0) FROM postings"
        " WHERE account = '1500' AND customer = ? AND date < ?",
        (customer, before.isoformat()),
    ).fetchone()[0]


def movements(
    conn: sqlite3.Connection, customer: int, start: date | None, end: date
) -> list[AccountMovement]:
    rows = conn.execute(
        """
        SELECT p.voucher, v.date, v.text, v.document, d.kind, d.due_date, SUM(p.amount),
               v.number = (SELECT MIN(number) FROM vouchers w WHERE w.document = v.document),
               r.number, r.due_date,
               EXISTS (SELECT 1 FROM factoring_sales s WHERE s.settlement_voucher = v.number)
        FROM postings p
        JOIN vouchers v ON v.number = p.voucher
        LEFT JOIN documents d ON d.number = v.document
        LEFT JOIN reminders r ON r.voucher = v.number
        WHERE p.account = '1500' AND p.customer = ? AND p.date >= ? AND p.date <= ?
        GROUP BY p.voucher ORDER BY v.date, p.voucher
        """,
        (customer, (start or date.min).isoformat(), end.isoformat()),
    )
    found = []
    for voucher, day, text, document, kind, due, amount, first, reminder, r_due, sale in rows:
        if reminder is not None:
            what, due = "reminder", r_due
        elif sale:
            what = "sale"
        elif first and kind in ("invoice", "credit_note"):
            what = kind
        elif amount < 0:
            what = "payment"
        else:
            what = "refund" if document is not None else "other"
        found.append(
            AccountMovement(
                voucher=voucher,
                date=date.fromisoformat(day),
                text=text,
                amount=amount,
                document=document,
                kind=what,
                due_date=date.fromisoformat(due) if due and what in ("invoice", "reminder") else None,
                reminder=reminder,
            )
        )
    return found
