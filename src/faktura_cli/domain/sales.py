"""A sold invoice (invoice sale, SPEC §7) as read back: the settlement and where it stands.

Apart from domain/factoring.py (the partner's rules) so that reading an invoice imports no
pricing or eligibility rules (`invoice list`/`show` are everyday commands, SPEC §17).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal


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
