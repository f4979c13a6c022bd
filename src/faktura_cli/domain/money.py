"""Money is integer øre. Parsing, formatting, rounding and allocation live here and nowhere else."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from faktura_cli.errors import InvalidInput

ONE_ORE = Decimal(1)
# SPEC §12 bounds. A unit price at most 999 999 999.99; a document's total and a payment at most
# 99 999 999 999.99 NOK (with at most MAX_LINES lines): 10^13 øre, so even a million such
# documents sum far below SQLite's 64-bit integers (9.2 * 10^18).
MAX_UNIT_PRICE = 99_999_999_999
MAX_AMOUNT = 9_999_999_999_999
MAX_LINES = 1_000
_SPACES = "\u0020\u00a0\u2009\u202f"  # space, no-break space, thin spaces
_NUMBER = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")  # ASCII digits only: '٣٣' is no amount
_GROUPED = re.compile(r"^[0-9]{1,3}(?:(?P<sep>[ .])[0-9]{3})(?:(?P=sep)[0-9]{3})*$")


def _decimals(value: Decimal) -> int:
    """How many decimals a finite number is written with ("1.50" has 2)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # the callers' patterns admit only finite numbers
    return max(0, -exponent)


def _normalise(text: str) -> str:
    """'1 234,50' / '1.234,50' / '1234.50' -> '1234.50', strictly (SPEC §12).

    The decimal separator is ',' or '.', with at most one of it. Thousands separators are
    spaces, or '.' when ',' is the decimal separator (also '1.234.567' with no decimals), and
    only between groups of three digits: '1.2.3', '1 23,5' and '12.34.56' are no amounts.
    Anything else is returned as it is, for the caller's pattern to refuse.
    """
    raw = text.strip().replace("\u2212", "-")
    for space in _SPACES[1:]:
        raw = raw.replace(space, " ")
    sign = raw[:1] if raw[:1] in "+-" else ""
    body = raw[len(sign) :]
    if "," in body:
        whole, _, decimals = body.rpartition(",")
        if "," in whole:
            return text
    elif body.count(".") == 1 and " " not in body:
        whole, _, decimals = body.partition(".")
    elif "." in body or " " in body:
        whole, decimals = body, ""  # '1 234', '1.234.567' or '1 234.50'
        if " " in body and body.count(".") == 1:
            whole, _, decimals = body.partition(".")
    else:
        return raw
    if not whole.isascii() or not (whole.isdigit() or _GROUPED.match(whole)):
        return text
    if decimals == "" and (body.endswith((",", ".")) or not whole):
        return text
    digits = whole.replace(" ", "").replace(".", "")
    return f"{sign}{digits}.{decimals}" if decimals else f"{sign}{digits}"


def parse_amount(
    text: str,
    *,
    what: str = "amount",
    allow_negative: bool = False,
    allow_zero: bool = True,
    maximum: int = MAX_AMOUNT,
) -> int:
    """Parse an amount as Norwegians type it into integer øre, refusing anything inexact."""
    raw = _normalise(str(text))
    if not _NUMBER.match(raw):
        raise InvalidInput(
            f"{what} {text!r} is not an amount", hint="write it like 1234,50 or 1 234.50"
        )
    value = Decimal(raw)
    if _decimals(value) > 2:
        raise InvalidInput(f"{what} {text!r} has more than two decimals")
    ore = int(value * 100)
    if ore < 0 and not allow_negative:
        raise InvalidInput(f"{what} {text!r} cannot be negative")
    if ore == 0 and not allow_zero:
        raise InvalidInput(f"{what} must be more than 0")
    if abs(ore) > maximum:
        raise InvalidInput(f"{what} {text!r} is too large", hint=f"at most {to_json(maximum)}")
    return ore


def parse_price(text: str, *, what: str = "price") -> int:
    """A unit price excluding VAT: an amount of at least 0 and at most 999 999 999.99."""
    return parse_amount(text, what=what, maximum=MAX_UNIT_PRICE)


