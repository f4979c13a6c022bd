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

from faktura_cli.domain.invoice import (
    LineFields,
    LineInput,
    Totals,
    compute_totals,
    line_net,
    line_vat,
    price_lines,
)
from faktura_cli.domain.money import round_fraction
from faktura_cli.domain.records import Company, Product
from faktura_cli.domain.vat import VatTreatment
from faktura_cli.errors import InvalidInput

UNITS = ("day", "week", "month", "quarter", "year")
MONTHS_PER_UNIT = {"month": 1, "quarter": 3, "year": 12}
FACTOR_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
CHANNELS = ("ehf", "vipps", "email", "print")
MAX_EVERY = {"day": 36_600, "week": 5_220, "month": 1_200, "quarter": 400, "year": 100}
MAX_PREP_DAYS = 365

# In a class with a field named `date`, later fields must name the type otherwise.
Day = date


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
        months = self.months
        assert months is not None  # every unit but day and week counts months
        return add_months(start, months * times)


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
    buyer_ref: str | None = None  # the buyer's references on its invoices (else the customer's)
    order_ref: str | None = None

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
    period_end: Day  # Dk+1 (exclusive)


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


def first_on_or_after(schedule: Schedule, day: date) -> Occurrence | None:
    """The schedule's first occurrence on or after `day`, or None when it ends before."""
    return next((o for o in _remaining(schedule) if o.date >= day), None)


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
    return Fraction(*_ratio(factor, interval, start, end))


def _ratio(factor: str, interval: Interval, start: date, end: date) -> tuple[int, int]:
    """price_ratio as (numerator, denominator), not necessarily in lowest terms."""
    if factor == "fixed":
        return 1, 1
    if factor == "weekly":
        return (end - start).days, 7
    factor_months = FACTOR_MONTHS[factor]
    months = interval.months
    if months is not None:
        return months, factor_months
    return (end - start).days, (add_months(start, factor_months) - start).days


def scaled_price(price: int, ratio: Fraction) -> int:
    """The scaled unit price, rounded half up to the øre once."""
    return round_fraction(price * ratio.numerator, ratio.denominator)


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


# ---------------------------------------------------------------- an occurrence's invoice lines


@dataclass(frozen=True)
class PricedLine:
    line: LineInput
    explanation: str


def _line_terms(
    sl: ScheduleLine, products: dict[str, Product], vat_registered: bool
) -> tuple[int, VatTreatment, str, str | None]:
    """A schedule line's base price, VAT treatment, text and unit, from it and its product."""
    product = products.get(sl.product) if sl.product else None
    base = product.price if sl.source == "product" and product else sl.price
    assert base is not None
    text = sl.text or (product.name if product else "")
    vat = line_vat(sl.vat, product, vat_registered=vat_registered, text=text)
    return base, vat, text, product.unit if product else None


def occurrence_lines(
    schedule: Schedule,
    occurrence: Occurrence,
    *,
    products: dict[str, Product],
    company: Company,
    first: bool,
) -> list[PricedLine]:
    """The invoice lines of one occurrence, with how each price was reached."""
    out: list[PricedLine] = []
    for sl in schedule.lines:
        base, vat, text, unit = _line_terms(sl, products, company.vat_registered)
        for period in billed_periods(schedule, occurrence, sl.factor, first=first):
            unit_price = scaled_price(base, period.ratio)
            shows_period = sl.factor != "fixed"
            out.append(
                PricedLine(
                    LineInput(
                        text=text,
                        qty=sl.qty,
                        unit_price=unit_price,
                        vat=vat,
                        discount=sl.discount,
                        product=sl.product,
                        unit=unit,
                        period_from=period.start if shows_period else None,
                        period_to=period.end - timedelta(days=1) if shows_period else None,
                    ),
                    f"{base / 100:.2f} × {period.explanation} = {unit_price / 100:.2f}",
                )
            )
    return out


def occurrence_totals(
    schedule: Schedule,
    occurrence: Occurrence,
    *,
    products: dict[str, Product],
    company: Company,
    first: bool,
) -> Totals:
    """The occurrence's invoice lines and totals: `compute_totals` of `occurrence_lines`.

    run-due prices every occurrence through here, so it makes one record per line (its Line)
    and works in integers: no LineInput, period or explanation per line. A first occurrence
    that bills back to an agreement date takes the general path.
    """
    start: date = occurrence.date
    end: date = occurrence.period_end
    agreed = schedule.agreement_date
    if first and agreed is not None and agreed != start:
        priced = occurrence_lines(
            schedule, occurrence, products=products, company=company, first=first
        )
        return compute_totals([p.line for p in priced])
    last = end - timedelta(days=1)
    fields: list[LineFields] = []
    nets: list[int] = []
    for sl in schedule.lines:
        base, vat, text, unit = _line_terms(sl, products, company.vat_registered)
        if sl.factor == "fixed":
            unit_price, period_from, period_to = base, None, None
        else:
            numerator, denominator = _ratio(sl.factor, schedule.interval, start, end)
            unit_price = round_fraction(base * numerator, denominator)
            period_from, period_to = start, last
        fields.append(
            (text, sl.qty, unit_price, vat, sl.discount, sl.product, unit, period_from, period_to)
        )
        nets.append(line_net(sl.qty, unit_price, sl.discount))
    return price_lines(fields, nets)


def occurrences_until(schedule: Schedule, last: date) -> list[Occurrence]:
    """The occurrences still to produce dated on or before `last` (also any not produced yet
    from before today), for a forecast of recurring income."""
    out = []
    for occurrence in _remaining(schedule):
        if occurrence.date > last:
            break
        out.append(occurrence)
    return out
