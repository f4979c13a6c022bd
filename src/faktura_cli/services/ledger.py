"""Reading the books: the journal of postings, the trial balance and the customer ledger."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta

from faktura_cli.domain.ledger import opening_balances
from faktura_cli.domain.reports import ageing_bucket
from faktura_cli.storage import balances
from faktura_cli.storage import ledger as ledger_db
from faktura_cli.storage.ledger import BalanceRow, PostingRow

# In a class with a field named `date`, later fields must name the type otherwise.
Day = date


def postings(
    conn: sqlite3.Connection,
    *,
    start: date | None = None,
    end: date | None = None,
    account: str | None = None,
    voucher: int | None = None,
    customer: int | None = None,
) -> list[PostingRow]:
    return ledger_db.postings(
        conn, start=start, end=end, account=account, voucher=voucher, customer=customer
    )


def trial_balance(conn: sqlite3.Connection, *, start: date, end: date) -> list[BalanceRow]:
    """Opening (on the morning of start), movement (posted start..end) and closing (at the end
    of `end`) per account.

    Opening and closing are balances at a date: result accounts (3000–8999) open each calendar
    year at 0, the result of earlier years not yet closed on 2050 (domain.ledger.
    opening_balances), so each column sums to 0. Movement is what was posted in the period, as
    hledger's period balance; across a year end the difference is the row's `year_end`.
    An account without postings up to `end` (and nothing carried to it) is left out.
    """
    totals: dict[date, dict[str, int]] = {}

    def before(day: date) -> dict[str, int]:
        if day not in totals:
            totals[day] = balances.totals_before(conn, day)
        return totals[day]

    def at(year_start: date, upto: date) -> dict[str, int]:
        """Each account's balance over [.., upto), on the rules of the year from year_start."""
        carried, through = before(year_start), before(upto)
        return opening_balances(
            carried,
            {account: amount - carried.get(account, 0) for account, amount in through.items()},
        )

    after = end + timedelta(days=1)
    opening = at(date(start.year, 1, 1), start)
    closing = at(date(end.year, 1, 1), after)
    before_start, before_after = before(start), before(after)
    rows = []
    for account, name in balances.account_names(conn).items():
        movement = before_after.get(account, 0) - before_start.get(account, 0)
        first, last = opening.get(account, 0), closing.get(account, 0)
        if account in before_after or first or last:
            rows.append(BalanceRow(account, name, first, movement, last - first - movement))
    return rows


@dataclass(frozen=True)
class OpenItem:
    """What a customer still owes on one invoice (negative: overpaid) as of a date."""

    invoice: int
    date: date
    due_date: Day
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
    """Open items per customer as of `as_of` (postings after it do not count), with ageing."""
    customers: dict[int, tuple[str, list[OpenItem]]] = {}
    for row in ledger_db.open_rows(conn, as_of=as_of):
        customers.setdefault(row.customer, (row.name, []))[1].append(
            OpenItem(
                row.invoice, row.date, row.due_date, row.open, ageing_bucket(row.due_date, as_of)
            )
        )
    return CustomerLedger(
        as_of,
        tuple(
            CustomerBalance(number, name, tuple(items))
            for number, (name, items) in customers.items()
        ),
    )
