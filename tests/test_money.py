from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from faktura_cli.domain.money import (
    MAX_AMOUNT,
    MAX_UNIT_PRICE,
    allocate,
    parse_amount,
    parse_decimal,
    parse_price,
    round_ore,
    to_display,
    to_json,
)
from faktura_cli.errors import InvalidInput


@pytest.mark.parametrize(
    ("typed", "ore"),
    [
        ("1234", 123400),
        ("1234.50", 123450),
        ("1 234,50", 123450),
        ("1\u00a0234,5", 123450),
        ("1.234,50", 123450),
        ("1.234.567", 123456700),
        ("1 250,50", 125050),
        ("1 234 567,89", 123456789),
        ("999 999 999,99", 99999999999),
        ("0,01", 1),
        ("0", 0),
        ("  42 ", 4200),
    ],
)
def test_amounts_are_parsed_as_norwegians_type_them(typed: str, ore: int) -> None:
    assert parse_amount(typed) == ore


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", "is not an amount"),
        ("inf", "is not an amount"),
        ("1e309", "is not an amount"),
        ("12,345", "more than two decimals"),
        ("1.234", "more than two decimals"),
        ("-5", "cannot be negative"),
        ("", "is not an amount"),
        ("12 kr", "is not an amount"),
        ("99999999999999", "too large"),
        # SPEC §12: thousands separators only between groups of three; ',' is no thousands sep.
        ("1.2.3", "is not an amount"),
        ("1 23,5", "is not an amount"),
        ("12.34.56", "is not an amount"),
        ("1,234.50", "is not an amount"),
        ("1 2345", "is not an amount"),
        ("1  250", "is not an amount"),
        ("1,2,3", "is not an amount"),
        ("12,", "is not an amount"),
        ("100 000 000 000,00", "too large"),
    ],
)
def test_inexact_or_senseless_amounts_are_refused(typed: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        parse_amount(typed)


def test_bounds_of_prices_and_amounts() -> None:
    """SPEC §12: a unit price at most 999 999 999.99; a payment or total 99 999 999 999.99."""
    assert parse_price("999 999 999,99") == MAX_UNIT_PRICE
    with pytest.raises(InvalidInput, match="too large"):
        parse_price("1 000 000 000")
    assert parse_amount("99 999 999 999,99") == MAX_AMOUNT
    with pytest.raises(InvalidInput, match="too large"):
        parse_amount("100 000 000 000")


def test_zero_is_refused_where_asked() -> None:
    with pytest.raises(InvalidInput, match="more than 0"):
        parse_amount("0,00", allow_zero=False)


def test_negative_allowed_where_asked() -> None:
    assert parse_amount("-12,50", allow_negative=True) == -1250


@pytest.mark.parametrize(
    ("value", "ore"),
    [("0.5", 1), ("1.49", 1), ("2.5", 3), ("-0.5", -1), ("-2.5", -3), ("1234.4999", 1234)],
)
def test_rounding_is_half_up_away_from_zero(value: str, ore: int) -> None:
    assert round_ore(Decimal(value)) == ore


@pytest.mark.parametrize(
    ("ore", "json", "display"),
    [
        (120000, "1200.00", "1 200,00"),
        (-500, "-5.00", "-5,00"),
        (7, "0.07", "0,07"),
        (0, "0.00", "0,00"),
    ],
)
def test_formatting(ore: int, json: str, display: str) -> None:
    assert to_json(ore) == json
    assert to_display(ore, thousands=" ") == display


def test_quantities_and_percentages() -> None:
    assert parse_decimal("7,5", what="qty", max_decimals=4) == Decimal("7.5")
    with pytest.raises(InvalidInput, match="more than 4 decimals"):
        parse_decimal("1.23456", what="qty", max_decimals=4)
    with pytest.raises(InvalidInput, match="at most 100"):
        parse_decimal("101", what="discount", max_decimals=2, maximum=Decimal(100))


def test_allocation_example() -> None:
    # 100 øre over three equal weights: the remainder goes to the first.
    assert allocate(100, [1, 1, 1]) == [34, 33, 33]
    assert allocate(-100, [1, 1, 1]) == [-34, -33, -33]


@given(
    total=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=8).filter(
        lambda w: sum(w) > 0
    ),
)
def test_allocation_always_adds_up_and_stays_within_one_ore(total: int, weights: list[int]) -> None:
    parts = allocate(total, weights)
    assert sum(parts) == total
    for part, weight in zip(parts, weights, strict=True):
        exact = Decimal(total) * weight / sum(weights)
        assert abs(Decimal(part) - exact) < 1


@given(st.integers(min_value=-MAX_AMOUNT, max_value=MAX_AMOUNT))
def test_json_amounts_round_trip(ore: int) -> None:
    assert parse_amount(to_json(ore), allow_negative=True) == ore
