"""A customer checked as a whole, the way it will be stored: its fields depend on each other
(a private customer has no organisasjonsnummer; a Norwegian one has Norwegian postcode, phone
and organisasjonsnummer rules, a foreign one its own country's)."""

from __future__ import annotations

from dataclasses import replace

from faktura_cli.domain import identifiers
from faktura_cli.domain.dates import parse_terms
from faktura_cli.domain.records import Customer
from faktura_cli.errors import InvalidInput


def checked_customer(customer: Customer) -> Customer:
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
