"""Recurring invoices (seed 004, SPEC section 5): occurrence dates, price factors, agreement date.

Occurrence k is anchored to the first invoice date D0: Dk = D0 + k × interval, always computed
from D0 (never from D(k-1)), so a schedule on the 31st gives 31 Jan, 28 Feb, 31 Mar, 30 Apr.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from itertools import islice, takewhile

from faktura_cli.domain.money import round_ore
from faktura_cli.errors import InvalidInput

UNITS = ("day", "week", "month", "quarter", "year")
MONTHS_PER_UNIT = {"month": 1, "quarter": 3, "year": 12}
SOURCES = ("fixed", "product")
FACTORS = ("fixed", "weekly", "monthly", "quarterly", "yearly")
FACTOR_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
CHANNELS = ("ehf", "vipps", "email", "print")
MAX_EVERY = {"day": 36_600, "week": 5_220, "month": 1_200, "quarter": 400, "year": 100}
MAX_PREP_DAYS = 365


@dataclass(frozen=True)
class Interval:
    every: int
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise InvalidInput(f"unit {self.unit!r} is not known", hint=f"use {', '.join(UNITS)}")
        if self.every < 1:
            raise InvalidInput("--every must be at least 1")
        if self.every > MAX_EVERY[self.unit]:
            # No business bills less often, and dates far enough out leave the calendar:
            # one such schedule would stop every run-due, not just its own.
            raise InvalidInput(
                f"--every {self.every} {self.unit}s is more than a hundred years",
                hint=f"at most {MAX_EVERY[self.unit]} for --unit {self.unit}",
            )

    @property
    def months(self) -> int | None:
        """Whole months in the interval, or None for day and week intervals."""
        per = MONTHS_PER_UNIT.get(self.unit)
        return None if per is None else per * self.every

    def add(self, start: date, times: int) -> date:
        """start + times × interval; months clip to the month's end (31 Jan + 1 month = 28 Feb)."""
        if self.unit == "day":
            return start + timedelta(days=self.every * times)
        if self.unit == "week":
            return start + timedelta(weeks=self.every * times)
        return add_months(start, self.months * times)  # type: ignore[operator]

    def label(self) -> str:
        names = {
            "day": "day",
            "week": "week",
            "month": "month",
            "quarter": "quarter",
            "year": "year",
        }
        name = names[self.unit]
        return f"every {name}" if self.every == 1 else f"every {self.every} {name}s"


@lru_cache(maxsize=65536)
def add_months(start: date, months: int) -> date:
    """Month arithmetic with end-of-month clipping (pendulum's rules), as a plain date.

    Pure and called several times per occurrence, so it is cached; pendulum is imported only
    when dates are produced (it costs ~40 ms at start-up).
    """
    import pendulum

    moved = pendulum.Date(start.year, start.month, start.day).add(months=months)
    return date(moved.year, moved.month, moved.day)


@dataclass(frozen=True)
class ScheduleLine:
    text: str | None
    qty: Decimal
    product: str | None = None
    price: int | None = None  # øre; the stored price for source=fixed
    vat: str | None = None  # VAT code, else the product's, else 25
    discount: Decimal = Decimal(0)
    source: str = "fixed"
    factor: str = "fixed"


