"""The customer register: rows <-> records, inside the caller's transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, fields
from datetime import datetime

from faktura_cli.domain.records import Customer
from faktura_cli.errors import NotFound

FIRST_CUSTOMER_NUMBER = 10001


def _customer(row: sqlite3.Row) -> Customer:
    data = {f.name: row[f.name] for f in fields(Customer)}
    data["is_private"] = bool(data["is_private"])
    data["related"] = bool(data["related"])
    return Customer(**data)


def next_customer_number(conn: sqlite3.Connection) -> int:
    top = conn.execute("SELECT MAX(number) FROM customers").fetchone()[0]
    return FIRST_CUSTOMER_NUMBER if top is None else top + 1


def save_customer(conn: sqlite3.Connection, customer: Customer, *, now: datetime) -> None:
    data = asdict(customer)
    columns = ", ".join(data)
    marks = ", ".join(f":{k}" for k in data)
    updates = ", ".join(f"{k} = excluded.{k}" for k in data if k != "number")
    conn.execute(
        f"INSERT INTO customers ({columns}, created_at) VALUES ({marks}, :created_at) "
        f"ON CONFLICT (number) DO UPDATE SET {updates}",
        {**data, "created_at": now.isoformat()},
    )


def get_customer(conn: sqlite3.Connection, number: int) -> Customer:
    row = conn.execute("SELECT * FROM customers WHERE number = ?", (number,)).fetchone()
    if row is None:
        raise NotFound(f"there is no customer {number}", hint="`faktura customer list` shows them")
    return _customer(row)


def customers_by_number(conn: sqlite3.Connection, numbers: Iterable[int]) -> dict[int, Customer]:
    """These customers (those that exist), in one query."""
    wanted = sorted(set(numbers))
    return {
        c.number: c
        for c in map(
            _customer,
            conn.execute(
                f"SELECT * FROM customers WHERE number IN ({','.join('?' * len(wanted))})", wanted
            ),
        )
    }


def list_customers(conn: sqlite3.Connection) -> list[Customer]:
    return [_customer(r) for r in conn.execute("SELECT * FROM customers ORDER BY number")]
