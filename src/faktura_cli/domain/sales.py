"""Whom the customer pays, and a sold invoice (invoice sale, SPEC §7) as read back: the
settlement and where it stands.

Apart from domain/invoice.py and domain/factoring.py (invoice arithmetic, the partner's rules)
so that the views of an invoice (render/views.py) import neither: `invoice list`/`show` are
everyday commands, and `invoice create --help` must not load what only creating needs (SPEC §17).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from faktura_cli.domain.invoice import Document
    from faktura_cli.domain.records import Payee


@dataclass(frozen=True)
class Sale:
    """An invoice sold to the partner: the settlement, as agreed when accepted."""

    invoice: int
    planned_payout: datetime
    bank_account: str
    kid: str
    fee_rate: Decimal
    fee: int
    payout: int
    total: int
    voucher: int


@dataclass(frozen=True)
class SaleState:
    """A sale and where it stands: accepted | paid out | confirmed | annulled."""

    sale: Sale
    state: str  # accepted | paid out | confirmed | annulled
    confirmed_on: date | None
    regress_owed: int


@dataclass(frozen=True)
class PayTo:
    """The account and KID the customer pays to."""

    account: str
    kid: str


def pay_to(doc: Document, payee: Payee | None = None) -> PayTo:
    """The seller's account and the document's KID; for a sold invoice the factoring partner's
    account (and its KID, when it assigns one), so the customer pays with discharging effect."""
    if payee is None:
        return PayTo(doc.bank_account, doc.kid)
    return PayTo(payee.bank_account, payee.kid or doc.kid)
