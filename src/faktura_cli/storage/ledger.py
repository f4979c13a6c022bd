"""The ledger read back: postings with their document, and the sums the reports are made of.

Each query reads the running balances (account_months, open_items) the batch writer keeps in
the postings' own transaction, plus the postings of one partial month or one open item.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta


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
    # Across a year end: result accounts start the new year at 0 and the year's result opens
    # on 2050 (SPEC 13); what that moves, so that opening + movement + year_end = closing.
    year_end: int = 0

    @property
    def closing(self) -> int:
        return self.opening + self.movement + self.year_end


@dataclass(frozen=True)
class OpenRow:
    """What is open on one invoice as of a day, with its customer."""

    customer: int
    name: str
    invoice: int
    due_date: date
    date: date
    open: int


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

    The balance before a day is the account's whole months before that day's month, from
    account_months (kept by the batch writer with the postings), plus that month's postings before
    the day, from the covering index postings(account, date, amount). A year's trial balance
    over a million postings reads a few hundred month rows (benchmarks/bench_ledger.py).
    """
    after = end + timedelta(days=1)
    rows = conn.execute(
        """
        SELECT a.number, a.name,
            (SELECT SUM(amount) FROM account_months
             WHERE account = a.number AND month < :start_month),
            (SELECT SUM(amount) FROM postings
             WHERE account = a.number AND date >= :start_month_day AND date < :start),
            (SELECT SUM(amount) FROM account_months
             WHERE account = a.number AND month < :after_month),
            (SELECT SUM(amount) FROM postings
             WHERE account = a.number AND date >= :after_month_day AND date < :after)
        FROM accounts a ORDER BY a.number
        """,
        {
            "start": start.isoformat(),
            "start_month": start.isoformat()[:7],
            "start_month_day": start.replace(day=1).isoformat(),
            "after": after.isoformat(),
            "after_month": after.isoformat()[:7],
            "after_month_day": after.replace(day=1).isoformat(),
        },
    )
    # SUM of no rows is NULL: an account without postings up to `end` is left out.
    balances = []
    for account, name, months_before, days_before, months_to_end, days_to_end in rows:
        if months_to_end is None and days_to_end is None:
            continue
        opening = (months_before or 0) + (days_before or 0)
        closing = (months_to_end or 0) + (days_to_end or 0)
        balances.append(BalanceRow(account, name, opening, closing - opening))
    return balances


def open_rows(conn: sqlite3.Connection, *, as_of: date) -> list[OpenRow]:
    """Open items as of `as_of`: only postings dated on or before it count.

    An invoice paid after `as_of` is therefore still open on `as_of`. Only items that can be
    open then are summed (open_items, kept by the batch writer with the postings): items first
    posted by `as_of` that are still open now, or that have postings after `as_of`. Any
    other item's postings all lie on one side of the day and add up to nothing or to its
    balance of 0. The sums come from the index postings_open_item(open_item, date, amount);
    an open item is by definition a 1500 posting, which `faktura check` verifies.
    """
    rows = conn.execute(
        """
        SELECT d.customer, c.name, o.open_item, d.date, d.due_date, o.open FROM (
            SELECT p.open_item, SUM(p.amount) AS open FROM (
                SELECT item FROM open_items WHERE balance != 0 AND first_date <= :as_of
                UNION
                SELECT item FROM open_items WHERE last_date > :as_of AND first_date <= :as_of
            ) i
            JOIN postings p ON p.open_item = i.item AND p.date <= :as_of
            GROUP BY p.open_item HAVING SUM(p.amount) != 0
        ) o
        JOIN documents d ON d.number = o.open_item
        JOIN customers c ON c.number = d.customer
        ORDER BY d.customer, o.open_item
        """,
        {"as_of": as_of.isoformat()},
    )
    return [
        OpenRow(customer, name, invoice, date.fromisoformat(due), date.fromisoformat(day), amount)
        for customer, name, invoice, day, due, amount in rows
    ]


def vat_sums(
    conn: sqlite3.Connection, vat_accounts: Iterable[str], *, start: date, end: date
) -> list[tuple[str, str, int]]:
    """(VAT code, VAT account or "" for the base, sum) of the postings with a VAT code."""
    return [
        (code, account, amount)
        for code, account, amount in conn.execute(
            """
            SELECT vat_code, CASE WHEN account IN (SELECT value FROM json_each(:vat_accounts))
                THEN account ELSE '' END, SUM(amount) FROM postings
            WHERE vat_code IS NOT NULL AND date BETWEEN :start AND :end
            GROUP BY 1, 2
            """,
            {
                "start": start.isoformat(),
                "end": end.isoformat(),
                "vat_accounts": json.dumps(sorted(vat_accounts)),
            },
        )
    ]


def balances_by_customer(
    conn: sqlite3.Connection, account: str, *, start: date, end: date
) -> dict[int, tuple[int, int]]:
    """Per customer, the balance of `account` before `start` and at `end`."""
    return {
        customer: (opening, closing)
        for customer, opening, closing in conn.execute(
            """
            SELECT customer, SUM(CASE WHEN date < :start THEN amount ELSE 0 END), SUM(amount)
            FROM postings WHERE account = :account AND customer IS NOT NULL AND date <= :end
            GROUP BY customer
            """,
            {"start": start.isoformat(), "end": end.isoformat(), "account": account},
        )
    }
