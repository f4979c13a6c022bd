"""The owner's overview (SPEC 16, `faktura report overview`): what it holds and its rules.

Pure records; the numbers come from the postings (revenue), the customer ledger (what is open,
by age), the schedules (recurring income ahead) and whatever awaits the owner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

RECURRING_DAYS = 30  # how far ahead the overview forecasts recurring income
REVENUE_ACCOUNTS = ("3000", "3999")  # NS 4102 class 3: sales and other operating income


@dataclass(frozen=True)
class MonthRevenue:
    month: date  # the first day of the month
    amount: int  # øre, revenue positive (the postings' credit turned)


@dataclass(frozen=True)
class AgeingBucket:
    bucket: str  # one of domain.reports.AGEING_BUCKETS
    amount: int
    items: int


@dataclass(frozen=True)
class RecurringIncome:
    date: date
    schedule: int
    customer: int
    customer_name: str
    kind: str  # invoice | order
    total: int  # incl. VAT, in NOK


@dataclass(frozen=True)
class Attention:
    """Something that waits for the owner: how many, how much, and the command that shows it."""

    kind: str  # failed_deliveries, held_invoices, overdue_invoices, unmatched_bank_entries, ...
    count: int
    one: str  # what it is, in Norwegian, for one: "leveranse feilet"
    many: str  # ... and for more: "leveranser feilet"
    command: str
    amount: int | None = None

    @property
    def text(self) -> str:
        """For people: '1 leveranse feilet', '3 leveranser feilet'."""
        return f"{self.count} {self.one if self.count == 1 else self.many}"


@dataclass(frozen=True)
class Overview:
    company: str
    year: int
    today: date
    revenue: tuple[MonthRevenue, ...]
    ageing: tuple[AgeingBucket, ...]
    recurring: tuple[RecurringIncome, ...]
    attention: tuple[Attention, ...]

    @property
    def revenue_total(self) -> int:
        return sum(m.amount for m in self.revenue)

    @property
    def open_total(self) -> int:
        return sum(b.amount for b in self.ageing)

    @property
    def recurring_total(self) -> int:
        return sum(r.total for r in self.recurring)

    @property
    def recurring_until(self) -> date:
        return recurring_window(self.today)


def recurring_window(today: date) -> date:
    """The last day of the forecast: today and the next 30 days."""
    return today + timedelta(days=RECURRING_DAYS)


def months_of(year: int, sums: dict[int, int]) -> tuple[MonthRevenue, ...]:
    """Twelve months, January first; `sums` holds the revenue accounts' posted sum per month
    number (credits negative), turned here into revenue."""
    return tuple(MonthRevenue(date(year, m, 1), -sums.get(m, 0)) for m in range(1, 13))
