"""Master data as frozen records: the company, customers and products."""

from __future__ import annotations

from dataclasses import dataclass

LEGAL_FORMS = ("ENK", "AS", "ASA", "NUF", "DA", "ANS", "SA", "BA", "STI", "FLI", "KS", "SE")
COMPANY_STATUSES = ("active", "bankrupt", "liquidation")
DEFAULT_PAYMENT_TERMS = 14


@dataclass(frozen=True)
class Company:
    name: str
    orgnr: str
    legal_form: str
    bank_account: str
    vat_registered: bool
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str = "NO"
    email: str | None = None
    phone: str | None = None
    payment_terms: int = DEFAULT_PAYMENT_TERMS
    status: str = "active"
    notify_email: str | None = None
    smtp_host: str | None = None
    smtp_port: int | None = None
    smtp_user: str | None = None
    smtp_security: str | None = None  # starttls | tls | none; None: by the port (SPEC 11)
    outbox_dir: str | None = None
    remind_after: int = 14  # days past due before a reminder (SPEC 14)
    reminder_fee: int | None = None  # øre; None: the legal maximum on the reminder's date

    @property
    def in_register_of_business_enterprises(self) -> bool:
        """AS, ASA and NUF must state 'Foretaksregisteret' on their invoices
        (foretaksregisterloven § 10-2; EHF rule NO-R-002)."""
        return self.legal_form in ("AS", "ASA", "NUF")

    @property
    def vat_id(self) -> str:
        return f"NO{self.orgnr}MVA" if self.vat_registered else self.orgnr


@dataclass(frozen=True)
class Customer:
    number: int
    name: str
    is_private: bool
    orgnr: str | None = None
    address: str | None = None
    postcode: str | None = None
    city: str | None = None
    country: str = "NO"
    email: str | None = None
    phone: str | None = None
    peppol: str | None = None
    related: bool = False
    payment_terms: int | None = None
    # The buyer's own references, the default for its invoices (EHF BuyerReference and
    # OrderReference; public buyers route invoices on them).
    buyer_ref: str | None = None
    order_ref: str | None = None


def customer_matches(customer: Customer, text: str) -> bool:
    """`customer list --search TEXT`: TEXT (any case, spaces in numbers ignored) in the name,
    number, organisasjonsnummer, e-mail, phone, city or PEPPOL id."""
    fields = (
        customer.name,
        str(customer.number),
        customer.orgnr,
        customer.email,
        customer.phone,
        customer.city,
        customer.peppol,
    )
    return finds(text, fields)


def finds(text: str, fields: tuple[str | None, ...]) -> bool:
    """A list's `--search TEXT`: TEXT in any of the fields, in any case, spaces in numbers
    ignored (`12345 678` finds `12345678`); empty TEXT finds everything."""
    wanted = " ".join(text.split()).casefold()
    if not wanted:
        return True
    haystack = " | ".join(f for f in fields if f).casefold()
    return wanted in haystack or wanted.replace(" ", "") in haystack.replace(" ", "")


@dataclass(frozen=True)
class Product:
    number: str
    name: str
    price: int  # øre, excluding VAT
    vat: str  # a VAT treatment code
    unit: str | None = None


@dataclass(frozen=True)
class Payee:
    """Who is to be paid when that is not the seller: the factoring partner of a sold invoice.

    EN 16931 BG-10; a sold invoice names the partner as payee with its account (and, when the
    partner assigns one, its KID) so the customer pays with discharging effect to the partner.
    """

    name: str
    orgnr: str
    bank_account: str
    kid: str | None = None
