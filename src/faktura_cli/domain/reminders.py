"""Reminders (purring) per inkassoloven § 9 and inkassoforskriften, with late-payment interest
per forsinkelsesrenteloven. Pure rules over records; the clock and the rates are passed in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import pairwise

from faktura_cli.domain.money import round_ore
from faktura_cli.errors import InvalidInput

# Inkassoloven § 9: the debtor gets at least 14 days from the reminder to pay before the claim
# may go to collection.
MIN_DEADLINE_DAYS = 14
DEFAULT_REMIND_AFTER = 14  # days past due before the first reminder (company setting)
REMIND_INTERVAL = 14  # no invoice is reminded twice within this many days

# The legal maximum reminder fee (inkassoforskriften § 1-1: one twentieth of the inkassosats
# since 1 October 2020, one tenth before), with the date each amount took effect, in øre.
# The inkassosats has been NOK 700 since 2017. A newer amount is a new row here.
REMINDER_FEE_MAXIMUM: tuple[tuple[date, int], ...] = (
    (date(2017, 1, 1), 7000),
    (date(2020, 10, 1), 3500),
)

# Forsinkelsesrente (forsinkelsesrenteloven § 3: Norges Bank's policy rate on 1 December or
# 1 June + 8 points, fixed by the Ministry of Finance for the next half-year), percent a year.
# Shipped as the first rows of the books' interest_rates table; `faktura rates set` adds newer.
LATE_PAYMENT_RATES: tuple[tuple[date, Decimal], ...] = (
    (date(2020, 1, 1), Decimal("9.50")),
    (date(2020, 7, 1), Decimal("8.00")),
    (date(2021, 1, 1), Decimal("8.00")),
    (date(2021, 7, 1), Decimal("8.00")),
    (date(2022, 1, 1), Decimal("8.50")),
    (date(2022, 7, 1), Decimal("9.25")),
    (date(2023, 1, 1), Decimal("10.75")),
    (date(2023, 7, 1), Decimal("11.75")),
    (date(2024, 1, 1), Decimal("12.50")),
    (date(2024, 7, 1), Decimal("12.50")),
    (date(2025, 1, 1), Decimal("12.50")),
    (date(2025, 7, 1), Decimal("12.25")),
    (date(2026, 1, 1), Decimal("12.00")),
)

NOTICE = (
    "Dersom kravet ikke betales innen fristen, kan det bli sendt til inkasso, og du kan bli "
    "belastet utenrettslige inndrivingskostnader (inkassoloven § 9)."
)


def legal_maximum_fee(day: date) -> int:
    """The highest reminder fee the law allows on `day`, in øre."""
    allowed = [amount for start, amount in REMINDER_FEE_MAXIMUM if start <= day]
    return allowed[-1] if allowed else 0


def reminder_fee(setting: int | None, day: date) -> int:
    """The company's fee (default the legal maximum), never above the legal maximum."""
    maximum = legal_maximum_fee(day)
    return maximum if setting is None else min(setting, maximum)


def rate_period_start(day: date) -> date:
    """Rates are fixed per half-year, from 1 January and 1 July."""
    return date(day.year, 1 if day.month < 7 else 7, 1)


def check_rate(valid_from: date, rate: Decimal) -> None:
    if valid_from != rate_period_start(valid_from):
        raise InvalidInput(
            f"the late-payment interest rate is fixed per half-year: {valid_from} is not"
            " 1 January or 1 July"
        )
    if not Decimal(0) <= rate <= Decimal(100):
        raise InvalidInput(f"the rate {rate} % is not between 0 and 100")


@dataclass(frozen=True)
class RatePeriod:
    start: date  # first day of interest at this rate
    end: date  # last day, inclusive
    rate: Decimal  # percent a year
    base: int  # the overdue amount those days, øre


def interest(
    balances: Sequence[tuple[date, int]],
    rates: Sequence[tuple[date, Decimal]],
    start: date,
    end: date,
) -> tuple[int, tuple[RatePeriod, ...]]:
    """Late-payment interest for each day start..end (inclusive), actual/365, rounded once.

    `balances`: (from this day, the overdue amount) in date order: the invoice's open amount as
    payments and credits change it. `rates`: (valid from, percent a year), in date order.
    """
    if end < start:
        return 0, ()
    cuts = {start, end + timedelta(days=1)}
    cuts.update(d for d, _ in balances if start < d <= end)
    cuts.update(d for d, _ in rates if start < d <= end)
    edges = sorted(cuts)
    periods: list[RatePeriod] = []
    total = Decimal(0)
    for first, after in pairwise(edges):
        base = _at(balances, first, 0)
        rate = _at(rates, first, None)
        if rate is None:
            raise InvalidInput(
                f"there is no late-payment interest rate for {first}",
                hint="add it with `faktura rates set --from DATE --rate R`",
            )
        days = (after - first).days
        if base > 0 and rate > 0:
            total += Decimal(base) * rate / 100 * days / 365
        last = after - timedelta(days=1)
        if periods and periods[-1].rate == rate and periods[-1].base == base:
            periods[-1] = RatePeriod(periods[-1].start, last, rate, base)
        else:
            periods.append(RatePeriod(first, last, rate, base))
    return round_ore(total), tuple(periods)