@dataclass(frozen=True)
class Schedule:
    id: int
    customer: int
    interval: Interval
    anchor: date  # D0 of the current grid
    produces: str = "invoice"
    prep_days: int = 0
    no_credit_days: bool = False
    agreement_date: date | None = None
    end_date: date | None = None
    max_count: int | None = None
    terms: int | None = None
    delivery: tuple[str, ...] | None = None  # a custom plan; None = the standard plan
    active: bool = True
    generation: int = 0
    next_index: int = 0
    produced: int = 0
    lines: tuple[ScheduleLine, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.prep_days > MAX_PREP_DAYS:
            raise InvalidInput(f"--prep-days must be at most {MAX_PREP_DAYS}")

    def occurrence_date(self, k: int) -> date:
        return self.interval.add(self.anchor, k)

    @property
    def next_date(self) -> date:
        return self.occurrence_date(self.next_index)


@dataclass(frozen=True)
class Occurrence:
    generation: int
    index: int
    date: date  # Dk: the invoice date
    period_end: date  # Dk+1 (exclusive)


def _remaining(schedule: Schedule) -> Iterator[Occurrence]:
    """Occurrences from the next one on, while within the end date (inclusive) and max count."""
    k, produced = schedule.next_index, schedule.produced
    day = schedule.occurrence_date(k)
    while schedule.max_count is None or produced < schedule.max_count:
        if schedule.end_date and day > schedule.end_date:
            return
        following = schedule.occurrence_date(k + 1)
        yield Occurrence(schedule.generation, k, day, following)
        k, day, produced = k + 1, following, produced + 1


def due_occurrences(
    schedule: Schedule, today: date, *, limit: int | None = None
) -> list[Occurrence]:
    """What a run on `today` must produce: Dk − prep_days ≤ today, within end date and max count.

    Oldest first: a run after a pause produces every missed occurrence with its own dates.
    """
    if not schedule.active:
        return []
    horizon = today + timedelta(days=schedule.prep_days)
    if schedule.occurrence_date(schedule.next_index) > horizon:
        return []
    due = takewhile(lambda o: o.date <= horizon, _remaining(schedule))
    return list(islice(due, limit))


def upcoming(schedule: Schedule, count: int) -> list[Occurrence]:
    """The next `count` occurrences the schedule will produce, whatever today is."""
    return list(islice(_remaining(schedule), count))


def first_index_on_or_after(schedule: Schedule, day: date) -> int:
    """The first grid index k (from next_index on) whose date is on or after `day`."""
    k = schedule.next_index
    while schedule.occurrence_date(k) < day:
        k += 1
    return k


# ---------------------------------------------------------------- prices


def price_ratio(factor: str, interval: Interval, start: date, end: date) -> Fraction:
    """How much of the factor's period the invoice period [start, end) is.

    fixed: 1. weekly: days ÷ 7. monthly/quarterly/yearly: months in the interval ÷ 1, 3, 12; for
    day and week intervals, by days: interval days ÷ days of the factor period starting at start.
    """
    if factor == "fixed":
        return Fraction(1)
    days = (end - start).days
    if factor == "weekly":
        return Fraction(days, 7)
    factor_months = FACTOR_MONTHS[factor]
    if interval.months is not None:
        return Fraction(interval.months, factor_months)
    return Fraction(days, (add_months(start, factor_months) - start).days)


def scaled_price(price: int, ratio: Fraction) -> int:
    """The scaled unit price, rounded half up to the øre once."""
    if ratio.denominator == 1:  # whole periods need no rounding
        return price * ratio.numerator
    return round_ore(Decimal(price * ratio.numerator) / Decimal(ratio.denominator))


@dataclass(frozen=True)
class PricedPeriod:
    """One line's share of an occurrence: the period it bills and how its price was reached."""

    start: date
    end: date  # exclusive
    ratio: Fraction
    explanation: str


def billed_periods(
    schedule: Schedule, occurrence: Occurrence, factor: str, *, first: bool
) -> list[PricedPeriod]:
    """The periods a line bills on this occurrence.

    Fixed lines bill the occurrence as it is. Non-fixed lines on the first occurrence follow the
    agreement date A: A < D0 also bills [A, D0), per interval period, prorated by days of the
    period each part falls in; A > D0 bills only [A, D1), prorated by days.
    """
    start, end = occurrence.date, occurrence.period_end
    full = price_ratio(factor, schedule.interval, start, end)
    if factor == "fixed":
        return [PricedPeriod(start, end, full, "fixed price")]
    agreed = schedule.agreement_date
    if not first or agreed is None or agreed == start:
        return [PricedPeriod(start, end, full, _explain(full, factor))]
    if agreed > start:
        part = Fraction((end - agreed).days, (end - start).days)
        return [
            PricedPeriod(
                agreed,
                end,
                full * part,
                f"{_explain(full, factor)} × {(end - agreed).days}/{(end - start).days} days",
            )
        ]
    periods: list[PricedPeriod] = []
    k = 0
    while True:
        k -= 1
        p_start, p_end = (
            schedule.interval.add(schedule.anchor, k),
            schedule.interval.add(schedule.anchor, k + 1),
        )
        ratio = price_ratio(factor, schedule.interval, p_start, p_end)
        from_day = max(agreed, p_start)
        days, period_days = (p_end - from_day).days, (p_end - p_start).days
        periods.append(
            PricedPeriod(
                from_day,
                p_end,
                ratio * Fraction(days, period_days),
                f"{_explain(ratio, factor)} × {days}/{period_days} days (back-billed)",
            )
        )
        if p_start <= agreed:
            break
    periods.reverse()
    periods.append(PricedPeriod(start, end, full, _explain(full, factor)))
    return periods


def _explain(ratio: Fraction, factor: str) -> str:
    return f"{factor} × {ratio}" if ratio != 1 else f"{factor} price"


def check_agreement_date(schedule: Schedule) -> None:
    if schedule.agreement_date and schedule.agreement_date >= schedule.occurrence_date(1):
        raise InvalidInput(
            f"the agreement date {schedule.agreement_date} is on or after the second invoice date "
            f"{schedule.occurrence_date(1)}",
            hint="move the first invoice date (--next-date) instead",
        )


def occurrences_until(schedule: Schedule, last: date) -> list[Occurrence]:
    """The occurrences still to produce dated on or before `last` (also any not produced yet
    from before today), for a forecast of recurring income."""
    out = []
    for occurrence in _remaining(schedule):
        if occurrence.date > last:
            break
        out.append(occurrence)
    return out
