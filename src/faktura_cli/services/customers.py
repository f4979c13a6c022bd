"""The customer register."""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime

from faktura_cli.domain.customers import checked_customer
from faktura_cli.domain.delivery import ChannelChoice, choose_channel
from faktura_cli.domain.records import Customer, customer_matches
from faktura_cli.errors import InvalidInput
from faktura_cli.storage import customers as customers_db
from faktura_cli.storage import events as events_db
from faktura_cli.storage.db import transaction


@dataclass(frozen=True)
class CustomerInput:
    """`customer add`: a new customer's details as given (checked as a whole when added)."""

    name: str
    is_private: bool = False
    orgnr: str | None = None
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str = "NO"
    email: str | None = None
    phone: str | None = None
    peppol: str | None = None
    related: bool = False
    payment_terms: int | None = None  # days
    buyer_ref: str | None = None
    order_ref: str | None = None


@dataclass(frozen=True)
class CustomerChanges:
    """`customer edit`: None leaves a field as it is; '' clears an optional text field."""

    name: str | None = None
    is_private: bool | None = None
    orgnr: str | None = None
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str | None = None
    email: str | None = None
    phone: str | None = None
    peppol: str | None = None
    related: bool | None = None
    payment_terms: int | None = None
    buyer_ref: str | None = None
    order_ref: str | None = None

    def given(self) -> list[str]:
        """The fields to change, by name."""
        return [f.name for f in fields(self) if getattr(self, f.name) is not None]

    def applied_to(self, customer: Customer) -> Customer:
        """`customer` with these changes (not yet checked: `checked_customer` does that)."""

        def text(new: str | None, old: str | None) -> str | None:
            return old if new is None else (new or None)

        return replace(
            customer,
            # The name and the country cannot be cleared: checked_customer refuses ''.
            name=customer.name if self.name is None else self.name,
            is_private=customer.is_private if self.is_private is None else self.is_private,
            orgnr=text(self.orgnr, customer.orgnr),
            address=text(self.address, customer.address),
            postcode=text(self.postcode, customer.postcode),
            city=text(self.city, customer.city),
            country=customer.country if self.country is None else self.country,
            email=text(self.email, customer.email),
            phone=text(self.phone, customer.phone),
            peppol=text(self.peppol, customer.peppol),
            related=customer.related if self.related is None else self.related,
            payment_terms=(
                customer.payment_terms if self.payment_terms is None else self.payment_terms
            ),
            buyer_ref=text(self.buyer_ref, customer.buyer_ref),
            order_ref=text(self.order_ref, customer.order_ref),
        )


def add_customer(conn: sqlite3.Connection, details: CustomerInput, *, now: datetime) -> Customer:
    if not details.name:
        raise InvalidInput("a customer needs --name")
    draft = checked_customer(Customer(number=0, **asdict(details)))
    with transaction(conn):
        customer = replace(draft, number=customers_db.next_customer_number(conn))
        customers_db.save_customer(conn, customer, now=now)
        events_db.log_event(conn, "customer add", f"{customer.number} {customer.name}", now=now)
    return customer


def edit_customer(
    conn: sqlite3.Connection, number: int, changes: CustomerChanges, *, now: datetime
) -> Customer:
    """Change a customer's details. Issued invoices keep the details they were issued with."""
    given = changes.given()
    if not given:
        raise InvalidInput("nothing to change", hint="see `faktura customer edit --help`")
    with transaction(conn):
        current = customers_db.get_customer(conn, number)
        customer = checked_customer(changes.applied_to(current))
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
