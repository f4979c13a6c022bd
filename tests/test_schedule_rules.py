"""The occurrence and pricing rules of SPEC section 5, as pure functions."""

import itertools
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura_cli.domain.schedule import (
    Interval,
    Occurrence,
    Schedule,
    ScheduleLine,
    billed_periods,
    check_agreement_date,
    due_occurrences,
    first_index_on_or_after,
    price_ratio,
    scaled_price,
)
from faktura_cli.errors import InvalidInput


def schedule(anchor: date, every: int = 1, unit: str = "month", **kw) -> Schedule:  # type: ignore[no-untyped-def]
    return Schedule(
        id=1,
        customer=1,
        interval=Interval(every, unit),
        anchor=anchor,
        lines=(ScheduleLine(text="x", qty=Decimal(1), price=120000),),
        **kw,
    )


@pytest.mark.parametrize(
    ("anchor", "every", "unit", "dates"),
    [
        (
            date(2026, 1, 31),
            1,
            "month",
            [date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)],
        ),
        (
            date(2024, 1, 31),
            1,
            "month",
            [date(2024, 1, 31), date(2024, 2, 29), date(2024, 3, 31), date(2024, 4, 30)],
        ),
        (
            date(2026, 1, 30),
            1,
            "month",
            [date(2026, 1, 30), date(2026, 2, 28), date(2026, 3, 30), date(2026, 4, 30)],
        ),
        (
            date(2026, 1, 1),
            2,
            "week",
            [date(2026, 1, 1), date(2026, 1, 15), date(2026, 1, 29), date(2026, 2, 12)],
        ),
        (
            date(2026, 1, 1),
            10,
            "day",
            [date(2026, 1, 1), date(2026, 1, 11), date(2026, 1, 21), date(2026, 1, 31)],
        ),
        (
            date(2025, 11, 30),
            1,
            "quarter",
            [date(2025, 11, 30), date(2026, 2, 28), date(2026, 5, 30), date(2026, 8, 30)],
        ),
        (
            date(2024, 2, 29),
            1,
            "year",
            [date(2024, 2, 29), date(2025, 2, 28), date(2026, 2, 28), date(2027, 2, 28)],
        ),
    ],
)
def test_occurrences_are_anchored_to_the_first_date(
    anchor: date, every: int, unit: str, dates: list[date]
) -> None:
    s = schedule(anchor, every, unit)
    assert [s.occurrence_date(k) for k in range(4)] == dates


@pytest.mark.parametrize(
    ("unit", "factor", "price"),
    [
        # The seed's example, product price 1200.00.
        ("month", "fixed", 120000),
        ("month", "monthly", 120000),
        ("month", "quarterly", 40000),
        ("month", "yearly", 10000),
        ("quarter", "fixed", 120000),
        ("quarter", "monthly", 360000),
        ("quarter", "quarterly", 120000),
        ("quarter", "yearly", 30000),
        ("year", "monthly", 1440000),
        ("year", "quarterly", 480000),
    ],
)
def test_price_factor_examples(unit: str, factor: str, price: int) -> None:
    s = schedule(date(2026, 3, 1), 1, unit)
    occ = Occurrence(0, 0, s.occurrence_date(0), s.occurrence_date(1))
    [period] = billed_periods(s, occ, factor, first=True)
    assert scaled_price(120000, period.ratio) == price


@pytest.mark.parametrize(
    ("every", "unit", "factor", "start", "ratio"),
    [
        (1, "week", "weekly", date(2026, 3, 2), Fraction(1)),
        (2, "week", "weekly", date(2026, 3, 2), Fraction(2)),
        (1, "month", "weekly", date(2026, 3, 1), Fraction(31, 7)),  # March: 31 days
        (1, "month", "weekly", date(2026, 2, 1), Fraction(4)),  # February: 28 days
        (1, "week", "monthly", date(2026, 3, 2), Fraction(7, 31)),  # factor period 2 Mar – 2 Apr
        (2, "week", "yearly", date(2026, 3, 2), Fraction(14, 365)),
        (10, "day", "monthly", date(2026, 2, 1), Fraction(10, 28)),
    ],
)
def test_mixed_intervals_and_factors_go_by_days(
    every: int, unit: str, factor: str, start: date, ratio: Fraction
) -> None:
    interval = Interval(every, unit)
    assert price_ratio(factor, interval, start, interval.add(start, 1)) == ratio


def test_scaled_unit_price_is_rounded_once_half_up() -> None:
    assert scaled_price(100000, Fraction(1, 3)) == 33333  # 333.333... -> 333.33
    assert scaled_price(100, Fraction(1, 8)) == 13  # 12.5 øre -> 13


