"""The customer register."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime

from faktura_cli.domain import identifiers
from faktura_cli.domain.invoice import parse_terms
from faktura_cli.domain.records import Customer, customer_matches
from faktura_cli.errors import InvalidInput
from faktura_cli.storage import repository as repo
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


def _clean(customer: Customer) -> Customer:
    """Check a customer as a whole, the way it will be stored: fields depend on each other."""
    # `edit --name ""` or `--country ""` clears the field: these two cannot be cleared.
    name = " ".join((customer.name or "").split())
    if not name:
        raise InvalidInput("the customer's name cannot be empty")
    country = identifiers.country(customer.country or "")
    norwegian = country == "NO"
    orgnr = customer.orgnr
    if orgnr:
        if customer.is_private:
            raise InvalidInput("a private customer has no organisasjonsnummer")
        # A foreign customer's company number follows its own country's rules.
        orgnr = identifiers.orgnr(orgnr) if norwegian else orgnr.strip()
    postcode = customer.postcode
    if postcode and norwegian:
        postcode = identifiers.postcode(postcode)
    cleaned = replace(
        customer,
        name=name,
        country=country,
        orgnr=orgnr or None,
        postcode=postcode or None,
        address=(customer.address or "").strip() or None,
        city=(customer.city or "").strip() or None,
        email=identifiers.email(customer.email) if customer.email else None,
        phone=identifiers.phone(customer.phone, norwegian=norwegian) if customer.phone else None,
        peppol=identifiers.peppol_id(customer.peppol) if customer.peppol else None,
        payment_terms=(
            parse_terms(customer.payment_terms) if customer.payment_terms is not None else None
        ),
        buyer_ref=(customer.buyer_ref or "").strip() or None,
        order_ref=(customer.order_ref or "").strip() or None,
    )
    if not cleaned.is_private and not (cleaned.postcode and cleaned.city):
        # Bokføringsforskriften § 5-1-1 nr. 3: an invoice names the buyer's address.
        missing = " and ".join(
            what
            for what, value in (("postcode", cleaned.postcode), ("city", cleaned.city))
            if not value
        )
        raise InvalidInput(
            f"a business customer needs an address: {name} has no {missing}",
            hint="give --postcode and --city (and --address)",
        )
    return cleaned


def add_customer(
    conn: sqlite3.Connection, details: dict[str, object], *, now: datetime
) -> Customer:
    given = {k: v for k, v in details.items() if v is not None}
    if not given.get("name"):
        raise InvalidInput("a customer needs --name")
    given.setdefault("is_private", False)
    draft = _clean(Customer(number=0, **given))  # type: ignore[arg-type]
    with transaction(conn):
        customer = replace(draft, number=repo.next_customer_number(conn))
        repo.save_customer(conn, customer, now=now)
        repo.log_event(conn, "customer add", f"{customer.number} {customer.name}", now=now)
    return customer


def edit_customer(
    conn: sqlite3.Connection, number: int, changes: dict[str, object], *, now: datetime
) -> Customer:
    """Change a customer's details. Issued invoices keep the details they were issued with."""
    given = {k: ("" if v == "" else v) for k, v in changes.items() if v is not None}
    if not given:
        raise InvalidInput("nothing to change", hint="see `faktura customer edit --help`")
    with transaction(conn):
        current = repo.get_customer(conn, number)
        cleared = {k: (None if v == "" else v) for k, v in given.items()}
        customer = _clean(replace(current, **cleared))  # type: ignore[arg-type]
        repo.save_customer(conn, customer, now=now)
        repo.log_event(conn, "customer edit", f"{number}: {', '.join(sorted(given))}", now=now)
    return customer


def get_customer(conn: sqlite3.Connection, number: int) -> Customer:
    return repo.get_customer(conn, number)


def list_customers(conn: sqlite3.Connection, *, search: str | None = None) -> list[Customer]:
    """The register in number order; with `search`, those it finds (`customer_matches`)."""
    customers = repo.list_customers(conn)
    if search is None:
        return customers
    return [c for c in customers if customer_matches(c, search)]
