"""Dates as Norwegians type them, and the Norwegian business-day calendar."""

from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from faktura_cli.errors import InvalidInput

_ISO = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_NORWEGIAN = re.compile(r"^([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})$")


def parse_date(text: str, *, what: str = "date") -> date:
    """'2026-03-02' or '02.03.2026' -> date, between the years 1970 and 2199."""
    raw = str(text).strip()
    try:
        if _ISO.match(raw):
            parsed = date.fromisoformat(raw)
        elif match := _NORWEGIAN.match(raw):
            day, month, year = (int(g) for g in match.groups())
            parsed = date(year, month, day)
        else:
            parsed = None
    except ValueError:
        raise InvalidInput(f"{what} {text!r} is not a real date") from None
    if parsed is not None:
        if not 1970 <= parsed.year < 2200:
            raise InvalidInput(f"{what} {text!r} is out of range")
        return parsed
    raise InvalidInput(
        f"{what} {text!r} is not a date", hint="write it as 2026-03-02 or 02.03.2026"
    )


def check_span(since: date | None, until: date | None) -> None:
    """A list's `--from`/`--to`: the last day may not come before the first."""
    if since and until and until < since:
        raise InvalidInput(f"--to {until} is before --from {since}")


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    import holidays  # imported here: 70 ms that most commands never need

    days = set(holidays.country_holidays("NO", years=year))
    # Bank closing days: no payments are made on Christmas Eve and New Year's Eve.
    days.update({date(year, 12, 24), date(year, 12, 31)})
    return frozenset(days)


def is_business_day(day: date) -> bool:
    """Monday to Friday, except Norwegian public holidays and 24 and 31 December."""
    return day.weekday() < 5 and day not in _holidays(day.year)


def next_business_day(day: date) -> date:
    """The first business day strictly after `day`."""
    day += timedelta(days=1)
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def parse_terms(text: str | int) -> int:
    """Payment terms: the whole days from the invoice date to its due date, 0 to 365."""
    try:
        days = int(str(text).strip())
    except ValueError:
        raise InvalidInput(f"payment terms {text!r} is not a whole number of days") from None
    if not 0 <= days <= 365:
        raise InvalidInput(f"payment terms must be between 0 and 365 days, not {days}")
    return days


FIRST_YEAR, LAST_YEAR = 1970, 2100  # the years SAF-T's PeriodYear accepts


def parse_year(text: str | int, *, what: str = "year") -> int:
    raw = str(text).strip()
    if not raw.isdigit() or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        raise InvalidInput(f"{what} {text!r} is not a year", hint="write it as four digits")
    return int(raw)