def parse_decimal(
    text: str,
    *,
    what: str,
    max_decimals: int,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    exclusive_minimum: bool = False,
) -> Decimal:
    """A quantity, percentage or exchange rate: exact decimal, bounded."""
    raw = _normalise(str(text))
    if not _NUMBER.match(raw):
        raise InvalidInput(f"{what} {text!r} is not a number")
    try:
        value = Decimal(raw)
    except InvalidOperation:  # pragma: no cover - the pattern already guards this
        raise InvalidInput(f"{what} {text!r} is not a number") from None
    if _decimals(value) > max_decimals:
        raise InvalidInput(f"{what} {text!r} has more than {max_decimals} decimals")
    if minimum is not None:
        if exclusive_minimum and value <= minimum:
            raise InvalidInput(f"{what} must be more than {minimum}")
        if not exclusive_minimum and value < minimum:
            raise InvalidInput(f"{what} must be at least {minimum}")
    if maximum is not None and value > maximum:
        raise InvalidInput(f"{what} must be at most {maximum}")
    if value.is_zero():
        value = Decimal(0)
    return value.normalize() if value == value.to_integral() else value


def decimal_text(value: Decimal) -> str:
    """A quantity or percentage without exponent or trailing zeros: 10 -> '10', 7.50 -> '7.5'."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def round_ore(value: Decimal) -> int:
    """The one rounding rule: half up (away from zero) to the øre."""
    return int(value.quantize(ONE_ORE, rounding=ROUND_HALF_UP))


def round_fraction(numerator: int, denominator: int) -> int:
    """numerator / denominator øre by the one rounding rule (half away from zero), exactly.

    The same as `round_ore(Decimal(numerator) / denominator)` without Decimal's 28-digit
    context: pricing runs this per line, on integers only.
    """
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    if numerator >= 0:
        return (2 * numerator + denominator) // (2 * denominator)
    return -((denominator - 2 * numerator) // (2 * denominator))


def to_json(ore: int) -> str:
    """Amounts in JSON: a string with two decimals, e.g. '1200.00' or '-5.00'."""
    sign = "-" if ore < 0 else ""
    kroner, rest = divmod(abs(ore), 100)
    return f"{sign}{kroner}.{rest:02d}"


def to_display(ore: int, *, thousands: str = "\u00a0") -> str:
    """Amounts for people, Norwegian style: '1 234,50'."""
    sign = "-" if ore < 0 else ""
    kroner, rest = divmod(abs(ore), 100)
    return f"{sign}{kroner:,}".replace(",", thousands) + f",{rest:02d}"


def in_words(ore: int, currency: str = "NOK") -> str:
    """An amount in a message for people: '1 500,00 NOK' (SPEC 16: Norwegian number formats)."""
    return f"{to_display(ore, thousands=' ')} {currency}"


def from_json(text: str) -> int:
    """Inverse of to_json, for amounts read back from JSON files we wrote."""
    return parse_amount(text, allow_negative=True, maximum=2**63 - 1)


def allocate(total: int, weights: list[int]) -> list[int]:
    """Split `total` in proportion to `weights` by the largest-remainder method.

    The parts always add up to `total` exactly; ties go to the earlier weight.
    """
    basis = sum(weights)
    if not weights or basis == 0 or min(weights) < 0:
        raise ValueError("allocate needs non-negative weights with a positive sum")
    whole = abs(total)
    parts = [whole * w // basis for w in weights]
    short = whole - sum(parts)
    if short:
        remainders = [whole * w % basis for w in weights]
        # Largest remainders first; the sort is stable, so ties keep the earlier weight first.
        for i in sorted(range(len(weights)), key=remainders.__getitem__, reverse=True)[:short]:
            parts[i] += 1
    return parts if total >= 0 else [-part for part in parts]