def _at(series, day, default):  # type: ignore[no-untyped-def]
    found = default
    for start, value in series:
        if start <= day:
            found = value
        else:
            break
    return found


@dataclass(frozen=True)
class OpenInvoice:
    """An invoice as the reminder run sees it."""

    number: int
    customer: int
    date: dt.date
    due_date: dt.date
    currency: str
    principal: int  # the invoice's amount still open (payments settle it before charges)
    charges_open: int  # fees and interest of earlier reminders still open
    balances: tuple[tuple[dt.date, int], ...]  # the principal as it stood from each day
    sold: bool
    last_reminder: dt.date | None
    last_deadline: dt.date | None
    fee_charged: bool


def due_for_reminder(invoice: OpenInvoice, today: date, after_days: int) -> bool:
    """At least `after_days` past due, still owed, not reminded in the last 14 days and the
    last reminder's deadline passed; not sold (the partner chases it) and in NOK."""
    if invoice.principal <= 0 or invoice.sold or invoice.currency != "NOK":
        return False
    if today < invoice.due_date + timedelta(days=after_days):
        return False
    if invoice.last_reminder is not None:
        if today < invoice.last_reminder + timedelta(days=REMIND_INTERVAL):
            return False
        if invoice.last_deadline is not None and today <= invoice.last_deadline:
            return False
    return True


@dataclass(frozen=True)
class ReminderTerms:
    invoice: int
    customer: int
    date: dt.date
    due_date: dt.date
    principal: int
    earlier_charges: int
    fee: int
    interest: int
    interest_from: dt.date | None
    interest_to: dt.date | None
    periods: tuple[RatePeriod, ...]

    @property
    def total(self) -> int:
        """What the customer is asked to pay."""
        return self.principal + self.earlier_charges + self.fee + self.interest


def reminder_terms(
    invoice: OpenInvoice,
    today: date,
    *,
    fee_setting: int | None,
    rates: Sequence[tuple[date, Decimal]],
) -> ReminderTerms:
    """The fee (once per invoice), the interest since the due date or the last reminder, and a
    deadline of at least 14 days."""
    start = (invoice.last_reminder or invoice.due_date) + timedelta(days=1)
    amount, periods = interest(invoice.balances, rates, start, today)
    return ReminderTerms(
        invoice=invoice.number,
        customer=invoice.customer,
        date=today,
        due_date=today + timedelta(days=MIN_DEADLINE_DAYS),
        principal=invoice.principal,
        earlier_charges=invoice.charges_open,
        fee=0 if invoice.fee_charged else reminder_fee(fee_setting, today),
        interest=amount,
        interest_from=start if amount else None,
        interest_to=today if amount else None,
        periods=periods,
    )


@dataclass(frozen=True)
class Reminder:
    """A reminder as issued: the document the customer gets (purring / betalingsoppfordring)."""

    number: int
    invoice: int
    customer: int
    date: dt.date
    due_date: dt.date  # the new deadline
    kid: str
    principal: int
    earlier_charges: int
    fee: int
    interest: int
    interest_from: dt.date | None
    interest_to: dt.date | None
    periods: tuple[RatePeriod, ...]
    voucher: int | None
    seller: dict[str, object]
    buyer: dict[str, object]

    @property
    def total(self) -> int:
        return self.principal + self.earlier_charges + self.fee + self.interest


def principal_balances(
    movements: Sequence[tuple[date, int]], charges: Sequence[tuple[date, int]]
) -> tuple[tuple[date, int], ...]:
    """The invoice's own open amount as it stood from each day, for interest.

    `movements`: every posting on the invoice's open item (sale, credits, payments, reminder
    charges) as (date, øre); `charges`: the reminders' fees and interest among them. A payment
    on day d stops the interest from d + 1 (interest runs to the day of payment).
    """
    changes: dict[date, int] = {}
    for day, amount in movements:
        changes[day] = changes.get(day, 0) + amount
    charged: dict[date, int] = {}
    for day, amount in charges:
        charged[day] = charged.get(day, 0) + amount
    out: list[tuple[date, int]] = []
    balance = charge_total = 0
    for day in sorted(changes.keys() | charged.keys()):
        balance += changes.get(day, 0)
        charge_total += charged.get(day, 0)
        principal = principal_and_charges(balance, charge_total)[0]
        if not out or out[-1][1] != principal:
            out.append((day + timedelta(days=1), principal))
    return tuple(out)


def principal_and_charges(open_balance: int, charges: int) -> tuple[int, int]:
    """Split an open item into the invoice's part and the reminders' part: payments settle the
    invoice first, then fees and interest (SPEC 14)."""
    if open_balance <= 0:
        return open_balance, 0
    charges_open = min(charges, open_balance)
    return open_balance - charges_open, charges_open
