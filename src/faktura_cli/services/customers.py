"""The customer register."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime

from faktura_cli.domain.customers import checked_customer
from faktura_cli.domain.delivery import ChannelChoice, choose_channel
from faktura_cli.domain.records import Customer, customer_matches
from faktura_cli.errors import InvalidInput
from faktura_cli.storage import customers as customers_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage.db import transaction

EDITABLE = (
    "name",
    "is_private",
    "orgnr",
    "address",
    "postcode",
    "city",
    "country",
    "email",
    "phone",
    "peppol",
    "related",
    "payment_terms",
    "buyer_ref",
    "order_ref",
)


def add_customer(
    conn: sqlite3.Connection, details: dict[str, object], *, now: datetime
) -> Customer:
    given = {k: v for k, v in details.items() if v is not None}
    if not given.get("name"):
        raise InvalidInput("a customer needs --name")
    given.setdefault("is_private", False)
    draft = checked_customer(Customer(number=0, **given))  # type: ignore[arg-type]  # checked_customer checks every field
    with transaction(conn):
        customer = replace(draft, number=customers_db.next_customer_number(conn))
        customers_db.save_customer(conn, customer, now=now)
        events_db.log_event(conn, "customer add", f"{customer.number} {customer.name}", now=now)
    return customer


def edit_customer(
    conn: sqlite3.Connection, number: int, changes: dict[str, object], *, now: datetime
) -> Customer:
    """Change a customer's details. Issued invoices keep the details they were issued with."""
    given = {k: ("" if v == "" else v) for k, v in changes.items() if v is not None}
    if not given:
        raise InvalidInput("nothing to change", hint="see `faktura customer edit --help`")
    with transaction(conn):
        current = customers_db.get_customer(conn, number)
        cleared = {k: (None if v == "" else v) for k, v in given.items()}
        customer = checked_customer(replace(current, **cleared))  # type: ignore[arg-type]  # checked_customer checks every field
        customers_db.save_customer(conn, customer, now=now)
        events_db.log_event(conn, "customer edit", f"{number}: {', '.join(sorted(given))}", now=now)
    return customer


def get_customer(conn: sqlite3.Connection, number: int) -> Customer:
    return customers_db.get_customer(conn, number)


def list_customers(conn: sqlite3.Connection, *, search: str | None = None) -> list[Customer]:
    """The register in number order; with `search`, those it finds (`customer_matches`)."""
    customers = customers_db.list_customers(conn)
    if search is None:
        return customers
    return [c for c in customers if customer_matches(c, search)]


def delivery_channel(customer: Customer) -> ChannelChoice:
    """The channel the customer's invoices go out on by the standard plan, or why none."""
    return choose_channel(customer)
