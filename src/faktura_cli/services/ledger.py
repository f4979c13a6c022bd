"""Reading the books: the journal of postings and the trial balance, aggregated in SQL."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PostingRow:
    voucher: int
    date: date
    account: str
    amount: int
    text: str
    invoice: int | None  # the document the voucher belongs to
    customer: int | None


@dataclass(frozen=True)
class BalanceRow:
    account: str
    name: str
    opening: int
    movement: int

    @property
    def closing(self) -> int:
        return self.opening + self.movement


def postings(
    conn: sqlite3.Connection,
    *,
    start: date | None = None,
    end: date | None = None,
    account: str | None = None,
    voucher: int | None = None,
    customer: int | None = None,
) -> list[PostingRow]:
    conditions, params = [], []
    for sql, value in (
        ("p.date >= ?", start.isoformat() if start else None),
        ("p.date <= ?", end.isoformat() if end else None),
        ("p.account = ?", account),
        ("p.voucher = ?", voucher),
        ("p.customer = ?", customer),
    ):
        if value is not None:
            conditions.append(sql)
            params.append(value)
    where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
    rows = conn.execute(
        "SELECT p.voucher, p.date, p.account, p.amount, p.text, v.document, p.customer "
        f"FROM postings p JOIN vouchers v ON v.number = p.voucher {where} ORDER BY p.voucher, p.id",
        params,
    )
    return [PostingRow(r[0], date.fromisoformat(r[1]), r[2], r[3], r[4], r[5], r[6]) for r in rows]


def trial_balance(conn: sqlite3.Connection, *, start: date, end: date) -> list[BalanceRow]:
    """Opening (before start), movement (start..end) and closing per account.

    Reads only the covering index postings(account, date, amount).
    """
    rows = conn.execute(
        """
        SELECT t.account, a.name, t.opening, t.movement FROM (
            SELECT account,
                   SUM(CASE WHEN date < :start THEN amount ELSE 0 END) AS opening,
                   SUM(CASE WHEN date >= :start THEN amount ELSE 0 END) AS movement
            FROM postings WHERE date <= :end GROUP BY account
        ) t JOIN accounts a ON a.number = t.account
        ORDER BY t.account
        """,
        {"start": start.isoformat(), "end": end.isoformat()},
    )
    return [BalanceRow(*r) for r in rows]
