"""`faktura init` and `faktura company ...` as people and programs see it."""

from __future__ import annotations

from faktura_cli.domain.records import Company
from faktura_cli.render import terminal
from faktura_cli.render.view import View, view
from faktura_cli.render.views import company_view
from faktura_cli.render.words import konto, kr, word

# How the SMTP connection is protected, for people: starttls and tls as --smtp-security takes
# them, none as what it means (the JSON keeps "none").
SMTP_SECURITY = {"none": "ukryptert"}


def company(c: Company) -> View:
    data = company_view(c)
    security = data["smtp_security_in_use"]
    card = terminal.key_values(
        c.name,
        [
            ("Org.nr", f"{c.orgnr}{' MVA' if c.vat_registered else ''}"),
            ("Legal form", c.legal_form),
            ("Bank account", konto(c.bank_account)),
            ("VAT registered", "ja" if c.vat_registered else "nei"),
            ("Address", c.address),
            ("", " ".join(filter(None, [c.postcode, c.city]))),
            ("E-mail", c.email),
            ("Phone", c.phone),
            ("Payment terms", f"{c.payment_terms} dager"),
            (
                "Reminders",
                f"{c.remind_after} dager etter forfall, gebyr "
                + (kr(c.reminder_fee) if c.reminder_fee is not None else "lovens maksimum"),
            ),
            ("Status", word(c.status)),
            ("Notify e-mail", c.notify_email),
            (
                "SMTP",
                c.smtp_host
                and f"{c.smtp_host}:{c.smtp_port or 587} ({SMTP_SECURITY.get(security, security)})",
            ),
        ],
    )
    return view(data, card)


def created(c: Company) -> View:
    return view(company_view(c), f"Books created for {c.name} ({c.orgnr})")


def updated(c: Company) -> View:
    return view(company_view(c), f"Updated {c.name}")
