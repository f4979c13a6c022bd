"""Customer payments: what is open, overpayment, refunds, and agio/disagio in foreign currency.

SPEC 13: the bank (1920) gets what was received in NOK; 1500 is credited the part of the open
item paid, at the invoice's booked rate; the difference is agio (8060 Valutagevinst) or disagio
(8160 Valutatap). A payment larger than what is open is refused unless the user says
`--overpay`; a credit balance is paid back with a refund (1500 / 1920).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from faktura_cli.domain.money import in_words, round_ore
from faktura_cli.errors import InvalidInput, RuleViolation


@dataclass(frozen=True)
class OpenItem:
    """An invoice's open item: in NOK as posted on 1500, and in the invoice's currency."""

    invoice: int
    customer: int
    currency: str
    rate: Decimal  # the invoice's booked rate (1 for NOK)
    open_nok: int
    fully_credited: bool

    @property
    def open(self) -> int:
        """What is open in the invoice's currency (the NOK open item at the booked rate)."""
        if self.currency == "NOK" or self.rate == 1:
            return self.open_nok
        return round_ore(Decimal(self.open_nok) / self.rate)


@dataclass(frozen=True)
class Payment:
    """A payment as it is posted: the bank's NOK, 1500's NOK and the exchange difference."""

    amount: int  # in the invoice's currency
    bank_nok: int
    receivable_nok: int

    @property
    def exchange_difference(self) -> int:
        """Positive: agio (a gain); negative: disagio (a loss)."""
        return self.bank_nok - self.receivable_nok


def _money(ore: int, currency: str) -> str:
    return in_words(ore, currency)


def payment(
    item: OpenItem,
    amount: int,
    *,
    amount_nok: int | None = None,
    rate: Decimal | None = None,
    overpay: bool = False,
) -> Payment:
    """How a payment of `amount` (in the invoice's currency) is posted."""
    if amount <= 0:
        raise InvalidInput("a payment must be more than 0")
    if item.fully_credited:
        raise RuleViolation(
            f"invoice {item.invoice} is credited in full: there is nothing to pay",
            hint="a credit balance is paid back with `faktura invoice refund`",
        )
    if amount_nok is not None and rate is not None:
        raise InvalidInput("give --amount-nok or --rate, not both")
    if item.currency == "NOK" and (amount_nok not in (None, amount) or rate not in (None, 1)):
        raise InvalidInput(f"invoice {item.invoice} is in NOK: it has no exchange rate")
    open_now = max(item.open, 0)
    if amount > open_now and not overpay:
        raise RuleViolation(
            f"the payment of {_money(amount, item.currency)} is more than the "
            f"{_money(open_now, item.currency)} open on invoice {item.invoice}",
            hint="record it as a credit balance with --overpay, or pay what is open",
        )
    # Paying the whole rest clears the open item to the øre, whatever the rounding.
    if amount >= open_now and open_now > 0:
        receivable = max(item.open_nok, 0) + _at(amount - open_now, item.rate)
    else:
        receivable = _at(amount, item.rate)
    if amount_nok is not None:
        bank = amount_nok
    elif rate is not None:
        bank = _at(amount, rate)
    else:
        bank = receivable
    if bank <= 0:
        raise InvalidInput("the amount received in NOK must be more than 0")
    return Payment(amount, bank, receivable)


def _at(amount: int, rate: Decimal) -> int:
    return amount if rate == 1 else round_ore(Decimal(amount) * rate)


def refund_amount(item: OpenItem, amount: int) -> int:
    """The NOK to pay back of a credit balance (at most all of it), at the booked rate."""
    if amount <= 0:
        raise InvalidInput("a refund must be more than 0")
    credit_balance = max(-item.open, 0)
    if amount > credit_balance:
        raise RuleViolation(
            f"the refund of {_money(amount, item.currency)} is more than the credit balance of "
            f"{_money(credit_balance, item.currency)} on invoice {item.invoice}"
        )
    return -item.open_nok if amount == credit_balance else _at(amount, item.rate)
