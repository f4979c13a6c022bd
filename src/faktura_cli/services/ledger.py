"""Reading the books: the journal of postings and the trial balance, aggregated in SQL."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from faktura_cli.domain.ledger import opening_balances
from faktura_cli.storage import balances


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

    Result accounts (3000–8999) open each calendar year at 0; the result of earlier years not
    yet closed opens on 2050 (domain.ledger.opening_balances), so the opening column sums to 0.
    An account without postings up to `end` (and nothing carried to it) is left out.
    """
    year_start = date(start.year, 1, 1)
    carried = balances.totals_before(conn, year_start)
    before_start = balances.totals_before(conn, start)
    before_after = balances.totals_before(conn, end + timedelta(days=1))
    this_year = {
        account: amount - carried.get(account, 0) for account, amount in before_start.items()
    }
    opening = opening_balances(carried, this_year)
    rows = []
    for account, name in balances.account_names(conn).items():
        movement = before_after.get(account, 0) - before_start.get(account, 0)
        if account in before_after or opening.get(account, 0):
            rows.append(BalanceRow(account, name, opening.get(account, 0), movement))
    return rows


@dataclass(frozen=True)
class OpenItem:
    """What a customer still owes on one invoice (negative: overpaid) as of a date."""

    invoice: int
    date: date
    due_date: date
    open: int
    bucket: str  # one of domain.reports.AGEING_BUCKETS


@dataclass(frozen=True)
class CustomerBalance:
    customer: int
    name: str
    items: tuple[OpenItem, ...]

    @property
    def open(self) -> int:
        return sum(i.open for i in self.items)

    def in_bucket(self, bucket: str) -> int:
        return sum(i.open for i in self.items if i.bucket == bucket)


@dataclass(frozen=True)
class CustomerLedger:
    """Kundereskontro: open items per customer with ageing, as of a date."""

    date: date
    customers: tuple[CustomerBalance, ...]

    @property
    def total(self) -> int:
        return sum(c.open for c in self.customers)

    def in_bucket(self, bucket: str) -> int:
        return sum(c.in_bucket(bucket) for c in self.customers)


def customer_ledger(conn: sqlite3.Connection, *, as_of: date) -> CustomerLedger:
    """Open items as of `as_of`: only postings dated on or before it count.

    An invoice paid after `as_of` is therefore still open on `as_of`. Only items that can be
    open then are summed (open_items, kept by an insert trigger on postings): items first
    posted by `as_of` that are still open now, or that have postings after `as_of`. Any
    other item's postings all lie on one side of the day and add up to nothing or to its
    balance of 0. The sums come from the index postings_open_item(open_item, date, amount);
    an open item is by definition a 1500 posting, which `faktura check` verifies.
    """
    from faktura_cli.domain.reports import ageing_bucket

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
    customers: dict[int, tuple[str, list[OpenItem]]] = {}
    for customer, name, invoice, day, due, amount in rows:
        due_day = date.fromisoformat(due)
        customers.setdefault(customer, (name, []))[1].append(
            OpenItem(
                invoice, date.fromisoformat(day), due_day, amount, ageing_bucket(due_day, as_of)
            )
        )
    return CustomerLedger(
        as_of,
        tuple(
            CustomerBalance(number, name, tuple(items))
            for number, (name, items) in customers.items()
        ),
    )
