"""Invoice sale (factoring): eligibility, the sandbox partner's pricing, payout moments, regress.

Pure rules. The numbers of the pricing, the private-customer control and offer expiry are the
sandbox partner's invented rules (SPEC section 7); the fee band, eligibility rules, legal forms
and payout times come from the seeds.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from faktura_cli.domain.dates import is_business_day, next_business_day
from faktura_cli.domain.identifiers import is_valid_orgnr
from faktura_cli.domain.money import round_ore, to_display
from faktura_cli.domain.records import Company, Customer

OSLO = ZoneInfo("Europe/Oslo")

AGREEMENT_LEGAL_FORMS = ("ENK", "AS", "ASA", "DA", "ANS")
MAX_DELIVERY_AGE_DAYS = 45
MAX_DAYS_TO_DUE = 90
MIN_TOTAL = 20_000  # øre; a total of 200.00 or less is too small
PRIVATE_MAX_TOTAL = 5_000_000  # øre; the sandbox declines private customers above 50 000.00
REGRESS_FIXED_FEE = 4_900  # øre

BASE_RATE = Decimal("2.00")
RATE_PER_DAY = Decimal("0.02")
PRIVATE_SURCHARGE = Decimal("0.50")
MAX_RATE = Decimal("4.00")

FIRST_PAYOUT = time(12, 0)
SECOND_PAYOUT = time(14, 30)

# The sandbox partner: who it is and where customers pay a sold invoice.
PARTNER_NAME = "Sandbox Factoring AS"
PARTNER_ORGNR = "914994594"
PARTNER_ACCOUNT = "15030688888"

REASONS = {
    "NO_AGREEMENT": "there is no approved factoring agreement",
    "NOT_NORWEGIAN_ORGNR": "the business customer has no valid Norwegian organisasjonsnummer",
    "NOT_NORWEGIAN_ADDRESS": "the customer's address is not in Norway",
    "FOREIGN_CURRENCY": "the invoice is not in NOK",
    "DELIVERY_TOO_OLD": f"the delivery date is more than {MAX_DELIVERY_AGE_DAYS} days ago",
    "DUE_TOO_FAR": f"the due date is more than {MAX_DAYS_TO_DUE} days away",
    "AMOUNT_TOO_SMALL": "the total is 200,00 NOK or less",
    "INTERCOMPANY": "the customer is a related company",
    "NOT_OPEN": "the invoice is not open (credit note, already sold, credited, paid or delivered)",
    "PARTNER_DECLINED": "the partner declined",
}

REGISTRY_REASONS = {
    "unpaid_public_taxes": "unpaid public taxes (restanser på skatter og avgifter)",
    "payment_remarks": "significant payment remarks (betalingsanmerkninger)",
    "weak_key_figures": "weak key figures (svake nøkkeltall)",
}


@dataclass(frozen=True)
class Reason:
    code: str
    text: str


def reason(code: str, text: str | None = None) -> Reason:
    return Reason(code, text or REASONS[code])


def agreement_refusals(company: Company) -> list[str]:
    """Why a company cannot apply at all; empty when it may."""
    reasons = []
    if not is_valid_orgnr(company.orgnr):
        reasons.append(f"the organisasjonsnummer {company.orgnr!r} is not valid")
    if company.legal_form not in AGREEMENT_LEGAL_FORMS:
        reasons.append(
            f"legal form {company.legal_form} is not one of {', '.join(AGREEMENT_LEGAL_FORMS)}"
        )
    if company.status == "bankrupt":
        reasons.append("the company is bankrupt")
    elif company.status == "liquidation":
        reasons.append("the company is in liquidation")
    return reasons


def decision_moment(applied: datetime) -> datetime:
    """The sandbox decides at 09:00 on the next business day after the application."""
    day = next_business_day(applied.astimezone(OSLO).date())
    return datetime.combine(day, time(9, 0), OSLO)


@dataclass(frozen=True)
class InvoiceFacts:
    """What eligibility looks at, gathered by the caller."""

    kind: str
    currency: str
    total: int  # øre incl. VAT
    delivery_date: date
    due_date: date
    is_open: bool  # not sold, credited, paid or delivered


def eligibility(
    facts: InvoiceFacts, customer: Customer, *, agreement: bool, today: date
) -> list[Reason]:
    """Every failing rule, in the order of the spec; empty when the invoice may be offered."""
    out: list[Reason] = []
    if not agreement:
        out.append(reason("NO_AGREEMENT"))
    if not customer.is_private and not is_valid_orgnr(customer.orgnr):
        out.append(reason("NOT_NORWEGIAN_ORGNR"))
    if (customer.country or "NO").upper() != "NO":
        out.append(reason("NOT_NORWEGIAN_ADDRESS"))
    if facts.currency != "NOK":
        out.append(reason("FOREIGN_CURRENCY"))
    if (today - facts.delivery_date).days > MAX_DELIVERY_AGE_DAYS:
        out.append(reason("DELIVERY_TOO_OLD"))
    if (facts.due_date - today).days > MAX_DAYS_TO_DUE:
        out.append(reason("DUE_TOO_FAR"))
    if facts.total <= MIN_TOTAL:
        out.append(reason("AMOUNT_TOO_SMALL"))
    if customer.related:
        out.append(reason("INTERCOMPANY"))
    if facts.kind != "invoice" or not facts.is_open:
        out.append(reason("NOT_OPEN"))
    return out


def fee_rate(*, today: date, due: date, private: bool) -> Decimal:
    """Percent: 2.00 + 0.02 per day to the due date (never below 0 days), +0.50 private, max 4.00."""
    days = max(0, (due - today).days)
    rate = BASE_RATE + RATE_PER_DAY * days + (PRIVATE_SURCHARGE if private else Decimal(0))
    return min(rate, MAX_RATE)


@dataclass(frozen=True)
class Pricing:
    rate: Decimal  # percent
    fee: int
    payout: int


def price(total: int, *, today: date, due: date, private: bool) -> Pricing:
    rate = fee_rate(today=today, due=due, private=private)
    fee = round_ore(Decimal(total) * rate / 100)
    return Pricing(rate, fee, total - fee)


def effective_annual_cost(pricing: Pricing, *, today: date, due: date) -> Decimal:
    """The fee as a simple annual rate of the payout, percent with two decimals (1 day at least)."""
    days = max(1, (due - today).days)
    if pricing.payout <= 0:
        return Decimal(0)
    value = Decimal(pricing.fee) / Decimal(pricing.payout) * Decimal(365) / Decimal(days) * 100
    return value.quantize(Decimal("0.01"))


def private_decline(total: int, *, has_overdue: bool) -> Reason | None:
    """The sandbox's stricter control of private customers."""
    if has_overdue:
        return reason(
            "PARTNER_DECLINED",
            "the partner declined: the customer has an unpaid invoice past due with you",
        )
    if total > PRIVATE_MAX_TOTAL:
        return reason(
            "PARTNER_DECLINED",
            f"the partner declined: {to_display(total)} is above the "
            f"{to_display(PRIVATE_MAX_TOTAL)} limit for private customers",
        )
    return None


def payout_moment(accepted: datetime) -> datetime:
    """12:00 or 14:30 Oslo time on a business day; otherwise 12:00 on the next business day."""
    local = accepted.astimezone(OSLO)
    day = local.date()
    if is_business_day(day):
        if local.time() < FIRST_PAYOUT:
            return datetime.combine(day, FIRST_PAYOUT, OSLO)
        if local.time() < SECOND_PAYOUT:
            return datetime.combine(day, SECOND_PAYOUT, OSLO)
    return datetime.combine(next_business_day(day), FIRST_PAYOUT, OSLO)


def offer_expires(offered: datetime) -> datetime:
    """An offer is valid until the end of the (Oslo) day it was made."""
    day = offered.astimezone(OSLO).date() + timedelta(days=1)
    return datetime.combine(day, time(0, 0), OSLO)


def regress_amount(
    *, total: int, payout: int, fee: int, sale: date, due: date, credit: date
) -> int:
    """What the partner claims back when a sold invoice is credited in full after payout."""
    if credit > due:
        return total
    span = (due - sale).days
    since = max(0, (credit - sale).days)
    part = Decimal(fee) if span <= 0 else Decimal(fee) * since / span
    return min(total, payout + REGRESS_FIXED_FEE + round_ore(part))
