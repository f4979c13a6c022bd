"""`faktura customer statement`: the kontoutskrift a customer is sent."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from faktura_cli.domain.records import Company, Customer
from faktura_cli.domain.reports import AGEING_BUCKETS
from faktura_cli.errors import InvalidInput
from faktura_cli.services.ledger import OpenItem, customer_ledger
from faktura_cli.storage import company as company_db
from faktura_cli.storage import customers as customers_db
from faktura_cli.storage import statements as store
from faktura_cli.storage.db import snapshot
from faktura_cli.storage.files import write_file
from faktura_cli.storage.statements import AccountMovement


@dataclass(frozen=True)
class StatementLine:
    movement: AccountMovement
    balance: int  # the running balance after it


@dataclass(frozen=True)
class Statement:
    company: Company
    customer: Customer
    start: date | None
    end: date
    opening: int
    lines: tuple[StatementLine, ...]
    open_items: tuple[OpenItem, ...]  # as of `end`, with their ageing bucket

    @property
    def closing(self) -> int:
        return self.lines[-1].balance if self.lines else self.opening

    def in_bucket(self, bucket: str) -> int:
        return sum(i.open for i in self.open_items if i.bucket == bucket)

    @property
    def ageing(self) -> dict[str, int]:
        return {bucket: self.in_bucket(bucket) for bucket in AGEING_BUCKETS}


def customer_statement(
    conn: sqlite3.Connection,
    number: int,
    *,
    start: date | None,
    end: date | None,
    today: date,
) -> Statement:
    """Opening balance, every invoice, credit note, reminder and payment, the closing balance
    and what is open by age (default: from the start to today), from one snapshot."""
    return _statement(conn, number, start, end if end is not None else today)


def _statement(conn: sqlite3.Connection, number: int, start: date | None, end: date) -> Statement:
    if start is not None and start > end:
        raise InvalidInput(f"--from {start} is after --to {end}")
    with snapshot(conn):
        company = company_db.load_company(conn)
        customer = customers_db.get_customer(conn, number)
        opening = store.opening_balance(conn, number, start) if start else 0
        balance = opening
        lines = []
        for movement in store.movements(conn, number, start, end):
            balance += movement.amount
            lines.append(StatementLine(movement, balance))
        ledger = customer_ledger(conn, as_of=end)
        items = next((c.items for c in ledger.customers if c.customer == number), ())
    return Statement(company, customer, start, end, opening, tuple(lines), items)


def write_statement(
    conn: sqlite3.Connection,
    number: int,
    *,
    start: date | None,
    end: date | None,
    today: date,
    path: Path,
) -> tuple[Statement, Path]:
    """The statement, written as a PDF to `path`."""
    from faktura_cli.render.pdf import statement_pdf

    statement = customer_statement(conn, number, start=start, end=end, today=today)
    return statement, write_file(path, statement_pdf(statement))
