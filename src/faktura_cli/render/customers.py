"""`faktura customer ...` as people and programs see it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from faktura_cli.domain.delivery import ChannelChoice
from faktura_cli.domain.records import Customer
from faktura_cli.render import terminal
from faktura_cli.render.view import View, view


def customer_view(customer: Customer) -> dict[str, Any]:
    """A customer as --json shows it (SPEC §3)."""
    data = asdict(customer)
    data["private"] = data.pop("is_private")
    return data


def customer(c: Customer, choice: ChannelChoice) -> View:
    """One customer and how its invoices go out (a warning when nothing can reach it)."""
    card = terminal.key_values(
        f"Customer {c.number}: {c.name}",
        [
            ("Kind", "privat" if c.is_private else "bedrift"),
            ("Org.nr", c.orgnr),
            ("Address", c.address),
            ("", " ".join(filter(None, [c.postcode, c.city]))),
            ("Country", c.country),
            ("E-mail", c.email),
            ("Phone", c.phone),
            ("PEPPOL", c.peppol),
            ("Related company", "ja" if c.related else None),
            ("Payment terms", c.payment_terms and f"{c.payment_terms} dager"),
            ("Buyer reference", c.buyer_ref),
            ("Order reference", c.order_ref),
            ("Invoices go by", choice.channel or f"nothing: {choice.reason}"),
        ],
    )
    warnings = [] if choice.channel else [f"customer {c.number}: {choice.error}"]
    return view({**customer_view(c), "channel": choice.channel}, card, warnings=warnings)


def added(c: Customer, choice: ChannelChoice) -> View:
    """`customer add` prints the new number (scripts read it); --json the whole customer."""
    return view(customer(c, choice).data, str(c.number))


def edited(c: Customer, choice: ChannelChoice) -> View:
    return view(customer(c, choice).data, f"Updated customer {c.number}")


def customer_list(customers: Sequence[Customer]) -> View:
    wide = terminal.table(
        None,
        [
            ("No.", "r"),
            ("Name", "w"),
            ("Kind", "l"),
            ("Org.nr", "l"),
            ("City", "l"),
            ("Country", "l"),
            ("E-mail", "l"),
            ("PEPPOL", "l"),
        ],
        [
            [
                c.number,
                c.name,
                "privat" if c.is_private else "bedrift",
                c.orgnr,
                c.city,
                c.country,
                c.email,
                c.peppol,
            ]
            for c in customers
        ],
    )
    narrow = terminal.table(
        None,
        [("No.", "r"), ("Name", "w"), ("Org.nr", "l"), ("City", "w"), ("Reached at", "w")],
        [
            [
                c.number,
                c.name + (" (privat)" if c.is_private else ""),
                c.orgnr,
                c.city if c.country == "NO" else f"{c.city or ''} {c.country}".strip(),
                " ".join(x for x in (c.email, c.peppol, c.phone) if x),
            ]
            for c in customers
        ],
    )
    return view({"customers": [customer_view(c) for c in customers]}, terminal.Either(wide, narrow))