@pytest.mark.parametrize(
    ("agreed", "periods"),
    [
        # The spec's examples: monthly, D0 = 2026-03-01, monthly factor, price 1200.
        (
            date(2026, 2, 15),
            [
                (date(2026, 2, 15), date(2026, 3, 1), 60000),
                (date(2026, 3, 1), date(2026, 4, 1), 120000),
            ],
        ),
        (date(2026, 3, 11), [(date(2026, 3, 11), date(2026, 4, 1), 81290)]),
        (date(2026, 3, 1), [(date(2026, 3, 1), date(2026, 4, 1), 120000)]),
        # Two months back: January is billed from the 20th (12/31), February in full.
        (
            date(2026, 1, 20),
            [
                (date(2026, 1, 20), date(2026, 2, 1), 46452),
                (date(2026, 2, 1), date(2026, 3, 1), 120000),
                (date(2026, 3, 1), date(2026, 4, 1), 120000),
            ],
        ),
    ],
)
def test_agreement_date_on_the_first_occurrence(
    agreed: date, periods: list[tuple[date, date, int]]
) -> None:
    s = schedule(date(2026, 3, 1), agreement_date=agreed)
    occ = Occurrence(0, 0, date(2026, 3, 1), date(2026, 4, 1))
    got = [
        (p.start, p.end, scaled_price(120000, p.ratio))
        for p in billed_periods(s, occ, "monthly", first=True)
    ]
    assert got == periods
    # Fixed lines and later occurrences ignore the agreement date.
    assert len(billed_periods(s, occ, "fixed", first=True)) == 1
    later = Occurrence(0, 1, date(2026, 4, 1), date(2026, 5, 1))
    assert [
        scaled_price(120000, p.ratio) for p in billed_periods(s, later, "monthly", first=False)
    ] == [120000]


def test_agreement_date_on_or_after_the_second_occurrence_is_refused() -> None:
    check_agreement_date(schedule(date(2026, 3, 1), agreement_date=date(2026, 3, 31)))
    with pytest.raises(InvalidInput, match="on or after the second invoice date 2026-04-01"):
        check_agreement_date(schedule(date(2026, 3, 1), agreement_date=date(2026, 4, 1)))


@pytest.mark.parametrize(
    ("today", "prep", "expected"),
    [
        (date(2026, 2, 28), 0, []),
        (date(2026, 3, 1), 0, [date(2026, 3, 1)]),
        (date(2026, 2, 15), 14, [date(2026, 3, 1)]),  # klargjøringsdager: 14 days before
        (date(2026, 2, 14), 14, []),
        (
            date(2026, 5, 2),
            0,
            [date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)],
        ),  # catch-up, oldest first
    ],
)
def test_when_occurrences_fall_due(today: date, prep: int, expected: list[date]) -> None:
    s = schedule(date(2026, 3, 1), prep_days=prep)
    assert [o.date for o in due_occurrences(s, today)] == expected


def test_end_date_is_inclusive_and_max_count_counts_what_was_produced() -> None:
    s = schedule(date(2026, 1, 31), end_date=date(2026, 3, 31))
    assert [o.date for o in due_occurrences(s, date(2026, 12, 31))] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
    ]
    s = schedule(date(2026, 1, 1), max_count=3, produced=1, next_index=1)
    assert [o.date for o in due_occurrences(s, date(2026, 12, 31))] == [
        date(2026, 2, 1),
        date(2026, 3, 1),
    ]
    assert due_occurrences(schedule(date(2026, 1, 1), active=False), date(2026, 12, 31)) == []


def test_activation_skips_what_fell_before_it() -> None:
    s = schedule(date(2026, 1, 31))
    k = first_index_on_or_after(s, date(2026, 4, 15))
    assert s.occurrence_date(k) == date(2026, 4, 30)  # the anchor's day survives the pause


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
    st.integers(min_value=1, max_value=12),
    st.sampled_from(["day", "week", "month", "quarter", "year"]),
    st.integers(min_value=1, max_value=40),
)
def test_occurrences_strictly_increase_and_never_drift(
    anchor: date, every: int, unit: str, k: int
) -> None:
    s = schedule(anchor, every, unit)
    dates = [s.occurrence_date(i) for i in range(k + 1)]
    assert all(a < b for a, b in itertools.pairwise(dates))
    if unit in ("month", "quarter", "year"):
        # Computed from D0 each time: the day of month only moves down to fit a short month.
        assert all(d.day == min(anchor.day, _days_in_month(d)) for d in dates)


def _days_in_month(d: date) -> int:
    import calendar

    return calendar.monthrange(d.year, d.month)[1]
